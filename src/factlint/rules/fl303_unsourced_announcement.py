"""FL303 unsourced-announcement: "has been confirmed" with no one who confirmed it."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from factlint.document import Block
from factlint.evidence import Evidence, subjects_of, tokens_in
from factlint.finding import Severity
from factlint.nlp import ent_type
from factlint.registry import register
from factlint.rules._claims import Claim, ClaimRule, Scan

if TYPE_CHECKING:
    from spacy.tokens import Token


@register
class UnsourcedAnnouncement(ClaimRule):
    code = "FL303"
    name = "unsourced-announcement"
    severity = Severity.WARNING
    summary = "An announcement ('has been confirmed', 'officially') is reported with no source."
    explanation = (
        "'A second season has been confirmed', 'it was officially announced', 'its confirmed "
        "sequel', 'reportedly' and a delay ('the season was pushed back', 'has been "
        "delayed') state that someone announced something without saying who "
        "or where, so a reader cannot check it and a rumour reads like news. Link the "
        "announcement or name who made it and where (a studio, publisher or streamer, its "
        "official site or account, a press release or event). A source anywhere in the "
        "paragraph counts (option evidence_scope); negated wording "
        "('has not been confirmed', 'has yet to be confirmed') is not flagged, nor is a "
        "named company doing the official act ('Wit Studio officially dropped the "
        "trailer'), a plural trend ('previously announced renewals', 'many shows are "
        "delayed') or a past 'was "
        "renewed' in a paragraph that names the network. Patterns and word lists: "
        "rules/claims/fl303-announcement.yaml."
    )
    bad_example = "A second season has already been confirmed."
    good_example = (
        "Aniplex announced a second season on the show's official X account on 28 June."
    )
    defers_to_attribution = True
    advice = (
        "link the announcement or name who confirmed it, e.g. 'according to the studio's "
        "official X account'"
    )

    def claims(self, block: Block, scan: Scan) -> Iterator[Claim]:
        evidence = scan.evidence
        words = self.words
        for claim in super().claims(block, scan):
            claim.news_cover = True  # news whose title or lede names who announced it
            tokens = tokens_in(claim.sentence, claim.start, claim.end)
            label = claim.label
            if not tokens:
                yield claim
            elif label == "passive" and any(c.tag_ == "MD" for c in tokens[-1].children):
                continue  # "will be renewed", "could be announced": FL305's, not a report
            elif label == "passive" and _in_story(tokens[-1], words):
                continue  # "was revealed in the finale": a story event, not an announcement
            elif label == "officially" and _named_actor(tokens, evidence, words):
                continue  # "Wit Studio officially dropped the trailer": the studio is the source
            elif label == "settled" and tokens[-1].tag_ in ("NNS", "NNPS"):
                continue  # "previously announced renewals": a trend, not one announcement
            elif label == "settled" and _time_reference(tokens[-1], words):
                continue  # "leaks come out before the official release date": a time
            elif label == "settled" and tokens[-1].dep_ == "dobj" and _named_doer(
                    tokens[-1].head, evidence, words):
                continue  # "Rockstar dropped the official trailer": its maker is named
            elif label == "passive" and _trend(tokens[-1], words):
                continue  # "many shows are delayed": a trend, not one announcement
            elif label == "passive" and _background(tokens, block, evidence, words):
                continue  # "The series was renewed ..." where the paragraph names the network
            else:
                yield claim


def _time_reference(noun: Token, words: dict[str, frozenset[str]]) -> bool:
    """The noun phrase only places something in time ("before the official release
    date", "ahead of the confirmed premiere"): it claims no announcement of its own."""
    prep = noun.head
    if noun.dep_ != "pobj":
        return False
    if prep.lower_ == "of" and prep.head.lower_ in ("ahead", "prior"):
        return True
    return prep.lower_ in words.get("time_prepositions", frozenset())


def _trend(verb: Token, words: dict[str, frozenset[str]]) -> bool:
    """The passive's subject is a quantified plural ("many shows", "several films")."""
    quantifiers = words.get("trend_quantifiers", frozenset())
    return any(s.dep_ == "nsubjpass" and s.tag_ in ("NNS", "NNPS") and any(
        c.lower_ in quantifiers for c in s.children if c.dep_ in ("amod", "det", "nummod"))
        for s in verb.children)


def _in_story(verb: Token, words: dict[str, frozenset[str]]) -> bool:
    """The verb happens inside the work: "was teased in the last episode", "his
    identity is revealed", "Mira is revealed to be the killer"."""
    places = words.get("story_places", frozenset())
    if any(p.dep_ == "pobj" and p.lemma_.lower() in places
           for prep in verb.children if prep.dep_ == "prep"
           for p in prep.children):
        return True
    secrets = words.get("story_subjects", frozenset())
    for c in verb.children:
        if c.dep_ == "nsubjpass" and c.lemma_.lower() in secrets:
            return True  # what a story keeps hidden until it is revealed
        if c.dep_ == "xcomp" and any(a.lower_ == "to" for a in c.children):
            return True  # "is revealed to be the killer": a twist, not a press release
    return False


def _named_actor(tokens: list[Token], evidence: Evidence, words: dict[str, frozenset[str]]
                 ) -> bool:
    """The verb 'officially' modifies is done, in the active voice, by a named company or person."""
    return _named_doer(next((t for t in tokens if t.pos_ == "VERB"), tokens[0].head),
                       evidence, words)


def _named_doer(verb: Token, evidence: Evidence, words: dict[str, frozenset[str]]) -> bool:
    """``verb`` is done, in the active voice with an object (or a clause, where a title
    was parsed as one), by a named company or person."""
    if verb.pos_ != "VERB" or any(c.dep_ in ("auxpass", "nsubjpass") for c in verb.children):
        return False
    if not any(c.dep_ in ("dobj", "ccomp") for c in verb.children):
        return False  # "the trailer officially dropped": nobody is doing it
    kinds = words.get("actor_entities", frozenset())
    names = words.get("actor_names", frozenset())
    for subj in subjects_of(verb):
        parts = [subj, *(c for c in subj.children if c.dep_ == "compound")]
        if evidence.is_named(subj) and any(
                ent_type(t).lower() in kinds or t.lemma_.lower() in evidence.cues.source_nouns
                or t.lower_ in names for t in parts):
            return True
    return False


def _background(tokens: list[Token], block: Block, evidence: Evidence,
                words: dict[str, frozenset[str]]) -> bool:
    """A past 'was renewed' (not 'has been') in a paragraph that names the network."""
    verb = tokens[-1]
    if verb.lemma_.lower() not in words.get("background_verbs", frozenset()):
        return False
    if any(t.lemma_ == "have" for t in tokens) or not any(
            t.lemma_ == "be" and t.tag_ == "VBD" for t in tokens):
        return False
    title = {t.lower_ for s in verb.children if s.dep_ in ("nsubj", "nsubjpass")
             for t in s.subtree}
    network_verbs = words.get("network_verbs", frozenset())
    owned = words.get("network_owned", frozenset())
    preps = words.get("network_preps", frozenset())
    for sentence in block.sentences:
        for tok in sentence.tokens:
            if (tok.pos_ != "PROPN" or tok.lower_ in title
                    or ent_type(tok) in evidence.cues.unnamed_entities):
                continue
            head = tok.head
            if tok.dep_ == "nsubj" and head.lemma_.lower() in network_verbs:
                return True  # "Lumen streams the drama"
            if tok.dep_ == "poss" and head.lemma_.lower() in owned:
                return True  # "Lumen's drama"
            if tok.dep_ == "pobj" and head.lower_ in preps and (
                    head.head.lemma_.lower() in network_verbs | owned):
                return True  # "airs on TNT", "a drama at Freeform"
    return False
