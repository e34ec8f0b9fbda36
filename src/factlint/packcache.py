"""The built-in rule packs, read once and kept in compiled form, as Python keeps bytecode.

Reading factlint's 24 built-in packs (YAML with the line of every key, then validation)
costs about 0.1 CPU-s in every run, a twentieth of a one-file check, and gives the same
packs each time until a pack or factlint's code changes. So the validated packs are kept
beside factlint's own bytecode (``factlint/__pycache__/packs.<key>.marshal``): ``marshal``
data, never code, rebuilt into the same ``Pack``/``Entry`` objects (and the line-keeping
``LineDict``/``LineList`` of their ``data:`` tables). The key hashes factlint's version and
source files (:func:`factlint.signature.code_signature`), the Python version and every pack's
path and bytes, so an edited pack or rule module, another checkout or another interpreter
reads the YAML again. It is written by the first run that can (not in a read-only
install, nor with ``PYTHONDONTWRITEBYTECODE`` or ``-B``: these read the YAML each time)
and replaces the one an earlier version wrote. It holds no results and nothing of a
project: ``--no-cache``, which turns off the result cache, leaves it on. Projects' own
packs are always read from their YAML.
"""

from __future__ import annotations

import contextlib
import marshal
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

from factlint.finding import Severity
from factlint.safeio import write_atomic
from factlint.signature import code_signature, digest
from factlint.yamlio import LineDict, LineList

# The pack and entry classes of factlint.packs, which passes them in (this module is
# below it and imports nothing of it).
P = TypeVar("P")
E = TypeVar("E")

FORMAT = 1
_SCALARS = (str, int, float, bool, type(None))


class _Unsupported(Exception):
    """A value marshal cannot keep exactly; the packs are then simply not kept."""


def _folder() -> Path:
    return bytecode_folder()


def bytecode_folder() -> Path:
    """factlint's own ``__pycache__``, where data derived from installed files is kept."""
    return Path(__file__).resolve().parent / "__pycache__"


def _key(files: list[Path]) -> str:
    parts: list[str | bytes] = [str(FORMAT), sys.version, code_signature()]
    for path in files:
        parts += [str(path), path.read_bytes()]
    return digest(*parts)


def load_builtin(files: list[Path], load: Callable[[Path], P],
                 types: tuple[Callable[..., P], Callable[..., E]]) -> list[P]:
    """The packs of ``files`` (the shipped ones, sorted): kept ones when the key matches,
    else ``load(path)`` for each, kept for the next run. ``types``: the pack and entry
    classes to rebuild (given by factlint.packs, so that this module does not import it)."""
    try:
        key = _key(files)
    except OSError:
        return [load(p) for p in files]
    kept = _folder() / f"packs.{key[:32]}.marshal"
    packs = _read(kept, key, types)
    if packs is not None:
        return packs
    packs = [load(p) for p in files]
    _write(kept, key, packs)
    return packs


def _read(path: Path, key: str, types: tuple[Callable[..., P], Callable[..., E]]) -> list[P] | None:
    try:
        raw = path.read_bytes()
    except OSError:
        return None
    try:
        stored = marshal.loads(raw)
        if not (isinstance(stored, tuple) and len(stored) == 3 and stored[0] == FORMAT
                and stored[1] == key):
            return None
        return [_pack(item, *types) for item in stored[2]]
    except (ValueError, TypeError, EOFError, IndexError, KeyError):
        return None  # damaged or of another layout: read the YAML


def _write(path: Path, key: str, packs: list[Any]) -> None:
    if sys.dont_write_bytecode:
        return
    try:
        data = marshal.dumps((FORMAT, key, [_flat_pack(p) for p in packs]))
    except (_Unsupported, ValueError):
        return
    keep(path, data, "packs.*.marshal")


def keep(path: Path, data: bytes, family: str) -> None:
    """Write ``data`` to ``path`` beside factlint's bytecode and remove the other files of
    its ``family`` (a glob: earlier versions' copies). Nothing is written where Python
    writes no bytecode (``PYTHONDONTWRITEBYTECODE``, ``-B``); a folder that cannot be
    written is no error: the next run derives the data again."""
    if sys.dont_write_bytecode:
        return
    try:
        path.parent.mkdir(exist_ok=True)
        write_atomic(path, data)
    except OSError:
        return
    with contextlib.suppress(OSError):
        for old in path.parent.glob(family):
            if old != path:
                with contextlib.suppress(OSError):
                    old.unlink()


# -- flat form: tuples of marshal's own types ----------------------------------------------

def _flat(value: Any) -> Any:
    if isinstance(value, LineDict):
        return ("D", value.line, [(k, value.lines.get(k), _flat(v)) for k, v in value.items()])
    if isinstance(value, LineList):
        return ("L", value.line, list(value.lines), [_flat(v) for v in value])
    if type(value) is dict:
        return ("d", [(_flat(k), _flat(v)) for k, v in value.items()])
    if type(value) is list:
        return ("l", [_flat(v) for v in value])
    if type(value) in _SCALARS:
        return value
    raise _Unsupported(type(value).__name__)


def _value(flat: Any) -> Any:
    if not isinstance(flat, tuple):
        return flat
    tag = flat[0]
    if tag == "D":
        out = LineDict()
        out.line = flat[1]
        for k, line, v in flat[2]:
            out[k] = _value(v)
            if line is not None:
                out.lines[k] = line
        return out
    if tag == "L":
        items = LineList(_value(v) for v in flat[3])
        items.line, items.lines = flat[1], list(flat[2])
        return items
    if tag == "d":
        return {_value(k): _value(v) for k, v in flat[1]}
    if tag == "l":
        return [_value(v) for v in flat[1]]
    raise ValueError(f"unknown tag {tag!r}")


def _flat_entry(entry: Any) -> tuple[Any, ...]:
    severity = entry.severity.value if entry.severity is not None else None
    return (entry.kind, _flat(entry.value), entry.reason, severity, entry.label,
            entry.source, entry.case_sensitive, entry.trusted)


def _entry(flat: tuple[Any, ...], entry_type: Callable[..., E]) -> E:
    kind, value, reason, severity, label, source, case, trusted = flat
    return entry_type(kind, _value(value), reason, Severity(severity) if severity else None,
                 label, source, case_sensitive=case, trusted=trusted)


def _flat_pack(pack: Any) -> tuple[Any, ...]:
    return (pack.path, pack.rule, [_flat_entry(e) for e in pack.entries], _flat(pack.data),
            _flat(pack.define), pack.define_line)


def _pack(flat: tuple[Any, ...], pack_type: Callable[..., P], entry_type: Callable[..., E]) -> P:
    path, rule, entries, data, define, define_line = flat
    return pack_type(path=path, rule=rule, entries=[_entry(e, entry_type) for e in entries],
                     data=_value(data), define=_value(define), define_line=define_line)
