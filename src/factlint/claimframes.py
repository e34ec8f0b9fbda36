"""Claim frames: what a sentence claims, read from its parse rather than its words.

A reworded repeat often shares too few content words for an overlap score ("Season 2 has
no premiere date yet" / "the premiere date of the second season has not been announced"
share two). What the two share is their *claim*: the same thing (the premiere date) said
to be unsettled, about the same numbers. This module reads two kinds of claim from a
parsed sentence, both from the parse and the words of FL202's pack
(rules/structure/paraphrases.yaml, ``claims`` table), never from a list of sentences:

* **unsettled topics**: a thing said not to exist yet or not to be known: a negated
  existential or possessive ("there is no X", "it has no X"), a negated status verb
  ("X has not been announced / confirmed / renewed / set"), a status adjective ("X is
  unknown / uncertain"), or a negated one ("X is not confirmed"). A light noun ("there
  is no *update* on X") hands the claim to what it is about. The topic is the noun's
  lemma (its paraphrase group's lemma).
* **anchors**: the sentence's numbers (digits, ordinals read as digits) and months,
  its content verbs (paraphrase groups counted as one) and whether it is negated. Two
  sentences with the same anchors, the same verbs and the same polarity make the same
  claim even when only 60% of their content words are shared.

The frames are small tuples of strings, kept once the parses are released (like the
content lemmas of :mod:`factlint.duplication`).
"""

from __future__ import annotations

import sys
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from factlint.errors import ConfigError

if TYPE_CHECKING:
    from spacy.tokens import Span, Token


@dataclass(frozen=True)
class ClaimWords:
    """The words claim frames are read with (FL202's ``claims`` tables, merged)."""

    status_verbs: frozenset[str] = frozenset()  # negated: the thing is not settled
    existential: frozenset[str] = frozenset()  # "there is no X", "it has no X"
    unsettled_adjectives: frozenset[str] = frozenset()  # "X is unknown"
    settled_adjectives: frozenset[str] = frozenset()  # negated: "X is not confirmed"
    light_nouns: frozenset[str] = frozenset()  # "no update on X": the claim is about X
    naming_nouns: frozenset[str] = frozenset()  # "season 2": the number names a work
    negators: frozenset[str] = frozenset()  # determiners and adverbs that negate
    months: frozenset[str] = frozenset()
    pointer_verbs: frozenset[str] = frozenset()  # "watch the trailer below": no claim
    pointer_places: frozenset[str] = frozenset()
    ordinals: Mapping[str, str] | None = None  # "second" -> "2"

    @classmethod
    def from_tables(cls, tables: Iterable[Any]) -> ClaimWords:
        """Merge the ``claims`` tables of FL202 packs (lists are joined, ordinals
        updated); a malformed table is a :class:`ConfigError`."""
        lists: dict[str, set[str]] = {k: set() for k in _LIST_KEYS}
        ordinals: dict[str, str] = {}
        for table in tables:
            claims = table.get("claims") if isinstance(table, dict) else None
            if claims is None:
                continue
            if not isinstance(claims, dict):
                raise ConfigError("FL202 pack: 'claims' must be a mapping")
            for key, value in claims.items():
                if key == "ordinals":
                    if not isinstance(value, dict):
                        raise ConfigError("FL202 pack: 'claims.ordinals' must map words to numbers")
                    ordinals.update({str(k).lower(): str(v) for k, v in value.items()})
                elif key in lists:
                    if not isinstance(value, list):
                        raise ConfigError(f"FL202 pack: 'claims.{key}' must be a list of words")
                    lists[key].update(str(w).strip().lower() for w in value if str(w).strip())
                else:
                    raise ConfigError(f"FL202 pack: unknown key 'claims.{key}' (known: "
                                      f"{', '.join(sorted((*_LIST_KEYS, 'ordinals')))})")
        return cls(**{k: frozenset(v) for k, v in lists.items()}, ordinals=ordinals)


_LIST_KEYS = ("status_verbs", "existential", "unsettled_adjectives", "settled_adjectives",
              "light_nouns", "naming_nouns", "negators", "months", "pointer_verbs",
              "pointer_places")


@dataclass(frozen=True)
class Frame:
    """What one sentence claims: its unsettled topics, numbers, months, verbs, polarity."""

    unsettled: tuple[str, ...]
    numbers: tuple[str, ...]  # every number, the subject phrase's too ("season 2" vs "3")
    months: tuple[str, ...]
    verbs: tuple[str, ...]
    negated: bool
    subject: tuple[str, ...] = ()  # numbers of the heading keyword phrase: no anchor
    names: tuple[str, ...] = ()  # numbers that name a work: "season 2", "Harbour Lights 2"

    def anchors(self) -> frozenset[str]:
        """Numbers and months that tie a claim down. A number that names a work ("Season
        4", "Harbour Lights 2", the heading keyword phrase's) is in sentence after
        sentence of a page about it and ties nothing down."""
        return ((frozenset(self.numbers) - frozenset(self.subject) - frozenset(self.names))
                | frozenset(self.months))


NO_CLAIM = Frame((), (), (), (), False)


def _lemma(tok: Token) -> str:
    return (tok.lemma_ or tok.text).lower().strip("'’")


def _negated(tok: Token, words: ClaimWords) -> bool:
    return any(c.dep_ == "neg" or _lemma(c) in words.negators for c in tok.children)


def _topic(tok: Token | None, words: ClaimWords, canon: Mapping[str, str]) -> str | None:
    """The lemma a claim is about: a noun (not a pronoun), through a light noun to what
    it is about ("no update on the date" -> date)."""
    if tok is None or tok.pos_ not in ("NOUN", "PROPN"):
        return None
    lemma = _lemma(tok)
    if lemma in words.light_nouns:
        for prep in tok.children:
            if prep.dep_ == "prep":
                inner = next((c for c in prep.children if c.dep_ == "pobj"), None)
                if inner is not None:
                    return _topic(inner, words, canon)
        return None
    return sys.intern(canon.get(lemma, lemma))


def _child(tok: Token, *deps: str) -> Token | None:
    return next((c for c in tok.children if c.dep_ in deps), None)


def _subordinate(tok: Token) -> bool:
    """Whether ``tok`` is inside an adverbial clause ("since the date is not set, ...")."""
    while tok.head.i != tok.i:
        if tok.dep_ == "advcl":
            return True
        tok = tok.head
    return False


def _unsettled(sent: Span, words: ClaimWords, canon: Mapping[str, str]) -> set[str]:
    """The topics ``sent`` says are unsettled: those of its main clauses, or, when they
    claim none, those of its adverbial clauses ("since the date has not been announced,
    there is none"); a reason given in passing is not the claim of a sentence that makes
    its own ("since the season is not confirmed, there is no trailer")."""
    main: set[str] = set()
    subordinate: set[str] = set()
    for tok in sent:
        lemma = _lemma(tok)
        topic: list[str | None] = []
        if tok.pos_ in ("VERB", "AUX") and lemma in words.existential:
            # "there is no date", "it does not have a date", "there isn't a date yet",
            # "no date exists"; a copula's subject is no such thing ("Hannah wasn't the
            # only one", "it won't be Hannah").
            deps = {c.dep_ for c in tok.children}
            for obj in tok.children:
                if obj.pos_ not in ("NOUN", "PROPN") or not (
                        _negated(obj, words) or _negated(tok, words)):
                    continue
                if obj.dep_ == "dobj" or (obj.dep_ == "attr" and "expl" in deps) or (
                        obj.dep_ == "nsubj" and not deps & {"attr", "acomp"}):
                    topic.append(_topic(obj, words, canon))
        elif tok.pos_ == "VERB" and (lemma in words.status_verbs or canon.get(
                lemma, lemma) in words.status_verbs) and _negated(tok, words):
            # "the date has not been announced", "the studio has not confirmed the date"
            topic.append(_topic(_child(tok, "nsubjpass") or _child(tok, "dobj"), words, canon))
        elif tok.pos_ == "ADJ" and tok.dep_ in ("acomp", "attr") and (
                lemma in words.unsettled_adjectives
                or (lemma in words.settled_adjectives and _negated(tok.head, words))):
            # "the date is still unknown", "the date is not official"
            topic.append(_topic(_child(tok.head, "nsubj", "nsubjpass"), words, canon))
        found = {t for t in topic if t is not None}
        if found:
            (subordinate if _subordinate(tok) else main).update(found)
    return main or subordinate


def points_at_media(sent: Span, words: ClaimWords) -> bool:
    """Whether ``sent`` only points at something embedded on the page: "Watch the new
    trailer below", "You can see the teaser here". A pointer verb in its base form heads
    the sentence, addressed to no one or to the reader, and a place word stands alone
    ("below", not "below the surface")."""
    root = sent.root
    if _lemma(root) not in words.pointer_verbs or root.tag_ != "VB":
        return False
    if any(c.dep_ in ("nsubj", "nsubjpass") and c.lower_ != "you" for c in root.children):
        return False
    return any(t.lower_ in words.pointer_places and not any(c.dep_ == "pobj" for c in t.children)
               for t in sent)


def frame(sent: Span, words: ClaimWords, canon: Mapping[str, str],
          subject: frozenset[str] = frozenset()) -> Frame:
    """The claim frame of a parsed sentence (a question or a pointer at embedded media
    claims nothing); ``subject``: the words of the heading keyword phrase."""
    if sent.text.rstrip().rstrip(":").endswith("?") or points_at_media(sent, words):
        return NO_CLAIM
    numbers: set[str] = set()
    names: set[str] = set()
    months: set[str] = set()
    verbs: set[str] = set()
    negated = False
    ordinals = words.ordinals or {}
    for tok in sent:
        lemma = _lemma(tok)
        if tok.dep_ == "neg" or (lemma in words.negators and tok.dep_ in ("det", "neg")):
            negated = True
        digits = "".join(ch for ch in tok.text if ch.isdigit())
        number = (digits.lstrip("0") or "0") if digits and tok.like_num else ordinals.get(lemma)
        if number is not None:
            numbers.add(number)
            if _names_work(tok, words):
                names.add(number)
        elif tok.pos_ == "PROPN" and lemma in words.months:
            months.add(lemma)
        elif tok.pos_ == "VERB" and not tok.is_stop:
            verbs.add(canon.get(lemma, lemma))
    intern = sys.intern
    return Frame(
        tuple(sorted(_unsettled(sent, words, canon))),
        tuple(sorted(intern(n) for n in numbers)),
        tuple(sorted(intern(m) for m in months)),
        tuple(sorted(intern(v) for v in verbs)),
        negated,
        tuple(sorted(n for n in numbers if n in subject)),
        tuple(sorted(intern(n) for n in names)),
    )


def _names_work(tok: Token, words: ClaimWords) -> bool:
    """A number that is part of a work's name: the number or ordinal of a naming noun
    ("season 2", "the second season") or a number right after a name ("Harbour
    Lights 2")."""
    if _lemma(tok.head) in words.naming_nouns and tok.head.i != tok.i:
        return True
    if tok.i <= tok.sent.start:
        return False
    before = tok.nbor(-1)
    return before.pos_ == "PROPN" and _lemma(before) not in words.months


def _names_agree(a: Frame, b: Frame) -> bool:
    """Two frames do not name two different works ("season 2" and "season 3")."""
    return not (a.names and b.names and not set(a.names).intersection(b.names))


def same_unsettled(a: Frame, b: Frame) -> str | None:
    """The topic both frames say is unsettled, when their numbers do not tell two
    different things apart ("season 2" and "season 3" do)."""
    shared = set(a.unsettled).intersection(b.unsettled)
    if not shared:
        return None
    if a.numbers and b.numbers and not set(a.numbers).intersection(b.numbers):
        return None
    return min(shared)


def same_anchored_claim(short: Frame, long: Frame, long_lemmas: Iterable[str]) -> bool:
    """The shorter sentence's numbers and months all recur in the longer one, with its
    verbs and its polarity: the same dated or counted claim said again."""
    anchors = short.anchors()
    if (not anchors or not anchors <= long.anchors() or short.negated != long.negated
            or not _names_agree(short, long)):
        return False
    said = set(long_lemmas) | set(long.verbs)
    return bool(short.verbs) and all(v in said for v in short.verbs)
