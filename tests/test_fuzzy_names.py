"""FL406/FL407's name search: the indexed search finds what comparing every reference name
with the written one finds, and the reference is normalised once, not once per name."""

from __future__ import annotations

import random

import pytest

from factlint.facts import fuzzy, load_reference
from factlint.facts.fuzzy import NearName, closest
from factlint.facts.model import ReferenceSet
from factlint.textutil import normalise
from tests.conftest import FIXTURES


def _every_name(ref: ReferenceSet, text: str) -> NearName | None:
    """The plain definition: compare ``text`` with every reference name in order."""
    from rapidfuzz.distance import Levenshtein

    key = normalise(text)
    if len(key) < 4:
        return None
    names = fuzzy._names(ref)
    if any(normalise(n) == key for n, _ in names) or ref.is_term(text):
        return None
    if any(key in (normalise(n) + "s", normalise(n) + "es") for n, _ in names):
        return None
    best: tuple[int, str, str] | None = None
    at: dict[int, set[str]] = {}
    hyphenated = "-" in text or "‐" in text
    for name, entry in names:
        norm = normalise(name)
        if len(norm.split()) != len(key.split()):
            if not hyphenated or len(norm.split()) != 1:
                continue
            dist = Levenshtein.distance(key.replace(" ", ""), norm)
        elif len(norm.split()) > 1 and sorted(norm.split()) == sorted(key.split()):
            return NearName(text, name, entry, "word order")
        else:
            dist = Levenshtein.distance(key, norm)
        if dist <= (1 if len(norm) <= 6 else 2):
            at.setdefault(dist, set()).add(entry)
            if best is None or dist < best[0]:
                best = (dist, name, entry)
    if best is None or len(at[best[0]]) > 1:
        return None
    return NearName(text, best[1], best[2], "spelling")


def _variants(rng: random.Random, name: str) -> list[str]:
    """The name, with letters dropped, swapped, doubled or changed, and reordered."""
    out = [name, name.upper(), " ".join(reversed(name.split())), name.replace(" ", "-")]
    for _ in range(6):
        chars = list(name)
        i = rng.randrange(len(chars))
        op = rng.choice("dsxr")
        if op == "d":
            del chars[i]
        elif op == "s" and i + 1 < len(chars):
            chars[i], chars[i + 1] = chars[i + 1], chars[i]
        elif op == "x":
            chars.insert(i, chars[i])
        else:
            chars[i] = rng.choice("aeiouklmnrst")
        out.append("".join(chars))
    return out


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_the_indexed_search_finds_what_comparing_every_name_finds(seed: int) -> None:
    ref = load_reference([str(FIXTURES / "oshi-no-ko.facts.yaml")])
    rng = random.Random(seed)
    written = [v for n, _e in fuzzy._names(ref) for v in _variants(rng, n)]
    written += ["Aqua Hoshinos", "Kana Arimas", "Hoshino Aquamarine", "Ai-Hoshino", "Rubyy"]
    found = [closest(ref, w) for w in written]
    assert found == [_every_name(ref, w) for w in written]
    assert sum(f is not None for f in found) > 20  # the variants do reach the reference


def test_the_reference_is_normalised_once(monkeypatch: pytest.MonkeyPatch) -> None:
    ref = load_reference([str(FIXTURES / "oshi-no-ko.facts.yaml")])
    calls = 0
    real = fuzzy.normalise

    def counting(text: str) -> str:
        nonlocal calls
        calls += 1
        return real(text)

    monkeypatch.setattr(fuzzy, "normalise", counting)
    for _ in range(200):
        closest(ref, "Akane Kurakawa")
    names = len(fuzzy._names(ref))
    assert calls <= names + 200, f"{calls} normalisations for {names} names and 200 look-ups"
