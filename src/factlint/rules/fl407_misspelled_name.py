"""FL407 misspelled-name: a name that nearly matches a reference name."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from factlint.document import Document
from factlint.finding import Finding, Severity
from factlint.registry import HEADINGS, PROSE, register
from factlint.rules._facts import FactsRule

if TYPE_CHECKING:
    from spacy.tokens import Token

_NAME_ENTS = {"PERSON", "ORG", "PRODUCT", "WORK_OF_ART", "NORP", "GPE", "FAC", "EVENT"}


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
        "one word of a reference name (a surname on its own) is not a misspelling."
    )
    bad_example = "Akane Kurakawa joins the troupe."
    good_example = "Akane Kurokawa joins the troupe."

    scope = PROSE | HEADINGS

    def check(self, doc: Document, facts: Any) -> Iterable[Finding]:
        from factlint.facts.fuzzy import closest

        an = self.mentions.analyse(doc, facts)
        if an is None:
            return
        for sentence in self.sentences(doc):
            for first, last in _name_runs(list(sentence.span)):
                tokens = first.doc[first.i : last.i + 1]
                m = an.mention(first)
                if m is not None and m.span.start == first.i and m.span.end == last.i + 1:
                    continue
                near = closest(an.ref, tokens.text)
                if near is None or an.token_in_quote(first):
                    continue
                how = "word order" if near.reason == "word order" else "spelling"
                entry = "" if near.full_name == near.suggestion else f" ({near.full_name})"
                yield self.token_finding(
                    doc, an, first, last,
                    f"'{tokens.text}' is not in the reference but is close to "
                    f"'{near.suggestion}'{entry}; check the {how} and write "
                    f"'{near.suggestion}'",
                )


def _name_runs(tokens: list[Token]) -> list[tuple[Token, Token]]:
    """Maximal runs of proper-noun or name-entity tokens (possessive endings excluded)."""
    runs: list[tuple[Token, Token]] = []
    start: Token | None = None
    prev: Token | None = None
    for tok in tokens:
        is_name = (tok.pos_ == "PROPN" or tok.ent_type_ in _NAME_ENTS) and tok.is_alpha
        if is_name and start is None:
            start = tok
        elif not is_name and start is not None and prev is not None:
            runs.append((start, prev))
            start = None
        prev = tok
    if start is not None and prev is not None:
        runs.append((start, prev))
    return runs
