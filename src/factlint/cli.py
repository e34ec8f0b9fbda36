"""The ``factlint`` command line."""

from __future__ import annotations

import io
import os
import sys
from typing import Any

import click

from factlint import __version__
from factlint.cli_common import (
    EXIT_ERROR,
    EXIT_FINDINGS,
    EXIT_INTERRUPTED,
    EXIT_OK,
    cache_options,
    config_options,
    exit_code,
    facts_option,
    known_rules,
    model_option,
    run_config,
    use_cache,
)
from factlint.cli_common import error as _error
from factlint.cli_common import warn as _warn
from factlint.cli_facts import facts as facts_command
from factlint.cli_init import init as init_command
from factlint.cli_stats import stats as stats_command
from factlint.errors import FactlintError, UsageError
from factlint.progress import Progress
from factlint.progress import wanted as progress_wanted
from factlint.safeio import escape_surrogates, neutralise_commands, printable


def _formats() -> list[str]:
    from factlint.reporters import available

    return available()


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="factlint")
def cli() -> None:
    """factlint: text-quality and fact-check linter for entertainment articles."""


@cli.command()
@click.argument("paths", nargs=-1, type=str)
@facts_option
@config_options
@click.option("--select", multiple=True, metavar="IDS",
              help="Only these rules: codes, code prefixes (FL3) or slugs; comma-separated.")
@click.option("--ignore", multiple=True, metavar="IDS", help="Skip these rules.")
@click.option("--format", "fmt", default="text", show_default=True,
              metavar="[" + "|".join(_formats()) + "]",
              help=f"Output format: {', '.join(_formats())}.")
@click.option("--fail-on", type=click.Choice(["error", "warning", "info", "never"]),
              default=None, help="Lowest severity that makes the exit code 1 [default: warning].")
@click.option("--min-severity", type=click.Choice(["error", "warning", "info"]), default=None,
              help="Drop findings below this severity: not shown, not counted for the exit "
                   "code [default: min-severity in the config, else info].")
@click.option("--exit-zero", is_flag=True,
              help="Exit 0 even when findings are reported (errors still exit 2).")
@click.option("--statistics", is_flag=True,
              help="Print how many findings each rule reported instead of the findings.")
@click.option("--show-settings", is_flag=True,
              help="Print the resolved settings (rules, severities, options, facts files, "
                   "packs, config file) and exit without checking.")
@model_option
@click.option("--stdin-filename", metavar="NAME", help="Name to report for '-' (stdin).")
@click.option("-o", "--output", metavar="FILE", help="Write the report here instead of stdout.")
@click.option("--color", type=click.Choice(["auto", "always", "never"]), default="auto",
              show_default=True, help="Colour text output.")
@click.option("-q", "--quiet", is_flag=True, help="Only findings: no summary, no warnings.")
@click.option("--fix", is_flag=True,
              help="Apply the fixes that need no judgement (repeated words, runs of marks, "
                   "page-debris lines, misspelt names with one candidate) to the files, then "
                   "report what is left.")
@click.option("--unsafe-fixes", is_flag=True,
              help="With --fix or --diff: also the fixes that need a reader's judgement "
                   "(pronouns, the reference's studio or episode count, mixed marks, menus).")
@click.option("--diff", "diff", is_flag=True,
              help="With --fix/--unsafe-fixes: print the fixes as a unified diff and write "
                   "nothing (exit 1 if there are any). Otherwise: only findings on lines "
                   "changed since HEAD (same as --changed-since HEAD).")
@click.option("--changed-since", metavar="REV",
              help="Only findings on lines changed since this git revision (its merge base).")
@click.option("--baseline", metavar="FILE",
              help="Report only findings not recorded in this baseline file.")
@click.option("--write-baseline", is_flag=True,
              help="Record every current finding in the --baseline file and exit 0.")
@click.option("--archive", "archive", multiple=True, metavar="DIR",
              help="Also compare the checked files with the articles under DIR for FL206 "
                   "(repeatable; replaces 'archive' in the config). Findings land on the "
                   "checked files only.")
@click.option("--no-archive", is_flag=True, help="Ignore the config's 'archive'.")
@cache_options
@click.option("--max-file-size", metavar="SIZE",
              help="Largest article (or stdin) read, e.g. 20MB, 512KiB "
                   "[default: max-file-size in the config, else 20 MiB].")
@click.option("--follow-symlinks", is_flag=True,
              help="Also check files whose symbolic links lead outside the checked tree.")
@click.option("-j", "--jobs", type=click.IntRange(min=1), default=None, metavar="N",
              help="Worker processes [default: one per CPU, for runs large enough to gain].")
@click.option("--executor", type=click.Choice(["local", "dask"]), default="local",
              show_default=True,
              help="Where files are checked: here, or on a Dask cluster (factlint[dask]).")
@click.option("--scheduler", metavar="ADDRESS",
              help="With --executor dask: the cluster's scheduler, e.g. tcp://host:8786 "
                   "[default: a local cluster of --jobs workers].")
def check(
    paths: tuple[str, ...], facts: tuple[str, ...], config_path: str | None, isolated: bool,
    select: tuple[str, ...], ignore: tuple[str, ...], fmt: str, fail_on: str | None,
    model: str | None, stdin_filename: str | None, output: str | None, color: str, quiet: bool,
    diff: bool, changed_since: str | None, baseline: str | None, write_baseline: bool,
    archive: tuple[str, ...], no_archive: bool,
    no_cache: bool, cache_dir: str | None, jobs: int | None, max_file_size: str | None,
    follow_symlinks: bool, min_severity: str | None, exit_zero: bool, statistics: bool,
    show_settings: bool, fix: bool, unsafe_fixes: bool, executor: str,
    scheduler: str | None,
) -> None:
    """Check articles (files, folders, or - for stdin) and report findings."""
    from factlint import reporters
    from factlint.engine import Engine, Source
    from factlint.finding import Severity

    reporter = reporters.get(fmt)
    config = run_config(config_path, isolated, select, ignore, facts)
    if fail_on:
        config.fail_on = fail_on
    if min_severity:
        config.min_severity = min_severity
    if statistics and fmt not in ("text", "json"):
        raise UsageError(f"--statistics prints text or json, not --format {fmt}")
    config.follow_symlinks = follow_symlinks
    if archive and no_archive:
        raise UsageError("use either --archive DIR or --no-archive, not both")
    if archive or no_archive:
        config.archive = list(archive)
    if max_file_size is not None:
        from factlint.config import parse_size

        try:
            config.max_file_size = parse_size(max_file_size)
        except ValueError as exc:
            raise UsageError(f"--max-file-size {exc}") from None
    fixing = fix or unsafe_fixes
    show_fixes = fixing and diff  # --fix --diff: the fixes as a diff, not the git gate
    if fixing:
        _fix_conflicts(fix, unsafe_fixes, diff, changed_since, baseline, "-" in paths)
        diff = False
    if write_baseline and not baseline:
        raise UsageError("--write-baseline needs --baseline FILE (where to write)")
    if diff and changed_since:
        raise UsageError("use either --diff or --changed-since REV, not both")
    changed = None
    if diff or changed_since:
        from factlint.gitdiff import changed_lines

        changed = changed_lines(changed_since or "HEAD")
    known = None  # read before the run, so a bad baseline fails fast
    if baseline and not write_baseline:
        from factlint.baseline import load_baseline

        known = load_baseline(baseline)
    engine = Engine(config, model=model, jobs=jobs,
                    keep_documents=reporters.needs_documents(fmt))
    use_cache(engine, no_cache, cache_dir)

    file_args = [p for p in paths if p != "-"] if paths else ([] if "-" in paths else ["."])
    sources, errors = engine.expand(file_args) if file_args else ([], [])
    if show_settings:
        from factlint.settings import render_settings, resolved_settings

        settings = resolved_settings(engine, sources, no_cache=no_cache, cache_dir=cache_dir)
        click.echo(render_settings(settings, fmt), nl=False)
        for err in sorted(errors):  # a path that names nothing is still bad input
            _error(err)
        sys.exit(EXIT_ERROR if errors else EXIT_OK)
    if "-" in paths:
        from factlint.errors import InputError, reading
        from factlint.parse import decode
        from factlint.safeio import read_bounded

        name = stdin_filename or "<stdin>"
        try:
            with reading(name, InputError, "an article"):
                text = read_bounded(sys.stdin.buffer, config.max_file_size)
            sources.append(Source(name, decode(text, name)))
        except FactlintError as exc:
            errors.append(str(exc))
    for target, what in ((output, "the report"), (baseline if write_baseline else None,
                                                  "the baseline")):
        if target is not None:
            _refuse_inputs(target, what, sources, config, baseline if known is not None
                           else None)
    untouched: list[Any] = []
    if changed is not None and not write_baseline:
        # Files without a changed line have no finding to report: they are compared with
        # as an archive (FL206), so a copy lands on the changed file that made it.
        keep = [s.text is not None or changed.touches_file(s.path) for s in sources]
        untouched = [s for s, k in zip(sources, keep, strict=True) if not k]
        sources = [s for s, k in zip(sources, keep, strict=True) if k]
    if scheduler and executor != "dask":
        raise UsageError("--scheduler needs --executor dask")
    progress = None
    if progress_wanted(sys.stderr, len(sources), quiet):
        progress = Progress(sys.stderr)
    try:
        if executor == "dask":
            from factlint.dask_executor import DaskExecutor

            engine.executor = DaskExecutor(scheduler, workers=jobs)
        result = engine.run(sources, progress=progress, archive=untouched)
    finally:
        if progress is not None:
            progress.close()
        if engine.executor is not None:
            engine.executor.close()
            engine.executor = None  # a later run (--fix's) checks here
    floor = Severity.parse(config.min_severity).rank
    if fixing:
        from factlint import fixer

        fixes = fixer.fix_run(engine, sources, result.findings, unsafe=unsafe_fixes,
                              write=not show_fixes, floor=floor,
                              max_bytes=config.max_file_size)
        errors += [f.error for f in fixes.files if f.error]
        engine.warnings.extend(f"{f.path}: fixes still came after {fixer.MAX_PASSES} passes; "
                               "run --fix again" for f in fixes.files if f.unsettled)
        if show_fixes:
            _show_fixes(fixes, errors + result.errors, engine.warnings, output, quiet)
        result = engine.run(sources)  # what is left in the fixed files
        if not quiet:
            left = sum(f.severity.rank >= floor for f in result.findings)
            click.echo(f"factlint: fixed {fixer.plural(fixes.fixed, 'finding')} in "
                       f"{fixer.plural(len(fixes.changed), 'file')} ({left} remaining)",
                       err=True)
    result.errors = sorted(errors + result.errors)
    _printable_paths(result)
    if not quiet:
        for warning in result.warnings:
            _warn(warning)
    for err in result.errors:
        _error(err)
    if write_baseline:
        assert baseline is not None
        from factlint.baseline import write_baseline as record

        count = record(baseline, result.findings)
        if not quiet:
            click.echo(f"factlint: recorded {count} findings in {printable(baseline)}",
                       err=True)
        sys.exit(EXIT_ERROR if result.errors else EXIT_OK)
    if changed is not None:
        result.findings = changed.filter(result.findings)
    if known is not None:
        assert baseline is not None
        from factlint.baseline import new_findings

        result.findings = new_findings(baseline, result.findings, known)
    result.findings = [f for f in result.findings if f.severity.rank >= floor]
    use_color = color == "always" or (
        color == "auto" and output is None and sys.stdout.isatty() and "NO_COLOR" not in os.environ
    )
    if statistics:
        from factlint.reporters._statistics import render_statistics

        report = render_statistics(result, engine.by_code, json_format=fmt == "json")
    else:
        report = reporter(result, reporters.ReportOptions(color=use_color, quiet=quiet,
                                                          rules=engine.by_code))
    if output:
        from factlint.safeio import write_atomic

        try:
            write_atomic(output, report)
        except OSError as exc:
            raise UsageError(f"cannot write {output}: {exc.strerror or exc}") from None
    else:
        click.echo(report, nl=False, color=use_color)

    sys.exit(exit_code(result.findings, result.errors,
                       "never" if exit_zero else config.fail_on))


def _fix_conflicts(fix: bool, unsafe: bool, diff: bool, changed_since: str | None,
                   baseline: str | None, stdin: bool) -> None:
    """Refuse the combinations of --fix/--unsafe-fixes that cannot mean what they say."""
    if unsafe and not (fix or diff):
        raise UsageError("--unsafe-fixes adds to --fix (write) or --diff (show); give one")
    if changed_since or baseline:
        raise UsageError("--fix and --diff fix whole files: they do not combine with "
                         "--changed-since or --baseline")
    if stdin and not diff:
        raise UsageError("--fix cannot write stdin ('-'); use --fix --diff to see its fixes")


def _show_fixes(fixes: Any, errors: list[str], warnings: list[str], output: str | None,
                quiet: bool) -> None:
    """``--diff``: every fixed file's unified diff on stdout (or ``-o``), exact bytes;
    exit 1 when there is one, 2 on errors, else 0."""
    from factlint.fixer import plural, unified_diff
    from factlint.safeio import write_atomic

    # A file name's undecodable bytes go out as they were, so patch finds the file.
    data = "".join(unified_diff(f) for f in fixes.changed).encode("utf-8", "surrogateescape")
    if output:
        try:
            write_atomic(output, data)
        except OSError as exc:
            raise UsageError(f"cannot write {output}: {exc.strerror or exc}") from None
    elif getattr(sys.stdout, "buffer", None) is not None:  # the bytes, CRs and all
        sys.stdout.flush()
        sys.stdout.buffer.write(data)
        sys.stdout.buffer.flush()
    else:
        click.echo(data.decode("utf-8"), nl=False)
    for warning in [] if quiet else dict.fromkeys(warnings):
        _warn(escape_surrogates(warning))
    for err in sorted(errors):
        _error(escape_surrogates(err))
    if not quiet:
        click.echo(f"factlint: would fix {plural(fixes.fixed, 'finding')} in "
                   f"{plural(len(fixes.changed), 'file')}", err=True)
    sys.exit(EXIT_ERROR if errors else EXIT_FINDINGS if fixes.changed else EXIT_OK)


def _printable_paths(result: Any) -> None:
    """Undecodable bytes of file names (kept by Python as lone surrogates) become
    ``\\xNN`` in every finding, error and document, so every report encodes as UTF-8."""
    import dataclasses

    result.findings = [f if f.path == (shown := escape_surrogates(f.path))
                       else dataclasses.replace(f, path=shown) for f in result.findings]
    result.errors = [escape_surrogates(e) for e in result.errors]
    result.paths = [escape_surrogates(p) for p in result.paths]
    result.warnings = [escape_surrogates(w) for w in result.warnings]
    result.documents = {escape_surrogates(k): v for k, v in result.documents.items()}


def _refuse_inputs(target: str, what: str, sources: list[Any], config: Any,
                   baseline: str | None) -> None:
    """Refuse to write ``target`` when it is (or links to) any file the run reads: an
    article, the config, a pack, a reference file (configured or found beside an
    article) or the baseline being compared against."""
    from factlint.facts.loader import facts_beside
    from factlint.safeio import same_file

    inputs: list[str] = [s.path for s in sources if s.text is None]
    inputs += [p for s in sources if s.text is None for p in facts_beside(s.path)]
    inputs += [*config.facts, *config.packs, *([config.path] if config.path else [])]
    inputs += [baseline] if baseline else []
    if any(same_file(target, p) for p in inputs):
        raise UsageError(f"refusing to write {what} to {target}: it is an input of this run; "
                         "choose another file")


@cli.command("rules")
@config_options
@click.option("--format", "fmt", type=click.Choice(["text", "json", "markdown"]),
              default="text", show_default=True,
              help="text: one line per rule; json: every rule's fields and options; "
                   "markdown: the full rule reference.")
@click.option("--markdown", is_flag=True, help="Same as --format markdown.")
def list_rules(config_path: str | None, isolated: bool, fmt: str, markdown: bool) -> None:
    """List every rule: code, slug, default severity and summary."""
    rules = known_rules(config_path, isolated)
    if markdown or fmt == "markdown":
        from factlint.docs import rules_markdown

        click.echo(rules_markdown(rules), nl=False)
        return
    if fmt == "json":
        import json

        from factlint.docs import rule_record

        payload = {"version": 1, "rules": [rule_record(cls) for cls in rules]}
        click.echo(json.dumps(payload, indent=2, ensure_ascii=False))
        return
    for cls in rules:
        fix = cls.fixable.value if cls.fixable is not None else "-"
        click.echo(f"{cls.code:<7} {cls.name:<28} {cls.severity.value:<8} {fix:<6} "
                   f"{cls.summary}")


@cli.command("rule")
@click.argument("ident")
@config_options
def show_rule(ident: str, config_path: str | None, isolated: bool) -> None:
    """Explain one rule, by code (FL101) or slug (duplicate-heading)."""
    from factlint.registry import find_rule

    click.echo(find_rule(ident, known_rules(config_path, isolated)).describe())


@cli.command("lsp")
@click.option("--stdio", is_flag=True,
              help="Talk over stdin/stdout (the only transport, so the default; accepted "
                   "because LSP clients such as vscode-languageclient pass it).")
def lsp(stdio: bool) -> None:
    """Run the language server over stdio (needs: pip install 'factlint[lsp]')."""
    from factlint.lsp import serve

    serve()


cli.add_command(stats_command)
cli.add_command(facts_command)
cli.add_command(init_command)


def main(argv: list[str] | None = None, prog_name: str = "factlint") -> None:
    """Entry point: runs the CLI and turns every failure into one line and exit code 2."""
    try:
        cli.main(args=argv, prog_name=prog_name, standalone_mode=False)
    except click.exceptions.Exit as exc:
        sys.exit(exc.exit_code)
    except click.UsageError as exc:
        # One line that names the option, as every other factlint error is; the value
        # quoted in it is the user's and is escaped like any other printed text.
        hint = f"; see '{exc.ctx.command_path} --help'" if exc.ctx is not None else ""
        _error(escape_surrogates(exc.format_message()).rstrip(".") + hint)
        sys.exit(EXIT_ERROR)
    except click.ClickException as exc:
        # Click's message repeats the command line, which may carry a newline and a
        # workflow command: each of its lines is printed neutralised.
        shown = io.StringIO()
        exc.show(file=shown)
        text = escape_surrogates(shown.getvalue())
        click.echo(neutralise_commands(text.replace("\r", "\\r")), err=True, nl=False)
        sys.exit(EXIT_ERROR)
    except click.exceptions.Abort as exc:
        if isinstance(exc.__context__, KeyboardInterrupt):  # Ctrl-C, as Click reports it
            _error("interrupted")
            sys.exit(EXIT_INTERRUPTED)
        _error("aborted")
        sys.exit(EXIT_ERROR)
    except FactlintError as exc:
        _error(str(exc))
        sys.exit(EXIT_ERROR)
    except KeyboardInterrupt:
        _error("interrupted")
        sys.exit(EXIT_INTERRUPTED)
    except BrokenPipeError:
        sys.exit(EXIT_ERROR)
    except Exception as exc:
        if os.environ.get("FACTLINT_DEBUG"):
            raise
        _error(f"internal error: {type(exc).__name__}: {exc} (set FACTLINT_DEBUG=1 for details)")
        sys.exit(EXIT_ERROR)
    sys.exit(EXIT_OK)


def entry() -> None:
    """The ``factlint`` command: :func:`main`, then an exit that skips interpreter teardown.

    Tearing down a loaded spaCy pipeline object by object costs about a fifth of a one-file
    check's CPU time, and nothing factlint writes depends on it: reports and caches are
    written and closed before ``main`` returns. Output is flushed first; under coverage or
    ``FACTLINT_DEBUG`` the ordinary exit is kept.
    """
    try:
        main()
    except SystemExit as exc:
        code = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 2)
    else:  # pragma: no cover - main always exits
        code = EXIT_OK
    if os.environ.get("FACTLINT_DEBUG") or "coverage" in sys.modules:
        sys.exit(code)
    try:
        sys.stdout.flush()
        sys.stderr.flush()
    except (BrokenPipeError, OSError):
        code = code or EXIT_ERROR
    os._exit(code)
