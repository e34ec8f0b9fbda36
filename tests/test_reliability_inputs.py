"""Every odd input gets findings or one clear error line, and never stops the other files.

Inputs are generated in tmp_path (nothing large is committed). Each run mixes the odd file
with a normal article: the normal article's finding must still be reported, and a file
that cannot be checked turns the exit code into 2 at the end of the run.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import write

DUP = "# Title\n\n## Same\n\nFirst part.\n\n## Same\n\nSecond part.\n"
GOOD_FINDING = ("good.md", "FL101", 7, 4)

# A custom rule from a pack: flags "must-watch" anywhere, so positions deep inside odd
# input (column 100,000, nesting level 150) can be checked exactly.
PACK = (
    "rule: HOUSE101\n"
    "define:\n  name: house-banned-phrase\n  severity: warning\n"
    "  summary: Phrases the house style bans.\n"
    "entries:\n  - phrase: must-watch\n    reason: say why it is worth watching\n"
)
CONFIG = "packs: [house.yaml]\nselect: [FL0, FL101, HOUSE101]\n"


@pytest.fixture
def project(tmp_path: Path) -> Path:
    write(tmp_path / "house.yaml", PACK)
    write(tmp_path / ".factlint.yaml", CONFIG)
    write(tmp_path / "good.md", DUP)
    return tmp_path


def findings(out: str) -> list[tuple[str, str, int, int]]:
    data = json.loads(out)
    return [(f["path"], f["rule"], f["line"], f["column"]) for f in data["findings"]]


def check(run_cli: Any, project: Path, *paths: str) -> tuple[int, list[tuple[str, str, int, int]],
                                                              list[str]]:
    r = run_cli("check", "--format", "json", *paths, cwd=project)
    assert "Traceback" not in r.err
    return r.code, findings(r.out), r.err.splitlines()


def test_empty_and_whitespace_only(run_cli, project: Path) -> None:  # type: ignore[no-untyped-def]
    write(project / "empty.md", b"")
    write(project / "blank.txt", " \n\t\n   \r\n\n")
    code, found, err = check(run_cli, project, "empty.md", "blank.txt", "good.md")
    assert found == [("blank.txt", "FL002", 1, 1), ("empty.md", "FL002", 1, 1), GOOD_FINDING]
    assert (code, err) == (1, [])


def test_ten_megabyte_article(run_cli, project: Path) -> None:  # type: ignore[no-untyped-def]
    para = ("The studio kept the same staff for the second season, and the director said "
            "the pacing of the manga would be kept. ") * 6
    body = "\n\n".join(f"## Part {i}\n\n{para}" for i in range(15_000))
    text = f"# Big\n\n{body}\n\n## Part 3\n\nThis one is a must-watch.\n"
    assert len(text.encode()) > 10 * 1024 * 1024
    write(project / "big.md", text)
    last = text.count("\n")  # the closing paragraph is on the last line
    code, found, err = check(run_cli, project, "big.md", "good.md")
    assert found == [("big.md", "FL101", last - 2, 4), ("big.md", "HOUSE101", last, 15),
                     GOOD_FINDING]
    assert (code, err) == (1, [])


@pytest.mark.parametrize("name", ["long.md", "long.txt"])
def test_single_100k_character_line(run_cli, project: Path, name: str) -> None:  # type: ignore[no-untyped-def]
    line = "word " * 19_998 + "a must-watch"  # 100,002 characters, no sentence break at all
    assert len(line) > 100_000
    write(project / name, line + "\n")
    code, found, err = check(run_cli, project, name, "good.md")
    assert found == [GOOD_FINDING, (name, "HOUSE101", 1, 99_993)]
    assert (code, err) == (1, [])


def test_long_line_of_sentences_is_split_without_losing_positions(run_cli, project: Path) -> None:  # type: ignore[no-untyped-def]
    line = "A short sentence here. " * 4_500 + "Then a must-watch ending."
    write(project / "sentences.txt", line + "\n")
    code, found, _ = check(run_cli, project, "sentences.txt")
    assert found == [("sentences.txt", "HOUSE101", 1, 4_500 * 23 + 8)]
    assert code == 1


@pytest.mark.parametrize(
    ("name", "content", "error"),
    [
        ("image.md", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary file (contains NUL bytes), "
         "not a text article"),
        ("nul.md", b"# Title\n\nText with a \x00 NUL byte.\n", "binary file (contains NUL "
         "bytes), not a text article"),
        ("utf16.md", "# Title\n\nText.\n".encode("utf-16"), "file is UTF-16, not UTF-8; re-save "
         "it as UTF-8"),
        ("utf16be.txt", b"\xfe\xff" + "Title\n".encode("utf-16-be"), "file is UTF-16, not "
         "UTF-8; re-save it as UTF-8"),
        ("latin1.md", "# Title\n\nSecond line.\nCaf\xe9 review.\n".encode("latin-1"), "4: not "
         "valid UTF-8 (byte 0xe9); re-save the file as UTF-8"),
    ],
)
def test_undecodable_file_is_one_error_line(run_cli, project: Path, name: str, content: bytes,  # type: ignore[no-untyped-def]
                                           error: str) -> None:
    write(project / name, content)
    code, found, err = check(run_cli, project, name, "good.md")
    sep = "" if error[0].isdigit() else " "
    assert err == [f"factlint: error: {name}:{sep}{error}"]
    assert found == [GOOD_FINDING]
    assert code == 2


def test_utf8_bom_does_not_shift_columns(run_cli, project: Path) -> None:  # type: ignore[no-untyped-def]
    write(project / "bom.md", b"\xef\xbb\xbf" + b"A must-watch.\n")
    write(project / "bom.txt", b"\xef\xbb\xbf" + b"A must-watch.\n")
    code, found, err = check(run_cli, project, "bom.md", "bom.txt")
    assert found == [("bom.md", "HOUSE101", 1, 3), ("bom.txt", "HOUSE101", 1, 3)]
    assert (code, err) == (1, [])


@pytest.mark.parametrize("newline", ["\r\n", "\r", "\n"])
def test_line_endings_give_identical_positions(run_cli, project: Path, newline: str) -> None:  # type: ignore[no-untyped-def]
    text = DUP.replace("Second part.", "Second part is a must-watch.")
    write(project / "a.md", text.replace("\n", newline).encode())
    write(project / "a.txt", "Guide Title\n\nSame Heading\n\nSome text.\n\nSame Heading\n\n"
          "A must-watch.\n".replace("\n", newline).encode())
    code, found, err = check(run_cli, project, "a.md", "a.txt")
    assert found == [("a.md", "FL101", 7, 4), ("a.md", "HOUSE101", 9, 18),
                     ("a.txt", "FL101", 7, 1), ("a.txt", "HOUSE101", 9, 3)]
    assert (code, err) == (1, [])


def test_mixed_line_endings(run_cli, project: Path) -> None:  # type: ignore[no-untyped-def]
    write(project / "mixed.md", b"# T\r\n\rOne.\n\r\nTwo is a must-watch.\r")
    code, found, _ = check(run_cli, project, "mixed.md")
    assert found == [("mixed.md", "HOUSE101", 5, 10)]
    assert code == 1


def test_deeply_nested_lists_and_quotes_keep_their_text(run_cli, project: Path) -> None:  # type: ignore[no-untyped-def]
    # Past markdown-it's nesting limit the text used to vanish (an article of deep quotes
    # was even reported as empty).
    lists = "".join("  " * i + "- item\n" for i in range(150)) + "  " * 150 + "- a must-watch\n"
    quotes = "".join(">" * i + " quoted\n" for i in range(1, 160)) + ">" * 160 + " a must-watch\n"
    flat = ">" * 1000 + " deep text\n"
    write(project / "lists.md", lists)
    write(project / "quotes.md", quotes)
    write(project / "flat.md", flat)
    write(project / "mixed.md", "".join("> " * i + "- x\n" for i in range(120))
          + "> " * 120 + "- a must-watch\n")
    code, found, err = check(run_cli, project, "lists.md", "quotes.md", "flat.md", "mixed.md")
    # Quoted text is not checked for house phrases, but it is not "empty" either.
    assert found == [("lists.md", "HOUSE101", 151, 305)]
    assert (code, err) == (1, [])
    from factlint.parse import parse_document

    deep = parse_document("mixed.md", (project / "mixed.md").read_text()).blocks[-1]
    assert (deep.text, deep.kind.value, deep.in_quote, deep.line) == ("a must-watch",
                                                                      "list_item", True, 121)
    doc = parse_document("quotes.md", quotes)
    assert [b.text for b in doc.blocks][-2:] == ["quoted", "a must-watch"]
    assert all(b.in_quote for b in doc.blocks)
    assert [b.text for b in parse_document("flat.md", flat).blocks] == ["deep text"]


def test_nested_links_and_emphasis(run_cli, project: Path) -> None:  # type: ignore[no-untyped-def]
    write(project / "links.md", "[" * 1000 + "x" + "](y)" * 1000 + " a must-watch\n")
    write(project / "emph.md", "*" * 3000 + "a must-watch" + "*" * 3000 + "\n")
    code, found, err = check(run_cli, project, "links.md", "emph.md")
    assert found == [("emph.md", "HOUSE101", 1, 3003), ("links.md", "HOUSE101", 1, 5005)]
    assert (code, err) == (1, [])


def test_heading_only_documents(run_cli, project: Path) -> None:  # type: ignore[no-untyped-def]
    write(project / "heads.md", "# One\n## Two\n### Two\n## Two\n")
    write(project / "heads.txt", "Just A Title\n")
    code, found, err = check(run_cli, project, "heads.md", "heads.txt")
    assert found == [("heads.md", "FL101", 3, 5), ("heads.md", "FL101", 4, 4)]
    assert (code, err) == (1, [])


def test_front_matter_that_is_not_yaml(run_cli, project: Path) -> None:  # type: ignore[no-untyped-def]
    write(project / "tabs.md", "---\n\ttitle: [x\n---\n# T\n\nA must-watch.\n")
    write(project / "list.md", "---\n- just\n- a list\n---\n# T\n\nBody.\n")
    write(project / "bomb.md", "---\na: &a [x, x, x, x, x, x, x, x, x]\n"
          + "".join(f"{chr(98 + i)}: &{chr(98 + i)} [" + ", ".join([f"*{chr(97 + i)}"] * 9)
                    + "]\n" for i in range(8)) + "---\nBody.\n")
    write(project / "toml.md", "+++\ntitle = 'toml'\n+++\n\nBody.\n")
    write(project / "ctrl.md", "---\ntitle: ok\nsub: bell\x07here\n---\n\nBody.\n")
    write(project / "date.md", "---\ntitle: ok\n\ndate: 2024-02-30\n---\n\nBody.\n")
    write(project / "unclosed.md", "---\ntitle: x\n\nBody that never closes the front matter.\n")
    code, found, err = check(run_cli, project, "tabs.md", "list.md", "bomb.md", "toml.md",
                             "unclosed.md", "ctrl.md", "date.md")
    assert found == [("bomb.md", "FL003", 2, 1), ("ctrl.md", "FL003", 3, 1),
                     ("date.md", "FL003", 4, 1),
                     ("list.md", "FL003", 2, 1),
                     ("tabs.md", "FL003", 2, 1), ("tabs.md", "HOUSE101", 6, 3)]
    assert (code, err) == (1, [])


@pytest.mark.skipif(not hasattr(os, "symlink"), reason="no symlinks on this platform")
def test_symlink_loops_and_broken_links_in_a_folder(run_cli, project: Path) -> None:  # type: ignore[no-untyped-def]
    posts = project / "posts"
    write(posts / "real.md", DUP)
    (posts / "self").symlink_to(".")  # a folder loop: posts/self -> posts
    (posts / "a.md").symlink_to("b.md")  # a file loop: a.md -> b.md -> a.md
    (posts / "b.md").symlink_to("a.md")
    (posts / "gone.md").symlink_to("nowhere.md")
    code, found, err = check(run_cli, project, "posts", "good.md")
    assert found == [GOOD_FINDING, ("posts/real.md", "FL101", 7, 4)]
    assert err == [
        "factlint: error: posts/a.md: cannot read file: Too many levels of symbolic links",
        "factlint: error: posts/b.md: cannot read file: Too many levels of symbolic links",
        "factlint: error: posts/gone.md: broken symbolic link (its target does not exist)",
    ]
    assert code == 2
    # Naming the looping link or the looping folder explicitly is no different.
    code, found, err = check(run_cli, project, "posts/a.md", "posts/self", "good.md")
    # Files inside a linked folder are shown where they really are (so each is checked once).
    assert code == 2 and GOOD_FINDING in found and ("posts/real.md", "FL101", 7, 4) in found
    assert "factlint: error: posts/a.md: cannot read file: Too many levels of symbolic links" in err


def test_folder_with_5000_small_files(run_cli, project: Path) -> None:  # type: ignore[no-untyped-def]
    many = project / "many"
    many.mkdir()
    for i in range(5000):
        (many / f"post{i:04d}.md").write_text(f"# Post {i}\n\nShort body {i}.\n", encoding="utf-8")
    write(many / "post4321.md", "# Post\n\nThis one is a must-watch.\n")
    r = run_cli("check", "--format", "json", "many", cwd=project)
    data = json.loads(r.out)
    assert data["files_checked"] == 5000
    assert findings(r.out) == [("many/post4321.md", "HOUSE101", 3, 15)]
    assert (r.code, r.err) == (1, "")


def test_unreadable_file_in_a_folder(run_cli, project: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    # Tests run as root, where chmod 0 does not stop reads: simulate the OS refusing.
    write(project / "posts" / "locked.md", DUP)
    write(project / "posts" / "open.md", DUP)
    real = os.open

    def refuse(path: Any, *args: Any, **kwargs: Any) -> int:
        if Path(path).name == "locked.md":
            raise PermissionError(13, "Permission denied")
        return real(path, *args, **kwargs)

    monkeypatch.setattr(os, "open", refuse)
    code, found, err = check(run_cli, project, "posts")
    assert err == ["factlint: error: posts/locked.md: permission denied"]
    assert found == [("posts/open.md", "FL101", 7, 4)]
    assert code == 2


def test_missing_paths_and_folders_without_articles(run_cli, project: Path) -> None:  # type: ignore[no-untyped-def]
    write(project / "assets" / "cover.png", b"\x89PNG")
    write(project / "assets" / ".hidden.md", DUP)
    code, found, err = check(run_cli, project, "missing.md", "no/such/folder", "assets",
                             "good.md")
    assert err == [
        "factlint: error: assets: no Markdown or text articles found in this folder",
        "factlint: error: missing.md: no such file or directory",
        "factlint: error: no/such/folder: no such file or directory",
    ]
    assert found == [GOOD_FINDING]
    assert code == 2


def test_only_bad_inputs_still_print_a_summary(run_cli, project: Path) -> None:  # type: ignore[no-untyped-def]
    r = run_cli("check", "missing.md", cwd=project)
    assert r.code == 2
    assert r.err == "factlint: error: missing.md: no such file or directory\n"
    assert "Traceback" not in r.out


def test_bad_stdin_bytes(run_cli, project: Path) -> None:  # type: ignore[no-untyped-def]
    r = run_cli("check", "-", "good.md", "--stdin-filename", "piped.md", cwd=project,
                stdin=b"\xff\xfe#\x00 \x00")
    assert r.code == 2
    assert r.err == "factlint: error: piped.md: file is UTF-16, not UTF-8; re-save it as UTF-8\n"
    assert "good.md:7:4: warning FL101" in r.out


def test_a_parser_crash_on_one_file_does_not_stop_the_run(run_cli, project: Path,  # type: ignore[no-untyped-def]
                                                          monkeypatch) -> None:
    from factlint import checker

    real = checker.parse_document

    def explode(path: str, text: str, **kw: Any) -> Any:
        if path == "odd.md":
            raise ValueError("simulated parser bug")
        return real(path, text, **kw)

    monkeypatch.setattr(checker, "parse_document", explode)
    write(project / "odd.md", "# Odd\n")
    code, found, err = check(run_cli, project, "odd.md", "good.md")
    assert err == ["factlint: error: odd.md: internal error while parsing: ValueError: "
                   "simulated parser bug"]
    assert found == [GOOD_FINDING]
    assert code == 2


def test_too_deep_markdown_is_an_input_error(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from factlint.errors import InputError
    from factlint.parse import markdown

    class Deep:
        def parse(self, source: str) -> Any:
            raise RecursionError("maximum recursion depth exceeded")

    monkeypatch.setattr(markdown, "_PARSER", Deep())
    with pytest.raises(InputError, match=r"^x\.md: Markdown structure is nested too deeply"):
        markdown.parse_markdown("x.md", "> x\n")
