"""FL302 weasel-attribution: claims put in the mouths of vague groups ("fans say")."""

from __future__ import annotations

from collections.abc import Iterator
from typing import ClassVar

from factlint.document import Block
from factlint.evidence import Evidence, subjects_of, tokens_in
from factlint.finding import Severity
from factlint.registry import Option, register
from factlint.rules._claims import Claim, ClaimRule, evidence_scope


@register
class WeaselAttribution(ClaimRule):
    code = "FL302"
    name = "weasel-attribution"
    severity = Severity.WARNING
    summary = "A claim is attributed to a vague group ('fans say', 'critics agree')."
    explanation = (
        "'Fans say', 'critics agree', 'many believe', 'it is widely known', 'sources close "
        "to the studio said' and 'we've been told' make a claim sound sourced while naming "
        "no one a reader could check. Name the critic, outlet or poll (or link it), or state "
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

    def claims(self, block: Block, evidence: Evidence) -> Iterator[Claim]:
        words = self.words
        modals = words.get("addressee_modals", frozenset())
        found: list[Claim] = []
        for claim in super().claims(block, evidence):
            tokens = tokens_in(claim.sentence, claim.start, claim.end)
            if any(t.tag_ == "MD" and t.lower_ in modals for t in tokens):
                continue  # "fans can expect ...": the readers addressed, not a source
            if claim.entry is not None and claim.entry.label == "hearsay" and not any(
                    c.dep_ == "ccomp" for c in tokens[-1].children):
                continue  # "we were told to wait": an instruction, not a claim passed on
            found.append(claim)
        found += self._anonymous(block, evidence, words.get("anonymous_sources", frozenset()),
                                 found)
        yield from sorted(found, key=lambda c: c.start)

    def _anonymous(self, block: Block, evidence: Evidence, nouns: frozenset[str],
                   found: list[Claim]) -> list[Claim]:
        """Reporting verbs whose subject is an unnamed source ("a source close to ... said")."""
        claims: list[Claim] = []
        for sentence in block.sentences:
            for verb in sentence.span:
                if verb.pos_ != "VERB" or verb.lemma_.lower() not in evidence.cues.reporting_verbs:
                    continue
                for subj in subjects_of(verb):
                    if subj.lemma_.lower() not in nouns or subj.i > verb.i:
                        continue
                    first = min(subj.subtree, key=lambda t: t.i)
                    start = sentence.offset_of(first)
                    end = sentence.offset_of(verb) + len(verb.text)
                    if not any(c.start < end and start < c.end for c in found + claims):
                        claims.append(Claim(sentence, start, end,
                                            "claim attributed to an unnamed source"))
        return claims
