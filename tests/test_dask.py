"""``--executor dask``: a LocalCluster of two worker processes checks generated articles
(near-duplicate paragraphs across files, so FL206's distributed join has work) and the
report is byte-identical to ``--jobs 1``'s."""

from __future__ import annotations

import random
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import REPO, write

_SUBJECTS = ["The studio", "The director", "The composer", "The publisher", "The lead actor"]
_VERBS = ["confirmed", "revealed", "hinted", "explained", "announced"]
_OBJECTS = ["the second season of Moonlit Garden", "a remastered edition of Ember Road",
            "the sequel to Paper Lanterns", "a concert tour for Neon Tide",
            "the final arc of Glass Harbor", "a live-action film of Silver Orchard"]
_DETAILS = ["would premiere in April with the original cast returning",
            "was recorded with a string quartet in a converted chapel",
            "drops the open world for a tighter set of handcrafted levels",
            "keeps the painterly backgrounds that fans praised in the first season",
            "moves the story to a coastal town during a long and stormy winter",
            "adds a photo mode and a revised handling model for rear-wheel cars"]


def _paragraph(rng: random.Random) -> str:
    return " ".join(f"{rng.choice(_SUBJECTS)} {rng.choice(_VERBS)} that {rng.choice(_OBJECTS)} "
                    f"{rng.choice(_DETAILS)}." for _ in range(3))


def _archive(folder: Path, count: int = 8) -> None:
    """``count`` articles of three paragraphs; some paragraphs are copied into a later
    article word for word, others with a few words changed."""
    rng = random.Random(19)
    written: list[str] = []
    for k in range(count):
        paragraphs = [_paragraph(rng) for _ in range(3)]
        if k >= 3:
            source = rng.choice(written)
            if k % 2:
                source = source.replace(" that ", " that, it seems, ", 1).replace(
                    "confirmed", "stated", 1)
            paragraphs[1] = source
        written += paragraphs
        body = "\n\n".join(paragraphs)
        write(folder / f"{k // 4:02d}" / f"post-{k:02d}.md", f"# Post {k}\n\n{body}\n")


def _check(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "factlint", "check", *args], cwd=REPO,
                          capture_output=True, text=True, check=False, timeout=900)


def test_dask_report_equals_jobs_1(tmp_path: Path) -> None:
    """One cluster run covers both sources of FL206's band records: half the files come
    from the cache (their records are emitted by the client), the other half and a bad
    file are checked on the workers (records emitted there)."""
    pytest.importorskip("distributed")
    _archive(tmp_path / "archive")
    target = str(tmp_path / "archive")
    cache = str(tmp_path / "cache")
    assert _check("--cache-dir", cache, "--jobs", "1", target).returncode == 1
    for k in (1, 3, 4, 6):
        changed = tmp_path / "archive" / f"{k // 4:02d}" / f"post-{k:02d}.md"
        changed.write_text(changed.read_text(encoding="utf-8") + "\nA new closing line.\n",
                           encoding="utf-8")
    write(tmp_path / "archive" / "bad.md", b"\xff\xfe\x00binary\x00")  # reported, not fatal
    dask = _check("--cache-dir", cache, "--executor", "dask", "--jobs", "2", target)
    local = _check("--no-cache", "--jobs", "1", target)
    assert local.returncode == dask.returncode == 2  # the bad file is an error
    assert dask.stdout == local.stdout
    assert dask.stderr == local.stderr
    assert "FL206" in local.stdout and "reworded" in local.stdout  # the join found them
    assert "word for word" in local.stdout
    # the copies found involve both checked and cached files
    reported = {line.split(":")[0] for line in local.stdout.splitlines() if "FL206" in line}
    assert any("post-04" in p or "post-06" in p for p in reported)
    assert any("post-05" in p or "post-07" in p for p in reported)


def test_dask_without_distributed_is_a_one_line_error(run_cli, monkeypatch, tmp_path) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setitem(sys.modules, "distributed", None)  # import distributed fails
    _archive(tmp_path, 2)
    result = run_cli("check", "--executor", "dask", str(tmp_path))
    assert result.code == 2
    assert result.err.strip().splitlines() == [
        "factlint: error: --executor dask needs the 'distributed' package: "
        "pip install 'factlint[dask]'"]


def test_scheduler_needs_the_dask_executor(run_cli, tmp_path) -> None:  # type: ignore[no-untyped-def]
    _archive(tmp_path, 2)
    result = run_cli("check", "--scheduler", "tcp://127.0.0.1:1", str(tmp_path))
    assert result.code == 2
    assert "--scheduler needs --executor dask" in result.err


def test_unreachable_scheduler_is_a_one_line_error(tmp_path: Path) -> None:
    pytest.importorskip("distributed")
    _archive(tmp_path, 2)
    run = _check("--executor", "dask", "--scheduler", "tcp://127.0.0.1:9", str(tmp_path))
    assert run.returncode == 2
    lines = run.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith(
        "factlint: error: cannot start or reach the Dask scheduler at tcp://127.0.0.1:9")
