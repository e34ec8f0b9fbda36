"""Which pieces a set of spaCy token patterns cannot match, told without running the Matcher.

A spaCy ``Matcher`` walks every token of a piece through every pattern, and a pattern
whose tokens test sets (``{LEMMA: {IN: [...]}}``) pays a Python predicate call per token.
Most of a pack's patterns need words most paragraphs do not have: FL301's 31 reception
patterns matched in 6 of 1,573 pieces of the varied bench corpus. A pattern can match only
if, for every token it requires (no ``OP``, or ``+``, or a count from one), the piece has
some token with each word value that token tests (``ORTH``/``TEXT``, ``LOWER``, ``LEMMA``
equal to, or ``IN``, a set of strings). That is a necessary condition, so a piece where no
pattern meets it gets no match from the Matcher either: it is skipped, and every other
piece still goes through the Matcher, whose answer is used as it is.
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


class PatternFilter:
    """The requirements of a Matcher's patterns; ``may_match(doc)``: run it on ``doc``?"""

    def __init__(self, patterns: Sequence[Sequence[Any]]) -> None:
        needs = [pattern_needs(p) for p in patterns]
        # A pattern without a requirement may match anywhere: the filter then passes all.
        self.needs: list[Needs] | None = needs if all(needs) else None

    def may_match(self, doc: Any) -> bool:
        if self.needs is None or len(doc) == 0:
            return self.needs is None
        from spacy.attrs import LEMMA, LOWER, ORTH

        # One set of the three columns' values: a requirement met by another column's
        # value only lets the Matcher run where it finds nothing, never the other way.
        present = set(doc.to_array([ORTH, LOWER, LEMMA]).ravel().tolist())
        return any(all(not values.isdisjoint(present) for values in need)
                   for need in self.needs)
