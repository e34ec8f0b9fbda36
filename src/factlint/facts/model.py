"""The typed reference model: the work, its seasons, characters and organisations.

Every value remembers where it was written (``file:line``) so that findings can
quote the reference they rely on. Several reference files merge into one
:class:`ReferenceSet`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from factlint.facts.dates import PartialDate
from factlint.textutil import normalise

# What a name in an article can stand for in the reference (the kinds of a mention).
CHARACTER, ORGANIZATION, WORK, PERSON = "character", "organization", "work", "person"

GENDERS = ("male", "female", "nonbinary")
# What a season or release is: a date about one medium is never checked against another's.
MEDIA = ("anime", "manga", "manhwa", "manhua", "webtoon", "light novel", "novel", "web novel",
         "live action", "film", "tv", "game", "dlc", "album", "single", "ep", "book", "comic",
         "stage", "audio drama")


@dataclass
class Work:
    """The work the articles are about."""

    title: str
    aliases: list[str] = field(default_factory=list)
    studio: str | None = None
    studios: list[str] = field(default_factory=list)  # every studio (co-productions)
    creators: list[str] = field(default_factory=list)
    staff: list[str] = field(default_factory=list)
    staff_roles: dict[str, list[str]] = field(default_factory=dict)  # name -> roles
    medium: str | None = None  # what the seasons are: anime, live action, ...
    studio_source: str = ""
    source: str = ""  # file:line of the work's title

    @property
    def names(self) -> list[str]:
        return [self.title, *self.aliases]


@dataclass
class Season:
    number: int
    premiere: PartialDate | None = None
    episodes: int | None = None
    title: str | None = None
    source: str = ""
    premiere_source: str = ""
    episodes_source: str = ""


@dataclass
class Release:
    """A dated release of the work in some medium: a film, a game or its DLC, an album, the
    manga or webtoon the anime adapts. Dates about one medium are never checked against
    another's."""

    medium: str | None = None
    title: str | None = None
    date: PartialDate | None = None
    episodes: int | None = None
    source: str = ""
    date_source: str = ""


@dataclass(frozen=True)
class CastEntry:
    """Who plays or voices a character: ``role`` is actor, voice actor, ...; ``language``
    the language of the performance (Japanese, English) when it matters."""

    name: str
    role: str = "actor"
    language: str | None = None
    source: str = ""


@dataclass
class Character:
    name: str
    aliases: list[str] = field(default_factory=list)
    gender: str | None = None
    pronouns: list[str] = field(default_factory=list)  # as written; empty = from gender
    roles: list[str] = field(default_factory=list)
    affiliations: list[str] = field(default_factory=list)
    relations: dict[str, str] = field(default_factory=dict)  # relation word -> canonical name
    cast: list[CastEntry] = field(default_factory=list)
    source: str = ""
    gender_source: str = ""
    roles_source: str = ""
    affiliations_source: str = ""
    relations_source: str = ""

    @property
    def names(self) -> list[str]:
        return [self.name, *self.aliases]

    @property
    def short(self) -> str:
        """The name an article most likely uses (the first alias), for messages."""
        return self.aliases[0] if self.aliases else self.name

    def label(self) -> str:
        return self.name if not self.aliases else f"{self.aliases[0]} ({self.name})"


@dataclass
class Organization:
    name: str
    aliases: list[str] = field(default_factory=list)
    source: str = ""

    @property
    def names(self) -> list[str]:
        return [self.name, *self.aliases]


@dataclass
class ReferenceSet:
    """Everything the reference files that apply to one article say."""

    paths: list[str] = field(default_factory=list)
    works: list[Work] = field(default_factory=list)
    seasons: list[Season] = field(default_factory=list)
    characters: list[Character] = field(default_factory=list)
    organizations: list[Organization] = field(default_factory=list)
    releases: list[Release] = field(default_factory=list)
    terms: list[str] = field(default_factory=list)  # words of the work that are not names
    strict: bool = False
    # What readers work out from the loaded reference once (the name index of FL406/FL407).
    memo: dict[str, Any] = field(default_factory=dict, repr=False, compare=False)

    def character(self, name: str) -> Character | None:
        """The character with this name or alias (case- and punctuation-insensitive)."""
        key = normalise(name)
        for char in self.characters:
            if any(normalise(n) == key for n in char.names):
                return char
        return None

    def organization(self, name: str) -> Organization | None:
        key = normalise(name)
        for org in self.organizations:
            if any(normalise(n) == key for n in org.names):
                return org
        return None

    def season(self, number: int) -> Season | None:
        return next((s for s in self.seasons if s.number == number), None)

    def people(self) -> list[str]:
        """Real people the reference names (creators, staff, cast): never characters."""
        out = [p for w in self.works for p in (*w.creators, *w.staff)]
        out += [e.name for c in self.characters for e in c.cast]
        return list(dict.fromkeys(out))

    def surnames(self) -> dict[str, list[str]]:
        """Last word -> the reference's real people of several words with that surname,
        worked out once ("Okabe" -> ["Ren Okabe"]): a credit may name them by surname."""
        found: dict[str, list[str]] | None = self.memo.get("surnames")
        if found is None:
            found = {}
            for person in self.people():
                words = person.split()
                if len(words) > 1:
                    found.setdefault(words[-1], []).append(person)
            self.memo["surnames"] = found
        return found

    def cast_of(self, name: str) -> list[Character]:
        """The characters the reference says this person plays or voices."""
        key = normalise(name)
        return [c for c in self.characters if any(normalise(e.name) == key for e in c.cast)]

    def is_term(self, text: str) -> bool:
        """Whether ``text`` is one of the work's declared terms (ranks, common words)."""
        key = normalise(text)
        return any(normalise(t) == key for t in self.terms)

    def studios(self) -> list[tuple[str, str]]:
        """(studio, file:line) of every work that names one."""
        out = []
        for w in self.works:
            for name in w.studios or ([w.studio] if w.studio else []):
                out.append((name, w.studio_source))
        return out

    def all_roles(self) -> set[str]:
        return {normalise(r) for c in self.characters for r in c.roles}
