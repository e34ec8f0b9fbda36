"""FL304 unsourced-figure: audience, sales, ranking, rating and release figures with no source."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING, Any

from factlint.asof import dates_in, written
from factlint.assertion import clause_head
from factlint.document import Block, Sentence
from factlint.errors import ConfigError
from factlint.evidence import names_pattern, tokens_in
from factlint.finding import Severity
from factlint.registry import Setup, register
from factlint.rules._claims import Claim, ClaimRule, Scan

if TYPE_CHECKING:
    from spacy.tokens import Token


@register
class UnsourcedFigure(ClaimRule):
    code = "FL304"
    name = "unsourced-figure"
    severity = Severity.WARNING
    summary = "A figure that needs a source (viewers, sales, rank, rating, future date) has none."
    explanation = (
        "Viewership, sales and box-office numbers, chart positions, review scores, and the "
        "episode count or date of a release that has not happened yet are the facts readers "
        "repeat, and the ones content farms invent. Each needs a source a reader can check: "
        "a link, a footnote, or the outlet or company named in the sentence or paragraph "
        "(option evidence_scope), or a 'Source: ...' line of the article (a round-up of "
        "ratings that names its source once at the end; a picture's credit under its "
        "caption does not count). A ranking, audience or sales figure in a paragraph that "
        "names a chart or tracker (Billboard, the Hot 100, Oricon, Luminate, Nielsen: "
        "chart_sources in rules/claims/evidence.yaml) is sourced by it, since they publish "
        "those figures. Past episode counts and past air dates are not flagged; a "
        "vague future date ('in 2025') is FL305's business. Patterns and the words that mark "
        "a sentence as about the future: rules/claims/fl304-figures.yaml."
    )
    bad_example = "The premiere drew 3 million viewers and season 2 will premiere on July 3."
    good_example = (
        "The premiere drew 3 million viewers, according to Crunchyroll, and the studio "
        "announced on its official site that season 2 premieres on July 3."
    )
    defers_to_attribution = True
    source_line_covers = True  # "Source: Nielsen Korea" under a ratings round-up
    advice = (
        "link where the figure comes from or name the source, e.g. 'according to Oricon' or "
        "'the studio announced on its official site'"
    )

    def prepare(self, setup: Setup) -> None:
        super().prepare(setup)
        words = self.words
        self.future_markers = _future_markers(setup.data)
        self._future: Any = None  # the spaCy Matcher, built on first use
        self._vocab: Any = None
        self._own_sites = (words.get("rating_sources", frozenset()),
                           words.get("chart_sources", frozenset()))
        self._sites: tuple[re.Pattern[str] | None, re.Pattern[str] | None] | None = None
        self.threshold_words = words.get("threshold_words", frozenset())
        self.history_labels = words.get("history_labels", frozenset())

    def claims(self, block: Block, scan: Scan) -> Iterator[Claim]:
        if self._sites is None:  # the shared evidence lists, with this pack's own
            cues = scan.evidence.cues
            self._sites = (names_pattern(cues.rating_sources | self._own_sites[0]),
                           names_pattern(cues.chart_sources | self._own_sites[1]))
        rating_sources, chart_sources = self._sites
        yield from _join_ranges(self._claims(block, scan, rating_sources, chart_sources),
                                block.text)

    def _claims(self, block: Block, scan: Scan, rating_sources: Any, chart_sources: Any
                ) -> Iterator[Claim]:
        future_cache: dict[int, bool] = {}
        for claim in super().claims(block, scan):
            label = claim.label
            if label == "future":
                when = written(scan.doc)
                named = dates_in(block.text[claim.start:claim.end]) if when else []
                if named and when and all(d <= when for d in named):
                    continue  # already past when the page was written: a record, not a plan
                ahead = bool(named and when and any(d > when for d in named)
                             and not any(t.tag_ == "VBD" for t in claim.sentence.span))
                if not ahead:  # no date still ahead when written: the tense decides
                    key = claim.sentence.start
                    if key not in future_cache:
                        future_cache[key] = self._about_future(claim.sentence)
                    if not future_cache[key]:
                        continue
                claim.news_cover = True  # a schedule in news whose lede names the source
            if label == "rating" and scan.evidence.opinion_framed(claim.sentence):
                continue  # the reviewer's own score
            if label == "rating" and _names(block, rating_sources):
                continue  # "8.1/10 on IMDb": the site is the source
            if label in ("rank", None) and _names(block, chart_sources):
                continue  # "No. 2 on Oricon's chart", "120,000 units ... on the Billboard 200"
            tokens = tokens_in(claim.sentence, claim.start, claim.end)
            if tokens and _threshold(tokens, self.threshold_words):
                continue  # "openings of over $80 million": a category, not a claimed figure
            if tokens and label in self.history_labels and _dated_past(tokens):
                continue  # "opened to $133 million in 2016": a public record
            yield claim

    def _about_future(self, sentence: Sentence) -> bool:
        if not self.future_markers:
            return False
        vocab = sentence.span.doc.vocab
        if self._future is None or self._vocab is not vocab:
            from spacy.matcher import Matcher

            matcher = Matcher(vocab, validate=True)
            try:
                matcher.add("future", self.future_markers)
            except Exception as exc:
                raise ConfigError(f"FL304 data.future_markers: invalid pattern: {exc}") from None
            self._future, self._vocab = matcher, vocab
        return bool(self._future(sentence.span))


def _future_markers(tables: list[Any]) -> list[Any]:
    """The token patterns of the packs' ``future_markers``."""
    patterns: list[Any] = []
    for data in tables:
        items = data.get("future_markers", []) if isinstance(data, dict) else []
        for item in items:
            pattern = item.get("pattern") if isinstance(item, dict) else None
            if not isinstance(pattern, list):
                raise ConfigError("FL304 data.future_markers: each item needs a 'pattern'")
            patterns.append(pattern)
    return patterns


def _names(block: Block, pattern: re.Pattern[str] | None) -> bool:
    """Whether the paragraph names one of a pack's sources (``names_pattern``)."""
    return pattern is not None and pattern.search(block.text.lower()) is not None


def _threshold(tokens: list[Token], words: frozenset[str]) -> bool:
    """A figure after a threshold word that qualifies a plural noun: "openings of over"."""
    first = tokens[0]
    doc = first.doc
    before = " ".join(t.lower_ for t in doc[max(first.sent.start, first.i - 3) : first.i])
    if not any(before == w or before.endswith(" " + w) for w in words):
        return False
    root = min(tokens, key=lambda t: sum(1 for _ in t.ancestors))
    prep = root.head
    return prep.lower_ == "of" and prep.head.tag_ in ("NNS", "NNPS")


def _dated_past(tokens: list[Token]) -> bool:
    """The figure's clause dates it to a year ("in 2016") and is not about the future."""
    root = min(tokens, key=lambda t: sum(1 for _ in t.ancestors))
    clause = clause_head(root)
    if any(c.tag_ == "MD" for c in clause.children):
        return False
    return any(tok.like_num and tok.shape_ == "dddd" and tok.head.lower_ in ("in", "of")
               and 1900 <= int(tok.text) <= 2099 for tok in clause.subtree)


# Words that join the two ends of a date range ("between April and May 2031").
_RANGE_JOINS = frozenset({"and", "to", "or", "-", "–", "—", "through", "until", "till"})


def _join_ranges(claims: Iterable[Claim], text: str) -> Iterator[Claim]:
    """A range of dates ("between April 2031 and May 2031") is one claim, not two:
    a future date right after another of the same sentence, with only a joining
    word between them, extends the first."""
    held: Claim | None = None
    for claim in claims:
        if (held is not None and held.sentence is claim.sentence
                and held.label == claim.label == "future"
                and text[held.end : claim.start].strip().lower() in _RANGE_JOINS):
            held.end = claim.end
            continue
        if held is not None:
            yield held
        held = claim
    if held is not None:
        yield held
