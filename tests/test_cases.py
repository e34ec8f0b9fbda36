"""Fixture-driven rule tests: every ``fixtures/cases/**/*.expected.yaml`` is one case.

A case file names its article, the rules it exercises and the exact findings::

    article: positive-duplicate.md   # relative to the case file
    select: [FL101]                   # rules under test; only their findings are compared
    facts: [oshi.facts.yaml]          # optional reference files, relative to the case file
    options: {FL202: {threshold: 0.6}}  # optional per-rule options
    others: [original.md]             # optional: more articles in the same run (FL206)
    wordnet: true                     # optional: skipped without factlint[synonyms]
    findings:                         # exactly these, in output order: "CODE line:column"
      - FL101 7:1

An empty ``findings`` list means the rules must stay silent on the article.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from factlint.config import Config
from factlint.engine import Engine
from tests.conftest import FIXTURES, REPO

CASES = sorted((FIXTURES / "cases").rglob("*.expected.yaml"))


def _load(case: Path) -> dict[str, Any]:
    data = yaml.safe_load(case.read_text(encoding="utf-8"))
    assert isinstance(data, dict), case
    assert {"article", "select", "findings"} <= set(data), f"{case}: missing keys"
    return data


def run_case(case: Path, *, severities: bool = False) -> list[str]:
    """``RULE line:col`` per finding, with `` severity`` appended when ``severities``."""
    data = _load(case)
    config = Config(
        select=list(data["select"]),
        facts=[str(case.parent / f) for f in data.get("facts", [])],
        rule_options=dict(data.get("options", {})),
    )
    engine = Engine(config)
    article = (case.parent / data["article"]).relative_to(REPO)
    others = [str((case.parent / o).relative_to(REPO)) for o in data.get("others", [])]
    sources, errors = engine.expand([str(article), *others])
    assert not errors
    result = engine.run(sources)
    assert not result.errors, result.errors
    # findings on the other articles are not this case's
    return [f"{f.rule} {f.line}:{f.column}" + (f" {f.severity}" if severities else "")
            for f in result.findings if Path(f.path) == article]


@pytest.mark.parametrize("case", CASES, ids=[str(c.relative_to(FIXTURES / "cases")) for c in CASES])
def test_case(case: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(REPO)
    if _load(case).get("wordnet"):
        from factlint.synonyms import find_wordnet

        if find_wordnet() is None:
            pytest.skip("needs WordNet: pip install 'factlint[synonyms]'")
    expected = [str(x) for x in (_load(case)["findings"] or [])]
    # A case may give each finding's severity ("FL301 7:61 info"); then all must have it.
    with_severity = {len(x.split()) == 3 for x in expected}
    assert len(with_severity) <= 1, f"{case}: give a severity for every finding or none"
    assert run_case(case, severities=with_severity == {True}) == expected


def test_there_are_cases() -> None:
    assert CASES, "no fixture cases found"
