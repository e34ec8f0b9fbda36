"""Long articles are checked in windows whose parses are dropped as soon as they are checked.

The findings must not depend on where the windows are cut: every fixture case, the seed
article and generated articles give exactly the same findings when each block is a window
of its own (the smallest possible windows) as when the article is one window.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from factlint.config import Config
from factlint.document import Document
from factlint.engine import Engine, Source
from factlint.finding import Finding
from factlint.nlp import window_spans
from factlint.parse import parse_document
from factlint.registry import Rule
from tests.conftest import FIXTURES, REPO, SEED
from tests.invariants import make_engine
from tests.strategies import article

CASES = sorted((FIXTURES / "cases").rglob("*.expected.yaml"))


def _findings(engine: Engine, sources: list[Source], window_chars: int | None) -> list[str]:
    engine.window_chars = window_chars
    result = engine.run(sources)
    assert not result.errors, result.errors
    return [f"{f.path}:{f.line}:{f.column}-{f.end_line}:{f.end_column} {f.rule} {f.severity} "
            f"{f.message} | {f.excerpt}" for f in result.findings]


@pytest.mark.parametrize("case", CASES, ids=[str(c.relative_to(FIXTURES / "cases")) for c in CASES])
def test_fixture_cases_do_not_depend_on_windows(case: Path,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(REPO)
    data = yaml.safe_load(case.read_text(encoding="utf-8"))
    config = Config(facts=[str(case.parent / f) for f in data.get("facts", [])],
                    rule_options=dict(data.get("options", {})))  # every rule, not only select
    source = Source(str((case.parent / data["article"]).relative_to(REPO)))
    whole = _findings(Engine(config), [source], None)
    assert _findings(Engine(config), [source], 1) == whole


def test_seed_does_not_depend_on_windows(monkeypatch: pytest.MonkeyPatch) -> None:
    if not SEED.exists():
        pytest.skip("../shared/seed is not beside this checkout")
    monkeypatch.chdir(REPO)
    config = Config(facts=["fixtures/oshi-no-ko.facts.yaml"])
    whole = _findings(Engine(config), [Source(str(SEED))], None)
    assert len(whole) > 40  # the seed is full of problems: the comparison means something
    for size in (1, 500, 2000):
        assert _findings(Engine(config), [Source(str(SEED))], size) == whole


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=article(), suffix=st.sampled_from([".md", ".txt"]), size=st.integers(1, 400))
def test_generated_articles_do_not_depend_on_windows(
    tmp_path_factory: pytest.TempPathFactory, text: str, suffix: str, size: int
) -> None:
    engine = make_engine(tmp_path_factory.mktemp("pack"))
    source = [Source(f"generated{suffix}", text)]
    assert _findings(engine, source, size) == _findings(engine, source, None)


def test_window_spans_cut_at_blocks_within_the_limit() -> None:
    doc = parse_document("a.md", "# T\n\n" + "\n\n".join("x" * n for n in (30, 30, 50, 10)))
    sizes = [len(b.text) for b in doc.blocks]
    assert sizes == [1, 30, 30, 50, 10]
    assert window_spans(doc, 61) == [(0, 3), (3, 5)]
    assert window_spans(doc, 40) == [(0, 2), (2, 3), (3, 4), (4, 5)]  # 50 > 40: alone
    assert window_spans(doc, None) == [(0, 5)]
    assert window_spans(parse_document("e.md", ""), 10) == [(0, 0)]


class _Watcher(Rule):
    """Test-only rule: records how many blocks of the article hold parses when it runs."""

    code = "TEST950"
    name = "parse-watcher"
    summary = "Counts parsed blocks."

    def __init__(self) -> None:
        super().__init__()
        self.seen: list[tuple[int, int, int]] = []  # (window blocks, context, parsed blocks)

    def check(self, doc: Document, facts: Any) -> Iterable[Finding]:
        parsed = sum(1 for b in doc.article.blocks if b.pieces)
        self.seen.append((len(doc.blocks), len(doc.context), parsed))
        return ()


def test_only_the_window_and_its_context_hold_parses() -> None:
    paragraphs = [f"Paragraph {n} says that episode {n} moves the story along." for n in range(60)]
    text = "# A long guide\n\n" + "\n\n".join(paragraphs) + "\n"
    engine = Engine(Config(select=["FL101"]))
    watcher = _Watcher()
    engine.rules.append(watcher)
    engine.window_chars = 300
    result = engine.run([Source("long.md", text)])
    assert not result.errors
    assert len(watcher.seen) > 10  # many windows
    assert sum(blocks for blocks, _, _ in watcher.seen) == 61  # every block checked once
    for blocks, context, parsed in watcher.seen:
        assert parsed <= blocks + context  # earlier windows' parses are gone
    assert watcher.seen[0][1] == 0 and all(c == 1 for _, c, _ in watcher.seen[1:])


def test_document_rules_see_every_window_once(monkeypatch: Any) -> None:
    """The near-duplicate rules find a repetition whose halves are windows apart."""
    text = ("# Guide\n\n"
            "Mira Sol joins the Vanguard flight school after the festival ends in autumn.\n\n"
            + "\n\n".join(f"Filler paragraph number {n} about scenery." for n in range(30))
            + "\n\nAfter the autumn festival ends, Mira Sol joins the Vanguard flight school.\n")
    engine = Engine(Config(select=["FL202"]))
    whole = _findings(engine, [Source("a.md", text)], None)
    assert len(whole) == 1 and "FL202" in whole[0] and "line 3" in whole[0]
    assert _findings(engine, [Source("a.md", text)], 100) == whole
