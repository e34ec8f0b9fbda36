"""The matrix-product kernels spaCy's models run on: BLIS's AVX2 kernels where BLIS
would fall back to its portable C ones.

thinc computes every matrix product of the tagger, parser and NER (and each step of
their transition loops) with the BLIS library bundled in the ``blis`` package. That BLIS
picks its kernels from the CPU's vendor, family and model, and knows none newer than
AMD's Zen 2 and Intel's Skylake-X: on a Zen 3, Zen 4 or Zen 5 CPU (family 25 and later)
it selects its ``generic`` configuration, plain C that does about a quarter of the work
per CPU-second of its AVX2 kernels on the same core (22 against 81 GFLOP per CPU-second
on a tok2vec-sized product, measured on a Zen 4), although those kernels are compiled
into the same library and the CPU runs them.

``use_fast_kernels()`` re-initialises BLIS's default context in place with the
``haswell`` configuration (AVX2 and FMA kernels, their block sizes) when BLIS chose
``generic`` and the CPU reports AVX2 and FMA. It is what BLIS itself selects on an Intel
Haswell or later. Each row of a product is still computed by the same micro-kernel in the
same order whatever the product's size and the row's place in it, so a piece's parse does
not depend on the pieces batched with it (``tests/test_pipes.py``). BLIS's memory pools
grow to the new block sizes on first use (``bli_pool_checkout_block``).

Set ``FACTLINT_BLIS=stock`` to leave BLIS's own choice alone.
"""

from __future__ import annotations

import ctypes
import os
from typing import Any

ENV = "FACTLINT_BLIS"
_FAST = "haswell"
_chosen: str | None = None


def choice() -> str:
    """What ``use_fast_kernels`` is asked to do, for the cache key: ``auto`` or ``stock``."""
    return "stock" if os.environ.get(ENV, "").strip().lower() == "stock" else "auto"


def _library() -> Any:
    import blis.cy

    lib = ctypes.CDLL(blis.cy.__file__)
    needed = ("bli_arch_query_id", "bli_arch_string", "bli_gks_query_cntx",
              "bli_cntx_init_generic", f"bli_cntx_init_{_FAST}")
    if not all(hasattr(lib, name) for name in needed):
        return None
    lib.bli_arch_string.restype = ctypes.c_char_p
    lib.bli_arch_string.argtypes = [ctypes.c_int]
    lib.bli_gks_query_cntx.restype = ctypes.c_void_p
    for name in ("bli_cntx_init_generic", f"bli_cntx_init_{_FAST}"):
        getattr(lib, name).argtypes = [ctypes.c_void_p]
        getattr(lib, name).restype = None
    return lib


def _cpu_has_avx2_fma() -> bool:
    """numpy's run-time CPU dispatch table (it also checks that the OS saves AVX state)."""
    import importlib

    for module in ("numpy._core._multiarray_umath", "numpy.core._multiarray_umath"):
        try:
            features = getattr(importlib.import_module(module), "__cpu_features__", None)
        except ImportError:
            continue
        if isinstance(features, dict):
            return bool(features.get("AVX2")) and bool(features.get("FMA3"))
    return False


def _products_agree() -> bool:
    """A product of each shape class thinc uses, against numpy in double precision."""
    import blis.py
    import numpy

    rng = numpy.random.default_rng(7)
    for m, k, n in ((1, 96, 288), (37, 96, 1728), (300, 288, 96)):
        a = rng.standard_normal((m, k)).astype("float32")
        b = rng.standard_normal((k, n)).astype("float32")
        got = blis.py.gemm(a, b)
        want = a.astype("float64") @ b.astype("float64")
        if not numpy.allclose(got, want, rtol=1e-4, atol=1e-3):
            return False
    return True


def use_fast_kernels() -> str:
    """Make BLIS use its AVX2 kernels where it would use its portable ones; return the
    configuration now in use (``generic``, ``haswell``, ... or ``unknown``)."""
    global _chosen
    if _chosen is not None:
        return _chosen
    try:
        lib = _library()
    except (ImportError, OSError):
        lib = None
    if lib is None:
        _chosen = "unknown"
        return _chosen
    current = (lib.bli_arch_string(lib.bli_arch_query_id()) or b"").decode()
    _chosen = current
    if current != "generic" or choice() == "stock" or not _cpu_has_avx2_fma():
        return _chosen
    cntx = lib.bli_gks_query_cntx()
    getattr(lib, f"bli_cntx_init_{_FAST}")(cntx)
    if _products_agree():
        _chosen = _FAST
    else:  # never seen; put BLIS back as it was
        lib.bli_cntx_init_generic(cntx)
    return _chosen
