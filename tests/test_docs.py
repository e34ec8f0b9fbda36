"""The rule reference (docs/rules.md) is generated from the rules and must not drift;
the README stays a short front page that links to the docs."""

from __future__ import annotations

import re

from factlint.docs import rules_markdown
from factlint.registry import all_rules
from tests.conftest import REPO


def test_rule_reference_is_current() -> None:
    reference = (REPO / "docs" / "rules.md").read_text(encoding="utf-8")
    assert reference == rules_markdown(all_rules()), (
        "docs/rules.md is stale: run `.venv/bin/python -m factlint.docs`"
    )


def _headings(markdown: str) -> list[str]:
    """Markdown headings outside fenced code (rule examples contain '## ...' lines)."""
    out, fenced = [], False
    for line in markdown.splitlines():
        if line.startswith("```"):
            fenced = not fenced
        elif not fenced and line.startswith("#"):
            out.append(line)
    return out


def test_every_rule_has_a_section_under_the_fixed_headings() -> None:
    fixed = ["### What it flags", "### Why", "### Example", "### Use instead", "### Fix",
             "### Options"]
    expected = ["# Rule reference"]
    for r in all_rules():
        expected += [f"## {r.code} {r.name}", *fixed]
    assert _headings(rules_markdown(all_rules())) == expected


def test_every_rule_is_documented() -> None:
    for cls in all_rules():
        assert cls.summary and cls.explanation, cls.code
        assert cls.bad_example and cls.good_example, cls.code
        for name, option in cls.options.items():
            assert option.help, f"{cls.code} option {name} has no help text"


def test_readme_is_a_front_page_whose_links_resolve() -> None:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    assert len(readme.splitlines()) <= 250
    for target in re.findall(r"\]\(((?:docs/)?[\w./-]+\.(?:md|png))(?:#[\w-]+)?\)", readme):
        assert (REPO / target).is_file(), target
    for page in (REPO / "docs").glob("*.md"):
        for target in re.findall(r"\]\(([\w./-]+\.(?:md|png))(?:#[\w-]+)?\)",
                                 page.read_text(encoding="utf-8")):
            if not target.startswith(("http", "/")):
                assert (page.parent / target).resolve().is_file(), f"{page.name}: {target}"
