"""NER on the pieces entity readers declare: the same entities and findings as a full parse.

The checker parses without ``ner`` and runs it on the pieces the readers declare
(``entity_pieces``); entities are read only through ``factlint.nlp.ent_type`` / ``ents``,
which refuse (strict mode) or run NER first (otherwise) on a piece that was left out.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

from factlint import nlp as nlpmod
from factlint.checker import Checker
from factlint.config import Config
from factlint.nlp import (
    STRICT_ENV,
    EntitiesNotRun,
    annotate_windows,
    ent_type,
    entities_ready,
    ents,
    load_nlp,
    run_entities,
)
from factlint.parse import parse_document
from tests.conftest import FIXTURES, REPO

NEEDS = {"tagger", "lemmatizer", "parser", "ner"}
TEXT = (
    "# Harbor Lights\n\nKadokawa announced on Monday that Mia Sato will voice Aqua in "
    "Tokyo.\n\nThe studio said the second season airs in April 2026 on Crunchyroll.\n\n"
    "Nothing here names anyone at all.\n"
)


def _pieces(text: str, *, entities: bool) -> list[Any]:
    nlp = load_nlp(NEEDS)
    doc = parse_document("a.md", text)
    for _ in annotate_windows([doc], nlp, entities=entities):
        pass
    return [p.doc for b in doc.blocks for p in b.pieces]


def _entity_view(doc: Any) -> list[tuple[Any, ...]]:
    return [(t.i, t.ent_iob_, t.ent_type_) for t in doc] + [
        (e.start, e.end, e.label_) for e in doc.ents]


@pytest.fixture
def strict(monkeypatch: pytest.MonkeyPatch) -> None:
    """Strict mode, and NER left to the declared pieces even where the checker would
    run it in the pipeline (a run-wide reference file: every piece is declared)."""
    monkeypatch.setenv(STRICT_ENV, "1")
    monkeypatch.setattr(Checker, "_lazy", lambda self: self.lazy_entities)


def test_accessor_refuses_a_piece_not_run_in_strict_mode(strict: None) -> None:
    docs = _pieces(TEXT, entities=False)
    assert docs and not any(entities_ready(d) for d in docs)
    with pytest.raises(EntitiesNotRun, match="declare"):
        ent_type(docs[1][0])
    with pytest.raises(EntitiesNotRun):
        ents(docs[1])
    run_entities(docs[1:2])
    assert entities_ready(docs[1])
    assert ents(docs[1])  # "Kadokawa", "Monday", "Mia Sato", ...
    with pytest.raises(EntitiesNotRun):
        ents(docs[2][0:3])  # a Span of a piece still without NER


def test_pieces_run_get_the_full_pipelines_entities(
        monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    sys.path.insert(0, str(REPO / "bench"))
    from _varied import write_varied

    write_varied(tmp_path, 3, 400)
    texts = [TEXT] + [p.read_text(encoding="utf-8") for p in sorted(tmp_path.iterdir())
                      if p.suffix in (".md", ".txt")]
    for text in texts:
        full = _pieces(text, entities=True)
        lazy = _pieces(text, entities=False)
        assert all(entities_ready(d) for d in full)
        half = lazy[::2]
        assert run_entities(half) == len(half)
        assert run_entities(half) == 0  # each piece runs once
        for a, b in zip(full[::2], half, strict=True):
            assert _entity_view(a) == _entity_view(b)
        # The other pieces: one at a time, on first query (strict mode off).
        monkeypatch.delenv(STRICT_ENV, raising=False)
        before = nlpmod.ENTITY_STATS["on_demand"]
        for a, b in zip(full[1::2], lazy[1::2], strict=True):
            assert [ent_type(t) for t in b] == [t.ent_type_ for t in a]
            assert _entity_view(a) == _entity_view(b)
        assert nlpmod.ENTITY_STATS["on_demand"] - before == len(lazy[1::2])


def _cases() -> list[tuple[Path, list[str]]]:
    out = []
    for case in sorted((FIXTURES / "cases").rglob("*.expected.yaml")):
        data = yaml.safe_load(case.read_text(encoding="utf-8"))
        facts = [str(case.parent / f) for f in data.get("facts", [])]
        out.append((case.parent / data["article"], facts))
    return out


def _findings(checker: Checker, path: Path) -> tuple[str, list[str]]:
    items = [(0, str(path.relative_to(REPO)), path.read_text(encoding="utf-8"))]
    [(_, result)] = list(checker.check_texts(items))
    return json.dumps([f.to_dict() for f in result.findings], sort_keys=True), result.errors


def test_findings_equal_a_full_parse_on_every_fixture(strict: None) -> None:
    """Every fixture article with its case's reference file and every rule, lazy against
    eager NER, in strict mode: no reader asks about a piece it did not declare unless it
    is an on-demand reader (a refusal would show as an internal error)."""
    by_facts: dict[tuple[str, ...], list[Path]] = {}
    for article, facts in _cases():
        by_facts.setdefault(tuple(facts), []).append(article)
    for facts, articles in by_facts.items():
        config = Config(facts=list(facts))
        lazy, eager = Checker(config), Checker(config)
        eager.lazy_entities = False
        for article in dict.fromkeys(articles):
            got, errors = _findings(lazy, article)
            assert not errors, errors
            assert got == _findings(eager, article)[0], article


def test_declarations_cover_windows_of_one_block(strict: None) -> None:
    """One block per window: the context block, and FL104's sections across windows."""
    facts = [str(REPO / "fixtures" / "oshi-no-ko.facts.yaml")]
    structure = FIXTURES / "cases" / "structure"
    for path in [structure / "feature-long.md", structure / "padded-preview.txt",
                 FIXTURES / "core" / "clean-review.md"]:
        config = Config(facts=facts)
        lazy, eager = Checker(config), Checker(config)
        lazy.window_chars = eager.window_chars = 1
        eager.lazy_entities = False
        got, errors = _findings(lazy, path)
        assert not errors, errors
        assert got == _findings(eager, path)[0], path


def test_a_reader_without_declaration_is_refused_in_strict_mode(strict: None) -> None:
    """A rule that reads entities must declare its pieces (or be an on-demand reader)."""
    from factlint.rules.fl104_off_topic_section import OffTopicSection

    config = Config(select=["FL104"])
    checker = Checker(config)
    [rule] = checker.rules
    assert isinstance(rule, OffTopicSection)
    rule.entity_pieces = lambda doc, facts: []  # type: ignore[method-assign]
    text = ("# Review\n\n## Studio\n\n" + "Everything here moves at an easy pace and the "
            "colours stay soft and warm from start to end. " * 3 + "\n")
    [(_, result)] = list(checker.check_texts([(0, "a.md", text)]))
    assert any("internal error in rule FL104" in e and "EntitiesNotRun" in e
               for e in result.errors), result.errors


def test_a_full_pipeline_doc_reads_as_before() -> None:
    """A Doc from the full pipeline (no pending NER) reads as before."""
    doc = load_nlp(NEEDS).nlp("Mia Sato joined Kadokawa.")
    assert entities_ready(doc)
    assert [ent_type(t) for t in doc] == [t.ent_type_ for t in doc]
    assert ents(doc) == tuple(doc.ents)


def test_a_pack_pattern_on_entity_types_gets_its_blocks_run(
        tmp_path: Path, strict: None) -> None:
    """A token pattern testing ENT_TYPE (a project's pack) matches as on a full parse."""
    from factlint.packs import PackSet

    pack = tmp_path / "p.yaml"
    pack.write_text(
        "rule: HOUSE9\ndefine:\n  name: city-claim\n  summary: s\n"
        "entries:\n  - pattern: [{LOWER: in}, {ENT_TYPE: GPE}]\n    reason: a place\n",
        encoding="utf-8")
    text = "# Tour\n\nThe film opens in Tokyo and in Paris next week.\n\nNothing else.\n"
    config = Config(select=["HOUSE9", "FL104"], packs=[str(pack)])
    lazy = Checker(config, packs=PackSet.load(config.packs))
    eager = Checker(config, packs=PackSet.load(config.packs))
    eager.lazy_entities = False
    item = [(0, "a.md", text)]
    [(_, got)] = list(lazy.check_texts(item))
    [(_, want)] = list(eager.check_texts(item))
    assert not got.errors
    assert [f.to_dict() for f in got.findings] == [f.to_dict() for f in want.findings]
    assert [f.rule for f in want.findings].count("HOUSE9") == 2


def test_a_run_wide_reference_runs_ner_in_the_pipeline() -> None:
    """With --facts every piece of every file is declared: NER stays in the pipeline."""
    facts = [str(REPO / "fixtures" / "oshi-no-ko.facts.yaml")]
    assert not Checker(Config(facts=facts))._lazy()
    assert Checker(Config())._lazy()
    assert Checker(Config(facts=facts, select=["FL104", "FL301"]))._lazy()
