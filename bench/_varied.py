"""A varied synthetic corpus for the throughput benchmark (no real text).

Real articles do not repeat a dozen sentences: their sentences run from four words to
forty, they quote people, list episodes and cast, give dates in several spellings, link
their sources, make claims with and without support, and name characters, studios and
people the reference file may or may not know. This generator builds such articles from
a small grammar whose parts are drawn per sentence (clauses, modifiers, quotes, numbers,
dates), with a deterministic seed, so that no two sentences of the corpus need be alike
and the rules and the parser meet the variety they meet on real pages.

``write_varied(folder, count, words)`` writes ``count`` articles of about ``words`` words
(Markdown and plain text) and ``facts.yaml``, a reference file for the invented work the
articles share (with some statements in the articles contradicting it).
"""

from __future__ import annotations

import random
from pathlib import Path

SYLLABLES = ["ka", "ri", "mo", "ten", "sa", "lo", "vek", "dra", "mi", "zu", "no", "bel",
             "ta", "ren", "shi", "ko", "val", "ea", "or", "lin", "hau", "ju", "pe", "sor"]
MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December"]
ADJECTIVES = ["quiet", "bold", "uneven", "strange", "gentle", "brutal", "clever", "long-awaited",
              "messy", "ambitious", "cozy", "grim", "colourful", "slow", "tense", "funny",
              "bittersweet", "sharp", "overlong", "confident", "modest", "chaotic"]
NOUNS = ["arc", "finale", "premiere", "soundtrack", "opening", "ending", "trailer", "teaser",
         "episode", "chapter", "season", "cour", "adaptation", "storyboard", "character design",
         "voice cast", "plot twist", "flashback", "subplot", "fight scene", "montage",
         "cliffhanger", "visual", "key visual", "theme song", "background art"]
VERBS_PAST = ["revealed", "confirmed", "teased", "showed", "hinted at", "delayed",
              "announced", "previewed", "dropped", "streamed", "screened", "adapted"]
VERBS = ["carries", "rushes", "slows down", "builds", "undercuts", "frames", "sets up",
         "resolves", "drags", "complicates", "rewards", "skips", "reworks", "expands"]
PLACES = ["Tokyo", "Osaka", "the harbour district", "a mountain village", "the academy",
          "the old observatory", "a seaside town", "the capital", "the night market"]
ROLES = ["pilot", "archivist", "rival", "captain", "student council president", "detective",
         "mechanic", "songwriter", "idol", "actor", "swordsman", "healer", "journalist"]
SOURCES = ["the official website", "the studio", "a press release", "the publisher",
           "the director", "the official X account", "the streaming service", "Crunchyroll",
           "the production committee", "a magazine interview", "the Blu-ray booklet"]
VAGUE = ["fans say", "some viewers claim", "rumours suggest", "sources close to the studio say",
         "according to reports", "it is widely believed that", "many people think"]
HEADINGS = ["Release date", "Plot", "Story so far", "Characters", "Cast and crew", "Trailer",
            "Music", "Reception", "Where to watch", "What to expect", "Episode guide",
            "Production", "Staff", "Theme songs", "Box office", "Ratings", "Season {n} plot",
            "When does season {n} come out?", "Who voices {char}?", "Final thoughts", "FAQ"]
TITLES = ["Academy", "Chronicle", "Frontier", "Requiem", "Harbor", "Signal", "Garden",
          "Saga", "Legend", "Diaries", "Protocol", "Nocturne"]
ORGS = ["Studio Lumen", "Northwind Pictures", "Atelier Quill", "Paper Moon Works",
        "Kite Animation", "Blue Lantern"]


def _word(rng: random.Random, lo: int = 2, hi: int = 3) -> str:
    return "".join(rng.choice(SYLLABLES) for _ in range(rng.randint(lo, hi)))


def _name(rng: random.Random) -> str:
    return f"{_word(rng).capitalize()} {_word(rng, 2, 2).capitalize()}"


class _World:
    """The invented work the articles cover: its title, studio, characters, cast, seasons."""

    def __init__(self, seed: int) -> None:
        rng = random.Random(seed)
        self.title = f"{_word(rng).capitalize()} {rng.choice(TITLES)}"
        self.studio = rng.choice(ORGS)
        self.creator = _name(rng)
        self.characters: list[tuple[str, str, str]] = []  # name, gender, role
        for _ in range(12):
            self.characters.append((_name(rng), rng.choice(["male", "female"]),
                                    rng.choice(ROLES)))
        self.actors = [_name(rng) for _ in range(12)]
        self.seasons = [(n, 2018 + 2 * n, rng.randint(1, 12), rng.choice([11, 12, 13, 24]))
                        for n in (1, 2, 3)]

    def facts_yaml(self) -> str:
        lines = ["work:", f"  title: {self.title}", f"  studio: {self.studio}",
                 f"  creators: [{self.creator}]", "seasons:"]
        for n, year, month, episodes in self.seasons[:2]:
            lines += [f"  - number: {n}", f"    premiere: {year}-{month:02d}-10",
                      f"    episodes: {episodes}"]
        lines.append("characters:")
        for (name, gender, role), actor in zip(self.characters, self.actors, strict=True):
            lines += [f"  - name: {name}", f"    aliases: [{name.split()[0]}]",
                      f"    gender: {gender}", f"    roles: [{role}]",
                      f"    cast: [{{name: {actor}, role: voice actor}}]"]
        return "\n".join(lines) + "\n"


class _Writer:
    """Sentences, paragraphs, lists and quotes drawn from the grammar."""

    def __init__(self, rng: random.Random, world: _World) -> None:
        self.rng = rng
        self.w = world

    def char(self) -> tuple[str, str, str]:
        return self.rng.choice(self.w.characters)

    def who(self) -> str:
        name = self.char()[0]
        return name if self.rng.random() < 0.6 else name.split()[0]

    def date(self) -> str:
        r, year = self.rng, self.rng.randint(2019, 2027)
        month, day = r.choice(MONTHS), r.randint(1, 28)
        return r.choice([f"{month} {day}, {year}", f"{day} {month} {year}", f"{month} {year}",
                         f"spring {year}", f"{year}", f"{month} {day}"])

    def np(self) -> str:
        r = self.rng
        noun = r.choice(NOUNS)
        if r.random() < 0.5:
            noun = f"{r.choice(ADJECTIVES)} {noun}"
        return f"{r.choice(['the', 'the', 'a', 'this', 'its'])} {noun}"

    def clause(self) -> str:
        r = self.rng
        char, gender, role = self.char()
        pron = "he" if gender == "male" else "she"
        if r.random() < 0.04:  # a contradiction for the facts rules
            pron = "she" if gender == "male" else "he"
        n = r.randint(1, 24)
        forms = [
            lambda: f"{self.who()} {r.choice(VERBS)} {self.np()}",
            lambda: f"{r.choice(SOURCES)} {r.choice(VERBS_PAST)} {self.np()} on {self.date()}",
            lambda: f"episode {n} {r.choice(VERBS)} {self.np()} in {r.choice(PLACES)}",
            lambda: f"{char}, the {role}, finally meets {self.who()}",
            lambda: f"{pron} spends most of episode {n} in {r.choice(PLACES)}",
            lambda: f"{self.w.studio} animates {self.np()} with {r.choice(self.w.actors)} "
                    f"as {char}",
            lambda: f"the series drew {r.randint(2, 40)} million viewers in its first week",
            lambda: f"season {r.randint(2, 4)} will premiere in {self.date()}",
            lambda: f"{r.choice(VAGUE)} {self.np()} is the best of the year",
            lambda: f"{self.np()} adapts chapters {n} to {n + r.randint(3, 30)} of "
                    f"{self.w.creator}'s manga",
            lambda: f"{r.choice(self.w.actors)} voices {char} in the Japanese dub",
            lambda: f"it ranked number {r.randint(1, 10)} on the weekly chart",
            lambda: f"{self.np()} {r.choice(VERBS)} the pacing",
        ]
        return r.choice(forms)()

    def sentence(self) -> str:
        r = self.rng
        parts = [self.clause()]
        for _ in range(r.choice([0, 0, 0, 1, 1, 2])):
            joiner = r.choice([", and ", ", but ", " while ", ", so ", "; ", " because ",
                               ", which means "])
            parts.append(joiner + self.clause())
        if r.random() < 0.2:
            parts.insert(0, r.choice(["However, ", "In the end, ", "Meanwhile, ", "Still, ",
                                      "As expected, ", f"On {self.date()}, ",
                                      f"According to {r.choice(SOURCES)}, "]))
        text = "".join(parts)
        if r.random() < 0.06 and len(parts) == 1:
            return f"Is it true that {text}?"
        text = text[0].upper() + text[1:]
        if r.random() < 0.05:
            return f"{text.split(',')[0]}."  # a short one
        return text + r.choice([".", ".", ".", ".", "!"])

    def quote(self) -> str:
        r = self.rng
        said = r.choice(["said", "told reporters", "wrote", "explained", "added"])
        body = " ".join(self.sentence() for _ in range(r.randint(1, 2)))
        speaker = r.choice([self.w.creator, *self.w.actors[:4], "the director"])
        return f"\u201c{body}\u201d {speaker} {said}."

    def paragraph(self, markdown: bool, index: int) -> str:
        r = self.rng
        out = []
        for _ in range(r.choice([1, 2, 3, 3, 4, 5, 6, 8])):
            out.append(self.quote() if r.random() < 0.1 else self.sentence())
        if markdown and r.random() < 0.25:
            at = r.randrange(len(out))
            out[at] += (f" ([{r.choice(SOURCES)}](https://example.com/{index}/"
                        f"{r.randint(1, 999)}))")
        return " ".join(out)

    def listing(self, markdown: bool) -> str:
        r = self.rng
        bullet = r.choice(["- ", "* ", "1. "]) if markdown else "- "
        items = []
        for n in range(r.randint(3, 9)):
            char = self.char()[0]
            items.append(r.choice([
                f"{char} ({r.choice(self.w.actors)})",
                f"Episode {n + 1}: {self.np().split(' ', 1)[1].title()}",
                f"{self.date()}: {self.clause()}",
                f"{char}, the {r.choice(ROLES)}",
            ]))
        return "\n".join(bullet + i for i in items)


def varied_article(index: int, world: _World, target_words: int) -> tuple[str, str]:
    """(file name, text) of article ``index``; the same on every run."""
    rng = random.Random(1000 + index)
    writer = _Writer(rng, world)
    markdown = index % 4 != 0
    season = rng.randint(2, 4)
    title = rng.choice([f"{world.title} Season {season}: Everything We Know",
                        f"{world.title} episode {rng.randint(1, 12)} review",
                        f"Why {world.title} is the best anime of the season",
                        f"{world.title}: release date, cast and trailer"])
    parts = [f"# {title}" if markdown else title]
    words = 0
    while words < target_words:
        heading = rng.choice(HEADINGS).format(n=season, char=writer.char()[0])
        parts.append(f"## {heading}" if markdown and rng.random() < 0.9 else heading)
        for _ in range(rng.randint(1, 4)):
            block = (writer.listing(markdown) if rng.random() < 0.15
                     else f"> {writer.quote()}" if markdown and rng.random() < 0.05
                     else writer.paragraph(markdown, index))
            parts.append(block)
            words += len(block.split())
    suffix = ".md" if markdown else ".txt"
    return f"article-{index:05d}{suffix}", "\n\n".join(parts) + "\n"


def write_varied(folder: Path, count: int, target_words: int, seed: int = 19) -> int:
    """Write ``count`` articles and ``facts.yaml`` into ``folder``; returns the words."""
    folder.mkdir(parents=True, exist_ok=True)
    world = _World(seed)
    (folder / "facts.yaml").write_text(world.facts_yaml(), encoding="utf-8")
    total = 0
    for i in range(count):
        name, text = varied_article(i, world, target_words)
        (folder / name).write_text(text, encoding="utf-8")
        total += len(text.split())
    return total
