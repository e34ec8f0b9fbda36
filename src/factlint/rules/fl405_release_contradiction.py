"""FL405 release-contradiction: a season's premiere date or episode count that is wrong."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from factlint.document import Document
from factlint.facts.dates import PartialDate
from factlint.finding import Applicability, Finding, Severity
from factlint.registry import HEADINGS, PROSE, DocumentRule, Setup, register
from factlint.rules._facts import FactsRule


@dataclass(frozen=True)
class _Words:
    """The FL405 pack data compiled into regexes."""

    season_res: tuple[re.Pattern[str], ...]
    date_res: tuple[tuple[str, re.Pattern[str]], ...]
    episodes_re: re.Pattern[str]
    premiere_re: re.Pattern[str] | None
    other_re: re.Pattern[str] | None
    months: dict[str, int]
    seasons: dict[str, tuple[int, ...]]
    numbers: dict[str, int]
    ordinals: dict[str, int]
    range_words: frozenset[str]
    partial_words: frozenset[str]
    split_re: re.Pattern[str] | None
    media: tuple[tuple[str, re.Pattern[str]], ...]  # medium -> words that name it
    range_start_re: re.Pattern[str]
    anaphor_re: re.Pattern[str] | None


def _alt(words: Iterable[str]) -> str:
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


def _compile(data: dict[str, Any]) -> _Words:
    months = {str(k).lower(): int(v) for k, v in (data.get("months") or {}).items()}
    seasons = {str(k).lower(): tuple(int(m) for m in v)
               for k, v in (data.get("seasons") or {}).items()}
    numbers = {str(k).lower(): int(v) for k, v in (data.get("numbers") or {}).items()}
    ordinals = {str(k).lower(): int(v) for k, v in (data.get("ordinals") or {}).items()}
    mon, sea = _alt(months) or "(?!)", _alt(seasons) or "(?!)"
    num = _alt(numbers) or "(?!)"
    ordl = _alt(ordinals) or "(?!)"
    flags = re.IGNORECASE
    season_res = (
        re.compile(rf"\bseason\s+(?P<n>\d{{1,2}}|{num})\b", flags),
        re.compile(rf"\b(?P<o>{ordl}|\d{{1,2}}(?:st|nd|rd|th))\s+season\b", flags),
    )
    date_res = (
        ("ymd", re.compile(r"\b(?P<y>\d{4})-(?P<m>\d{2})-(?P<d>\d{2})\b")),
        ("dmy", re.compile(rf"\b(?P<d>\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?(?P<mon>{mon})\.?"
                           rf",?\s+(?P<y>\d{{4}})\b", flags)),
        ("mdy", re.compile(rf"\b(?P<mon>{mon})\.?\s+(?P<d>\d{{1,2}})(?:st|nd|rd|th)?,?\s+"
                           rf"(?P<y>\d{{4}})\b", flags)),
        ("my", re.compile(rf"\b(?P<mon>{mon})\.?,?\s+(?:of\s+)?(?P<y>\d{{4}})\b", flags)),
        ("sy", re.compile(rf"\b(?P<sea>{sea})\s+(?:of\s+)?(?P<y>\d{{4}})\b", flags)),
        ("ym", re.compile(r"\b(?P<y>\d{4})-(?P<m>\d{2})\b(?!-)")),
        ("y", re.compile(r"\b(?P<y>(?:19|20)\d{2})\b(?!-)")),
    )

    def joined(key: str) -> re.Pattern[str] | None:
        pats = [str(p) for p in data.get(key) or []]
        return re.compile(r"\b(?:" + "|".join(pats) + r")\b", flags) if pats else None

    return _Words(
        season_res=season_res, date_res=date_res,
        # "13 episodes", "one episode"; never "Season 3 Episode 1" (an episode's number).
        episodes_re=re.compile(rf"\b(?P<n>\d{{1,3}}|{num})[\s-]+(?P<e>episodes?)\b", flags),
        premiere_re=joined("premiere"), other_re=joined("other"),
        months=months, seasons=seasons, numbers=numbers, ordinals=ordinals,
        range_words=frozenset(str(w).lower() for w in data.get("range_words") or []),
        partial_words=frozenset(str(w).lower() for w in data.get("partial_words") or []),
        split_re=joined("split_words"),
        media=tuple((str(k).lower(), re.compile(r"\b(?:" + "|".join(str(p) for p in v)
                                                  + r")\b", flags))
                    for k, v in (data.get("media") or {}).items() if v),
        range_start_re=re.compile(rf"\b(?P<mon>{mon})\.?\s*(?:[-–—]|\bto\b|\bthrough\b|"
                                  rf"\buntil\b|\btill\b)\s*$", flags),
        anaphor_re=joined("anaphors"),
    )


@register
class ReleaseContradiction(FactsRule, DocumentRule):
    code = "FL405"
    name = "release-contradiction"
    severity = Severity.ERROR
    summary = "A season's premiere date or episode count contradicts the reference."
    explanation = (
        "Reads dates (\"3 July 2024\", \"July 3, 2024\", \"July 2024\", \"2024-07-03\", "
        "\"summer 2024\", \"2024\") and episode counts (\"13 episodes\") in sentences that "
        "name a season (\"season 2\", \"the second season\") and compares them with the "
        "reference's `seasons:`. A date counts as a premiere date only when the nearest "
        "date word is about a premiere (premieres, airs, releases, returns, wait until) and "
        "not about an ending or a trailer; a date that ends a range (\"from April to June\") "
        "is skipped. A date is wrong when its year differs, when its month (or the months of "
        "a season of the year: summer is June to August) cannot be the reference month, or "
        "when its day differs. Past and future tense are treated alike. Only articles that "
        "name the work or one of its characters are checked. Month, season and "
        "number words are data in rules/facts/release.yaml."
    )
    bad_example = "Season 2 premiered in July 2025 with 12 episodes."
    good_example = "Season 2 premiered on 3 July 2024 with 13 episodes."

    scope = PROSE | HEADINGS
    fixable = Applicability.UNSAFE
    fix_explanation = (
        "Writes the reference's episode count for a count written in digits. Unsafe: the "
        "article may be right and the reference out of date. Dates are not fixed (how a "
        "date is written is the article's style)."
    )

    def prepare(self, setup: Setup) -> None:
        from factlint.facts.lexicon import merge_tables

        super().prepare(setup)
        self.words = _compile(merge_tables(setup.data))

    def observe(self, doc: Document, facts: Any) -> bool:
        """Whether this window names the work or one of its characters."""
        from factlint.facts.model import CHARACTER, WORK

        an = self.mentions.analyse(doc, facts)
        return an is not None and any(m.kind in (WORK, CHARACTER) for m in an.mentions)

    def conclude(
        self, doc: Document, observed: Sequence[Any], facts: Any
    ) -> Iterable[Finding]:
        from factlint.facts.model import ReferenceSet

        ref = facts
        if not isinstance(ref, ReferenceSet) or not (ref.seasons or ref.releases):
            return
        # "Season 2" means the reference's season only in an article about that work: one
        # that names the work or one of its characters somewhere.
        if not any(observed):
            return
        words = self.words
        for block in self.blocks(doc):
            previous: list[int] = []
            for start, text in _sentences(block):
                for s, e, message, new in self._check_sentence(text, words, ref, previous):
                    fix = None
                    if new is not None:
                        fix = self.make_fix(f"Write '{new[2]}'", self.edit(
                            doc, block, start + new[0], start + new[1], new[2]),
                            applicability=Applicability.UNSAFE)
                    yield self.finding(doc, block, start + s, start + e, message, fix=fix)
                previous = sorted({n for _, n in _season_mentions(text, words)})

    def _check_sentence(self, text: str, w: _Words, ref: Any, previous: list[int]
                        ) -> Iterator[tuple[int, int, str, _Replacement | None]]:
        """(start, end, message, what to write where, if anything) of each problem."""
        seasons = list(_season_mentions(text, w))
        screen = _screen_media(ref)
        for s, e, date in _dates(text, w):
            if _nearest_keyword(text, s, e, w) != "premiere" or _other_in_clause(text, s, w):
                continue
            rng = w.range_start_re.search(text[:s])
            if rng is not None:  # "aired April-June 2017": the run began in April
                date = PartialDate(date.year, w.months[rng.group("mon").lower()])
                s = rng.start()
            elif text[:s].split() and text[:s].split()[-1].lower().strip(",") in w.range_words:
                continue
            medium = _medium_of(text, s, w)
            if medium is not None and medium not in screen:
                # A date about the manga, the webtoon, the game: checked only against a
                # release of that medium, never against the anime's seasons.
                yield from ((*found, None) for found in
                            self._check_release(text, s, e, date, medium, ref))
                continue
            if not seasons:
                continue
            season = ref.season(_pair(seasons, s, text))
            if season is None or season.premiere is None:
                continue
            part = season.premiere.conflict(date)
            if part is not None:
                yield s, e, (
                    f"'{text[s:e]}' for the premiere of season {season.number} disagrees with "
                    f"the reference, which gives {season.premiere.describe()} "
                    f"({season.premiere_source}); check the {part} against a reliable "
                    f"source and correct the article or the reference"), None
        for m in w.episodes_re.finditer(text):
            before = text[: m.start()].split()
            if before and before[-1].lower() in w.partial_words:
                continue
            raw = m.group("n").lower()
            count = int(raw) if raw.isdigit() else w.numbers.get(raw)
            if count is None or (count != 1 and m.group("e").lower() == "episode"):
                continue  # "Season 3 Episode 1" numbers an episode, it does not count them
            if before and before[-1].lower().strip(",") in ("season", "part", "cour",
                                                           "volume", "chapter"):
                continue
            lo, hi = _clause(text, m.start())
            if w.split_re is not None and w.split_re.search(text[lo:hi]):
                continue  # "two cours of 12 episodes", "12 episodes each": part of a season
            if _medium_of(text, m.start(), w) not in (None, *screen):
                continue
            if seasons:
                number = _pair(seasons, m.start(), text)
            elif len(previous) == 1 and w.anaphor_re is not None and w.anaphor_re.search(
                    text[: m.start()]):
                number = previous[0]  # "Season 2 premiered in July. It ran for 12 episodes."
            else:
                continue
            season = ref.season(number)
            if season is None or season.episodes is None:
                continue
            if count != season.episodes:
                new = ((m.start("n"), m.end("n"), str(season.episodes)) if raw.isdigit()
                       else None)
                yield m.start(), m.end(), (
                    f"'{m.group(0)}' for season {season.number} disagrees with the reference, "
                    f"which gives {season.episodes} episodes ({season.episodes_source}); "
                    f"check the count"), new

    def _check_release(self, text: str, s: int, e: int, date: PartialDate, medium: str,
                       ref: Any) -> Iterator[tuple[int, int, str]]:
        dated = [r for r in ref.releases if r.medium == medium and r.date is not None]
        if len(dated) != 1:
            return  # no release of that medium, or several: which one is meant is a guess
        rel = dated[0]
        part = rel.date.conflict(date)
        if part is not None:
            what = f"the {medium}" + (f" '{rel.title}'" if rel.title else "")
            yield s, e, (
                f"'{text[s:e]}' for the release of {what} disagrees with the reference, "
                f"which gives {rel.date.describe()} ({rel.date_source}); check the {part} "
                f"against a reliable source")

_Replacement = tuple[int, int, str]  # sentence offsets and the text to write there


def _screen_media(ref: Any) -> tuple[str, ...]:
    """The media the reference's seasons are (what "season 2" is about)."""
    declared = tuple(w.medium for w in ref.works if w.medium)
    return declared or ("anime", "tv", "live action")


def _medium_of(text: str, at: int, w: _Words) -> str | None:
    """The medium the clause of ``at`` is about ("the webtoon launched in 2018"), else the
    sentence's when only one medium is named in it; None when none is named."""
    lo, hi = _clause(text, at)
    for part in (text[lo:hi], text):
        named = [medium for medium, rx in w.media if rx.search(part)]
        if len(set(named)) == 1:
            return named[0]
        if named:
            return None
    return None


def _sentences(block: Any) -> list[tuple[int, str]]:
    if block.sentence_bounds:
        return [(s, block.text[s:e]) for s, e in block.sentence_bounds]
    return [(0, block.text)]


def _season_mentions(text: str, w: _Words) -> Iterator[tuple[int, int]]:
    for rx in w.season_res:
        for m in rx.finditer(text):
            group = m.groupdict()
            raw = (group.get("n") or group.get("o") or "").lower()
            if raw.isdigit():
                number = int(raw)
            elif raw[:-2].isdigit():
                number = int(raw[:-2])
            else:
                number = w.numbers.get(raw) or w.ordinals.get(raw) or 0
            if number:
                yield m.start(), number


_CLAUSE = re.compile(r"[,;:()]|\s[-–—]\s|\s(?:and|but|while|whereas|although|though|after|"
                     r"before|since)\s", re.IGNORECASE)


def _pair(seasons: list[tuple[int, int]], at: int, text: str) -> int:
    """The season a date at ``at`` belongs to: a mention in the same clause (the nearest),
    else the nearest mention before it, else the first one after it."""
    lo, hi = _clause(text, at)
    same = [s for s in seasons if lo <= s[0] < hi]
    if same:
        return min(same, key=lambda s: abs(s[0] - at))[1]
    before = [s for s in seasons if s[0] < at]
    if before:
        return max(before)[1]
    return min(seasons)[1]


def _dates(text: str, w: _Words) -> Iterator[tuple[int, int, PartialDate]]:
    taken: list[tuple[int, int]] = []
    found = []
    for kind, rx in w.date_res:
        for m in rx.finditer(text):
            if any(a < m.end() and m.start() < b for a, b in taken):
                continue
            date = _to_date(kind, m, w)
            if date is not None:
                taken.append((m.start(), m.end()))
                found.append((m.start(), m.end(), date))
    yield from sorted(found, key=lambda f: f[0])


def _to_date(kind: str, m: re.Match[str], w: _Words) -> PartialDate | None:
    g = m.groupdict()
    year = int(g["y"])
    month = int(g["m"]) if g.get("m") else (w.months[g["mon"].lower()] if g.get("mon") else None)
    day = int(g["d"]) if g.get("d") else None
    if (month is not None and not 1 <= month <= 12) or (day is not None and not 1 <= day <= 31):
        return None
    if kind == "sy":
        return PartialDate(year, months=w.seasons[g["sea"].lower()])
    return PartialDate(year, month, day)


def _clause(text: str, at: int) -> tuple[int, int]:
    bounds = [0, *(m.start() for m in _CLAUSE.finditer(text)), len(text)]
    lo = max(b for b in bounds if b <= at)
    hi = min((b for b in bounds if b > at), default=len(text))
    return lo, hi


def _other_in_clause(text: str, at: int, w: _Words) -> bool:
    """A trailer, an ending or an announcement in the date's own clause: not a premiere."""
    lo, hi = _clause(text, at)
    return w.other_re is not None and w.other_re.search(text[lo:hi]) is not None


def _nearest_keyword(text: str, s: int, e: int, w: _Words) -> str | None:
    best: tuple[int, str] | None = None
    for kind, rx in (("premiere", w.premiere_re), ("other", w.other_re)):
        if rx is None:
            continue
        for m in rx.finditer(text):
            dist = s - m.end() if m.end() <= s else m.start() - e if m.start() >= e else 0
            if best is None or dist < best[0]:
                best = (max(dist, 0), kind)
    return best[1] if best else None
