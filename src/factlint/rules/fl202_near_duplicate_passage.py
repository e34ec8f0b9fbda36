"""FL202 near-duplicate-passage: a sentence or paragraph said twice in other words."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any, ClassVar

from factlint.document import Document
from factlint.duplication import Passage, RepetitionRule, is_caption
from factlint.finding import Finding, Severity
from factlint.registry import Option, register


@register
class NearDuplicatePassage(RepetitionRule):
    code = "FL202"
    name = "near-duplicate-passage"
    severity = Severity.WARNING
    family = "duplication"
    summary = "A sentence or paragraph repeats an earlier one with a few words changed."
    explanation = (
        "Padding often restates a sentence with a word or two swapped ('takes an unexpected "
        "turn' / 'takes an exciting turn') or the same words in another order. Passages are "
        "compared as sets of content-word lemmas: a pair is reported when the shorter one "
        "shares at least `threshold` of its content words with the other, it has at least "
        "`min_words` content words (`paragraph_min_words` for whole paragraphs), and neither "
        "is more than `max_length_ratio` times longer. The words of the heading keyword "
        "phrase (see FL103) do not count, so sentences that merely share the show's name "
        "are not paired. Words of one paraphrase group (rules/structure/paraphrases.yaml: "
        "'confirm'/'announce'/'reveal', 'expect'/'likely'/'anticipate', 'end'/'finish'...) "
        "count as one, so a claim said again in other words is found. A lede or standfirst "
        "that restates the headline (most of the headline's words, before the first "
        "heading) is no repeat, and later sentences on the headline's topic do not repeat "
        "it. The default threshold stays at 0.8: on the labelled real articles, 0.7 found no "
        "more reworded repeats and added two false ones, 0.6 found two and added eight. "
        "Word overlap misses a claim said again in other words, so sentences are also "
        "compared by their claim frame, read from the parse (rules/structure/"
        "paraphrases.yaml, `claims`): two sentences that say the same thing is not settled "
        "yet ('there is no premiere date' / 'the premiere date has not been announced', "
        "'not renewed' / 'not confirmed'), with no numbers telling them apart ('season 2' "
        "and 'season 3' do), repeat each other whatever their overlap; and a sentence "
        "whose numbers and months all recur in another, with the same verbs (paraphrase "
        "groups count as one) and the same polarity, repeats it at `claim_threshold` "
        "(0.6) of its content words shared. Questions claim nothing, nor does a sentence that "
        "only points at something embedded on the page ('Watch the new trailer below'), "
        "and a negated copula ('she was not the only one') says nothing is unsettled; a "
        "reason given in "
        "passing ('since the season is not confirmed, there is no trailer') is not the "
        "sentence's claim, and the numbers of the heading keyword phrase tie nothing "
        "down. The model has no word vectors, so the synonym evidence is the pack's "
        "paraphrase groups, which a project extends; WordNet (factlint[synonyms], which "
        "FL206 compares pages with) is not used here: on the labelled real articles it "
        "adds no sentence pair at 0.8 or 0.7 (every labelled reworded repeat is already "
        "found), and it would be read on every one-file check. "
        "A picture caption (the short line above a picture credit in plain text, a "
        "<figcaption> in a web page; Markdown has no caption markup) that makes a statement "
        "(it has a verb: a label naming the picture repeats nothing) with at least "
        "`caption_min_words` content words, `threshold` of which stand in the paragraph "
        "beside it (before or after, within three blocks), repeats that paragraph instead "
        "of saying what the picture shows, and is reported on the caption. "
        "The later passage is reported, naming the line of the earlier one; "
        "a repeated paragraph is reported once, not sentence by sentence, and repeats that "
        "FL201 or FL203 report are left to them. Keep the better sentence and delete or "
        "rewrite the other so that it adds something new."
    )
    bad_example = (
        "Mia joins a rival theatre troupe after a disastrous audition.\n\n...\n\n"
        "After a disastrous audition, Mia joins the rival theatre troupe."
    )
    good_example = (
        "Mia joins a rival theatre troupe after a disastrous audition.\n\n...\n\n"
        "The troupe's director casts her as an understudy."
    )
    options: ClassVar[dict[str, Option]] = {
        "threshold": Option(0.8, "share of the shorter passage's content words the other has"),
        "min_words": Option(6, "sentences with fewer content words are not compared"),
        "max_length_ratio": Option(2.0, "passages more than this many times longer never pair"),
        "paragraph_min_words": Option(15, "paragraphs with fewer content words are not "
                                      "compared as paragraphs"),
        "claim_threshold": Option(0.6, "share of content words two sentences with the same "
                                  "numbers, months, verbs and polarity need to repeat a claim"),
        "claim_min_words": Option(4, "sentences with fewer content words are not compared "
                                  "by their numbers and verbs"),
        "caption_min_words": Option(4, "captions with fewer content words are not compared "
                                    "with their paragraph"),
    }
    needs = frozenset({"tagger", "lemmatizer", "parser"})

    def conclude(
        self, doc: Document, observed: Sequence[Any], facts: Any
    ) -> Iterable[Finding]:
        analysis = self.analysis(doc, observed)
        found: list[tuple[int, int, Finding]] = []
        for earlier, later, score in analysis.near_passages:
            if is_caption(later.block):
                found.append((later.block.index, later.start, self.finding(
                    doc, later.block, later.start, later.end,
                    f"caption repeats the paragraph on line {earlier.block.line} ({score:.0%} "
                    f"of its content words are in it); say what the picture shows instead",
                )))
                continue
            what = "paragraph" if later.start == 0 and later.end >= len(
                later.block.text.rstrip()) and len(later.block.sentence_bounds) > 1 else "sentence"
            found.append((later.block.index, later.start, self.finding(
                doc, later.block, later.start, later.end,
                f"{what} repeats {_place(earlier, later, what)} in other words ({score:.0%} of its "
                f"content words are shared); delete it or make it say something new",
            )))
        for earlier, later, claim in analysis.reworded_claims:
            found.append((later.block.index, later.start, self.finding(
                doc, later.block, later.start, later.end,
                f"sentence repeats the claim of {_place(earlier, later, 'sentence')} in other "
                f"words ({claim}); delete it or make it say something new",
            )))
        for _, _, finding in sorted(found, key=lambda t: (t[0], t[1])):
            yield finding


def _place(earlier: Passage, later: Passage, what: str) -> str:
    return (f"the {what} on line {earlier.block.line}" if earlier.block is not later.block
            else f"an earlier {what} in this paragraph")
