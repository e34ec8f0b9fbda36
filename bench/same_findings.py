"""The findings of every fixture and of the varied bench corpus, as one JSON file.

    .venv/bin/python bench/same_findings.py OUT.json [--articles 100] [--python PY]

For a change that must not change any finding (a faster parse, a shared matcher pass),
run this before and after and compare the two files byte for byte (``cmp``). It runs
``factlint check --format json --isolated --no-cache`` with every rule over

* every fixture article (``fixtures/**/*.md``, ``*.txt``), grouped by the reference
  file its case names (``facts:`` in its ``*.expected.yaml``), those without one alone;
* the seed articles (``../shared/seed/*.txt``, when present) with the [Oshi no Ko]
  reference;
* the varied synthetic corpus of ``bench/_varied.py`` with its reference file,

and writes each run's JSON output in that order. ``--python`` runs another checkout's
code (``PYTHONPATH=/elsewhere/src`` with this interpreter, or another venv).
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
from pathlib import Path

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _varied import write_varied

ROOT = Path(__file__).resolve().parents[1]


def fixture_groups() -> dict[str, list[str]]:
    """Reference file (or "") -> the fixture articles checked with it."""
    groups: dict[str, list[str]] = {}
    for path in sorted(ROOT.glob("fixtures/**/*")):
        if path.suffix not in (".md", ".txt") or not path.is_file():
            continue
        facts = ""
        expected = path.with_name(path.stem + ".expected.yaml")
        if expected.exists():
            spec = yaml.safe_load(expected.read_text(encoding="utf-8")) or {}
            named = spec.get("facts") if isinstance(spec, dict) else None
            if named:
                facts = str((path.parent / named[0]).resolve())
        groups.setdefault(facts, []).append(str(path))
    return groups


def run(python: str, files: list[str], facts: str) -> str:
    cmd = [python, "-m", "factlint", "check", "--format", "json", "--isolated", "--no-cache",
           "--jobs", "1"]
    if facts:
        cmd += ["--facts", facts]
    proc = subprocess.run([*cmd, *files], capture_output=True, text=True, check=False,
                          cwd=ROOT)
    if proc.returncode not in (0, 1):
        raise SystemExit(f"factlint failed ({proc.returncode}): {proc.stderr[-2000:]}")
    return proc.stdout


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--articles", type=int, default=100)
    parser.add_argument("--words", type=int, default=1000)
    parser.add_argument("--python", default=sys.executable)
    args = parser.parse_args(argv)
    outputs: list[str] = []
    for facts, files in fixture_groups().items():
        outputs.append(run(args.python, files, facts))
    seed = sorted(str(p) for p in (ROOT.parent / "shared" / "seed").glob("*.txt"))
    seed = seed or sorted(str(p) for p in Path("/work/shared/seed").glob("*.txt"))
    if seed:
        outputs.append(run(args.python, seed, str(ROOT / "fixtures" / "oshi-no-ko.facts.yaml")))
    with tempfile.TemporaryDirectory(prefix="factlint-same-") as tmp:
        corpus = Path(tmp) / "corpus"
        write_varied(corpus, args.articles, args.words)
        files = sorted(str(p) for p in corpus.iterdir() if p.name != "facts.yaml")
        text = run(args.python, files, str(corpus / "facts.yaml"))
        outputs.append(text.replace(tmp, "<corpus>"))
    args.out.write_text("\n".join(outputs), encoding="utf-8")
    found = sum(o.count('"rule"') for o in outputs)
    print(f"{args.out}: {found} findings")


if __name__ == "__main__":
    main()
