"""Relation statements in an article: "Y is X's sister", "X's sister Y", "Y, X's mother",
"X and his brother Y". Shared by FL402 (relation-contradiction) and FL406 (unknown-character).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from factlint.facts.lexicon import merge_tables

if TYPE_CHECKING:
    from spacy.tokens import Token

    from factlint.document import Sentence
    from factlint.facts.mentions import Analysis
    from factlint.facts.model import Character


@dataclass
class RelationWords:
    words: set[str] = field(default_factory=set)
    general: dict[str, set[str]] = field(default_factory=dict)
    inverse: dict[str, set[str]] = field(default_factory=dict)
    denials: dict[str, str] = field(default_factory=dict)  # "only child" -> "sibling"

    def satisfies(self, specific: str, word: str) -> bool:
        """Whether a reference relation ``specific`` is also a ``word`` (twin sister: sister).

        A relation and the same relation with a qualifier agree ("adoptive brother" and
        "brother"): the article says less, or more, than the reference, not otherwise.
        """
        if specific == word or word in self.general.get(specific, set()):
            return True
        return specific.endswith(" " + word) or word.endswith(" " + specific)

    def is_a(self, specific: str, kind: str) -> bool:
        """Whether relation ``specific`` is, through any chain of generalisations, a
        ``kind`` ("adoptive brother" -> "brother" -> "sibling")."""
        seen: set[str] = set()
        todo = [specific]
        while todo:
            word = todo.pop()
            if word == kind:
                return True
            if word in seen:
                continue
            seen.add(word)
            todo.extend(self.general.get(word, ()))
            if " " in word:
                todo.append(word.split()[-1])
        return False

    def inverse_of(self, word: str) -> set[str]:
        out = set(self.inverse.get(word, set()))
        generals = set(self.general.get(word, set()))
        if " " in word:  # "adoptive brother" inverts like "brother"
            generals.add(word.split()[-1])
        for general in generals:
            out |= self.inverse.get(general, set())
        return out


def relation_words(tables: list[Any]) -> RelationWords:
    """The relation vocabulary from FL402's pack ``data`` tables."""
    data: dict[str, Any] = merge_tables(tables)

    def norm(value: Any) -> str:
        return " ".join(str(value).lower().split())

    return RelationWords(
        words={norm(w) for w in data.get("words") or []},
        general={norm(k): {norm(x) for x in v} for k, v in (data.get("general") or {}).items()},
        inverse={norm(k): {norm(x) for x in v} for k, v in (data.get("inverse") or {}).items()},
        denials={norm(k): norm(v) for k, v in (data.get("denials") or {}).items()},
    )


@dataclass
class Statement:
    """"``other`` is ``owner``'s ``word``" as the article says it."""

    sentence: Sentence
    word: str
    owner: Character
    owner_token: Token  # the possessive (or "of" object) naming the owner
    noun: Token  # the relation noun (last token of the word)
    other_token: Token  # the token naming the other person
    other: Character | None  # None: a name the reference does not have
    other_text: str = ""  # the other person's name as written


def statements(an: Analysis, rel: RelationWords, sentence: Sentence) -> Iterator[Statement]:
    for tok in sentence.tokens:
        if tok.pos_ != "NOUN" or an.token_in_quote(tok):
            continue
        word = _relation_word(rel, tok)
        if word is None:
            continue
        owner_tok = next((c for c in tok.children if c.dep_ == "poss"), None)
        if owner_tok is None:
            prep = next((c for c in tok.children if c.dep_ == "prep" and c.lower_ == "of"), None)
            owner_tok = next((c for c in prep.children if c.dep_ == "pobj"), None) if prep \
                else None
        if owner_tok is None:
            continue
        owner = an.referent(owner_tok)[1]
        if owner is None:
            continue
        other_tok = an.describes(tok)
        if other_tok is None:
            continue
        m = an.mention(other_tok)
        if m is not None:
            if m.character is None or m.character is owner:
                continue
            yield Statement(sentence, word, owner, owner_tok, tok, other_tok, m.character,
                            m.text)
        elif other_tok.pos_ == "PROPN":
            first, last = name_span(other_tok)
            yield Statement(sentence, word, owner, owner_tok, tok, other_tok, None,
                            other_tok.doc[first.i : last.i + 1].text)


@dataclass
class Denial:
    """"``who`` is an only child": the article denies ``who`` every ``kind`` relation."""

    sentence: Sentence
    phrase: str  # as the pack writes it ("only child")
    kind: str  # the relation denied ("sibling")
    who: Character
    first: Token  # the phrase's tokens, for the finding
    last: Token


def denials(an: Analysis, rel: RelationWords, sentence: Sentence) -> Iterator[Denial]:
    """Descriptions such as "X is an only child" ("He is the only son", "X, an only child,")
    about a character; negated ones ("is not an only child") and quotes are skipped."""
    if not rel.denials:
        return
    for tok in sentence.tokens:
        if tok.pos_ != "NOUN" or an.token_in_quote(tok):
            continue
        for mod in tok.lefts:
            phrase = f"{mod.lower_} {tok.lower_}"
            if mod.dep_ != "amod" or phrase not in rel.denials:
                continue
            if any(c.dep_ == "prep" for c in tok.children):
                continue  # "the only child of Grisha": a relation, read by statements()
            described = an.describes(tok)
            if described is None or any(c.dep_ == "neg" for c in tok.head.children):
                continue
            who = an.referent(described)[1]
            if who is not None:
                yield Denial(sentence, phrase, rel.denials[phrase], who, mod, tok)


def _relation_word(rel: RelationWords, tok: Token) -> str | None:
    prev = tok.doc[tok.i - 1] if tok.i > 0 else None
    if prev is not None and prev.head.i == tok.i:
        pair = f"{prev.lower_} {tok.lower_}"
        if pair in rel.words:
            return pair
    for key in (tok.lower_, tok.lemma_.lower()):
        if key in rel.words:
            return key
    return None


def name_span(token: Token) -> tuple[Token, Token]:
    """First and last token of the proper name ``token`` ends (its compound chain)."""
    first = token
    for child in token.lefts:
        if child.dep_ == "compound" and child.pos_ == "PROPN":
            first = child if child.i < first.i else first
    return first, token
