"""`factlint facts init`: the draft lists characters only, puts real people under cast and
staff, names the work from an SEO title, folds misspellings, keeps the title character."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from factlint.facts import load_reference
from factlint.facts.draft import title_core
from tests.conftest import write

CAST_ARTICLE = """\
# Harbor Lights Season 2 Release Date: Everything We Know

Harbor Lights Season 2 is coming. The anime is animated by Studio Brightwell, and
director Oren Vale returns.

## Cast

- Dana Colfer as Mira Solenne
- Rin Aoba as Tomas Reyes

Mira Solenne leads the Copper Street Guild. Mira trains with Tomas Reyes every day.
Tomas Reyes is Mira's rival. Later, Mira Solene meets Tomas again.

By Jamie Writer
"""

TITLE_CHARACTER_ARTICLE = """\
Wednesday Season 2: What We Know

Wednesday returns to Nevermore Academy. Jenna Ortega plays Wednesday Addams again.
Wednesday Addams is a sharp student. Wednesday solves a mystery with Enid Sinclair.
Enid Sinclair is her roommate.
"""


def _draft(run_cli: Any, tmp_path: Path, name: str, text: str) -> tuple[Any, str]:
    article = write(tmp_path / name, text)
    out = tmp_path / "draft.facts.yaml"
    run = run_cli("facts", "init", str(article), "-o", str(out))
    assert run.code == 0, run.err
    return load_reference([str(out)]), out.read_text(encoding="utf-8")


@pytest.mark.parametrize(("title", "core"), [
    ("Harbor Lights Season 2 Release Date: Everything We Know", "Harbor Lights"),
    ("Harbor Lights Part 2 | Site Name", "Harbor Lights"),
    ("Harbor Lights - the finale explained", "Harbor Lights"),
    ("Harbor Lights", "Harbor Lights"),
    ("Season 2", "Season 2"),  # nothing left of the name: the title stays as it is
])
def test_the_work_is_named_by_the_title_before_its_season_and_subtitle(title: str,
                                                                        core: str) -> None:
    assert title_core(title) == core


def test_people_are_cast_or_staff_and_never_characters(run_cli: Any, tmp_path: Path) -> None:
    ref, text = _draft(run_cli, tmp_path, "a.md", CAST_ARTICLE)
    assert ref.works[0].title == "Harbor Lights"
    assert sorted(c.name for c in ref.characters) == ["Mira Solenne", "Tomas Reyes"]
    mira = ref.character("Mira Solenne")
    assert mira is not None and mira.aliases == ["Mira"]  # found after the misspelling folds
    assert "also written 'Mira Solene'" in text  # folded in, marked for checking
    assert ref.character("Mira Solene") is None  # a misspelling is never an alias
    assert [c.name for c in mira.cast] == ["Dana Colfer"]
    assert "Oren Vale" in text and "Jamie Writer" in text  # under work.staff
    assert ref.character("Oren Vale") is None and ref.character("Jamie Writer") is None
    assert "studio: Studio Brightwell" in text
    assert ref.organization("Copper Street Guild") is not None


def test_a_work_named_after_its_title_character_keeps_her(run_cli: Any,
                                                          tmp_path: Path) -> None:
    ref, text = _draft(run_cli, tmp_path, "b.txt", TITLE_CHARACTER_ARTICLE)
    assert ref.works[0].title == "Wednesday"
    wednesday = ref.character("Wednesday Addams")
    assert wednesday is not None and wednesday.aliases == ["Wednesday"]
    assert [c.name for c in wednesday.cast] == ["Jenna Ortega"]
    assert ref.character("Jenna Ortega") is None and ref.character("Addams") is None
    assert "the title character?" in text
    assert ref.character("Enid Sinclair") is not None


def test_a_season_name_is_a_work_and_never_a_character(run_cli: Any, tmp_path: Path) -> None:
    text = ("Latest Posts\n\nHarbor Lights Season 2 is the sequel fans want. Harbor Lights "
            "Season 2 follows Mira Solenne again, and Mira Solenne meets Tomas Reyes. "
            "It airs after Copper Skies Season 3 ends.\n")
    ref, _ = _draft(run_cli, tmp_path, "c.txt", text)
    assert ref.works[0].title == "Harbor Lights"  # not the page's first line
    names = {c.name for c in ref.characters}
    assert not {n for n in names if "Season" in n}, names
    assert {"Mira Solenne", "Tomas Reyes"} <= names
