"""``factlint stats FILE...``: the figures editors ask for, per file.

Words, sentences, Flesch reading ease and Flesch-Kincaid grade over the running
prose (see :mod:`factlint.stats`), and how many findings each rule reports with
the run's configuration. Text or ``--format json``; a file that cannot be read is
a one-line error and exit code 2, as with ``check``.
"""

from __future__ import annotations

import json
import sys
from collections import Counter
from typing import TYPE_CHECKING, Any

import click

from factlint.cli_common import (
    EXIT_ERROR,
    EXIT_OK,
    cache_options,
    config_options,
    error,
    facts_option,
    model_option,
    run_config,
    use_cache,
)

if TYPE_CHECKING:
    from factlint.engine import RunResult

STATS_FORMAT_VERSION = 1


def file_figures(result: RunResult, *, blocks: bool = False) -> list[dict[str, Any]]:
    """One record per checked file, in path order (with ``blocks``: how each block of
    the page was read, its lines and role)."""
    from factlint.parse.roles import describe_blocks

    counts: dict[str, Counter[str]] = {}
    for f in result.findings:
        counts.setdefault(f.path, Counter())[f.rule] += 1
    out = []
    for path in sorted(result.documents):
        view = result.documents[path]
        stats = view.stats
        by_rule = counts.get(path, Counter())
        out.append({
            "path": path,
            "words": stats.words if stats else 0,
            "sentences": stats.sentences if stats else 0,
            "reading_ease": stats.reading_ease if stats else None,
            "grade": stats.grade if stats else None,
            "findings": {code: by_rule[code] for code in sorted(by_rule)},
        })
        if blocks:
            out[-1]["blocks"] = describe_blocks(view)
    return out


def render_text(files: list[dict[str, Any]]) -> str:
    lines = []
    for item in files:
        ease = "n/a" if item["reading_ease"] is None else f"{item['reading_ease']:g}"
        grade = "n/a" if item["grade"] is None else f"{item['grade']:g}"
        found = ", ".join(f"{code} {n}" for code, n in item["findings"].items()) or "none"
        lines += [
            item["path"],
            f"  words: {item['words']}  sentences: {item['sentences']}  "
            f"reading ease: {ease}  grade level: {grade}",
            f"  findings: {found}",
        ]
        for b in item.get("blocks", []):
            where = f"{b['line']}" if b["line"] == b["end_line"] else f"{b['line']}-{b['end_line']}"
            lines.append(f"  {where:>9}  {b['role']:<9} {b['text']}")
    return "".join(line + "\n" for line in lines)


@click.command("stats")
@click.argument("paths", nargs=-1, required=True, type=str)
@facts_option
@config_options
@click.option("--select", multiple=True, metavar="IDS", help="Only count these rules.")
@click.option("--ignore", multiple=True, metavar="IDS", help="Do not count these rules.")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text",
              show_default=True, help="Output format.")
@model_option
@click.option("--blocks", is_flag=True,
              help="Also list every block with its lines and its role on the page (title, "
                   "heading, prose, caption, credit, embed, menu, debris...).")
@cache_options
def stats(
    paths: tuple[str, ...], facts: tuple[str, ...], config_path: str | None, isolated: bool,
    select: tuple[str, ...], ignore: tuple[str, ...], fmt: str, model: str | None,
    blocks: bool, no_cache: bool, cache_dir: str | None,
) -> None:
    """Print words, sentences, reading ease, grade level and findings per rule, per file."""
    from factlint.engine import Engine

    config = run_config(config_path, isolated, select, ignore, facts)
    engine = Engine(config, model=model, keep_documents=True)
    use_cache(engine, no_cache, cache_dir)  # entries keep the document view and its figures
    sources, errors = engine.expand(list(paths))
    result = engine.run(sources)
    result.errors = sorted(errors + result.errors)
    for err in result.errors:
        error(err)
    files = file_figures(result, blocks=blocks)
    if fmt == "json":
        payload = {"version": STATS_FORMAT_VERSION, "files": files, "errors": result.errors}
        click.echo(json.dumps(payload, indent=2, ensure_ascii=False))
    else:
        click.echo(render_text(files), nl=False)
    sys.exit(EXIT_ERROR if result.errors else EXIT_OK)
