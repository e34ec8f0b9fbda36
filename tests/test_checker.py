"""The checker builds and prepares every rule once per run, and hands rules only what
they declared: their options, their own pack data, the shared analyses they use."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from factlint.checker import Checker
from factlint.config import Config
from factlint.engine import Engine, Source
from factlint.registry import PARTS, Rule, Setup, all_rules, block_part
from factlint.rules._claims import ClaimRule
from tests.conftest import FIXTURES, write

FACTS = FIXTURES / "oshi-no-ko.facts.yaml"


def _count_prepares(monkeypatch: pytest.MonkeyPatch) -> Counter[str]:
    """Wrap every registered rule's ``prepare`` so calls are counted by rule code."""
    calls: Counter[str] = Counter()
    for cls in all_rules():
        real = cls.prepare

        def counting(self: Rule, setup: Setup, *, _real: Callable[..., None] = real,
                     _cls: type[Rule] = cls) -> None:
            if type(self) is _cls:
                calls[self.code] += 1
            _real(self, setup)

        monkeypatch.setattr(cls, "prepare", counting)
    return calls


def test_a_two_file_run_prepares_each_rule_once(tmp_path: Path,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    calls = _count_prepares(monkeypatch)
    a = write(tmp_path / "a.md", "# Oshi no Ko\n\n## Cast\n\nAqua is Ruby's twin brother. "
              "Critics agree it is the best anime.\n\n## Cast\n\nMore text here.\n")
    b = write(tmp_path / "b.txt", "Oshi no Ko season 2\n\nAi Hoshino is an idol. She sings.\n")
    engine = Engine(Config(facts=[str(FACTS)]), jobs=1)
    result = engine.run([Source(str(a)), Source(str(b))])
    assert not result.errors
    assert result.files_checked == 2 and result.findings
    codes = [r.code for r in engine.rules]
    assert len(codes) == len(all_rules())
    assert calls == Counter({code: 1 for code in codes})
    # Each shared analysis was built once, for the run.
    built = engine.checker.analyses.built
    assert set(built) >= {"evidence", "mentions", "subject", "repetition", "debris"}
    evidence = built["evidence"]
    claim_rules = [r for r in engine.rules if isinstance(r, ClaimRule)]
    assert len(claim_rules) == 5 and all(r.evidence is evidence for r in claim_rules)


def test_reference_files_are_looked_up_once_per_file(tmp_path: Path,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    """A long article is checked in several windows; its facts files are found once."""
    from factlint.facts import loader

    looked: Counter[str] = Counter()
    real = loader.facts_beside

    def counting(path: str) -> list[str]:
        looked[Path(path).name] += 1
        return real(path)

    monkeypatch.setattr(loader, "facts_beside", counting)
    long = "\n\n".join(f"## Part {i}\n\nAqua is Ruby's twin brother in part {i}."
                         for i in range(40))
    a = write(tmp_path / "a.md", f"# Oshi no Ko\n\n{long}\n")
    b = write(tmp_path / "b.md", "# Oshi no Ko\n\nAi Hoshino is an idol.\n")
    engine = Engine(Config(facts=[str(FACTS)]), jobs=1)
    engine.checker.window_chars = 300  # many windows for a.md
    result = engine.run([Source(str(a)), Source(str(b))])
    assert not result.errors and result.files_checked == 2
    del looked[""]  # the configured files, validated before the run
    assert looked == Counter({"a.md": 1, "b.md": 1})


def test_only_enabled_rules_are_prepared(monkeypatch: pytest.MonkeyPatch) -> None:
    calls = _count_prepares(monkeypatch)
    checker = Checker(Config(select=["FL101", "FL502"]))
    assert [r.code for r in checker.rules] == ["FL101", "FL502"]
    assert sorted(calls.elements()) == ["FL101", "FL502"]
    assert "evidence" not in checker.analyses.built  # no enabled rule uses it


def test_a_rule_gets_its_options_and_only_its_own_pack() -> None:
    checker = Checker(Config(select=["FL502", "FL204"], rule_options={"FL502": {"max_words": 9}}))
    seen: dict[str, Setup] = {r.code: checker.setup_for(r) for r in checker.rules}
    assert seen["FL502"].options == {"max_words": 9}
    assert seen["FL502"].entries == [] and seen["FL502"].analyses == {}
    assert seen["FL204"].entries == checker.packs.entries_for("FL204")
    assert not set(seen["FL204"].entries) & set(checker.packs.entries_for("FL205"))
    with pytest.raises(KeyError, match="not declared"):
        seen["FL502"].analysis("evidence")


def test_a_bad_option_value_names_the_config_line(run_cli: Any, tmp_path: Path) -> None:
    write(tmp_path / "a.md", "# T\n\nText.\n")
    write(tmp_path / "c.yaml", "rules:\n  FL301:\n    evidence_scope: page\n")
    r = run_cli("check", "--config", "c.yaml", "a.md", cwd=tmp_path)
    assert r.code == 2
    assert r.err == ("factlint: error: c.yaml:2: option 'evidence_scope' of FL301 must be one "
                     "of sentence, paragraph, section, article, not 'page'\n")


def test_every_block_has_exactly_one_scope_part() -> None:
    from factlint.parse import parse_document

    doc = parse_document("x.md", "# T\n\n> ## Quoted\n>\n> quoted text\n\n- item\n\n"
                         "| a | b |\n|---|---|\n| c | d |\n\nPlain.[^1]\n\n[^1]: A note.\n")
    parts = [block_part(b) for b in doc.blocks]
    assert set(parts) <= set(PARTS)
    assert {"headings", "quoted_headings", "quotes", "list_items", "tables",
            "paragraphs"} <= set(parts)
