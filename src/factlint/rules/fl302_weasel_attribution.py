"""FL302 weasel-attribution: claims put in the mouths of vague groups ("fans say")."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, ClassVar

from factlint.assertion import hidden_holder
from factlint.document import Block
from factlint.evidence import Evidence, subjects_of, tokens_in
from factlint.finding import Severity
from factlint.registry import Option, register
from factlint.rules._claims import Claim, ClaimRule, Scan, evidence_scope

if TYPE_CHECKING:
    from spacy.tokens import Token


@register
class WeaselAttribution(ClaimRule):
    code = "FL302"
    name = "weasel-attribution"
    severity = Severity.WARNING
    summary = "A claim is attributed to a vague group ('fans say', 'critics agree')."
    explanation = (
        "'Fans say', 'critics agree', 'many believe', 'it is widely known', 'sources close "
        "to the studio said' and 'we've been told' make a claim sound sourced while naming "
        "no one a reader could check; so does the passive ('it was loved by the audience', "
        "'well received by fans'). Name the critic, outlet or poll (or link it), or state "
        "the claim as your own and support it. The phrase is not flagged when the sentence "
        "names or links a source, when it is negated ('critics did not call it a "
        "masterpiece'), when it is quoted speech of a named person, or when the group is "
        "the reader being addressed ('fans can expect a darker arc'). Patterns and word "
        "lists: rules/claims/fl302-weasel.yaml."
    )
    bad_example = "Critics agree that the finale is the best episode of the year."
    good_example = (
        "Writing for Polygon, Jane Doe called the finale 'the best episode of the year'."
    )
    options: ClassVar[dict[str, Option]] = {"evidence_scope": evidence_scope("sentence")}
    advice = (
        "name who says it or link them (e.g. 'Anime News Network's review called it ...'), "
        "or cite the poll or figure"
    )

    def claims(self, block: Block, scan: Scan) -> Iterator[Claim]:
        evidence = scan.evidence
        words = self.words
        modals = words.get("addressee_modals", frozenset())
        inclusive = words.get("inclusive_pronouns", frozenset())
        causatives = words.get("causative_verbs", frozenset())
        found: list[Claim] = []
        for claim in super().claims(block, scan):
            tokens = tokens_in(claim.sentence, claim.start, claim.end)
            if any(t.tag_ == "MD" and t.lower_ in modals for t in tokens):
                continue  # "fans can expect ...": the readers addressed, not a source
            if tokens and any(c.lower_ == "to" and c.dep_ == "aux" for c in tokens[-1].children):
                continue  # "it is only right for fans to speculate": not what they say
            if tokens and tokens[-1].head.lemma_.lower() in causatives and tokens[-1].dep_ in (
                    "ccomp", "xcomp"):
                continue  # "it made viewers argue": what the work did, not what they say
            if tokens and tokens[0].i > tokens[0].sent.start and (
                    tokens[0].doc[tokens[0].i - 1].lower_ in inclusive):
                continue  # "as we all know": the writer and the reader, not a vague group
            if claim.entry is not None and claim.entry.label == "hearsay" and not any(
                    c.dep_ == "ccomp" for c in tokens[-1].children):
                continue  # "we were told to wait": an instruction, not a claim passed on
            found.append(claim)
        found = [c for c in found if not _outlet_owned(c, words)]
        found += self._anonymous(block, evidence, words, found)
        for claim in _group_claims(block, words, scan.assertions.cues.hidden_holders):
            if not any(c.start < claim.end and claim.start < c.end for c in found):
                found.append(claim)
        yield from sorted(found, key=lambda c: c.start)

    def _anonymous(self, block: Block, evidence: Evidence, words: dict[str, frozenset[str]],
                   found: list[Claim]) -> list[Claim]:
        """Reporting verbs whose subject is an unnamed source ("a source close to ... said")."""
        claims: list[Claim] = []
        nouns = words.get("anonymous_sources", frozenset())
        for sentence in block.sentences:
            for verb in sentence.tokens:
                if verb.pos_ != "VERB" or verb.lemma_.lower() not in evidence.cues.reporting_verbs:
                    continue
                for subj in subjects_of(verb):
                    if subj.lemma_.lower() not in nouns or subj.i > verb.i:
                        continue
                    if _owner_named(subj, words):
                        continue  # "the paper's sources said": the outlet's sources
                    first = min(subj.subtree, key=lambda t: t.i)
                    start = sentence.offset_of(first)
                    end = sentence.offset_of(verb) + len(verb.text)
                    if not any(c.start < end and start < c.end for c in found + claims):
                        claims.append(Claim(sentence, start, end,
                                            "claim attributed to an unnamed source"))
        return claims


def _owner_named(noun: Token, words: dict[str, frozenset[str]]) -> bool:
    """The group belongs to a named outlet: "Variety's sources", "the paper's insiders"."""
    outlets = words.get("outlet_nouns", frozenset())
    return any(c.dep_ == "poss" and (c.pos_ == "PROPN" or c.lemma_.lower() in outlets)
               for c in noun.children)


def _outlet_owned(claim: Claim, words: dict[str, frozenset[str]]) -> bool:
    groups = (words.get("group_nouns", frozenset()) | words.get("anonymous_sources", frozenset())
              | words.get("rumour_nouns", frozenset()))  # "Variety's report says"
    tokens = tokens_in(claim.sentence, claim.start, claim.end)
    return any(t.lemma_.lower() in groups and _owner_named(t, words) for t in tokens)


def _group_claims(block: Block, words: dict[str, frozenset[str]], holders: frozenset[str]
                  ) -> Iterator[Claim]:
    """Vague-group attributions read from the parse: reactions, "there are", passives."""
    for sentence in block.sentences:
        for verb in sentence.tokens:
            if verb.pos_ not in ("VERB", "AUX"):
                continue
            found = (_reaction(verb, words) or _passive_reaction(verb, words)
                     or _there_are(verb, words) or _hidden_holder(verb, holders))
            if found is None:
                continue
            first, last, reason, clears = found
            start = sentence.offset_of(first)
            end = sentence.offset_of(last) + len(last.text)
            yield Claim(sentence, start, end, reason, negation_clears=clears)


def _phrases(verb: Token) -> set[str]:
    """The verb with its complement: "fall in love", "go crazy", "be obsessed"."""
    lemma = verb.lemma_.lower()
    found = {lemma}
    if verb.tag_ == "VBN" and any(c.dep_ == "auxpass" for c in verb.children):
        found |= {f"be {verb.lower_}", f"be {lemma}"}
    for c in verb.children:
        if c.dep_ in ("acomp", "advmod"):
            found.add(f"{lemma} {c.lower_}")
        elif c.dep_ == "prep":
            found.add(f"{lemma} {c.lower_}")
            found |= {f"{lemma} {c.lower_} {p.lemma_.lower()}" for p in c.children
                      if p.dep_ == "pobj"}
    return found


def _asks(clause: Token) -> bool:
    """The clause is an indirect question: a wh-word or "if"/"whether" opens it."""
    return any((c.tag_ in ("WRB", "WP", "WDT") and c.i < clause.i)
               or (c.dep_ == "mark" and c.lower_ in ("if", "whether"))
               for c in clause.children)


def _span_end(verb: Token) -> Token:
    """The last word of the reaction: the verb's complement or particle, else the verb."""
    last = verb
    for c in verb.children:
        if c.i > verb.i and c.dep_ in ("acomp", "prt", "neg"):
            last = max(last, c, key=lambda t: t.i)
        if c.i > verb.i and c.dep_ == "prep" and any(p.lower_ == "love" for p in c.children):
            last = max(last, *c.children, key=lambda t: t.i)
    return last


def _group_subject(verb: Token, words: dict[str, frozenset[str]]) -> Token | None:
    groups = words.get("group_nouns", frozenset())
    for c in verb.children:
        if c.dep_ in ("nsubj", "nsubjpass") and c.lemma_.lower() in groups and c.i < verb.i:
            if _owner_named(c, words) or any(
                    t.lower_ in words.get("inclusive_pronouns", frozenset())
                    for t in c.subtree):
                return None  # "the paper's sources", "we fans"
            return c
    return None


def _reaction(verb: Token, words: dict[str, frozenset[str]]
              ) -> tuple[Token, Token, str, bool] | None:
    """ "Viewers fell in love with ...", "players were not receptive to ..."."""
    subject = _group_subject(verb, words)
    if subject is None:
        return None
    if verb.dep_ in ("ccomp", "xcomp") and verb.head.lemma_.lower() in words.get(
            "causative_verbs", frozenset()):
        return None  # "it made fans fall in love with ...": the work's doing
    if any(c.tag_ == "MD" and c.lower_ in words.get("addressee_modals", frozenset())
           for c in verb.children):
        return None  # "fans can rejoice": the readers addressed
    if any(c.lower_ == "to" and c.dep_ == "aux" for c in verb.children):
        return None  # "it is only right for fans to speculate": not what they say
    if verb.lemma_.lower() in words.get("asking_verbs", frozenset()) and any(
            c.dep_ in ("ccomp", "advcl", "xcomp") and _asks(c) for c in verb.children):
        return None  # "fans are wondering when it will air": a question, not a claim
    phrases = _phrases(verb)
    single = verb.lemma_.lower() in words.get("reaction_verbs", frozenset()) and (
        verb.lemma_.lower() != "be")
    if not single and not phrases & words.get("reaction_phrases", frozenset()):
        return None
    first = subject.left_edge if len(list(subject.subtree)) <= 8 else subject
    return first, _span_end(verb), "reaction put in the mouth of a vague group", False


def _passive_reaction(verb: Token, words: dict[str, frozenset[str]]
                      ) -> tuple[Token, Token, str, bool] | None:
    """ "It was loved by the audience", "highly criticized by the critics": a reaction
    in the passive whose agent ("by ...") is a vague group. A group with a name on it
    ("by Variety's critics", "by Variety critics") is a source."""
    if verb.tag_ != "VBN" or not any(c.dep_ == "auxpass" for c in verb.children):
        return None
    agent = next((c for c in verb.children if c.dep_ == "agent" and c.i > verb.i), None)
    group = next((c for c in agent.children if c.dep_ == "pobj"), None) if agent else None
    if group is None or group.lemma_.lower() not in words.get("group_nouns", frozenset()):
        return None
    if _owner_named(group, words) or any(c.dep_ == "compound" and c.pos_ == "PROPN"
                                         for c in group.children):
        return None
    lemma = verb.lemma_.lower()
    phrases = {lemma} | {f"{lemma} {c.lower_}" for c in verb.children if c.dep_ == "advmod"}
    if lemma not in words.get("reaction_verbs", frozenset()) and not phrases & words.get(
            "reaction_phrases", frozenset()):
        return None
    first = min([verb] + [c for c in verb.children if c.dep_ == "advmod" and c.i < verb.i],
                key=lambda t: t.i)
    return first, group, "reaction put in the mouth of a vague group", False


def _there_are(verb: Token, words: dict[str, frozenset[str]]
               ) -> tuple[Token, Token, str, bool] | None:
    """ "There are even rumours about ...", "there are some who would dispute ..."."""
    if verb.lemma_.lower() != "be" or not any(c.dep_ == "expl" for c in verb.children):
        return None
    for attr in verb.children:
        if attr.dep_ != "attr" or attr.i < verb.i:
            continue
        first = next(c for c in verb.children if c.dep_ == "expl")
        if attr.lemma_.lower() in words.get("rumour_nouns", frozenset()):
            return first, attr, "claim attributed to unnamed talk, not a named source", True
        if attr.lemma_.lower() in words.get("group_nouns", frozenset()):
            for rel in attr.children:
                if rel.dep_ == "relcl":
                    return first, rel, "claim attributed to a vague group, not a named source", \
                        True
    return None


def _hidden_holder(verb: Token, holders: frozenset[str]
                   ) -> tuple[Token, Token, str, bool] | None:
    """ "Season 2 is predicted to be a hit": predicted by whom? (the shared analysis's
    :func:`factlint.assertion.hidden_holder`)."""
    found = hidden_holder(verb, holders)
    if found is None:
        return None
    subject, to = found
    first = subject.left_edge if len(list(subject.subtree)) <= 8 else subject
    return first, to, "passive attribution that hides who holds the view", True
