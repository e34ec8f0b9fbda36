"""Output formats. Each module here is a format named after the module and exposes
``render(result, options) -> str``. Reporters only present findings; they never decide.
A module that sets ``NEEDS_DOCUMENTS = True`` is handed ``result.documents`` as well.
"""

from __future__ import annotations

import importlib
import pkgutil
import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Protocol

from factlint.errors import UsageError

if TYPE_CHECKING:
    from factlint.engine import RunResult
    from factlint.registry import Rule


@dataclass
class ReportOptions:
    color: bool = False
    quiet: bool = False
    rules: dict[str, type[Rule]] = field(default_factory=dict)  # code -> rule, for help texts


class Reporter(Protocol):
    def __call__(self, result: RunResult, options: ReportOptions) -> str: ...


def available() -> list[str]:
    """Names of the output formats (module names, without importing them)."""
    return sorted(m.name for m in pkgutil.iter_modules(__path__) if not m.name.startswith("_"))


def get(name: str) -> Reporter:
    if name not in available():
        raise UsageError(f"unknown format '{name}' (choose from: {', '.join(available())})")
    module = importlib.import_module(f"{__name__}.{name}")
    render: Reporter = module.render
    return _neutralised(render, getattr(module, "CI_SAFE", None))


def _neutralised(render: Reporter, kind: str | None) -> Reporter:
    """``render`` whose output no CI runner reads as a workflow command (``##[`` anywhere
    in a line, ``::`` at its start), whatever the article or its file name contains.

    A format module says how its text may be changed without changing what it means:
    ``CI_SAFE = "json"`` (``#`` inside strings written as ``\\u0023``), ``"html"`` (as
    ``&#35;``/``&#58;`` outside scripts, which embed JSON) or ``"escaped"`` (the module
    escapes every value itself); ``"xml"`` is the same as ``"html"`` (character
    references mean the same character to an XML parser, and XML formats embed no
    scripts). Others get a zero-width space inserted.
    """
    from factlint.safeio import neutralise_commands

    def safe(result: RunResult, options: ReportOptions) -> str:
        text = render(result, options)
        if kind == "escaped":
            return text
        if kind == "json":
            return text.replace("##[", "#\\u0023[")
        if kind in ("html", "xml"):
            return _HTML_LINE_COMMAND.sub(r"\1&#58;:", text.replace("##[", "#&#35;["))
        return neutralise_commands(text)

    return safe


_HTML_LINE_COMMAND = re.compile(r"(?:^|(?<=[\r\n]))([^\S\r\n]*)::")


def needs_documents(name: str) -> bool:
    """True when format ``name`` shows the article itself (its module sets NEEDS_DOCUMENTS),
    so the engine must keep a :class:`~factlint.summary.DocumentView` per file."""
    get(name)
    module = importlib.import_module(f"{__name__}.{name}")
    return bool(getattr(module, "NEEDS_DOCUMENTS", False))
