"""FL501 readability: the article's reading level is outside the house target."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any, ClassVar

from factlint.document import Document
from factlint.finding import Finding, Severity
from factlint.registry import DocumentRule, Option, Setup, register
from factlint.stats import document_stats, hardest_paragraphs


@register
class Readability(DocumentRule):
    code = "FL501"
    name = "readability"
    severity = Severity.WARNING
    family = "style"
    summary = "The article's reading level is outside the configured target."
    explanation = (
        "Flesch reading ease and the Flesch-Kincaid grade level (textstat) are measured over "
        "the running prose only: headings, list items, block quotes, tables and code are left "
        "out because they distort the formulas. Articles shorter than `min_words` are not "
        "judged, as the figures mean little on a few sentences. The default target (reading "
        "ease at least 30, grade at most 16) only catches prose that is genuinely hard going "
        "(academic-paper territory); ordinary newspaper and magazine writing scores 40-60 and "
        "grade 9-14 and stays silent. Set a house target under `rules: {FL501: ...}`. The "
        "finding sits on the title and names the three hardest paragraphs by line: split long "
        "sentences and swap long words for short ones there first."
    )
    bad_example = (
        "The adaptation's narratological ambitions notwithstanding, its characterisation "
        "remains insufficiently differentiated, undermining the interpersonal verisimilitude "
        "upon which the institutional satire fundamentally depends."
    )
    good_example = (
        "The adaptation aims high. But its characters sound alike, so the satire of the idol "
        "business, which needs them to feel real, falls flat."
    )
    options: ClassVar[dict[str, Option]] = {
        "min_reading_ease": Option(30.0, "lowest Flesch reading ease accepted", signed=True),
        # the formula's ceiling: no upper limit by default
        "max_reading_ease": Option(121.0, "highest Flesch reading ease accepted", signed=True),
        "max_grade": Option(16.0, "highest Flesch-Kincaid grade accepted"),
        "min_grade": Option(0.0, "lowest Flesch-Kincaid grade accepted"),
        "min_words": Option(150, "shorter articles are not judged"),
    }

    def prepare(self, setup: Setup) -> None:
        o = setup.options
        self.min_words = int(o["min_words"])
        self.ease = float(o["min_reading_ease"]), float(o["max_reading_ease"])
        self.grade = float(o["min_grade"]), float(o["max_grade"])

    def conclude(
        self, doc: Document, observed: Sequence[Any], facts: Any
    ) -> Iterable[Finding]:
        stats = document_stats(doc)
        if stats.reading_ease is None or stats.grade is None:
            return
        if stats.words < self.min_words:
            return
        low_ease, high_ease = self.ease
        low_grade, high_grade = self.grade
        problems = []
        if stats.reading_ease < low_ease:
            problems.append(f"reading ease {stats.reading_ease:g} is below {low_ease:g}")
        elif stats.reading_ease > high_ease:
            problems.append(f"reading ease {stats.reading_ease:g} is above {high_ease:g}")
        if stats.grade > high_grade:
            problems.append(f"grade level {stats.grade:g} is above {high_grade:g}")
        elif stats.grade < low_grade:
            problems.append(f"grade level {stats.grade:g} is below {low_grade:g}")
        if not problems:
            return
        too_hard = stats.reading_ease < low_ease or stats.grade > high_grade
        hardest = hardest_paragraphs(doc)
        named = ", ".join(f"line {p.line} (ease {p.reading_ease:g}, grade {p.grade:g})"
                          for p in hardest)
        advice = (
            "split long sentences and prefer shorter words" if too_hard
            else "join choppy sentences and vary the vocabulary"
        )
        message = (
            f"{' and '.join(problems)} over {stats.words} words of prose in {stats.sentences} "
            f"sentences (target: reading ease {low_ease:g}-{high_ease:g}, grade "
            f"{low_grade:g}-{high_grade:g})"
        )
        if named and too_hard:
            message += f"; hardest paragraphs: {named}"
        message += f"; {advice}"
        block = doc.title_block
        if block is not None:
            yield self.block_finding(doc, block, message)
        else:
            yield self.finding_at(doc, 0, doc.lines.line_end(1), message)
