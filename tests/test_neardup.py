"""The near-duplicate join of FL206 (factlint.neardup): exact answers from banded MinHash
candidates, and the same candidates however the band records are partitioned."""

from __future__ import annotations

import random

import numpy as np
import pytest

from factlint import neardup


def _blob(words: list[str]) -> bytes:
    from factlint.rules.fl206_duplicate_across_files import _hash

    return b"".join(sorted({_hash(w) for w in words}))


def _corpus(seed: int, common: int = 0) -> list[bytes]:
    """Random paragraphs, a third of them reworded copies of an earlier one; ``common``
    words appear in every paragraph (as a series name does on a fan site)."""
    rng = random.Random(seed)
    vocab = [f"w{n}" for n in range(3000)]
    shared = [f"common{n}" for n in range(common)]
    paragraphs: list[list[str]] = []
    for _ in range(400):
        if paragraphs and rng.random() < 0.33:
            words = list(rng.choice(paragraphs))
            for _ in range(rng.randint(0, 4)):
                words[rng.randrange(len(words))] = rng.choice(vocab)
        else:
            words = rng.sample(vocab, rng.randint(12, 30)) + shared
        paragraphs.append(words)
    return list(dict.fromkeys(_blob(p) for p in paragraphs))


def _brute(sets: list[frozenset[bytes]], threshold: float) -> dict[tuple[int, int], float]:
    out = {}
    for a in range(len(sets)):
        for b in range(a + 1, len(sets)):
            score = len(sets[a] & sets[b]) / len(sets[a] | sets[b])
            if score >= threshold:
                out[a, b] = score
    return out


def _found(near: dict[int, list[tuple[float, int]]]) -> dict[tuple[int, int], float]:
    return {(min(a, b), max(a, b)): s for a, pairs in near.items() for s, b in pairs}


@pytest.mark.parametrize(("seed", "common"), [(1, 0), (2, 0), (3, 6)])
def test_similar_pairs_are_the_exact_pairs(seed: int, common: int) -> None:
    """Every reported pair reaches the threshold with its exact score; none at 0.7 or
    more is missed, and few between 0.6 and 0.7 (a band misses a pair at exactly 0.6
    with probability 1.2%)."""
    blobs = _corpus(seed, common)
    sets = [neardup.split(b) for b in blobs]
    truth = _brute(sets, 0.6)
    found = _found(neardup.similar_pairs(sets, blobs, 0.6))
    assert all(truth.get(pair) == score for pair, score in found.items())
    assert {p for p, s in truth.items() if s >= 0.7} <= set(found)
    assert len(found) >= 0.97 * len(truth)
    assert len(truth) > 50  # the corpus does have near-duplicates to find


def test_candidates_do_not_depend_on_the_partitioning() -> None:
    """The distributed join (records shuffled into partitions by key) proposes exactly
    the pairs that one process proposes."""
    blobs = _corpus(4, common=3)
    keys, ids = neardup.band_records(blobs)
    [whole] = neardup.shuffle_records(keys, ids, 1)
    alone = neardup.bucket_pairs(*whole)
    # records of the files arrive from several workers: split the paragraphs in three
    merged: set[tuple[int, int]] = set()
    parts = [neardup.shuffle_records(keys[k::3], ids[k::3], 5) for k in range(3)]
    for p in range(5):
        records = [parts[k][p] for k in range(3)]
        merged |= neardup.bucket_pairs(*(np.concatenate(c) for c in zip(*records,
                                                                         strict=True)))
    assert merged == alone
    assert len(alone) > 100


def test_a_word_in_every_paragraph_does_not_make_every_pair_a_candidate() -> None:
    """Paragraphs that share a few ubiquitous words but nothing else: their candidates
    stay far below all pairs (large buckets are split), yet copies are still found."""
    blobs = _corpus(5, common=10)
    sets = [neardup.split(b) for b in blobs]
    [records] = neardup.shuffle_records(*neardup.band_records(blobs), 1)
    candidates = neardup.bucket_pairs(*records)
    assert len(candidates) < len(blobs) * (len(blobs) - 1) / 2 / 10
    truth = _brute(sets, 0.7)
    assert truth and set(truth) <= set(_found(neardup.similar_pairs(sets, blobs, 0.7)))


def test_many_variants_of_one_paragraph_are_all_matched() -> None:
    """A recycled paragraph with a word swapped in each of 300 posts: a bucket far larger
    than MAX_BUCKET, and every variant still has a match."""
    rng = random.Random(6)
    base = [f"b{n}" for n in range(25)]
    blobs = []
    for k in range(300):
        words = list(base)
        words[rng.randrange(25)] = f"swap{k}"
        blobs.append(_blob(words))
    blobs = list(dict.fromkeys(blobs))
    sets = [neardup.split(b) for b in blobs]
    near = neardup.similar_pairs(sets, blobs, 0.6)
    assert sorted(near) == list(range(len(blobs)))


def test_signatures_are_stable() -> None:
    """Band keys are a pure function of the words: the same in every process."""
    blob = _blob(["moonlit", "garden", "stagehand", "theatre", "debts"])
    first = neardup.band_keys([blob])
    assert first.shape == (1, neardup.BANDS)
    assert np.array_equal(first, neardup.band_keys([_blob(["x", "y"]), blob])[1:])
    assert neardup.set_id(blob) == neardup.set_id(bytes(blob))
