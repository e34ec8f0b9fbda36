"""Word lists for the reference-facts rules, read from the rule packs in ``rules/facts/``.

Several packs may feed the same rule (a project can extend the built-in lists); their
``data`` tables are merged: lists are concatenated, mappings are updated.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from factlint.packs import PackSet


def merged_data(packs: PackSet | None, code: str) -> dict[str, Any]:
    """The ``data`` tables of every pack feeding ``code``, merged."""
    return merge_tables(packs.data_for(code) if packs else [])


def merge_tables(tables: list[Any]) -> dict[str, Any]:
    """Pack ``data`` tables merged: lists concatenated, mappings updated."""
    out: dict[str, Any] = {}
    for table in tables:
        if not isinstance(table, dict):
            continue
        for key, value in table.items():
            old = out.get(key)
            if isinstance(old, list) and isinstance(value, list):
                out[key] = old + list(value)
            elif isinstance(old, dict) and isinstance(value, dict):
                out[key] = {**old, **value}
            else:
                out[key] = value
    return out


def _words(value: Any) -> set[str]:
    return {" ".join(str(v).lower().split()) for v in value or []}


@dataclass
class People:
    """Pronoun forms, gendered nouns and person nouns (pack data of FL401)."""

    forms: dict[str, dict[str, str]] = field(default_factory=dict)  # family -> case -> word
    checked: set[str] = field(default_factory=set)
    noun_gender: dict[str, str] = field(default_factory=dict)  # noun -> family
    counterpart: dict[str, str] = field(default_factory=dict)
    person_nouns: set[str] = field(default_factory=set)
    unmarked: set[str] = field(default_factory=set)  # gendered words used for anyone
    aim_nouns: set[str] = field(default_factory=set)
    negators: set[str] = field(default_factory=set)

    def pronoun_family(self, word: str) -> str | None:
        """The checked family ('male', 'female') a pronoun belongs to, if any."""
        w = word.lower()
        for family in self.checked:
            if w in self.forms.get(family, {}).values():
                return family
        return None

    def families_of(self, words: list[str]) -> set[str]:
        return {fam for fam, forms in self.forms.items() for w in words
                if w.lower() in forms.values()}


def people(packs: PackSet | None) -> People:
    """The FL401 data (rules/facts/people.yaml) as a :class:`People`."""
    data = merged_data(packs, "FL401")
    p = People()
    for family, forms in (data.get("pronouns") or {}).items():
        if isinstance(forms, dict):
            p.forms[str(family)] = {str(k): str(v).lower() for k, v in forms.items()}
    p.checked = _words(data.get("checked"))
    for pair in data.get("nouns") or []:
        if isinstance(pair, list) and len(pair) == 2:
            fem, masc = (" ".join(str(x).lower().split()) for x in pair)
            p.noun_gender[fem], p.noun_gender[masc] = "female", "male"
            p.counterpart[fem], p.counterpart[masc] = masc, fem
    p.person_nouns = _words(data.get("person_nouns"))
    p.unmarked = _words(data.get("unmarked"))
    p.aim_nouns = _words(data.get("aim_nouns"))
    p.negators = _words(data.get("negators"))
    return p
