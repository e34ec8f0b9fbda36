"""Config discovery, precedence, validation with file:line, per-path ignores."""

from __future__ import annotations

from pathlib import Path

from tests.conftest import write

DUP = "# T\n\n## Same\n\nThe first body text.\n\n## Same\n\nThe second body text.\n"


def test_discovered_by_walking_up(run_cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    write(tmp_path / ".factlint.yaml", "severity:\n  FL101: error\n")
    write(tmp_path / "posts" / "deep" / "a.md", DUP)
    r = run_cli("check", "a.md", cwd=tmp_path / "posts" / "deep")
    assert "a.md:7:4: error FL101" in r.out


def test_pyproject_table(run_cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    write(tmp_path / "pyproject.toml", "[project]\nname='x'\n\n[tool.factlint]\n"
          "ignore = ['FL101']\n")
    write(tmp_path / "a.md", DUP)
    r = run_cli("check", "a.md", cwd=tmp_path)
    assert r.code == 0 and "FL101" not in r.out


def test_nearest_config_wins_and_cli_flags_win_over_config(run_cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    write(tmp_path / ".factlint.yaml", "ignore: [FL101]\n")
    write(tmp_path / "sub" / ".factlint.yaml", "select: [FL101]\nfail-on: error\n")
    write(tmp_path / "sub" / "a.md", DUP)
    r = run_cli("check", "a.md", cwd=tmp_path / "sub")
    assert "FL101" in r.out and r.code == 0  # warning < fail-on error
    r = run_cli("check", "--fail-on", "warning", "a.md", cwd=tmp_path / "sub")
    assert r.code == 1
    r = run_cli("check", "--ignore", "FL101", "a.md", cwd=tmp_path / "sub")
    assert "FL101" not in r.out
    r = run_cli("check", "--isolated", "--select", "FL002", "a.md", cwd=tmp_path / "sub")
    assert r.code == 0


def test_explicit_config_file(run_cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    write(tmp_path / "conf" / "strict.yaml", "severity: {duplicate-heading: info}\n")
    write(tmp_path / "a.md", DUP)
    r = run_cli("check", "--config", "conf/strict.yaml", "a.md", cwd=tmp_path)
    assert "a.md:7:4: info FL101" in r.out and r.code == 0  # info is below fail-on warning
    assert run_cli("check", "--config", "conf/strict.yaml", "--fail-on", "info", "a.md",
                   cwd=tmp_path).code == 1


def test_unknown_key_reports_file_and_line(run_cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    write(tmp_path / ".factlint.yaml", "select: [FL1]\n\nignor: [FL101]\n")
    write(tmp_path / "a.md", DUP)
    r = run_cli("check", "a.md", cwd=tmp_path)
    assert r.code == 2
    assert r.err.startswith("factlint: error: ")
    assert ".factlint.yaml:3: unknown key 'ignor'" in r.err


def test_unknown_rule_id_in_config(run_cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    write(tmp_path / ".factlint.yaml", "select: [FL1]\nignore:\n  - FL777\n")
    write(tmp_path / "a.md", DUP)
    r = run_cli("check", "a.md", cwd=tmp_path)
    assert r.code == 2 and ".factlint.yaml:2: unknown rule id 'FL777'" in r.err


def test_malformed_yaml_reports_line(run_cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    write(tmp_path / ".factlint.yaml", "select: [FL1\nignore: x\n")
    write(tmp_path / "a.md", DUP)
    r = run_cli("check", "a.md", cwd=tmp_path)
    assert r.code == 2 and "Traceback" not in r.err
    assert r.err.count("\n") == 1
    assert ".factlint.yaml:2: invalid YAML" in r.err


def test_duplicate_keys_and_bad_option(run_cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    write(tmp_path / "a.md", DUP)
    write(tmp_path / "dup.yaml", "select: [FL1]\nselect: [FL2]\n")
    r = run_cli("check", "--config", "dup.yaml", "a.md", cwd=tmp_path)
    assert r.code == 2 and "dup.yaml:2: duplicate key 'select'" in r.err
    write(tmp_path / "opt.yaml", "rules:\n  FL101:\n    nonsense: 3\n")
    r = run_cli("check", "--config", "opt.yaml", "a.md", cwd=tmp_path)
    assert r.code == 2 and "opt.yaml:2: rule FL101 has no option 'nonsense'" in r.err
    write(tmp_path / "sev.yaml", "severity:\n  FL101: loud\n")
    r = run_cli("check", "--config", "sev.yaml", "a.md", cwd=tmp_path)
    assert r.code == 2 and "unknown severity 'loud'" in r.err


def test_per_path_ignores_and_exclude(run_cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    write(tmp_path / ".factlint.yaml",
          "per-path-ignores:\n  'archive/*': [FL1]\nexclude: ['drafts']\n")
    write(tmp_path / "archive" / "old.md", DUP)
    write(tmp_path / "posts" / "new.md", DUP)
    write(tmp_path / "drafts" / "wip.md", DUP)
    r = run_cli("check", ".", cwd=tmp_path)
    assert "posts/new.md:7:4" in r.out
    assert "archive/old.md" not in r.out
    assert "drafts" not in r.out
    assert "2 files checked" in r.out


def test_yaml_alias_bomb_is_refused(run_cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    lines = ['a: &a ["x","x","x","x","x","x","x","x","x"]']
    for i in range(1, 30):
        prev = chr(ord("a") + i - 1) if i < 26 else f"z{i - 1}"
        cur = chr(ord("a") + i) if i < 26 else f"z{i}"
        lines.append(f"{cur}: &{cur} [" + ",".join([f"*{prev}"] * 9) + "]")
    write(tmp_path / "bomb.yaml", "\n".join(lines) + "\n")
    write(tmp_path / "a.md", DUP)
    r = run_cli("check", "--config", "bomb.yaml", "a.md", cwd=tmp_path)
    assert r.code == 2 and "too many YAML aliases" in r.err
