"""Configuration: ``.factlint.yaml`` or ``[tool.factlint]`` in pyproject.toml, then CLI flags.

The first directory, walking up from the current one, that holds ``.factlint.yaml``
(or ``.factlint.yml``) or a pyproject.toml with a ``[tool.factlint]`` table provides
the configuration. Paths in it are relative to that file. Command-line flags win.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from factlint.errors import ConfigError, reading
from factlint.finding import Severity
from factlint.registry import Rule, find_rule, validate_selectors
from factlint.safeio import DEFAULT_MAX_FILE_SIZE, quoted, read_regular
from factlint.yamlio import line_of, load_yaml_file

CONFIG_NAMES = (".factlint.yaml", ".factlint.yml")
FAIL_ON = ("error", "warning", "info", "never")
_KEYS = {
    "select", "ignore", "severity", "rules", "facts", "model", "packs",
    "per-path-ignores", "exclude", "fail-on", "min-severity", "max-file-size", "archive",
}  # fmt: skip
SEVERITIES = ("error", "warning", "info")
MAX_CONFIG_BYTES = 5 * 1024 * 1024
_SIZE = re.compile(r"(\d+(?:\.\d+)?)\s*([kmg]i?b?|b)?", re.IGNORECASE)
_UNITS = {"": 1, "b": 1, "k": 1000, "kb": 1000, "kib": 1024, "m": 1000**2, "mb": 1000**2,
          "mib": 1024**2, "g": 1000**3, "gb": 1000**3, "gib": 1024**3, "ki": 1024,
          "mi": 1024**2, "gi": 1024**3}


def parse_size(value: Any) -> int:
    """Bytes from ``20000000``, ``"20 MB"``, ``"512KiB"`` (KB = 1000, KiB = 1024 bytes).

    Raises ValueError with a message naming what is expected.
    """
    if isinstance(value, bool) or not isinstance(value, int | float | str):
        raise ValueError("must be a size in bytes such as 20000000, '20 MB' or '16 MiB'")
    if isinstance(value, int | float):
        if value != value or value in (float("inf"), float("-inf")):
            raise ValueError("must be a size in bytes such as 20000000, '20 MB' or '16 MiB'")
        number = float(value)
    else:
        text = value.strip()
        if text.startswith("-"):
            raise ValueError("must be a positive size (more than 0 bytes)")
        m = _SIZE.fullmatch(text)
        if not m:
            raise ValueError("must be a size in bytes such as 20000000, '20 MB' or '16 MiB'")
        number = float(m.group(1)) * _UNITS[(m.group(2) or "").lower()]
    if number < 1:
        raise ValueError("must be a positive size (more than 0 bytes)")
    return int(number)


@dataclass
class Config:
    """Settings for one run, after merging the config file and the command line."""

    path: str | None = None
    select: list[str] | None = None
    ignore: list[str] = field(default_factory=list)
    severity: dict[str, Severity] = field(default_factory=dict)
    rule_options: dict[str, dict[str, Any]] = field(default_factory=dict)
    facts: list[str] = field(default_factory=list)
    model: str | None = None
    packs: list[str] = field(default_factory=list)
    per_path_ignores: dict[str, list[str]] = field(default_factory=dict)
    exclude: list[str] = field(default_factory=list)
    fail_on: str = "warning"
    min_severity: str = "info"  # findings below it are dropped: not shown, never counted
    max_file_size: int = DEFAULT_MAX_FILE_SIZE  # bytes read at most from an article or stdin
    follow_symlinks: bool = False  # check files linked from outside the checked tree
    # Folders (or files) of articles the checked files are compared with for cross-file
    # rules (FL206), never reported on themselves.
    archive: list[str] = field(default_factory=list)
    key_lines: dict[str, int] = field(default_factory=dict)
    raw: Any = None  # the parsed file (LineDict for YAML), for nested line numbers
    # Values given on the command line, by config key ("select" -> ["FL9"]), so an error
    # about them names the flag (--select) rather than the config file.
    flags: dict[str, list[str]] = field(default_factory=dict)

    def where(self, key: str) -> str:
        """``file:line`` of a (dotted) key, for error messages."""
        if self.path is None:
            return "command line"
        if key in self.key_lines:  # a top-level key, even one with dots in it ("a.b")
            line: int | None = self.key_lines[key]
            return f"{self.path}:{line}" if line else self.path
        first, _, rest = key.partition(".")
        line = self.key_lines.get(first)
        node = self.raw.get(first) if isinstance(self.raw, dict) else None
        if rest and isinstance(node, dict) and rest in node:
            line = line_of(node, rest) or line
        return f"{self.path}:{line}" if line else self.path

    def validate_rules(self, rules: list[type[Rule]]) -> None:
        """Check every rule id and option the config names against the known rules."""
        from_flags = self.flags.get("ignore", [])
        if self.select is not None:
            where = "--select" if "select" in self.flags else self.where("select")
            validate_selectors(self.select, rules, where)
        validate_selectors(self.ignore[: len(self.ignore) - len(from_flags)], rules,
                           self.where("ignore"))
        validate_selectors(from_flags, rules, "--ignore")
        for pattern, sels in self.per_path_ignores.items():
            validate_selectors(sels, rules, self.where(f"per-path-ignores.{pattern}"))
        for ident in self.severity:
            _lookup(ident, rules, self.where(f"severity.{ident}"))
        for ident, options in self.rule_options.items():
            cls = _lookup(ident, rules, self.where(f"rules.{ident}"))
            for name, value in options.items():
                if name not in cls.options:
                    known = ", ".join(sorted(cls.options)) or "none"
                    raise ConfigError(
                        f"{self.where(f'rules.{ident}')}: rule {cls.code} has no option "
                        f"'{name}' (options: {known})"
                    )
                problem = cls.options[name].problem(value)
                if problem is not None:
                    raise ConfigError(
                        f"{self.where(f'rules.{ident}')}: option '{name}' of {cls.code} "
                        f"{problem}"
                    )

    def options_for(self, cls: type[Rule]) -> dict[str, Any]:
        """``cls``'s option values: its declared defaults, then what the config sets."""
        merged = cls.defaults()
        for ident, opts in self.rule_options.items():
            if ident.upper() == cls.code or ident.lower() == cls.name:
                merged.update(opts)
        return merged

    def severity_for(self, cls: type[Rule]) -> Severity:
        for ident, sev in self.severity.items():
            if ident.upper() == cls.code or ident.lower() == cls.name:
                return sev
        return cls.severity


def _lookup(ident: str, rules: list[type[Rule]], where: str) -> type[Rule]:
    try:
        return find_rule(ident, rules)
    except Exception:
        raise ConfigError(f"{where}: unknown rule id '{ident}' (see 'factlint rules')") from None


def discover(start: Path | None = None) -> Path | None:
    """The nearest config file from ``start`` (default: the current directory) upwards."""
    here = (start or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        for name in CONFIG_NAMES:
            candidate = folder / name
            if candidate.is_file():
                return candidate
        pyproject = folder / "pyproject.toml"
        if pyproject.is_file() and _has_tool_table(pyproject):
            return pyproject
    return None


def _has_tool_table(path: Path) -> bool:
    try:
        text = read_regular(path, MAX_CONFIG_BYTES).decode("utf-8")
    except (OSError, UnicodeDecodeError):
        return False
    return "[tool.factlint" in text


def load_config(path: Path) -> Config:
    """Read and validate a config file (YAML or pyproject.toml)."""
    shown = str(path)
    if path.name == "pyproject.toml":
        raw, lines = _load_pyproject(path)
    else:
        data = load_yaml_file(path)
        if data is None:
            data = {}
        if not isinstance(data, dict):
            raise ConfigError("configuration must be a mapping", path=shown, line=1)
        raw = data
        lines = {k: line_of(data, k) or 1 for k in data}
    return _build(raw, shown, lines, path.parent)


def _load_pyproject(path: Path) -> tuple[dict[str, Any], dict[str, int]]:
    shown = str(path)
    try:
        with reading(shown, ConfigError, "a TOML file"):
            raw = read_regular(path, MAX_CONFIG_BYTES)
        text = raw.decode("utf-8")
        data = tomllib.loads(text)
    except RecursionError:
        raise ConfigError("TOML nesting is too deep", path=shown, line=1) from None
    except tomllib.TOMLDecodeError as exc:
        # tomllib puts the position in the message: "... (at line 3, column 5)".
        at = re.search(r"\(at line (\d+), column \d+\)$", str(exc))
        where = int(at.group(1)) if at else max(text.count("\n"), 1)
        message = re.sub(r"\s*\(at (line \d+, column \d+|end of document)\)$", "", str(exc))
        raise ConfigError(f"invalid TOML: {message}", path=shown, line=where) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"cannot read: {exc}", path=shown) from None
    table = data.get("tool", {}).get("factlint", {})
    if not isinstance(table, dict):
        raise ConfigError("[tool.factlint] must be a table", path=shown)
    lines: dict[str, int] = {}
    text_lines = text.splitlines()
    for key in table:
        for i, line in enumerate(text_lines, 1):
            stripped = line.strip()
            if stripped.startswith((f"{key} ", f"{key}=", f'"{key}"', f"[tool.factlint.{key}")):
                lines[key] = i
                break
    return table, lines


def _str_list(value: Any, where: str, key: str) -> list[str]:
    if isinstance(value, str):
        return [value]
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ConfigError(f"{where}: '{key}' must be a list of strings")
    return list(value)


def _build(raw: dict[str, Any], shown: str, lines: dict[str, int], base: Path) -> Config:
    cfg = Config(path=shown, key_lines=dict(lines), raw=raw)
    for key in raw:
        if key not in _KEYS:
            raise ConfigError(
                f"{cfg.where(key)}: unknown key {quoted(key)} (expected one of: "
                f"{', '.join(sorted(_KEYS))})"
            )
    if "select" in raw:
        cfg.select = _str_list(raw["select"], cfg.where("select"), "select")
    if "ignore" in raw:
        cfg.ignore = _str_list(raw["ignore"], cfg.where("ignore"), "ignore")
    if "severity" in raw:
        sev = raw["severity"]
        if not isinstance(sev, dict):
            raise ConfigError(f"{cfg.where('severity')}: 'severity' must map rule ids to levels")
        for ident, level in sev.items():
            try:
                cfg.severity[str(ident)] = Severity.parse(str(level))
            except ValueError as exc:
                raise ConfigError(f"{cfg.where(f'severity.{ident}')}: {exc}") from None
    if "rules" in raw:
        rules = raw["rules"]
        bad = [k for k, v in rules.items() if not isinstance(v, dict)] if isinstance(
            rules, dict) else [None]
        if bad:
            where = cfg.where(f"rules.{bad[0]}" if bad[0] is not None else "rules")
            raise ConfigError(f"{where}: 'rules' must map rule ids to option maps")
        cfg.rule_options = {str(k): dict(v) for k, v in rules.items()}
    if "facts" in raw:
        cfg.facts = [str(base / p) for p in _str_list(raw["facts"], cfg.where("facts"), "facts")]
    if "packs" in raw:
        cfg.packs = [str(base / p) for p in _str_list(raw["packs"], cfg.where("packs"), "packs")]
    if "archive" in raw:
        cfg.archive = [str(base / p)
                       for p in _str_list(raw["archive"], cfg.where("archive"), "archive")]
    if "model" in raw:
        if not isinstance(raw["model"], str):
            raise ConfigError(f"{cfg.where('model')}: 'model' must be a string")
        cfg.model = raw["model"]
    if "exclude" in raw:
        cfg.exclude = _str_list(raw["exclude"], cfg.where("exclude"), "exclude")
    if "per-path-ignores" in raw:
        ppi = raw["per-path-ignores"]
        if not isinstance(ppi, dict):
            raise ConfigError(f"{cfg.where('per-path-ignores')}: must map globs to rule lists")
        cfg.per_path_ignores = {
            str(k): _str_list(v, cfg.where("per-path-ignores"), str(k)) for k, v in ppi.items()
        }
    if "max-file-size" in raw:
        try:
            cfg.max_file_size = parse_size(raw["max-file-size"])
        except ValueError as exc:
            raise ConfigError(f"{cfg.where('max-file-size')}: 'max-file-size' {exc}") from None
    if "fail-on" in raw:
        cfg.fail_on = _one_of(cfg, raw, "fail-on", FAIL_ON)
    if "min-severity" in raw:
        cfg.min_severity = _one_of(cfg, raw, "min-severity", SEVERITIES)
    return cfg


def _one_of(cfg: Config, raw: Any, key: str, allowed: tuple[str, ...]) -> str:
    """``raw[key]``, lower-cased, when it is one of ``allowed``; else a file:line error."""
    value = str(raw[key]).lower()
    if value not in allowed:
        raise ConfigError(f"{cfg.where(key)}: '{key}' must be one of {', '.join(allowed)}")
    return value
