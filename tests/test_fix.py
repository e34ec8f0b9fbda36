"""``check --fix``, ``--unsafe-fixes`` and ``--fix --diff``: what is fixed, and how files are
written (atomically, with their encoding and line endings, never over someone's edit)."""

from __future__ import annotations

import json
import os
import shutil
import stat
import subprocess
from pathlib import Path

import pytest

from factlint import fixer
from factlint.cache import valid_finding
from factlint.finding import Applicability, Edit, Finding, Fix, Severity
from factlint.registry import all_rules
from tests.conftest import FIXTURES, write

FIXES = FIXTURES / "fixes"
OSHI = FIXTURES / "oshi-no-ko.facts.yaml"
CASES = sorted(p for p in FIXES.iterdir() if p.suffix in (".md", ".txt")
               and not p.stem.endswith(".fixed"))


def _expected(case: Path) -> Path:
    return case.with_name(f"{case.stem}.fixed{case.suffix}")


def _args(case: Path) -> list[str]:
    """The rule a fixture is named after, its facts, and whether it shows unsafe fixes."""
    code = case.stem.split("-")[0]
    args = ["check", "--isolated", "--no-cache", "--select", code]
    if code.startswith("FL4"):
        args += ["--facts", str(OSHI)]
    return args + (["--unsafe-fixes"] if case.stem.endswith("-unsafe") else [])


def _fixable(run_cli, args: list[str], path: Path, unsafe: bool) -> list[dict]:  # type: ignore[no-untyped-def,type-arg]
    """The findings of ``path`` that --fix (or --unsafe-fixes) would still fix."""
    plain = [a for a in args if a != "--unsafe-fixes"]
    data = json.loads(run_cli(*plain, "--format", "json", str(path)).out)
    return [f for f in data["findings"] if "fix" in f
            and (unsafe or f["fix"]["applicability"] == "safe")]


def test_every_fixable_rule_has_a_fix_fixture() -> None:
    codes = {case.stem.split("-")[0] for case in CASES}
    fixable = {r.code for r in all_rules() if r.fixable is not None}
    assert fixable == codes
    for case in CASES:
        assert _expected(case).is_file(), case


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_fix_writes_the_expected_text_and_a_second_run_changes_nothing(
    run_cli, tmp_path: Path, case: Path,  # type: ignore[no-untyped-def]
) -> None:
    args = _args(case)
    unsafe = "--unsafe-fixes" in args
    target = tmp_path / case.name
    shutil.copyfile(case, target)
    assert _fixable(run_cli, args, target, unsafe), "the fixture has nothing to fix"

    name = target.name  # shown as given, relative to the current folder
    diff = run_cli(*args, "--fix", "--diff", name, cwd=tmp_path)
    assert diff.code == 1 and diff.out.startswith(f"--- {name}\n+++ {name}\n")
    assert target.read_bytes() == case.read_bytes()  # --diff writes nothing

    r = run_cli(*args, "--fix", name, cwd=tmp_path)
    assert r.code in (0, 1), r.err
    assert target.read_text(encoding="utf-8") == _expected(case).read_text(encoding="utf-8")
    assert "factlint: fixed " in r.err and "remaining)" in r.err
    assert not _fixable(run_cli, args, target, unsafe)

    # Idempotent: a second --fix finds nothing to do and leaves the bytes alone.
    fixed = target.read_bytes()
    again = run_cli(*args, "--fix", name, cwd=tmp_path)
    assert "fixed 0 findings in 0 files" in again.err
    assert target.read_bytes() == fixed
    assert run_cli(*args, "--fix", "--diff", name, cwd=tmp_path).code == 0

    # The diff printed before the fix turns the original into exactly what --fix wrote.
    patched = tmp_path / "patched" / case.name
    patched.parent.mkdir()
    shutil.copyfile(case, patched)
    _patch(patched, diff.out)
    assert patched.read_bytes() == fixed


def _patch(target: Path, diff: str) -> None:
    proc = subprocess.run(["patch", "--binary", "-p0", "--no-backup-if-mismatch"],
                          input=diff.encode("utf-8"), cwd=target.parent, capture_output=True,
                          check=False, timeout=60)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert not list(target.parent.glob("*.rej")) and not list(target.parent.glob("*.orig"))


def test_safe_fix_leaves_unsafe_fixes_alone(run_cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    target = tmp_path / "a.md"
    shutil.copyfile(FIXES / "FL401-unsafe.md", target)
    r = run_cli("check", "--isolated", "--no-cache", "--facts", str(OSHI), "--select", "FL401",
                "--fix", str(target), cwd=tmp_path)
    assert r.code == 1 and "fixed 0 findings in 0 files (3 remaining)" in r.err
    assert target.read_bytes() == (FIXES / "FL401-unsafe.md").read_bytes()


# -- encodings and line endings ------------------------------------------------------------
ENCODED = {
    "bom-crlf.md": b"\xef\xbb\xbf# The the title\r\n\r\nIt was great!!!\r\n\r\nBack to top\r\n",
    "cr.txt": b"A short review\r\rThe finale was was loud!!\r",
    "mixed.md": b"# Title\r\n\r\nA line with with a slip\nand a second line.\r\n",
    "no-final-newline.md": "# Caf\u00e9 night\n\nThe caf\u00e9 caf\u00e9 is open!!".encode(),
}
FIXED = {
    "bom-crlf.md": b"\xef\xbb\xbf# The title\r\n\r\nIt was great!\r\n",
    "cr.txt": b"A short review\r\rThe finale was loud!\r",
    "mixed.md": b"# Title\r\n\r\nA line with a slip\nand a second line.\r\n",
    "no-final-newline.md": "# Caf\u00e9 night\n\nThe caf\u00e9 is open!".encode(),
}


def test_fix_keeps_bom_line_endings_and_permissions(run_cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    for name, data in ENCODED.items():
        write(tmp_path / name, data)
        os.chmod(tmp_path / name, 0o640)
    latin1 = write(tmp_path / "latin1.md", "Caf\xe9 caf\xe9!!\n".encode("latin-1"))
    diff = run_cli("check", "--isolated", "--no-cache", "--fix", "--diff", *ENCODED, "latin1.md",
                   cwd=tmp_path)
    assert diff.code == 2  # latin1.md cannot be read as UTF-8, and says so
    r = run_cli("check", "--isolated", "--no-cache", "--fix", *ENCODED, "latin1.md",
                cwd=tmp_path)
    assert r.code == 2 and "latin1.md:1: not valid UTF-8" in r.err
    assert latin1.read_bytes() == "Caf\xe9 caf\xe9!!\n".encode("latin-1")
    for name, data in FIXED.items():
        assert (tmp_path / name).read_bytes() == data, name
        assert stat.S_IMODE((tmp_path / name).stat().st_mode) == 0o640
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted([*ENCODED, "latin1.md"])

    patched = tmp_path / "patched"
    patched.mkdir()
    for name, data in ENCODED.items():
        write(patched / name, data)
    _patch(patched / "x", diff.out)
    for name, data in FIXED.items():
        assert (patched / name).read_bytes() == data, name


# -- atomic writes ----------------------------------------------------------------------
@pytest.mark.parametrize("failing", ["os.replace", "os.fsync"])
def test_a_failed_write_leaves_the_original_and_no_temporary_file(
    run_cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, failing: str,  # type: ignore[no-untyped-def]
) -> None:
    original = b"# Title\n\nIt was was fine!!\n"
    target = write(tmp_path / "a.md", original)

    def boom(*args: object, **kwargs: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(failing, boom)
    r = run_cli("check", "--isolated", "--no-cache", "--fix", "a.md", cwd=tmp_path)
    assert r.code == 2
    assert "a.md: cannot write the fixes: No space left on device" in r.err
    assert target.read_bytes() == original
    assert [p.name for p in tmp_path.iterdir()] == ["a.md"]


def test_a_file_changed_since_it_was_read_is_not_touched(
    run_cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,  # type: ignore[no-untyped-def]
) -> None:
    target = write(tmp_path / "a.md", "# Title\n\nIt was was fine!!\n")
    other = write(tmp_path / "b.md", "# Other\n\nThe the end.\n")
    saved = b"# Title\n\nAn editor saved this meanwhile.\n"
    real = fixer.fix_text

    def editor_saves(path: str, text: str, *args, **kwargs):  # type: ignore[no-untyped-def]
        if path.endswith("a.md"):
            target.write_bytes(saved)  # after factlint read the file, before it writes
        return real(path, text, *args, **kwargs)

    monkeypatch.setattr(fixer, "fix_text", editor_saves)
    r = run_cli("check", "--isolated", "--no-cache", "--fix", "a.md", "b.md", cwd=tmp_path)
    assert r.code == 2
    assert "a.md: changed since it was read; left as it is" in r.err
    assert target.read_bytes() == saved
    assert other.read_text(encoding="utf-8") == "# Other\n\nThe end.\n"  # the others go on
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.md", "b.md"]


# -- factlint writes nothing unless --fix is given ------------------------------------------
def test_nothing_is_written_without_fix(run_cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    for name, data in ENCODED.items():
        write(tmp_path / name, data)
    before = {p.name: (p.read_bytes(), p.stat().st_mtime_ns) for p in tmp_path.iterdir()}
    for extra in ([], ["--format", "json"], ["--unsafe-fixes", "--diff"], ["--fix", "--diff"],
                  ["--statistics"]):
        r = run_cli("check", "--isolated", "--no-cache", *extra, *ENCODED, cwd=tmp_path)
        assert r.code == 1, (extra, r.err)
    after = {p.name: (p.read_bytes(), p.stat().st_mtime_ns) for p in tmp_path.iterdir()}
    assert after == before


# -- the command line ---------------------------------------------------------------------
def test_fix_flags_that_do_not_combine(run_cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    write(tmp_path / "a.md", "# T\n\nThe the end.\n")
    for args, message in [
        (["--unsafe-fixes"], "--unsafe-fixes adds to --fix (write) or --diff (show)"),
        (["--fix", "--changed-since", "HEAD"], "do not combine with --changed-since"),
        (["--fix", "-"], "--fix cannot write stdin"),
    ]:
        r = run_cli("check", "--isolated", *args, "a.md", cwd=tmp_path, stdin=b"x")
        assert r.code == 2 and message in r.err, (args, r.err)


def test_fix_diff_of_stdin(run_cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    r = run_cli("check", "--isolated", "--no-cache", "--fix", "--diff", "--stdin-filename",
                "post.md", "-", cwd=tmp_path, stdin=b"# T\n\nThe the end!!\n")
    assert r.code == 1
    assert r.out == ("--- post.md\n+++ post.md\n@@ -1,3 +1,3 @@\n # T\n \n-The the end!!\n"
                     "+The end!\n")
    assert "would fix 2 findings in 1 file" in r.err


def test_json_carries_the_fix_as_ruff_does(run_cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    write(tmp_path / "a.md", "# Title\n\nIt was was fine.\n\n## Same\n\nx\n\n## Same\n\ny\n")
    data = json.loads(run_cli("check", "--isolated", "--no-cache", "--format", "json",
                              "--select", "FL506,FL101", "a.md", cwd=tmp_path).out)
    assert [f["rule"] for f in data["findings"]] == ["FL506", "FL101"]
    fl506 = next(f for f in data["findings"] if f["rule"] == "FL506")
    assert fl506["fix"] == {
        "applicability": "safe", "message": "Delete the repeated 'was'",
        "edits": [{"content": "", "location": {"row": 3, "column": 7},
                   "end_location": {"row": 3, "column": 11}}],
    }
    assert all("fix" not in f for f in data["findings"] if f["rule"] != "FL506")


def test_rules_say_whether_they_fix(run_cli) -> None:  # type: ignore[no-untyped-def]
    data = json.loads(run_cli("rules", "--isolated", "--format", "json").out)
    by_code = {r["code"]: r for r in data["rules"]}
    assert by_code["FL506"]["fix"] == "safe" and by_code["FL401"]["fix"] == "unsafe"
    assert by_code["FL101"]["fix"] is None
    lines = run_cli("rules", "--isolated").out.splitlines()
    assert any(line.startswith("FL506") and " safe " in line for line in lines)
    assert "Safe: factlint check --fix applies it." in run_cli("rule", "FL506").out


# -- the model and the edits --------------------------------------------------------------
def _edit(start: int, end: int, text: str) -> tuple[Edit, ...]:
    return (Edit(start, end, text, 1, start + 1, 1, end + 1),)


def test_overlapping_fixes_wait_for_the_next_pass() -> None:
    text, count = fixer.apply_edits("abcdef", [_edit(1, 3, "X"), _edit(2, 4, "Y"),
                                               _edit(4, 4, "+"), _edit(4, 4, "-")])
    assert (text, count) == ("aXd+ef", 2)


def test_edits_land_on_the_files_own_line_breaks() -> None:
    # Offsets count a CRLF as one character (Document.source); an inserted "\n" is
    # written as the file's own line break.
    text = "ab\r\ncd\r\nef"
    out, count = fixer.apply_edits(text, [_edit(3, 5, "X\nY"), _edit(6, 7, "")])
    assert (out, count) == ("ab\r\nX\r\nY\r\nf", 2)


def test_fix_round_trips_and_the_cache_checks_it() -> None:
    fix = Fix("Write 'x'", _edit(0, 2, "x"), Applicability.UNSAFE)
    finding = Finding("a.md", 1, 1, 1, 3, "FL506", "repeated-word", Severity.WARNING, "m",
                      "ab", fix=fix)
    data = finding.to_dict()
    assert Finding.from_dict(data).fix == fix and valid_finding(data)
    assert "fix" not in Finding.from_dict({**data, "fix": None}).to_dict()
    for bad in ({**data["fix"], "applicability": "maybe"}, {**data["fix"], "edits": []},
                {**data["fix"], "edits": [{**data["fix"]["edits"][0], "start": 5}]},
                {**data["fix"], "edits": [{**data["fix"]["edits"][0], "text": 3}]}):
        assert not valid_finding({**data, "fix": bad}), bad


def test_fixes_follow_suppressions_min_severity_and_overlaps(run_cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    text = ("# Title\n\nIt was was fine. <!-- factlint-disable-line FL506 -->\n\n"
            "Share this article!!!\n\nThe end end.\n")
    target = write(tmp_path / "a.md", text)
    r = run_cli("check", "--isolated", "--no-cache", "--min-severity", "error", "--fix", "a.md",
                cwd=tmp_path)
    assert r.code == 0 and "fixed 0 findings in 0 files (0 remaining)" in r.err
    assert target.read_text(encoding="utf-8") == text
    # The FL204 deletion covers FL504's '!!!': the first is applied, the second is gone
    # with the line. The suppressed repeat stays.
    r = run_cli("check", "--isolated", "--no-cache", "--fix", "a.md", cwd=tmp_path)
    assert "fixed 2 findings in 1 file (0 remaining)" in r.err, r.err
    assert target.read_text(encoding="utf-8") == (
        "# Title\n\nIt was was fine. <!-- factlint-disable-line FL506 -->\n\nThe end.\n")
