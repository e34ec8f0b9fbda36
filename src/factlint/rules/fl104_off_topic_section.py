"""FL104 off-topic-section: a section whose body never touches what its heading announces."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, ClassVar

from factlint.document import Document, Section
from factlint.errors import ConfigError
from factlint.finding import Finding, Severity
from factlint.registry import ANY_BLOCK, DocumentRule, Option, Setup, register
from factlint.structure import SubjectPhrases

if TYPE_CHECKING:
    from spacy.tokens import Token


@dataclass(frozen=True)
class Topic:
    """A heading topic from rules/structure/heading_evidence.yaml and what proves it."""

    name: str
    headings: tuple[tuple[str, ...], ...]
    lemmas: frozenset[str]
    entities: frozenset[str]
    tokens: tuple[re.Pattern[str], ...]
    pos: frozenset[str] = frozenset()

    def announced_by(self, words: list[tuple[str, str]]) -> bool:
        """Whether the heading (as (word, lemma) pairs) contains one of the topic's words."""
        for phrase in self.headings:
            n = len(phrase)
            for i in range(len(words) - n + 1):
                if all(p in words[i + k] for k, p in enumerate(phrase)):
                    return True
        return False

    def evidenced_by(self, tok: Token) -> bool:
        lemma = (tok.lemma_ or tok.text).lower()
        if lemma in self.lemmas or tok.lower_ in self.lemmas:
            return True
        if tok.ent_type_ and tok.ent_type_ in self.entities:
            return True
        # A part of speech: PROPN catches the names the small NER model mislabels
        # (character names tagged ORG or missed); silence is the safe side.
        return tok.pos_ in self.pos or any(rx.match(tok.text) for rx in self.tokens)


@register
class OffTopicSection(DocumentRule):
    code = "FL104"
    name = "off-topic-section"
    severity = Severity.WARNING
    family = "structure"
    summary = "A section never mentions what its heading announces."
    explanation = (
        "A 'Release Date' section with no date, a 'Trailer' section that never mentions a "
        "trailer, teaser or video, a 'Characters' section that names nobody: the heading "
        "was written for search engines and the body was filled with whatever came to hand. "
        "Headings are read without the keyword phrase most of them repeat (see FL103) and "
        "matched against the topics of rules/structure/heading_evidence.yaml; each topic "
        "lists the lemmas and entity types (DATE, PERSON...) that show a body is about it. "
        "The rule reports a heading only when every topic it announces is missing from its "
        "section (sub-sections included), and it ignores headings it has no topic for and "
        "sections shorter than `min_words` words: when unsure, it stays silent. Rewrite the "
        "section to deliver what the heading promises, or rename the heading."
    )
    bad_example = (
        "## Trailer\n\nThe series explores the bond between idols and their fans, and the "
        "sacrifices both make."
    )
    good_example = (
        "## Trailer\n\nThe first teaser, released on 3 March, shows Mia's audition in a "
        "thirty-second clip."
    )
    options: ClassVar[dict[str, Option]] = {
        "min_words": Option(20, "sections shorter than this many words are not judged"),
    }
    needs = frozenset({"lemmatizer", "ner"})
    uses = ("subject",)
    # A section's body is everything under its heading (lists, tables, quotes included):
    # a trailer embedded as a quote still shows the section is about the trailer.
    scope = ANY_BLOCK

    def prepare(self, setup: Setup) -> None:
        self.min_words = int(setup.options["min_words"])
        self.topics = _topics(setup.data)
        self.index = _Evidence(self.topics)
        self.subject: SubjectPhrases = setup.analysis("subject")

    def observe(self, doc: Document, facts: Any) -> _Seen:
        """The topics each heading of the window announces and each block evidences."""
        topics = self.topics
        seen = _Seen()
        if not topics:
            return seen
        phrase = self.subject.phrase(doc)
        subject = set(phrase.words) if phrase else set()
        index = self.index
        for block in self.blocks(doc):
            if block.is_heading and block is not doc.title_block:
                words = [(t.lower_, (t.lemma_ or t.text).lower()) for p in block.pieces
                         for t in p.doc if not (t.is_punct or t.is_space)
                         and t.lower_ not in subject]
                seen.announced[block.index] = tuple(
                    n for n, t in enumerate(topics) if t.announced_by(words))
            if block.text.strip():
                tokens = (t for p in block.pieces for t in p.doc if t.lower_ not in subject)
                seen.evidence[block.index] = index.evidenced(tokens)
        return seen

    def conclude(
        self, doc: Document, observed: Sequence[Any], facts: Any
    ) -> Iterable[Finding]:
        topics = self.topics
        if not topics:
            return
        announced: dict[int, tuple[int, ...]] = {}
        evidence: dict[int, frozenset[int]] = {}
        for seen in observed:
            announced.update(seen.announced)
            evidence.update(seen.evidence)
        min_words = self.min_words
        for section in doc.sections:
            heading = section.heading
            if heading is None or heading is doc.title_block:
                continue
            topic_ids = announced.get(heading.index, ())
            if not topic_ids:
                continue
            body = [b for b in section.all_blocks() if b.text.strip()]
            if sum(len(b.text.split()) for b in body if not b.is_heading) < min_words:
                continue
            if any(n in evidence.get(b.index, ()) for b in body for n in topic_ids):
                continue
            shown = [topics[n] for n in topic_ids]
            names = " or ".join(f"'{t.name}'" for t in shown)
            yield self.block_finding(
                doc, heading,
                f"the section under this heading never mentions its topic ({names}: "
                f"{_examples(shown[0])}); rewrite it to cover the heading or rename it",
            )


class _Evidence:
    """Which topics some token proves, found with one lookup per token attribute rather
    than one test per topic (every token of a long article goes through it)."""

    def __init__(self, topics: list[Topic]) -> None:
        self.count = len(topics)
        self.by_lemma: dict[str, set[int]] = {}
        self.by_entity: dict[str, set[int]] = {}
        self.by_pos: dict[str, set[int]] = {}
        self.patterns = [(n, rx) for n, t in enumerate(topics) for rx in t.tokens]
        for n, topic in enumerate(topics):
            for lemma in topic.lemmas:
                self.by_lemma.setdefault(lemma, set()).add(n)
            for entity in topic.entities:
                self.by_entity.setdefault(entity, set()).add(n)
            for pos in topic.pos:
                self.by_pos.setdefault(pos, set()).add(n)

    def evidenced(self, tokens: Iterable[Token]) -> frozenset[int]:
        """Topic numbers with evidence among ``tokens`` (as :meth:`Topic.evidenced_by`)."""
        found: set[int] = set()
        empty: set[int] = set()
        for tok in tokens:
            lemma = (tok.lemma_ or tok.text).lower()
            found |= self.by_lemma.get(lemma, empty)
            found |= self.by_lemma.get(tok.lower_, empty)
            if tok.ent_type_:
                found |= self.by_entity.get(tok.ent_type_, empty)
            found |= self.by_pos.get(tok.pos_, empty)
            for n, rx in self.patterns:
                if n not in found and rx.match(tok.text):
                    found.add(n)
            if len(found) == self.count:
                break
        return frozenset(found)


@dataclass
class _Seen:
    """What FL104 keeps of a window: topic numbers by block index."""

    announced: dict[int, tuple[int, ...]] = field(default_factory=dict)  # headings
    evidence: dict[int, frozenset[int]] = field(default_factory=dict)  # blocks with text


def _examples(topic: Topic) -> str:
    # The topic's own heading words read best as "what was expected".
    words = [" ".join(h) for h in topic.headings[:4]]
    shown = words + [f"{e} entity" for e in sorted(topic.entities)]
    return "no " + ", ".join(shown) + (" or related word" if shown else "")


def _topics(tables: list[Any]) -> list[Topic]:
    """Topics from the FL104 packs' ``data: {topics: [...]}`` tables."""
    out: list[Topic] = []
    for table in tables:
        items = table.get("topics") if isinstance(table, dict) else None
        if not isinstance(items, list):
            raise ConfigError("FL104 pack data must be a mapping with 'topics': a list")
        for item in items:
            if not isinstance(item, dict) or "name" not in item or "headings" not in item:
                raise ConfigError("FL104 pack data: each topic needs 'name' and 'headings'")
            heads = tuple(tuple(str(h).lower().split()) for h in item["headings"])
            lemmas = {str(x).lower() for x in item.get("lemmas", [])}
            lemmas |= {h[0] for h in heads if len(h) == 1}
            try:
                tokens = tuple(re.compile(str(rx), re.IGNORECASE)
                               for rx in item.get("tokens", []))
            except re.error as exc:
                raise ConfigError(f"FL104 pack data: invalid token regex: {exc}") from None
            out.append(Topic(str(item["name"]), heads, frozenset(lemmas),
                             frozenset(str(e).upper() for e in item.get("entities", [])),
                             tokens, frozenset(str(p).upper() for p in item.get("pos", []))))
    return out


__all__ = ["OffTopicSection", "Section", "Topic"]
