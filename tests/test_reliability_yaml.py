"""Malformed config, rule-pack and reference YAML: always ``file:line: message`` and exit 2.

Only ``yaml.SafeLoader`` semantics are used: no Python object is ever constructed, and
alias bombs, recursive anchors, huge files and deep nesting are refused before anything
walks the data.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

from factlint.errors import FactlintError
from factlint.yamlio import MAX_YAML_BYTES, load_yaml_file
from tests.conftest import write

ARTICLE = "# Title\n\n## Same\n\nx\n\n## Same\n\ny\n"

BOMB = "a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n" + "".join(
    f"{chr(98 + i)}: &{chr(98 + i)} [{', '.join([f'*{chr(97 + i)}'] * 9)}]\n" for i in range(8)
)  # 81 aliases, 9**9 items once expanded

# Shapes that break any YAML file, whatever it is for: (content, line, message fragment).
YAML_SHAPES = [
    ("select: [FL1\nignore: x\n", 2, "invalid YAML: expected ',' or ']'"),
    ("select:\n  - a\n - b\n", 3, "invalid YAML"),
    ("select: 'unclosed\n", 2, "invalid YAML: found unexpected end of stream"),
    ("select:\n\t- FL1\n", 2, "invalid YAML: found character '\\t'"),
    ("select: [FL1]\nselect: [FL2]\n", 2, "duplicate key 'select'"),
    ("rules:\n  FL101: {a: 1}\n  FL101: {a: 2}\n", 3, "duplicate key 'FL101'"),
    ("a: 1\n---\nb: 2\n", 2, "invalid YAML: expected a single document in the stream, "
     "but found another document"),
    ("select: *nowhere\n", 1, "invalid YAML: found undefined alias 'nowhere'"),
    ("a: &x 1\nb: &x 2\n", 2, "invalid YAML: found duplicate anchor 'x' (first defined on "
     "line 1)"),
    ("select: !!python/object/apply:os.system ['echo owned']\n", 1,
     "invalid YAML: could not determine a constructor for the tag "
     "'tag:yaml.org,2002:python/object/apply:os.system'"),
    ("select: !custom x\n", 1, "could not determine a constructor for the tag '!custom'"),
    ("? [a, b]\n: c\n", 1, "mapping keys must be plain scalars"),
    ("!!set\nselect\n", 1, "expected a mapping for tag tag:yaml.org,2002:set, but found a "
     "scalar"),
    ("select:\n  - !!int x\n", 2, "invalid YAML: 'x' is not a valid !!int"),
    ("select: 2024-02-30\n", 1, "invalid YAML: '2024-02-30' is not a valid !!timestamp"),
    ("select: [FL1]\nbad: \x07\n", 2, "invalid YAML: unacceptable character #x0007 (control "
     "characters are not allowed)"),
    (BOMB, 1, "refusing to expand"),
    ("a: &a [x, *a]\n", 1, "recursive YAML alias"),
    ("x: &x 1\n" + "".join(f"k{i}: *x\n" for i in range(250)), 202, "too many YAML aliases"),
    ("a: " + "[" * 600 + "]" * 600 + "\n", 1, "YAML nesting is too deep"),
]


def one_error(err: str) -> str:
    """The single stderr line of a failed run, without the ``factlint: error:`` prefix."""
    lines = err.splitlines()
    assert len(lines) == 1, err
    assert "Traceback" not in err
    assert lines[0].startswith("factlint: error: ")
    return lines[0][len("factlint: error: "):]


def run_error(run_cli: Any, folder: Path, files: dict[str, str | bytes], *args: str) -> str:
    """Write ``files`` and an article, run ``check ARGS a.md``: exit 2 and its one error line."""
    for name, content in files.items():
        write(folder / name, content)
    write(folder / "a.md", ARTICLE)
    r = run_cli("check", *args, "a.md", cwd=folder)
    assert r.code == 2
    return one_error(r.err)


FACTS_ARGS = ("--isolated", "--facts", "show.facts.yaml")


def with_pack(content: str) -> dict[str, str | bytes]:
    """A config naming one rule pack, and the pack itself."""
    return {"cfg.yaml": "packs: [house.yaml]\n", "house.yaml": content}


def assert_located(message: str, path: str, line: int, fragment: str) -> None:
    """``message`` is ``path:line: ...`` (the path may be shown absolute) and has ``fragment``."""
    assert re.match(rf"(?:.*/)?{re.escape(path)}:{line}: ", message), message
    assert fragment in message, message


@pytest.mark.parametrize(("content", "line", "fragment"), YAML_SHAPES)
def test_yaml_shapes_in_a_config_file(run_cli, tmp_path: Path, content: str, line: int,  # type: ignore[no-untyped-def]
                                      fragment: str) -> None:
    message = run_error(run_cli, tmp_path, {".factlint.yaml": content})
    assert_located(message, ".factlint.yaml", line, fragment)


@pytest.mark.parametrize(("content", "line", "fragment"), YAML_SHAPES)
def test_yaml_shapes_in_a_rule_pack(run_cli, tmp_path: Path, content: str, line: int,  # type: ignore[no-untyped-def]
                                    fragment: str) -> None:
    message = run_error(run_cli, tmp_path, with_pack(content), "--config", "cfg.yaml")
    assert_located(message, "house.yaml", line, fragment)


@pytest.mark.parametrize(("content", "line", "fragment"), YAML_SHAPES)
def test_yaml_shapes_in_any_yaml_file(tmp_path: Path, content: str, line: int,
                                      fragment: str) -> None:
    """The shared loader behind config, packs and reference files."""
    path = write(tmp_path / "any.yaml", content)
    with pytest.raises(FactlintError) as info:
        load_yaml_file(path)
    assert_located(str(info.value), str(path), line, fragment)
    assert "\n" not in str(info.value)


@pytest.mark.parametrize(("content", "line", "fragment"), YAML_SHAPES[:4] + YAML_SHAPES[-4:])
def test_yaml_shapes_in_a_reference_file(run_cli, tmp_path: Path, content: str, line: int,  # type: ignore[no-untyped-def]
                                         fragment: str) -> None:
    message = run_error(run_cli, tmp_path, {"show.facts.yaml": content}, *FACTS_ARGS)
    assert_located(message, "show.facts.yaml", line, fragment)


def huge(path: Path) -> Path:
    """A 50 MB YAML file (sparse where the filesystem allows; never read in full)."""
    with path.open("wb") as handle:
        handle.write(b"select: [FL1]\n# padding\n")
        handle.truncate(50 * 1024 * 1024)
    return path


def test_fifty_megabyte_files_are_refused_without_reading_them(run_cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    write(tmp_path / "a.md", ARTICLE)
    huge(tmp_path / ".factlint.yaml")
    r = run_cli("check", "a.md", cwd=tmp_path)
    assert r.code == 2
    assert one_error(r.err).endswith(f".factlint.yaml:1: file is too large ({50 * 1024 * 1024} "
                                     f"bytes; the limit is {MAX_YAML_BYTES})")
    huge(tmp_path / "house.yaml")
    write(tmp_path / "cfg.yaml", "packs: [house.yaml]\n")
    r = run_cli("check", "--config", "cfg.yaml", "a.md", cwd=tmp_path)
    assert r.code == 2 and one_error(r.err).startswith("house.yaml:1: file is "
                                                       "too large")
    huge(tmp_path / "big.facts.yaml")
    r = run_cli("check", "--isolated", "--facts", "big.facts.yaml", "a.md", cwd=tmp_path)
    assert r.code == 2 and one_error(r.err).startswith("big.facts.yaml:1: file is too large")


@pytest.mark.parametrize(
    ("content", "line", "fragment"),
    [
        ("- select\n- ignore\n", 1, "configuration must be a mapping"),
        ("just a string\n", 1, "configuration must be a mapping"),
        ("select: 5\n", 1, "'select' must be a list of strings"),
        ("select: [FL1, 5]\n", 1, "'select' must be a list of strings"),
        ("ignore: {FL1: yes}\n", 1, "'ignore' must be a list of strings"),
        ("severity: [FL101]\n", 1, "'severity' must map rule ids to levels"),
        ("severity:\n  FL101: loud\n", 2, "unknown severity 'loud'"),
        ("rules:\n  FL101: 3\n", 2, "'rules' must map rule ids to option maps"),
        ("rules: [FL101]\n", 1, "'rules' must map rule ids to option maps"),
        ("rules:\n  FL101:\n    nonsense: 3\n", 2, "rule FL101 has no option 'nonsense'"),
        ("rules:\n  FL999: {}\n", 2, "unknown rule id 'FL999'"),
        ("facts: {a: b}\n", 1, "'facts' must be a list of strings"),
        ("packs: 3\n", 1, "'packs' must be a list of strings"),
        ("model: [en]\n", 1, "'model' must be a string"),
        ("exclude: [1, 2]\n", 1, "'exclude' must be a list of strings"),
        ("per-path-ignores: [x]\n", 1, "must map globs to rule lists"),
        ("per-path-ignores:\n  'a/**': 5\n", 1, "'a/**' must be a list of strings"),
        ("fail-on: loud\n", 1, "'fail-on' must be one of"),
        ("select: 2024-01-01\n", 1, "'select' must be a list of strings"),
        ("select: [FL1]\n\nSelect: [FL2]\n", 3, "unknown key 'Select'"),
        ("null: 1\n", 1, "unknown key 'None'"),
        ("select: [FL1]\nselect.extra: 1\n", 2, "unknown key 'select.extra'"),  # fuzzer
        ("select: [FL1]\n...:\n", 2, "unknown key '...'"),
        ("severity:\n  FL101: error\n  null: info\n", 3, "unknown rule id 'None'"),
    ],
)
def test_wrong_types_and_unknown_keys_in_config(run_cli, tmp_path: Path, content: str,  # type: ignore[no-untyped-def]
                                               line: int, fragment: str) -> None:
    message = run_error(run_cli, tmp_path, {".factlint.yaml": content})
    assert_located(message, ".factlint.yaml", line, fragment)


@pytest.mark.parametrize(
    ("content", "line", "fragment"),
    [
        ("[tool.factlint]\nselect = [\n", 2, "invalid TOML: Invalid value"),
        ("[tool.factlint]\nselect = 5\n", 2, "'select' must be a list of strings"),
        ("[tool.factlint]\nselect = ['FL1']\nignor = ['FL2']\n", 3, "unknown key 'ignor'"),
        ("[tool.factlint]\nselect = ['FL1']\nselect = ['FL2']\n", 3, "invalid TOML"),
        ("[tool.factlint.rules]\nFL101 = 3\n", 1, "'rules' must map rule ids to option maps"),
    ],
)
def test_malformed_pyproject_table(run_cli, tmp_path: Path, content: str, line: int,  # type: ignore[no-untyped-def]
                                   fragment: str) -> None:
    message = run_error(run_cli, tmp_path, {"pyproject.toml": content})
    assert_located(message, "pyproject.toml", line, fragment)


@pytest.mark.parametrize(
    ("content", "line", "fragment"),
    [
        ("", 1, "a rule pack must be a YAML mapping"),
        ("- phrase: x\n", 1, "a rule pack must be a YAML mapping"),
        ("rule: 204\n", 1, "'rule' must be a rule code"),
        ("rule: FL204\nentries: {phrase: x}\n", 2, "'entries' must be a list"),
        ("rule: FL204\nentries:\n  - 5\n", 3, "each entry must be a phrase string or a mapping"),
        ("rule: FL204\nentries:\n  - phrase: ''\n", 3, "'phrase' must be a non-empty string"),
        ("rule: FL204\nentries:\n  - phrase: [a]\n", 3, "'phrase' must be a non-empty string"),
        ("rule: FL204\nentries:\n  - regex: '(?P<'\n", 3, "invalid regex"),
        ("rule: FL204\nentries:\n  - pattern: {LOWER: x}\n", 3, "'pattern' must be a non-empty"),
        ("rule: FL204\nentries:\n  - pattern: [x]\n", 3, "each token spec in 'pattern'"),
        ("rule: FL204\nentries:\n  - phrase: x\n    reason: [a]\n", 4, "'reason' must be a string"),
        ("rule: FL204\nentries:\n  - phrase: x\n    colour: red\n", 4, "unknown key 'colour'"),
        ("rule: X1\ndefine: [a]\n", 2, "'define' must be a mapping"),
        ("rule: X1\ndefine:\n  name: x-y\n  summary: 5\n", 4, "'define.summary' must be a string"),
        ("rule: X1\ndefine:\n  name: x-y\n  summary: s\n  severity: loud\n", 5,
         "unknown severity 'loud'"),
        ("rule: X1\ndefine:\n  name: x-y\n  summary: s\n  colour: red\n", 5,
         "unknown key 'colour' in 'define'"),
        ("rule: FL101\ndefine:\n  name: x-y\n  summary: s\n", 2, "rule FL101 is already defined"),
        ("rule: X1\nentries: []\n", 1, "pack feeds unknown rule X1"),
    ],
)
def test_malformed_rule_packs(run_cli, tmp_path: Path, content: str, line: int,  # type: ignore[no-untyped-def]
                              fragment: str) -> None:
    message = run_error(run_cli, tmp_path, with_pack(content), "--config", "cfg.yaml")
    assert_located(message, "house.yaml", line, fragment)


@pytest.mark.parametrize(
    ("content", "fragment"),
    [
        (b"", "a reference file must be a YAML mapping"),
        (b"- a\n- b\n", "a reference file must be a YAML mapping"),
        (b"title: caf\xe9\n", "not valid UTF-8"),
    ],
)
def test_reference_file_that_is_not_a_mapping(run_cli, tmp_path: Path, content: bytes,  # type: ignore[no-untyped-def]
                                              fragment: str) -> None:
    message = run_error(run_cli, tmp_path, {"show.facts.yaml": content}, *FACTS_ARGS)
    assert_located(message, "show.facts.yaml", 1, fragment)


@pytest.mark.parametrize("kind", ["missing", "folder"])
def test_config_path_that_is_not_a_file(run_cli, tmp_path: Path, kind: str) -> None:  # type: ignore[no-untyped-def]
    write(tmp_path / "a.md", ARTICLE)
    if kind == "folder":
        (tmp_path / "conf.yaml").mkdir()
    r = run_cli("check", "--config", "conf.yaml", "a.md", cwd=tmp_path)
    assert r.code == 2
    assert re.fullmatch(r"conf\.yaml: (no such file|is a directory, not a YAML file)",
                        one_error(r.err))


def test_safe_load_semantics_only(tmp_path: Path) -> None:
    """Tags that would build Python objects are errors; YAML's own types still load."""
    path = write(tmp_path / "t.yaml", "a: !!python/name:os.system\n")
    with pytest.raises(FactlintError, match="could not determine a constructor"):
        load_yaml_file(path)
    path = write(tmp_path / "ok.yaml", "when: 2024-07-03\nset: !!set {a, b}\nn: 0x1f\n"
                 "merged:\n  <<: {x: 1}\n  y: 2\n")
    data: Any = load_yaml_file(path)
    assert str(data["when"]) == "2024-07-03" and data["n"] == 31
    assert set(data["set"]) == {"a", "b"}
    assert dict(data["merged"]) == {"x": 1, "y": 2}


def test_legitimate_aliases_still_work(tmp_path: Path) -> None:
    path = write(tmp_path / "ok.yaml", "base: &b {studio: CloverWorks}\n"
                 "s1: *b\ns2: *b\nlist: &l [a, b, c]\nagain: *l\n")
    data: Any = load_yaml_file(path)
    assert data["s1"] == data["s2"] == {"studio": "CloverWorks"}
    assert data["again"] == ["a", "b", "c"]


@pytest.mark.parametrize(
    ("pattern", "fragment"),
    [
        ("[{LOWER: 5}]", "[token 0 -> LOWER"),
        ("[{LOWER: x}, {OP: '%'}]", "[token 1 -> OP"),
        ("[{LOWER: {NOT_A_PREDICATE: [x]}}]", "[token 0 -> LOWER"),
    ],
)
def test_token_pattern_values_spacy_rejects(run_cli, tmp_path: Path, pattern: str,  # type: ignore[no-untyped-def]
                                            fragment: str) -> None:
    # Used to surface as a multi-line "internal error in rule" blamed on the article.
    write(tmp_path / "cfg.yaml", "packs: [house.yaml]\n")
    write(tmp_path / "house.yaml", "rule: X1\ndefine:\n  name: x-y\n  summary: s\nentries:\n"
          f"  - phrase: fine\n  - pattern: {pattern}\n")
    write(tmp_path / "a.md", ARTICLE)
    r = run_cli("check", "--config", "cfg.yaml", "a.md", cwd=tmp_path)
    assert r.code == 2
    assert_located(one_error(r.err), "house.yaml", 7, "invalid token pattern: " + fragment)
