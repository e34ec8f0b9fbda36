"""FL504 excessive-punctuation: "!!", "?!?!", "....." and the like in prose."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from typing import Any

from factlint.document import Block, Document
from factlint.finding import Applicability, Finding, Fix, Severity
from factlint.registry import HEADINGS, PROSE, Rule, Setup, register

# Two or more of ! and ?, or four or more dots. A lone "?!"/"!?" and "..." are fine.
_RUN = re.compile(r"[!?]{2,}|\.{4,}")
_FINE = {"?!", "!?"}


def _phrase_regex_loose(phrase: str) -> re.Pattern[str]:
    """Like phrase_regex, but a phrase may end in punctuation (``Haikyu!!``)."""
    words = [re.escape(w).replace("'", "['’]") for w in phrase.split()]
    return re.compile(r"(?<![\w'’])" + r"\s+".join(words), re.IGNORECASE)


def title_marks(text: str, start: int, end: int) -> bool:
    """Whether ``text[start:end]`` ("!!", "!!!", "??") belongs to a title.

    The marks are attached to a capitalised word that does not open its sentence, and
    the sentence goes on after them: "fans of Haikyuu!! season 4", "the new Saki!! film".
    "amazing!!", "Wow!! The ...", "in April!!! Fans ..." and marks that end the text are
    not titles.
    """
    run = text[start:end]
    if len(run) > 3 or len(set(run)) != 1:
        return False
    word_start = start
    while word_start > 0 and not text[word_start - 1].isspace():
        word_start -= 1
    word = text[word_start:start].lstrip("\"'“‘(")
    if not word or not word[0].isupper() or not word[-1].isalnum():
        return False
    before = text[:word_start].rstrip()
    if not before or before[-1] in ".!?…":
        return False  # the sentence's first word: "Wow!! ..."
    after = text[end:]
    nxt = after.lstrip()[:1]
    # A capitalised word after the marks may start a new sentence ("April!!! Fans ..."):
    # only a lower-case word, a number or inner punctuation shows the sentence goes on.
    return bool(nxt) and (after[0] in ",;:’'\")]”" or (
        after[0].isspace() and (nxt.islower() or nxt.isdigit())))


def covered(spans: Iterable[tuple[int, int]], start: int, end: int) -> bool:
    return any(s <= start and end <= e for s, e in spans)


def allowed_spans(text: str, phrases: list[re.Pattern[str]]) -> Iterator[tuple[int, int]]:
    for rx in phrases:
        for m in rx.finditer(text):
            yield m.start(), m.end()


@register
class ExcessivePunctuation(Rule):
    code = "FL504"
    name = "excessive-punctuation"
    severity = Severity.WARNING
    family = "style"
    summary = "Repeated exclamation or question marks, or a run of more than three dots."
    explanation = (
        "\"!!\", \"!!!!!\", \"?!?!\" and \".....\" read as shouting or padding and mark an "
        "article as unedited. A single \"?!\" and an ellipsis \"...\" are fine. Headings and "
        "prose are checked; block quotes are not, since quoted text is reproduced as it was. "
        "Official titles that contain such punctuation (\"Haikyu!!\", \"Yuri!!! on Ice\") are "
        "listed in rules/style/excessive-punctuation.yaml; add your own under `packs:`. Two or "
        "three marks attached to a capitalised word in the middle of a sentence (\"fans of "
        "Haikyuu!! season 4\") are taken for a title too. Use one mark, or none."
    )
    bad_example = "Follow us for the latest updates!!!!!"
    good_example = "Follow us for the latest updates."

    scope = PROSE | HEADINGS
    fixable = Applicability.SAFE
    fix_explanation = (
        "A run of one mark becomes that mark once (\"!!!\" -> \"!\"), a run of dots an "
        "ellipsis (\"...\"): safe. A mixed run (\"?!?!\") becomes \"?!\" or \"!?\" in "
        "the order it starts with: unsafe, since which mark was meant is a judgement."
    )

    def prepare(self, setup: Setup) -> None:
        self.phrases = [_phrase_regex_loose(str(item)) for data in setup.data
                        if isinstance(data, dict) for item in data.get("allowed", [])]

    def check(self, doc: Document, facts: Any) -> Iterable[Finding]:
        phrases = self.phrases
        for block in self.blocks(doc):
            text = block.text
            spans: list[tuple[int, int]] | None = None
            for m in _RUN.finditer(text):
                run = m.group()
                if run in _FINE:
                    continue
                if spans is None:
                    spans = list(allowed_spans(text, phrases))
                if covered(spans, m.start(), m.end()) or title_marks(text, m.start(), m.end()):
                    continue
                mark = "dots" if run[0] == "." else "punctuation marks"
                yield self.finding(
                    doc, block, m.start(), m.end(),
                    f"'{run}' is {len(run)} {mark} in a row; it reads as shouting or padding, "
                    f"use a single mark (or an ellipsis '...')",
                    fix=self._fix(doc, block, m.start(), m.end()),
                )

    def _fix(self, doc: Document, block: Block, start: int, end: int) -> Fix | None:
        run = block.text[start:end]
        if run[0] == ".":
            return self.make_fix("Replace the dots with an ellipsis '...'",
                                 self.edit(doc, block, start, end, "..."))
        if len(set(run)) == 1:
            return self.make_fix(f"Replace '{run}' with '{run[0]}'",
                                 self.edit(doc, block, start, end, run[0]))
        pair = run[0] + ("!" if run[0] == "?" else "?")
        return self.make_fix(f"Replace '{run}' with '{pair}'",
                             self.edit(doc, block, start, end, pair),
                             applicability=Applicability.UNSAFE)
