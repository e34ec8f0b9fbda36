"""FL102 similar-heading: two headings that are near-duplicates without being equal."""

from __future__ import annotations

import heapq
import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any, ClassVar

from factlint.document import Block, Document
from factlint.errors import ConfigError
from factlint.finding import Finding, Severity
from factlint.registry import DocumentRule, Option, Setup, register
from factlint.structure import SubjectPhrases, body_headings
from factlint.textutil import normalise


@dataclass(frozen=True)
class _Heading:
    block: Block
    key: str  # the normalised full heading (equal keys are FL101's business)
    words: tuple[str, ...]  # lower-cased words without the subject phrase
    lemmas: tuple[str, ...]

    @property
    def numbers(self) -> frozenset[str]:
        return frozenset(w for w in self.words if any(ch.isdigit() for ch in w))


@register
class SimilarHeading(DocumentRule):
    code = "FL102"
    name = "similar-heading"
    severity = Severity.WARNING
    family = "structure"
    summary = "Two headings are near-duplicates (a word swapped, reordered or misspelt)."
    explanation = (
        "Two headings that promise the same section in slightly different words ('Season 2 "
        "Trailer' and 'Season 2 Teaser', 'Plot' and 'Storyline', 'Cast and Characters' and "
        "'Characters and Cast') split one topic in two or pad the article. Headings are "
        "compared without the keyword phrase most of them repeat (see FL103). A pair is "
        "reported when the headings have the same words in another order or form, or differ "
        "by one word swapped for a synonym from rules/structure/heading_synonyms.yaml, or "
        "their spelling similarity (0-100) reaches `threshold` (when they differ in one word, only "
        "if that word looks misspelt rather than replaced: 'Season 2 Cast' and 'Season 2 "
        "Plot' are different sections). Headings that differ in a "
        "number ('Season 1' / 'Season 2') are never paired. The later heading is reported, "
        "naming the line of the earlier one: merge the sections or make the headings say "
        "how they differ. In an article with very many headings, each is compared by "
        "spelling with the 32 nearest earlier headings of a length that could match, so "
        "the check stays fast."
    )
    bad_example = "## Season 2 Trailer\n\n...\n\n## Season 2 Teaser\n\n..."
    good_example = "## Season 2 trailer\n\n...\n\n## Season 2 cast\n\n..."
    options: ClassVar[dict[str, Option]] = {
        "threshold": Option(90, "spelling similarity (0-100) from which two headings pair"),
    }
    needs = frozenset({"lemmatizer"})
    uses = ("subject",)

    def prepare(self, setup: Setup) -> None:
        self.threshold = float(setup.options["threshold"])
        self.synonyms = _synonyms(setup.data)
        self.subject: SubjectPhrases = setup.analysis("subject")

    def observe(self, doc: Document, facts: Any) -> list[_Heading]:
        """The window's headings (other than the title), read while their parses exist."""
        phrase = self.subject.phrase(doc)
        subject = phrase.words if phrase else None
        return [_heading(b, subject) for b in body_headings(doc) if doc.holds(b)]

    def conclude(
        self, doc: Document, observed: Sequence[Any], facts: Any
    ) -> Iterable[Finding]:
        from rapidfuzz import fuzz

        threshold, synonyms = self.threshold, self.synonyms
        heads: list[_Heading] = [h for window in observed for h in window]
        index = _Index(synonyms, threshold)
        for j, later in enumerate(heads):
            if not later.words:
                continue
            for i in index.candidates(later):
                earlier = heads[i]
                if earlier.key == later.key:
                    continue
                why = _why_similar(earlier, later, synonyms, threshold, fuzz.ratio)
                if why:
                    yield self.block_finding(
                        doc, later.block,
                        f"heading is nearly the same as the heading on line "
                        f"{earlier.block.line} ({why}); merge the sections or make the "
                        f"headings say how they differ",
                    )
                    break
            index.add(j, later)


# Each heading's spelling is compared with at most this many earlier headings of a length
# that could reach the threshold (the nearest before it): an article of thousands of
# headings costs a bounded amount per heading instead of one comparison per pair.
MAX_SPELLING_CANDIDATES = 32
_MIN_SPELLING = 8  # shorter headings are never compared by spelling
# Two headings differing in one word are "nearly the same spelling" only when that word is
# misspelt ("Relase" / "Release", ratio 92), not swapped for another ("Cast" / "Plot", 25).
_TYPO = 75


class _Index:
    """Earlier headings by what could pair them, so each heading meets only candidates.

    Every test of :func:`_why_similar` has a key that equal pairs share: the sorted
    lemmas (same words in another order or form), the lemmas but one plus that one's
    synonym group (one word swapped), and the spelling's length (a ratio of at least
    ``threshold`` bounds how much two lengths differ). Headings with different numbers
    are never paired, so the numbers are part of every key.
    """

    def __init__(self, synonyms: dict[str, int], threshold: float) -> None:
        self.synonyms = synonyms
        slack = min(max(1.0 - threshold / 100.0, 0.0), 1.0)
        self.low = (1.0 - slack) / (1.0 + slack)
        self.high = (1.0 + slack) / (1.0 - slack) if slack < 1.0 else float("inf")
        self.by_lemmas: dict[Any, list[int]] = {}
        self.by_swap: dict[Any, list[int]] = {}
        self.by_length: dict[frozenset[str], dict[int, list[int]]] = {}

    def _swaps(self, h: _Heading) -> list[Any]:
        counts: dict[str, int] = {}
        for w in h.lemmas:
            counts[w] = counts.get(w, 0) + 1
        rest = frozenset(counts)
        return [(h.numbers, len(h.lemmas), rest - {w}, self.synonyms[w])
                for w, n in counts.items() if n == 1 and w in self.synonyms]

    def add(self, i: int, h: _Heading) -> None:
        self.by_lemmas.setdefault((h.numbers, tuple(sorted(h.lemmas))), []).append(i)
        for key in self._swaps(h):
            self.by_swap.setdefault(key, []).append(i)
        size = len(" ".join(h.words))
        if size >= _MIN_SPELLING:
            self.by_length.setdefault(h.numbers, {}).setdefault(size, []).append(i)

    def candidates(self, h: _Heading) -> list[int]:
        """Indices of earlier headings that may pair with ``h``, earliest first."""
        found = set(self.by_lemmas.get((h.numbers, tuple(sorted(h.lemmas))), ()))
        for key in self._swaps(h):
            found.update(self.by_swap.get(key, ()))
        size = len(" ".join(h.words))
        lengths = self.by_length.get(h.numbers)
        if lengths and size >= _MIN_SPELLING:
            lo, hi = math.floor(size * self.low) - 1, math.ceil(size * self.high) + 1
            near: list[int] = []
            if hi - lo > len(lengths):
                buckets = [v for k, v in lengths.items() if lo <= k <= hi]
            else:
                buckets = [lengths[k] for k in range(max(lo, 0), hi + 1) if k in lengths]
            for bucket in buckets:
                near.extend(bucket[-MAX_SPELLING_CANDIDATES:])
            found.update(heapq.nlargest(MAX_SPELLING_CANDIDATES, near))
        return sorted(found)


def _heading(block: Block, subject: tuple[str, ...] | None) -> _Heading:
    tokens = [t for p in block.pieces for t in p.doc if not (t.is_punct or t.is_space)]
    words = [normalise(t.text) for t in tokens]
    lemmas = [(t.lemma_ or t.text).lower() for t in tokens]
    n = len(subject or ())
    at = next((i for i in range(len(words) - n + 1) if subject
               and tuple(words[i:i + n]) == subject), None)
    keep = [i for i in range(len(words)) if words[i] and (at is None or not at <= i < at + n)]
    return _Heading(block, normalise(block.text), tuple(words[i] for i in keep),
                    tuple(lemmas[i] for i in keep))


def _why_similar(a: _Heading, b: _Heading, synonyms: dict[str, int], threshold: float,
                 ratio: Any) -> str | None:
    if sorted(a.lemmas) == sorted(b.lemmas):
        return "the same words in another order or form"
    only_a = [w for w in a.lemmas if w not in b.lemmas]
    only_b = [w for w in b.lemmas if w not in a.lemmas]
    one_swap = len(only_a) == len(only_b) == 1 and len(a.lemmas) == len(b.lemmas)
    if one_swap and synonyms.get(only_a[0], -1) == synonyms.get(only_b[0], -2):
        return f"'{only_a[0]}' and '{only_b[0]}' announce the same content"
    if one_swap and ratio(only_a[0], only_b[0]) < _TYPO:
        return None  # one whole word swapped for another ("Cast" / "Plot"), not a misspelling
    sa, sb = " ".join(a.words), " ".join(b.words)
    if min(len(sa), len(sb)) >= 8 and ratio(sa, sb) >= threshold:
        return "nearly the same spelling"
    return None


def _synonyms(tables: list[Any]) -> dict[str, int]:
    """Word -> group number from the FL102 packs' ``data: {groups: [[...], ...]}``."""
    out: dict[str, int] = {}
    n = 0
    for table in tables:
        groups = table.get("groups") if isinstance(table, dict) else None
        if not isinstance(groups, list):
            raise ConfigError("FL102 pack data must be a mapping with 'groups': a list of "
                              "word lists")
        for group in groups:
            if not isinstance(group, list):
                raise ConfigError("FL102 pack data: each group must be a list of words")
            for word in group:
                out.setdefault(str(word).lower(), n)
            n += 1
    return out
