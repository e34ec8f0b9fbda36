"""A one-line progress bar on stderr for long runs (only on a terminal; never in reports)."""

from __future__ import annotations

import time
from typing import TextIO

MIN_FILES = 20  # fewer files finish before a bar would be worth drawing


def wanted(stream: TextIO, files: int, quiet: bool) -> bool:
    """Draw a bar only for many files, on an interactive stderr, and not with --quiet."""
    try:
        interactive = stream.isatty()
    except (AttributeError, ValueError):
        interactive = False
    return interactive and files >= MIN_FILES and not quiet


class Progress:
    """Redraws ``checked N/M files [####----]`` at most ten times a second."""

    def __init__(self, stream: TextIO, width: int = 30) -> None:
        self.stream = stream
        self.width = width
        self._last = 0.0
        self._drawn = False

    def __call__(self, done: int, total: int) -> None:
        now = time.monotonic()
        if done < total and now - self._last < 0.1:
            return
        self._last = now
        filled = self.width * done // max(total, 1)
        bar = "#" * filled + "-" * (self.width - filled)
        self.stream.write(f"\rfactlint: checked {done}/{total} files [{bar}]")
        self.stream.flush()
        self._drawn = True

    def close(self) -> None:
        """Erase the bar so that findings and messages start on a clean line."""
        if self._drawn:
            self.stream.write("\r\x1b[K")
            self.stream.flush()
            self._drawn = False
