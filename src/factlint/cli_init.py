"""``factlint init``: write a commented starting ``.factlint.yaml``, never over a file.

The template sets only what a new project needs (every rule, the default gate) and
shows every other key commented out with its default or an example, so it doubles as
the reference. A test loads it with factlint's own config loader, as written and with
every example uncommented.
"""

from __future__ import annotations

import os
from pathlib import Path

import click

from factlint.cli_common import EXIT_OK
from factlint.errors import UsageError

TEMPLATE = """\
# factlint configuration (see docs/configuration.md; `factlint check --show-settings`
# prints what a run resolves from it). Paths are relative to this file. Command-line
# flags win over these settings.

# Which rules run: codes (FL101), code prefixes (FL3) or slugs (duplicate-heading).
# select: [FL1, FL2, FL3, FL4, FL5]   # default: every rule
ignore: []

# The lowest severity that makes `factlint check` exit 1: error, warning, info or never.
fail-on: warning
# Findings below this severity are neither shown nor counted: error, warning or info.
# min-severity: info

# Per-rule severity (error, warning, info) and options (`factlint rule CODE` lists them).
# severity:
#   FL101: error
#   similar-heading: info
# rules:
#   FL202: {threshold: 0.7}
#   FL502: {max_words: 30}

# Reference facts checked against every article; `<article>.facts.yaml` and
# `facts.yaml` beside an article are found without being listed here.
# facts: [refs/series.facts.yaml]

# Extra rule packs: house style word lists and patterns (see docs/rule-packs.md).
# packs: [house-style/banned.yaml]

# Files that are never checked, and rules that are not run on some paths.
# exclude: ["drafts/**"]
# per-path-ignores:
#   "archive/**": [FL3]

# Published articles the checked ones are compared with for copied paragraphs (FL206);
# never reported on themselves (see docs/ci.md).
# archive: [posts]

# The spaCy model and the largest article read.
# model: en_core_web_sm
# max-file-size: 20 MiB
"""


@click.command("init")
@click.argument("folder", required=False, default=".", type=click.Path(file_okay=False))
def init(folder: str) -> None:
    """Write a commented .factlint.yaml in FOLDER (default: here); never overwrites."""
    from factlint.config import CONFIG_NAMES

    base = Path(folder)
    if not base.is_dir():
        raise UsageError(f"{folder}: no such folder")
    for name in CONFIG_NAMES:
        if (base / name).exists() or (base / name).is_symlink():
            raise UsageError(f"{base / name} already exists; factlint init never overwrites "
                             "a configuration")
    target = base / CONFIG_NAMES[0]
    try:
        # O_EXCL: a file that appears meanwhile (or a link planted there) is never written.
        fd = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
    except FileExistsError:
        raise UsageError(f"{target} already exists; factlint init never overwrites "
                         "a configuration") from None
    except OSError as exc:
        raise UsageError(f"cannot write {target}: {exc.strerror or exc}") from None
    with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as fh:
        fh.write(TEMPLATE)
    click.echo(f"factlint: wrote {target}; edit it, then run 'factlint check'", err=True)
    raise SystemExit(EXIT_OK)
