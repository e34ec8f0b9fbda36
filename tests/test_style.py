"""Style rules (FL501-FL506) on the real seed article, and the logic behind them."""

from __future__ import annotations

from pathlib import Path

import pytest

from factlint.config import Config
from factlint.engine import Engine
from tests.conftest import REPO, SEED

STYLE = ["FL501", "FL502", "FL503", "FL504", "FL505", "FL506"]


def _seed() -> Path | None:
    """The seed beside the checkout, or beside an enclosing folder (git worktrees)."""
    for folder in (REPO, *REPO.parents):
        candidate = folder / "shared" / "seed" / SEED.name
        if candidate.is_file():
            return candidate
    return None


def _run(path: Path, select: list[str], options: dict[str, dict[str, object]] | None = None
         ) -> list[str]:
    engine = Engine(Config(select=select, rule_options=options or {}))
    sources, errors = engine.expand([str(path)])
    assert not errors
    result = engine.run(sources)
    assert not result.errors, result.errors
    return [f"{f.rule} {f.line}:{f.column} {f.excerpt[:30]}" for f in result.findings]


def test_seed_style_findings() -> None:
    seed = _seed()
    if seed is None:
        pytest.skip("the seed article is not beside the checkout")
    assert _run(seed, STYLE) == [
        "FL505 1:1 When Will Oshi No Ko Season 2 ",
        "FL505 1:59 & More!",
        "FL504 3:350 !!!!!",
        "FL503 23:122 Highlights the impact that thi",
        "FL503 39:1 keeping viewers on the edge of",
        "FL503 41:156 The anime’s ability to resonat",
        # The author bio on line 46 has 40 words: within FL502's news-prose default.
    ]


def test_seed_reading_level_is_within_the_default_target() -> None:
    """The seed reads like ordinary news prose (ease ~53, grade ~11): FL501 must not fire,
    but a house target aimed at easy reading does, naming the hardest paragraphs."""
    seed = _seed()
    if seed is None:
        pytest.skip("the seed article is not beside the checkout")
    assert _run(seed, ["FL501"]) == []
    engine = Engine(Config(select=["FL501"], rule_options={"FL501": {"min_reading_ease": 60.0}}))
    sources, _ = engine.expand([str(seed)])
    (finding,) = engine.run(sources).findings
    assert (finding.line, finding.column) == (1, 1)
    # 622 words: the page debris at the end ("Leave a Reply", the comment-form notice,
    # "Back to top") is neither a heading nor prose, so it is not measured.
    assert finding.message.startswith("reading ease 51.4 is below 60 over 622 words")
    assert "hardest paragraphs: line 46 (ease 33, grade 18.6), line 15 (ease 34.7, " \
        "grade 15), line 13 (ease 42.1, grade 13.5)" in finding.message
