"""FL305 speculation-as-fact: predictions about unreleased work stated as certain."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, fields
from typing import TYPE_CHECKING

from factlint.asof import written, years_in
from factlint.document import Block
from factlint.evidence import subjects_of
from factlint.finding import Severity
from factlint.nlp import ent_type
from factlint.packs import EntryMatcher
from factlint.registry import Setup, register
from factlint.rules._claims import Claim, ClaimRule, Scan, sentence_at

if TYPE_CHECKING:
    from spacy.tokens import Span, Token


@dataclass(frozen=True)
class _Topic:
    """The FL305 pack's word lists (``data:`` of rules/claims/fl305-speculation.yaml)."""

    release_verbs: frozenset[str] = frozenset()
    topic_nouns: frozenset[str] = frozenset()
    exclude_subjects: frozenset[str] = frozenset()
    question_marks: frozenset[str] = frozenset()
    belief_verbs: frozenset[str] = frozenset()
    company_nouns: frozenset[str] = frozenset()
    company_owned: frozenset[str] = frozenset()
    pronoun_subjects: frozenset[str] = frozenset()


@register
class SpeculationAsFact(ClaimRule):
    code = "FL305"
    name = "speculation-as-fact"
    severity = Severity.WARNING
    summary = "A prediction about an unreleased work is stated as certain, with no source."
    explanation = (
        "'Season 3 will premiere in 2025', 'the story will resolve every plotline', 'the "
        "show is poised to continue its success', 'season two is coming soon' and 'it's "
        "going to be darker' (of a season named in the previous sentence) state as settled "
        "what nobody has announced. "
        "Source the prediction (a link, or the studio, publisher or outlet that said it) or "
        "soften it and say whose expectation it is. Hedged speculation ('is rumoured to', "
        "'may') with no source is reported as info. Only clauses about a release or the "
        "work's future count (release verbs such as premiere, release, return; nouns such as "
        "season, sequel, story, finale), so plot summary and 'we will update this article' "
        "are left alone, as is a company's own plan ('Crunchyroll will stream it', or "
        "'Freeform's series is set to return' where the paragraph shows the network "
        "acting), as are the plans a news report goes on to give when its title or lede "
        "names who announced them or has a named person or company speaking ('the studio "
        "said on Monday that ...'). Questions ('fans ask when season 3 will debut', "
        "'Will it happen?') and "
        "'this post may contain spoilers' are not predictions; one under 'they assume "
        "that' is info. An exact future date or episode count is FL304's business. "
        "Markers and word lists: rules/claims/fl305-speculation.yaml."
    )
    bad_example = "Season 3 will premiere in 2025 and the story will resolve every mystery."
    good_example = (
        "The studio said on its official site that season 3 will premiere in 2025.\n"
        "Season 3 may premiere in 2025, though nothing has been announced."
    )
    defers_to_attribution = True
    advice = (
        "link or name who announced it (e.g. 'the studio said on its official site'), or "
        "say it is your expectation and why"
    )

    uses = ("evidence", "assertion", "future_figures")

    def prepare(self, setup: Setup) -> None:
        super().prepare(setup)
        words = self.words
        self.topic = _Topic(**{f.name: words.get(f.name, frozenset()) for f in fields(_Topic)})
        self.figures: EntryMatcher = setup.analysis("future_figures")

    def claims(self, block: Block, scan: Scan) -> Iterator[Claim]:
        evidence = scan.evidence
        topic = self.topic
        last_end = -1
        # Exact future dates and episode counts are FL304's findings; don't report them
        # twice. Found once a prediction gets that far (most blocks have none).
        figures: list[tuple[int, int]] | None = None
        for m in self.matcher.find(block):
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
            clause = _clause_chain(verb)
            asserted = scan.assertions.clause_of(scan.doc, sentence, [verb])
            if asserted.question or asserted.negated:
                continue  # "fans ask when season 3 will debut", "Will it happen?"
            last = _clause_end(verb, start_tok)
            claim = sentence.span.doc[start_tok.i : last.i + 1]
            if not _about_release(verb, claim, topic, _previous(block, sentence.start)):
                continue
            if _company_plan(verb, claim, block, topic):
                continue
            start = sentence.offset_of(_host(start_tok))
            end = sentence.offset_of(last) + len(last.text)
            if start < last_end:
                continue  # inside the previous prediction's span
            if figures is None:
                figures = [(f.start, f.end) for f in self.figures.find(block)]
            if any(start <= a and b <= end for a, b in figures):
                continue
            when = written(scan.doc)
            years = years_in(block.text[start:end]) if when else []
            if when and years and all(y < when.year for y in years):
                continue  # "will premiere in 2019" on a page of 2023: no prediction then
            last_end = end
            hedged = m.entry.label == "hedge"
            if evidence.opinion_framed(sentence):  # "I expect ... will debut": not certainty
                yield Claim(sentence, start, end, "prediction about an unreleased work",
                            Severity.INFO, m.entry,
                            "framed as the writer's own expectation, so only info: say what "
                            "it rests on, or link the announcement")
                continue
            believer = _belief_frame(clause, topic)
            if believer is not None:  # "they are assuming that season 3 will come ..."
                if any(evidence.is_named(s) for s in subjects_of(believer)):
                    continue  # "the producer expects that ...": attributed to a named source
                yield Claim(sentence, start, end, "prediction about an unreleased work",
                            Severity.INFO, m.entry,
                            f"framed as an expectation ('{believer.text}'), so only info: say "
                            "whose it is and what it rests on, or link the announcement")
                continue
            if scan.of(sentence).reported:
                continue  # "The date has been revealed. It will return in May.": reported
            if hedged or asserted.hedge != "certain" or asserted.conditional:
                word = asserted.hedge_word or block.text[m.start:m.end]
                yield Claim(sentence, start, end, f"a guess ('{word}')", Severity.INFO,
                            m.entry, GUESS_ADVICE, news_cover=True)
                continue
            yield Claim(sentence, start, end, m.entry.reason, m.entry.severity, m.entry,
                        news_cover=True)


GUESS_ADVICE = ("say whose guess it is and what it rests on, or link the announcement; "
                "reported as info")


def _clause_chain(verb: Token) -> list[Token]:
    """``verb`` and the verbs it hangs from as an open complement or conjunct, inner first."""
    chain = [verb]
    while chain[-1].dep_ in ("xcomp", "conj") and chain[-1].head.i != chain[-1].i:
        chain.append(chain[-1].head)
    return chain


def _belief_frame(clause: list[Token], topic: _Topic) -> Token | None:
    """The verb of believing or assuming whose complement the prediction is, if any."""
    top = clause[-1]
    head = top.head
    if top.dep_ == "ccomp" and head.i != top.i and head.lemma_.lower() in topic.belief_verbs:
        return head
    return None


def _name(tok: Token) -> str:
    """A proper name with its compound parts, lower-cased: "tms entertainment"."""
    parts = [c for c in tok.children if c.dep_ == "compound"] + [tok]
    return " ".join(t.lower_ for t in sorted(parts, key=lambda t: t.i))


def _company_plan(verb: Token, claim: Span, block: Block, topic: _Topic) -> bool:
    """A company's own plan: it owns what the prediction is about, and the paragraph reports it.

    "Freeform's series Cruel Summer is set to return ... the network released a first
    look", "series that will be the centerpiece of Crunchyroll's season" (Crunchyroll
    hosted the event), "will stream on Crunchyroll": the company is named as owner (or
    as the place of a release verb) and the paragraph names it, or "the network" or
    "the studio", as the subject of a verb.
    """
    tokens = list(claim)
    for subj in _subjects(verb):
        tokens += list(subj.subtree)
    owners = {_name(t) for t in tokens
              if t.dep_ == "poss" and t.pos_ == "PROPN"
              and t.head.lemma_.lower() in topic.company_owned}
    if verb.lemma_.lower() in topic.release_verbs:
        owners |= {_name(p) for prep in verb.children if prep.dep_ == "prep"
                   for p in prep.children if p.dep_ == "pobj" and p.pos_ == "PROPN"}
    if not owners:
        return False
    for sentence in block.sentences:
        for tok in sentence.tokens:
            if tok.dep_ != "nsubj" or tok.head.pos_ != "VERB":
                continue
            if tok.lemma_.lower() in topic.company_nouns:
                return True  # "the network released a first look"
            if _name(tok) in owners:  # the tagger may take a name for a common noun
                return True  # "Crunchyroll hosted a press event"
    return False


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


def _subjects(verb: Token) -> list[Token]:
    """The prediction's subjects; an open complement or conjunct shares its head's."""
    subjects = [c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass", "expl")]
    if not subjects and verb.dep_ in ("xcomp", "conj") and verb.head.i != verb.i:
        subjects = [c for c in verb.head.children if c.dep_ in ("nsubj", "nsubjpass")]
    return subjects


def _previous(block: Block, start: int) -> Span | None:
    """The sentence before the one starting at ``start`` in the same block, if any."""
    before = [s for s in block.sentences if s.end <= start]
    return before[-1].span if before else None


def _antecedent(subj: Token, verb: Token, previous: Span | None, topic: _Topic) -> set[str]:
    """Lemmas of what a subject "it"/"they" refers to: the previous sentence's subject.

    Only for a pronoun that refers ("It's going to be a return to ..."), not one that
    stands in for a clause ("It will be interesting to see ...").
    """
    if previous is None or subj.lower_ not in topic.pronoun_subjects:
        return set()
    if any(c.dep_ in ("xcomp", "ccomp", "csubj") and c.i > verb.i for c in verb.children):
        return set()
    root = previous.root
    words: set[str] = set()
    for child in root.children:
        if child.dep_ in ("nsubj", "nsubjpass"):
            words |= {t.lemma_.lower() for t in child.subtree}
    return words


def _about_release(verb: Token, claim: Span, topic: _Topic, previous: Span | None) -> bool:
    """Whether the prediction is about a release or the work's future, not the reader."""
    subjects = _subjects(verb)
    for subj in subjects:
        determiners = [c.lower_ for c in subj.children if c.dep_ in ("det", "poss")]
        if subj.lower_ in topic.exclude_subjects or any(
                f"{d} {subj.lower_}" in topic.exclude_subjects for d in determiners):
            return False  # the reader, the writer, or the article itself ("this post may")
        if subj.pos_ == "PROPN" and ent_type(subj) == "ORG":
            return False  # a company stating its own plan ("Crunchyroll will stream ...")
    if verb.lemma_.lower() in topic.release_verbs:
        return True
    words = {t.lemma_.lower() for t in claim}
    for subj in subjects:
        words |= {t.lemma_.lower() for t in subj.subtree}
        words |= _antecedent(subj, verb, previous, topic)
    return bool(words & topic.topic_nouns)


def _host(tok: Token) -> Token:
    """The word a clitic leans on ("It" of "It’s going to be"), where the claim's text
    starts; any other token is its own start."""
    if tok.i > tok.sent.start and tok.text[:1] in ("'", "’"):
        prev = tok.doc[tok.i - 1]
        if not prev.whitespace_:
            return prev
    return tok
