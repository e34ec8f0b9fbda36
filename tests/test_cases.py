"""Fixture-driven rule tests: every ``fixtures/cases/**/*.expected.yaml`` is one case.

A case file names its article, the rules it exercises and the exact findings::

    article: positive-duplicate.md   # relative to the case file
    select: [FL101]                   # rules under test; only their findings are compared
    facts: [oshi.facts.yaml]          # optional reference files, relative to the case file
    options: {FL202: {threshold: 0.6}}  # optional per-rule options
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
    sources, errors = engine.expand([str(article)])
    assert not errors
    result = engine.run(sources)
    assert not result.errors, result.errors
    return [f"{f.rule} {f.line}:{f.column}" + (f" {f.severity}" if severities else "")
            for f in result.findings]


@pytest.mark.parametrize("case", CASES, ids=[str(c.relative_to(FIXTURES / "cases")) for c in CASES])
def test_case(case: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(REPO)
    expected = [str(x) for x in (_load(case)["findings"] or [])]
    # A case may give each finding's severity ("FL301 7:61 info"); then all must have it.
    with_severity = {len(x.split()) == 3 for x in expected}
    assert len(with_severity) <= 1, f"{case}: give a severity for every finding or none"
    assert run_case(case, severities=with_severity == {True}) == expected


def test_there_are_cases() -> None:
    assert CASES, "no fixture cases found"
