"""Finding the article files of a run: files, folders (recursively) and stdin."""

from __future__ import annotations

import fnmatch
import glob
import os
import subprocess
from dataclasses import dataclass, field
from pathlib import Path

from factlint.parse import LINTABLE_SUFFIXES

SKIP_DIRS = {"node_modules", "__pycache__", "venv", "site-packages", "_build", "build", "dist"}


@dataclass
class Collected:
    files: list[str] = field(default_factory=list)
    errors: list[tuple[str, str]] = field(default_factory=list)  # (path, message)


def display_path(path: Path) -> str:
    """Paths are shown relative to the current directory when below it, else as given.

    A symlink is shown under its own name (a broken or looping link must be
    recognisable in the error), falling back to its resolved location.
    """
    cwd = Path.cwd()
    for candidate, base in ((Path(os.path.abspath(path)), cwd), (_resolve(path), _resolve(cwd))):
        try:
            return str(candidate.relative_to(base))
        except ValueError:
            continue
    return str(path)


def _resolve(path: Path) -> Path:
    """``path.resolve()``, or the absolute path when symlinks loop (resolve raises then)."""
    try:
        return path.resolve()
    except (OSError, RuntimeError):
        return Path(os.path.abspath(path))


def excluded(path: str, patterns: list[str]) -> bool:
    norm = path.replace(os.sep, "/")
    return any(
        fnmatch.fnmatch(norm, pat) or fnmatch.fnmatch(Path(norm).name, pat)
        or norm.startswith(pat.rstrip("/") + "/")
        for pat in patterns
    )


OUTSIDE = "symbolic link leads outside the checked tree; pass --follow-symlinks to check it"


def _within(real: str, roots: list[str]) -> bool:
    return any(real == root or real.startswith(root.rstrip(os.sep) + os.sep) for root in roots)


def collect(
    paths: list[str], exclude: list[str] | None = None, *, follow_symlinks: bool = False
) -> Collected:
    """Expand ``paths`` into article files, sorted and de-duplicated.

    Files named explicitly are always checked; folders contribute their ``.md``,
    ``.markdown`` and ``.txt`` files, skipping hidden folders, git-ignored files and
    ``exclude`` globs. Missing paths, unreadable sub-folders and folders with nothing to
    check are errors.

    A path that does not exist but holds glob characters (``'posts/**/*.md'``, quoted so
    the shell leaves it alone, as ruff and markdownlint-cli2 take them) is expanded: its
    matches are checked as if found in a folder (hidden, git-ignored and excluded files
    and other file types are skipped), and a pattern that matches nothing is an error. A
    path starting with ``!`` (``'!drafts/**'``) excludes what it matches.

    A file reached through a symbolic link is checked only when the link's target lies in
    the checked tree (the current folder or a folder named in ``paths``), unless
    ``follow_symlinks``: a link in a repository must not pull ``/etc/passwd`` into a report.
    """
    exclude = [*(exclude or []), *(raw[1:] for raw in paths if _negation(raw))]
    paths = [raw for raw in paths if not _negation(raw)] or (["."] if paths else [])
    out = Collected()
    seen: set[str] = set()
    folders = [os.getcwd(), *(raw for raw in paths if os.path.isdir(raw))]
    apparent_roots = [os.path.abspath(f) for f in folders]
    real_roots = [os.path.realpath(f) for f in folders]

    def add(shown: str, real: str, apparent: str) -> None:
        """``apparent``: the absolute path as named, before links are resolved."""
        if shown in seen:
            return
        seen.add(shown)
        if (not follow_symlinks and _within(apparent, apparent_roots)
                and not _within(real, real_roots)):
            out.errors.append((shown, OUTSIDE))
        else:
            out.files.append(shown)

    def take(raw: str, found: list[tuple[str, str, str]], problems: list[tuple[str, str]],
             none_found: str) -> None:
        """The files a pattern or folder ``raw`` gave, its problems, or ``none_found``."""
        out.errors.extend(problems)
        if not found and not problems:
            out.errors.append((raw, none_found))
        for f, real, apparent in found:
            add(f, real, apparent)

    for raw in paths:
        p = Path(raw)
        missing = not p.exists() and not p.is_symlink()
        if missing and is_pattern(raw):
            take(raw, *_glob(raw, exclude), "no Markdown or text articles match this pattern")
        elif missing:
            out.errors.append((raw, "no such file or directory"))
        elif p.is_dir():
            take(raw, *_walk(p, exclude), "no Markdown or text articles found in this folder")
        else:
            add(display_path(p), os.path.realpath(raw), os.path.abspath(raw))
    return out


def _negation(path: str) -> bool:
    """``!drafts/**``: an exclusion given as an argument (unless such a file exists)."""
    return path.startswith("!") and len(path) > 1 and not os.path.lexists(path)


def is_pattern(path: str) -> bool:
    """``path`` holds glob characters (``*``, ``?``, ``[``)."""
    return any(ch in path for ch in "*?[")


def _glob(pattern: str, exclude: list[str]) -> tuple[list[tuple[str, str, str]],
                                                    list[tuple[str, str]]]:
    """What a glob pattern names, with the rules of a folder walk: ``**`` crosses folders,
    ``*`` matches no hidden name, folders are walked, files must be articles."""
    found: dict[str, tuple[str, str, str]] = {}
    problems: list[tuple[str, str]] = []
    for match in sorted(glob.glob(pattern, recursive=True)):
        parts = Path(match).parts
        if any(part.startswith(".") and part not in (".", "..") for part in parts) or any(
                part in SKIP_DIRS for part in parts):
            continue
        if os.path.isdir(match):
            walked, trouble = _walk(Path(match), exclude)
            problems += trouble
            for item in walked:
                found.setdefault(item[0], item)
            continue
        if os.path.splitext(match)[1].lower() not in LINTABLE_SUFFIXES:
            continue
        shown = display_path(Path(match))
        if not excluded(shown, exclude):
            found.setdefault(shown, (shown, os.path.realpath(match), os.path.abspath(match)))
    ignored = _git_ignored(Path("."), sorted({real for _, real, _ in found.values()}))
    return [item for _, item in sorted(found.items()) if item[1] not in ignored], problems


def _walk(root: Path, exclude: list[str]) -> tuple[list[tuple[str, str, str]],
                                                   list[tuple[str, str]]]:
    """(shown path, real path, absolute path as found) of the folder's articles, and the
    sub-folders that could not be listed."""
    # Paths are shown as display_path() would, but computed with one realpath per folder
    # (and per symlinked file) instead of a full resolve per file: folders of thousands
    # of articles are listed in milliseconds.
    cwd = os.path.realpath(os.getcwd())
    prefix = cwd if cwd.endswith(os.sep) else cwd + os.sep

    def shown(folder: str, real_folder: str, name: str) -> tuple[str, str]:
        full = os.path.join(folder, name)
        if os.path.islink(full):  # shown under its own name: a broken link must be findable
            return display_path(Path(full)), os.path.realpath(full)
        real = os.path.join(real_folder, name)
        if real.startswith(prefix):
            return real[len(prefix):], real
        return (str(Path(folder, name)) if real != cwd else "."), real

    found: dict[str, str] = {}  # shown -> real path
    apparent: dict[str, str] = {}  # shown -> absolute path as found
    problems: list[tuple[str, str]] = []

    def unreadable(exc: OSError) -> None:
        where = display_path(Path(exc.filename)) if exc.filename else str(root)
        reason = "permission denied" if isinstance(exc, PermissionError) else (
            exc.strerror or str(exc))
        problems.append((where, f"cannot read folder: {reason}"))

    for folder, dirs, files in os.walk(root, onerror=unreadable):  # no symlink loops
        real_folder = os.path.realpath(folder)
        dirs[:] = sorted(
            d for d in dirs
            if not d.startswith(".") and d not in SKIP_DIRS
            and not excluded(shown(folder, real_folder, d)[0], exclude)
        )  # fmt: skip
        for name in sorted(files):
            if name.startswith("."):
                continue
            if os.path.splitext(name)[1].lower() not in LINTABLE_SUFFIXES:
                continue
            path, real = shown(folder, real_folder, name)
            if not excluded(path, exclude):
                found[path] = real
                apparent[path] = os.path.abspath(os.path.join(folder, name))
    ignored = _git_ignored(root, sorted(set(found.values())))
    return sorted((path, real, apparent[path]) for path, real in found.items()
                  if real not in ignored), problems


def _git_ignored(root: Path, files: list[str]) -> set[str]:
    """Which of ``files`` (real paths) git ignores (empty when git or a repository is
    unavailable)."""
    if not files:
        return set()
    try:
        # Bytes, not text: a file name need not be valid UTF-8 (os.fsencode restores the
        # bytes Python kept as surrogates).
        proc = subprocess.run(
            ["git", "-C", str(root), "check-ignore", "--stdin", "-z"],
            input=b"".join(os.fsencode(f) + b"\0" for f in files),
            capture_output=True, timeout=30, check=False,
        )
    except (OSError, subprocess.SubprocessError):
        return set()
    if proc.returncode not in (0, 1):
        return set()
    wanted = set(files)
    names = [os.fsdecode(x) for x in proc.stdout.split(b"\0") if x]
    return {x if x in wanted else os.path.realpath(x) for x in names}
