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


def closest(ref: ReferenceSet, text: str) -> NearName | None:
    """The reference name ``text`` is most likely a misspelling of, or None.

    A name written exactly (ignoring case and punctuation), or equal to one word of a
    reference name, is not a misspelling; nor is a declared term of the work. Otherwise a
    Levenshtein distance of 1 (names up to 6 letters) or 2 (longer names), or the same
    words in another order, is, when one entry is clearly closest (no tie).
    """
    from rapidfuzz.distance import Levenshtein

    key = normalise(text)
    if len(key) < 4:
        return None
    names = _names(ref)
    if any(normalise(n) == key for n, _ in names) or ref.is_term(text):
        return None
    best: tuple[int, str, str] | None = None
    entries_at: dict[int, set[str]] = {}
    hyphenated = "-" in text or "‐" in text
    # A plural or possessive of a reference word ("Curses") is that word, not a misspelling.
    if any(key in (normalise(n) + "s", normalise(n) + "es") for n, _ in names):
        return None
    for name, entry in names:
        norm = normalise(name)
        if len(norm.split()) != len(key.split()):
            # "Chu-Chong" is one name written in two parts: compare it without the break.
            if not hyphenated or len(norm.split()) != 1:
                continue
            limit = 1 if len(norm) <= 6 else 2
            dist = Levenshtein.distance(key.replace(" ", ""), norm, score_cutoff=limit)
            if dist <= limit:
                entries_at.setdefault(dist, set()).add(entry)
                if best is None or dist < best[0]:
                    best = (dist, name, entry)
            continue
        if len(norm.split()) > 1 and sorted(norm.split()) == sorted(key.split()):
            return NearName(text, name, entry, "word order")
        limit = 1 if len(norm) <= 6 else 2
        dist = Levenshtein.distance(key, norm, score_cutoff=limit)
        if dist <= limit:
            entries_at.setdefault(dist, set()).add(entry)
            if best is None or dist < best[0]:
                best = (dist, name, entry)
    # Only a clear winner is proposed: two entries equally close means no answer.
    if best is None or len(entries_at[best[0]]) > 1:
        return None
    return NearName(text, best[1], best[2], "spelling")
