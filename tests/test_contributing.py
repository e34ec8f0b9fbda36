"""The worked example of docs/contributing.md works as written.

The page shows every file of a new rule that needs pack data (module, pack, fixture,
expected findings) and what the run prints. This test takes those files from the page,
adds them to a scratch copy of the built-in packs in a separate process (the example is
not shipped, so it must not register in this one), and checks the fixture's findings,
the printed output, the generated reference and the option validation.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

from tests.conftest import REPO

PAGE = REPO / "docs" / "contributing.md"

SCRIPT = textwrap.dedent('''
    import json, sys
    from pathlib import Path
    import click.testing, yaml
    import factlint.packs as packs
    from factlint import cli, docs, registry
    from factlint.config import Config
    from factlint.engine import Engine
    from factlint.errors import ConfigError

    root = Path.cwd()
    files = json.loads(Path("files.json").read_text())
    packs.builtin_pack_dir = lambda: root / "rules"   # the scratch copy, with the new pack
    registry.load_builtin_rules()
    module = next(p for p in files if p.startswith("src/factlint/rules/"))
    code = compile(Path(module).read_text(), module, "exec")
    exec(code, {"__name__": "factlint.rules." + Path(module).stem})
    case = Path(next(p for p in files if p.endswith(".expected.yaml")))
    data = yaml.safe_load(case.read_text())
    engine = Engine(Config(select=data["select"]))
    result = engine.run(engine.expand([str(case.parent / data["article"])])[0])
    found = [f"{f.rule} {f.line}:{f.column}" for f in result.findings]
    try:
        Engine(Config(rule_options={data["select"][0]: {"max_per_block": "one"}}))
        rejected = ""
    except ConfigError as exc:
        rejected = str(exc)
    runner = click.testing.CliRunner()
    printed = runner.invoke(cli.cli, ["check", "--isolated", "--no-cache", "--select",
                                      data["select"][0], str(case.parent / data["article"])])
    print(json.dumps({"found": found, "expected": data["findings"], "errors": result.errors,
                      "rejected": rejected, "printed": printed.output,
                      "reference": docs.rules_markdown(registry.all_rules())}))
''')


def _page_files() -> dict[str, str]:
    """``path -> content`` for each "`path`:" line followed by a fenced block."""
    text = PAGE.read_text(encoding="utf-8")
    found = re.findall(r"`([\w./-]+\.(?:py|ya?ml|md))`:\n\n```\w*\n(.*?)```", text, re.DOTALL)
    return dict(found)


def _printed_block() -> str:
    text = PAGE.read_text(encoding="utf-8")
    match = re.search(r"\nprints\n\n```\n(.*?)```", text, re.DOTALL)
    assert match, "the worked example shows no output"
    return match.group(1)


def test_the_worked_example_shows_every_file_it_needs() -> None:
    files = _page_files()
    assert sorted(Path(p).suffix for p in files) == [".md", ".py", ".yaml", ".yaml"]
    assert any(p.startswith("rules/") for p in files)
    assert any(p.startswith("fixtures/cases/") and p.endswith(".expected.yaml") for p in files)


def test_the_worked_example_works_as_written(tmp_path: Path) -> None:
    files = _page_files()
    shutil.copytree(REPO / "rules", tmp_path / "rules")
    for rel, content in files.items():
        target = tmp_path / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(content, encoding="utf-8")
    (tmp_path / "files.json").write_text(json.dumps(sorted(files)), encoding="utf-8")
    proc = subprocess.run([sys.executable, "-c", SCRIPT], cwd=tmp_path, capture_output=True,
                          text=True, timeout=600)
    assert proc.returncode == 0, proc.stderr
    out = json.loads(proc.stdout)
    assert out["errors"] == []
    assert out["found"] == out["expected"] and out["found"]
    assert out["printed"] == _printed_block()
    assert "option 'max_per_block' of FL507 must be int, not str" in out["rejected"]
    assert "\n## FL507 stock-phrase\n" in out["reference"]
    assert "| `max_per_block` | `0` | int |" in out["reference"]
