"""Who a name in an article is: a real person, a character, a company, a place or a work.

The shared entity layer of the reference-facts rules (FL401-FL408), computed once per
analysed document and read by every rule through :attr:`Analysis.entities`. Real articles
name actors, voice actors, directors and writers next to the characters they play; a real
person must never be reported as an unknown character, nor "corrected" to a character's
spelling. The layer reads:

- credits: "X as Y", "X (Other Show) as Y", "Y (voiced by X)", "X voices Y", cast lists
  and tables (a verbless line of a cast section), "starring A, B and C", "the cast includes";
- role nouns: "director X", "X is the director", "X, the composer", "music by X";
- bylines ("By X") and the reference's own creators, staff and cast;
- credit lines of images ("Image courtesy of X", "© X"): companies;
- places ("X (a port city)", "the town of X", place entities) and other works (the
  parenthesised title in an actor's credit, WORK_OF_ART entities);
- stock words of headings and SEO titles ("Season", "Release Date"), numbers and
  possessive endings, which are never names.

A name found to be a person anywhere in the document is a person everywhere in it, and so
is its surname on its own. Every word list and pattern is pack data in
``rules/facts/entities.yaml`` (``rule: FL406``), extendable by users.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Protocol

from factlint.document import tokens_of
from factlint.nlp import ent_type, ents
from factlint.packs import Regex, data_regex
from factlint.textutil import normalise

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

    from factlint.document import Block, Document
    from factlint.facts.model import ReferenceSet

PERSON, COMPANY, PLACE, WORK, STOCK = "person", "company", "place", "work", "stock"
_NAME_ENTS = {"PERSON", "ORG", "PRODUCT", "WORK_OF_ART", "NORP", "GPE", "FAC", "EVENT", "LOC"}
_PLACE_ENTS = {"GPE", "LOC", "FAC"}
_NAMEISH = re.compile(r"[A-ZÀ-ÞĀ-Ž][\w'’.]*", re.UNICODE)
TokKey = tuple[int, int]


class _Mention(Protocol):
    """A reference name found in a block, as the entity layer reads it."""

    @property
    def kind(self) -> str: ...

    @property
    def span(self) -> Any: ...  # the name's tokens (a spaCy Span)


class MentionsView(Protocol):
    """What the entity layer reads of the mentions analysis
    (:class:`factlint.facts.mentions.Analysis`, which builds this layer): named here, so
    that the imports run one way, from the analysis to its layer."""

    @property
    def doc(self) -> Document: ...

    @property
    def ref(self) -> ReferenceSet: ...

    @property
    def mentions(self) -> Sequence[_Mention]: ...

    def mention(self, token: Token) -> _Mention | None: ...

    def describes(self, noun: Token) -> Token | None: ...


def _norm(words: Iterable[Any] | None) -> list[str]:
    return [" ".join(str(w).lower().split()) for w in words or []]


@dataclass(frozen=True)
class EntityWords:
    """The entity layer's pack data (``rules/facts/entities.yaml``), compiled."""

    role_nouns: frozenset[str]
    credit_verbs: frozenset[str]
    company_verbs: frozenset[str]
    credit_nouns: frozenset[str]
    cast_openers: tuple[tuple[str, ...], ...]
    performer_verbs: frozenset[str]
    byline: tuple[Regex, ...]
    credit_lines: tuple[Regex, ...]
    company_words: frozenset[str]
    place_nouns: frozenset[str]
    stock_words: frozenset[str]
    cast_headings: tuple[Regex, ...]

    @classmethod
    def from_data(cls, data: dict[str, Any]) -> EntityWords:
        def rx(key: str) -> tuple[Regex, ...]:
            return tuple(data_regex(p, re.IGNORECASE) for p in data.get(key) or [])

        openers = sorted({tuple(o.split()) for o in _norm(data.get("cast_openers"))},
                         key=len, reverse=True)
        return cls(
            role_nouns=frozenset(_norm(data.get("role_nouns"))),
            credit_verbs=frozenset(_norm(data.get("credit_verbs"))),
            company_verbs=frozenset(_norm(data.get("company_verbs"))),
            credit_nouns=frozenset(_norm(data.get("credit_nouns"))),
            cast_openers=tuple(openers),
            performer_verbs=frozenset(_norm(data.get("performer_verbs"))),
            byline=rx("byline"),
            credit_lines=rx("credit_lines"),
            company_words=frozenset(_norm(data.get("company_words"))),
            place_nouns=frozenset(_norm(data.get("place_nouns"))),
            stock_words=frozenset(_norm(data.get("stock_words"))),
            cast_headings=rx("cast_headings") + rx("section_headings"),
        )


def entity_words(tables: list[Any]) -> EntityWords:
    """The entity layer's words from the ``data`` tables of the packs feeding FL406."""
    from factlint.facts.lexicon import merge_tables

    return EntityWords.from_data(merge_tables(tables))


# -- name runs ----------------------------------------------------------------------------
def is_name_token(tok: Token) -> bool:
    """A capitalised word the model reads as a proper noun or a named entity."""
    if not tok.text[:1].isupper() or not _NAMEISH.fullmatch(tok.text):
        return False
    if tok.text in ("'s", "’s") or tok.lower_ in ("'s", "’s"):
        return False
    return tok.pos_ == "PROPN" or ent_type(tok) in _NAME_ENTS


def _joins(doc: Doc, i: int) -> bool:
    """A hyphen written inside a name ("Jin-Woo", "Zeta-Jones")."""
    tok = doc[i]
    return (tok.text in ("-", "‐") and 0 < i < len(doc) - 1 and not doc[i - 1].whitespace_
            and not tok.whitespace_ and doc[i + 1].text[:1].isalpha())


def name_runs(tokens: list[Token], also: Any = None) -> list[tuple[Token, Token]]:
    """Maximal runs of name tokens (first, last), hyphenated names kept whole; ``also``
    may accept more tokens (the reference's names, which the model may tag as nouns)."""
    runs: list[tuple[Token, Token]] = []
    start: Token | None = None
    prev: Token | None = None
    for tok in tokens:
        doc = tok.doc
        inside = is_name_token(tok) or (also is not None and also(tok)) or (
            start is not None and (_joins(doc, tok.i) or (
                tok.i > 0 and _joins(doc, tok.i - 1) and tok.text[:1].isalpha())))
        if inside and start is None:
            start = tok
        elif not inside and start is not None and prev is not None:
            runs.append((start, prev))
            start = None
        prev = tok
    if start is not None and prev is not None:
        runs.append((start, prev))
    # A run never ends on a hyphen.
    out = []
    for first, last in runs:
        while last.i > first.i and last.text in ("-", "‐"):
            last = last.doc[last.i - 1]
        out.append((first, last))
    return out


@dataclass(frozen=True)
class Credit:
    """A credit the article gives: ``person`` plays (or voices) ``character``."""

    person: tuple[Token, Token]
    character: tuple[Token, Token] | None
    how: str


@dataclass
class Entities:
    """The answers of the entity layer for one analysed document."""

    words: EntityWords
    kinds: dict[TokKey, str] = field(default_factory=dict)
    slots: set[TokKey] = field(default_factory=set)  # tokens in a credit's character slot
    person_names: set[str] = field(default_factory=set)  # normalised full names
    person_words: set[str] = field(default_factory=set)  # a person's surname on its own
    # Where each person's name was first read as a person (a block index): a name is a
    # person from there on, in this window and the article's later windows.
    first_seen: dict[str, int] = field(default_factory=dict)
    credits: list[Credit] = field(default_factory=list)
    runs: dict[TokKey, tuple[Token, Token]] = field(default_factory=dict)

    def kind(self, tok: Token) -> str | None:
        """person | company | place | work | stock, or None when the layer cannot say."""
        return self.kinds.get((id(tok.doc), tok.i))

    def is_person(self, tok: Token) -> bool:
        return self.kind(tok) == PERSON

    def not_character(self, tok: Token) -> bool:
        """A token that names a real person, a company, a place, a work, or no one."""
        return self.kind(tok) is not None or not tok.text[:1].isalpha()

    def in_slot(self, tok: Token) -> bool:
        return (id(tok.doc), tok.i) in self.slots

    def run_of(self, tok: Token) -> tuple[Token, Token] | None:
        """The name run ``tok`` belongs to."""
        return self.runs.get((id(tok.doc), tok.i))

    def name_of(self, tok: Token) -> tuple[Token, Token] | None:
        """The run of ``tok`` without stock words, numbers and possessive endings at its
        edges; None when nothing of a name is left."""
        run = self.run_of(tok)
        if run is None:
            return None
        doc = tok.doc
        toks = tokens_of(doc)[run[0].i : run[1].i + 1]  # a copy: trimmed below
        while toks and self._edge_junk(toks[0]):
            toks.pop(0)
        while toks and self._edge_junk(toks[-1]):
            toks.pop()
        if not toks or not any(t.is_alpha for t in toks):
            return None
        return toks[0], toks[-1]

    def _edge_junk(self, tok: Token) -> bool:
        return (self.kind(tok) == STOCK or not tok.text[:1].isalpha()
                or tok.lower_ in ("'s", "’s"))

    def cast_section(self, block: Block) -> bool:
        """Whether ``block`` sits under a heading about the cast or the characters (not an
        SEO title that lists several topics)."""
        heading = block.section.heading if block.section else None
        if heading is None or block is heading:
            return False
        text = heading.text
        if len(re.split(r",|&|\+|\|", text)) >= 3:
            return False
        return any(p.search(text) for p in self.words.cast_headings)


# -- building -----------------------------------------------------------------------------
def build_entities(an: MentionsView, words: EntityWords,
                   carried: dict[str, int] | None = None) -> Entities:
    """Run every detector over the analysed document (a window). ``carried`` holds the
    people the article's earlier windows found (name -> block index), so that a long
    article checked in windows gets the answers it would get in one piece."""
    from factlint.facts.model import CHARACTER
    from factlint.facts.model import PERSON as REF_PERSON

    ent = Entities(words)
    ent.first_seen.update(carried or {})
    # (block, piece, its tokens, its name runs): a run depends on the parse and the
    # reference's mentions only, so each piece's are found once, and its tokens listed
    # once for every detector (iterating a Doc makes every Token anew).
    docs: list[tuple[Block, Any, list[Token], list[tuple[Token, Token]]]] = []
    at = [-1]  # the index of the block being read

    def named(t: Token) -> bool:
        return an.mention(t) is not None

    for block in [*an.doc.context, *an.doc.blocks]:
        for piece in block.pieces:
            toks = piece.tokens
            piece_runs = name_runs(toks, named)
            docs.append((block, piece, toks, piece_runs))
            for first, last in piece_runs:
                for t in toks[first.i : last.i + 1]:
                    ent.runs[(id(piece.doc), t.i)] = (first, last)

    def mark(first: Token, last: Token, kind: str, *, force: bool = False) -> None:
        for t in first.doc[first.i : last.i + 1]:
            key = (id(t.doc), t.i)
            m = an.mention(t)
            if m is not None and m.kind == CHARACTER:
                continue
            # A company word ("Kite Pictures") outranks a credit ("produced by"), which
            # outranks the weaker cues (stock words, places, works).
            old = ent.kinds.get(key)
            if old is None or (kind == PERSON and old != COMPANY) or (
                    kind == COMPANY and force):
                ent.kinds[key] = kind

    def char_in(first: Token, last: Token) -> bool:
        return any((m := an.mention(t)) is not None and m.kind == CHARACTER
                   for t in first.doc[first.i : last.i + 1])

    def person(first: Token, last: Token) -> None:
        if char_in(first, last) and all(an.mention(t) is not None
                                        for t in first.doc[first.i : last.i + 1]):
            return  # a character's own name is never made a person
        mark(first, last, PERSON)
        name = normalise(first.doc[first.i : last.i + 1].text)
        ent.person_names.add(name)
        ent.first_seen[name] = min(ent.first_seen.get(name, at[0]), at[0])

    # Stock words and numbers: never names.
    for _, _, toks, _ in docs:
        for t in toks:
            if t.lower_ in words.stock_words and an.mention(t) is None:
                ent.kinds.setdefault((id(t.doc), t.i), STOCK)
    # The reference's own people (creators, staff, cast) are PERSON mentions.
    for m in an.mentions:
        if m.kind == REF_PERSON:
            mark(m.span[0], m.span[-1], PERSON)
            ent.person_names.add(normalise(m.span.text))
    for block, piece, toks, runs in docs:
        at[0] = block.index
        doc = piece.doc
        _credits_as(an, ent, doc, toks, runs, person, mark, char_in)
        _credits_by(ent, doc, toks, runs, person, mark)
        _relative_credits(ent, doc, toks, runs, person)
        _role_nouns(an, ent, doc, toks, runs, person)
        _cast_lists(ent, doc, runs, person)
        _places_works(an, ent, doc, toks, runs, mark)
        _companies(ent, block, piece, toks, runs, mark)
        _bylines(ent, block, piece, runs, person)
        if ent.cast_section(block):
            _cast_lines(an, ent, block, doc, toks, runs, person)
    # A person's full name, or surname alone, named again later in the article.
    ref_words = {w.lower() for c in an.ref.characters for n in c.names for w in n.split()}
    seen_words: dict[str, int] = {}
    for name, where in ent.first_seen.items():
        for w in name.split():
            if len(w) >= 3 and w not in ref_words and w not in words.stock_words:
                seen_words[w] = min(seen_words.get(w, where), where)
    ent.person_words = set(seen_words)
    for block, piece, _, runs in docs:
        for first, last in runs:
            text = normalise(piece.doc[first.i : last.i + 1].text)
            if char_in(first, last):
                continue
            if ent.first_seen.get(text, block.index + 1) <= block.index or (
                    first.i == last.i and seen_words.get(text, block.index + 1) <= block.index):
                mark(first, last, PERSON)
    return ent


def _run_ending(runs: list[tuple[Token, Token]], i: int) -> tuple[Token, Token] | None:
    return next((r for r in runs if r[1].i == i), None)


def _run_starting(runs: list[tuple[Token, Token]], i: int) -> tuple[Token, Token] | None:
    return next((r for r in runs if r[0].i == i), None)


def _credits_as(an: MentionsView, ent: Entities, doc: Doc, toks: list[Token],
                runs: list[tuple[Token, Token]], person: Any, mark: Any, char_in: Any
                ) -> None:
    """ "X as Y", "X (Other Show) as Y", "X voices Y"; also "Y as X" when Y is known.

    X may be the surname alone of a performer the reference lists ("Okabe voices Castor"),
    which the small model often tags as a common noun at the start of a sentence.
    """
    surnames = an.ref.surnames()
    triggers = {"as", *ent.words.performer_verbs}
    for tok in toks:
        if tok.i == 0 or tok.lower_ not in triggers:
            continue
        j = tok.i - 1
        work: tuple[Token, Token] | None = None
        if doc[j].text == ")":  # "X (Other Show) as Y"
            k = j - 1
            while k > 0 and doc[k].text != "(" and j - k < 12:
                k -= 1
            if doc[k].text != "(" or k == 0:
                continue
            if k + 1 <= j - 1:
                work = (doc[k + 1], doc[j - 1])
            j = k - 1
        left = _run_ending(runs, j)
        if left is None and j >= 0 and doc[j].text in surnames:
            left = (doc[j], doc[j])
        right = _run_starting(runs, tok.i + 1)
        gap = 0
        while right is None and gap < 2 and tok.i + 1 + gap < len(doc) and (
                doc[tok.i + 1 + gap].is_lower
                and doc[tok.i + 1 + gap].pos_ in ("DET", "NOUN", "ADJ")):
            gap += 1  # "X as the Grandmama", "X as dad Gomez"
            right = _run_starting(runs, tok.i + 1 + gap)
        if left is None or right is None:
            continue
        if gap and not (char_in(*right) or all(doc[tok.i + 1 + g].pos_ == "DET"
                                               for g in range(gap))):
            continue
        nxt = doc[right[1].i + 1] if right[1].i + 1 < len(doc) else None
        if nxt is not None and nxt.lower_ in ("'s", "’s"):
            continue  # "Yuji as Sukuna's vessel"
        lchar, rchar = char_in(*left), char_in(*right)
        if lchar and rchar:
            continue
        if lchar and not rchar and tok.lower_ == "as":  # "Silco as Jason Spisak"
            performer, role = right, left
        elif not lchar:
            performer, role = left, right
        else:
            continue
        person(*performer)
        if work is not None:
            mark(work[0], work[1], WORK)
        for t in doc[role[0].i : role[1].i + 1]:
            ent.slots.add((id(doc), t.i))
        ent.credits.append(Credit(performer, role, tok.lower_))


def _relative_credits(ent: Entities, doc: Doc, toks: list[Token],
                      runs: list[tuple[Token, Token]], person: Any) -> None:
    """ "X, who plays Y", "X, who portrayed Y": X is a performer, Y the role."""
    verbs = ent.words.performer_verbs
    for tok in toks:
        if tok.lower_ not in verbs or tok.dep_ != "relcl":
            continue
        if not any(c.dep_ == "nsubj" and c.lower_ in ("who", "that") for c in tok.children):
            continue
        run = ent.run_of(tok.head)
        if run is not None:
            person(*run)
            role = _run_starting(runs, tok.i + 1)
            if role is not None:
                for t in doc[role[0].i : role[1].i + 1]:
                    ent.slots.add((id(doc), t.i))


def _list_after(doc: Doc, runs: list[tuple[Token, Token]], i: int
                ) -> Iterator[tuple[Token, Token]]:
    """Name runs listed from token ``i`` on: "A, B and C", "A & B"."""
    while i < len(doc):
        run = _run_starting(runs, i)
        if run is None:
            return
        yield run
        i = run[1].i + 1
        if i < len(doc) and doc[i].text == "(":  # "A (Other Show), B"
            while i < len(doc) and doc[i].text != ")":
                i += 1
            i += 1
        if i < len(doc) and doc[i].lower_ in (",", "and", "&", "or"):
            i += 1
            if i < len(doc) and doc[i].lower_ in ("and", "&", "or"):
                i += 1
        else:
            return


def _credits_by(ent: Entities, doc: Doc, toks: list[Token], runs: list[tuple[Token, Token]],
                person: Any, mark: Any) -> None:
    """ "voiced by X", "music by X" (and the names listed with X); "starring A, B and C";
    "animated by X", "published by X": companies."""
    lowered = [t.lower_ for t in toks]
    for tok in toks:
        if lowered[tok.i] != "by":
            continue
        if tok.i > 0 and doc[tok.i - 1].lower_ in ent.words.company_verbs:
            for run in _list_after(doc, runs, tok.i + 1):
                mark(*run, COMPANY, force=True)
            continue
        if tok.i > 0 and (
            doc[tok.i - 1].lower_ in ent.words.credit_verbs
            or doc[tok.i - 1].lower_ in ent.words.credit_nouns
        ):
            for run in _list_after(doc, runs, tok.i + 1):
                person(*run)
            verb = doc[tok.i - 1]
            if verb.lower_ in ent.words.credit_verbs and verb.lower_ in (
                "voiced", "played", "portrayed", "performed"
            ):
                j = verb.i - 1
                while j >= 0 and doc[j].text in ("(", ",", "-", "–", "—"):
                    j -= 1
                role = _run_ending(runs, j) if j >= 0 else None
                if role is not None:
                    for t in doc[role[0].i : role[1].i + 1]:
                        ent.slots.add((id(doc), t.i))
    # Where each word is, so that an opener is compared only where its first word is.
    where: dict[str, list[int]] = {}
    for i, low in enumerate(lowered):
        where.setdefault(low, []).append(i)
    for opener in ent.words.cast_openers:
        n = len(opener)
        for i in where.get(opener[0], ()):
            if i >= len(doc) - n:
                break
            if tuple(lowered[i : i + n]) == opener:
                j = i + n
                while j < len(doc) and doc[j].lower_ in (":", "the", "actors", "actor", "are",
                                                          "is", "include", "includes"):
                    j += 1
                for run in _list_after(doc, runs, j):
                    person(*run)


def _role_nouns(an: MentionsView, ent: Entities, doc: Doc, toks: list[Token],
                runs: list[tuple[Token, Token]], person: Any) -> None:
    """ "director X", "voice actors A and B", "X is the director", "X, the composer",
    "X (director)"."""
    roles = ent.words.role_nouns
    for tok in toks:
        word = _role_word(doc, tok, roles)
        if word is None:
            continue
        after = _run_starting(runs, tok.i + 1)
        if after is not None and not (tok.i + 1 < len(doc) and doc[tok.i].whitespace_ == ""):
            for run in _list_after(doc, runs, tok.i + 1):
                person(*run)
            continue
        if (tok.i + 1 < len(doc) and doc[tok.i + 1].text == ")" and tok.i >= 2
                and doc[tok.i - 1].text == "("):
            before = _run_ending(runs, tok.i - 2)
            if before is not None:
                person(*before)
            continue
        described = an.describes(tok)
        named = ent.run_of(described) if described is not None else None
        if named is not None and tok.tag_ != "NNS":
            person(*named)


def _role_word(doc: Doc, tok: Token, roles: frozenset[str]) -> str | None:
    """The role noun ending at ``tok`` (two words before one), plural or singular."""
    if tok.pos_ not in ("NOUN", "PROPN"):
        return None
    lows = [tok.lower_, tok.lemma_.lower()]
    if tok.i > 0:
        prev = doc[tok.i - 1].lower_
        for low in lows:
            if f"{prev} {low}" in roles:
                return f"{prev} {low}"
    return next((low for low in lows if low in roles), None)


def _cast_lists(ent: Entities, doc: Doc, runs: list[tuple[Token, Token]], person: Any
                ) -> None:
    """A list of names joined to a person by "and" or commas is a list of people."""
    for run in runs:
        if ent.kinds.get((id(doc), run[0].i)) != PERSON:
            continue
        for other in _list_after(doc, runs, run[0].i):
            if other is not run and not ent.slots & {(id(doc), t.i) for t in
                                                      doc[other[0].i : other[1].i + 1]}:
                nxt = doc[other[1].i + 1] if other[1].i + 1 < len(doc) else None
                if nxt is None or nxt.lower_ != "as":
                    person(*other)


def _places_works(an: MentionsView, ent: Entities, doc: Doc, toks: list[Token],
                  runs: list[tuple[Token, Token]], mark: Any) -> None:
    """Place and work entities, "X (a port city)", "the town of X", "X, a city"."""
    for e in ents(doc):
        if e.label_ in _PLACE_ENTS:
            mark(e[0], e[-1], PLACE)
        elif e.label_ == "WORK_OF_ART":
            mark(e[0], e[-1], WORK)
    places = ent.words.place_nouns
    for tok in toks:
        if tok.lemma_.lower() not in places and tok.lower_ not in places:
            continue
        # "X (rich city)": a parenthesis right after a name.
        k = tok.i
        while k > 0 and doc[k].text != "(" and tok.i - k < 5:
            k -= 1
        if doc[k].text == "(" and k > 0:
            before = _run_ending(runs, k - 1)
            if before is not None:
                mark(*before, PLACE)
        # "the city of X", "a town called X".
        nxt = tok.i + 1
        if nxt < len(doc) and doc[nxt].lower_ in ("of", "called", "named"):
            after = _run_starting(runs, nxt + 1)
            if after is not None:
                mark(*after, PLACE)
        described = an.describes(tok)
        place = ent.run_of(described) if described is not None else None
        if place is not None:
            mark(*place, PLACE)


def _companies(ent: Entities, block: Block, piece: Any, toks: list[Token],
               runs: list[tuple[Token, Token]], mark: Any) -> None:
    """Credit lines ("courtesy of X", "© X") and names ending in a company word."""
    doc = piece.doc
    text = doc.text
    for rx in ent.words.credit_lines:
        for m in rx.finditer(text):
            at = m.end()
            tok = next((t for t in toks if t.idx >= at), None)
            if tok is None:
                continue
            for run in _list_after(doc, runs, tok.i):
                mark(*run, COMPANY)
    cw = ent.words.company_words
    for first, last in runs:
        if last.lower_ in cw or (first.lower_ in cw and first.i != last.i):
            mark(first, last, COMPANY, force=True)


def _bylines(ent: Entities, block: Block, piece: Any, runs: list[tuple[Token, Token]],
             person: Any) -> None:
    if len(block.text.split()) > 14 or piece.start != 0:
        return
    for rx in ent.words.byline:
        m = rx.match(block.text)
        if m is None:
            continue
        tok = next((t for t in piece.doc if t.idx >= m.end()), None)
        if tok is not None:
            for run in _list_after(piece.doc, runs, tok.i):
                person(*run)
        return


def _cast_lines(an: MentionsView, ent: Entities, block: Block, doc: Doc, tokens: list[Token],
                runs: list[tuple[Token, Token]], person: Any) -> None:
    """In a cast section, a verbless line that names a character ("Rin Aoba  Wren" in a
    cast table) credits the other names on it: they are people."""
    from factlint.facts.model import CHARACTER

    line_of: dict[int, int] = {}
    line = 0
    for t in tokens:
        line += t.text.count("\n") if t.is_space else 0
        line_of[t.i] = line
    by_line: dict[int, list[Token]] = {}
    for t in tokens:
        by_line.setdefault(line_of[t.i], []).append(t)
    for toks in by_line.values():
        if any(t.pos_ in ("VERB", "AUX") for t in toks) or len(toks) > 16:
            continue
        if not any((m := an.mention(t)) is not None and m.kind == CHARACTER for t in toks):
            continue
        keys = {t.i for t in toks}
        for first, last in runs:
            if first.i in keys and not any(an.mention(t) is not None or ent.in_slot(t)
                                           for t in doc[first.i : last.i + 1]):
                person(first, last)
