"""Load and validate reference-facts files into a :class:`ReferenceSet`.

Every mistake is a :class:`ConfigError` that reads ``file:line: message``: unknown
keys, wrong types, relations naming undefined characters, duplicate names or
aliases, bad dates. The first mistake stops the load, as for configs and packs.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from factlint.errors import ConfigError
from factlint.facts.dates import PartialDate, parse_reference_date
from factlint.facts.model import (
    GENDERS,
    MEDIA,
    CastEntry,
    Character,
    Organization,
    ReferenceSet,
    Release,
    Season,
    Work,
)
from factlint.safeio import quoted
from factlint.textutil import normalise
from factlint.yamlio import line_of, load_yaml_file

TOP_KEYS = ("work", "seasons", "releases", "characters", "organizations", "terms", "strict")
WORK_KEYS = ("title", "aliases", "studio", "creators", "staff", "medium")
SEASON_KEYS = ("number", "title", "premiere", "episodes")
RELEASE_KEYS = ("medium", "title", "date", "episodes")
CHARACTER_KEYS = ("name", "aliases", "gender", "pronouns", "roles", "affiliations", "relations",
                  "cast")
ORG_KEYS = ("name", "aliases")
STAFF_KEYS = ("name", "roles", "role")
CAST_KEYS = ("name", "role", "language")


class _Loader:
    """Validates one file's YAML into the shared set; tracks names for duplicates."""

    def __init__(self, ref: ReferenceSet) -> None:
        self.ref = ref
        self.names: dict[str, list[tuple[str, object]]] = {}  # normalised -> (file:line, owner)
        self.path = ""
        self.pending_relations: list[tuple[Character, str, str, Any, str]] = []

    def err(self, line: int | None, message: str) -> ConfigError:
        return ConfigError(message, path=self.path, line=line)

    def where(self, line: int | None) -> str:
        return f"{self.path}:{line}" if line else self.path

    # -- helpers -----------------------------------------------------------------------
    def keys(self, mapping: Any, allowed: Sequence[str], what: str) -> None:
        for key in mapping:
            if key not in allowed:
                raise self.err(line_of(mapping, key), f"unknown key {quoted(key)} in {what} "
                               f"(expected one of: {', '.join(allowed)})")

    def string(self, mapping: Any, key: str, what: str, *, required: bool = False) -> str | None:
        if key not in mapping or mapping[key] is None:
            if required:
                raise self.err(line_of(mapping), f"{what} needs a '{key}'")
            return None
        value = mapping[key]
        if not isinstance(value, str) or not value.strip():
            raise self.err(line_of(mapping, key), f"'{key}' of {what} must be a non-empty "
                           f"string, not {_kind(value)}")
        return value.strip()

    def strings(self, mapping: Any, key: str, what: str) -> list[str]:
        value = mapping.get(key)
        if value is None:
            return []
        if isinstance(value, str):
            value = [value]
        if not isinstance(value, list):
            raise self.err(line_of(mapping, key), f"'{key}' of {what} must be a list of "
                           f"strings, not {_kind(value)}")
        out = []
        for i, item in enumerate(value):
            if not isinstance(item, str) or not item.strip():
                raise self.err(line_of(value, i) or line_of(mapping, key),
                               f"each item of '{key}' of {what} must be a non-empty string, "
                               f"not {_kind(item)}")
            out.append(item.strip())
        return out

    def integer(self, mapping: Any, key: str, what: str) -> int | None:
        value = mapping.get(key)
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, int) or value < 1:
            raise self.err(line_of(mapping, key), f"'{key}' of {what} must be a positive "
                           f"whole number, not {value!r}")
        return value

    def claim(self, name: str, line: int | None, owner: object) -> None:
        """Record a name or alias; one name (ignoring case and punctuation) for two entries
        is an error. Spelling variants of one entry ("[Oshi no Ko]") are fine, and so is a
        work whose title is also its title character's name ("Frieren")."""
        key = normalise(name)
        holders = self.names.setdefault(key, [])
        for where, other in holders:
            if other is not owner and not _title_character(other, owner):
                raise self.err(line, f"duplicate name '{name}': already defined at {where}")
        if not any(other is owner for _, other in holders):
            holders.append((self.where(line), owner))

    def claim_all(self, mapping: Any, names: list[str], owner: object) -> None:
        self.claim(names[0], line_of(mapping, "name") or line_of(mapping, "title"), owner)
        aliases = mapping.get("aliases")
        for i, alias in enumerate(names[1:]):
            self.claim(alias, line_of(aliases, i) or line_of(mapping, "aliases"), owner)

    def sequence(self, data: Any, key: str) -> list[Any]:
        value = data.get(key)
        if value is None:
            return []
        if not isinstance(value, list):
            raise self.err(line_of(data, key), f"'{key}' must be a list, not {_kind(value)}")
        for i, item in enumerate(value):
            if not isinstance(item, dict):
                raise self.err(line_of(value, i), f"each item of '{key}' must be a mapping, "
                               f"not {_kind(item)}")
        return value

    # -- sections ----------------------------------------------------------------------
    def load(self, path: str, data: Any) -> None:
        self.path = path
        if not isinstance(data, dict):  # an empty file (None) is a mistake too

            raise self.err(1, "a reference file must be a YAML mapping (work, seasons, "
                           "characters, organizations, strict)")
        self.keys(data, TOP_KEYS, "the reference file")
        if "work" in data:
            self.work(data["work"], line_of(data, "work"))
        for item in self.sequence(data, "seasons"):
            self.season(item)
        for item in self.sequence(data, "releases"):
            self.release(item)
        self.ref.terms += self.strings(data, "terms", "the reference file")
        for item in self.sequence(data, "organizations"):
            self.organization(item)
        for item in self.sequence(data, "characters"):
            self.character(item)
        if "strict" in data:
            if not isinstance(data["strict"], bool):
                raise self.err(line_of(data, "strict"), "'strict' must be true or false")
            self.ref.strict = self.ref.strict or data["strict"]

    def work(self, work: Any, line: int | None) -> None:
        if not isinstance(work, dict):
            raise self.err(line, f"'work' must be a mapping, not {_kind(work)}")
        self.keys(work, WORK_KEYS, "'work'")
        title = self.string(work, "title", "'work'", required=True)
        assert title is not None
        staff, roles = self.staff(work)
        studios = self.strings(work, "studio", "'work'")  # one name, or a co-production's list
        item = Work(title=title, aliases=self.strings(work, "aliases", "'work'"),
                    studio=studios[0] if studios else None, studios=studios,
                    studio_source=self.where(line_of(work, "studio")),
                    creators=self.strings(work, "creators", "'work'"),
                    staff=staff, staff_roles=roles,
                    medium=self.medium(work, "'work'"),
                    source=self.where(line_of(work, "title")))
        self.claim_all(work, item.names, item)
        self.ref.works.append(item)

    def season(self, item: Any) -> None:
        what = "a season"
        self.keys(item, SEASON_KEYS, what)
        if "number" not in item:
            raise self.err(line_of(item), "a season needs a 'number'")
        number = self.integer(item, "number", what)
        assert number is not None
        for other in self.ref.seasons:
            if other.number == number:
                raise self.err(line_of(item, "number"), f"season {number} is defined twice "
                               f"(first at {other.source})")
        premiere: PartialDate | None = None
        if item.get("premiere") is not None:
            premiere = parse_reference_date(item["premiere"])
            if premiere is None:
                raise self.err(line_of(item, "premiere"),
                               f"bad date {str(item['premiere'])!r} for 'premiere': write "
                               f"YYYY-MM-DD, YYYY-MM or YYYY")
        self.ref.seasons.append(Season(
            number=number, premiere=premiere,
            episodes=self.integer(item, "episodes", f"season {number}"),
            title=self.string(item, "title", f"season {number}"),
            source=self.where(line_of(item, "number")),
            premiere_source=self.where(line_of(item, "premiere")),
            episodes_source=self.where(line_of(item, "episodes")),
        ))

    def medium(self, mapping: Any, what: str) -> str | None:
        value = self.string(mapping, "medium", what)
        if value is None:
            return None
        key = " ".join(value.lower().replace("-", " ").split())
        if key not in MEDIA:
            raise self.err(line_of(mapping, "medium"), f"'medium' of {what} must be one of "
                           f"{', '.join(MEDIA)}, not {value!r}")
        return key

    def staff(self, work: Any) -> tuple[list[str], dict[str, list[str]]]:
        """``staff:`` as a list of names, or of ``{name, roles}`` mappings (both may mix)."""
        value = work.get("staff")
        if value is None:
            return [], {}
        if not isinstance(value, list):
            raise self.err(line_of(work, "staff"), f"'staff' of 'work' must be a list of "
                           f"names or {{name, roles}} mappings, not {_kind(value)}")
        names: list[str] = []
        roles: dict[str, list[str]] = {}
        for i, item in enumerate(value):
            if isinstance(item, str) and item.strip():
                names.append(item.strip())
                continue
            if not isinstance(item, dict):
                raise self.err(line_of(value, i) or line_of(work, "staff"),
                               f"each item of 'staff' must be a name or a {{name, roles}} "
                               f"mapping, not {_kind(item)}")
            self.keys(item, STAFF_KEYS, "a staff entry")
            name = self.string(item, "name", "a staff entry", required=True)
            assert name is not None
            names.append(name)
            roles[name] = [r.lower() for r in (self.strings(item, "roles", f"'{name}'")
                                               + self.strings(item, "role", f"'{name}'"))]
        return names, roles

    def cast(self, item: Any, what: str) -> list[CastEntry]:
        """``cast:`` of a character: a list of names or ``{name, role, language}`` mappings,
        or a mapping from language to the voice actor(s) in it."""
        value = item.get("cast")
        if value is None:
            return []
        out: list[CastEntry] = []
        if isinstance(value, dict):
            for lang, who in value.items():
                names = [who] if isinstance(who, str) else who
                if not isinstance(names, list) or not all(isinstance(n, str) and n.strip()
                                                          for n in names):
                    raise self.err(line_of(value, lang), f"cast language '{lang}' of {what} "
                                   f"must name a person or a list of people")
                out += [CastEntry(n.strip(), "voice actor", str(lang).lower(),
                                  self.where(line_of(value, lang))) for n in names]
            return out
        if not isinstance(value, list):
            raise self.err(line_of(item, "cast"), f"'cast' of {what} must be a list of "
                           f"people or a mapping from language to people, not {_kind(value)}")
        for i, entry in enumerate(value):
            where = self.where(line_of(value, i) or line_of(item, "cast"))
            if isinstance(entry, str) and entry.strip():
                out.append(CastEntry(entry.strip(), source=where))
                continue
            if not isinstance(entry, dict):
                raise self.err(line_of(value, i) or line_of(item, "cast"),
                               f"each item of 'cast' of {what} must be a name or a "
                               f"{{name, role, language}} mapping, not {_kind(entry)}")
            self.keys(entry, CAST_KEYS, f"a cast entry of {what}")
            name = self.string(entry, "name", f"a cast entry of {what}", required=True)
            assert name is not None
            role = self.string(entry, "role", f"'{name}'") or "actor"
            lang = self.string(entry, "language", f"'{name}'")
            out.append(CastEntry(name, role.lower(), lang.lower() if lang else None, where))
        return out

    def release(self, item: Any) -> None:
        what = "a release"
        self.keys(item, RELEASE_KEYS, what)
        date: PartialDate | None = None
        if item.get("date") is not None:
            date = parse_reference_date(item["date"])
            if date is None:
                raise self.err(line_of(item, "date"), f"bad date {str(item['date'])!r} for "
                               f"'date': write YYYY-MM-DD, YYYY-MM or YYYY")
        if date is None and "medium" not in item and "title" not in item:
            raise self.err(line_of(item), "a release needs a 'date', a 'medium' or a 'title'")
        self.ref.releases.append(Release(
            medium=self.medium(item, what), title=self.string(item, "title", what),
            date=date, episodes=self.integer(item, "episodes", what),
            source=self.where(line_of(item)), date_source=self.where(line_of(item, "date"))))

    def organization(self, item: Any) -> None:
        self.keys(item, ORG_KEYS, "an organization")
        name = self.string(item, "name", "an organization", required=True)
        assert name is not None
        org = Organization(name=name, aliases=self.strings(item, "aliases", f"'{name}'"),
                           source=self.where(line_of(item, "name")))
        self.claim_all(item, org.names, org)
        self.ref.organizations.append(org)

    def character(self, item: Any) -> None:
        self.keys(item, CHARACTER_KEYS, "a character")
        name = self.string(item, "name", "a character", required=True)
        assert name is not None
        what = f"character '{name}'"
        char = Character(name=name, aliases=self.strings(item, "aliases", what),
                         source=self.where(line_of(item, "name")))
        self.claim_all(item, char.names, char)
        gender = item.get("gender")
        if gender is not None:
            if gender not in GENDERS:
                raise self.err(line_of(item, "gender"), f"'gender' of {what} must be one of "
                               f"{', '.join(GENDERS)}, not {gender!r}")
            char.gender = gender
            char.gender_source = self.where(line_of(item, "gender"))
        char.pronouns = [p.lower() for p in self.strings(item, "pronouns", what)]
        if char.pronouns and not char.gender_source:
            char.gender_source = self.where(line_of(item, "pronouns"))
        char.roles = self.strings(item, "roles", what)
        char.roles_source = self.where(line_of(item, "roles"))
        char.cast = self.cast(item, what)
        char.affiliations = self.strings(item, "affiliations", what)
        char.affiliations_source = self.where(line_of(item, "affiliations"))
        rels = item.get("relations")
        if rels is not None:
            if not isinstance(rels, dict):
                raise self.err(line_of(item, "relations"), f"'relations' of {what} must map "
                               f"relation words to character names, not {_kind(rels)}")
            char.relations_source = self.where(line_of(item, "relations"))
            for word, target in rels.items():
                if not isinstance(target, str) or not target.strip():
                    raise self.err(line_of(rels, word), f"relation '{word}' of {what} must "
                                   f"name a character, not {_kind(target)}")
                self.pending_relations.append((char, str(word), target.strip(), rels,
                                               self.path))
        self.ref.characters.append(char)

    def resolve_relations(self) -> None:
        """Relations may name characters defined later or in another file."""
        for char, word, target, rels, path in self.pending_relations:
            other = self.ref.character(target)
            if other is None:
                raise ConfigError(f"relation '{word}' of character '{char.name}' names "
                                  f"'{target}', which is not a character in the reference",
                                  path=path, line=line_of(rels, word))
            if other is char:
                raise ConfigError(f"relation '{word}' of character '{char.name}' names the "
                                  f"character itself", path=path, line=line_of(rels, word))
            char.relations[" ".join(word.lower().split())] = other.name
        # An affiliation that no 'organizations' entry defines is an organisation too.
        for char in self.ref.characters:
            for name in char.affiliations:
                if self.ref.organization(name) is None:
                    self.ref.organizations.append(
                        Organization(name=name, source=char.affiliations_source))


def _title_character(first: object, second: object) -> bool:
    """A work whose title is also a character's name ("Frieren", "Wednesday")."""
    kinds = {type(first), type(second)}
    return kinds == {Work, Character}


def _kind(value: Any) -> str:
    if value is None:
        return "nothing"
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, int | float):
        return f"the number {value}"
    return f"{type(value).__name__} {value!r}"


def load_reference(paths: Sequence[str]) -> ReferenceSet:
    """Load and validate reference files into one set (names must be unique across them)."""
    ref = ReferenceSet()
    loader = _Loader(ref)
    for path in paths:
        loader.load(str(path), load_yaml_file(str(path)))
        ref.paths.append(str(path))
    loader.resolve_relations()
    return ref


def facts_beside(article: str) -> list[str]:
    """Reference files that sit next to an article: ``<stem>.facts.yaml``, ``facts.yaml``."""
    if not article or article.startswith("<"):
        return []
    p = Path(article)
    found = []
    for candidate in (p.with_name(p.stem + ".facts.yaml"), p.with_name("facts.yaml")):
        if candidate.is_file():
            found.append(str(candidate))
    return found
