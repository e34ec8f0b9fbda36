"""FL206 duplicate-across-files: a paragraph that also stands in another article of the run."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any, ClassVar

from factlint import neardup
from factlint.document import Document
from factlint.duplication import content_lemmas
from factlint.finding import Finding, Severity
from factlint.registry import CorpusRule, Option, Setup, register


@dataclass(frozen=True)
class _Paragraph:
    """What ``collect`` keeps of one paragraph: small, picklable, enough to report it."""

    line: int
    column: int
    end_line: int
    end_column: int
    excerpt: str
    hashes: bytes  # sorted 64-bit hashes of the paragraph's content lemmas, 8 bytes each

    def hash_set(self) -> frozenset[bytes]:
        return neardup.split(self.hashes)


@register
class DuplicateAcrossFiles(CorpusRule):
    code = "FL206"
    name = "duplicate-across-files"
    severity = Severity.WARNING
    family = "duplication"
    summary = "A paragraph also appears, verbatim or reworded, in another article of the run."
    explanation = (
        "Content farms recycle paragraphs between posts, sometimes with a few words swapped. "
        "When one run checks many articles, every paragraph with at least `min_words` content "
        "words is indexed once (banded MinHash signatures, so the cost grows with the size of "
        "the archive, not its square; a pair at the threshold is missed with probability "
        "about 1%, a word-for-word copy never); candidates are then confirmed by the exact "
        "share of content-word lemmas the two paragraphs have in common "
        "(Jaccard similarity at least `threshold`; the paraphrase groups of "
        "rules/structure/paraphrases.yaml count as one word, as for FL202). The paragraph "
        "is reported in the later file (in path order), naming the other file and line; "
        "the result does not depend on how files are split between workers. With "
        "`--archive DIR` (or `archive:` in the config) the checked files are also compared "
        "with every article under DIR: a copy is reported on the checked file, naming the "
        "archive file and line, and archive files are never reported on. Rewrite the "
        "paragraph for this article, or link to the other one instead of repeating it."
    )
    bad_example = (
        "posts/a.md: Moonlit Garden follows Mia, a stagehand who dreams of singing...\n"
        "posts/b.md: Moonlit Garden follows Mia, a young stagehand dreaming of singing..."
    )
    good_example = "posts/b.md: (a paragraph written for this article, linking to posts/a.md)"
    options: ClassVar[dict[str, Option]] = {
        "threshold": Option(0.6, "share of content-word lemmas two paragraphs must share"),
        "min_words": Option(12, "paragraphs with fewer content words are not indexed"),
    }
    needs = frozenset({"lemmatizer"})
    uses = ("paraphrases",)

    def prepare(self, setup: Setup) -> None:
        self.min_words = int(setup.options["min_words"])
        self.threshold = float(setup.options["threshold"])
        # The paraphrase groups the in-article repetition rules count as one word too.
        self.canon = setup.analysis("paraphrases").canon

    def collect(self, doc: Document, facts: Any) -> list[_Paragraph]:
        min_words = self.min_words
        out: list[_Paragraph] = []
        for block in self.blocks(doc):
            lemmas = content_lemmas((t for p in block.pieces for t in p.doc), canon=self.canon)
            if len(lemmas) < min_words:
                continue
            text = block.text
            start = len(text) - len(text.lstrip())
            s, e = block.source_span(start, len(text.rstrip()))
            (line, col), (end_line, end_col) = doc.position(s), doc.position(e)
            out.append(_Paragraph(line, col, end_line, end_col, doc.excerpt(s, e),
                                  b"".join(sorted(_hash(x) for x in lemmas))))
        return out

    def finish(
        self, items: Sequence[tuple[str, Any]], archive: Sequence[tuple[str, Any]] = (),
        joined: Iterable[tuple[int, int]] | None = None,
    ) -> Iterable[Finding]:
        """``joined``: candidate pairs of :func:`~factlint.neardup.set_id` already found
        by a distributed join (the Dask executor); without it they are found here."""
        checked = sum(1 for _, paragraphs in items if paragraphs)
        stored_archive = any(paragraphs for _, paragraphs in archive)
        if checked == 0 or (checked < 2 and not stored_archive):
            return  # nothing to compare across files
        threshold = self.threshold
        paragraphs = [(path, p) for path, ps in sorted(items, key=lambda i: i[0]) for p in ps]
        sets = [p.hash_set() for _, p in paragraphs]
        in_archive = (neardup.archive_matches(
            sets, [(path, p.line, p.hashes)
                   for path, ps in sorted(archive, key=lambda i: i[0]) for p in ps],
            threshold) if stored_archive else {})
        # Recycled text repeats word for word: each distinct set is compared once, and its
        # first copy (in path order) stands for all later ones.
        distinct: dict[bytes, int] = {}
        first: list[int] = []  # distinct set -> its first paragraph
        which: list[int] = []  # paragraph -> its distinct set
        for n, (_, para) in enumerate(paragraphs):
            d = distinct.setdefault(para.hashes, len(first))
            if d == len(first):
                first.append(n)
            which.append(d)
        near: dict[int, list[tuple[float, int]]] = {}
        if checked > 1:  # checked files compared with each other
            unique = [sets[n] for n in first]
            if joined is None:
                near = neardup.similar_pairs(unique, list(distinct), threshold)
            else:
                index = {neardup.set_id(blob): d for blob, d in distinct.items()}
                near = neardup.verify(
                    ((index[a], index[b]) for a, b in joined if a in index and b in index),
                    unique, threshold)
        for n, (path, para) in enumerate(paragraphs):
            # the closest paragraph of an earlier file (path order): by score, path, line
            matches: list[tuple[float, str, int]] = []
            if n in in_archive:
                matches.append(in_archive[n])
            d = which[n]
            for score, e in [(1.0, d), *near.get(d, ())]:
                other_path, other = paragraphs[first[e]]
                if other_path < path:
                    matches.append((-score, other_path, other.line))
            if not matches:
                continue
            neg_score, other_path, other_line = min(matches)
            score = -neg_score
            how = "word for word" if score >= 0.999 else f"reworded, {score:.0%} shared words"
            yield Finding(
                path=path, line=para.line, column=para.column, end_line=para.end_line,
                end_column=para.end_column, rule=self.code, name=self.name,
                severity=self.effective_severity,
                message=(f"paragraph also appears in {other_path} line {other_line} ({how}); "
                         f"rewrite it for this article or link to the other one"),
                excerpt=para.excerpt,
            )

    def join_records(self, paragraphs: Sequence[_Paragraph]) -> tuple[Any, Any]:
        """One file's part of a distributed join: its paragraphs' band keys and set ids
        (see :func:`factlint.neardup.band_records`)."""
        return neardup.band_records([p.hashes for p in paragraphs])


def _hash(word: str) -> bytes:
    """A stable 64-bit hash (Python's hash() changes between processes), as 8 bytes."""
    return hashlib.blake2b(word.encode(), digest_size=8).digest()
