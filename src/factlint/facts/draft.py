"""Draft a reference file from articles, for ``factlint facts init``.

Editors will not write a reference file from nothing. The draft lists the work's
title, the seasons, and the people and organisations the articles name, merged
across aliases ("Aqua" and "Aqua Hoshino") and possessives ("Aqua's"), each with
the documented fields left empty to fill in. It is a starting point, not facts.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

import yaml

from factlint.document import Document

_ORG_WORDS = {"company", "productions", "production", "studio", "studios", "media", "records",
              "entertainment", "agency", "theatrical", "theater", "theatre", "group", "inc",
              "pro", "corporation", "network", "films", "pictures", "animation"}
_NOT_NAMES = {"DATE", "TIME", "CARDINAL", "ORDINAL", "MONEY", "PERCENT", "QUANTITY", "NORP",
              "LANGUAGE", "LAW"}
_SMALL_WORDS = {"the", "of", "and", "an", "a", "in", "on"}
_POSSESSIVE = re.compile(r"['’]s?$")
_SEASON = re.compile(r"\bseason\s+(\d{1,2})\b", re.IGNORECASE)


@dataclass
class _Name:
    text: str
    count: int = 0
    labels: Counter[str] = field(default_factory=Counter)
    aliases: set[str] = field(default_factory=set)


def _clean(text: str) -> str:
    text = " ".join(text.split())
    if text.lower().startswith("the "):
        text = text[4:]
    return _POSSESSIVE.sub("", text).strip(" .,;:!?\"“”()[]")


def draft(documents: Iterable[Document]) -> dict[str, Any]:
    """The draft reference (a plain mapping in the documented format)."""
    names: dict[str, _Name] = {}
    titles: Counter[str] = Counter()
    seasons: set[int] = set()
    for doc in documents:
        if doc.title:
            titles[doc.title] += 1
        for block in doc.blocks:
            seasons |= {int(n) for n in _SEASON.findall(block.text) if 0 < int(n) < 50}
            if not block.is_prose:
                continue
            for piece in block.pieces:
                for text, label in _candidates(piece.doc):
                    text = _clean(text)
                    if len(text) < 2 or not text[0].isupper():
                        continue
                    entry = names.setdefault(text.lower(), _Name(text))
                    entry.count += 1
                    entry.labels[label] += 1
    work = _work_title(names, titles) or (next(iter(titles)) if titles else None)
    if work is not None:  # drop the title and names made from its words ("Will Oshi")
        title_words = set(work.lower().split()) - _SMALL_WORDS
        names = {k: v for k, v in names.items() if not title_words & set(k.split())}
    merged = _merge(names)
    characters: list[dict[str, Any]] = []
    organizations: list[dict[str, Any]] = []
    for entry in sorted(merged, key=lambda e: (-e.count, e.text)):
        is_org = (any(w.lower() in _ORG_WORDS for w in entry.text.split())
                  or (entry.labels["ORG"] > entry.labels["PERSON"] and len(entry.text.split()) > 1))
        aliases = sorted(entry.aliases)
        if is_org:
            organizations.append({"name": entry.text, "aliases": aliases})
        else:
            characters.append({"name": entry.text, "aliases": aliases, "gender": None,
                               "roles": [], "affiliations": [], "relations": {}})
    return {
        "work": {"title": work or "", "aliases": [], "studio": None, "creators": []},
        "seasons": [{"number": n, "premiere": None, "episodes": None} for n in sorted(seasons)],
        "characters": characters,
        "organizations": organizations,
        "strict": False,
    }


def _candidates(doc: Any) -> list[tuple[str, str]]:
    """Named entities of the kinds that may be people, organisations or the work, plus runs
    of proper nouns the model did not call entities."""
    out = [(e.text, e.label_) for e in doc.ents if e.label_ not in _NOT_NAMES]
    covered = {t.i for e in doc.ents for t in e}
    run: list[Any] = []
    for tok in [*doc, None]:
        if tok is not None and tok.pos_ == "PROPN" and tok.is_alpha and tok.i not in covered:
            run.append(tok)
            continue
        if run:
            out.append((doc[run[0].i : run[-1].i + 1].text, ""))
            run = []
    return out


def _work_title(names: dict[str, _Name], titles: Counter[str]) -> str | None:
    """The most-named entity that appears in an article title (the small model often
    calls the work a PERSON)."""
    best: _Name | None = None
    for entry in names.values():
        score = entry.count * len(entry.text.split())
        if any(entry.text.lower() in t.lower() for t in titles) and (
            best is None or score > best.count * len(best.text.split())
        ):
            best = entry
    return best.text if best else None


def _merge(names: dict[str, _Name]) -> list[_Name]:
    """Fold a name into a longer one that contains all its words ("Aqua" into "Aqua
    Hoshino"), when exactly one longer name does."""
    entries = sorted(names.values(), key=lambda e: -len(e.text.split()))
    kept: list[_Name] = []
    for entry in entries:
        words = set(entry.text.lower().split())
        hosts = [k for k in kept if words < set(k.text.lower().split())]
        if len(hosts) == 1:
            hosts[0].aliases.add(entry.text)
            hosts[0].aliases |= entry.aliases
            hosts[0].count += entry.count
            hosts[0].labels.update(entry.labels)
        else:
            kept.append(entry)
    return kept


def render(data: dict[str, Any], sources: list[str]) -> str:
    """The draft as commented YAML in the documented field order."""
    head = ["# Draft reference facts for factlint (see README, 'Reference facts').",
            f"# Drafted from: {', '.join(sources)}",
            "# Fill in the empty fields, delete names that are not characters of the work,",
            "# and check every value against a reliable source before relying on it."]
    body = yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=100)
    body = body.replace("gender: null", "gender: null  # male | female | nonbinary")
    body = body.replace("premiere: null", "premiere: null  # YYYY-MM-DD, YYYY-MM or YYYY")
    return "\n".join(head) + "\n" + body
