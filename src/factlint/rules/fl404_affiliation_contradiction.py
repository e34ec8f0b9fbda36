"""FL404 affiliation-contradiction: a character joining an organisation they are not part of."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from factlint.document import Document
from factlint.finding import Finding, Severity
from factlint.registry import Setup, register
from factlint.rules._facts import FactsRule
from factlint.textutil import normalise

if TYPE_CHECKING:
    from spacy.tokens import Token

    from factlint.facts.mentions import Analysis, Mention


@register
class AffiliationContradiction(FactsRule):
    code = "FL404"
    name = "affiliation-contradiction"
    severity = Severity.ERROR
    summary = "A character is said to join or belong to an organisation the reference does not "\
              "give them."
    explanation = (
        "Finds a character said to be a member of, join, sign with or work for an "
        "organisation named in the reference (\"Aqua joins Lala Lai\", \"Akane, a member of "
        "Lala Lai\", \"she is invited to join ...\"), and reports it when that "
        "organisation is not among the character's `affiliations:`. Characters without "
        "listed affiliations are not checked; negated statements (\"refuses to join\") are "
        "skipped. Verbs and nouns are data in rules/facts/affiliations.yaml."
    )
    bad_example = "Aqua is invited to join the Lala Lai Theatrical Company."
    good_example = "Akane Kurokawa is a member of the Lala Lai Theatrical Company."

    def prepare(self, setup: Setup) -> None:
        from factlint.facts.lexicon import merge_tables

        super().prepare(setup)
        data = merge_tables(setup.data)
        self.verbs = {str(v).lower() for v in data.get("verbs") or []}
        self.preps = {str(k).lower(): {str(p).lower() for p in v}
                      for k, v in (data.get("verb_preps") or {}).items()}
        self.nouns = {str(v).lower() for v in data.get("nouns") or []}

    def check(self, doc: Document, facts: Any) -> Iterable[Finding]:
        from factlint.facts.model import ORGANIZATION

        an = self.mentions.analyse(doc, facts)
        if an is None:
            return
        verbs, preps, nouns = self.verbs, self.preps, self.nouns
        for sentence in self.sentences(doc):
            for tok in sentence.tokens:
                m = an.mention(tok)
                if m is None or m.kind != ORGANIZATION or tok.i != m.span.root.i:
                    continue
                trigger = _trigger(tok, verbs, preps, nouns)
                if trigger is None or an.token_in_quote(tok):
                    continue
                char = an.holder(trigger if trigger.pos_ == "NOUN" else tok)
                if char is None or not char.affiliations:
                    continue
                if _member(an, char.affiliations, m):
                    continue
                listed = ", ".join(char.affiliations)
                first = trigger if trigger.i < tok.i else m.span[0]
                yield self.token_finding(
                    doc, an, first, m.span[-1],
                    f"says {char.label()} belongs to or joins {m.entity.name}, but the "
                    f"reference lists {char.short}'s affiliations as {listed} "
                    f"({char.affiliations_source}); check who this is about",
                )


def _trigger(org: Token, verbs: set[str], preps: dict[str, set[str]], nouns: set[str]
             ) -> Token | None:
    """The verb or noun that makes someone part of ``org`` ("join", "member of")."""
    head = org.head
    if org.dep_ in ("dobj", "obj") and head.lemma_ in verbs:
        return head
    if org.dep_ == "pobj" and head.dep_ == "prep":
        owner = head.head
        if owner.pos_ in ("VERB", "AUX") and head.lower_ in preps.get(owner.lemma_, set()):
            return owner
        if owner.pos_ == "NOUN" and owner.lemma_ in nouns and head.lower_ in ("of", "at", "in",
                                                                              "with"):
            return owner
    return None


def _member(an: Analysis, affiliations: list[str], m: Mention) -> bool:
    org: Any = m.entity
    names = {normalise(n) for n in org.names}
    return any(normalise(a) in names for a in affiliations)
