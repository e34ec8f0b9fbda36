"""The language server (``factlint lsp``); needs the ``lsp`` extra (pygls)."""

from __future__ import annotations

from factlint.errors import UsageError

MISSING = ("the language server needs pygls, which is not installed: "
           "pip install 'factlint[lsp]'")


def serve() -> None:
    """Run the language server over stdio (one-line error, exit 2, without pygls)."""
    try:
        import lsprotocol  # noqa: F401
        import pygls  # noqa: F401
    except ImportError:
        raise UsageError(MISSING) from None
    from factlint.lsp.server import serve as run

    run()
