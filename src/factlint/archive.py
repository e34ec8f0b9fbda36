"""The archive's summaries in one cache entry, so an unchanged archive costs milliseconds.

A pre-commit hook compares one staged article with thousands of archived ones (FL206,
``--archive``). Per-file cache entries would mean reading and hashing every archive file
and reading, authenticating and decoding one JSON entry per file on every commit. Instead
the archive's cross-file summaries are kept together in one binary entry per archive (the
cross-file rules' run signature, the working directory and the archive folders name it),
read with one ``read``:

- each file's record holds its path, size and modification time (nanoseconds), its
  per-file cache key (which names its content) and how many summary items of each rule
  it has: a file whose ``stat`` matches is not read at all;
- the items themselves are stored by column: for each rule, one array per field of its
  (flat, frozen) summary dataclass, ints as 64-bit arrays, strings and bytes concatenated
  with their lengths beside them. Decoding 10,000 paragraphs is a few slices and
  ``object.__new__`` calls; anything else a rule collects is stored with the cache's
  tagged JSON codec instead (correct, only slower).

Like every cache entry it is data, never code: classes are rebuilt only if factlint
defines them (:func:`factlint.cache._factlint_class`) with exactly the stored fields, and
the whole entry carries a keyed BLAKE2b MAC under the cache's secret, checked before
anything is decoded. A damaged or foreign entry is a miss, never an error.

A modification time is only trusted when it lies clearly before the moment the entry's
stats were taken (:data:`RACY_NS`, git's "racily clean" rule): a file changed in the same
clock tick as it was recorded, with the same size, is read again rather than trusted.
"""

from __future__ import annotations

import contextlib
import dataclasses
import hashlib
import hmac
import json
import os
import tempfile
import time
from array import array
from collections import deque
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import accumulate, repeat
from typing import TYPE_CHECKING, Any

from factlint.cache import Uncacheable, _class_name, _factlint_class, decode, encode
from factlint.signature import digest

if TYPE_CHECKING:
    from factlint.cache import Cache

__all__ = ["ARCHIVE_FORMAT", "RACY_NS", "ArchiveEntry", "Record", "file_stat", "stat_all"]

ARCHIVE_FORMAT = 1
_MAGIC = b"factlint-archive\n"
_MAC_SIZE = 32
RACY_NS = 2_000_000_000  # a file modified less than this before its stat is not trusted


def file_stat(path: str) -> os.stat_result | None:
    """The file's ``stat`` (links followed), or None when it cannot be stated."""
    try:
        return os.stat(path)
    except (OSError, ValueError):
        return None


@dataclass
class Record:
    """One archive file as the entry knows it: enough to decide it has not changed."""

    path: str
    size: int
    mtime_ns: int
    key: str  # the file's per-file cache key: its path, content and the run signature
    collected: dict[str, list[Any]]


class ArchiveEntry:
    """The combined entry of one archive in a cache (see the module docstring)."""

    def __init__(self, cache: Cache, roots: Sequence[str]) -> None:
        self.cache = cache
        name = digest(cache.run_signature, os.getcwd(),
                      "\0".join(sorted(os.path.realpath(r) for r in roots)))
        self.file = cache.folder / "archive" / f"{name}.bin"
        self.stamp = 0  # when the stats of the loaded entry were taken (ns since the epoch)

    def load(self) -> dict[str, Record]:
        """The records of the stored entry by path ({} when absent, foreign or damaged)."""
        try:
            with open(self.file, "rb") as fh:
                data = fh.read()
        except OSError:
            return {}
        secret = self.cache.secret(create=False)
        if secret is None or not data.startswith(_MAGIC):
            return {}
        body = data[len(_MAGIC) + _MAC_SIZE:]
        mac = data[len(_MAGIC):len(_MAGIC) + _MAC_SIZE]
        if not hmac.compare_digest(mac, _mac(secret, self.file.name, body)):
            return {}
        try:
            return self._decode(body)
        except Exception:  # authentic but not ours to read (another version): a miss
            return {}

    def fresh(self, record: Record, stat: os.stat_result | None) -> bool:
        """True when ``stat`` says the file is the one ``record`` was made from."""
        return (stat is not None and stat.st_size == record.size
                and stat.st_mtime_ns == record.mtime_ns
                and record.mtime_ns + RACY_NS < self.stamp)

    def store(self, records: list[Record], stamp: int) -> str | None:
        """Replace the entry with ``records`` (stats taken at ``stamp``); an error message
        when it could not be written."""
        try:
            body = _encode(records, stamp)
        except Uncacheable:
            return None
        try:
            secret = self.cache.secret(create=True)
            assert secret is not None
            self.file.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(dir=self.file.parent, prefix=".tmp-", suffix=".bin")
            try:
                with os.fdopen(fd, "wb") as fh:
                    fh.write(_MAGIC + _mac(secret, self.file.name, body) + body)
                os.replace(tmp, self.file)
            except BaseException:
                with contextlib.suppress(OSError):
                    os.unlink(tmp)
                raise
        except OSError as exc:
            return f"cache not written to {self.cache.root}: {exc.strerror or exc}"
        return None

    def _decode(self, body: bytes) -> dict[str, Record]:
        size = int.from_bytes(body[:8], "little")
        head = json.loads(body[8:8 + size].decode("utf-8", "surrogatepass"))
        blob = memoryview(body)[8 + size:]
        if head.get("format") != ARCHIVE_FORMAT:
            return {}
        self.stamp = int(head["stamp"])
        items = {code: _decode_column(spec, blob) for code, spec in head["columns"].items()}
        records: dict[str, Record] = {}
        taken = dict.fromkeys(items, 0)
        for path, size_, mtime, key, counts in head["files"]:
            collected: dict[str, list[Any]] = {}
            for code, n in counts.items():
                start = taken[code]
                collected[code] = items[code][start:start + n]
                taken[code] = start + n
            records[path] = Record(path, int(size_), int(mtime), str(key), collected)
        if any(taken[code] != len(items[code]) for code in items):
            raise ValueError("counts do not cover the items")
        return records


def _mac(secret: bytes, name: str, body: bytes) -> bytes:
    h = hashlib.blake2b(key=hashlib.sha256(secret).digest(), digest_size=_MAC_SIZE)
    h.update(name.encode("utf-8", "surrogatepass") + b"\0")
    h.update(body)
    return h.digest()


# -- the columns ----------------------------------------------------------------------------
_KINDS = {int: "i", str: "s", bytes: "b"}


def _encode(records: list[Record], stamp: int) -> bytes:
    """Header (JSON, with its length first) and the columns' bytes."""
    by_code: dict[str, list[Any]] = {}
    files = []
    for rec in records:
        counts = {}
        for code, items in rec.collected.items():
            if not isinstance(items, list):
                raise Uncacheable("a summary that is not a list")
            by_code.setdefault(code, []).extend(items)
            counts[code] = len(items)
        files.append([rec.path, rec.size, rec.mtime_ns, rec.key, counts])
    chunks: list[bytes] = []
    offset = [0]

    def put(data: bytes) -> list[int]:
        chunks.append(data)
        at = offset[0]
        offset[0] += len(data)
        return [at, len(data)]

    columns = {code: _encode_column(items, put) for code, items in sorted(by_code.items())}
    head = json.dumps({"format": ARCHIVE_FORMAT, "stamp": stamp, "files": files,
                       "columns": columns}, ensure_ascii=True, separators=(",", ":"))
    raw = head.encode("ascii")
    return len(raw).to_bytes(8, "little") + raw + b"".join(chunks)


def _flat_fields(items: list[Any]) -> tuple[type, list[tuple[str, str]]] | None:
    """The one dataclass of ``items`` and its (field, kind) pairs, if every field of every
    item is an int, a str or bytes; None otherwise (the items go through JSON)."""
    if not items:
        return None
    cls = type(items[0])
    if not dataclasses.is_dataclass(cls) or any(type(it) is not cls for it in items):
        return None
    fields = []
    if not dataclasses.fields(cls):
        return None
    for f in dataclasses.fields(cls):
        kinds = {type(getattr(it, f.name)) for it in items}
        if len(kinds) != 1 or next(iter(kinds)) not in _KINDS:
            return None
        fields.append((f.name, _KINDS[next(iter(kinds))]))
    return cls, fields


def _encode_column(items: list[Any], put: Any) -> dict[str, Any]:
    flat = _flat_fields(items)
    if flat is None:
        return {"json": encode(items)}
    cls, fields = flat
    parts = []
    for name, kind in fields:
        values = [getattr(it, name) for it in items]
        if kind == "i":
            try:
                parts.append([name, kind, put(array("q", values).tobytes())])
            except OverflowError:
                raise Uncacheable("an int beyond 64 bits") from None
            continue
        data = ("".join(values).encode("utf-8", "surrogatepass") if kind == "s"
                else b"".join(values))
        lengths = array("q", (len(v) for v in values)).tobytes()
        parts.append([name, kind, put(lengths), put(data)])
    return {"class": _class_name(cls), "count": len(items), "fields": parts}


def _decode_column(spec: dict[str, Any], blob: memoryview) -> list[Any]:
    if "json" in spec:
        items = decode(spec["json"])
        if not isinstance(items, list):
            raise ValueError("not a list")
        return items
    cls = _factlint_class(spec["class"])
    count = int(spec["count"])
    if not dataclasses.is_dataclass(cls):
        raise ValueError("not a dataclass")
    names = [name for name, *_ in spec["fields"]]
    if names != [f.name for f in dataclasses.fields(cls)]:
        raise ValueError("dataclass fields differ")

    def part(at: list[int]) -> memoryview:
        start, length = int(at[0]), int(at[1])
        if start < 0 or length < 0 or start + length > len(blob):
            raise ValueError("part outside the entry")
        return blob[start:start + length]

    columns: list[list[Any]] = []
    for name, kind, *at in spec["fields"]:
        if kind == "i":
            ints = array("q")
            ints.frombytes(part(at[0]))
            columns.append(ints.tolist())
            continue
        lengths = array("q")
        lengths.frombytes(part(at[0]))
        data = part(at[1])
        if kind == "s":
            whole: str | bytes = bytes(data).decode("utf-8", "surrogatepass")
        elif kind == "b":
            whole = bytes(data)
        else:
            raise ValueError(f"unknown field kind {kind!r} of {name}")
        ends = list(accumulate(lengths))
        if (ends[-1] if ends else 0) != len(whole) or any(n < 0 for n in lengths):
            raise ValueError("lengths do not cover the data")
        columns.append(list(map(whole.__getitem__, map(slice, [0, *ends[:-1]], ends))))
    if any(len(col) != count for col in columns):
        raise ValueError("columns of different lengths")
    # Ten thousand paragraphs are rebuilt by C-level maps, not a Python loop per object:
    # each gets its field dict directly (a frozen dataclass keeps its fields there).
    objects = list(map(object.__new__, repeat(cls, count)))
    if hasattr(cls, "__slots__"):
        for name, col in zip(names, columns, strict=True):
            deque(map(object.__setattr__, objects, repeat(name), col), maxlen=0)
    else:
        fields = map(dict, map(zip, repeat(names), zip(*columns, strict=True)))
        deque(map(object.__setattr__, objects, repeat("__dict__"), fields), maxlen=0)
    return objects


def now_ns() -> int:
    """The clock the stats are compared with (the file system's, as far as Python can)."""
    return time.time_ns()


def stat_all(paths: Sequence[str]) -> tuple[int, list[os.stat_result | None]]:
    """When the stats were taken (just before) and each path's ``stat``."""
    stamp = now_ns()
    return stamp, [file_stat(p) for p in paths]

