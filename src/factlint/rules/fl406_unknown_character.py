"""FL406 unknown-character: a character the reference does not know."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Sequence
from typing import TYPE_CHECKING, Any

from factlint.document import Document
from factlint.finding import Finding, Severity
from factlint.registry import DocumentRule, Setup, register
from factlint.rules._facts import FactsRule
from factlint.textutil import normalise

if TYPE_CHECKING:
    from spacy.tokens import Token

    from factlint.document import Sentence
    from factlint.facts.mentions import Analysis
    from factlint.facts.relations import RelationWords


@register
class UnknownCharacter(FactsRule, DocumentRule):
    code = "FL406"
    name = "unknown-character"
    severity = Severity.WARNING
    summary = "A person named as a character of the work is not in the reference facts."
    explanation = (
        "A name is treated as a character when it is the subject of a sentence that "
        "describes a character (\"Yuu is the protagonist\"), when it stands in a relation "
        "to a known character (\"Yuu is Aqua's childhood friend\"), or when it is named in "
        "a characters/cast section. With `strict: true` in the reference, every PERSON "
        "name must be a character, creator or staff member of the reference. Invented "
        "characters are a hallmark of generated articles; check the name, or add the "
        "character to the reference. Each unknown name is reported once, where it first "
        "appears. Names that nearly match a reference name are left to FL407."
    )
    bad_example = "Yuu is Aqua's childhood friend and a fellow aspiring idol."
    good_example = "Kana Arima is a former child actor who joins B-Komachi."

    uses = ("mentions", "relations")

    def prepare(self, setup: Setup) -> None:
        from factlint.facts.lexicon import merge_tables

        super().prepare(setup)
        data = merge_tables(setup.data)
        self.nouns = {" ".join(str(w).lower().split()) for w in data.get("character_nouns") or []}
        self.headings = [re.compile(str(p), re.IGNORECASE)
                         for p in data.get("section_headings") or []]
        self.relations: RelationWords = setup.analysis("relations")

    def observe(self, doc: Document, facts: Any) -> list[tuple[str, Finding]]:
        """Each unknown name of this window with its key (a name may repeat)."""
        return list(self._unknown(doc, facts))

    def conclude(
        self, doc: Document, observed: Sequence[Any], facts: Any
    ) -> Iterable[Finding]:
        seen: set[str] = set()
        for found in observed:
            for key, finding in found:
                if key not in seen:
                    seen.add(key)
                    yield finding

    def _unknown(self, doc: Document, facts: Any) -> Iterator[tuple[str, Finding]]:
        from factlint.facts.relations import statements

        an = self.mentions.analyse(doc, facts)
        if an is None:
            return
        nouns, headings, rel = self.nouns, self.headings, self.relations
        known = {normalise(n) for n in an.ref.people()}
        for sentence in self.sentences(doc):
            hits: list[tuple[Token, str]] = []
            for st in statements(an, rel, sentence):
                if st.other is None:
                    hits.append((st.other_token, f"{st.owner.short}'s {st.word}"))
            hits += self._described(an, sentence, nouns)
            heading = sentence.block.section.heading if sentence.block.section else None
            if heading is not None and any(p.search(heading.text) for p in headings):
                hits += [(t, "in a characters section") for t in self._people(an, sentence)]
            if an.ref.strict:
                hits += [(t, "strict reference") for t in self._people(an, sentence)]
            for tok, why in sorted(hits, key=lambda h: h[0].i):
                found = self._report(doc, an, tok, why, known)
                if found is not None:
                    yield found

    def _described(self, an: Analysis, sentence: Sentence, nouns: set[str]
                   ) -> Iterator[tuple[Token, str]]:
        for tok in sentence.span:
            if tok.pos_ == "NOUN" and (tok.lemma_.lower() in nouns or tok.lower_ in nouns):
                subj = an.describes(tok)
                if subj is not None and subj.pos_ == "PROPN":
                    yield subj, f"described as '{tok.text}'"

    def _people(self, an: Analysis, sentence: Sentence) -> Iterator[Token]:
        for ent in sentence.span.ents:
            if ent.label_ == "PERSON":
                yield ent[-1]

    def _report(self, doc: Document, an: Analysis, tok: Token, why: str,
                known: set[str]) -> tuple[str, Finding] | None:
        from factlint.facts.fuzzy import closest
        from factlint.facts.relations import name_span

        if an.mention(tok) is not None or an.token_in_quote(tok):
            return None
        first, last = name_span(tok)
        if any(an.mention(t) is not None for t in tok.doc[first.i : last.i + 1]):
            return None
        text = tok.doc[first.i : last.i + 1].text
        key = normalise(text)
        if not key or key in known or closest(an.ref, text) is not None:
            return None
        files = ", ".join(an.ref.paths)
        return key, self.token_finding(
            doc, an, first, last,
            f"'{text}' is named as a character ({why}) but is not in the reference ({files}); "
            f"check the name, or add the character to the reference",
        )
