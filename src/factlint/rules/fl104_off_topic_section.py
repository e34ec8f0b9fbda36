"""FL104 off-topic-section: a section whose body never touches what its heading announces."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, ClassVar

from factlint.document import Block, Document, Piece, Section
from factlint.errors import ConfigError
from factlint.finding import Finding, Severity
from factlint.nlp import ent_type
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
        label = ent_type(tok)
        if label and label in self.entities:
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
        # Topics proven by an entity type: only sections announcing one need entities.
        self.entity_topics = frozenset(n for n, t in enumerate(self.topics) if t.entities)

    def _announced(self, doc: Document, block: Block, subject: set[str]) -> tuple[int, ...]:
        words = [(t.lower_, (t.lemma_ or t.text).lower()) for p in block.pieces
                 for t in p.doc if not (t.is_punct or t.is_space) and t.lower_ not in subject]
        return tuple(n for n, t in enumerate(self.topics) if t.announced_by(words))

    def _subject_words(self, doc: Document) -> set[str]:
        phrase = self.subject.phrase(doc)
        return set(phrase.words) if phrase else set()

    def _plan(self, doc: Document) -> _Plan:
        """What a window needs: each heading's topics, each block's evidence read without
        entity types, and the blocks whose entity types conclude may still need (those
        in a judged section that announces an entity-proven topic and that no block seen
        so far proves without entities). Shared by ``entity_pieces`` and ``observe``."""
        memo = doc.article.memo
        key = ("FL104-plan", doc.blocks[0].index if doc.blocks else -1)
        plan: _Plan | None = memo.get(key)
        if plan is not None:
            return plan
        state: _Article | None = memo.get("FL104")
        if state is None:
            state = memo["FL104"] = _Article.of(doc, self.min_words)
        plan = _Plan()
        subject = self._subject_words(doc)
        blocks = self.blocks(doc)
        for block in blocks:
            if block.is_heading and block is not doc.title_block:
                announced = self._announced(doc, block, subject)
                plan.announced[block.index] = announced
                state.announced[block.index] = announced
            if block.text.strip():
                tokens = _words_beside(block, subject)
                plain = self.index.evidenced(tokens, entities=False)
                plan.plain[block.index] = plain
                for h in state.within.get(block.index, ()):
                    if plain.intersection(state.announced.get(h, ())):
                        state.proven.add(h)
        if self.entity_topics:
            for block in blocks:
                if block.index in plan.plain and any(
                        h not in state.proven and h not in state.short
                        and self.entity_topics.intersection(state.announced.get(h, ()))
                        for h in state.within.get(block.index, ())):
                    plan.entities.add(block.index)
        memo[key] = plan
        return plan

    def entity_pieces(self, doc: Document, facts: Any) -> list[Piece]:
        """The pieces of the blocks whose entity types may decide a section (``_plan``)."""
        if not self.topics:
            return []
        wanted = self._plan(doc).entities
        return [p for b in self.blocks(doc) if b.index in wanted for p in b.pieces]

    def observe(self, doc: Document, facts: Any) -> _Seen:
        """The topics each heading of the window announces and each block evidences."""
        seen = _Seen()
        if not self.topics:
            return seen
        plan = self._plan(doc)
        seen.announced = dict(plan.announced)
        subject = self._subject_words(doc)
        for block in self.blocks(doc):
            if block.index not in plan.plain:
                continue
            if block.index in plan.entities:
                tokens = _words_beside(block, subject)
                seen.evidence[block.index] = self.index.evidenced(tokens)
            else:
                # Without entity types: the topics they prove are not asked of this block
                # (and every other topic comes out the same).
                seen.evidence[block.index] = plan.plain[block.index]
        return seen
        subject = self._subject_words(doc)
        index = self.index
        heads = doc.article.memo.setdefault("FL104-entity-headings", set())
        for block in self.blocks(doc):
            if block.is_heading and block is not doc.title_block:
                announced = self._announced(doc, block, subject)
                seen.announced[block.index] = announced
                if any(n in self.entity_topics for n in announced):
                    heads.add(block.index)  # before its section's blocks, read below
            if block.text.strip():
                tokens = _words_beside(block, subject)
                # Entity evidence is read only where entity_pieces said it may be.
                seen.evidence[block.index] = index.evidenced(
                    tokens, entities=bool(self.entity_topics)
                    and self._wants_entities(doc, block))
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

    def evidenced(self, tokens: Iterable[Token], *, entities: bool = True) -> frozenset[int]:
        """Topic numbers with evidence among ``tokens`` (as :meth:`Topic.evidenced_by`);
        without ``entities``, entity types are not read (nor the topics they prove)."""
        found: set[int] = set()
        empty: set[int] = set()
        for tok in tokens:
            lemma = (tok.lemma_ or tok.text).lower()
            found |= self.by_lemma.get(lemma, empty)
            found |= self.by_lemma.get(tok.lower_, empty)
            if entities:
                label = ent_type(tok)
                if label:
                    found |= self.by_entity.get(label, empty)
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


@dataclass
class _Plan:
    """FL104's reading of one window (see ``OffTopicSection._plan``)."""

    announced: dict[int, tuple[int, ...]] = field(default_factory=dict)
    plain: dict[int, frozenset[int]] = field(default_factory=dict)  # without entity types
    entities: set[int] = field(default_factory=set)  # blocks whose entity types may count


@dataclass
class _Article:
    """What FL104 knows of an article across its windows, by heading index."""

    within: dict[int, list[int]]  # block index -> headings of the sections containing it
    short: set[int]  # sections too short to be judged
    announced: dict[int, tuple[int, ...]] = field(default_factory=dict)
    proven: set[int] = field(default_factory=set)  # proven by some block without entities

    @classmethod
    def of(cls, doc: Document, min_words: int) -> _Article:
        within: dict[int, list[int]] = {}
        short: set[int] = set()
        stack = list(doc.article.sections)
        while stack:
            section = stack.pop()
            stack.extend(section.children)
            heading = section.heading
            if heading is None or heading is doc.title_block:
                continue
            body = [b for b in section.all_blocks() if b.text.strip()]
            if sum(len(b.text.split()) for b in body if not b.is_heading) < min_words:
                short.add(heading.index)
            for b in body:
                within.setdefault(b.index, []).append(heading.index)
        return cls(within, short)


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


def _words_beside(block: Block, subject: set[str]) -> Iterator[Token]:
    """The block's tokens but the words of the article's subject (its title's names)."""
    return (t for p in block.pieces for t in p.tokens if t.lower_ not in subject)


__all__ = ["OffTopicSection", "Section", "Topic"]
