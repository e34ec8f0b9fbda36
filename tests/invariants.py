"""What must hold for any article: checked by the property tests and the fuzzing harness."""

from __future__ import annotations

import re
from pathlib import Path

from factlint.config import Config
from factlint.engine import Engine, RunResult, Source
from factlint.finding import Finding

# A pack that makes findings inside prose, through markup, in Japanese and across NLP
# pieces, so positions are exercised everywhere (phrase, regex and spaCy token pattern).
PACK = """\
rule: HOUSE101
define:
  name: house-phrase
  severity: warning
  summary: Test phrases.
entries:
  - phrase: must-watch
    reason: r
  - phrase: fan's favourite
    reason: r
  - phrase: 推しの子
    reason: r
  - regex: 'caf[eé]\\s+\\S+'
    reason: r
  - pattern: [{LOWER: season}, {IS_DIGIT: true}]
    reason: r
"""

_BREAKS = re.compile(r"\r\n|\r|\n")


def make_engine(folder: Path) -> Engine:
    """An engine running every rule plus the test pack (the model loads once per process)."""
    pack = folder / "house.yaml"
    pack.write_text(PACK, encoding="utf-8")
    return Engine(Config(packs=[str(pack)]))


def lines_of(text: str) -> list[str]:
    """The file's lines as an editor counts them: CRLF, CR and LF each end a line."""
    return _BREAKS.split(text)


def text_at(text: str, f: Finding) -> str:
    """The file's own text between a finding's start and end (its own line breaks)."""
    starts = [0] + [m.end() for m in _BREAKS.finditer(text)]
    return text[starts[f.line - 1] + f.column - 1 : starts[f.end_line - 1] + f.end_column - 1]


def check_run(engine: Engine, path: str, text: str) -> RunResult:
    """Run ``text`` as ``path`` and assert every invariant of the findings."""
    result = engine.run([Source(path, text)])
    assert result.errors == [], result.errors
    assert result.files_checked == 1
    lines = lines_of(text)
    for f in result.findings:
        assert f.path == path
        assert f.message and f.rule and f.name
        assert 1 <= f.line <= f.end_line <= len(lines), f
        assert 1 <= f.column <= len(lines[f.line - 1]) + 1, f
        assert 1 <= f.end_column <= len(lines[f.end_line - 1]) + 1, f
        assert (f.line, f.column) <= (f.end_line, f.end_column), f
        assert f.excerpt == text_at(text, f), f
        if f.rule.startswith("FL3"):  # a claim is a span of words, never a bare position
            assert f.excerpt.strip(), f
    return result


def check_deterministic(engine: Engine, path: str, text: str) -> None:
    """Invariants hold, and a second run gives exactly the same findings."""
    first = check_run(engine, path, text)
    second = check_run(engine, path, text)
    assert [f.to_dict() for f in first.findings] == [f.to_dict() for f in second.findings]
