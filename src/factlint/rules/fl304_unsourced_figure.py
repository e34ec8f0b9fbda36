"""FL304 unsourced-figure: audience, sales, ranking, rating and release figures with no source."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from factlint.document import Block, Sentence
from factlint.errors import ConfigError
from factlint.evidence import Evidence
from factlint.finding import Severity
from factlint.registry import Setup, register
from factlint.rules._claims import Claim, ClaimRule


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
        "(option evidence_scope). Past episode counts and past air dates are not flagged; a "
        "vague future date ('in 2025') is FL305's business. Patterns and the words that mark "
        "a sentence as about the future: rules/claims/fl304-figures.yaml."
    )
    bad_example = "The premiere drew 3 million viewers and season 2 will premiere on July 3."
    good_example = (
        "The premiere drew 3 million viewers, according to Crunchyroll, and the studio "
        "announced on its official site that season 2 premieres on July 3."
    )
    advice = (
        "link where the figure comes from or name the source, e.g. 'according to Oricon' or "
        "'the studio announced on its official site'"
    )

    def prepare(self, setup: Setup) -> None:
        super().prepare(setup)
        self.future_markers = _future_markers(setup.data)
        self._future: Any = None  # the spaCy Matcher, built on first use
        self._vocab: Any = None

    def claims(self, block: Block, evidence: Evidence) -> Iterator[Claim]:
        future_cache: dict[int, bool] = {}
        for claim in super().claims(block, evidence):
            label = claim.entry.label if claim.entry else None
            if label == "future":
                key = claim.sentence.start
                if key not in future_cache:
                    future_cache[key] = self._about_future(claim.sentence)
                if not future_cache[key]:
                    continue
            if label == "rating" and evidence.opinion_framed(claim.sentence):
                continue  # the reviewer's own score
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
