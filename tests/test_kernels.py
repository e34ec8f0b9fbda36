"""BLIS's AVX2 kernels where BLIS would use its portable ones (factlint.kernels): correct
products, rows that do not depend on their product, the same parse, and the opt-out."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import REPO

numpy = pytest.importorskip("numpy")
blis_py = pytest.importorskip("blis.py")


def _run(code: str, **env: str) -> str:
    import os

    environ = {k: v for k, v in os.environ.items() if k != "FACTLINT_BLIS"}
    environ.update(env)
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          check=True, cwd=Path(REPO), env=environ).stdout.strip()


_BLIS_OWN = ("import ctypes, blis.cy\n"
             "lib = ctypes.CDLL(blis.cy.__file__)\n"
             "lib.bli_arch_string.restype = ctypes.c_char_p\n"
             "print(lib.bli_arch_string(lib.bli_arch_query_id()).decode())\n")


def _blis_own_choice() -> str:
    return _run(_BLIS_OWN)


def test_the_kernels_chosen_follow_blis_and_the_cpu() -> None:
    from factlint import kernels

    own = _blis_own_choice()
    chosen = _run("from factlint.kernels import use_fast_kernels\nprint(use_fast_kernels())")
    expected = "haswell" if own == "generic" and kernels._cpu_has_avx2_fma() else own
    assert chosen == expected
    assert _run("from factlint.kernels import use_fast_kernels\nprint(use_fast_kernels())",
                FACTLINT_BLIS="stock") == own


def test_products_are_right_and_a_row_does_not_depend_on_its_product() -> None:
    """Every shape class thinc asks for (one row, edge sizes that are no multiple of the
    micro-kernel's 6x16, transposed operands), against numpy in double precision; and
    each row of a product equal bit for bit to the same row computed in a product of
    another size, at another place."""
    from factlint.kernels import use_fast_kernels

    use_fast_kernels()
    rng = numpy.random.default_rng(3)
    for m, k, n in ((1, 96, 96), (5, 7, 13), (17, 96, 288), (64, 288, 1728), (301, 64, 35)):
        a = rng.standard_normal((m, k)).astype("float32")
        b = rng.standard_normal((k, n)).astype("float32")
        want = a.astype("float64") @ b.astype("float64")
        for trans1, trans2 in ((False, False), (True, False), (False, True)):
            x = numpy.ascontiguousarray(a.T) if trans1 else a
            y = numpy.ascontiguousarray(b.T) if trans2 else b
            got = blis_py.gemm(x, y, trans1=trans1, trans2=trans2)
            assert numpy.allclose(got, want, rtol=1e-4, atol=1e-3), (m, k, n, trans1, trans2)
    a = rng.standard_normal((211, 288)).astype("float32")
    b = rng.standard_normal((288, 96)).astype("float32")
    whole = blis_py.gemm(a, b)
    for start, size in ((0, 1), (3, 5), (7, 6), (40, 33), (100, 111), (1, 210)):
        part = blis_py.gemm(numpy.ascontiguousarray(a[start:start + size]), b)
        assert numpy.array_equal(part, whole[start:start + size]), (start, size)


_PARSE = """
import hashlib, json, sys
sys.path.insert(0, "tests")
from spacy.attrs import DEP, ENT_IOB, ENT_TYPE, HEAD, LEMMA, MORPH, SENT_START, TAG
from factlint.nlp import load_nlp
from test_pipes import _texts
from factlint.kernels import use_fast_kernels
nlp = load_nlp({"tagger", "lemmatizer", "parser", "ner"}).nlp
attrs = [TAG, MORPH, LEMMA, DEP, HEAD, SENT_START, ENT_IOB, ENT_TYPE]
rows = [hashlib.sha256(d.to_array(attrs).tobytes()).hexdigest()[:16]
        for d in nlp.pipe(_texts(), batch_size=64)]
print(json.dumps([use_fast_kernels(), "ner" in nlp.pipe_names, rows]))
"""


def test_the_parse_is_the_same_on_blis_own_kernels() -> None:
    """The kernels change how a product's sums are rounded, not what the models decide:
    every fixture paragraph and generated text gets the same tags, lemmas, morphology,
    dependencies, sentences and entities as on the kernels BLIS picks itself."""
    fast_kernels, has_ner, fast = json.loads(_run(_PARSE))
    own_kernels, _, own = json.loads(_run(_PARSE, FACTLINT_BLIS="stock"))
    if not has_ner:
        pytest.skip("no English model installed")
    if fast_kernels == own_kernels:
        pytest.skip(f"BLIS uses its {own_kernels} kernels here either way")
    assert len(fast) == len(own) > 100
    assert [i for i, (a, b) in enumerate(zip(fast, own, strict=True)) if a != b] == []


def test_the_cache_key_names_the_kernels_asked_for(monkeypatch: pytest.MonkeyPatch) -> None:
    from factlint.cache import model_identity

    monkeypatch.delenv("FACTLINT_BLIS", raising=False)
    auto = model_identity(None)
    monkeypatch.setenv("FACTLINT_BLIS", "stock")
    stock = model_identity(None)
    assert auto.endswith(";blis=auto") and stock.endswith(";blis=stock")
    assert auto.removesuffix(";blis=auto") == stock.removesuffix(";blis=stock")
