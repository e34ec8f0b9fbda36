"""Rule packs: validation with file:line, and custom rules defined in YAML."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from factlint.errors import ConfigError
from factlint.packs import Entry, Pack, PackSet, builtin_pack_dir, load_pack, phrase_regex
from tests.conftest import write


@pytest.mark.parametrize(
    ("content", "line", "message"),
    [
        ("rule: FL204\nentries:\n  - phrse: x\n", 3, "unknown key 'phrse' in entry"),
        ("rule: nope\n", 1, "'rule' must be a rule code"),
        ("rule: FL204\nentries:\n  - phrase: a\n  - regex: '(['\n", 4, "invalid regex"),
        ("rule: FL204\nentries:\n  - pattern:\n      - {LEMA: garner}\n", 4,
         "unknown token attribute 'LEMA'"),
        ("rule: FL204\nentries:\n  - phrase: a\n    regex: b\n", 3, "exactly one of"),
        ("rule: FL204\nentries:\n  - {phrase: a, severity: loud}\n", 3, "unknown severity"),
        ("rule: FL204\nextra: 1\n", 2, "unknown key 'extra' in rule pack"),
        ("rule: X1\ndefine:\n  name: Bad Name\n  summary: s\n", 3, "lower-case slug"),
        ("rule: X1\ndefine:\n  name: x\n  summary: s\n  scope: [prose]\n", 5,
         "'define.scope' must be a list of block parts"),
    ],
)
def test_pack_errors_have_file_and_line(tmp_path: Path, content: str, line: int,
                                        message: str) -> None:
    p = write(tmp_path / "pack.yaml", content)
    with pytest.raises(ConfigError) as info:
        load_pack(p)
    assert str(info.value).startswith(f"{p}:{line}: ")
    assert message in str(info.value)


def test_phrase_regex_is_word_bounded_and_apostrophe_flexible() -> None:
    rx = phrase_regex("fan's favourite  pick")
    assert rx.search("the Fan’s favourite\npick is")
    assert not rx.search("fan's favourite picks")
    assert not rx.search("superfan's favourite pick")


def test_builtin_packs_load() -> None:
    assert builtin_pack_dir().is_dir()
    PackSet.load()  # every shipped pack validates


def _house_project(tmp_path: Path, pack: str, article: str) -> None:
    """A project whose config loads ``house.yaml`` and selects its HOUSE rules."""
    write(tmp_path / "house.yaml", pack)
    write(tmp_path / ".factlint.yaml", "packs: [house.yaml]\nselect: [HOUSE]\n")
    write(tmp_path / "a.md", article)


def test_custom_rule_from_pack(run_cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    _house_project(tmp_path, (
        "rule: HOUSE101\n"
        "define:\n  name: house-banned-phrase\n  severity: error\n"
        "  summary: Phrases the house style bans.\n  message: \"'{match}' is banned: {reason}\"\n"
        "entries:\n  - phrase: must-watch\n    reason: say why instead\n"
        "  - regex: '\\bepic\\s+fail\\b'\n    reason: slang\n"
    ), "# Title\n\nThis is a Must-Watch show, not an epic  fail.\n")
    r = run_cli("check", "a.md", cwd=tmp_path)
    assert r.code == 1
    assert r.out.splitlines()[:4] == [
        "a.md:3:11: error HOUSE101 'Must-Watch' is banned: say why instead [house-banned-phrase]",
        "    Must-Watch",
        "a.md:3:35: error HOUSE101 'epic  fail' is banned: slang [house-banned-phrase]",
        "    epic  fail",
    ]
    listing = run_cli("rules", cwd=tmp_path).out
    assert "HOUSE101" in listing and "house-banned-phrase" in listing
    assert "Phrases the house style bans." in run_cli("rule", "house-banned-phrase",
                                                      cwd=tmp_path).out


def test_pack_for_unknown_rule_without_define(run_cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    write(tmp_path / "p.yaml", "rule: ZZ9\nentries: [x]\n")
    write(tmp_path / "a.md", "# T\n\nx\n")
    r = run_cli("check", "--config", str(write(tmp_path / "c.yaml", "packs: [p.yaml]\n")),
                "a.md", cwd=tmp_path)
    assert r.code == 2 and "pack feeds unknown rule ZZ9" in r.err


def test_token_pattern_entries_match_lemmas(run_cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    write(tmp_path / "p.yaml", (
        "rule: HOUSE7\ndefine:\n  name: garner-claim\n  summary: s\n"
        "entries:\n  - pattern: [{LEMMA: garner}, {OP: '*', IS_PUNCT: false}, "
        "{LOWER: following}]\n    reason: unsupported reception claim\n"
    ))
    write(tmp_path / "a.md", "# T\n\nThe show has garnered a dedicated following. "
          "It garners a following everywhere.\n")
    r = run_cli("check", "--config", str(write(tmp_path / "c.yaml",
                                               "packs: [p.yaml]\nselect: [HOUSE7]\n")),
                "a.md", cwd=tmp_path)
    assert [line.split(": ")[0] for line in r.out.splitlines() if line.startswith("a.md")] == [
        "a.md:3:14", "a.md:3:49"]


def test_custom_rule_reads_only_its_scope(run_cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    _house_project(tmp_path, (
        "rule: HOUSE102\n"
        "define:\n  name: heading-hype\n  summary: Hype in headings.\n  scope: [headings]\n"
        "entries:\n  - phrase: insane\n    reason: hype\n"
    ), "# An insane finale\n\nThe finale is insane.\n\n> Insane, he said.\n")
    r = run_cli("check", "a.md", cwd=tmp_path)
    assert [line.split(" ", 1)[0] for line in r.out.splitlines() if "HOUSE102" in line] == [
        "a.md:1:6:"]


def _same(a: object, b: object) -> None:
    """Equal, of the same types all the way down, with the same recorded lines."""
    from factlint.yamlio import LineDict, LineList

    assert type(a) is type(b)
    if isinstance(a, LineDict | LineList):
        assert (a.line, a.lines) == (b.line, b.lines)  # type: ignore[union-attr]
    if isinstance(a, dict):
        assert isinstance(b, dict) and list(a) == list(b)
        for key in a:
            _same(a[key], b[key])
    elif isinstance(a, list):
        assert isinstance(b, list) and len(a) == len(b)
        for x, y in zip(a, b, strict=True):
            _same(x, y)
    else:
        assert a == b


def test_kept_builtin_packs_are_the_yaml_ones(tmp_path: Path,
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    from factlint import packcache

    monkeypatch.setattr(packcache, "_folder", lambda: tmp_path / "kept")
    monkeypatch.setattr(sys, "dont_write_bytecode", False)
    shipped = sorted(builtin_pack_dir().rglob("*.yaml"))
    yaml_packs = [load_pack(p, trusted=True) for p in shipped]
    first = PackSet.load()  # reads the YAML and keeps it
    (kept,) = (tmp_path / "kept").glob("packs.*.marshal")
    second = PackSet.load()  # from the kept form
    assert second.signature() == first.signature() == PackSet(yaml_packs).signature()
    for want, got in zip(yaml_packs, second.packs, strict=True):
        assert want == got
        _same(want.data, got.data)
        _same(want.define, got.define)
        for a, b in zip(want.entries, got.entries, strict=True):
            assert a == b and type(a.severity) is type(b.severity)
            _same(a.value, b.value)
    assert any(p.data for p in second.packs) and any(
        e.severity is not None for p in second.packs for e in p.entries)

    # Damaged, or written for other packs: ignored, the YAML read again.
    kept.write_bytes(b"\x00garbage")
    assert PackSet.load().signature() == first.signature()
    assert kept.read_bytes() != b"\x00garbage"  # and kept again


def test_a_changed_pack_is_read_again(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from factlint import packcache

    monkeypatch.setattr(packcache, "_folder", lambda: tmp_path / "kept")
    monkeypatch.setattr(sys, "dont_write_bytecode", False)
    pack = write(tmp_path / "rules" / "x.yaml", "rule: FL204\nentries:\n  - phrase: alpha\n")
    first = packcache.load_builtin([pack], lambda p: load_pack(p, trusted=True), (Pack, Entry))
    pack.write_text("rule: FL204\nentries:\n  - phrase: beta\n", encoding="utf-8")
    second = packcache.load_builtin([pack], lambda p: load_pack(p, trusted=True), (Pack, Entry))
    assert [e.value for e in first[0].entries] == ["alpha"]
    assert [e.value for e in second[0].entries] == ["beta"]
    assert len(list((tmp_path / "kept").glob("packs.*.marshal"))) == 1  # the old one went


def test_packs_load_where_nothing_can_be_kept(tmp_path: Path,
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    from factlint import packcache

    blocked = tmp_path / "file"
    blocked.write_text("not a folder", encoding="utf-8")
    monkeypatch.setattr(packcache, "_folder", lambda: blocked / "kept")
    assert PackSet.load().signature() == PackSet(
        [load_pack(p, trusted=True) for p in sorted(builtin_pack_dir().rglob("*.yaml"))]
    ).signature()


def test_nothing_is_kept_when_bytecode_is_not_written(tmp_path: Path,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    """PYTHONDONTWRITEBYTECODE (or -B) keeps factlint from writing its packs too."""
    from factlint import packcache

    monkeypatch.setattr(packcache, "_folder", lambda: tmp_path / "kept")
    monkeypatch.setattr(sys, "dont_write_bytecode", True)
    pack = write(tmp_path / "rules" / "x.yaml", "rule: FL204\nentries:\n  - phrase: alpha\n")
    packs = packcache.load_builtin([pack], lambda p: load_pack(p, trusted=True), (Pack, Entry))
    assert [e.value for e in packs[0].entries] == ["alpha"]
    assert not list(tmp_path.glob("kept/packs.*.marshal"))
