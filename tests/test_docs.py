"""The README's rule reference is generated from the rules and must not drift."""

from __future__ import annotations

from factlint.docs import END, START, rules_markdown
from factlint.registry import all_rules
from tests.conftest import REPO


def test_readme_rule_reference_is_current() -> None:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    section = readme.split(START, 1)[1].split(END, 1)[0]
    assert section == "\n" + rules_markdown(all_rules()), (
        "README rule reference is stale: run `python -m factlint.docs README.md`"
    )


def test_every_rule_is_documented() -> None:
    for cls in all_rules():
        assert cls.summary and cls.explanation, cls.code
        assert cls.bad_example and cls.good_example, cls.code
