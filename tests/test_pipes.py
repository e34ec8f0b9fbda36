"""factlint's stand-ins for slow model components give exactly the stock annotations, and
spaCy imports for a check without its command-line package."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import FIXTURES, REPO

spacy = pytest.importorskip("spacy")

# Shapes the stock attribute ruler's patterns single out: contractions and their curly
# forms, "gonna"/"wanna"/"ain't" (two-token patterns), whitespace tokens, possessives,
# auxiliaries whose morphology depends on the tag, dependency-conditioned ones, and
# the few with a regular expression or NOT_IN ("nothin'", "y'all", auxiliaries).
_ODD = [
    "I ain't gonna say it, and y'all wanna hear it anyway.",
    "She's got 'em all.  \n\n  It’s the studio’s call; they'd've known.",
    "Gotta go. Lemme see. Whaddya think? Dunno.",
    "There is nothing there, and those are theirs. Is it? Am I? Were we?",
    "  ",
    "The 2nd season's 12 episodes air on 4 April 2025 (JST) — 24:30!",
    "Ain't nothin' like it, c'mon, let's go: there're two, and there is one.",
    "Y'all saw it?  Nuthin' yet. It is not that they didn't, but whether it'd work.",
]


def _texts() -> list[str]:
    texts = list(_ODD)
    for path in sorted(FIXTURES.glob("cases/**/*.md"))[:40]:
        texts += [p for p in path.read_text(encoding="utf-8").split("\n\n") if p.strip()]
    sys.path.insert(0, str(REPO / "bench"))
    try:
        from _varied import _World, varied_article
    finally:
        sys.path.pop(0)
    world = _World(7)
    for i in range(6):
        texts += varied_article(i, world, 400)[1].split("\n\n")
    return texts


def _load(fast: bool, exclude: tuple[str, ...] = ("ner",)) -> Any:
    from factlint.nlp import DEFAULT_MODELS
    from factlint.pipes import speed_up

    for name in DEFAULT_MODELS:
        if spacy.util.is_package(name):
            nlp = spacy.load(name, exclude=list(exclude))
            if fast:
                speed_up(nlp)
            return nlp
    pytest.skip("no English model installed")


def test_fast_components_annotate_exactly_like_the_stock_ones() -> None:
    from spacy.attrs import DEP, HEAD, IS_SPACE, LEMMA, LOWER, MORPH, POS, TAG

    from factlint.pipes import FastAttributeRuler, RememberingLemmatizer

    stock, fast = _load(False), _load(True)
    assert isinstance(fast.get_pipe("attribute_ruler"), FastAttributeRuler)
    assert isinstance(fast.get_pipe("lemmatizer"), RememberingLemmatizer)
    assert stock.pipe_names == fast.pipe_names
    ruler = fast.get_pipe("attribute_ruler")
    assert ruler.matcher is not None and ruler.tables  # both paths are exercised
    attrs = [TAG, POS, MORPH, LEMMA, DEP, HEAD, LOWER, IS_SPACE]
    texts = _texts()
    differ = [t for t, a, b in zip(texts, stock.pipe(texts), fast.pipe(texts), strict=True)
              if (a.to_array(attrs) != b.to_array(attrs)).any()
              or [str(t.morph) for t in a] != [str(t.morph) for t in b]]
    assert differ == []
    assert len(texts) > 200


def test_stepped_parser_and_recognizer_annotate_exactly_like_the_stock_ones() -> None:
    """The dependency parser and the entity recognizer decoded from Python give the stock
    arcs, labels, sentence starts and entities, through ``pipe`` (in batches of any size)
    and one document at a time, as the lazy entity path runs them."""
    from spacy.attrs import DEP, ENT_IOB, ENT_TYPE, HEAD, SENT_START

    from factlint.pipes import SteppedParser

    stock, fast = _load(False, ()), _load(True, ())
    for name in ("parser", "ner"):
        assert isinstance(fast.get_pipe(name), SteppedParser)
    # The parser still listens to the shared tok2vec, as in the stock pipeline.
    assert fast.get_pipe("tok2vec").listening_components == ["tagger", "parser"]
    attrs = [HEAD, DEP, SENT_START, ENT_IOB, ENT_TYPE]
    texts = _texts()
    expected = [d.to_array(attrs) for d in stock.pipe(texts)]
    assert sum(len(d.ents) for d in stock.pipe(texts[:60])) > 20  # entities are exercised
    for size in (1, 7, 32, 256):
        got = [d.to_array(attrs) for d in fast.pipe(texts, batch_size=size)]
        assert [t for t, a, b in zip(texts, expected, got, strict=True)
                if a.shape != b.shape or (a != b).any()] == []
    ner = fast.get_pipe("ner")
    alone = [ner(d).to_array(attrs) for d in fast.pipe(texts[:80], disable=["ner"])]
    assert [t for t, a, b in zip(texts, expected, alone, strict=False)
            if (a != b).any()] == []
    empty = list(fast.pipe(["", " ", "\n\n"]))
    assert [len(d.ents) for d in empty] == [0, 0, 0]


def test_a_pieces_parse_does_not_depend_on_its_batch() -> None:
    """factlint batches pieces of different files together, so a piece's annotations must
    not depend on its neighbours or the batch size (numpy's OpenBLAS broke this: see
    docs/performance.md, "The parse's matrix products")."""
    from spacy.attrs import DEP, ENT_IOB, ENT_TYPE, HEAD, LEMMA, MORPH, SENT_START, TAG

    from factlint.nlp import load_nlp

    nlp = load_nlp({"tagger", "lemmatizer", "parser", "ner"}).nlp
    if "ner" not in nlp.pipe_names:
        pytest.skip("no English model installed")
    attrs = [TAG, MORPH, LEMMA, DEP, HEAD, SENT_START, ENT_IOB, ENT_TYPE]
    texts = _texts()
    runs = [[d.to_array(attrs) for d in nlp.pipe(texts, batch_size=size)]
            for size in (1, 32, 128)]
    for other in runs[1:]:
        assert [t for t, a, b in zip(texts, runs[0], other, strict=True)
                if a.shape != b.shape or (a != b).any()] == []


def test_spacy_imports_without_its_cli_and_the_cli_still_works() -> None:
    code = (
        "import sys\n"
        "from factlint.nlp import import_spacy\n"
        "spacy = import_spacy()\n"
        "heavy = sorted(m for m in sys.modules if m.split('.')[0] in "
        "('typer', 'weasel', 'requests', 'httpx') or m.startswith('spacy.cli.'))\n"
        "print('heavy', heavy == ['spacy.cli.info'], heavy[:3])\n"
        "print('info', spacy.info()['spacy_version'] == spacy.__version__)\n"
        "from spacy.cli import download, setup_cli\n"
        "print('cli', callable(download) and callable(setup_cli))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True, cwd=Path(REPO)).stdout
    assert "heavy True" in out, out
    assert "info True" in out, out
    assert "cli True" in out, out


def test_model_tokenizer_is_the_stock_one_without_building_the_language_rules() -> None:
    from factlint.nlp import DEFAULT_MODELS, _load_model
    from factlint.pipes import EMPTY_TOKENIZER

    name = next((n for n in DEFAULT_MODELS if spacy.util.is_package(n)), None)
    if name is None:
        pytest.skip("no English model installed")
    ours = _load_model(spacy, name, {"tok2vec", "tagger", "parser"})
    assert ours.config["nlp"]["tokenizer"]["@tokenizers"] == EMPTY_TOKENIZER
    stock = spacy.load(name, exclude=["ner", "lemmatizer", "attribute_ruler"])
    # Every setting (special cases, prefix/suffix/infix expressions, token and URL
    # matches, heuristics) serialises identically, and the tokens are the same.
    assert ours.tokenizer.to_bytes() == stock.tokenizer.to_bytes()
    assert len(ours.tokenizer.rules) > 1000
    texts = _texts()
    assert ([[t.text for t in stock.tokenizer(x)] for x in texts]
            == [[t.text for t in ours.tokenizer(x)] for x in texts])


def test_registries_see_the_same_entry_points_each_group_selected_once() -> None:
    import importlib.metadata

    import catalogue

    from factlint.nlp import _EntryPointsByGroup, import_spacy

    import_spacy()
    kept = catalogue.AVAILABLE_ENTRY_POINTS
    assert isinstance(kept, _EntryPointsByGroup)
    fresh = importlib.metadata.entry_points()
    groups = {"_".join(r.namespace) for r in _registries()} | {"console_scripts", "nothing_x"}
    assert "srsly_msgpack_decoders" in groups and "spacy_factories" in groups
    for group in sorted(groups):
        assert list(kept.select(group=group)) == list(fresh.select(group=group)), group
        assert kept.select(group=group) is kept.select(group=group)  # selected once
    names = {p.name for p in kept.select(group="console_scripts")}
    assert names == {p.name for p in fresh.select(group="console_scripts")}
    assert list(kept.select(name="factlint")) == list(fresh.select(name="factlint"))
    import_spacy()
    assert catalogue.AVAILABLE_ENTRY_POINTS is kept  # not wrapped twice


def _registries() -> list[Any]:
    import catalogue

    return [catalogue.Registry(key[:-1]) for key in catalogue.REGISTRY] + [
        catalogue.Registry(("srsly", "msgpack_decoders")),
        catalogue.Registry(("spacy", "factories")),
    ]
