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
