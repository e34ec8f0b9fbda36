"""The README's rule reference, generated from the rules themselves so it cannot drift.

``factlint rules --markdown`` prints it; ``python -m factlint.docs`` rewrites the part
of README.md between the ``rules:start`` and ``rules:end`` markers; a test fails when
the README is out of date.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from pathlib import Path

from factlint.registry import Rule

START, END = "<!-- rules:start -->", "<!-- rules:end -->"


def rules_markdown(rules: Sequence[type[Rule]]) -> str:
    out = ["| code | name | severity | summary |", "|---|---|---|---|"]
    out += [f"| {r.code} | `{r.name}` | {r.severity.value} | {r.summary} |" for r in rules]
    for r in rules:
        out += ["", f"### {r.code} `{r.name}`", "", r.summary]
        if r.explanation:
            out += ["", " ".join(r.explanation.split())]
        if r.bad_example:
            out += ["", "Bad:", "", "```text", r.bad_example.strip("\n"), "```"]
        if r.good_example:
            out += ["", "Good:", "", "```text", r.good_example.strip("\n"), "```"]
        if r.options:
            out += ["", "Options: " + ", ".join(f"`{k}` (default `{v.default!r}`)"
                                                 for k, v in sorted(r.options.items()))]
    return "\n".join(out) + "\n"


def update_readme(readme: Path, rules: Sequence[type[Rule]]) -> bool:
    """Rewrite the generated section; return whether the file changed."""
    text = readme.read_text(encoding="utf-8")
    head, sep, rest = text.partition(START)
    _, sep2, tail = rest.partition(END)
    if not sep or not sep2:
        raise SystemExit(f"{readme}: markers {START} / {END} not found")
    new = f"{head}{START}\n{rules_markdown(rules)}{END}{tail}"
    if new != text:
        readme.write_text(new, encoding="utf-8")
        return True
    return False


if __name__ == "__main__":
    from factlint.registry import all_rules

    path = Path(sys.argv[1] if len(sys.argv) > 1 else "README.md")
    changed = update_readme(path, all_rules())
    print(f"{path}: {'updated' if changed else 'up to date'}")
