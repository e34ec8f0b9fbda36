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


def _vscode_section() -> str:
    docs = DOCS.read_text(encoding="utf-8")
    return docs[docs.index("## VS Code\n"):docs.index("## Neovim\n")]


def test_docs_set_up_is_what_the_verification_script_runs() -> None:
    # docs/editors.md's VS Code steps are the ones scripts/verify_vscode.sh follows (it is
    # run by hand: it downloads code-server); a step changed on one side shows here.
    section = _vscode_section()
    script = (EXTENSION.parents[1] / "scripts" / "verify_vscode.sh").read_text(encoding="utf-8")
    [shell] = re.findall(r"```sh\n(.*?)```", section, re.DOTALL)
    [settings] = re.findall(r"```json\n(.*?)```", section, re.DOTALL)
    steps = [line.split("#")[0].strip() for line in shell.splitlines()]
    assert "python3 -m venv .venv" in steps and '"$PYTHON" -m venv "$WS/.venv"' in script
    assert ".venv/bin/pip install 'factlint[lsp]'" in steps
    assert '"$WS/.venv/bin/pip" install -q "$REPO[lsp]"' in script
    for step in ("npm ci", "npx vsce package --skip-license --allow-missing-repository"):
        assert step in steps and step in script, step
    assert "code --install-extension factlint-0.2.0.vsix" in steps
    assert "--install-extension \"$VSIX\"" in script
    written = re.search(r'cat > "\$WS/\.vscode/settings\.json" <<\'EOF\'\n(.*?)\nEOF', script,
                        re.DOTALL)
    assert written is not None
    assert json.loads(written.group(1)) == json.loads(settings)


def test_extension_version_is_factlint_version() -> None:
    import tomllib

    manifest = json.loads((EXTENSION / "package.json").read_text(encoding="utf-8"))
    project = tomllib.loads((EXTENSION.parents[1] / "pyproject.toml").read_text(encoding="utf-8"))
    assert manifest["version"] == project["project"]["version"]
    assert f"factlint-{manifest['version']}.vsix" in _vscode_section()
