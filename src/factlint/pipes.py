"""spaCy components of factlint's own that stand in for a model's slower ones.

``factlint_attribute_ruler`` does exactly what the model's ``attribute_ruler`` does (the
same patterns, the same attributes, the same precedence) in a fraction of its time. The
stock component runs every pattern through a ``Matcher``: about 180 patterns, all but a
handful of which test one token for equality (its tag, its lower-case form, its
dependency), which made it about a seventh of the whole parse of a paragraph. Here those
single-token patterns are looked up in tables keyed by the token's values, the few other
one-token ones (``NOT_IN``, ``REGEX``) are tested once per distinct row of values, and only
the patterns of several tokens go through a ``Matcher``, on a document where each of
their tokens' tests holds for some token (an exact prefilter). Matches are applied
in the stock order (pattern number, so later patterns win) with spaCy's own
``set_token_attrs``. ``factlint_lemmatizer`` asks the model's rule lemmatizer once per
distinct word, tag and morphology instead of once per token. ``factlint_stepped_parser``
decodes the model's dependency parser and entity recognizer step by step from Python
(see :class:`SteppedParser`). ``tests/test_pipes.py`` compares every token attribute of
the stock and the replaced pipelines on varied text.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

RowTest = Callable[[tuple[int, ...]], bool]

# Attributes a single-token pattern may test and be answered from a table.
_TABLE_ATTRS = ("TAG", "LOWER", "DEP", "IS_SPACE")
FACTORY = "factlint_attribute_ruler"
_MEMO_LIMIT = 200_000  # distinct (tag, word, dependency, space) rows remembered


class FastAttributeRuler:
    """The patterns of a stock ``AttributeRuler``, applied through lookup tables."""

    def __init__(self, nlp: Any, name: str) -> None:
        self.name = name
        self.vocab = nlp.vocab
        # (tested attributes) -> {(their values as hashes): [pattern numbers]}
        self.tables: list[tuple[tuple[int, ...], dict[tuple[int, ...], list[int]]]] = []
        self.attrs: list[Any] = []
        self.indices: list[int] = []
        # one-token patterns with a test beyond equality (NOT_IN, REGEX), on table values
        self.row_tests: list[tuple[int, RowTest]] = []
        self.matcher: Any = None  # the rest: patterns of several tokens
        self._position_tests: list[RowTest] = []  # their tokens' tests, for the prefilter
        self._rest_needs: list[list[int]] = []  # per Matcher pattern: its position tests
        # row -> (attributes to set, bits of the position tests it meets)
        self._memo: dict[tuple[int, ...], tuple[dict[Any, Any], int]] = {}

    def copy_from(self, ruler: Any) -> None:
        """Take over the patterns of the stock ``ruler`` (its attrs and indices as they are)."""
        from spacy.attrs import IDS
        from spacy.matcher import Matcher

        self.attrs, self.indices = list(ruler.attrs), list(ruler.indices)
        columns = {name: n for n, name in enumerate(_TABLE_ATTRS)}
        tables: dict[tuple[int, ...], dict[tuple[int, ...], list[int]]] = {}
        rest = Matcher(self.vocab, validate=False)
        strings = self.vocab.strings
        for number in range(len(self.attrs)):  # the stock keys are the pattern numbers
            for pattern in ruler.matcher.get(str(number))[1]:
                spec = _table_spec(pattern)
                if spec is not None:
                    names = tuple(sorted(spec, key=lambda a: columns[a]))
                    table = tables.setdefault(tuple(columns[a] for a in names), {})
                    for values in _expand([spec[a] for a in names]):
                        hashed = tuple(_hash(strings, v) for v in values)
                        table.setdefault(hashed, []).append(number)
                    continue
                tests = [_row_test(token, columns, strings) for token in pattern]
                if len(pattern) == 1 and tests[0] is not None:
                    self.row_tests.append((number, tests[0]))
                    continue
                rest.add(str(number), [pattern])
                # An exact prefilter: the pattern can match a doc only if each of its
                # tokens' tests holds for some token (a token with OP, or testing
                # anything but the table's attributes, is not tested).
                if any("OP" in token for token in pattern):
                    self._rest_needs.append([])
                else:
                    needs = []
                    for test in tests:
                        if test is not None:
                            needs.append(len(self._position_tests))
                            self._position_tests.append(test)
                    self._rest_needs.append(needs)
        self.tables = list(tables.items())
        self.matcher = rest if len(rest) else None
        self._ids = [IDS[a] for a in _TABLE_ATTRS]

    def __call__(self, doc: Any) -> Any:
        from spacy.tokens._retokenize import set_token_attrs

        if not len(doc):
            return doc
        memo = self._memo
        rows = [tuple(row) for row in doc.to_array(self._ids).tolist()]
        found = 0  # bit n: the n-th position test of the Matcher's patterns holds somewhere
        merged_rows: list[dict[Any, Any]] = []
        for key in rows:
            known = memo.get(key)
            if known is None:
                if len(memo) > _MEMO_LIMIT:
                    memo.clear()
                known = memo[key] = (self._merge(self._numbers(key)), self._positions(key))
            merged_rows.append(known[0])
            found |= known[1]
        hits: dict[int, list[int]] = {}  # token index -> pattern numbers (Matcher ones)
        if self.matcher is not None and any(
                all(found >> n & 1 for n in needs) for needs in self._rest_needs):
            strings = self.vocab.strings
            for key, start, end in self.matcher(doc, allow_missing=True):
                number = int(strings[key])
                hits.setdefault(doc[start:end][self.indices[number]].i, []).append(number)
        for i, merged in enumerate(merged_rows):
            if i in hits:
                merged = self._merge(sorted([*self._numbers(rows[i]), *hits[i]]))
            if merged:
                set_token_attrs(doc[i], merged)
        return doc

    def _numbers(self, row: tuple[int, ...]) -> list[int]:
        """The one-token patterns a token with these values matches, in pattern order."""
        found: list[int] = []
        for columns, table in self.tables:
            hit = table.get(tuple(row[c] for c in columns))
            if hit:
                found.extend(hit)
        found.extend(number for number, test in self.row_tests if test(row))
        return sorted(found)

    def _positions(self, row: tuple[int, ...]) -> int:
        """Which position tests of the Matcher's patterns a token with these values meets."""
        bits = 0
        for n, test in enumerate(self._position_tests):
            if test(row):
                bits |= 1 << n
        return bits

    def _merge(self, numbers: list[int]) -> dict[Any, Any]:
        """The attributes patterns ``numbers`` set, applied in order (later ones win, as
        each assignment of the stock component overwrites the one before)."""
        merged: dict[Any, Any] = {}
        for number in numbers:
            merged.update(self.attrs[number])
        return merged

    def pipe(self, docs: Any, batch_size: int = 128) -> Any:
        for doc in docs:
            yield self(doc)


def _table_spec(pattern: list[dict[str, Any]]) -> dict[str, list[Any]] | None:
    """A one-token pattern testing only table attributes for equality (or ``IN``), as
    attribute -> allowed values; None for anything else."""
    if len(pattern) != 1:
        return None
    spec: dict[str, list[Any]] = {}
    for attr, value in pattern[0].items():
        attr = str(attr).upper()
        if attr not in _TABLE_ATTRS:
            return None
        if isinstance(value, dict):
            if set(value) != {"IN"} or not isinstance(value["IN"], list):
                return None
            spec[attr] = list(value["IN"])
        elif isinstance(value, str | bool):
            spec[attr] = [value]
        else:
            return None
        if attr == "IS_SPACE" and not all(isinstance(v, bool) for v in spec[attr]):
            return None
    return spec or None


def _equals(c: int, want: int, row: tuple[int, ...]) -> bool:
    return row[c] == want


def _among(c: int, allowed: frozenset[int], inside: bool, row: tuple[int, ...]) -> bool:
    return (row[c] in allowed) is inside


def _searched(c: int, rx: re.Pattern[str], strings: Any, row: tuple[int, ...]) -> bool:
    return rx.search(strings[row[c]]) is not None


def _all(checks: list[RowTest], row: tuple[int, ...]) -> bool:
    return all(check(row) for check in checks)


def _row_test(token: dict[str, Any], columns: dict[str, int], strings: Any) -> RowTest | None:
    """A test of one pattern token on a row of table values that answers as spaCy's
    ``Matcher`` does (equality, ``IN``, ``NOT_IN`` on the values' hashes; ``REGEX``
    searched in the value's string); None when the token tests anything else."""
    from functools import partial

    checks: list[RowTest] = []
    for attr, value in token.items():
        attr = str(attr).upper()
        if attr not in columns:
            return None
        c = columns[attr]
        if isinstance(value, str | bool):
            checks.append(partial(_equals, c, _hash(strings, value)))
        elif isinstance(value, dict) and len(value) == 1 and attr != "IS_SPACE":
            (op, arg), = value.items()
            if op in ("IN", "NOT_IN") and isinstance(arg, list):
                allowed = frozenset(_hash(strings, v) for v in arg)
                checks.append(partial(_among, c, allowed, op == "IN"))
            elif op == "REGEX" and isinstance(arg, str):
                checks.append(partial(_searched, c, re.compile(arg), strings))
            else:
                return None
        else:
            return None
    if not checks:
        return None
    return checks[0] if len(checks) == 1 else partial(_all, checks)


def _expand(choices: list[list[Any]]) -> list[tuple[Any, ...]]:
    out: list[tuple[Any, ...]] = [()]
    for values in choices:
        out = [(*prefix, v) for prefix in out for v in values]
    return out


def _hash(strings: Any, value: Any) -> int:
    if isinstance(value, bool):
        return int(value)
    return int(strings.add(value)) if isinstance(value, str) else int(value)


class RememberingLemmatizer:
    """The model's rule lemmatizer, asked once per distinct (word, tag, morphology).

    In rule mode a lemma is a function of the token's form, coarse tag and morphology
    alone (spaCy's own cache key), so the answer for each combination is kept for the run
    and written with one array operation per document; only a token without a lemma yet
    gets one (the attribute ruler sets some), as in the stock ``__call__``.
    """

    def __init__(self, nlp: Any, name: str) -> None:
        self.name = name
        self.vocab = nlp.vocab
        self.stock: Any = None
        self._memo: dict[tuple[int, int, int], int] = {}

    def copy_from(self, stock: Any) -> None:
        from spacy.attrs import LEMMA, MORPH, ORTH, POS

        self.stock = stock
        self._ids = [ORTH, POS, MORPH, LEMMA]
        _index_as_sets(stock)

    def __call__(self, doc: Any) -> Any:
        from spacy.attrs import LEMMA

        if not len(doc):
            return doc
        if not self.stock._validated:
            from spacy.errors import Errors

            self.stock._validate_tables(Errors.E1004)
        memo, strings = self._memo, self.vocab.strings
        rows = doc.to_array(self._ids)
        lemmas = rows[:, 3].copy()
        for i, (orth, pos, morph, lemma) in enumerate(rows.tolist()):
            if lemma:
                continue
            key = (orth, pos, morph)
            value = memo.get(key)
            if value is None:
                if len(memo) > _MEMO_LIMIT:
                    memo.clear()
                value = memo[key] = int(strings.add(self.stock.lemmatize(doc[i])[0]))
            lemmas[i] = value
        doc.from_array([LEMMA], lemmas)
        return doc

    def pipe(self, docs: Any, batch_size: int = 128) -> Any:
        for doc in docs:
            yield self(doc)


def _index_as_sets(stock: Any) -> None:
    """Give the stock rule lemmatizer its ``lemma_index`` as sets.

    ``Lemmatizer.rule_lemmatize`` tests each candidate form with ``form in index``, and the
    model's index holds lists (57,000 nouns): every new word scanned them, a few percent
    of a paragraph's parse. Sets answer the same membership in one step. The lemmatizer
    gets a ``Lookups`` of its own with the other tables as they are; the model's is not
    changed (nothing else reads it: the stock lemmatizer lives inside this component).
    """
    from spacy.lookups import Lookups

    lookups = getattr(stock, "lookups", None)
    if lookups is None or not lookups.has_table("lemma_index"):
        return
    own = Lookups()
    for name in lookups.tables:
        table = lookups.get_table(name)
        if name == "lemma_index":
            sets = own.add_table(name)
            for key, forms in table.items():
                sets[key] = frozenset(forms)
        else:
            own.set_table(name, table)
    stock.lookups = own


class SteppedParser:
    """The model's ``parser`` or ``ner``, decoded from Python with the GIL held.

    spaCy 3.8's greedy decoder (``Parser.greedy_parse``) releases the GIL for the loop over
    transitions, and the transition system's state accessors, compiled with C++ exception
    handling, take it back on every call: the entity recognizer's validity tests make
    several such calls per action per token, and taking and dropping the GIL was over a
    third of its time. Here the same steps run from Python through spaCy's own step model
    (``model.predict(docs)``, ``step.predict(states)``, ``Parser.transition_states``), so
    the GIL is never dropped. The arithmetic is the same (the same compiled routine sums
    each state's features, the same BLIS product scores them; a row of a product does not
    depend on the other rows), so the annotations are the stock ones, and the whole
    batch is decoded together instead of in spaCy's quarter batches, which leaves fewer
    Python steps. Everything else (``moves``, ``set_annotations``, ``labels``...) is the
    stock component's.
    """

    def __init__(self, nlp: Any, name: str) -> None:
        self.name = name
        self.stock: Any = None

    def copy_from(self, stock: Any) -> None:
        self.stock = stock

    def __getattr__(self, attr: str) -> Any:
        if attr == "stock":  # not set yet (copying, unpickling)
            raise AttributeError(attr)
        return getattr(self.stock, attr)

    def predict(self, docs: list[Any]) -> list[Any]:
        """The final parse states of ``docs`` (as ``Parser.predict`` gives them)."""
        stock = self.stock
        if not any(len(doc) for doc in docs):
            return list(stock.moves.init_batch(docs))
        stock._ensure_labels_are_added(docs)
        states = stock.moves.init_batch(docs)
        step = stock.model.predict(docs)
        todo = [state for state in states if not state.is_final()]
        while todo:
            todo = stock.transition_states(todo, step.predict(todo))
        step.clear_memory()
        return list(states)

    def __call__(self, doc: Any) -> Any:
        self.stock.set_annotations([doc], self.predict([doc]))
        return doc

    def pipe(self, docs: Any, batch_size: int = 256) -> Any:
        from itertools import islice

        handler = self.stock.get_error_handler()
        docs = iter(docs)
        while batch := list(islice(docs, batch_size)):
            try:
                self.stock.set_annotations(batch, self.predict(batch))
            except Exception as e:  # the stock component's handler decides
                handler(self.name, self, batch, e)
            yield from batch


LEMMATIZER = "factlint_lemmatizer"
STEPPED = "factlint_stepped_parser"
# A tokenizer with no rules of its own, for a model whose ``tokenizer`` data replaces them.
EMPTY_TOKENIZER = "factlint.EmptyTokenizer.v1"


def register() -> None:
    """Register the factories with spaCy (once per process)."""
    from spacy.language import Language

    if not Language.has_factory(FACTORY):
        Language.factory(FACTORY)(lambda nlp, name: FastAttributeRuler(nlp, name))
    if not Language.has_factory(LEMMATIZER):
        Language.factory(LEMMATIZER)(lambda nlp, name: RememberingLemmatizer(nlp, name))
    if not Language.has_factory(STEPPED):
        Language.factory(STEPPED)(lambda nlp, name: SteppedParser(nlp, name))
    from spacy.util import registry

    if EMPTY_TOKENIZER not in registry.tokenizers:
        registry.tokenizers(EMPTY_TOKENIZER)(_empty_tokenizer)


def _empty_tokenizer() -> Any:
    """A tokenizer factory that builds a ``Tokenizer`` without the language's rules.

    The stock factory (``spacy.Tokenizer.v1``) compiles the language's 2,700 special cases
    and its prefix, suffix and infix expressions, and loading a model then throws all of
    it away: ``Tokenizer.from_disk`` resets every one of those settings and sets the
    model's own, saved in its ``tokenizer`` file. That first build was a sixth of the
    model's load. Only for a model that has its ``tokenizer`` data
    (:func:`factlint.nlp._load_model` checks); ``tests/test_pipes.py`` checks that the
    loaded tokenizer has exactly the stock one's settings.
    """
    from spacy.tokenizer import Tokenizer

    def make(nlp: Any) -> Any:
        return Tokenizer(nlp.vocab)

    return make


def speed_up(nlp: Any) -> None:
    """Replace ``nlp``'s stock ``attribute_ruler`` by the table-driven one, its rule
    lemmatizer by the remembering one and its greedy parser and entity recognizer by the
    stepped ones, in place (each only when it is the stock kind)."""
    from spacy.pipeline import AttributeRuler, DependencyParser, EntityRecognizer, Lemmatizer

    register()
    if "attribute_ruler" in nlp.pipe_names:
        stock = nlp.get_pipe("attribute_ruler")
        if type(stock) is AttributeRuler:
            nlp.replace_pipe("attribute_ruler", FACTORY)
            nlp.get_pipe("attribute_ruler").copy_from(stock)
    if "lemmatizer" in nlp.pipe_names:
        lemmatizer = nlp.get_pipe("lemmatizer")
        if (isinstance(lemmatizer, Lemmatizer) and lemmatizer.mode == "rule"
                and not lemmatizer.overwrite):
            nlp.replace_pipe("lemmatizer", LEMMATIZER)
            nlp.get_pipe("lemmatizer").copy_from(lemmatizer)
    for name in ("parser", "ner"):
        if name not in nlp.pipe_names:
            continue
        stock = nlp.get_pipe(name)
        if (type(stock) in (DependencyParser, EntityRecognizer)
                and stock.cfg.get("beam_width") == 1 and _on_cpu(stock)):
            nlp.replace_pipe(name, STEPPED)
            nlp.get_pipe(name).copy_from(stock)
    # The stand-in's ``model`` is the stock one, so the parser listens to ``tok2vec`` again.
    nlp._link_components()


def _on_cpu(component: Any) -> bool:
    from thinc.api import NumpyOps

    return isinstance(component.model.ops, NumpyOps)
