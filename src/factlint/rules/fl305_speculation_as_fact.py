"""FL305 speculation-as-fact: predictions about unreleased work stated as certain."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from factlint.document import Block
from factlint.evidence import Evidence
from factlint.finding import Severity
from factlint.packs import Entry, match_block
from factlint.registry import RuleContext, register
from factlint.rules._claims import Claim, ClaimRule, sentence_at

if TYPE_CHECKING:
    from spacy.tokens import Span, Token


@dataclass(frozen=True)
class _Topic:
    release_verbs: frozenset[str]
    topic_nouns: frozenset[str]
    exclude_subjects: frozenset[str]


@register
class SpeculationAsFact(ClaimRule):
    code = "FL305"
    name = "speculation-as-fact"
    severity = Severity.WARNING
    summary = "A prediction about an unreleased work is stated as certain, with no source."
    explanation = (
        "'Season 3 will premiere in 2025', 'the story will resolve every plotline', 'the "
        "show is poised to continue its success' state as settled what nobody has announced. "
        "Source the prediction (a link, or the studio, publisher or outlet that said it) or "
        "soften it and say whose expectation it is. Hedged speculation ('is rumoured to', "
        "'may') with no source is reported as info. Only clauses about a release or the "
        "work's future count (release verbs such as premiere, release, return; nouns such as "
        "season, sequel, story, finale), so plot summary and 'we will update this article' "
        "are left alone, as is a company's own plan ('Crunchyroll will stream it'). "
        "An exact future date or episode count is FL304's business. Markers "
        "and topic words: rules/claims/fl305-speculation.yaml."
    )
    bad_example = "Season 3 will premiere in 2025 and the story will resolve every mystery."
    good_example = (
        "The studio said on its official site that season 3 will premiere in 2025.\n"
        "Season 3 may premiere in 2025, though nothing has been announced."
    )
    advice = (
        "link or name who announced it (e.g. 'the studio said on its official site'), or "
        "say it is your expectation and why"
    )

    def claims(
        self, block: Block, entries: list[Entry], evidence: Evidence, ctx: RuleContext
    ) -> Iterator[Claim]:
        topic = _topic(ctx)
        last_end = -1
        # Exact future dates and episode counts are FL304's findings; don't report them twice.
        figures = [(f.start, f.end) for f in match_block(block, _figure_entries(ctx), ctx.nlp)]
        for m in match_block(block, entries, ctx.nlp):
            sentence = sentence_at(block, m.start)
            if sentence is None:
                continue
            marker = [t for t in sentence.span
                      if m.start <= sentence.offset_of(t) < m.end]
            if not marker:
                continue
            verb = _governed_verb(marker)
            if verb is None:
                continue
            start_tok = marker[0]
            last = _clause_end(verb, start_tok)
            if not _about_release(verb, sentence.span.doc[start_tok.i : last.i + 1], topic):
                continue
            start = sentence.offset_of(start_tok)
            end = sentence.offset_of(last) + len(last.text)
            if start < last_end:
                continue  # inside the previous prediction's span
            if any(start <= a and b <= end for a, b in figures):
                continue
            last_end = end
            hedged = m.entry.label == "hedge"
            if evidence.opinion_framed(sentence):  # "I expect ... will debut": not certainty
                yield Claim(sentence, start, end, "prediction about an unreleased work",
                            Severity.INFO, m.entry,
                            "framed as the writer's own expectation, so only info: say what "
                            "it rests on, or link the announcement")
                continue
            yield Claim(sentence, start, end, m.entry.reason,
                        m.entry.severity or (Severity.INFO if hedged else None), m.entry,
                        "hedged, so only info: name who is rumouring or expecting it, or link "
                        "them" if hedged else "")


def _governed_verb(marker: list[Token]) -> Token | None:
    """The verb a prediction marker attaches to ("will [premiere]", "is set to [return]")."""
    last = marker[-1]
    if last.lower_ == "of":  # "holds the promise of ...": the prediction is the whole phrase
        return marker[0]
    verb = last.head if last.lower_ == "to" else marker[0].head
    return verb if verb.pos_ in ("VERB", "AUX") else None


# Dependents that start a clause of their own; a prediction's span stops before them.
_CLAUSAL = frozenset({"advcl", "ccomp", "conj", "cc", "relcl", "mark", "parataxis", "punct"})


def _clause_end(verb: Token, start: Token) -> Token:
    """The last token of the prediction: the verb and its non-clausal dependents."""
    last = verb
    for child in verb.children:
        if child.i > verb.i and child.dep_ not in _CLAUSAL:
            last = max(last, max(child.subtree, key=lambda t: t.i), key=lambda t: t.i)
    return last if last.i >= start.i else start


def _about_release(verb: Token, claim: Span, topic: _Topic) -> bool:
    """Whether the prediction is about a release or the work's future, not the reader."""
    subjects = [c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass", "expl")]
    if not subjects and verb.dep_ in ("xcomp", "conj") and verb.head.i != verb.i:
        subjects = [c for c in verb.head.children if c.dep_ in ("nsubj", "nsubjpass")]
    for subj in subjects:
        if subj.lower_ in topic.exclude_subjects:
            return False
        if subj.ent_type_ == "ORG" and subj.pos_ == "PROPN":
            return False  # a company stating its own plan ("Crunchyroll will stream ...")
    if verb.lemma_.lower() in topic.release_verbs:
        return True
    words = {t.lemma_.lower() for t in claim}
    for subj in subjects:
        words |= {t.lemma_.lower() for t in subj.subtree}
    return bool(words & topic.topic_nouns)


def _figure_entries(ctx: RuleContext) -> list[Entry]:
    """FL304's future-release figures (exact dates, episode counts)."""
    entries = ctx.packs.entries_for("FL304") if ctx.packs else []
    return [e for e in entries if e.label == "future"]


_TOPICS: dict[int, tuple[Any, _Topic]] = {}


def _topic(ctx: RuleContext) -> _Topic:
    found = _TOPICS.get(id(ctx.packs))
    if found is not None and found[0] is ctx.packs:
        return found[1]
    merged: dict[str, set[str]] = {"release_verbs": set(), "topic_nouns": set(),
                                   "exclude_subjects": set()}
    for data in ctx.packs.data_for("FL305") if ctx.packs else []:
        if isinstance(data, dict):
            for key, values in merged.items():
                values |= {str(v).lower() for v in data.get(key, []) or []}
    topic = _Topic(frozenset(merged["release_verbs"]), frozenset(merged["topic_nouns"]),
                   frozenset(merged["exclude_subjects"]))
    _TOPICS[id(ctx.packs)] = (ctx.packs, topic)
    return topic
