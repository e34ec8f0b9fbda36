"""Fuzz targets: the document parser (through the whole engine) and the YAML loaders.

Each target takes one input and fails (AssertionError or an escaping exception) only on a
real bug: a traceback instead of a clean error, an error without ``file:line``, a finding
outside the file or with the wrong excerpt. Used by tests/test_fuzz.py (hypothesis) and
fuzz/atheris_fuzz.py (coverage-guided, when atheris is installed).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

from hypothesis import strategies as st

from factlint.config import load_config
from factlint.engine import Engine
from factlint.errors import FactlintError
from factlint.facts import load_reference
from factlint.packrule import custom_rules
from factlint.packs import PackSet, load_pack
from factlint.registry import all_rules
from factlint.yamlio import load_yaml_text
from tests.invariants import check_run

LOCATED = re.compile(r"^[^\n]*?:\d+: [^\n]+$")

# YAML-ish input: real keys of configs and packs, structure characters, anchors and
# aliases, tags, quotes, tabs and control characters.
YAML_TOKENS = [
    "rule", "entries", "define", "name", "summary", "severity", "phrase", "regex", "pattern",
    "reason", "select", "ignore", "rules", "facts", "packs", "exclude", "per-path-ignores",
    "fail-on", "model", "FL101", "FL2", "HOUSE1", "duplicate-heading", "warning", "loud",
    "LOWER", "OP", "LEMMA", "x", "1", "3.5", "null", "true", "2024-07-01", ":", ": ", "-",
    "- ", "[", "]", "{", "}", ",", "?", "&a", "*a", "&b", "*b", "<<", "!!python/object:os",
    "!!str", "!!set", "!x", "'", '"', "|", ">", "#", "\n", "\n  ", "\n    ", "\t", " ",
    "\x07", "\ufeff", "\u2028", "---", "...", "%YAML 1.1", "(", "\\", "推しの子",
]
YAML_TEXT = st.lists(st.sampled_from(YAML_TOKENS), max_size=60).map("".join)


def article_target(engine: Engine, text: str, suffix: str) -> None:
    """Parse and lint ``text``; every finding must be exact."""
    check_run(engine, "fuzz" + suffix, text)


def _clean_error(exc: FactlintError) -> None:
    assert LOCATED.match(str(exc)), f"error without file:line or on several lines: {exc!r}"


def yaml_target(text: str) -> None:
    """The shared loader: data or a located one-line YamlError, nothing else."""
    try:
        load_yaml_text(text, "fuzz.yaml")
    except FactlintError as exc:
        _clean_error(exc)


def _file_target(folder: Path, name: str, text: str, load: Callable[[Path], object]) -> None:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    try:
        load(path)
    except FactlintError as exc:
        _clean_error(exc)


def _config(path: Path) -> None:
    load_config(path).validate_rules(all_rules())


def _pack(path: Path) -> None:
    pack = load_pack(path)
    custom_rules(PackSet([pack]), (cls.code for cls in all_rules()))
    for entry in pack.entries:
        _ = entry.regex


def config_target(folder: Path, text: str) -> None:
    """A config file: loads and validates, or a located one-line ConfigError."""
    _file_target(folder, ".factlint.yaml", text, _config)


def pack_target(folder: Path, text: str) -> None:
    """A rule pack: loads (regexes compile, custom rules build), or a located error."""
    _file_target(folder, "pack.yaml", text, _pack)


def reference_target(folder: Path, text: str) -> None:
    """A reference file through the generic reference loader."""
    _file_target(folder, "show.facts.yaml", text, lambda p: load_reference([str(p)]))
