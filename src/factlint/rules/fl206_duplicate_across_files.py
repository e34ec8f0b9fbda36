"""FL206 duplicate-across-files: a paragraph that also stands in another article of the run."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any, ClassVar

from factlint.document import Document
from factlint.duplication import content_lemmas
from factlint.finding import Finding, Severity
from factlint.registry import CorpusRule, Option, Setup, register

_NUM_PERM = 64


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
        return frozenset(self.hashes[i : i + 8] for i in range(0, len(self.hashes), 8))


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
        "words is indexed once (MinHash signatures in a locality-sensitive hash, so the cost "
        "grows with the size of the archive, not its square); candidates are then confirmed "
        "by the exact share of content-word lemmas the two paragraphs have in common "
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
        self, items: Sequence[tuple[str, Any]], archive: Sequence[tuple[str, Any]] = ()
    ) -> Iterable[Finding]:
        checked = sum(1 for _, paragraphs in items if paragraphs)
        stored_archive = any(paragraphs for _, paragraphs in archive)
        if checked == 0 or (checked < 2 and not stored_archive):
            return  # nothing to compare across files
        threshold = self.threshold
        paragraphs = [(path, p) for path, ps in sorted(items, key=lambda i: i[0]) for p in ps]
        sets = [p.hash_set() for _, p in paragraphs]
        in_archive = _archive_matches(sets, archive, threshold) if stored_archive else {}
        stored: dict[str, tuple[str, _Paragraph, frozenset[bytes]]] = {}
        lsh: Any = None
        signatures: list[Any] = [None] * len(sets)
        if checked > 1:  # checked files compared with each other (a hook's one file is not:
            # and importing datasketch, which imports scipy, would cost it a second)
            from datasketch import MinHash, MinHashLSH

            # The index is deliberately looser than the threshold: it only proposes
            # candidates, and every candidate is confirmed exactly below.
            lsh = MinHashLSH(threshold=max(0.1, threshold - 0.15), num_perm=_NUM_PERM)
            signatures = MinHash.bulk([sorted(words) for words in sets], num_perm=_NUM_PERM)
        # Recycled text repeats word for word: the first copy stands for all later ones, so
        # an archive full of one boilerplate paragraph does not make every query longer.
        first_copy: dict[frozenset[bytes], tuple[str, _Paragraph]] = {}
        for n, ((path, para), sig) in enumerate(zip(paragraphs, signatures, strict=True)):
            mine = sets[n]
            twin = first_copy.get(mine)
            matches: list[tuple[float, str, int]] = []
            if n in in_archive:
                matches.append(in_archive[n])
            if twin is not None and twin[0] != path:
                matches.append((-1.0, twin[0], twin[1].line))
            elif sig is not None:
                for key in lsh.query(sig):
                    other_path, other, other_set = stored[key]
                    if other_path == path:
                        continue
                    score = len(mine & other_set) / len(mine | other_set)
                    if score >= threshold:
                        matches.append((-score, other_path, other.line))
            if twin is None and sig is not None:
                first_copy[mine] = (path, para)
                key = str(n)
                lsh.insert(key, sig)
                stored[key] = (path, para, mine)
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


# Checked paragraphs compared with the archive in one pass over its words: few enough that
# the pass rejects nearly every archive paragraph, many enough that a large run makes few.
_ARCHIVE_BATCH = 256


def _archive_matches(
    sets: list[frozenset[bytes]], archive: Sequence[tuple[str, Any]], threshold: float
) -> dict[int, tuple[float, str, int]]:
    """The closest archive paragraph of each checked paragraph that has one, as
    ``index -> (-score, path, line)`` (ties go to the first path and line).

    A hook checks one article against thousands, so the archive is not indexed: its
    words lie in one array, and a batch of checked paragraphs is looked up with one
    vectorised search. An archive paragraph ``B`` can reach ``threshold`` with some
    paragraph ``A`` only if ``|A & B| >= threshold * |B|``, so only archive paragraphs
    with that many words among the batch's words are compared exactly.
    """
    import numpy as np

    owners: list[tuple[str, _Paragraph]] = [
        (path, p) for path, ps in sorted(archive, key=lambda i: i[0]) for p in ps]
    words = np.frombuffer(b"".join(p.hashes for _, p in owners), dtype=np.uint64)
    sizes = np.fromiter((len(p.hashes) // 8 for _, p in owners), dtype=np.int64,
                        count=len(owners))
    owner_of = np.repeat(np.arange(len(owners)), sizes)
    # |A & B| is a whole number: the smallest one that can reach the threshold (with a
    # margin for rounding, so a paragraph exactly at the threshold is not lost).
    needed = np.ceil(sizes * threshold - 1e-9)
    archive_sets: dict[int, frozenset[bytes]] = {}
    best: dict[int, tuple[float, str, int]] = {}
    for first in range(0, len(sets), _ARCHIVE_BATCH):
        batch = range(first, min(first + _ARCHIVE_BATCH, len(sets)))
        vocab = np.unique(np.frombuffer(b"".join(h for n in batch for h in sets[n]),
                                        dtype=np.uint64))
        at = np.searchsorted(vocab, words)
        hit = vocab[np.minimum(at, len(vocab) - 1)] == words
        shared = np.bincount(owner_of[hit], minlength=len(owners))
        for k in np.flatnonzero((shared >= needed) & (sizes > 0)).tolist():
            other_path, other = owners[k]
            other_set = archive_sets.get(k)
            if other_set is None:
                other_set = archive_sets[k] = other.hash_set()
            for n in batch:
                mine = sets[n]
                common = len(mine & other_set)
                if not common:
                    continue
                score = common / (len(mine) + len(other_set) - common)
                if score >= threshold:
                    match = (-score, other_path, other.line)
                    if n not in best or match < best[n]:
                        best[n] = match
    return best


def _hash(word: str) -> bytes:
    """A stable 64-bit hash (Python's hash() changes between processes), as 8 bytes."""
    return hashlib.blake2b(word.encode(), digest_size=8).digest()
