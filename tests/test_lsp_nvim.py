"""The Neovim set-up of docs/editors.md, run headless against ``factlint lsp`` (skipped
without ``nvim``). The snippet for the installed Neovim is taken from the docs as written;
only the command is pointed at this checkout's interpreter."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

pytest.importorskip("pygls")
NVIM = shutil.which("nvim")
pytestmark = pytest.mark.skipif(NVIM is None, reason="nvim is not installed")

DOCS = Path(__file__).resolve().parents[1] / "docs" / "editors.md"


def _version() -> tuple[int, int]:
    assert NVIM is not None
    out = subprocess.run([NVIM, "--version"], capture_output=True, text=True, timeout=30)
    m = re.search(r"NVIM v(\d+)\.(\d+)", out.stdout)
    assert m is not None, out.stdout
    return int(m.group(1)), int(m.group(2))


def _snippet(version: tuple[int, int]) -> str:
    """The docs' Lua block for this Neovim: 0.11+, 0.8-0.10 or 0.7, in that order."""
    blocks = re.findall(r"```lua\n(.*?)```", DOCS.read_text(encoding="utf-8"), re.DOTALL)
    assert len(blocks) == 3
    if version >= (0, 11):
        return blocks[0]
    if version >= (0, 8):
        return blocks[1]
    return blocks[2]


def test_documented_neovim_config_gets_diagnostics(tmp_path: Path) -> None:
    assert NVIM is not None
    snippet = _snippet(_version())
    command = "{ " + ", ".join(json.dumps(a) for a in (sys.executable, "-m", "factlint",
                                                        "lsp")) + " }"
    assert "{ 'factlint', 'lsp' }" in snippet
    init = tmp_path / "init.lua"
    init.write_text(snippet.replace("{ 'factlint', 'lsp' }", command), encoding="utf-8")
    (tmp_path / ".factlint.yaml").write_text("select: [FL101]\n", encoding="utf-8")
    article = tmp_path / "post.md"
    article.write_text("# Harbor\n\n## 🚀 Plot\n\nOne.\n\n## 🚀 Plot\n\nTwo.\n",
                       encoding="utf-8")
    out = tmp_path / "diagnostics.json"
    wait = (
        "lua vim.wait(90000, function() return #vim.diagnostic.get(0) > 0 end, 100); "
        "local d = vim.diagnostic.get(0); "
        f"local f = io.open({json.dumps(str(out))}, 'w'); "
        "f:write(vim.fn.json_encode(d)); f:close()"
    )
    proc = subprocess.run(
        [NVIM, "--headless", "-n", "-i", "NONE", "-u", str(init), str(article),
         "-c", wait, "-c", "qa!"],
        cwd=tmp_path, capture_output=True, text=True, timeout=180,
        env={"HOME": str(tmp_path), "PATH": "/usr/bin:/bin", "XDG_CONFIG_HOME": str(tmp_path),
             "XDG_DATA_HOME": str(tmp_path), "XDG_STATE_HOME": str(tmp_path)},
    )
    assert out.exists(), proc.stderr
    diagnostics = json.loads(out.read_text(encoding="utf-8"))
    assert [(d["lnum"], d["col"], d["end_lnum"], d["end_col"], d["source"])
            for d in diagnostics] == [(6, 3, 6, 12, "factlint")]  # byte columns: 🚀 is 4
    assert "repeats the heading on line 3" in diagnostics[0]["message"]
