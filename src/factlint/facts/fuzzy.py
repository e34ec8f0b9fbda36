"""Near matches of names against the reference (edit distance, word order), via rapidfuzz."""

from __future__ import annotations

from dataclasses import dataclass

from factlint.facts.model import ReferenceSet
from factlint.textutil import normalise


@dataclass(frozen=True)
class NearName:
    written: str
    suggestion: str  # the reference spelling
    full_name: str  # the entry it belongs to
    reason: str  # "spelling" | "word order"


def _names(ref: ReferenceSet) -> list[tuple[str, str]]:
    """(spelling, entry name) for every name, alias and word of a multi-word name."""
    out: list[tuple[str, str]] = []
    for entry_names in ([w.names for w in ref.works] + [c.names for c in ref.characters]
                        + [o.names for o in ref.organizations]):
        for name in entry_names:
            out.append((name, entry_names[0]))
    for person in ref.people():
        out.append((person, person))
    # A single word of a character's or person's full name ("Kurokawa") is a name too; the
    # words of organisations' and works' names ("Curse", "College") are ordinary words.
    wordy = {n for c in ref.characters for n in c.names} | set(ref.people())
    for name, entry in list(out):
        words = name.split()
        if len(words) > 1 and name in wordy:
            out += [(w, entry) for w in words if len(w) >= 4]
    return out


@dataclass
class _Index:
    """The reference's names, normalised once per run (a reference is loaded once and
    asked about every proper name of every article)."""

    names: list[tuple[str, str, str]]  # (spelling, entry name, normalised spelling)
    exact: frozenset[str]  # normalised spellings
    plurals: frozenset[str]  # "curses", "curseses": a plural of a reference word
    by_words: dict[int, list[int]]  # word count -> indices into names, in order
    spellings: dict[int, list[str]]  # word count -> those names' normalised spellings
    by_order: dict[tuple[str, ...], int]  # sorted words of a multi-word name -> first index


def _index(ref: ReferenceSet) -> _Index:
    found = ref.memo.get("fuzzy")
    if found is None:
        names = [(n, e, normalise(n)) for n, e in _names(ref)]
        by_words: dict[int, list[int]] = {}
        by_order: dict[tuple[str, ...], int] = {}
        for i, (_n, _e, norm) in enumerate(names):
            words = norm.split()
            by_words.setdefault(len(words), []).append(i)
            if len(words) > 1:
                by_order.setdefault(tuple(sorted(words)), i)
        found = ref.memo["fuzzy"] = _Index(
            names, frozenset(x[2] for x in names),
            frozenset(x[2] + end for x in names for end in ("s", "es")), by_words,
            {n: [names[i][2] for i in ids] for n, ids in by_words.items()}, by_order)
    return found


def closest(ref: ReferenceSet, text: str) -> NearName | None:
    """The reference name ``text`` is most likely a misspelling of, or None.

    A name written exactly (ignoring case and punctuation), or equal to one word of a
    reference name, is not a misspelling; nor is a declared term of the work. Otherwise a
    Levenshtein distance of 1 (names up to 6 letters) or 2 (longer names), or the same
    words in another order, is, when one entry is clearly closest (no tie).
    """
    from rapidfuzz import process
    from rapidfuzz.distance import Levenshtein

    key = normalise(text)
    if len(key) < 4:
        return None
    index = _index(ref)
    if key in index.exact or ref.is_term(text):
        return None
    # A plural or possessive of a reference word ("Curses") is that word, not a misspelling.
    if key in index.plurals:
        return None
    words = key.split()
    if len(words) > 1:
        at = index.by_order.get(tuple(sorted(words)))
        if at is not None:
            name, entry, _norm = index.names[at]
            return NearName(text, name, entry, "word order")
    same = index.by_words.get(len(words), [])
    # Candidates within distance 2 in one pass (rapidfuzz's C loop), then each name's own
    # limit: 1 for names up to 6 letters, 2 for longer ones.
    hits = [(same[j], int(d)) for _c, d, j in process.extract(
        key, index.spellings.get(len(words), []), scorer=Levenshtein.distance,
        score_cutoff=2, limit=None)]
    if ("-" in text or "‐" in text) and len(words) != 1:
        # "Chu-Chong" is one name written in two parts: compare it without the break.
        single = index.by_words.get(1, [])
        joined = key.replace(" ", "")
        hits += [(single[j], int(d)) for _c, d, j in process.extract(
            joined, index.spellings.get(1, []), scorer=Levenshtein.distance,
            score_cutoff=2, limit=None)]
    best: tuple[int, str, str] | None = None
    entries_at: dict[int, set[str]] = {}
    for i, dist in sorted(hits):
        name, entry, norm = index.names[i]
        if dist > (1 if len(norm) <= 6 else 2):
            continue
        entries_at.setdefault(dist, set()).add(entry)
        if best is None or dist < best[0]:
            best = (dist, name, entry)
    # Only a clear winner is proposed: two entries equally close means no answer.
    if best is None or len(entries_at[best[0]]) > 1:
        return None
    return NearName(text, best[1], best[2], "spelling")
