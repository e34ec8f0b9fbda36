"""FL407 misspelled-name: a name that nearly matches a reference name."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from factlint.document import Document
from factlint.facts.model import ReferenceSet
from factlint.finding import Applicability, Finding, Severity
from factlint.registry import HEADINGS, PROSE, register
from factlint.rules._facts import FactsRule
from factlint.textutil import normalise


@register
class MisspelledName(FactsRule):
    code = "FL407"
    name = "misspelled-name"
    severity = Severity.WARNING
    summary = "A name nearly matches a character, organisation or work in the reference."
    explanation = (
        "Proper names in the article (runs of proper nouns and named entities) that are "
        "not a reference name but are one or two letters away from one (Levenshtein "
        "distance 1 for names up to 6 letters, 2 for longer ones), or have the same words "
        "in another order, are reported with the reference spelling. A name that equals "
        "one word of a reference name (a surname on its own) is not a misspelling, nor is a "
        "name that contains a reference name or alias (\"Sung Jin-Woo\" is one name). "
        "Never reported: the reference's `terms:` (ranks, common words of the work), "
        "companies (credit lines such as \"Image courtesy of ...\", names ending in "
        "Studio, Pictures...), places, other works, and real people (from credits, role "
        "nouns and bylines) unless the close name is one of the reference's own people. "
        "A correction is proposed only when one reference name is clearly closest."
    )
    bad_example = "Akane Kurakawa joins the troupe."
    good_example = "Akane Kurokawa joins the troupe."

    scope = PROSE | HEADINGS
    fixable = Applicability.SAFE
    fix_explanation = (
        "Writes the reference spelling: safe when the name differs in spelling (one "
        "reference name is clearly closest); unsafe when only the word order differs or "
        "the name is written in capitals (the order or case may be the article's style)."
    )

    def check(self, doc: Document, facts: Any) -> Iterable[Finding]:
        from factlint.facts.entities import COMPANY, PERSON, PLACE, WORK, name_runs
        from factlint.facts.fuzzy import closest

        an = self.mentions.analyse(doc, facts)
        if an is None:
            return

        who = an.who
        people = {normalise(p) for p in an.ref.people()}
        for sentence in self.sentences(doc):
            for run in name_runs(sentence.tokens):
                span = who.name_of(run[0]) or who.name_of(run[1])
                if span is None:
                    continue
                first, last = span
                tokens = first.doc[first.i : last.i + 1]
                m = an.mention(first)
                if m is not None and m.span.start == first.i and m.span.end == last.i + 1:
                    continue  # a reference name or alias is never a misspelling
                kinds = {who.kind(t) for t in tokens} - {None}
                text = sentence.block.text[an.offset(first) : an.offset(last) + len(last.text)]
                if an.ref.is_term(text) or all(an.ref.is_term(t.text) for t in tokens):
                    continue
                near = closest(an.ref, text)
                if near is None or an.token_in_quote(first):
                    continue
                # A real person is never "corrected" to a character's name, nor a company,
                # a place or another work; a misspelt person of the reference (a creator,
                # the director) or a misspelt organisation still is.
                target = _entry_kind(an.ref, near.full_name, people)
                if kinds & {PERSON, COMPANY, PLACE, WORK} and not (
                    (PERSON in kinds and target == PERSON)
                    or (kinds & {COMPANY, PLACE} and target == "organization")
                    or (WORK in kinds and target == WORK)
                ):
                    continue
                how = "word order" if near.reason == "word order" else "spelling"
                entry = "" if near.full_name == near.suggestion else f" ({near.full_name})"
                safe = how == "spelling" and not text.isupper()
                fix = self.token_fix(
                    doc, an, first, last, near.suggestion,
                    f"Write '{near.suggestion}'",
                    Applicability.SAFE if safe else Applicability.UNSAFE)
                yield self.token_finding(
                    doc, an, first, last,
                    f"'{text}' is not in the reference but is close to "
                    f"'{near.suggestion}'{entry}; check the {how}: the reference writes "
                    f"'{near.suggestion}'", fix=fix,
                )


def _entry_kind(ref: ReferenceSet, name: str, people: set[str]) -> str:
    """What the reference entry ``name`` is: person | organization | work | character."""
    key = normalise(name)
    if key in people:
        return "person"
    if ref.organization(name) is not None:
        return "organization"
    if any(normalise(n) == key for w in ref.works for n in w.names):
        return "work"
    return "character"
