"""Reference facts: validation errors with exact lines, the CLI, and the seed article."""

from __future__ import annotations

from pathlib import Path

import pytest

from factlint.errors import ConfigError
from factlint.facts import load_reference
from factlint.facts.dates import PartialDate, parse_reference_date
from factlint.facts.fuzzy import closest
from tests.conftest import FIXTURES, REPO, write

OSHI = FIXTURES / "oshi-no-ko.facts.yaml"

GOOD = """\
work:
  title: Example Show
characters:
  - name: Alice Example
    aliases: [Alice]
    gender: female
    relations:
      brother: Bob Example
  - name: Bob Example
    gender: male
"""

# (file content, expected "line: message" fragment) for each kind of mistake.
MISTAKES = [
    ("work:\n  title: X\ncolour: red\n", "3: unknown key 'colour' in the reference file"),
    ("work:\n  title: X\n  studios: Y\n", "3: unknown key 'studios' in 'work'"),
    ("characters:\n  - name: A\n    gender: girl\n", "3: 'gender' of character 'A' must be"),
    ("characters:\n  - name: A\n    aliases: B\n    roles: 5\n",
     "4: 'roles' of character 'A' must be a list of strings"),
    ("characters:\n  - name: A\n    relations:\n      sister: Nobody\n",
     "4: relation 'sister' of character 'A' names 'Nobody', which is not a character"),
    ("characters:\n  - name: A\n  - name: B\n    aliases: [a]\n",
     "4: duplicate name 'a': already defined at"),
    ("seasons:\n  - number: 1\n    premiere: July 2024\n", "3: bad date 'July 2024'"),
    ("seasons:\n  - number: 1\n    premiere: 2024-13-01\n",
     "3: invalid YAML: '2024-13-01' is not a valid !!timestamp"),
    ("seasons:\n  - number: 1\n  - number: 1\n", "3: season 1 is defined twice"),
    ("seasons:\n  - number: two\n", "2: 'number' of a season must be a positive whole number"),
    ("characters:\n  - aliases: [A]\n", "2: a character needs a 'name'"),
    ("strict: maybe\n", "1: 'strict' must be true or false"),
    ("- just a list\n", "1: a reference file must be a YAML mapping"),
    ("characters: {name: A}\n", "1: 'characters' must be a list"),
    ("work:\n  title: X\n  medium: radio play\n", "3: 'medium' of 'work' must be one of"),
    ("work:\n  title: X\n  staff:\n    - {name: A, job: director}\n",
     "4: unknown key 'job' in a staff entry"),
    ("work:\n  title: X\n  staff: Mara\n", "3: 'staff' of 'work' must be a list"),
    ("characters:\n  - name: A\n    cast:\n      - {name: P, lang: ja}\n",
     "4: unknown key 'lang' in a cast entry of character 'A'"),
    ("characters:\n  - name: A\n    cast:\n      japanese: [5]\n",
     "4: cast language 'japanese' of character 'A' must name a person"),
    ("characters:\n  - name: A\n    cast: 7\n", "3: 'cast' of character 'A' must be a list"),
    ("releases:\n  - medium: manga\n    date: May 2016\n", "3: bad date 'May 2016'"),
    ("releases:\n  - medium: game\n    platform: PC\n", "3: unknown key 'platform' in a release"),
    ("releases:\n  - episodes: 3\n", "2: a release needs a 'date', a 'medium' or a 'title'"),
    ("releases:\n  - medium: pamphlet\n", "2: 'medium' of a release must be one of"),
    ("terms: Hashira\nterms2: []\n", "2: unknown key 'terms2'"),
    ("terms: [5]\n", "1: each item of 'terms' of the reference file must be a non-empty"),
    ("work:\n  title: Wren\ncharacters:\n  - name: Wren\n  - name: B\n    aliases: [wren]\n",
     "6: duplicate name 'wren': already defined at"),
]

REAL_WORK = """\
work:
  title: Wren
  medium: anime
  studio: Pale Oak
  staff:
    - Old Style Name
    - {name: Mara Quell, roles: [director, writer]}
seasons:
  - number: 1
    premiere: 2020-04
releases:
  - {medium: manga, date: 2015-06-01}
  - {medium: game, title: "Wren: Echoes", date: 2022}
terms: [Lamplighter, Tide Warden]
characters:
  - name: Wren
    gender: female
    cast:
      japanese: Aoi Fukami
      english: [Dana Colfer]
  - name: Brisk
    cast:
      - Paula Grant
      - {name: Rin Aoba, role: voice actor, language: japanese}
"""


def test_real_work_reference_loads(tmp_path: Path) -> None:
    """cast, staff roles, releases, terms, medium, and a title that is a character's name."""
    path = write(tmp_path / "wren.facts.yaml", REAL_WORK)
    ref = load_reference([str(path)])
    work = ref.works[0]
    assert work.medium == "anime" and work.staff == ["Old Style Name", "Mara Quell"]
    assert work.staff_roles == {"Mara Quell": ["director", "writer"]}
    assert work.studio_source == f"{path}:4"
    assert [(r.medium, str(r.date)) for r in ref.releases] == [("manga", "2015-06-01"),
                                                                ("game", "2022")]
    assert ref.releases[1].title == "Wren: Echoes"
    assert ref.is_term("tide warden") and not ref.is_term("Wren")
    wren = ref.character("Wren")
    assert wren is not None
    assert [(c.name, c.role, c.language) for c in wren.cast] == [
        ("Aoi Fukami", "voice actor", "japanese"), ("Dana Colfer", "voice actor", "english")]
    assert [c.name for c in ref.cast_of("Rin Aoba")] == ["Brisk"]
    assert "Paula Grant" in ref.people() and "Mara Quell" in ref.people()


def test_old_corpus_style_reference_still_loads() -> None:
    """Files written before cast/releases/terms existed (flat staff lists) load unchanged."""
    for path in [*sorted((FIXTURES / "cases").rglob("*.facts.yaml")), OSHI]:
        load_reference([str(path)])


@pytest.mark.parametrize(("content", "expected"), MISTAKES, ids=[m[1][:40] for m in MISTAKES])
def test_validation_errors(tmp_path: Path, content: str, expected: str) -> None:
    path = write(tmp_path / "bad.facts.yaml", content)
    with pytest.raises(ConfigError) as info:
        load_reference([str(path)])
    assert str(info.value).startswith(f"{path}:{expected}"), str(info.value)


def test_good_reference_loads(tmp_path: Path) -> None:
    ref = load_reference([str(write(tmp_path / "ok.facts.yaml", GOOD))])
    alice = ref.character("alice")
    assert alice is not None and alice.relations == {"brother": "Bob Example"}
    assert alice.gender_source == f"{tmp_path / 'ok.facts.yaml'}:6"


def test_duplicate_across_files(tmp_path: Path) -> None:
    a = write(tmp_path / "a.yaml", GOOD)
    b = write(tmp_path / "b.yaml", "characters:\n  - name: Bob Example\n")
    with pytest.raises(ConfigError, match=r"b\.yaml:2: duplicate name 'Bob Example'"):
        load_reference([str(a), str(b)])


def test_oshi_reference_is_valid() -> None:
    ref = load_reference([str(OSHI)])
    aqua = ref.character("Aqua")
    assert aqua is not None and aqua.gender == "male"
    assert ref.season(2) is not None and str(ref.season(2).premiere) == "2024-07-03"  # type: ignore[union-attr]


def test_dates() -> None:
    assert parse_reference_date("2024-07") == PartialDate(2024, 7)
    assert parse_reference_date(2024) == PartialDate(2024)
    assert parse_reference_date("July") is None
    july = PartialDate(2024, 7, 3)
    assert july.conflict(PartialDate(2024, months=(6, 7, 8))) is None  # summer 2024
    assert july.conflict(PartialDate(2024, months=(9, 10, 11))) == "month"
    assert july.conflict(PartialDate(2024, 7)) is None
    assert july.conflict(PartialDate(2024, 7, 4)) == "day"
    assert july.conflict(PartialDate(2025)) == "year"


def test_closest_names() -> None:
    ref = load_reference([str(OSHI)])
    near = closest(ref, "Akane Kurakawa")
    assert near is not None and near.suggestion == "Akane Kurokawa"
    near = closest(ref, "Hoshino Ruby")
    assert near is not None and near.reason == "word order"
    assert closest(ref, "Kurokawa") is None  # a surname alone
    assert closest(ref, "Aqua") is None
    assert closest(ref, "Takumi") is None


def test_cli_validate(run_cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    ok = run_cli("facts", "validate", str(OSHI))
    assert ok.code == 0 and "8 characters" in ok.out
    bad = write(tmp_path / "bad.yaml", "characters:\n  - name: A\n    gender: girl\n")
    run = run_cli("facts", "validate", str(bad))
    assert run.code == 2
    assert run.err.strip().startswith(f"factlint: error: {bad}:3: 'gender'")


def test_check_rejects_bad_reference(run_cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    bad = write(tmp_path / "bad.yaml", "seasons:\n  - number: 1\n    premiere: soon\n")
    article = write(tmp_path / "a.md", "# A\n\nText.\n")
    run = run_cli("check", "--isolated", "--facts", str(bad), str(article))
    assert run.code == 2
    assert f"{bad}:3: bad date 'soon'" in run.err
    assert "Traceback" not in run.err


def test_facts_beside_article(run_cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    write(tmp_path / "facts.yaml", GOOD)
    article = write(tmp_path / "post.md", "# Post\n\nAlice Example, a young boy, waves.\n")
    run = run_cli("check", "--isolated", "--select", "FL401", str(article))
    assert run.code == 1
    assert f"{article}:3:24: error FL401 'boy' describes Alice (Alice Example)" in run.out
    write(tmp_path / "post.facts.yaml", "strict: maybe\n")
    run = run_cli("check", "--isolated", "--select", "FL401", str(article))
    assert run.code == 2 and "post.facts.yaml:1: 'strict'" in run.err


def test_facts_init_drafts_a_valid_file(run_cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    article = write(tmp_path / "a.md", (
        "# Northern Lights Season 2\n\nNorthern Lights returns. Mira Okafor leads the cast, "
        "and Mira's brother Tomas Okafor joins the Copper Street Theatre Company.\n\n"
        "Mira trains hard. Northern Lights season 2 airs in May.\n"))
    out = tmp_path / "draft.facts.yaml"
    run = run_cli("facts", "init", str(article), "-o", str(out))
    assert run.code == 0, run.err
    ref = load_reference([str(out)])
    assert ref.works[0].title == "Northern Lights"
    mira = ref.character("Mira Okafor")
    assert mira is not None and mira.aliases == ["Mira"]  # "Mira's" merged into the full name
    assert ref.organization("Copper Street Theatre Company") is not None
    assert [s.number for s in ref.seasons] == [2]
    again = run_cli("facts", "init", str(article), "-o", str(out))
    assert again.code == 2 and "never overwrites" in again.err


def _seed() -> Path | None:
    for base in (REPO.parent, REPO.parent.parent, Path("/work")):
        path = base / "shared" / "seed" / "000_46427bea75a92707.txt"
        if path.is_file():
            return path
    return None


SEED_FINDINGS = [
    "9:163 FL401 girl", "9:208 FL403 become one", "9:219 FL401 herself", "13:176 FL401 she",
    "13:194 FL404 join the prestigious Lala Lai Theatrical Company", "13:289 FL401 her",
    "19:45 FL401 she", "19:85 FL401 her", "27:190 FL401 girl", "27:229 FL401 she",
    "27:243 FL403 becoming one", "27:256 FL401 herself", "29:44 FL401 she",
    "29:62 FL404 join the prestigious Lala Lai Theatrical Company", "29:196 FL401 her",
    "29:227 FL401 her", "33:1 FL406 Yuu", "33:8 FL402 Aqua’s childhood friend",
    "39:90 FL401 her",
]


def test_seed_findings(run_cli, in_repo: Path) -> None:  # type: ignore[no-untyped-def]
    seed = _seed()
    if seed is None:
        pytest.skip("the seed article is not available")
    run = run_cli("check", "--isolated", "--select", "FL4", "--format", "json",
                  "--facts", str(OSHI.relative_to(REPO)), str(seed))
    import json

    report = json.loads(run.out)
    got = [f"{f['line']}:{f['column']} {f['rule']} {f['excerpt']}" for f in report["findings"]]
    assert got == SEED_FINDINGS
