"""Finding the reference's names in parsed articles, and who a word refers to.

Shared by every FL4xx rule. The small English model mislabels franchise names
("Oshi No Ko" as PERSON, "Aqua" as ORG or PRODUCT), so the reference's own names
are matched with a spaCy ``PhraseMatcher`` over each block's parse (case-insensitive
on ``LOWER``; possessives such as "Aqua's"/"Aqua’s" work because the tokenizer splits
the "'s" off). That match wins over the statistical entities. An ``EntityRuler`` in
the pipeline would not do: the reference can differ per article (``facts.yaml``
beside it) while one pipeline serves the whole run, and rules must not change
``doc.ents`` under the other rules' feet.

Pronouns are resolved conservatively: the candidates are the people named or
described in the sentence before the pronoun and in the previous sentence (for a
paragraph's opening sentence, the whole previous paragraph: subject continuity); a
pronoun is resolved only when exactly one named character fits it (or, when none
fits, exactly one character is there at all); any unknown person or other possible
antecedent means "no answer". Pronouns inside quotations are never resolved.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from factlint.document import PieceSpan
from factlint.facts.entities import Entities, EntityWords, build_entities
from factlint.facts.lexicon import People
from factlint.facts.model import (
    CHARACTER,
    ORGANIZATION,
    PERSON,
    WORK,
    Character,
    ReferenceSet,
)
from factlint.nlp import ent_type
from factlint.textutil import normalise

if TYPE_CHECKING:
    from spacy.tokens import Token

    from factlint.document import Block, Document, Piece, Sentence

_QUOTES = re.compile(r"“[^”]*”|\"[^\"\n]*\"|«[^»]*»|「[^」]*」")
_NOT_PEOPLE = {"ORG", "GPE", "LOC", "DATE", "TIME", "CARDINAL", "ORDINAL", "MONEY",
               "PERCENT", "QUANTITY", "EVENT", "FAC", "LANGUAGE", "LAW"}


@dataclass(eq=False)
class Mention(PieceSpan):
    """A reference name found in a block: ``span`` tokens of one parsed piece."""

    kind: str  # character | organization | work | person
    entity: Any  # Character | Organization | Work | str (a creator's name)
    ambiguous: tuple[Character, ...] = ()  # a bare surname several characters share

    @property
    def character(self) -> Character | None:
        return self.entity if self.kind == CHARACTER and not self.ambiguous else None


@dataclass(frozen=True)
class Resolution:
    """What a pronoun was resolved to; ``contradicts`` when its gender does not fit."""

    character: Character
    contradicts: bool


class NameIndex:
    """PhraseMatchers for one reference set: full names and aliases, and lone name words."""

    def __init__(self, ref: ReferenceSet, nlp: Any) -> None:
        from spacy.matcher import PhraseMatcher

        self.nlp = nlp
        self.entries: list[tuple[str, Any, str]] = []
        self.matcher = PhraseMatcher(nlp.vocab, attr="LOWER")
        # Characters first: a work whose title is also a character's name ("Frieren") is
        # read as the character, so pronouns about the title character are still checked.
        for char in ref.characters:
            for name in char.names:
                self._add(CHARACTER, char, name)
        for work in ref.works:
            for name in work.names:
                self._add(WORK, work, name)
        for person in ref.people():
            self._add(PERSON, person, person)
        for org in ref.organizations:
            for name in org.names:
                self._add(ORGANIZATION, org, name)
        # A single word of a character's full name ("Kurokawa") that is not a listed name:
        # matched case-sensitively, and ambiguous when several characters share it.
        listed = {normalise(n) for _, _, n in self.entries}
        self.words: dict[str, list[Character]] = {}
        for char in ref.characters:
            for word in char.name.split():
                if len(word) >= 3 and normalise(word) not in listed:
                    self.words.setdefault(word, [])
                    if char not in self.words[word]:
                        self.words[word].append(char)
        self.word_matcher = PhraseMatcher(nlp.vocab, attr="ORTH")
        for word in self.words:
            self.word_matcher.add(word, [nlp.make_doc(word)])

    def _add(self, kind: str, entity: Any, name: str) -> None:
        key = str(len(self.entries))
        self.entries.append((kind, entity, name))
        self.matcher.add(key, [self.nlp.make_doc(name)])

    def find(self, block: Block, piece: Piece) -> list[Mention]:
        from spacy.util import filter_spans

        doc = piece.doc
        found: dict[tuple[int, int], Mention] = {}
        # The earliest entry wins a span two entries share (characters come first).
        for match_id, start, end in sorted(self.matcher(doc), key=lambda m: int(
                self.nlp.vocab.strings[m[0]])):
            kind, entity, name = self.entries[int(self.nlp.vocab.strings[match_id])]
            if _case_ok(doc[start:end].text, name):
                found.setdefault((start, end), Mention(block, piece, doc[start:end], kind,
                                                       entity))
        for match_id, start, end in self.word_matcher(doc):
            word = self.nlp.vocab.strings[match_id]
            chars = self.words[word]
            found.setdefault((start, end), Mention(
                block, piece, doc[start:end], CHARACTER, chars[0],
                tuple(chars) if len(chars) > 1 else ()))
        kept = {(s.start, s.end) for s in filter_spans([doc[a:b] for a, b in found])}
        return [found[k] for k in sorted(kept)]


def _case_ok(text: str, name: str) -> bool:
    """Reject a one-word name written in lower case ("aqua", "ruby" are also words) or a
    short one in capitals ("AI")."""
    if len(name.split()) != 1:
        return True
    if text.islower() and not name.islower():
        return False
    return not (text.isupper() and not name.isupper() and len(text) <= 3)


@dataclass
class Analysis:
    """The mentions of one document and the answers derived from them (cached per doc)."""

    doc: Document
    ref: ReferenceSet
    people: People
    mentions: list[Mention] = field(default_factory=list)
    sentences: list[Sentence] = field(default_factory=list)
    _by_token: dict[tuple[int, int], Mention] = field(default_factory=dict)
    # id(spaCy doc) -> the starts of its sentences and their (end, index in sentences)
    _sent_spans: dict[int, tuple[list[int], list[tuple[int, int]]]] = field(
        default_factory=dict)
    _quotes: dict[int, list[tuple[int, int]]] = field(default_factory=dict)
    _resolved: dict[tuple[int, int], Resolution | None] = field(default_factory=dict)
    _pieces: dict[int, Piece] = field(default_factory=dict)
    entities: Entities | None = None  # the shared entity layer (people, companies, places)

    @property
    def who(self) -> Entities:
        """The entity layer of this document (built by :func:`analyse`)."""
        assert self.entities is not None
        return self.entities

    # -- lookups -------------------------------------------------------------------------
    def mention(self, token: Token) -> Mention | None:
        return self._by_token.get((id(token.doc), token.i))

    def sentence_of(self, token: Token) -> Sentence:
        return self.sentences[self.sentence_index(token)]

    def sentence_index(self, token: Token) -> int:
        """Index in ``sentences`` of the sentence holding ``token`` (a bisection over its
        piece's sentence starts: ``token.sent`` walks the parse for every call)."""
        starts, spans = self._sent_spans[id(token.doc)]
        k = bisect_right(starts, token.i) - 1
        if k >= 0 and token.i < spans[k][0]:
            return spans[k][1]
        raise KeyError((id(token.doc), token.i))  # a blank sentence is not indexed

    def offset(self, token: Token) -> int:
        """Offset of ``token`` in its block's text."""
        return self._pieces[id(token.doc)].start + int(token.idx)

    def in_quote(self, block: Block, start: int) -> bool:
        return any(a < start < b for a, b in self._quotes.get(block.index, []))

    def token_in_quote(self, token: Token) -> bool:
        return self.in_quote(self.sentence_of(token).block, self.offset(token))

    def characters_in(self, sentence: Sentence) -> list[Mention]:
        return [m for m in self.mentions if m.block is sentence.block and m.kind == CHARACTER
                and sentence.start <= m.start < sentence.end]

    # -- who is meant ----------------------------------------------------------------------
    def pronoun_family(self, token: Token) -> str | None:
        if token.pos_ != "PRON":
            return None
        return self.people.pronoun_family(token.lower_)

    def describes(self, noun: Token) -> Token | None:
        """The token a noun describes: an appositive, a predicate, a fronted description."""
        if noun.dep_ == "appos":
            return noun.head
        for child in noun.children:
            if child.dep_ == "appos" and (child.pos_ == "PROPN" or self.mention(child)):
                return child
        head = noun.head
        if noun.dep_ in ("attr", "oprd") and head.lemma_ in ("be", "become", "remain"):
            return next((c for c in head.children if c.dep_ in ("nsubj", "nsubjpass")), None)
        if (noun.dep_ in ("dep", "npadvmod", "advcl") and noun.left_edge.i == noun.sent.start
                and head.pos_ in ("VERB", "AUX")):
            subj = next((c for c in head.children if c.dep_ in ("nsubj", "nsubjpass")), None)
            if subj is not None and subj.i > noun.i:
                return subj
        return None

    def is_person_noun(self, token: Token) -> bool:
        return (token.pos_ == "NOUN" and token.tag_ != "NNS"
                and (token.lemma_.lower() in self.people.person_nouns
                     or token.lower_ in self.people.person_nouns))

    def resolve(self, pronoun: Token) -> Resolution | None:
        """The character a he/she-family pronoun refers to, or None when it would be a guess."""
        key = (id(pronoun.doc), pronoun.i)
        if key not in self._resolved:
            self._resolved[key] = self._resolve(pronoun)
        return self._resolved[key]

    def _resolve(self, pronoun: Token) -> Resolution | None:
        family = self.pronoun_family(pronoun)
        if family is None or self.token_in_quote(pronoun):
            return None
        unknown = False
        chars: list[Character] = []
        for tok in self._window(pronoun):
            m = self.mention(tok)
            if m is not None:
                if tok.i != m.span.start:
                    continue
                if m.kind == CHARACTER and not m.ambiguous:
                    if m.entity not in chars:
                        chars.append(m.entity)
                elif m.kind in (CHARACTER, PERSON):
                    unknown = True
                continue
            if ent_type(tok) == "PERSON" or (
                tok.pos_ == "PROPN" and tok.dep_ in ("nsubj", "nsubjpass")
                and ent_type(tok) not in _NOT_PEOPLE
            ):
                unknown = True
            elif self.is_person_noun(tok):
                described = self.describes(tok)
                if described is not None and (self.mention(described) is not None
                                              or described.pos_ in ("PRON", "PROPN")):
                    continue
                word = tok.lemma_.lower() if tok.lemma_.lower() in self.people.noun_gender \
                    else tok.lower_
                gender = (None if word in self.people.unmarked
                          else self.people.noun_gender.get(word))
                if gender is None or gender == family:
                    unknown = True
        if unknown:
            return None
        fitting = [c for c in chars if self.fits(c, family)]
        if len(fitting) == 1:
            return Resolution(fitting[0], False)
        if not fitting and len(chars) == 1:
            only = chars[0]
            # "... she accepted him and met his friends": a sentence that already calls the
            # one candidate by a fitting pronoun uses the other gender for someone else.
            for tok in pronoun.sent:
                if tok.i >= pronoun.i:
                    break
                other = self.pronoun_family(tok)
                if other is not None and other != family and self.fits(only, other):
                    return None
            return Resolution(only, True)
        return None

    def _window(self, pronoun: Token) -> list[Token]:
        """The tokens a pronoun may refer back to: its sentence up to it and the sentence
        before. A paragraph's opening sentence sees the whole previous paragraph instead
        (subject continuity): "He" there means that paragraph's subject only when it is the
        sole candidate in all of it, never the last name its last sentence happens to hold."""
        sent = self.sentence_of(pronoun)
        index = self.sentence_index(pronoun)
        tokens: list[Token] = []
        if index > 0:
            prev = self.sentences[index - 1]
            if prev.block is sent.block:
                tokens += prev.tokens
            elif prev.block.index == sent.block.index - 1 and not prev.block.is_heading:
                for other in self.sentences[:index]:
                    if other.block is prev.block:
                        tokens += other.tokens
        tokens += [t for t in pronoun.sent if t.i < pronoun.i]
        return tokens

    def families(self, char: Character) -> set[str]:
        """Pronoun families that fit a character (empty: the reference does not say)."""
        fams = self.people.families_of(char.pronouns)
        if not fams and char.gender:
            fams = {char.gender}
        return fams

    def fits(self, char: Character, family: str) -> bool:
        fams = self.families(char)
        return not fams or family in fams

    def referent(self, token: Token, depth: int = 0) -> tuple[str, Character | None]:
        """('char', c) when ``token`` names character c, ('other', None) when it names
        someone or something else, ('none', None) when it names nobody."""
        m = self.mention(token)
        if m is not None:
            return ("char", m.character) if m.character else ("other", None)
        if self.pronoun_family(token):
            res = self.resolve(token)
            return ("char", res.character) if res else ("other", None)
        if depth < 3 and token.pos_ in ("NOUN", "PROPN"):
            described = self.describes(token)
            if described is not None and described.i != token.i:
                kind, char = self.referent(described, depth + 1)
                if kind != "none":
                    return kind, char
        if token.pos_ == "PROPN" or ent_type(token) == "PERSON":
            return ("other", None)
        if token.pos_ == "PRON" and token.lower_ not in ("it", "that", "which", "this"):
            return ("other", None)
        if self.is_person_noun(token):
            return ("other", None)
        return ("none", None)

    def holder(self, start: Token) -> Character | None:
        """The character a role or membership word is said of, found by climbing the parse
        from ``start`` to the nearest person; None when it is someone else, nobody, or
        negated."""
        tok = start
        prev: Token | None = None
        for _ in range(12):
            if any(c.dep_ == "neg" for c in tok.children) or tok.lemma_ in self.people.negators:
                return None
            if tok.i != start.i:
                kind, char = self.referent(tok)
                if kind != "none":
                    return char
                if tok.pos_ in ("VERB", "AUX"):
                    subj = next((c for c in tok.children if c.dep_ in ("nsubj", "nsubjpass")
                                 and (prev is None or c.i != prev.i)), None)
                    if subj is not None:
                        return self._subject_holder(subj)
                if tok.lemma_.lower() in self.people.aim_nouns:  # "Aqua's dream", "Aqua dreams"
                    poss = next((c for c in tok.children if c.dep_ in ("poss", "compound")), None)
                    if poss is not None:
                        return self.referent(poss)[1]
            if tok.head.i == tok.i:
                return None
            prev, tok = tok, tok.head
        return None

    def _subject_holder(self, subj: Token) -> Character | None:
        if subj.lemma_.lower() in self.people.aim_nouns:  # "Her dream is to become an idol"
            poss = next((c for c in subj.children if c.dep_ == "poss"), None)
            return self.referent(poss)[1] if poss is not None else None
        return self.referent(subj)[1]


class Mentions:
    """The shared analysis of the FL4xx rules: one per run, built by the checker.

    ``analyse(doc, facts)`` finds the reference's names in a window and answers who a
    word refers to. The name index of each reference set is built once, and the last
    window's analysis is kept, so the rules checking one window share one analysis.
    """

    def __init__(self, people: People, nlp: Any, words: EntityWords | None = None) -> None:
        self.people = people
        self.words = words or EntityWords.from_data({})  # the entity layer's pack data
        self._nlp = nlp  # a function returning the run's pipeline (loaded on first call)
        self._indexes: list[tuple[ReferenceSet, NameIndex]] = []
        self._last: Analysis | None = None
        # The people the current article's windows have found so far (name -> block).
        self._carry: tuple[Any, dict[str, int]] | None = None

    def index(self, ref: ReferenceSet) -> NameIndex:
        for known, index in self._indexes:
            if known is ref:
                return index
        index = NameIndex(ref, self._nlp())
        self._indexes.append((ref, index))
        return index

    def entity_pieces(self, doc: Document, facts: Any) -> list[Piece]:
        """The pieces of a window whose entities the analysis may read: none without a
        reference set, else every piece of the window and its context block. The entity
        layer is one computation over the whole window (a person found in one paragraph is
        a person in the next, and in the article's later windows), so no piece's entities
        can be left out without changing what it finds elsewhere."""
        if not isinstance(facts, ReferenceSet):
            return []
        return [p for block in [*doc.context, *doc.blocks] for p in block.pieces]

    def analyse(self, doc: Document, facts: Any) -> Analysis | None:
        """The analysis of ``doc`` (a window: its blocks and context block) against
        ``facts``; None without a reference set."""
        ref = facts
        if not isinstance(ref, ReferenceSet):
            return None
        last = self._last
        if last is not None and last.doc is doc and last.ref is ref:
            return last
        index = self.index(ref)
        result = Analysis(doc=doc, ref=ref, people=self.people)
        # A window's context block is analysed too: a pronoun at the start of the window
        # may refer to someone named in the sentence before it.
        for block in [*doc.context, *doc.blocks]:
            result._quotes[block.index] = [(m.start(), m.end()) for m in
                                           _QUOTES.finditer(block.text)]
            for piece in block.pieces:
                result._pieces[id(piece.doc)] = piece
                for mention in index.find(block, piece):
                    result.mentions.append(mention)
                    for tok in mention.span:
                        result._by_token[(id(piece.doc), tok.i)] = mention
            for sent in block.sentences:
                starts, spans = result._sent_spans.setdefault(id(sent.span.doc), ([], []))
                starts.append(sent.span.start)
                spans.append((sent.span.end, len(result.sentences)))
                result.sentences.append(sent)
        article = doc.article
        if self._carry is None or self._carry[0] is not article:
            self._carry = (article, {})
        carried = self._carry[1]
        result.entities = build_entities(result, self.words, carried)
        for name, where in result.entities.first_seen.items():
            carried[name] = min(carried.get(name, where), where)
        self._last = result
        return result
