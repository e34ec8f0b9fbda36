"""The text edits behind the language server's code actions: suppression comments and
lines inserted in a reference file (comments and layout kept)."""

from __future__ import annotations

import pytest

from factlint.lsp.reference_edit import add_alias, add_character, scalar
from factlint.lsp.suppress import Insert, file_directive, line_directive


def applied(text: str, ins: Insert) -> str:
    lines = text.split("\n")
    line = lines[ins.line] if ins.line < len(lines) else ""
    end = ins.column if ins.end is None else ins.end
    lines[ins.line:ins.line + 1] = [line[: ins.column] + ins.text + line[end:]]
    return "\n".join(lines)


BLOCK = """\
# the cast
characters:
  - name: Mara Quell   # the lead
    gender: female

  # the rival
  - name: Tobin Vale
    aliases:
      - Tobin
    gender: male

# organisations follow
organizations:
  - name: Harbor Guild
"""


def test_character_goes_after_the_last_entry_keeping_comments() -> None:
    edit = add_character(BLOCK, "Ines Roe")
    assert edit is not None
    assert edit.apply(BLOCK) == BLOCK.replace(
        "    gender: male\n", "    gender: male\n  - name: Ines Roe\n")


def test_alias_added_to_a_block_list_and_to_an_entry_without_one() -> None:
    edit = add_alias(BLOCK, 7, "Vale")
    assert edit is not None
    assert edit.apply(BLOCK) == BLOCK.replace("      - Tobin\n", "      - Tobin\n      - Vale\n")
    edit = add_alias(BLOCK, 3, "Quell")
    assert edit is not None
    assert edit.apply(BLOCK) == BLOCK.replace(
        "    gender: female\n", "    gender: female\n    aliases: [Quell]\n")


def test_flow_lists_and_missing_lists() -> None:
    text = "work:\n  title: X\ncharacters: [{name: A}]\n"
    edit = add_character(text, "B: the second")
    assert edit is not None
    assert edit.apply(text) == (
        'work:\n  title: X\ncharacters: [{name: A}, {name: "B: the second"}]\n')
    text = "work:\n  title: X\n"
    edit = add_character(text, "Yes")
    assert edit is not None
    assert edit.apply(text) == 'work:\n  title: X\ncharacters:\n  - name: "Yes"\n'
    text = "characters:\nwork:\n  title: X\n"
    edit = add_character(text, "Ann")
    assert edit is not None
    assert edit.apply(text) == "characters:\n  - name: Ann\nwork:\n  title: X\n"


def test_no_edit_where_it_would_not_read_back() -> None:
    assert add_alias(BLOCK, 99, "Nobody") is None  # no entry written at that line
    assert add_character("characters: 3\n", "Ann") is None
    assert add_character("[1, 2]\n", "Ann") is None


@pytest.mark.parametrize("name,expected", [("Mara Quell", "Mara Quell"), ("no", '"no"'),
                                           ("A #1", '"A #1"'), ("Zoë", '"Zoë"')])
def test_scalars(name: str, expected: str) -> None:
    assert scalar(name) == expected


def test_markdown_line_and_file_directives() -> None:
    text = "---\ntitle: x\n---\n# Heading\n\nText.\n"
    assert applied(text, file_directive("markdown", text, "FL101")) == (
        "---\ntitle: x\n---\n<!-- factlint-disable-file FL101 -->\n# Heading\n\nText.\n")
    line = "## A <!-- factlint-disable-line FL102 -->"
    assert applied(line, line_directive("markdown", line, 0, "FL101")) == (
        "## A <!-- factlint-disable-line FL102 FL101 -->")


def test_plain_text_directives() -> None:
    line = "Some text!!!"
    assert applied(line, line_directive("text", line, 0, "FL504")) == (
        "Some text!!! factlint: disable-line=FL504")
    line = "Some text!!! factlint: disable-line=FL506"
    assert applied(line, line_directive("text", line, 0, "FL504")) == (
        "Some text!!! factlint: disable-line=FL506,FL504")
    text = "Title\n\nBody.\n"
    assert applied(text, file_directive("text", text, "FL5")) == (
        "factlint: disable-file=FL5\nTitle\n\nBody.\n")


def test_file_directive_extends_the_one_there() -> None:
    text = "<!-- factlint-disable-file FL5 -->\n# Heading\n"
    assert applied(text, file_directive("markdown", text, "FL101")) == (
        "<!-- factlint-disable-file FL5 FL101 -->\n# Heading\n")
    text = "Title\nfactlint: disable-file=FL5\n\nBody.\n"
    assert applied(text, file_directive("text", text, "FL101")) == (
        "Title\nfactlint: disable-file=FL5,FL101\n\nBody.\n")
    everything = file_directive("markdown", "<!-- factlint-disable-file -->\n", "FL101")
    assert everything.text == "" and everything.end is None  # nothing left to add
