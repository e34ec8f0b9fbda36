"""Draft a reference file from articles, for ``factlint facts init``.

Editors will not write a reference file from nothing. The draft lists the work's
title, the seasons, the characters and organisations the articles name, merged
across aliases ("Aqua" and "Aqua Hoshino") and possessives ("Aqua's"), each with
the documented fields left empty to fill in. It is a starting point, not facts.

The shared entity layer (:mod:`factlint.facts.entities`) keeps real people out of
``characters``: performers credited with a role ("X as Y") go under that character's
``cast``, other people (directors, writers, bylines) under ``work.staff``; companies
from credit lines, places and stock words are left out; the studio comes from
"animated by X". A rarer spelling one or two letters from a more frequent name is
folded into it (never made an alias: an alias is never reported as a misspelling).
A work named after its title character keeps that character. Lines an editor should
check are marked ``# check: ...``.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

import yaml

from factlint.document import Document
from factlint.nlp import ents
from factlint.registry import PROSE, scope

_ORG_WORDS = {"company", "productions", "production", "studio", "studios", "media", "records",
              "entertainment", "agency", "theatrical", "theater", "theatre", "group", "inc",
              "pro", "corporation", "network", "films", "pictures", "animation"}
_NOT_NAMES = {"DATE", "TIME", "CARDINAL", "ORDINAL", "MONEY", "PERCENT", "QUANTITY", "NORP",
              "LANGUAGE", "LAW"}
_SMALL_WORDS = {"the", "of", "and", "an", "a", "in", "on"}
_POSSESSIVE = re.compile(r"['’]s?$")
_SEASON = re.compile(r"\bseason\s+(\d{1,2})\b", re.IGNORECASE)
# Where an SEO title's name of the work ends: a subtitle ("X: Everything We Know",
# "X | Site"), or a part of the work ("X Season 2", "X Part 1", "X Episode 3").
_SUBTITLE = re.compile(r"\s*(?:[:|–—]|\s-\s).*$")
_PART = re.compile(r"\s+(?:season|part|series|cour|volume|vol\.|episode|chapter)\b.*$",
                   re.IGNORECASE)


def title_core(title: str) -> str:
    """The work's name in an article or heading title: "Harbor Lights Season 2 Release
    Date: Everything We Know" -> "Harbor Lights"."""
    core = _PART.sub("", _SUBTITLE.sub("", title.strip())).strip()
    return core or title.strip()


# Prose and headings, and bylines: the writer a byline names is a person, never a character.
_READ = PROSE | scope("headings", "quoted_headings", "bylines")


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


@dataclass
class Draft:
    """The draft as a plain mapping, and the notes to write beside its lines."""

    data: dict[str, Any]
    notes: dict[str, str] = field(default_factory=dict)  # entry name -> what to check


def draft(documents: Iterable[Document], mentions: Any = None) -> Draft:
    """The draft reference. ``mentions`` (a :class:`factlint.facts.mentions.Mentions`)
    gives the entity layer; without it every name is a candidate character."""
    from factlint.facts.entities import PERSON, STOCK
    from factlint.facts.model import ReferenceSet
    from factlint.textutil import normalise

    empty = ReferenceSet()
    names: dict[str, _Name] = {}
    titles: Counter[str] = Counter()
    seasons: set[int] = set()
    people: dict[str, set[str]] = {}  # person -> characters they are credited with
    studios: Counter[str] = Counter()
    for doc in documents:
        if doc.title:
            titles[doc.title] += 1
        an = mentions.analyse(doc, empty) if mentions is not None else None
        for block in doc.blocks:
            seasons |= {int(n) for n in _SEASON.findall(block.text) if 0 < int(n) < 50}
            if not _READ.accepts(block):
                continue
            for piece in block.pieces:
                if an is not None:
                    _people(an, piece.doc, people, studios)
                for text, label, toks in _candidates(piece.doc):
                    if an is not None:
                        kinds = {an.who.kind(t) for t in toks}
                        if PERSON in kinds or kinds == {STOCK}:
                            continue
                        if block.is_heading:
                            continue
                    elif block.is_heading:
                        continue
                    text = _clean(text)
                    if len(text) < 2 or not text[0].isupper():
                        continue
                    entry = names.setdefault(text.lower(), _Name(text))
                    entry.count += 1
                    entry.labels[label] += 1
    notes: dict[str, str] = {}
    # "X Season 2", "X Part 1": the name of a work (this one or another), never a character.
    works: Counter[str] = Counter()
    for key in [k for k, v in names.items() if _PART.search(v.text)]:
        entry = names.pop(key)
        core = title_core(entry.text)
        if core != entry.text:
            works[core] += entry.count
    work = (_work_title(names, titles) or _work_title({k.lower(): _Name(k, n) for k, n in
                                                       works.items()}, titles)
            or (works.most_common(1)[0][0] if works else None)
            or (title_core(next(iter(titles))) if titles else None))
    title_character: _Name | None = None
    if work is not None:  # drop the title and names made from its words ("Will Oshi")
        title_words = set(work.lower().split()) - _SMALL_WORDS
        own = names.get(work.lower())
        if own is not None and own.labels["PERSON"] > own.count / 2:
            title_character = own  # "Frieren", "Wednesday": the work is named after her
        names = {k: v for k, v in names.items() if not title_words & set(k.split())
                 or (v.labels["PERSON"] > v.count / 2 and len(k.split()) > len(title_words))}
        if title_character is not None:
            names[work.lower()] = title_character
            notes[title_character.text] = "the title character? (the work is named after them)"
        else:  # "Wednesday" and the one character called "Wednesday Addams"
            named = [v for k, v in names.items() if k.startswith(work.lower() + " ")
                     and v.labels["PERSON"] > v.count / 2]
            if len(named) == 1:
                title_character = named[0]
                title_character.aliases.add(work)
                notes[title_character.text] = ("the title character? (the work is named "
                                               "after them)")
    for person in people:
        names.pop(person.lower(), None)
    # Misspellings first ("Mira Solene" into "Mira Solenne"), so that a short name ("Mira")
    # then finds the one full name it belongs to.
    folded_names, folded = _fold(list(names.values()))
    merged = _merge({e.text.lower(): e for e in folded_names})
    characters: list[dict[str, Any]] = []
    organizations: list[dict[str, Any]] = []
    cast: dict[str, list[str]] = {}
    for person, roles in people.items():
        for role in roles:
            cast.setdefault(normalise(role), []).append(person)
    for entry in sorted(merged, key=lambda e: (-e.count, e.text)):
        is_org = (any(w.lower() in _ORG_WORDS for w in entry.text.split())
                  or (entry.labels["ORG"] > entry.labels["PERSON"] and len(entry.text.split()) > 1))
        aliases = sorted(entry.aliases)
        if is_org:
            organizations.append({"name": entry.text, "aliases": aliases})
            continue
        performers = sorted({p for n in [entry.text, *aliases] for p in cast.get(normalise(n), [])})
        characters.append({"name": entry.text, "aliases": aliases, "gender": None,
                           "roles": [], "affiliations": [], "relations": {},
                           "cast": performers})
        why = []
        if entry.text in folded:
            why.append("also written " + ", ".join(f"'{v}'" for v in folded[entry.text])
                       + ": misspellings, folded in")
        if entry.count == 1:
            why.append("named once: is this a character of the work?")
        if why and entry.text not in notes:
            notes[entry.text] = "; ".join(why)
    staff = sorted(p for p, roles in people.items() if not roles)
    studio = studios.most_common(1)[0][0] if studios else None
    return Draft({
        "work": {"title": work or "", "aliases": [], "studio": studio, "creators": [],
                 "staff": staff},
        "seasons": [{"number": n, "premiere": None, "episodes": None} for n in sorted(seasons)],
        "characters": characters,
        "organizations": organizations,
        "terms": [],
        "strict": False,
    }, notes)


def _people(an: Any, doc: Any, people: dict[str, set[str]], studios: Counter[str]) -> None:
    """Real people of one parsed piece (credited with a character, or not), and studios."""
    from factlint.facts.entities import PERSON, name_runs

    who = an.who
    credited: dict[int, str] = {}
    for credit in who.credits:
        if credit.character is None or credit.person[0].doc is not doc:
            continue
        first, last = credit.person
        role = credit.character
        credited[first.i] = _clean(doc[role[0].i : role[1].i + 1].text)
    for first, last in name_runs(list(doc)):
        toks = doc[first.i : last.i + 1]
        if not all(who.kind(t) == PERSON for t in toks if t.is_alpha):
            continue
        name = _clean(toks.text)
        if len(name.split()) < 2 and first.i not in credited:
            continue  # a surname alone: the full name is listed where it was first read
        roles = people.setdefault(name, set())
        if first.i in credited:
            roles.add(credited[first.i])
    for tok in doc:
        if tok.lower_ == "by" and tok.i > 0 and doc[tok.i - 1].lower_ in ("animated",
                                                                         "animation"):
            run = next((r for r in name_runs(list(doc)) if r[0].i == tok.i + 1), None)
            if run is not None:
                studios[doc[run[0].i : run[1].i + 1].text] += 1


def _fold(entries: list[_Name]) -> tuple[list[_Name], dict[str, list[str]]]:
    """Fold a rarer spelling one or two letters from a more frequent name into it."""
    from rapidfuzz.distance import Levenshtein

    kept: list[_Name] = []
    folded: dict[str, list[str]] = {}
    for entry in sorted(entries, key=lambda e: (-e.count, e.text)):
        host = None
        for k in kept:
            if len(k.text.split()) != len(entry.text.split()) or k.count < entry.count:
                continue
            limit = 1 if len(k.text) <= 6 else 2
            if 0 < Levenshtein.distance(k.text.lower(), entry.text.lower()) <= limit:
                host = k
                break
        if host is None:
            kept.append(entry)
            continue
        host.count += entry.count
        folded.setdefault(host.text, []).append(entry.text)
    return kept, folded


def _candidates(doc: Any) -> list[tuple[str, str, Any]]:
    """Named entities of the kinds that may be people, organisations or the work, plus runs
    of proper nouns the model did not call entities (text, label, tokens)."""
    found = list(ents(doc))
    out = []
    for n, e in enumerate(found):
        if e.label_ in _NOT_NAMES:
            continue
        before = found[n - 1] if n else None
        label = e.label_
        if (before is not None and before.end == e.start and before.label_ == "DATE"
                and all(t.pos_ == "PROPN" for t in before)):
            # "Wednesday Addams": the model reads a weekday and an ORG; a weekday or month
            # written before a name is a given name.
            e, label = doc[before.start : e.end], "PERSON"
        out.append((e.text, label, e))
    covered = {t.i for e in found for t in e}
    run: list[Any] = []
    for tok in [*doc, None]:
        if tok is not None and tok.pos_ == "PROPN" and tok.is_alpha and tok.i not in covered:
            run.append(tok)
            continue
        if run:
            span = doc[run[0].i : run[-1].i + 1]
            out.append((span.text, "", span))
            run = []
    return out


def _work_title(names: dict[str, _Name], titles: Counter[str]) -> str | None:
    """The most-named entity that appears in an article title (the small model often
    calls the work a PERSON)."""
    best: tuple[int, str] | None = None
    cores = [title_core(t).lower() for t in titles]
    for entry in names.values():
        name = title_core(entry.text)
        score = entry.count * len(name.split())
        if any(name.lower() in c for c in cores) and (best is None or score > best[0]):
            best = (score, name)
    return best[1] if best else None


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


def render(result: Draft, sources: list[str]) -> str:
    """The draft as commented YAML in the documented field order; lines to check are
    marked ``# check: ...``."""
    head = ["# Draft reference facts for factlint (see docs/reference-facts.md).",
            f"# Drafted from: {', '.join(sources)}",
            "# Fill in the empty fields, delete names that are not characters of the work,",
            "# check every value against a reliable source before relying on it, and every",
            "# line marked 'check'. Real people the articles credit are under each",
            "# character's cast or under work.staff; they are never characters."]
    body = yaml.safe_dump(result.data, sort_keys=False, allow_unicode=True, width=100)
    body = body.replace("gender: null", "gender: null  # male | female | nonbinary")
    body = body.replace("premiere: null", "premiere: null  # YYYY-MM-DD, YYYY-MM or YYYY")
    body = body.replace("  staff:\n", "  staff:  # check: people the articles name; add roles\n", 1)
    lines = body.split("\n")
    for name, note in result.notes.items():
        dumped = yaml.safe_dump({"name": name}, allow_unicode=True, width=1000).strip()
        for i, line in enumerate(lines):
            if line.strip() == f"- {dumped}":
                lines[i] = f"{line}  # check: {note}"
                break
    return "\n".join(head) + "\n" + "\n".join(lines)
