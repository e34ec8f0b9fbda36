"""FL406 unknown-character: a character the reference does not know."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from typing import TYPE_CHECKING, Any

from factlint.document import Document
from factlint.finding import Finding, Severity
from factlint.nlp import ents
from factlint.registry import DocumentRule, Setup, register
from factlint.rules._facts import FactsRule
from factlint.textutil import normalise

if TYPE_CHECKING:
    from spacy.tokens import Token

    from factlint.document import Sentence
    from factlint.facts.mentions import Analysis
    from factlint.facts.relations import RelationWords


CAST_SLOT = "credited as a character in a cast list"


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
        "the character slot of a credit (\"Mara Quell as Wren\") whose performer the "
        "reference's `cast:` lists. A credit in a cast or characters section whose "
        "performer the reference does not know is a note (info): cast lists name real "
        "characters that a reference has not listed yet (on real pages most such names "
        "were real). Real people are never characters: the shared entity layer knows actors, "
        "voice actors and staff from credits (\"X as Y\", \"Y (voiced by X)\", cast "
        "lists and tables, \"starring\"), role nouns (\"director X\"), bylines and the "
        "reference's creators, staff and cast; numbers, stock words of headings, places, "
        "companies, other works and the reference's `terms:` are never names either (word "
        "lists in rules/facts/entities.yaml). With `strict: true` in the reference, every PERSON "
        "name must be a character, creator or staff member of the reference. Invented "
        "characters are a hallmark of generated articles; check the name, or add the "
        "character to the reference. Each unknown name is reported once, where it first "
        "appears. Names that nearly match a reference name are left to FL407. A known "
        "character given a surname nobody in the reference has (\"Mira Okonkwo\" for Mira "
        "Solenne), where the article names them as a character, is reported as well."
    )
    bad_example = "Yuu is Aqua's childhood friend and a fellow aspiring idol."
    good_example = "Kana Arima is a former child actor who joins B-Komachi."

    uses = ("mentions", "relations")

    def prepare(self, setup: Setup) -> None:
        from factlint.facts.lexicon import merge_tables

        super().prepare(setup)
        data = merge_tables(setup.data)
        # Cast-section headings and credit patterns are the shared entity layer's (the
        # `mentions` analysis reads this rule's pack tables for them).
        self.nouns = {" ".join(str(w).lower().split()) for w in data.get("character_nouns") or []}
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
        nouns, rel = self.nouns, self.relations
        known = {normalise(n) for n in an.ref.people()}
        who = an.who
        for sentence in self.sentences(doc):
            hits: list[tuple[Token, str]] = []
            for st in statements(an, rel, sentence):
                if st.other is None:
                    hits.append((st.other_token, f"{st.owner.short}'s {st.word}"))
            hits += self._described(an, sentence, nouns)
            # In a cast section only the character slot of a credit ("X as Y") names a
            # character; the other names there are the people who play them. Cast lists
            # name real characters a reference does not list yet, so this is a note (info).
            if who.cast_section(sentence.block):
                hits += [(t, CAST_SLOT) for t in sentence.span
                         if who.in_slot(t) and (t.i + 1 >= len(t.doc)
                                                or not who.in_slot(t.doc[t.i + 1]))]
            # Anywhere, a credit whose performer the reference knows names a character.
            hits += [(c.character[1], f"credited to {_text(c.person)}")
                     for c in who.credits if c.character is not None
                     and sentence.span.start <= c.character[0].i < sentence.span.end
                     and c.character[0].doc is sentence.span.doc
                     and an.mention(c.person[0]) is not None]
            if an.ref.strict:
                hits += [(t, "strict reference") for t in self._people(an, sentence)]
            for tok, why in sorted(hits, key=lambda h: h[0].i):
                found = self._report(doc, an, tok, why, known)
                if found is not None:
                    yield found

    def _described(self, an: Analysis, sentence: Sentence, nouns: set[str]
                   ) -> Iterator[tuple[Token, str]]:
        for tok in sentence.tokens:
            if tok.pos_ == "NOUN" and (tok.lemma_.lower() in nouns or tok.lower_ in nouns):
                subj = an.describes(tok)
                if subj is not None and subj.pos_ == "PROPN":
                    yield subj, f"described as '{tok.text}'"

    def _people(self, an: Analysis, sentence: Sentence) -> Iterator[Token]:
        for ent in ents(sentence.span):
            if ent.label_ == "PERSON":
                yield ent[-1]

    def _report(self, doc: Document, an: Analysis, tok: Token, why: str,
                known: set[str]) -> tuple[str, Finding] | None:
        from factlint.facts.fuzzy import closest

        who = an.who
        if an.token_in_quote(tok):
            return None
        span = who.name_of(tok)
        if span is None:
            return None
        first, last = span
        tokens = list(tok.doc[first.i : last.i + 1])
        invented = self._invented_surname(doc, an, tokens, why)
        if invented is not None:
            return invented
        # A real person, a company, a place, a work, a declared term: never a character.
        if any(an.mention(t) is not None or who.not_character(t) for t in tokens):
            return None
        text = an.sentence_of(first).block.text[an.offset(first) : an.offset(last)
                                                  + len(last.text)]
        key = normalise(text)
        if (not key or key in known or an.ref.is_term(text)
                or closest(an.ref, text) is not None):
            return None
        files = ", ".join(an.ref.paths)
        note = why == CAST_SLOT
        return key, self.token_finding(
            doc, an, first, last,
            f"'{text}' is named as a character ({why}) but is not in the reference ({files}); "
            + ("add the character to the reference if the credit is right" if note else
               "check the name, or add the character to the reference"),
            severity=Severity.INFO if note else None,
        )

    def _invented_surname(self, doc: Document, an: Analysis, tokens: list[Token], why: str
                          ) -> tuple[str, Finding] | None:
        """ "Denji Yamada" named as a character: a known character's name with a surname
        the reference gives nobody. The character exists; the full name does not."""
        from factlint.facts.fuzzy import closest

        m = an.mention(tokens[0])
        if (m is None or m.character is None or m.span.start != tokens[0].i
                or m.span.end > tokens[-1].i):
            return None
        rest = [t for t in tokens if t.i >= m.span.end]
        if not rest or any(an.mention(t) is not None or an.who.not_character(t)
                           or not t.is_title for t in rest):
            return None
        words = {w.lower() for c in an.ref.characters for n in c.names for w in n.split()}
        words |= {w.lower() for p in an.ref.people() for w in p.split()}
        if any(t.lower_ in words or an.ref.is_term(t.text) for t in rest):
            return None
        char = m.character
        block = an.sentence_of(tokens[0]).block
        text = block.text[an.offset(tokens[0]) : an.offset(tokens[-1]) + len(tokens[-1].text)]
        if closest(an.ref, text) is not None:
            return None  # a misspelt full name is FL407's
        return normalise(text), self.token_finding(
            doc, an, tokens[0], tokens[-1],
            f"'{text}' is named as a character ({why}), but the reference knows "
            f"{char.label()} by no such name ({char.source}); check the surname, or add "
            f"the name to the character's aliases",
        )


def _text(span: tuple[Token, Token]) -> str:
    return span[0].doc[span[0].i : span[1].i + 1].text
