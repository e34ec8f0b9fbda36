"""Baselines: record today's findings once, then report only new ones.

A finding is identified by its rule, its file and its excerpt (whitespace-normalised
text it covers), not by line numbers, so edits above it do not make it "new". A
baseline counts identical findings: if a file had two identical findings and now has
three, one is reported. Paths are stored relative to the baseline file, so the run may
start in any folder.
"""

from __future__ import annotations

import json
import os
from collections import Counter
from collections.abc import Iterable
from pathlib import Path

from factlint import __version__
from factlint.errors import ConfigError, UsageError, reading
from factlint.finding import Finding
from factlint.safeio import read_regular, write_atomic

MAX_BASELINE_BYTES = 200 * 1024 * 1024  # a baseline of a million findings is far smaller

BASELINE_VERSION = 1
Key = tuple[str, str, str]  # (rule, path relative to the baseline, excerpt)


def _excerpt(text: str) -> str:
    return " ".join(text.split())


def _key(finding: Finding, base: Path) -> Key:
    path = Path(os.path.abspath(finding.path))
    try:
        rel = Path(os.path.relpath(path, base)).as_posix()
    except ValueError:  # another drive (Windows)
        rel = path.as_posix()
    return (finding.rule, rel, _excerpt(finding.excerpt))


def _base(baseline: str) -> Path:
    return Path(os.path.abspath(baseline)).parent


def write_baseline(baseline: str, findings: Iterable[Finding]) -> int:
    """Write every finding to ``baseline``; returns how many were recorded."""
    counts = Counter(_key(f, _base(baseline)) for f in findings)
    entries = [{"rule": rule, "path": path, "excerpt": excerpt, "count": n}
               for (rule, path, excerpt), n in sorted(counts.items())]
    payload = {"version": BASELINE_VERSION, "generator": f"factlint {__version__}",
               "findings": entries}
    text = json.dumps(payload, indent=2, ensure_ascii=False) + "\n"
    try:
        write_atomic(baseline, text)
    except OSError as exc:
        raise UsageError(f"cannot write baseline {baseline}: {exc.strerror or exc}") from None
    return sum(counts.values())


def load_baseline(baseline: str) -> Counter[Key]:
    """The recorded findings of ``baseline`` (a clear error if it is missing or malformed)."""
    try:
        raw = read_regular(baseline, MAX_BASELINE_BYTES).decode("utf-8")
    except FileNotFoundError:
        raise UsageError(f"baseline {baseline} does not exist; create it with "
                         f"--baseline {baseline} --write-baseline") from None
    except (OSError, UnicodeDecodeError) as exc:
        with reading(baseline, ConfigError, "a baseline file"):
            if isinstance(exc, OSError):
                raise exc
        raise ConfigError("cannot read baseline: not valid UTF-8", path=baseline) from None
    try:
        data = json.loads(raw)
    except ValueError as exc:
        raise ConfigError(f"not a factlint baseline (invalid JSON: {exc})", path=baseline) \
            from None
    if not isinstance(data, dict) or data.get("version") != BASELINE_VERSION or not isinstance(
        data.get("findings"), list
    ):
        raise ConfigError(f"not a factlint baseline (expected version {BASELINE_VERSION} and "
                          "a 'findings' list); rewrite it with --write-baseline", path=baseline)
    counts: Counter[Key] = Counter()
    for i, entry in enumerate(data["findings"]):
        ok = isinstance(entry, dict) and all(
            isinstance(entry.get(k), str) for k in ("rule", "path", "excerpt")
        ) and isinstance(entry.get("count", 1), int) and entry.get("count", 1) > 0
        if not ok:
            raise ConfigError(f"baseline entry {i + 1} is malformed; rewrite the baseline with "
                              "--write-baseline", path=baseline)
        counts[(entry["rule"], entry["path"], entry["excerpt"])] += int(entry.get("count", 1))
    return counts


def new_findings(
    baseline: str, findings: Iterable[Finding], recorded: Counter[Key] | None = None
) -> list[Finding]:
    """Findings not covered by ``baseline`` (or its already loaded ``recorded`` entries),
    in their original order."""
    remaining = Counter(recorded) if recorded is not None else load_baseline(baseline)
    base = _base(baseline)
    out: list[Finding] = []
    for f in findings:
        key = _key(f, base)
        if remaining[key] > 0:
            remaining[key] -= 1
        else:
            out.append(f)
    return out
