"""``factlint facts``: validate reference files and draft new ones."""

from __future__ import annotations

from pathlib import Path

import click

from factlint.errors import FactlintError, UsageError


@click.group("facts")
def facts() -> None:
    """Reference facts files: validate them, or draft one from articles."""


@facts.command("validate")
@click.argument("files", nargs=-1, required=True)
def validate(files: tuple[str, ...]) -> None:
    """Check reference files; each mistake is printed as file:line: message (exit 2)."""
    from factlint.facts import load_reference

    failed = False
    for path in files:
        try:
            ref = load_reference([path])
        except FactlintError as exc:
            click.echo(f"factlint: error: {exc}", err=True)
            failed = True
            continue
        click.echo(f"{path}: ok ({len(ref.characters)} characters, "
                   f"{len(ref.organizations)} organizations, {len(ref.seasons)} seasons)")
    if len(files) > 1:  # names must also be unique across files used together
        try:
            load_reference(list(files))
        except FactlintError as exc:
            if not failed:
                click.echo(f"factlint: error: {exc}", err=True)
            failed = True
    if failed:
        raise SystemExit(2)


@facts.command("init")
@click.argument("articles", nargs=-1, required=True)
@click.option("-o", "--output", metavar="FILE", help="Write the draft here (not over a file).")
@click.option("--model", metavar="NAME", help="spaCy model package or path to load.")
def init(articles: tuple[str, ...], output: str | None, model: str | None) -> None:
    """Draft a reference file from ARTICLES for an editor to complete."""
    from factlint.facts.draft import draft, render
    from factlint.facts.entities import entity_words
    from factlint.facts.lexicon import people
    from factlint.facts.mentions import Mentions
    from factlint.nlp import annotate, load_nlp
    from factlint.packs import PackSet
    from factlint.parse import parse_document, read_article
    from factlint.sources import collect

    if output and (Path(output).exists() or Path(output).is_symlink()):
        raise UsageError(f"{output} exists; factlint facts init never overwrites a file")
    found = collect(list(articles), [])
    if found.errors:
        raise UsageError("; ".join(f"{p}: {m}" for p, m in found.errors))
    docs = [parse_document(p, read_article(p)) for p in found.files]
    nlp = load_nlp({"tagger", "lemmatizer", "parser", "ner"}, model)
    if "ner" not in nlp.capabilities:
        raise UsageError(nlp.warning or "the NLP model cannot find names")
    # The fact rules' entity layer tells the real people and companies from characters.
    packs = PackSet.load()
    mentions = Mentions(people(packs), lambda: nlp.nlp, entity_words(packs.data_for("FL406")))
    text = render(draft(annotate(docs, nlp), mentions), list(found.files))
    if output:
        try:
            from factlint.safeio import write_atomic

            write_atomic(output, text)
        except OSError as exc:
            raise UsageError(f"cannot write {output}: {exc.strerror or exc}") from None
        click.echo(f"wrote {output}")
    else:
        click.echo(text, nl=False)
