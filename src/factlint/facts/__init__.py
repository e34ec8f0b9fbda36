"""Reference facts (characters, organisations, releases) that articles are checked against.

The core only loads and keeps the parsed YAML; the reference-facts rules build on it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from factlint.errors import ConfigError
from factlint.yamlio import load_yaml_file


@dataclass
class ReferenceSet:
    """The reference files that apply to one article."""

    paths: list[str] = field(default_factory=list)
    raw: list[Any] = field(default_factory=list)


def load_reference(paths: Sequence[str]) -> ReferenceSet:
    """Load reference files; a file that is not a YAML mapping is a ConfigError."""
    ref = ReferenceSet()
    for path in paths:
        data = load_yaml_file(path)
        if not isinstance(data, dict):
            raise ConfigError("a reference file must be a YAML mapping", path=path, line=1)
        ref.paths.append(path)
        ref.raw.append(data)
    return ref
