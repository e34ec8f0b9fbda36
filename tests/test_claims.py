"""Claim rules FL301-FL305: severities on professional writing, the seed, evidence logic."""

from __future__ import annotations

from pathlib import Path

import pytest

from factlint.config import Config
from factlint.engine import Engine, Source
from factlint.errors import FactlintError
from factlint.evidence import quote_ranges
from factlint.finding import Finding, Severity
from tests.conftest import FIXTURES, REPO, write

CLAIMS = ["FL301", "FL302", "FL303", "FL304", "FL305"]
SEED_NAME = "000_46427bea75a92707.txt"
# The seed sits in ../shared beside the main checkout, ../../shared beside a worktree.
SEEDS = [base / "shared" / "seed" / SEED_NAME for base in (REPO.parent, REPO.parents[1])]


def check(path: Path | str, text: str | None = None, **config: object) -> list[Finding]:
    engine = Engine(Config(select=CLAIMS, **config))  # type: ignore[arg-type]
    result = engine.run([Source(str(path), text)])
    assert not result.errors, result.errors
    return result.findings


@pytest.mark.parametrize("name", ["pro-news.md", "pro-news.txt", "pro-review.md"])
def test_professional_articles_have_no_warnings(name: str) -> None:
    findings = check(FIXTURES / "cases" / "claims" / name)
    assert [f for f in findings if f.severity is not Severity.INFO] == []


def test_review_opinion_is_info_and_a_rumour_is_the_vague_sources_finding() -> None:
    review = check(FIXTURES / "cases" / "claims" / "pro-review.md")
    assert {(f.rule, f.severity) for f in review} == {("FL301", Severity.INFO)}
    hype = check(FIXTURES / "cases" / "claims" / "hype-preview.md")
    rumour = [(f.rule, f.severity, f.excerpt) for f in hype if f.line == 17 and f.column > 60]
    # "is rumoured to" hides who rumours it: one finding, FL302's, not FL305's as well
    assert rumour == [("FL302", Severity.WARNING, "The sequel is rumoured to")]


# What factlint says on the real seed article: (rule, line, column, excerpt).
SEED_FINDINGS = [
    ("FL301", 3, 49, "captivated audiences"),
    ("FL301", 3, 105, "left fans eager for more"),
    ("FL303", 3, 175, "has already been confirmed"),
    ("FL301", 3, 229, "enthralling story"),
    ("FL301", 3, 256, "garnered a dedicated following"),
    ("FL305", 9, 48, "will have to wait until 2024 for the premiere of season 2"),
    ("FL301", 19, 55, "resonate with viewers"),
    ("FL301", 23, 237, "beautifully balances"),
    ("FL301", 39, 1, "keeping viewers on the edge of their seats"),
    ("FL301", 39, 106, "fans eagerly await"),
    ("FL301", 39, 170, "anticipation continues to build"),
    ("FL305", 39, 221, "holds the promise of further character development, deeper exploration "
                       "of the idol industry, and the resolution of lingering plotlines from the "
                       "first season"),
    ("FL301", 41, 31, "standout anime"),
    ("FL301", 41, 47, "captivating audiences"),
    ("FL301", 41, 78, "compelling story"),
    ("FL301", 41, 96, "well-developed characters"),
    ("FL301", 41, 179, "resonate with viewers"),
    ("FL303", 43, 10, "confirmed second season"),
    ("FL305", 43, 46, "is poised to continue its success"),
    ("FL301", 43, 92, "lasting impact"),
]


def test_seed_findings_exactly() -> None:
    seed = next((p for p in SEEDS if p.is_file()), None)
    if seed is None:
        pytest.skip("seed article not present")
    findings = check(seed)
    assert [(f.rule, f.line, f.column, f.excerpt) for f in findings] == SEED_FINDINGS
    assert all(f.severity is Severity.WARNING for f in findings)


def test_scope_sentence_ignores_a_source_in_another_sentence(tmp_path: Path) -> None:
    text = ("A second season has been confirmed. The studio announced it on its official "
            "website.\n")
    path = write(tmp_path / "a.txt", text)
    assert check(path) == []
    narrow = check(path, rule_options={"FL303": {"evidence_scope": "sentence"}})
    assert [(f.rule, f.excerpt) for f in narrow] == [("FL303", "has been confirmed")]


def test_bad_scope_is_a_clear_error() -> None:
    # Checked when the configuration is read, before any article is.
    with pytest.raises(FactlintError, match="evidence_scope' of FL303 must be one of "
                                            "sentence, paragraph, section, article, not 'page'"):
        Engine(Config(select=["FL303"], rule_options={"FL303": {"evidence_scope": "page"}}))


def test_user_pack_extends_claims_and_evidence(tmp_path: Path) -> None:
    pack = write(tmp_path / "house.yaml", (
        "rule: FL301\n"
        "entries:\n"
        "  - phrase: banger of a show\n"
        "    reason: slang praise\n"
        "data:\n"
        "  evidence:\n"
        "    reporting_verbs: [insist]\n"
    ))
    path = write(tmp_path / "a.txt", (
        "It is a banger of a show.\n\n"
        "The studio insists it was a standout series.\n"
    ))
    without = check(path)
    assert [f.excerpt for f in without] == ["standout series"]
    with_pack = check(path, packs=[str(pack)])
    assert [f.excerpt for f in with_pack] == ["banger of a show"]


def test_named_quote_and_negation_are_not_claims(tmp_path: Path) -> None:
    path = write(tmp_path / "a.md", (
        "\u201cIt is a masterpiece,\u201d said director Jane Doe.\n\n"
        "Critics did not call it a masterpiece.\n\n"
        "Fans call it a masterpiece.\n"
    ))
    found = [(f.rule, f.line, f.excerpt) for f in check(path)]
    assert found == [("FL302", 5, "Fans call"), ("FL301", 5, "masterpiece")]


def test_quote_ranges() -> None:
    text = "He said \u201cit is great\u201d and 'fine', it's Aqua\u2019s \u2018big\u2019 day."
    got = [text[a:b] for a, b in quote_ranges(text)]
    assert got == ["\u201cit is great\u201d", "\u2018big\u2019"]


def test_verbless_claim_sentence_is_checked_and_terminates(run_cli, tmp_path) -> None:  # type: ignore[no-untyped-def]
    """Regression: a claim in a sentence whose root is not a verb once looped forever
    (spaCy returns a fresh Token for ``.head``, so identity never matched the root)."""
    from tests.conftest import write

    write(tmp_path / "a.md", "# Notes\n\nA standout anime with well-developed characters.\n")
    r = run_cli("check", "--isolated", "--select", "FL301", "a.md", cwd=tmp_path)
    found = [line.split(": ")[0] + " " + line.split(" ")[2] for line in r.out.splitlines()
             if line.startswith("a.md:")]
    assert found == ["a.md:3:3 FL301", "a.md:3:23 FL301"]


def test_writer_expectation_is_info_and_flat_prediction_a_warning(run_cli, in_repo) -> None:  # type: ignore[no-untyped-def]
    import json

    r = run_cli("check", "--isolated", "--select", "FL305", "--format", "json",
                "fixtures/cases/claims/writer-expectation.md")
    found = [(f["line"], f["severity"]) for f in json.loads(r.out)["findings"]]
    assert found == [(3, "info"), (6, "warning")]


def test_expectation_framing_sets_the_severity() -> None:
    found = check(FIXTURES / "cases" / "claims" / "fl305-expectations.md")
    assert [(f.line, f.severity) for f in found] == [
        (4, Severity.INFO), (6, Severity.INFO), (10, Severity.WARNING)]
    assert "framed as an expectation ('assuming')" in found[1].message


def test_pack_word_list_with_a_yaml_boolean_is_a_clear_error(tmp_path: Path) -> None:
    pack = write(tmp_path / "house.yaml", "rule: FL303\ndata:\n  network_preps: [on, at]\n")
    # The pack's data is read once, when the run's rules are prepared, before any article.
    with pytest.raises(FactlintError, match=r"network_preps.*quote"):
        Engine(Config(select=["FL303"], packs=[str(pack)]))


# An article whose claims are cleared only by other paragraphs: the news lede names who
# announced the season, a short quote's speaker is named in the next paragraph, and a
# section's last paragraph names the source of its first one's figure. The last
# paragraph's unsourced prediction must still fire, wherever the windows are cut.
CROSS_PARAGRAPH = """# Harbor Lights: a third season is coming

Tidewater Studios announced the third season of Harbor Lights at its summer showcase.

The cast list is long, and most of the crew returns.

The costumes were designed in Lisbon over two winters.

## The schedule

Season 3 will premiere in 2028.

## The reception

"A quiet triumph that is easily the best season of the year," it said.

Mara Quill of the Coastline Gazette said the pacing never drags.

## The numbers

The premiere drew 4 million viewers in its first week.

Nielsen reported those figures in its weekly ratings report.
"""


def _windowed(monkeypatch: pytest.MonkeyPatch, text: str, size: int | None,
              **config: object) -> list[tuple[str, int]]:
    """Findings with windows of ``size`` characters, parsing no further ahead than
    the window being checked (so no later paragraph's parse can be read early)."""
    import functools

    from factlint import checker, nlp

    monkeypatch.setattr(checker, "annotate_windows",
                        functools.partial(nlp.annotate_windows, batch_size=1))
    engine = Engine(Config(select=CLAIMS, **config))  # type: ignore[arg-type]
    engine.window_chars = size
    result = engine.run([Source("cross.md", text)])
    assert not result.errors, result.errors
    return [(f.rule, f.line) for f in result.findings]


def test_claims_cleared_by_other_paragraphs_do_not_depend_on_windows(
        monkeypatch: pytest.MonkeyPatch) -> None:
    # Without the news lede, the schedule is a prediction nobody announced.
    plain = CROSS_PARAGRAPH.replace("Tidewater Studios announced", "We hear about")
    assert ("FL305", 11) in _windowed(monkeypatch, plain, None)
    options = {"rule_options": {"FL304": {"evidence_scope": "section"}}}
    whole = _windowed(monkeypatch, CROSS_PARAGRAPH, None, **options)
    assert whole == []
    for size in (1, 120):
        assert _windowed(monkeypatch, CROSS_PARAGRAPH, size, **options) == whole
    # The same article with the default paragraph scope: the figure's source is in the
    # next paragraph, which does not count.
    assert _windowed(monkeypatch, CROSS_PARAGRAPH, 1) == [("FL304", 21)]


def test_only_a_title_or_label_makes_an_article_a_signed_review() -> None:
    cases = FIXTURES / "cases" / "claims"
    signed = check(cases / "fl301-signed-review.md")
    assert signed and {f.severity for f in signed if f.rule == "FL301"} == {Severity.INFO}
    mentioned = check(cases / "fl301-review-mentioned.md")
    assert [(f.line, f.severity) for f in mentioned if f.rule == "FL301"] == [
        (5, Severity.WARNING), (5, Severity.WARNING)]


def test_rating_sites_come_from_the_evidence_lists_and_fl304_packs(tmp_path: Path) -> None:
    """A score or ranking cites its site by name; a project extends the sites either in
    the shared evidence lists or, as before, under FL304's own data keys."""
    text = ("# Harbor Lights season 2\n\nThe second season holds a score of 8.7/10 on "
            "Harborscore. It became the highest-rated drama of the year on Harborscore.\n")
    path = tmp_path / "a.md"
    base = {(f.rule, f.excerpt) for f in check(path, text)}
    assert base == {("FL304", "score of 8.7/10"), ("FL301", "the highest-rated")}
    evidence = write(tmp_path / "evidence.yaml",
                     "rule: FL301\ndata:\n  evidence:\n    rating_sources: [harborscore]\n")
    assert {f.rule for f in check(path, text, packs=[str(evidence)])} == set()
    own = write(tmp_path / "fl304.yaml", "rule: FL304\ndata:\n  rating_sources: [harborscore]\n")
    assert {f.rule for f in check(path, text, packs=[str(own)])} == {"FL301"}
