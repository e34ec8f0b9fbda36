"""``factlint stats``: figures per file, findings counted by rule, errors as one line."""

from __future__ import annotations

import json

STYLE = "fixtures/cases/style"


def test_stats_text(run_cli, in_repo) -> None:  # type: ignore[no-untyped-def]
    r = run_cli("stats", "--isolated", "--select", "FL5", f"{STYLE}/fl503-fragments.md",
                f"{STYLE}/fl506-repeated.txt")
    assert r.code == 0, r.err
    assert r.out == (
        f"{STYLE}/fl503-fragments.md\n"
        "  words: 121  sentences: 10  reading ease: 75.7  grade level: 5.7\n"
        "  findings: FL503 5\n"
        f"{STYLE}/fl506-repeated.txt\n"
        "  words: 33  sentences: 2  reading ease: 74.7  grade level: 6.9\n"
        "  findings: FL506 2\n"
    )


def test_stats_json(run_cli, in_repo) -> None:  # type: ignore[no-untyped-def]
    r = run_cli("stats", "--isolated", "--select", "FL5", "--format", "json",
                f"{STYLE}/fl504-punctuation.md", "fixtures/core/empty.md")
    assert r.code == 0, r.err
    data = json.loads(r.out)
    assert data == {
        "version": 1,
        "files": [
            {"path": f"{STYLE}/fl504-punctuation.md", "words": 72, "sentences": 10,
             "reading_ease": 90.6, "grade": 2.6, "findings": {"FL504": 4}},
            {"path": "fixtures/core/empty.md", "words": 0, "sentences": 0,
             "reading_ease": None, "grade": None, "findings": {}},
        ],
        "errors": [],
    }


def test_stats_bad_file_is_one_line_and_exit_2(run_cli, in_repo) -> None:  # type: ignore[no-untyped-def]
    r = run_cli("stats", "--isolated", "--select", "FL5", "no-such-article.md",
                f"{STYLE}/professional-review.txt")
    assert r.code == 2
    assert r.err == "factlint: error: no-such-article.md: no such file or directory\n"
    assert r.out.startswith(f"{STYLE}/professional-review.txt\n")
    assert r.out.endswith("  findings: none\n")


def test_stats_blocks_shows_how_the_page_was_read(run_cli, in_repo) -> None:  # type: ignore[no-untyped-def]
    r = run_cli("stats", "--isolated", "--select", "FL204", "--blocks", "--format", "json",
                "fixtures/cases/structure/page-roles.txt")
    assert r.code == 0, r.err
    blocks = json.loads(r.out)["files"][0]["blocks"]
    roles = [(b["line"], b["end_line"], b["role"]) for b in blocks]
    # A menu is one block, a picture's caption sits over its credit, an embedded post's
    # lines are one block; none of them is a heading or prose.
    assert roles[:3] == [(1, 8, "menu"), (10, 10, "label"), (11, 11, "title")]
    assert (29, 29, "caption") in roles and (30, 30, "credit") in roles
    assert (36, 42, "embed") in roles
    assert blocks[0]["text"].startswith("Home Latest Anime")
    text = run_cli("stats", "--isolated", "--select", "FL204", "--blocks",
                   "fixtures/cases/structure/page-roles.txt")
    assert "      36-42  embed     New teaser is out" in text.out
