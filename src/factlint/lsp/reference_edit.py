"""Edits of a reference file that add a character or an alias, as inserted lines.

The file is never re-dumped: PyYAML's node marks say where the ``characters`` list and
an entry's ``aliases`` end, and the new line goes there, indented like its neighbours, so
comments, order, quoting and layout stay as the editor wrote them. Every edit is checked
by loading the edited text: an edit that would not read back as intended is not offered.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import Any

import yaml

_PLAIN = re.compile(r"^[A-Za-z][A-Za-z0-9 .'\-]*[A-Za-z0-9.]$")
_YAML_WORDS = {"yes", "no", "on", "off", "true", "false", "null", "y", "n", "~"}


@dataclass(frozen=True)
class LineInsert:
    """Insert ``text`` at 0-based ``line``, code-point ``column``."""

    line: int
    column: int
    text: str

    def apply(self, source: str) -> str:
        lines = source.split("\n")
        while len(lines) <= self.line:
            lines.append("")
        before = "\n".join(lines[: self.line])
        offset = len(before) + (1 if self.line else 0) + self.column
        return source[:offset] + self.text + source[offset:] if offset <= len(source) else (
            source + self.text)


def scalar(name: str) -> str:
    """``name`` as a YAML scalar: plain when it reads back as itself, else double-quoted."""
    if _PLAIN.match(name) and name.lower() not in _YAML_WORDS and ": " not in name:
        return name
    return json.dumps(name, ensure_ascii=False)


def _compose(text: str) -> Any:
    try:
        return yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.YAMLError:
        return None


def _value(mapping: Any, key: str) -> tuple[Any, Any] | None:
    if not isinstance(mapping, yaml.MappingNode):
        return None
    for k, v in mapping.value:
        if isinstance(k, yaml.ScalarNode) and k.value == key:
            return k, v
    return None


def _block_end(lines: list[str], start: int, indent: int) -> int:
    """The last line of the block that starts on 0-based line ``start`` and whose further
    lines are indented at least ``indent``: blank and comment lines do not end it, nor
    count as its content (a comment before the next entry stays with that entry)."""
    last = start
    for i in range(start + 1, len(lines)):
        stripped = lines[i].strip()
        if not stripped or stripped.startswith("#"):
            continue
        if len(lines[i]) - len(lines[i].lstrip()) < indent:
            break
        last = i
    return last


def _after_line(lines: list[str], line: int, text: str) -> LineInsert:
    """Insert ``text`` (one line, no newline) as a new line after 0-based ``line``."""
    if line + 1 < len(lines):
        return LineInsert(line + 1, 0, text + "\n")
    return LineInsert(line, len(lines[line]), "\n" + text)


def _sequence_append(lines: list[str], node: Any, item: str) -> LineInsert | None:
    """Append ``item`` (a YAML value, one line) to the sequence ``node``."""
    if node.flow_style:
        end = node.end_mark  # just past the closing bracket
        line, column = end.line, end.column - 1
        if lines[line][column] != "]":
            return None
        sep = ", " if node.value else ""
        return LineInsert(line, column, sep + item)
    if not node.value:
        return None
    first, last = node.value[0], node.value[-1]
    dash_line = lines[first.start_mark.line]
    dash = dash_line.rfind("-", 0, first.start_mark.column)
    if dash < 0:
        return None
    at = _block_end(lines, last.start_mark.line, last.start_mark.column)
    return _after_line(lines, at, " " * dash + "- " + item)


def add_character(text: str, name: str) -> LineInsert | None:
    """Add ``- name: <name>`` to the file's ``characters`` list (made if missing)."""
    root = _compose(text)
    lines = text.split("\n")
    found = _value(root, "characters") if root is not None else None
    entry = "{name: " + scalar(name) + "}"
    if root is None or (found is None and isinstance(root, yaml.MappingNode)
                        and not root.flow_style):
        tail = "" if text.endswith("\n") or not text else "\n"
        edit = LineInsert(len(lines) - 1, len(lines[-1]),
                          f"{tail}characters:\n  - name: {scalar(name)}\n")
    elif found is None:
        return None
    else:
        key, value = found
        if isinstance(value, yaml.ScalarNode) and value.value in ("", "~", "null"):
            edit = _after_line(lines, key.start_mark.line,
                               " " * (key.start_mark.column + 2) + f"- name: {scalar(name)}")
        elif isinstance(value, yaml.SequenceNode):
            if value.flow_style:
                made = _sequence_append(lines, value, entry)
            else:
                made = _sequence_append(lines, value, "name: " + scalar(name))
            if made is None:
                return None
            edit = made
        else:
            return None
    return edit if _has_character(edit.apply(text), name) else None


def add_alias(text: str, entry_line: int, alias: str) -> LineInsert | None:
    """Add ``alias`` to the aliases of the character whose entry is written at 1-based
    ``entry_line`` (its ``name:``), making the ``aliases`` list when it has none."""
    root = _compose(text)
    found = _value(root, "characters") if root is not None else None
    if found is None or not isinstance(found[1], yaml.SequenceNode):
        return None
    lines = text.split("\n")
    entry = None
    for item in found[1].value:
        name = _value(item, "name")
        if name is not None and name[0].start_mark.line + 1 == entry_line:
            entry = item
            break
    if entry is None or entry.flow_style:
        return None
    name_key = _value(entry, "name")
    assert name_key is not None
    target_name = name_key[1].value
    aliases = _value(entry, "aliases")
    if aliases is None:
        indent = name_key[0].start_mark.column
        at = _block_end(lines, entry.start_mark.line, indent)
        edit = _after_line(lines, at, " " * indent + f"aliases: [{scalar(alias)}]")
    elif isinstance(aliases[1], yaml.SequenceNode):
        made = _sequence_append(lines, aliases[1], scalar(alias))
        if made is None:
            return None
        edit = made
    else:
        return None
    return edit if _has_alias(edit.apply(text), target_name, alias) else None


def _characters(text: str) -> list[Any]:
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError:
        return []
    chars = data.get("characters") if isinstance(data, dict) else None
    return [c for c in chars if isinstance(c, dict)] if isinstance(chars, list) else []


def _has_character(text: str, name: str) -> bool:
    return any(c.get("name") == name for c in _characters(text))


def _has_alias(text: str, target: str, alias: str) -> bool:
    return any(c.get("name") == target and alias in (c.get("aliases") or [])
               for c in _characters(text))
