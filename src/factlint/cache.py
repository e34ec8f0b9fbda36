"""Per-file result cache: a re-run on unchanged articles does no parsing and no NLP.

An entry holds everything the engine produced for one file (findings after
suppressions, the summaries cross-file rules collected, suppressed line ranges and,
when asked for, the document view), stored as JSON under
``<cache dir>/v1/<key[:2]>/<key>.json``. The key hashes every input of the result:
the file's path and content, the run signature (factlint version and source code,
selected rules with severities and options, rule packs, per-path ignores, the model
that would be loaded) and the reference files that apply to the file.

Entries are data, never code: they are JSON, objects are rebuilt only for dataclasses
and enums defined by factlint, and an entry that is unreadable, malformed, or written
for another key is ignored (a miss), never trusted. Writes go to a temporary file that
is renamed into place, so a crashed or concurrent run never leaves half an entry.

Entries are authenticated: each carries an HMAC-SHA256 of its key, path and result under
a secret of the cache (``secret.key`` in the cache folder, created on first use, or the
``FACTLINT_CACHE_KEY`` environment variable when set). An entry edited by hand, or copied
from a cache with another secret (a CI cache restored from another branch), is a miss.
In CI, set ``FACTLINT_CACHE_KEY`` from a secret that untrusted branches cannot read, so a
cache they wrote is never replayed. Even an authentic entry's findings are checked field
by field (types, positive line and column numbers, known severities) before use.
"""

from __future__ import annotations

import base64
import contextlib
import dataclasses
import hashlib
import hmac
import importlib
import json
import os
import re
import secrets
import tempfile
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, Any

from factlint.signature import digest

if TYPE_CHECKING:
    from factlint.results import FileResult

CACHE_FORMAT = 2  # 2: entries carry a MAC
DEFAULT_DIR = ".factlint_cache"
SECRET_NAME = "secret.key"
SECRET_ENV = "FACTLINT_CACHE_KEY"
_TAG = "__t"
_MAX_POSITION = 2**31  # lines and columns of a file below the size limit are far smaller
_FINDING_STR = ("path", "rule", "name", "severity", "message", "excerpt")
_FINDING_INT = ("line", "column", "end_line", "end_column")
_SEVERITIES = frozenset({"error", "warning", "info"})
_CODE = re.compile(r"[A-Z][A-Z0-9]{1,15}")


class Uncacheable(Exception):
    """A value the cache cannot store faithfully; the file is simply not cached."""


def model_identity(model: str | None) -> str:
    """Which model a run would load (name and version) and the matrix kernels asked for
    (:func:`factlint.kernels.choice`), found without importing spaCy.

    Mirrors the order of :func:`factlint.nlp.load_nlp`: the requested model, then the
    defaults; "blank" when none is installed.
    """
    import importlib.util

    from factlint import kernels, nlp

    spacy_version = _spacy_version()
    blis = kernels.choice()
    for name in dict.fromkeys([*([model] if model else []), *nlp.DEFAULT_MODELS]):
        folder: Path | None = None
        if Path(name).exists():
            folder = Path(name)
        else:
            try:
                spec = importlib.util.find_spec(name)
            except (ImportError, ValueError):
                spec = None
            if spec is not None and spec.submodule_search_locations:
                folder = Path(next(iter(spec.submodule_search_locations)))
        if folder is None:
            continue
        metas = sorted(folder.glob("*/meta.json")) or [folder / "meta.json"]
        try:
            meta = json.loads(metas[0].read_text(encoding="utf-8"))
            version = str(meta.get("version", "?"))
        except (OSError, ValueError):
            version = "?"
        return f"{name}=={version};spacy=={spacy_version};blis={blis}"
    return f"blank;spacy=={spacy_version};blis={blis}"


def _spacy_version() -> str:
    """spaCy's version from its ``about.py``, read as text (importing spaCy takes a second)."""
    import importlib.util
    import re

    try:
        spec = importlib.util.find_spec("spacy")
    except (ImportError, ValueError):
        spec = None
    if spec is None or not spec.submodule_search_locations:
        return "none"
    about = Path(next(iter(spec.submodule_search_locations))) / "about.py"
    try:
        m = re.search(r"__version__\s*=\s*['\"]([^'\"]+)", about.read_text(encoding="utf-8"))
    except OSError:
        return "unknown"
    return m.group(1) if m else "unknown"


# -- a small tagged JSON codec for rule summaries and document views --------------------
def encode(value: Any) -> Any:
    """Plain JSON for ``value``; tuples, sets, bytes, non-string keys, and factlint
    dataclasses and enums are tagged. Anything else raises :class:`Uncacheable`."""
    if value is None or isinstance(value, bool | int | str):
        return value
    if isinstance(value, float):
        if value != value or value in (float("inf"), float("-inf")):
            raise Uncacheable("non-finite float")
        return value
    if isinstance(value, Enum):
        return {_TAG: "enum", "c": _class_name(type(value)), "v": encode(value.value)}
    if isinstance(value, list):
        return [encode(v) for v in value]
    if isinstance(value, tuple):
        return {_TAG: "tuple", "v": [encode(v) for v in value]}
    if isinstance(value, set | frozenset):
        kind = "set" if isinstance(value, set) else "frozenset"
        return {_TAG: kind, "v": [encode(v) for v in value]}
    if isinstance(value, bytes):
        return {_TAG: "bytes", "v": base64.b64encode(value).decode("ascii")}
    if isinstance(value, dict):
        if all(isinstance(k, str) for k in value) and _TAG not in value:
            return {k: encode(v) for k, v in value.items()}
        return {_TAG: "dict", "v": [[encode(k), encode(v)] for k, v in value.items()]}
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        fields = {f.name: encode(getattr(value, f.name)) for f in dataclasses.fields(value)}
        return {_TAG: "dc", "c": _class_name(type(value)), "v": fields}
    raise Uncacheable(f"cannot cache a {type(value).__name__}")


def decode(value: Any) -> Any:
    """The inverse of :func:`encode`; raises ValueError on anything it did not write."""
    if isinstance(value, list):
        return [decode(v) for v in value]
    if not isinstance(value, dict):
        return value
    tag = value.get(_TAG)
    if tag is None:
        return {k: decode(v) for k, v in value.items()}
    items = value["v"]
    if tag == "tuple":
        return tuple(decode(v) for v in items)
    if tag == "set":
        return {decode(v) for v in items}
    if tag == "frozenset":
        return frozenset(decode(v) for v in items)
    if tag == "bytes":
        return base64.b64decode(items, validate=True)
    if tag == "dict":
        return {decode(k): decode(v) for k, v in items}
    if tag == "enum":
        cls = _factlint_class(value["c"])
        if not issubclass(cls, Enum):
            raise ValueError("not an enum")
        return cls(decode(items))
    if tag == "dc":
        cls = _factlint_class(value["c"])
        if not dataclasses.is_dataclass(cls) or not isinstance(items, dict):
            raise ValueError("not a dataclass")
        names = {f.name for f in dataclasses.fields(cls)}
        if set(items) != names:
            raise ValueError("dataclass fields differ")
        obj = object.__new__(cls)
        for name, raw in items.items():
            object.__setattr__(obj, name, decode(raw))
        return obj
    raise ValueError(f"unknown tag {tag!r}")


def _class_name(cls: type) -> str:
    if not cls.__module__.startswith("factlint.") or "<locals>" in cls.__qualname__:
        raise Uncacheable(f"cannot cache a {cls.__qualname__}")
    return f"{cls.__module__}:{cls.__qualname__}"


def _factlint_class(name: Any) -> type:
    """Resolve ``module:qualname`` to a class defined by factlint (and nothing else)."""
    if not isinstance(name, str) or ":" not in name:
        raise ValueError("bad class name")
    module_name, _, qualname = name.partition(":")
    if not module_name.startswith("factlint."):
        raise ValueError("class outside factlint")
    obj: Any = importlib.import_module(module_name)
    for part in qualname.split("."):
        obj = getattr(obj, part)
    if not isinstance(obj, type) or not obj.__module__.startswith("factlint."):
        raise ValueError("not a factlint class")
    return obj


def valid_finding(data: Any) -> bool:
    """True when ``data`` is exactly a finding as :meth:`Finding.to_dict` writes it: the
    ten fields, strings where strings belong, whole line and column numbers from 1 on,
    the end not before the start, a known severity and a rule code; and, when it has
    one, a well-formed ``fix``."""
    if not isinstance(data, dict):
        return False
    fields = len(_FINDING_STR) + len(_FINDING_INT)
    if "fix" in data:
        if not _valid_fix(data["fix"]):
            return False
        fields += 1
    if len(data) != fields:
        return False
    if not all(isinstance(data.get(k), str) for k in _FINDING_STR):
        return False
    numbers = [data.get(k) for k in _FINDING_INT]
    if not all(type(n) is int and 1 <= n < _MAX_POSITION for n in numbers):
        return False
    line, column, end_line, end_column = numbers
    return ((end_line, end_column) >= (line, column) and data["severity"] in _SEVERITIES
            and bool(_CODE.fullmatch(data["rule"])))


_EDIT_INT = ("start", "end", "line", "column", "end_line", "end_column")


def _valid_fix(data: Any) -> bool:
    """A fix as :meth:`Fix.to_dict` writes it: a description, a known applicability and
    at least one edit of whole, ordered offsets and positions and a replacement text."""
    if not (isinstance(data, dict) and set(data) == {"description", "applicability", "edits"}
            and isinstance(data["description"], str)
            and data["applicability"] in ("safe", "unsafe")
            and isinstance(data["edits"], list) and data["edits"]):
        return False
    for edit in data["edits"]:
        if not (isinstance(edit, dict) and set(edit) == {*_EDIT_INT, "text"}
                and isinstance(edit["text"], str)):
            return False
        numbers = [edit[k] for k in _EDIT_INT]
        if not all(type(n) is int and 0 <= n < _MAX_POSITION for n in numbers):
            return False
        start, end, line, column, end_line, end_column = numbers
        if end < start or min(line, column) < 1 or (end_line, end_column) < (line, column):
            return False
    return True


class Cache:
    """The cache folder of a run; every method fails soft (a miss, or no write)."""

    def __init__(self, directory: str | os.PathLike[str], run_signature: str) -> None:
        self.root = Path(directory)
        self.folder = self.root / f"v{CACHE_FORMAT}"
        self.run_signature = run_signature
        self.write_error: str | None = None
        self._prepared = False
        self._secret_value: bytes | None = None

    def key(self, path: str, text: str, facts: str) -> str:
        return digest(self.run_signature, path, hashlib.sha256(text.encode("utf-8",
                      "surrogatepass")).hexdigest(), facts)

    def _file(self, key: str) -> Path:
        return self.folder / key[:2] / f"{key}.json"

    def load(self, key: str, path: str) -> dict[str, Any] | None:
        """The stored payload for ``key``, or None if absent, unreadable, not written by
        this cache (its MAC does not verify) or holding a malformed finding."""
        try:
            with open(self._file(key), encoding="utf-8") as fh:
                entry = json.load(fh)
        except (OSError, ValueError, RecursionError):
            return None
        if (not isinstance(entry, dict) or entry.get("format") != CACHE_FORMAT
                or entry.get("key") != key or entry.get("path") != path
                or not isinstance(entry.get("result"), dict)
                or not isinstance(entry.get("mac"), str)):
            return None
        result: dict[str, Any] = entry["result"]
        secret = self._secret(create=False)
        try:
            mac = self._mac(secret, key, path, result) if secret is not None else None
        except (ValueError, TypeError, RecursionError):
            return None
        if mac is None or not hmac.compare_digest(mac, entry["mac"]):
            return None
        findings = result.get("findings")
        if not isinstance(findings, list) or not all(valid_finding(f) for f in findings):
            return None
        return result

    @staticmethod
    def _mac(secret: bytes, key: str, path: str, result: dict[str, Any]) -> str:
        body = json.dumps([key, path, result], sort_keys=True, separators=(",", ":"),
                          ensure_ascii=True, allow_nan=False)
        return hmac.new(secret, body.encode("ascii"), hashlib.sha256).hexdigest()

    def secret(self, *, create: bool) -> bytes | None:
        """The cache's MAC key (see :meth:`_secret`), for entries written beside the
        per-file ones (the archive's combined entry); creating the folder when asked."""
        if create:
            self._prepare()
        return self._secret(create=create)

    def _secret(self, *, create: bool) -> bytes | None:
        """The cache's MAC key: $FACTLINT_CACHE_KEY, else ``secret.key`` in the folder
        (made on first write, readable by its owner only)."""
        if self._secret_value is not None:
            return self._secret_value
        env = os.environ.get(SECRET_ENV)
        if env:
            self._secret_value = hashlib.sha256(env.encode("utf-8", "surrogatepass")).digest()
            return self._secret_value
        target = self.root / SECRET_NAME
        try:
            from factlint.safeio import read_regular

            value = read_regular(target, 1024).strip()
            if len(value) >= 32:
                self._secret_value = value
                return value
        except OSError:
            pass
        if not create:
            return None
        value = secrets.token_hex(32).encode("ascii")
        fd, tmp = tempfile.mkstemp(dir=self.root, prefix=".tmp-", suffix=".key")
        try:
            with os.fdopen(fd, "wb") as fh:
                fh.write(value + b"\n")
            try:
                os.link(tmp, target)  # atomic and never over another run's secret
            except FileExistsError:
                from factlint.safeio import read_regular

                value = read_regular(target, 1024).strip()
        finally:
            with contextlib.suppress(OSError):
                os.unlink(tmp)
        if len(value) < 32:
            raise OSError(f"{target} is not a factlint cache secret")
        self._secret_value = value
        return value

    def store(self, key: str, path: str, payload: dict[str, Any]) -> None:
        """Write an entry atomically; a failure is remembered once, never raised."""
        if self.write_error is not None:
            return
        target = self._file(key)
        try:
            self._prepare()
            target.parent.mkdir(parents=True, exist_ok=True)
            secret = self._secret(create=True)
            assert secret is not None
            try:
                mac = self._mac(secret, key, path, payload)
            except (ValueError, TypeError):  # not plain JSON data: not cached
                return
            data = json.dumps({"format": CACHE_FORMAT, "key": key, "path": path,
                               "mac": mac, "result": payload}, ensure_ascii=True,
                              separators=(",", ":"))
            fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=".tmp-", suffix=".json")
            try:
                with os.fdopen(fd, "w", encoding="utf-8") as fh:
                    fh.write(data)
                os.replace(tmp, target)
            except BaseException:
                with contextlib.suppress(OSError):
                    os.unlink(tmp)
                raise
        except OSError as exc:
            self.write_error = f"cache not written to {self.root}: {exc.strerror or exc}"

    def _prepare(self) -> None:
        """Create the folder with a .gitignore and CACHEDIR.TAG so it is never committed."""
        if self._prepared:
            return
        self.root.mkdir(parents=True, exist_ok=True)
        ignore = self.root / ".gitignore"
        if not ignore.exists():
            ignore.write_text("# Created by factlint; the cache is never committed.\n*\n",
                              encoding="utf-8")
        tag = self.root / "CACHEDIR.TAG"
        if not tag.exists():
            tag.write_text("Signature: 8a477f597d28d172789f06886806bc55\n"
                           "# This file marks factlint's cache folder.\n", encoding="utf-8")
        self._prepared = True



# -- what the run stores -----------------------------------------------------------------
def to_payload(result: FileResult) -> dict[str, Any]:
    """JSON-ready form of a file's result (raises Uncacheable for odd summaries)."""
    return {
        "findings": [f.to_dict() for f in result.findings],
        "warnings": list(result.warnings),
        "collected": encode(result.collected),
        "suppressed": encode(result.suppressed),
        "document": encode(result.document) if result.document is not None else None,
    }


def from_payload(path: str, data: dict[str, Any], *, need_document: bool) -> FileResult:
    """Rebuild a cached result; raises ValueError/KeyError/TypeError on a bad payload."""
    from factlint.finding import Finding
    from factlint.results import FileResult
    from factlint.summary import DocumentView

    document = decode(data["document"]) if data["document"] is not None else None
    if need_document and not isinstance(document, DocumentView):
        raise ValueError("entry has no document view")
    findings = [Finding.from_dict(d) for d in data["findings"]]
    if any(f.path != path for f in findings):
        raise ValueError("finding for another file")
    warnings = data["warnings"]
    collected = decode(data["collected"])
    suppressed = decode(data["suppressed"])
    if not (isinstance(warnings, list) and all(isinstance(w, str) for w in warnings)
            and isinstance(collected, dict) and isinstance(suppressed, list)):
        raise ValueError("malformed entry")
    for item in suppressed:
        first, last, sels = item
        if not (isinstance(first, int) and isinstance(last, int)
                and (sels is None or isinstance(sels, list))):
            raise ValueError("malformed suppression range")
    return FileResult(path, findings, [], warnings, collected, suppressed, document)


class FactsSignatures:
    """Hashes of the reference files that apply to a path, each file read once per run."""

    def __init__(self) -> None:
        self._files: dict[str, str | None] = {}

    def of(self, ref: Any) -> str | None:
        """Hash of ``ref``'s files ("-" without facts); None if they cannot be named."""
        if ref is None:
            return "-"
        paths = getattr(ref, "paths", None)
        if not isinstance(paths, list | tuple):
            return None
        parts: list[str | bytes] = []
        for p in paths:
            if p not in self._files:
                try:
                    with open(p, "rb") as fh:
                        self._files[p] = digest(fh.read())
                except OSError:
                    self._files[p] = None
            sig = self._files[p]
            if sig is None:
                return None
            parts += [str(p), sig]
        return digest(*parts)
