"""Safe YAML loading with line numbers, for configs, rule packs and reference files.

Only ``yaml.SafeLoader`` semantics are used (no object construction). Mappings come
back as :class:`LineDict`, which remembers the 1-based line of every key so that
validation errors can say ``file:line: message``. Duplicate keys, oversized files
and alias bombs are rejected.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from factlint.errors import ConfigError, reading
from factlint.safeio import quoted, read_regular

if TYPE_CHECKING:
    import yaml
    from yaml.nodes import Node

# PyYAML is imported when a YAML file is first read, not with this module: a run whose
# only YAML is the built-in packs, kept in compiled form (factlint.packcache), reads none.

MAX_YAML_BYTES = 5 * 1024 * 1024
MAX_ALIASES = 200
# Aliases may make the data this many nodes bigger than the file's own nodes. A few
# aliases nested in each other ("billion laughs") would otherwise expand to billions of
# items as soon as anything walks the data.
MAX_ALIAS_EXPANSION = 100_000


class YamlError(ConfigError):
    """A YAML file that cannot be loaded; carries path and line."""


class LineDict(dict[str, Any]):
    """A dict that records the source line of each key (``lines``) and of itself (``line``)."""

    line: int = 0

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.lines: dict[str, int] = {}

    def line_of(self, key: str) -> int:
        return self.lines.get(key, self.line)


class LineList(list[Any]):
    """A list that records the line of each item (``lines``) and of itself (``line``)."""

    line: int = 0

    def __init__(self, *args: Any) -> None:
        super().__init__(*args)
        self.lines: list[int] = []


def _expect(node: Node, kind: type[Node], what: str) -> None:
    """A tag that asks for a collection on the wrong kind of node is a YAML error."""
    from yaml.constructor import ConstructorError

    if not isinstance(node, kind):
        found = type(node).__name__.removesuffix("Node").lower()
        raise ConstructorError(None, None, f"expected {what} for tag {node.tag}, but found a "
                               f"{found}", node.start_mark)


def _make_loader(path: str, first_line: int, *, trusted: bool = False) -> type[yaml.SafeLoader]:
    import yaml
    from yaml.constructor import ConstructorError
    from yaml.nodes import MappingNode, SequenceNode

    offset = first_line - 1
    # libyaml's parser, when PyYAML was built with it: ten times faster, used only for the
    # files factlint ships (its own rule packs), whose content is known to be well-formed.
    base: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader) if trusted else yaml.SafeLoader

    class Loader(base):  # type: ignore[misc]
        aliases_seen = 0

        def compose_node(self, parent: Node | None, index: Any) -> Node | None:
            if self.check_event(yaml.AliasEvent):
                Loader.aliases_seen += 1
                if Loader.aliases_seen > MAX_ALIASES:
                    mark = self.peek_event().start_mark
                    raise YamlError(
                        f"too many YAML aliases (more than {MAX_ALIASES}); refusing to expand",
                        path=path,
                        line=mark.line + 1 + offset,
                    )
            node: Node | None = super().compose_node(parent, index)
            return node

        def construct_object(self, node: Node, deep: bool = False) -> Any:
            try:
                return super().construct_object(node, deep=deep)
            except (ValueError, TypeError, KeyError, AttributeError, OverflowError):
                # SafeConstructor trusts explicit tags: "!!int x", "!!timestamp x" crash it.
                tag = str(node.tag).rsplit(":", 1)[-1]
                raise ConstructorError(None, None, f"{quoted(node.value)} is not a valid !!{tag}",
                                       node.start_mark) from None

        def get_single_data(self) -> Any:
            node = self.get_single_node()
            if node is None:
                return None
            _check_expansion(node, path, offset)
            return self.construct_document(node)

        def construct_mapping(self, node: MappingNode, deep: bool = False) -> dict[Any, Any]:
            _expect(node, MappingNode, "a mapping")  # e.g. "!!set x" tags a scalar
            result = LineDict()
            result.line = node.start_mark.line + 1 + offset
            self.flatten_mapping(node)
            for key_node, value_node in node.value:
                key = self.construct_object(key_node, deep=True)
                if not isinstance(key, str | int | float | bool) and key is not None:
                    raise YamlError(
                        "mapping keys must be plain scalars",
                        path=path,
                        line=key_node.start_mark.line + 1 + offset,
                    )
                skey = str(key)
                if skey in result:
                    raise YamlError(
                        f"duplicate key {quoted(skey)}",
                        path=path,
                        line=key_node.start_mark.line + 1 + offset,
                    )
                result[skey] = self.construct_object(value_node, deep=True)
                result.lines[skey] = key_node.start_mark.line + 1 + offset
            return result

        def construct_sequence(self, node: Any, deep: bool = False) -> list[Any]:
            _expect(node, SequenceNode, "a sequence")  # e.g. "!!seq x" tags a scalar
            result = LineList()
            result.line = node.start_mark.line + 1 + offset
            for child in node.value:
                result.append(self.construct_object(child, deep=True))
                result.lines.append(child.start_mark.line + 1 + offset)
            return result

    Loader.add_constructor(
        yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, Loader.construct_mapping
    )
    Loader.add_constructor(
        yaml.resolver.BaseResolver.DEFAULT_SEQUENCE_TAG, Loader.construct_sequence
    )
    return Loader


def _children(node: Node) -> list[Node]:
    from yaml.nodes import CollectionNode, MappingNode

    if isinstance(node, MappingNode):
        return [n for pair in node.value for n in pair]
    if isinstance(node, CollectionNode):
        return list(node.value)
    return []


def _check_expansion(root: Node, path: str, offset: int) -> None:
    """Reject alias graphs that are recursive or expand far beyond the file's own size.

    Walks the composed node graph once (iteratively, memoising shared nodes), so the
    check itself never expands anything.
    """
    sizes: dict[int, int] = {}
    active: set[int] = set()
    stack: list[tuple[Node, bool]] = [(root, False)]
    while stack:
        node, done = stack.pop()
        key = id(node)
        if done:
            sizes[key] = 1 + sum(sizes[id(c)] for c in _children(node))
            active.discard(key)
            continue
        if key in sizes:
            continue
        if key in active:
            raise YamlError("recursive YAML alias (an anchor used inside itself)", path=path,
                            line=node.start_mark.line + 1 + offset)
        active.add(key)
        stack.append((node, True))
        stack.extend((c, False) for c in _children(node) if id(c) not in sizes)
    if sizes[id(root)] - len(sizes) > MAX_ALIAS_EXPANSION:
        raise YamlError(
            f"YAML aliases expand to {sizes[id(root)]} items from {len(sizes)} written ones; "
            "refusing to expand (is this an alias bomb?)",
            path=path,
            line=root.start_mark.line + 1 + offset,
        )


def load_yaml_text(text: str, path: str, *, first_line: int = 1, trusted: bool = False) -> Any:
    """Parse YAML ``text`` that came from ``path`` (starting at ``first_line``).

    ``trusted`` (factlint's own data files) allows libyaml's C parser; user files always
    go through the pure-Python parser, whose errors and alias checks are the documented ones.
    """
    import yaml

    loader_cls = _make_loader(path, first_line, trusted=trusted)
    loader: yaml.SafeLoader | None = None
    try:
        loader = loader_cls(text)  # the reader rejects control characters right here
        return loader.get_single_data()
    except YamlError:
        raise
    except yaml.reader.ReaderError as exc:
        line = text.count("\n", 0, max(exc.position, 0)) + first_line
        raise YamlError(f"invalid YAML: unacceptable character #x{exc.character:04x} "
                        "(control characters are not allowed)", path=path, line=line) from None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = (mark.line + first_line) if mark is not None else first_line
        raise YamlError(f"invalid YAML: {_describe(exc, first_line)}", path=path,
                        line=line) from None
    except yaml.YAMLError as exc:
        raise YamlError(f"invalid YAML: {' '.join(str(exc).split())}", path=path,
                        line=first_line) from None
    except RecursionError:
        line = (loader.line if loader is not None else 0) + first_line
        raise YamlError("YAML nesting is too deep", path=path, line=line) from None
    finally:
        if loader is not None:
            loader.dispose()


def _describe(exc: yaml.MarkedYAMLError, first_line: int) -> str:
    """One line saying what is wrong; PyYAML splits some messages between two fields."""
    problem = exc.problem or ""
    context = exc.context or ""
    if problem == "second occurrence" and exc.context_mark is not None:  # duplicate anchor
        where = exc.context_mark.line + first_line
        return context.replace("; first occurrence", f" (first defined on line {where})")
    if problem.startswith("but ") and context:
        return f"{context}, {problem}"
    return problem or context or "invalid YAML"


def load_yaml_file(
    path: str | Path, *, max_bytes: int = MAX_YAML_BYTES, trusted: bool = False
) -> Any:
    """Read and parse a YAML file; every failure is a one-line YamlError."""
    shown = str(path)
    try:
        with reading(shown, YamlError, "a YAML file"):
            data = read_regular(path, max_bytes)  # refuses FIFOs and devices, never blocks
    except YamlError as exc:
        if exc.detail.startswith("file is too large"):
            size = Path(path).stat().st_size
            raise YamlError(f"file is too large ({size} bytes; the limit is {max_bytes})",
                            path=shown, line=1) from None
        raise
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise YamlError("not valid UTF-8", path=shown, line=line) from None
    return load_yaml_text(text, shown, trusted=trusted)


def line_of(container: Any, key: str | int | None = None) -> int | None:
    """Best-effort source line of ``container[key]`` (or of the container itself)."""
    if isinstance(container, LineDict):
        return container.line_of(str(key)) if key is not None else container.line
    if isinstance(container, LineList):
        if isinstance(key, int) and 0 <= key < len(container.lines):
            return container.lines[key]
        return container.line
    return None
