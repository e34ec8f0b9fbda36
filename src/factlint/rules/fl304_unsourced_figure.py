"""FL304 unsourced-figure: audience, sales, ranking, rating and release figures with no source."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from factlint.document import Block, Sentence
from factlint.errors import ConfigError
from factlint.finding import Severity
from factlint.packs import Entry
from factlint.registry import RuleContext, register

if TYPE_CHECKING:
    from spacy.tokens import Token
from factlint.assertion import clause_head
from factlint.evidence import tokens_in
from factlint.rules._claims import Claim, ClaimRule, Scan, pack_words


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
    defers_to_attribution = True
    advice = (
        "link where the figure comes from or name the source, e.g. 'according to Oricon' or "
        "'the studio announced on its official site'"
    )

    def claims(self, block: Block, entries: list[Entry], scan: Scan) -> Iterator[Claim]:
        ctx = scan.ctx
        words = pack_words(ctx, self.code)
        future_cache: dict[int, bool] = {}
        for claim in super().claims(block, entries, scan):
            label = claim.entry.label if claim.entry else None
            if label == "future":
                key = claim.sentence.start
                if key not in future_cache:
                    future_cache[key] = self._about_future(claim.sentence, ctx)
                if not future_cache[key]:
                    continue
                claim.news_cover = True  # a schedule in news whose lede names the source
            if label == "rating" and scan.evidence.opinion_framed(claim.sentence):
                continue  # the reviewer's own score
            if label == "rating" and _names(block, words.get("rating_sources", frozenset())):
                continue  # "8.1/10 on IMDb": the site is the source
            if label == "rank" and _names(block, words.get("chart_sources", frozenset())):
                continue  # "No. 2 on Oricon's weekly chart"
            tokens = tokens_in(claim.sentence, claim.start, claim.end)
            if tokens and _threshold(tokens, words.get("threshold_words", frozenset())):
                continue  # "openings of over $80 million": a category, not a claimed figure
            if (tokens and label in words.get("history_labels", frozenset())
                    and _dated_past(tokens)):
                continue  # "opened to $133 million in 2016": a public record
            yield claim

    def _about_future(self, sentence: Sentence, ctx: RuleContext) -> bool:
        matcher = _future_matcher(ctx)
        return bool(matcher(sentence.span)) if matcher is not None else False


def _names(block: Block, names: frozenset[str]) -> bool:
    """Whether the paragraph names one of ``names`` (lower-case words or phrases)."""
    low = block.text.lower()
    return any(re.search(rf"(?<!\w){re.escape(n)}(?!\w)", low) for n in names)


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


_FUTURE: dict[tuple[int, int], Any] = {}


def _future_matcher(ctx: RuleContext) -> Any:
    """A Matcher for the packs' ``future_markers`` (built once per run)."""
    key = (id(ctx.packs), id(ctx.nlp))
    if key not in _FUTURE:
        patterns: list[Any] = []
        for data in ctx.packs.data_for("FL304") if ctx.packs else []:
            items = data.get("future_markers", []) if isinstance(data, dict) else []
            for item in items:
                pattern = item.get("pattern") if isinstance(item, dict) else None
                if not isinstance(pattern, list):
                    raise ConfigError("FL304 data.future_markers: each item needs a 'pattern'")
                patterns.append(pattern)
        matcher = None
        if patterns:
            from spacy.matcher import Matcher

            matcher = Matcher(ctx.nlp.vocab, validate=True)
            try:
                matcher.add("future", patterns)
            except Exception as exc:
                raise ConfigError(f"FL304 data.future_markers: invalid pattern: {exc}") from None
        _FUTURE[key] = matcher
    return _FUTURE[key]
