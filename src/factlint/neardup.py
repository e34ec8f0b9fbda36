"""Near-duplicate paragraphs across files: MinHash signatures, banding, exact checks.

FL206 compares paragraphs as sets of 64-bit word hashes (Jaccard similarity). One module
does it for the three places that need it: a run's checked files among themselves
(:func:`similar_pairs`), checked files against an ``--archive`` (:func:`archive_matches`)
and the Dask executor's distributed join (:func:`band_records` per file on the workers,
:func:`bucket_pairs` per shuffled partition), so all three give the same answer.

A paragraph's MinHash signature is ``BANDS x ROWS`` minima of mixed word hashes, computed
with numpy in one pass over many paragraphs. Two paragraphs become a candidate pair when
all ``ROWS`` minima of one band agree (probability ``J ** ROWS`` per band for Jaccard
``J``); every candidate is then confirmed with the exact Jaccard of the two sets, so a
band can only miss a pair, never invent one. With 4 rows and 32 bands a pair at J = 0.6
is missed with probability 1.2% (0.015% at 0.7, none at 1.0: identical paragraphs are
matched exactly, not through the signature); datasketch's index with FL206's former
settings (16 bands of 4) missed 11% at 0.6.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import numpy as np
    import numpy.typing as npt

    U64 = npt.NDArray[np.uint64]

ROWS = 4
BANDS = 32
# A bucket of more distinct paragraphs than this is split by the next band's key as well
# (eight minima must agree), and a part still larger pairs each member with its MAX_BUCKET
# nearest neighbours only. Without it, a word found in nearly every paragraph (a series
# name in a fan site's archive) makes whole bands into one bucket, and the candidates
# grow with the square of the archive.
MAX_BUCKET = 64
_SEED = 20261201  # fixed: signatures must agree between processes and machines
_CHUNK = 1 << 16  # word hashes per numpy pass (CHUNK x BANDS x ROWS minima in memory)

if TYPE_CHECKING:
    Int = npt.NDArray[np.int64]


def _constants() -> tuple[U64, U64, U64]:
    import numpy as np

    rng = np.random.default_rng(_SEED)
    perms = BANDS * ROWS
    mul = rng.integers(1, 2**62, size=perms, dtype=np.uint64) * np.uint64(2) + np.uint64(1)
    xor = rng.integers(0, 2**62, size=perms, dtype=np.uint64)
    mix = rng.integers(1, 2**62, size=2, dtype=np.uint64) * np.uint64(2) + np.uint64(1)
    return mul, xor, mix


_CONST: tuple[U64, U64, U64] | None = None


def set_id(hashes: bytes) -> int:
    """A 64-bit name of a set of word hashes (given sorted): equal sets, equal ids."""
    return int.from_bytes(hashlib.blake2b(hashes, digest_size=8).digest(), "little")


def band_keys(sets: Sequence[bytes]) -> U64:
    """``(len(sets), BANDS)`` band keys of paragraphs given as their sorted 8-byte word
    hashes (an empty set gets keys that match nothing but another empty set).

    Each minimum is the top 32 bits of a mixed word hash, one mix per distinct word of a
    pass; a band's four minima make one 64-bit key.
    """
    import numpy as np

    sizes = np.fromiter((len(s) // 8 for s in sets), dtype=np.int64, count=len(sets))
    return band_keys_of(np.frombuffer(b"".join(sets), dtype=np.uint64), sizes)


def band_keys_of(words: U64, sizes: Int) -> U64:
    """:func:`band_keys` of sets given as one array of their words, set after set, and
    each set's size."""
    import numpy as np

    global _CONST
    if _CONST is None:
        _CONST = _constants()
    mul, xor, mix = _CONST
    count = len(sizes)
    sig = np.full((count, BANDS * ROWS), np.iinfo(np.uint32).max, dtype=np.uint32)
    ends = np.cumsum(sizes)
    starts = ends - sizes
    first = 0
    with np.errstate(over="ignore"):
        while first < count:
            # paragraphs [first, last) whose words fit one pass (at least one paragraph)
            last = max(first + 1, int(np.searchsorted(ends, starts[first] + _CHUNK, "right")))
            lo, hi = int(starts[first]), int(ends[last - 1])
            if hi > lo:
                vocab, where = np.unique(words[lo:hi], return_inverse=True)
                mixed = (vocab[:, None] ^ xor[None, :]) * mul[None, :]
                mixed ^= mixed >> np.uint64(29)
                minima = (mixed >> np.uint64(32)).astype(np.uint32)
                nonempty = np.flatnonzero(sizes[first:last]) + first
                sig[nonempty] = np.minimum.reduceat(minima[where], starts[nonempty] - lo,
                                                    axis=0)
            first = last
        rows = sig.reshape(count, BANDS, ROWS).astype(np.uint64)
        high = (rows[:, :, 0] << np.uint64(32)) | rows[:, :, 1]
        low = (rows[:, :, 2] << np.uint64(32)) | rows[:, :, 3]
        keys: U64 = (high * mix[0]) ^ (low * mix[1] + np.uint64(0x9E3779B97F4A7C15))
    return keys


def band_records(sets: Sequence[bytes]) -> tuple[U64, U64]:
    """What one file contributes to the distributed join: ``(keys, ids)`` where
    ``keys[n, b]`` is paragraph n's key in band b and ``ids[n]`` its :func:`set_id`."""
    import numpy as np

    ids = np.fromiter((set_id(s) for s in sets), dtype=np.uint64, count=len(sets))
    return band_keys(sets), ids


def shuffle_records(keys: U64, ids: U64, partitions: int) -> list[tuple[Int, U64, U64, U64]]:
    """Band records ``(band, key, next band's key, id)`` split into ``partitions`` by key:
    every record of one bucket lands in the same partition."""
    import numpy as np

    n = len(ids)
    bands = np.tile(np.arange(BANDS, dtype=np.int64), n)
    flat = keys.ravel()
    following = np.roll(keys, -1, axis=1).ravel()
    owner = np.repeat(ids, BANDS)
    part = (flat % np.uint64(partitions)).astype(np.int64)
    out = []
    for k in range(partitions):
        take = part == k
        out.append((bands[take], flat[take], following[take], owner[take]))
    return out


def bucket_pairs(bands: Int, keys: U64, following: U64, ids: U64) -> set[tuple[int, int]]:
    """Candidate pairs ``(a, b)`` (``a < b``) of different set ids that share a band's
    key: all pairs of a bucket of at most MAX_BUCKET distinct sets, and in a larger one
    the pairs that share the next band's key too (see MAX_BUCKET). The candidates of one
    shuffled partition, or of a whole run in one process: the same either way."""
    return {(a, b) for lo, hi in bucket_pair_arrays(bands, keys, following, ids)
            for a, b in zip(lo.tolist(), hi.tolist(), strict=True)}


def bucket_pair_arrays(bands: Int, keys: U64, following: U64, ids: U64
                       ) -> list[tuple[U64, U64]]:
    """The pairs of :func:`bucket_pairs` as arrays ``(smaller ids, larger ids)``, in
    chunks (a pair may recur)."""
    import numpy as np

    if len(keys) < 2:
        return []
    order = np.lexsort((ids, following, keys, bands))
    b, k, f, i = bands[order], keys[order], following[order], ids[order]
    # one record per (band, key, id): copies of a paragraph add nothing
    new_bucket = np.ones(len(k), dtype=bool)
    new_bucket[1:] = (b[1:] != b[:-1]) | (k[1:] != k[:-1])
    new_part = new_bucket.copy()
    new_part[1:] |= f[1:] != f[:-1]
    keep = new_part.copy()
    keep[1:] |= i[1:] != i[:-1]
    b, k, f, i = b[keep], k[keep], f[keep], i[keep]
    new_bucket, new_part = new_bucket[keep], new_part[keep]
    bucket = np.cumsum(new_bucket)
    part = np.cumsum(new_part)
    size = np.bincount(bucket)[bucket]
    # the group a record pairs within: its bucket, or in a large bucket its part
    group = np.where(size > MAX_BUCKET, part + len(k), bucket)
    found: list[tuple[U64, U64]] = []
    active = np.arange(len(k) - 1)
    step = 1
    while len(active) and step <= MAX_BUCKET:
        # records sorted by group: equal neighbours ``step`` apart share it
        active = active[active + step < len(k)]
        same = active[group[active] == group[active + step]]
        if len(same):
            lo, hi = i[same], i[same + step]
            found.append((np.minimum(lo, hi), np.maximum(lo, hi)))
        active = same
        step += 1
    return found


def similar_pairs(sets: Sequence[frozenset[bytes]], blobs: Sequence[bytes],
                  threshold: float) -> dict[int, list[tuple[float, int]]]:
    """Each distinct set's similar others (at least ``threshold``), by index into
    ``sets``: ``i -> [(score, j), ...]``. ``blobs`` are the same sets as sorted bytes."""
    import numpy as np

    ids = np.arange(len(sets), dtype=np.uint64)
    [records] = shuffle_records(band_keys(blobs), ids, 1)
    pairs = bucket_pairs(*records)
    return verify(((a, b) for a, b in pairs), sets, threshold)


def verify(pairs: Iterable[tuple[int, int]], sets: Sequence[frozenset[bytes]],
           threshold: float) -> dict[int, list[tuple[float, int]]]:
    """The candidate pairs whose exact Jaccard similarity reaches ``threshold``, listed
    under both of their members."""
    out: dict[int, list[tuple[float, int]]] = {}
    for a, b in pairs:
        mine, other = sets[a], sets[b]
        common = len(mine & other)
        if not common:
            continue
        score = common / (len(mine) + len(other) - common)
        if score >= threshold:
            out.setdefault(a, []).append((score, b))
            out.setdefault(b, []).append((score, a))
    return out


# Checked paragraphs compared with the archive in one pass over its words: few enough that
# the pass rejects nearly every archive paragraph, many enough that a large run makes few.
ARCHIVE_BATCH = 256


def archive_matches(
    sets: Sequence[frozenset[bytes]], archive: Sequence[tuple[str, int, bytes]],
    threshold: float,
) -> dict[int, tuple[float, str, int]]:
    """The closest archive paragraph of each checked paragraph that has one, as
    ``index -> (-score, path, line)`` (ties go to the first path and line); ``archive``
    holds ``(path, line, sorted hashes)`` in path order.

    A hook checks one article against thousands, so the archive is not indexed: its
    words lie in one array, and a batch of checked paragraphs is looked up with one
    vectorised search. An archive paragraph ``B`` can reach ``threshold`` with some
    paragraph ``A`` only if ``|A & B| >= threshold * |B|``, so only archive paragraphs
    with that many words among the batch's words are compared exactly (no candidate is
    missed: this comparison is exact).
    """
    import numpy as np

    words = np.frombuffer(b"".join(h for _, _, h in archive), dtype=np.uint64)
    sizes = np.fromiter((len(h) // 8 for _, _, h in archive), dtype=np.int64,
                        count=len(archive))
    owner_of = np.repeat(np.arange(len(archive)), sizes)
    # |A & B| is a whole number: the smallest one that can reach the threshold (with a
    # margin for rounding, so a paragraph exactly at the threshold is not lost).
    needed = np.ceil(sizes * threshold - 1e-9)
    archive_sets: dict[int, frozenset[bytes]] = {}
    best: dict[int, tuple[float, str, int]] = {}
    for first in range(0, len(sets), ARCHIVE_BATCH):
        batch = range(first, min(first + ARCHIVE_BATCH, len(sets)))
        vocab = np.unique(np.frombuffer(b"".join(h for n in batch for h in sets[n]),
                                        dtype=np.uint64))
        at = np.searchsorted(vocab, words)
        hit = vocab[np.minimum(at, len(vocab) - 1)] == words
        shared = np.bincount(owner_of[hit], minlength=len(archive))
        for k in np.flatnonzero((shared >= needed) & (sizes > 0)).tolist():
            other_path, other_line, blob = archive[k]
            other_set = archive_sets.get(k)
            if other_set is None:
                other_set = archive_sets[k] = split(blob)
            for n in batch:
                mine = sets[n]
                common = len(mine & other_set)
                if not common:
                    continue
                score = common / (len(mine) + len(other_set) - common)
                if score >= threshold:
                    match = (-score, other_path, other_line)
                    if n not in best or match < best[n]:
                        best[n] = match
    return best


def split(blob: bytes) -> frozenset[bytes]:
    """The 8-byte word hashes of a sorted blob, as a set."""
    return frozenset(blob[i : i + 8] for i in range(0, len(blob), 8))


# -- pages that paraphrase each other sentence by sentence ----------------------------------
# A synonym spinner keeps an article's sentences in order and swaps their words for
# thesaurus synonyms, so a spun paragraph shares too few words for the Jaccard comparison
# above. Sentences are compared instead, each word standing for itself and for its
# frequent WordNet senses (:mod:`factlint.synonyms`): two sentences match when most words
# of each have a counterpart in the other, the same word or one sharing a sense, and two
# pages match when a long enough chain of their sentences matches in the same order.

# A word or sense in more sentences of the other page than this is not scanned (see
# aligned_chain): plenty for a page, and it keeps a page of a few common words linear.
MAX_SENTENCE_CANDIDATES = 64
SENSE_BIT = 1 << 40  # senses and word keys share the index and the tokens: kept apart


class Sentence:
    """A comparable sentence: its words (32-bit keys), each word's frequent senses, and
    their union. Its concept tokens, for signatures, are each word's first sense, or the
    word itself when it has none (:meth:`Page.concepts`)."""

    __slots__ = ("keys", "senses", "union", "words")

    def __init__(self, words: Sequence[int], senses: Sequence[tuple[int, ...]]) -> None:
        self.words = frozenset(words)
        self.senses = dict(zip(words, senses, strict=True))
        self.union = frozenset(s for ss in senses for s in ss)
        # Each word's look-ups in another page's index: the word, then its senses.
        self.keys = [(word, *(s | SENSE_BIT for s in ss)) for word, ss in self.senses.items()]


class Page:
    """One file's comparable sentences, as word keys and each word's frequent senses,
    with the paragraph (index into the file's summary) each belongs to. Its
    :class:`Sentence` objects are built only when the page is aligned with another."""

    __slots__ = ("_grid", "_index", "_sentences", "path", "senses", "where", "words")

    def __init__(self, path: str, words: list[Sequence[int]],
                 senses: list[Sequence[tuple[int, ...]]], where: list[int]) -> None:
        self.path = path
        self.words = words
        self.senses = senses
        self.where = where
        self._sentences: list[Sentence] | None = None
        self._index: dict[int, list[int]] | None = None
        self._grid: _Grid | None = None

    def __len__(self) -> int:
        return len(self.words)

    @property
    def sentences(self) -> list[Sentence]:
        if self._sentences is None:
            self._sentences = [Sentence(w, s) for w, s in zip(self.words, self.senses,
                                                              strict=True)]
        return self._sentences

    @property
    def index(self) -> dict[int, list[int]]:
        """Which sentences hold each word or sense (``_tokens``), in order; built once,
        as a page is aligned with every candidate page it pairs with."""
        if self._index is None:
            self._index = {}
            for i, sent in enumerate(self.sentences):
                for token in _tokens(sent):
                    self._index.setdefault(token, []).append(i)
        return self._index

    @property
    def grid(self) -> _Grid:
        """The page as arrays, for :func:`aligned_chain` between pages of DENSE_PAIRS
        sentence pairs at most; built once, like :attr:`index`."""
        if self._grid is None:
            self._grid = _Grid(self.words, self.senses)
        return self._grid


class _Grid:
    """A page's words and sentences as numpy arrays: each word's look-up keys (the word,
    then its senses, as in :attr:`Sentence.keys`; a row padded with the word itself),
    the sentences' sizes and first words, and which sentences hold each token
    (:func:`_tokens`), one bit per sentence, over the page's sorted tokens plus one empty
    row for a token the page does not have."""

    __slots__ = ("full", "keys", "sentences", "sizes", "spread", "starts", "tokens")

    def __init__(self, words: list[Sequence[int]],
                 senses: list[Sequence[tuple[int, ...]]]) -> None:
        import numpy as np

        width = 1 + max((len(s) for ss in senses for s in ss), default=0)
        rows: list[list[int]] = []
        owner: list[int] = []
        for n, (ws, ss) in enumerate(zip(words, senses, strict=True)):
            for word, its in zip(ws, ss, strict=True):
                row = [word, *(s | SENSE_BIT for s in its)]
                rows.append(row + [word] * (width - len(row)))
                owner.append(n)
        self.keys = np.array(rows, dtype=np.uint64).reshape(len(rows), width)
        self.sizes = np.array([len(ws) for ws in words], dtype=np.int64)
        self.starts = np.cumsum(self.sizes) - self.sizes
        # no empty sentence, no word twice in one (FL206 makes neither)
        self.full = all(ws and len(set(ws)) == len(ws) for ws in words) and bool(len(words))
        self.tokens, where = np.unique(self.keys, return_inverse=True)
        held = np.zeros((len(self.tokens) + 1, len(words)), dtype=bool)
        held[where.reshape(self.keys.shape), np.array(owner, dtype=np.int64)[:, None]] = True
        self.spread = held.sum(axis=1)  # sentences holding each token
        self.sentences = np.packbits(held, axis=1, bitorder="little")

    def covers(self, other: _Grid) -> tuple[npt.NDArray[np.bool_], npt.NDArray[np.bool_]]:
        """For every word of this page and sentence of ``other``: whether the word or one
        of its senses stands in that sentence; and for every word, whether one of its keys
        stands in more than MAX_SENTENCE_CANDIDATES sentences of ``other``."""
        import numpy as np

        tokens = other.tokens
        at = np.minimum(np.searchsorted(tokens, self.keys), len(tokens) - 1)
        row = np.where(tokens[at] == self.keys, at, len(tokens))
        packed = np.bitwise_or.reduce(other.sentences[row], axis=1)
        held = np.unpackbits(packed, axis=1, count=len(other.sizes), bitorder="little")
        return held.view(bool), (other.spread[row] > MAX_SENTENCE_CANDIDATES).any(axis=1)

    def per_sentence(self, flags: npt.NDArray[np.bool_]) -> npt.NDArray[np.int64]:
        """Per sentence of this page, how many of its words' ``flags`` (rows) are set."""
        import numpy as np

        return np.add.reduceat(flags.view(np.uint8), self.starts, axis=0).astype(np.int64)



COMMON_SHARE = 0.005


def page_candidates(concepts: U64, sentence_of: Int, owner: Int, min_pairs: int = 2,
                    checked: int | None = None) -> set[tuple[int, int]]:
    """Pairs ``(a, b)`` (``a < b``, page numbers) with at least ``min_pairs`` pairs of
    sentences in a common band bucket, each pair with sentences of its own on both
    sides: linear in the number of sentences. The pages are given flat: each word's
    concept token (its first sense, or itself when it has none; see :class:`Sentence`)
    and sentence number, and each sentence's page number.

    A page rewritten sentence by sentence shares buckets with its source sentence after
    sentence; two unrelated pages share one now and then, through a few common words, but
    rarely two, so each candidate pair of pages (aligned in full, exactly) is likely real.
    A word and its spun synonym often share their first sense, so a spun sentence often
    shares a band with its source. Tokens found in more than COMMON_SHARE of the run's
    sentences (and more than MAX_BUCKET) are left out of the signatures: "season" or a
    series' name in every sentence of a fan site ties nothing together, and buckets of
    them would make the candidates grow faster than the run.

    With ``checked``, only pairs with one of the first ``checked`` pages are wanted (the
    archive's pages follow): a sentence that shares no token with theirs can share no
    bucket with them, so it is left out before the signatures are made (a hook checking
    one page against a large archive signs a few of the archive's sentences, not all),
    and the buckets that hold their sentences, hence the result, stay the same.
    """
    import numpy as np

    n = len(owner)
    if n < 2 or not len(concepts):
        return set()
    order = np.lexsort((concepts, sentence_of))
    sent, tok = sentence_of[order], concepts[order]
    distinct = np.ones(len(tok), dtype=bool)
    distinct[1:] = (sent[1:] != sent[:-1]) | (tok[1:] != tok[:-1])
    sent, tok = sent[distinct], tok[distinct]
    _, where, counts = np.unique(tok, return_inverse=True, return_counts=True)
    keep = counts[where] <= max(MAX_BUCKET, int(COMMON_SHARE * n))
    sent, tok = sent[keep], tok[keep]
    if checked is not None:
        theirs = np.unique(tok[owner[sent] < checked])
        hit = np.zeros(n, dtype=bool)
        hit[sent[np.isin(tok, theirs)]] = True
        relevant = hit[sent]
        sent, tok = sent[relevant], tok[relevant]
    sizes = np.bincount(sent, minlength=n)
    signed = np.flatnonzero(sizes)  # a sentence left with no token matches nothing
    ids = signed.astype(np.uint64)
    [records] = shuffle_records(band_keys_of(tok, sizes[signed]), ids, 1)
    chunks = bucket_pair_arrays(*records)
    if not chunks:
        return set()
    # (sentence, sentence) -> (page, page): pairs of sentences of two pages (a < b)
    a = np.concatenate([lo for lo, _ in chunks]).astype(np.int64)
    b = np.concatenate([hi for _, hi in chunks]).astype(np.int64)
    pa, pb = owner[a], owner[b]
    keep = pa != pb
    a, b, pa, pb = a[keep], b[keep], pa[keep], pb[keep]
    swap = pa > pb
    a, b = np.where(swap, b, a), np.where(swap, a, b)
    pages = int(owner.max()) + 1
    pair = np.minimum(pa, pb) * pages + np.maximum(pa, pb)
    # how many sentences of its own each side of a page pair brings
    left = np.unique(np.unique(pair * n + a) // n, return_counts=True)
    right = np.unique(np.unique(pair * n + b) // n, return_counts=True)
    both = np.intersect1d(left[0][left[1] >= min_pairs], right[0][right[1] >= min_pairs])
    return {(int(p) // pages, int(p) % pages) for p in both.tolist()}


def sentence_score(a: Sentence, b: Sentence) -> float:
    """The smaller of the two shares: words of ``a`` with a counterpart in ``b`` (the same
    word, or a word sharing one of its frequent senses) and the other way round."""
    return min(_covered(a, b), _covered(b, a))


def _covered(a: Sentence, b: Sentence) -> float:
    if not a.words:
        return 0.0
    hits = sum(1 for w in a.words
               if w in b.words or not b.union.isdisjoint(a.senses[w]))
    return hits / len(a.words)


def aligned_chain(later: Page, earlier: Page, threshold: float
                  ) -> list[tuple[int, int, float]]:
    """The longest chain of matching sentences in the same order in both pages, as
    ``(later sentence, earlier sentence, score)``.

    A later sentence is scored against an earlier one only when the words of the later
    one that are found there (as a word or a sense) could reach ``threshold``. A word
    or sense found in more than MAX_SENTENCE_CANDIDATES sentences of the other page is
    counted as found everywhere for that bound (then checked exactly), and a pair must
    share at least one of the rarer ones. Pages of up to DENSE_PAIRS sentence pairs are
    compared as arrays (:class:`_Grid`), larger ones (and a page with an empty sentence
    or a word twice in one, which FL206 never makes) through the earlier page's index;
    both give the same matches.
    """
    if len(later) * len(earlier) <= DENSE_PAIRS and later.grid.full and earlier.grid.full:
        matches = _grid_matches(later.grid, earlier.grid, threshold)
    else:
        matches = _indexed_matches(later, earlier, threshold)
    return _longest_increasing(matches)


# Above this many sentence pairs, two pages are aligned through an index (linear in the
# pages' sizes), not as arrays (the words of one page by the sentences of the other).
DENSE_PAIRS = 1 << 20


def _grid_matches(later: _Grid, earlier: _Grid, threshold: float
                  ) -> list[tuple[int, int, float]]:
    """The matching ``(later sentence, earlier sentence, score)`` pairs, by arrays: for
    every pair of sentences at once, how many words of each are found in the other."""
    import numpy as np

    found, common = later.covers(earlier)
    covered = later.per_sentence(found)  # later sentence x earlier sentence
    wanted = (threshold * later.sizes - 1e-9)[:, None]
    if common.any():
        hits = later.per_sentence(found & ~common[:, None])
        bound = hits + later.per_sentence(common)[:, None]
        candidate = (hits > 0) & (bound >= wanted)
    else:
        candidate = (covered > 0) & (covered >= wanted)
    if not candidate.any():
        return []
    back = earlier.per_sentence(earlier.covers(later)[0])  # earlier x later
    score = np.minimum(covered / later.sizes[:, None], back.T / earlier.sizes[None, :])
    ok = candidate & (score >= threshold)
    js, is_ = np.nonzero(ok)
    return list(zip(js.tolist(), is_.tolist(), score[ok].tolist(), strict=True))


def _indexed_matches(later: Page, earlier: Page, threshold: float
                     ) -> list[tuple[int, int, float]]:
    """The matching pairs, through the earlier page's index: scanning it word by word
    counts, for every earlier sentence at once, how many words of a later sentence it
    covers, so only sentences that reach ``threshold`` that way are scored the other way
    round, exactly (a page made of a few common words stays linear)."""
    index = earlier.index
    matches: list[tuple[int, int, float]] = []
    for j, sent in enumerate(later.sentences):
        size = len(sent.words)
        hits: dict[int, int] = {}
        common = 0  # words with a token too frequent to scan
        for keys in sent.keys:
            lists = [index.get(key, ()) for key in keys]
            if any(len(x) > MAX_SENTENCE_CANDIDATES for x in lists):
                common += 1
                continue
            for i in set().union(*lists):
                hits[i] = hits.get(i, 0) + 1
        for i in sorted(hits):
            if hits[i] + common < threshold * size - 1e-9:
                continue
            other = earlier.sentences[i]
            score = min(_covered(sent, other), _covered(other, sent))
            if score >= threshold:
                matches.append((j, i, score))
    return matches


def _tokens(sent: Sentence) -> set[int]:
    """What a matching sentence must share with this one: a word or a sense."""
    return {*sent.words, *(s | SENSE_BIT for s in sent.union)}


def _longest_increasing(matches: list[tuple[int, int, float]]) -> list[tuple[int, int, float]]:
    """The longest chain of ``matches`` increasing in both indexes (patience sorting;
    pairs of one later sentence are taken in decreasing earlier index so that a chain
    holds each later sentence once). Ties: the chain found first."""
    import bisect

    order = sorted(matches, key=lambda m: (m[0], -m[1]))
    tails: list[int] = []  # smallest earlier index ending a chain of each length
    ends: list[int] = []  # which match ends it
    back: list[int] = [-1] * len(order)
    for k, (_, i, _) in enumerate(order):
        at = bisect.bisect_left(tails, i)
        if at == len(tails):
            tails.append(i)
            ends.append(k)
        else:
            tails[at] = i
            ends[at] = k
        back[k] = ends[at - 1] if at else -1
    chain: list[tuple[int, int, float]] = []
    k = ends[-1] if ends else -1
    while k >= 0:
        chain.append(order[k])
        k = back[k]
    return chain[::-1]
