"""``factlint check --show-settings``: the configuration a run would use, resolved.

What the config file, the command line and the defaults add up to, so a user can see
why a rule is (not) running: the config file used, the rules selected with their
severities, the options that differ from the defaults, the reference files each article
gets, the packs, and the run's other settings. Nothing is checked.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from factlint.safeio import printable

if TYPE_CHECKING:
    from factlint.engine import Engine
    from factlint.results import Source

SETTINGS_FORMAT_VERSION = 1


def resolved_settings(
    engine: Engine, sources: list[Source], *, no_cache: bool, cache_dir: str | None
) -> dict[str, Any]:
    """The run's settings as plain data (the text and JSON forms are made from it)."""
    from factlint.cli_common import default_cache_dir
    from factlint.facts.loader import facts_beside

    config = engine.config
    rules = []
    options: dict[str, dict[str, Any]] = {}
    for rule in engine.rules:
        cls = type(rule)
        rules.append({"code": cls.code, "name": cls.name,
                      "severity": rule.effective_severity.value,
                      "default_severity": cls.severity.value})
        defaults = cls.defaults()
        changed = {k: v for k, v in config.options_for(cls).items() if defaults.get(k) != v}
        if changed:
            options[cls.code] = changed
    facts: list[dict[str, Any]] = [{"path": p, "for": "every article"} for p in config.facts]
    for src in sources:
        if src.text is None:
            facts += [{"path": p, "for": src.path} for p in facts_beside(src.path)]
    return {
        "version": SETTINGS_FORMAT_VERSION,
        "config_file": config.path,
        "rules": rules,
        "options": options,
        "facts": facts,
        "packs": list(config.packs),
        "fail_on": config.fail_on,
        "min_severity": config.min_severity,
        "exclude": list(config.exclude),
        "per_path_ignores": dict(config.per_path_ignores),
        "model": engine.model,
        "max_file_size": config.max_file_size,
        "cache_dir": None if no_cache else (cache_dir or default_cache_dir(config)),
        "articles": len(sources),
    }


def render_settings(settings: dict[str, Any], fmt: str) -> str:
    """JSON for ``--format json``, else aligned text."""
    if fmt == "json":
        return json.dumps(settings, indent=2, ensure_ascii=False) + "\n"
    lines = [f"config file: {settings['config_file'] or '(none: defaults)'}"]
    lines.append(f"rules: {len(settings['rules'])} selected")
    for r in settings["rules"]:
        changed = "" if r["severity"] == r["default_severity"] else (
            f" (default {r['default_severity']})")
        lines.append(f"  {r['code']:<7}{r['name']:<30}{r['severity']}{changed}")
    lines.append("options that differ from the defaults:" if settings["options"]
                 else "options: all defaults")
    for code, values in sorted(settings["options"].items()):
        shown = ", ".join(f"{k}: {json.dumps(v)}" for k, v in sorted(values.items()))
        lines.append(f"  {code:<7}{shown}")
    lines.append("facts files:" if settings["facts"] else "facts files: none")
    lines += [f"  {f['path']} ({f['for']})" for f in settings["facts"]]
    lines.append(f"packs: {', '.join(settings['packs']) or 'none'}")
    lines.append(f"fail-on: {settings['fail_on']}")
    lines.append(f"min-severity: {settings['min_severity']}")
    lines.append(f"exclude: {', '.join(settings['exclude']) or 'none'}")
    ppi = settings["per_path_ignores"]
    lines.append("per-path-ignores: " + ("; ".join(f"{k}: {', '.join(v)}" for k, v in
                                                    ppi.items()) or "none"))
    lines.append(f"model: {settings['model'] or 'default (en_core_web_sm)'}")
    lines.append(f"max-file-size: {settings['max_file_size']} bytes")
    lines.append(f"cache: {settings['cache_dir'] or 'off (--no-cache)'}")
    lines.append(f"articles found: {settings['articles']}")
    return "".join(printable(line) + "\n" for line in lines)
