"""FL102 similar-heading: two headings that are near-duplicates without being equal."""

from __future__ import annotations

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
        "their spelling similarity (0-100) reaches `threshold`. Headings that differ in a "
        "number ('Season 1' / 'Season 2') are never paired. The later heading is reported, "
        "naming the line of the earlier one: merge the sections or make the headings say "
        "how they differ."
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
        for j, later in enumerate(heads):
            if not later.words:
                continue
            for earlier in heads[:j]:
                if earlier.key == later.key or not earlier.words:
                    continue
                if earlier.numbers != later.numbers:
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
    if (len(only_a) == len(only_b) == 1 and len(a.lemmas) == len(b.lemmas)
            and synonyms.get(only_a[0], -1) == synonyms.get(only_b[0], -2)):
        return f"'{only_a[0]}' and '{only_b[0]}' announce the same content"
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
