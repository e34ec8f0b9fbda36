"""What the ``factlint`` commands share: exit codes, messages, the run's configuration and
the options every command that runs rules takes (``--facts``, ``--config``,
``--isolated``, ``--model``)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, TypeVar

import click

from factlint.finding import Finding, Severity
from factlint.safeio import printable

EXIT_OK, EXIT_FINDINGS, EXIT_ERROR = 0, 1, 2
EXIT_INTERRUPTED = 130  # 128 + SIGINT, as shells report a Ctrl-C

F = TypeVar("F", bound=Callable[..., Any])


def exit_code(findings: Sequence[Finding], errors: Sequence[str], fail_on: str) -> int:
    """What a run exits with: 2 if a file could not be checked, else 1 if a finding is at
    least ``fail_on`` severe (never, for "never"), else 0."""
    if errors:
        return EXIT_ERROR
    if fail_on == "never":
        return EXIT_OK
    floor = Severity.parse(fail_on).rank
    return EXIT_FINDINGS if any(f.severity.rank >= floor for f in findings) else EXIT_OK


def split_ids(values: tuple[str, ...]) -> list[str]:
    """Rule ids given as repeatable, comma-separated options."""
    return [v.strip() for item in values for v in item.split(",") if v.strip()]


def error(message: str) -> None:
    click.echo(f"factlint: error: {printable(message)}", err=True)


def warn(message: str) -> None:
    click.echo(f"factlint: warning: {printable(message)}", err=True)


def load_run_config(config_path: str | None, isolated: bool) -> Any:
    """The config of this run: --config, else discovered, else defaults."""
    from factlint.config import Config, discover, load_config

    if config_path:
        return load_config(Path(config_path))
    if isolated:
        return Config()
    found = discover()
    return load_config(relative(found)) if found else Config()


def relative(path: Path) -> Path:
    """``path`` relative to the current folder (``../.factlint.yaml``), as messages show
    it and as paths in the file are then shown; unchanged when it has no relative form."""
    import os

    try:
        return Path(os.path.relpath(path))
    except ValueError:  # another drive (Windows)
        return path


def run_config(
    config_path: str | None, isolated: bool, select: tuple[str, ...], ignore: tuple[str, ...],
    facts: tuple[str, ...],
) -> Any:
    """The run's config with the command line's rule selection and facts files on top."""
    config = load_run_config(config_path, isolated)
    if select:
        config.select = config.flags["select"] = split_ids(select)
    if ignore:
        config.flags["ignore"] = split_ids(ignore)
        config.ignore = [*config.ignore, *config.flags["ignore"]]
    if facts:
        config.facts = [*config.facts, *facts]
    return config


def known_rules(config_path: str | None, isolated: bool) -> list[Any]:
    """Every rule of the run: built-in ones and those the configured packs define."""
    from factlint.packrule import custom_rules
    from factlint.packs import PackSet
    from factlint.registry import all_rules

    config = load_run_config(config_path, isolated)
    packs = PackSet.load(config.packs)
    builtin = all_rules()
    return all_rules(custom_rules(packs, (c.code for c in builtin)))


def default_cache_dir(config: Any) -> str:
    """``.factlint_cache`` beside the config file (the project root), else here."""
    from factlint.cache import DEFAULT_DIR

    if config.path:
        return str(Path(config.path).parent / DEFAULT_DIR)
    return DEFAULT_DIR


def cache_options(f: F) -> F:
    """``--no-cache`` and ``--cache-dir DIR``."""
    f = click.option("--cache-dir", metavar="DIR", envvar="FACTLINT_CACHE_DIR",
                     help="Cache folder [default: .factlint_cache beside the config file, "
                          "else here].")(f)
    return click.option("--no-cache", is_flag=True,
                        help="Neither read nor write the result cache.")(f)


def use_cache(engine: Any, no_cache: bool, cache_dir: str | None) -> None:
    """Let ``engine`` reuse and store results, unless ``--no-cache``."""
    if not no_cache:
        engine.use_cache(cache_dir or default_cache_dir(engine.config))


def facts_option(f: F) -> F:
    return click.option("--facts", "facts", multiple=True, metavar="FILE",
                        help="Reference facts file (repeatable).")(f)


def config_options(f: F) -> F:
    """``--config FILE`` and ``--isolated``."""
    f = click.option("--isolated", is_flag=True, help="Ignore configuration files.")(f)
    return click.option("--config", "config_path", metavar="FILE",
                        help="Use this config file.")(f)


def model_option(f: F) -> F:
    return click.option("--model", metavar="NAME",
                        help="spaCy model package or path to load.")(f)
