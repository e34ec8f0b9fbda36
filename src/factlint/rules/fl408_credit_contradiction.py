"""FL408 credit-contradiction: a studio or a performer credited against the reference."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING, Any

from factlint.document import Document, tokens_of
from factlint.finding import Applicability, Finding, Severity
from factlint.registry import HEADINGS, PROSE, Setup, register
from factlint.rules._facts import FactsRule
from factlint.textutil import normalise

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

    from factlint.facts.mentions import Analysis


def _performer_key(ref: Any, written: str) -> str:
    """The compact form of the cast entry a credit names: the name as written, or, for a
    surname on its own ("Waki voices Fina" after "Azumi Waki"), the one cast entry of the
    reference with that surname."""
    key = _compact(written)
    if len(written.split()) != 1:
        return key
    full = {_compact(e.name) for c in ref.characters for e in c.cast
            if len(e.name.split()) > 1 and _compact(e.name.split()[-1]) == key}
    return full.pop() if len(full) == 1 else key


def _compact(text: str) -> str:
    return re.sub(r"[\s\-.]", "", normalise(text))


def _same_studio(a: str, b: str) -> bool:
    """One studio written two ways: "Wit" and "Wit Studio", "A-1 Pictures" and "A1 Pictures"."""
    x, y = _compact(a), _compact(b)
    strip = ("studios", "studio", "animation", "inc")
    for word in strip:
        x, y = x.removeprefix(word).removesuffix(word), y.removeprefix(word).removesuffix(word)
    return bool(x and y) and (x == y or x in y or y in x)


@register
class CreditContradiction(FactsRule):
    code = "FL408"
    name = "credit-contradiction"
    severity = Severity.WARNING
    summary = "The article credits a studio, or a performer's role, against the reference."
    explanation = (
        "Two kinds of credit are checked. Performers: in \"X as Y\" (and \"Y (voiced by "
        "X)\", \"X voices Y\"), when the reference's `cast:` gives X to another character "
        "and not to Y, the credits are swapped or wrong (a performer the reference does not "
        "list is not reported: the reference may list only one language's cast). X may be "
        "a surname on its own (\"Okabe voices Y\") when exactly one performer of the "
        "reference has it. Studios: "
        "who the article says made the work, \"animated by X\", \"animation by X\", "
        "\"studio X\", and \"produced by X\" or \"made by X\" when X is a known animation "
        "studio (a network or publisher also produces), and compares X with `studio` in "
        "the reference's `work:` (one name, or a list for a co-production). Spelling "
        "variants agree (\"Wit\" and \"Wit Studio\", \"A-1 Pictures\" and \"A1 Pictures\"). "
        "Only sentences that name the work, one of its seasons, or \"the anime\"/\"the "
        "series\" are read, and nothing is checked without a `studio` in the reference. "
        "Cue words and the list of studios are data in rules/facts/credits.yaml. On the "
        "accuracy corpus it has no finding to measure (no article there names a wrong "
        "studio); it is a warning because each finding quotes a reference line."
    )
    bad_example = "The anime is produced by MAPPA."  # with `studio: Wit Studio`
    good_example = "The anime is produced by Wit Studio."

    scope = PROSE | HEADINGS
    fixable = Applicability.UNSAFE
    fix_explanation = (
        "When the reference gives the work one studio, writes that studio's name for the "
        "one the article names. Unsafe: the article may be right and the reference out of "
        "date (a new season moved studio). Cast credits are not fixed."
    )

    def prepare(self, setup: Setup) -> None:
        from factlint.facts.lexicon import merge_tables

        super().prepare(setup)
        data = merge_tables(setup.data)
        self.by = {str(w).lower() for w in data.get("studio_by") or []}
        self.nouns = [tuple(str(w).lower().split()) for w in data.get("studio_nouns") or []]
        self.producers = {str(w).lower() for w in data.get("producer_by") or []}
        self.known = [str(s) for s in data.get("studios") or []]
        self.about = re.compile(
            r"\b(?:anime|series|show|season|adaptation|film|movie|episodes?)\b", re.IGNORECASE)

    def check(self, doc: Document, facts: Any) -> Iterable[Finding]:
        from factlint.facts.model import WORK

        an = self.mentions.analyse(doc, facts)
        if an is None:
            return
        yield from self._cast(doc, an)
        studios = an.ref.studios()
        if not studios:
            return
        by, nouns, producers, known, about = (self.by, self.nouns, self.producers,
                                              self.known, self.about)
        for sentence in self.sentences(doc):
            text = sentence.text
            names_work = any(m.kind == WORK for m in an.mentions if m.block is sentence.block
                             and sentence.start <= m.start < sentence.end)
            if not names_work and not about.search(text):
                continue
            for first, last, cue in self._named(an, sentence.span.doc, sentence.tokens,
                                                by, nouns, producers):
                written = first.doc[first.i : last.i + 1].text
                if cue == "producer" and not any(_same_studio(written, k) for k in known):
                    continue
                if any(_same_studio(written, s) for s, _ in studios):
                    continue
                if an.mention(first) is not None and an.mention(first).kind != WORK:  # type: ignore[union-attr]
                    continue  # a character or organisation of the work, not a studio
                listed = ", ".join(f"{s} ({src})" for s, src in studios)
                names = list(dict.fromkeys(s for s, _ in studios))
                fix = self.token_fix(doc, an, first, last, names[0], f"Write '{names[0]}'",
                                     Applicability.UNSAFE) if len(names) == 1 else None
                yield self.token_finding(
                    doc, an, first, last,
                    f"'{written}' is named as the studio, but the reference gives {listed}; "
                    f"check which studio made the work, and correct the article or the "
                    f"reference", fix=fix)

    def _cast(self, doc: Document, an: Analysis) -> Iterator[Finding]:
        for credit in an.who.credits:
            if credit.character is None:
                continue
            first, last = credit.person
            role = an.mention(credit.character[0])
            if role is None or role.character is None or an.token_in_quote(first):
                continue
            if not doc.holds(an.sentence_of(first).block):
                continue  # read as context of this window; reported in its own window
            char = role.character
            written = an.sentence_of(first).block.text[an.offset(first) : an.offset(last)
                                                        + len(last.text)]
            key = _performer_key(an.ref, written)
            if any(_compact(e.name) == key for e in char.cast):
                continue
            others = [c for c in an.ref.characters if c is not char
                      and any(_compact(e.name) == key for e in c.cast)]
            if not others:
                continue
            other = others[0]
            entry = next(e for e in other.cast if _compact(e.name) == key)
            yield self.token_finding(
                doc, an, first, credit.character[1],
                f"'{written}' is credited as {char.short}, but the reference gives "
                f"{entry.name} to {other.label()} ({entry.source}); check the credit")

    def _named(self, an: Analysis, doc: Doc, tokens: list[Token], by: set[str],
               nouns: list[tuple[str, ...]], producers: set[str]
               ) -> Iterator[tuple[Token, Token, str]]:
        from factlint.facts.entities import name_runs

        runs = name_runs(tokens)
        starts = {r[0].i: r for r in runs}
        every = tokens_of(doc)
        for tok in tokens:
            i, low = tok.i, tok.lower_
            if low == "by" and i > 0 and every[i - 1].lower_ in by | producers:
                j = i + 1
                if j < len(doc) and every[j].text == "studio":
                    j += 1
                run = starts.get(j)
                if run is not None:
                    yield run[0], run[1], "studio" if every[i - 1].lower_ in by else "producer"
                continue
            for noun in nouns:
                n = len(noun)
                if noun[0] == low and tuple(t.lower_ for t in every[i : i + n]) == noun \
                        and every[i + n - 1].text.islower():
                    run = starts.get(i + n)
                    if run is not None:
                        yield run[0], run[1], "studio"
