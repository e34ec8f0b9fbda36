"""Which pieces a set of spaCy token patterns cannot match, told without running the Matcher.

A spaCy ``Matcher`` walks every token of a piece through every pattern, and a pattern
whose tokens test sets (``{LEMMA: {IN: [...]}}``) pays a Python predicate call per token.
Most of a pack's patterns need words most paragraphs do not have: FL301's 31 reception
patterns matched in 6 of 1,573 pieces of the varied bench corpus. A pattern can match only
if, for every token it requires (no ``OP``, or ``+``, or a count from one), the piece has
some token with each word value that token tests (``ORTH``/``TEXT``, ``LOWER``, ``LEMMA``
equal to, or ``IN``, a set of strings). That is a necessary condition, so a pattern that
does not meet it finds nothing there: a piece where no pattern meets it is skipped, and
every other piece goes through a Matcher of just the patterns that meet it (the Matcher's
work grows with the patterns it holds), whose answer is used as it is.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

# The token attributes a requirement can test.
_ATTRS = ("ORTH", "LOWER", "LEMMA")
_ALIASES = {"TEXT": "ORTH"}
_COUNT = re.compile(r"\{(\d*)(?:,(\d*))?\}")  # "{2}", "{1,3}", "{,4}", "{1,}"

Needs = tuple[frozenset[int], ...]  # string hashes: one of each set must be present


def _required(spec: dict[str, Any]) -> bool:
    """Whether a pattern token must match one token of every match."""
    op = next((v for k, v in spec.items() if str(k).upper() == "OP"), None)
    if op is None or op == "+":
        return True
    count = _COUNT.fullmatch(op) if isinstance(op, str) else None
    return count is not None and count.group(1) != "" and int(count.group(1)) >= 1


def pattern_needs(pattern: Sequence[Any]) -> Needs:
    """What a piece must hold for ``pattern`` to match in it (empty: nothing known)."""
    from spacy.strings import get_string_id

    needs: list[frozenset[int]] = []
    for spec in pattern:
        if not isinstance(spec, dict) or not _required(spec):
            continue
        for key, value in spec.items():
            attr = _ALIASES.get(str(key).upper(), str(key).upper())
            if attr not in _ATTRS:
                continue
            if isinstance(value, str):
                values = [value]
            elif (isinstance(value, dict) and set(value) == {"IN"}
                  and isinstance(value["IN"], list)
                  and all(isinstance(v, str) for v in value["IN"])):
                values = value["IN"]
            else:
                continue
            needs.append(frozenset(get_string_id(v) for v in values))
    return tuple(needs)


# A piece's Doc keeps the set of its ORTH, LOWER and LEMMA values under this
# ``user_data`` key: every pack rule's filter asks the same piece.
_PRESENT = "factlint.matchfilter.present"


def present(doc: Any) -> set[int]:
    """The string ids of ``doc``'s ORTH, LOWER and LEMMA values, computed once per Doc.

    One set of the three columns' values: a requirement met by another column's value
    only lets the Matcher run where it finds nothing, never the other way."""
    found: set[int] | None = doc.user_data.get(_PRESENT)
    if found is None:
        from spacy.attrs import LEMMA, LOWER, ORTH

        found = doc.user_data[_PRESENT] = set(
            doc.to_array([ORTH, LOWER, LEMMA]).ravel().tolist())
    return found


class PatternFilter:
    """The requirements of a Matcher's patterns: which of them may match a Doc."""

    def __init__(self, patterns: Sequence[Sequence[Any]]) -> None:
        # An empty requirement (a pattern testing no word) is met by every piece.
        self.needs: list[Needs] = [pattern_needs(p) for p in patterns]
        self._anywhere = tuple(i for i, need in enumerate(self.needs) if not need)

    def possible(self, doc: Any) -> tuple[int, ...]:
        """The patterns (indexes, in order) whose requirements ``doc`` meets: the only
        ones that can match in it."""
        if len(self._anywhere) == len(self.needs) or len(doc) == 0:
            return self._anywhere
        words = present(doc)
        return tuple(i for i, need in enumerate(self.needs)
                     if all(not values.isdisjoint(words) for values in need))

    def may_match(self, doc: Any) -> bool:
        """Whether any pattern may match in ``doc`` (else the Matcher finds nothing)."""
        return bool(self.possible(doc))
