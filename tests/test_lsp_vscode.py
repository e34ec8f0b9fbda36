"""The VS Code extension (editors/vscode/): its own node tests (server command resolution,
initialization options, the manifest's contributions) under node's built-in test runner,
and the manifest checked against what the server and docs/editors.md say. No network,
no VS Code: the end-to-end check in code-server is scripts/verify_vscode.sh."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest

EXTENSION = Path(__file__).resolve().parents[1] / "editors" / "vscode"
DOCS = Path(__file__).resolve().parents[1] / "docs" / "editors.md"
NODE = shutil.which("node")


@pytest.mark.skipif(NODE is None, reason="node is not installed")
def test_extension_node_tests_pass() -> None:
    assert NODE is not None
    proc = subprocess.run([NODE, "--test", "test/"], cwd=EXTENSION, capture_output=True,
                          text=True, timeout=120)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    passed = re.search(r"^# pass (\d+)$", proc.stdout, re.M)
    assert passed is not None and int(passed.group(1)) >= 7, proc.stdout


def test_manifest_matches_the_server_and_the_docs() -> None:
    manifest = json.loads((EXTENSION / "package.json").read_text(encoding="utf-8"))
    props = manifest["contributes"]["configuration"]["properties"]
    assert props["factlint.server.command"]["default"] == ["factlint", "lsp"]
    docs = DOCS.read_text(encoding="utf-8")
    for key in props:  # every setting is documented
        assert f"`{key}`" in docs, key
    # The languages the extension activates on are the ones the server checks.
    pytest.importorskip("pygls")
    from factlint.lsp.server import LANGUAGES

    languages = {event.split(":", 1)[1] for event in manifest["activationEvents"]}
    assert languages <= LANGUAGES
    assert (EXTENSION / manifest["main"]).is_file()
    ignored = (EXTENSION / ".gitignore").read_text(encoding="utf-8").split()
    assert "node_modules/" in ignored and "*.vsix" in ignored
