"""Reading and writing files that may be hostile: bounded, regular-file-only, atomic.

Every file factlint reads (articles, configs, packs, reference files, baselines) goes
through :func:`read_regular`: a named pipe, a device or a socket is refused before it is
opened (opening a FIFO blocks until someone writes to it; ``/dev/zero`` never ends), and
no read takes more than the size limit. Every report or baseline factlint writes goes
through :func:`write_atomic`: a temporary file beside the target, renamed over it only
once complete, so a full disk or a crash leaves the old file as it was.

Text that came from a file or a file name and is printed on a line of its own goes
through :func:`printable`, so it can neither start a new line nor be read as a CI
runner's workflow command.
"""

from __future__ import annotations

import contextlib
import errno
import os
import re
import stat
import tempfile
from typing import IO

DEFAULT_MAX_FILE_SIZE = 20 * 1024 * 1024  # bytes; see the ``max-file-size`` setting

_KINDS = {
    stat.S_IFIFO: "a named pipe (FIFO)",
    stat.S_IFCHR: "a character device",
    stat.S_IFBLK: "a block device",
    stat.S_IFSOCK: "a socket",
}


class NotRegularFile(OSError):
    """The path names a FIFO, device or socket: reading it could block or never end."""

    def __init__(self, kind: str) -> None:
        super().__init__(errno.EINVAL, f"{kind}, not a regular file")
        self.kind = kind


class FileTooLarge(OSError):
    """The file (or stream) is larger than the run's size limit."""

    def __init__(self, size: int | None, limit: int) -> None:
        what = f"{size} bytes" if size is not None else f"more than {limit} bytes"
        super().__init__(errno.EFBIG, f"file is too large ({what}; the limit is {limit}, "
                                      "see max-file-size)")
        self.size = size
        self.limit = limit


def _kind(mode: int) -> str:
    return _KINDS.get(stat.S_IFMT(mode), "not a regular file")


def read_regular(path: str | os.PathLike[str], max_bytes: int | None) -> bytes:
    """The bytes of the regular file ``path`` (symlinks followed), at most ``max_bytes``.

    Raises NotRegularFile, FileTooLarge, IsADirectoryError or the OS's own OSError.
    The type is checked both before opening (so a FIFO is never opened) and on the
    opened descriptor (so a file swapped for a FIFO in between is still refused).
    """
    st = os.stat(path)
    if stat.S_ISDIR(st.st_mode):
        raise IsADirectoryError(errno.EISDIR, "is a directory", str(path))
    if not stat.S_ISREG(st.st_mode):
        raise NotRegularFile(_kind(st.st_mode))
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0)
    fd = os.open(path, flags)
    try:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode):
            raise NotRegularFile(_kind(st.st_mode))
        if max_bytes is not None and st.st_size > max_bytes:
            raise FileTooLarge(st.st_size, max_bytes)
        os.set_blocking(fd, True)
        with os.fdopen(fd, "rb", closefd=False) as handle:
            data = read_bounded(handle, max_bytes)
    finally:
        os.close(fd)
    return data


def read_bounded(stream: IO[bytes], max_bytes: int | None) -> bytes:
    """Read ``stream`` to its end, or raise FileTooLarge as soon as it passes ``max_bytes``
    (``yes | factlint check -`` stops there instead of filling the memory)."""
    if max_bytes is None:
        return stream.read()
    data = stream.read(max_bytes + 1)
    if len(data) > max_bytes:
        raise FileTooLarge(None, max_bytes)
    return data


class FileChanged(OSError):
    """The file is no longer what it was when it was read: it is left as it is."""

    def __init__(self) -> None:
        super().__init__(errno.EAGAIN, "changed since it was read; left as it is")


def write_atomic(path: str | os.PathLike[str], text: str | bytes, *,
                 expect: bytes | None = None) -> None:
    """Replace ``path`` with ``text`` (a str is written as UTF-8) all at once: a temporary
    file in the same folder, flushed to disk, then renamed over the target. On any failure
    the temporary file is removed and the old file is left untouched. A symlinked target is
    written through (its target is replaced, the link stays); the old file's permissions
    are kept. ``expect``: the bytes the file held when it was read; if it holds anything
    else just before the rename (someone saved it meanwhile), FileChanged is raised and
    the file is not touched.
    """
    data = text.encode("utf-8") if isinstance(text, str) else text
    target = os.path.realpath(path)
    folder = os.path.dirname(target) or "."
    try:
        mode: int | None = stat.S_IMODE(os.stat(target).st_mode)
    except FileNotFoundError:
        mode = None
    fd, tmp = tempfile.mkstemp(dir=folder, prefix=".factlint-", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        if mode is not None:
            os.chmod(tmp, mode)
        else:  # what a plain open() would have given it
            umask = os.umask(0)
            os.umask(umask)
            os.chmod(tmp, 0o666 & ~umask)
        if expect is not None and _current(target) != expect:
            raise FileChanged()
        os.replace(tmp, target)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


def _current(path: str) -> bytes | None:
    try:
        with open(path, "rb") as handle:
            return handle.read()
    except OSError:
        return None


def same_file(a: str | os.PathLike[str], b: str | os.PathLike[str]) -> bool:
    """True when writing ``a`` would change ``b``: the same path once symlinks are
    resolved, or the same file under two names (a hard link)."""
    if os.path.realpath(a) == os.path.realpath(b):
        return True
    try:
        return os.path.samefile(a, b)
    except OSError:  # either does not exist (yet)
        return False


# -- text that reaches a terminal or a CI log -------------------------------------------
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff]")
_ESCAPES = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


def _escape(m: re.Match[str]) -> str:
    ch = m.group()
    if ch in _ESCAPES:
        return _ESCAPES[ch]
    code = ord(ch)
    if 0xDC80 <= code <= 0xDCFF:  # a byte of a non-UTF-8 file name (surrogateescape)
        return f"\\x{code - 0xDC00:02x}"
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def printable(text: str) -> str:
    """``text`` safe to print inside one line of a terminal or CI log.

    Control characters (newlines, escape sequences) become backslash escapes, bytes of
    a non-UTF-8 file name become ``\\xNN``, and the two shapes of a GitHub Actions
    workflow command (``##[`` anywhere, ``::`` at the start) get a zero-width space.
    """
    if _CONTROL.search(text):
        text = _CONTROL.sub(_escape, text)
    return neutralise_commands(text)


# A line starts after LF or CR (the runner splits at either); spaces before "::" do not count.
_LINE_COMMAND = re.compile(r"(?:^|(?<=[\r\n]))([^\S\r\n]*)::")


def neutralise_commands(text: str) -> str:
    """Break every ``##[`` and every ``::`` that starts a line (after spaces), the two
    shapes of a GitHub Actions workflow command, with a zero-width space."""
    if "##[" in text:
        text = text.replace("##[", "##\u200b[")
    if "::" in text:
        text = _LINE_COMMAND.sub("\\1\u200b::", text)
    return text


def escape_surrogates(text: str) -> str:
    """A file name's undecodable bytes (kept by Python as lone surrogates) as ``\\xNN``,
    so the name can be encoded as UTF-8 in every report."""
    if not any("\ud800" <= ch <= "\udfff" for ch in text):
        return text
    return re.sub(r"[\ud800-\udfff]", _escape, text)


_NAME = re.compile(r"[\w.\- '’]{1,40}")


def quoted(value: object) -> str:
    """How an error message names a key or value from a data file: ``'name'`` when it
    looks like a name (at most 40 letters, digits, spaces and ``_.-'``), else a note
    that it is not shown, so no error ever repeats a data
    file's content (a password line read as a key) beyond a short, plain name."""
    text = str(value)
    if _NAME.fullmatch(text):
        return f"'{text}'"
    return f"(not a name: {len(text)} characters, not shown)"
