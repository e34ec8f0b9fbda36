"""Hashes that key what factlint keeps between runs: of any parts, and of its own code.

A leaf module (the standard library and the version only), so that whatever keeps
something (the result cache, the archive entry, the compiled packs) can key it without
importing the others.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from factlint import __version__


def digest(*parts: str | bytes) -> str:
    """A hex SHA-256 over ``parts`` (separated, so that ("ab", "c") != ("a", "bc"))."""
    h = hashlib.sha256()
    for part in parts:
        data = part.encode("utf-8", "surrogatepass") if isinstance(part, str) else part
        h.update(len(data).to_bytes(8, "little"))
        h.update(data)
    return h.hexdigest()


_CODE_SIGNATURE: str | None = None


def code_signature() -> str:
    """Hash of factlint's own source files: a changed rule invalidates cached results.

    Cheap (a few hundred kilobytes read once per run) and correct both for a released
    package and for a checkout being edited, where the version number does not change.
    """
    global _CODE_SIGNATURE
    if _CODE_SIGNATURE is None:
        root = Path(__file__).resolve().parent
        parts: list[str | bytes] = [__version__]
        for path in sorted(root.rglob("*.py")):
            parts += [path.relative_to(root).as_posix(), path.read_bytes()]
        _CODE_SIGNATURE = digest(*parts)
    return _CODE_SIGNATURE
