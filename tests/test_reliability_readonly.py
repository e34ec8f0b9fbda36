"""factlint never writes to the files it checks (nor adds files beside them)."""

from __future__ import annotations

import os
from pathlib import Path

from tests.conftest import write

PAST = 1_600_000_000_000_000_000  # 2020-09-13, in nanoseconds


def snapshot(folder: Path) -> dict[str, tuple[bytes, int, int]]:
    """Bytes, modification time and mode of every file under ``folder``."""
    out = {}
    for path in sorted(folder.rglob("*")):
        if path.is_file():
            st = path.stat()
            out[str(path.relative_to(folder))] = (path.read_bytes(), st.st_mtime_ns, st.st_mode)
    return out


def test_checked_files_are_byte_for_byte_and_mtime_unchanged(run_cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    articles = tmp_path / "articles"
    write(articles / "dup.md", "# T\n\n## Same\n\nx\n\n## Same\n\ny\n")
    write(articles / "crlf.md", b"# T\r\n\r\n## Same\r\n\r\nx\r\n\r\n## Same\r\n")
    write(articles / "bom.txt",
          b"\xef\xbb\xbfGuide Title\n\nSame Heading\n\nx.\n\nSame Heading\n\ny.\n")
    write(articles / "empty.md", b"")
    write(articles / "suppressed.md", "<!-- factlint-disable FL999 -->\n# T\n\nText.\n")
    write(articles / "front.md", "---\ntitle: [x\n---\n\nBody.\n")
    write(articles / "latin1.md", "Caf\xe9\n".encode("latin-1"))
    write(articles / "sub" / "deep.markdown", "# A\n\n## B\n\n## B\n")
    for path in articles.rglob("*"):
        if path.is_file():
            os.utime(path, ns=(PAST, PAST))
    before = snapshot(articles)
    work = tmp_path / "work"
    work.mkdir()
    for fmt in ("text", "json"):
        r = run_cli("check", "--isolated", "--format", fmt, str(articles), cwd=work)
        assert r.code == 2  # latin1.md cannot be checked; every other file is
        assert "dup.md" in r.out and "crlf.md" in r.out and "bom.txt" in r.out
    r = run_cli("check", "--isolated", "-o", str(work / "report.txt"), str(articles), cwd=work)
    assert (work / "report.txt").is_file()
    assert snapshot(articles) == before
