"""Errors that end up as one clear line on stderr and exit code 2, never a traceback."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from factlint.safeio import FileTooLarge, NotRegularFile


class FactlintError(Exception):
    """A problem with the user's input, configuration or invocation.

    ``str(error)`` is the complete one-line message shown to the user; when the
    problem sits in a file, the message starts with ``path:line:``.
    """

    def __init__(self, message: str, *, path: str | None = None, line: int | None = None):
        self.path = path
        self.line = line
        self.detail = message
        where = ""
        if path is not None:
            where = f"{path}:{line}: " if line is not None else f"{path}: "
        super().__init__(f"{where}{message}")


class InputError(FactlintError):
    """An article that cannot be read or decoded; other files of the run go on."""


class ConfigError(FactlintError):
    """A malformed configuration, rule pack or reference file."""


class UsageError(FactlintError):
    """A bad command-line request (unknown rule id, bad option value)."""


@contextmanager
def reading(
    path: str, error: type[FactlintError], kind: str, *, name_broken_links: bool = False
) -> Iterator[None]:
    """Turn the OS's reasons for not reading ``path`` into one-line ``error``s.

    ``kind`` names what the file should have been ("an article", "a YAML file").
    """
    try:
        yield
    except FileNotFoundError:
        if name_broken_links and Path(path).is_symlink():
            raise error("broken symbolic link (its target does not exist)", path=path) from None
        raise error("no such file", path=path) from None
    except IsADirectoryError:
        raise error(f"is a directory, not {kind}", path=path) from None
    except PermissionError:
        raise error("permission denied", path=path) from None
    except NotRegularFile as exc:
        raise error(f"is {exc.kind}, not a regular file; only regular files are read",
                    path=path) from None
    except FileTooLarge as exc:
        raise error(str(exc.strerror), path=path) from None
    except OSError as exc:
        raise error(f"cannot read file: {exc.strerror or exc}", path=path) from None
