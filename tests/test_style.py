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


def test_lazy_hyphenation_dictionary_gives_pyphen_positions() -> None:
    """FL501's syllable counts: the dictionary parsed word by word hyphenates every word
    exactly as pyphen's fully parsed one, and holds only the patterns those words used."""
    import re

    import pyphen

    from factlint.hyphenation import LazyHyphDict, lazy_dict

    path = pyphen.LANGUAGES[pyphen.language_fallback("en-US")]
    stock = pyphen.HyphDict(path)
    lazy = lazy_dict(path)
    assert isinstance(lazy, LazyHyphDict)
    assert lazy.maxlen == stock.maxlen
    words: list[str] = []
    for article in sorted((REPO / "fixtures").glob("**/*.md"))[:60]:
        words += re.findall(r"[^\W\d_]+(?:['’-][^\W\d_]+)*", article.read_text(encoding="utf-8"))
    # Words made of the dictionary's own patterns reach its long and rare entries too.
    words += [key.strip(".") for key in list(stock.patterns)[::7] if key.strip(".")]
    words += ["", "a", "Anime", "ÉCOLE", "co-op", "don't", "x" * 40, "überhaupt"]
    assert len(set(words)) > 2000
    for word in words:
        assert lazy.positions(word) == stock.positions(word), word
    used = set(lazy.patterns)
    assert used and used < set(stock.patterns)
    assert all(lazy.patterns[key] == stock.patterns[key] for key in used)


def test_fl501_takes_the_lazy_dictionary_from_pyphens_cache() -> None:
    import pyphen

    from factlint.hyphenation import LazyHyphDict
    from factlint.stats import block_stats

    assert block_stats("The studio announced a second season of the series.")[0] is not None
    path = pyphen.LANGUAGES[pyphen.language_fallback("en-US")]
    assert isinstance(pyphen.Pyphen(lang="en-US").hd, LazyHyphDict)
    assert isinstance(pyphen.hdcache[path], LazyHyphDict)


def test_lazy_hyphenation_keeps_pyphens_precedence_and_leaves_odd_files_to_it(
        tmp_path: Path) -> None:
    import pyphen

    from factlint.hyphenation import lazy_dict

    plain = tmp_path / "hyph_xx.dic"
    # Comments and settings are skipped, a pattern of zeros is dropped, and of two
    # patterns with the same letters the later one wins, as pyphen reads them.
    plain.write_text("UTF-8\nLEFTHYPHENMIN 2\n% note\n.ab1c\n  a1bc \na0bc\nb2c1d\nb3c1d\n"
                     "1ta\nan1t\n", encoding="utf-8")
    stock, lazy = pyphen.HyphDict(plain), lazy_dict(plain)
    assert lazy is not None and lazy.maxlen == stock.maxlen
    for word in ["abcd", "abc", "xabcdx", "bcd", "tanta", "antant", "a", ""]:
        assert lazy.positions(word) == stock.positions(word), word
    assert lazy.patterns == {k: v for k, v in stock.patterns.items() if k in lazy.patterns}
    odd = tmp_path / "hyph_yy.dic"
    odd.write_text("UTF-8\n.schif1fahrt/ff=f,5,2\n", encoding="utf-8")  # nonstandard
    assert lazy_dict(odd) is None
