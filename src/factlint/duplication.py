"""Near-duplicate detection inside one article, shared by FL201, FL202 and FL203.

Passages (sentences, paragraphs, section bodies) are compared as sets of content-word
lemmas, so word order, inflection and small rewordings do not hide a repetition. The
score of a pair is the share of the shorter passage's content lemmas that the other one
contains; pairs of very different length are never compared. Candidate pairs come from
an inverted index over each passage's rarest lemmas (prefix filtering), which finds every
pair above the threshold without comparing all pairs, so the cost stays close to linear;
a cap on the candidates of one passage keeps it linear even on text made of a few common
words, where every passage would be a candidate of every other.

The three rules report one problem once: a duplicated section (FL203) swallows the
paragraph and sentence repetitions inside it, a duplicated paragraph (FL201, or FL202 at
paragraph level) swallows its sentences. Precedence follows the rules enabled in the run.
"""

from __future__ import annotations

import sys
from collections import Counter
from collections.abc import Callable, Collection, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, ClassVar

from factlint.claimframes import (
    ClaimWords,
    Frame,
    frame,
    points_at_media,
    same_anchored_claim,
    same_unsettled,
)
from factlint.document import Block, Document, Section
from factlint.registry import DocumentRule, Setup, scope
from factlint.structure import SubjectPhrases
from factlint.textutil import normalise

if TYPE_CHECKING:
    from spacy.tokens import Token

# Parts of speech that never carry a passage's content.
FUNCTION_POS = frozenset({"AUX", "PRON", "DET", "ADP", "CCONJ", "SCONJ", "PART", "PUNCT",
                           "SYM", "SPACE", "INTJ", "X"})


def span_lemmas(spans: Iterable[Any], ignore: frozenset[str] = frozenset(),
                canon: Mapping[str, str] | None = None) -> set[str]:
    """Lower-cased lemmas of the content words of ``spans`` (spaCy Docs or Spans), minus
    ``ignore``; with ``canon``, each lemma of a paraphrase group stands for its group
    (see :func:`paraphrase_canon`), so "confirmed" and "announced" count as one word.

    The tokens are read as arrays: a token's content lemma depends only on its text,
    part of speech and lemma, so each distinct triple is worked out once per vocabulary
    and most tokens never become ``Token`` objects. The strings are interned: the sets
    of a long article, kept after its parses are released, share one copy of each word.
    """
    from spacy.attrs import LEMMA, ORTH, POS

    out: set[str] = set()
    for span in spans:
        doc = span if span.doc is span else span.doc
        memo = _memo(doc.vocab)
        start = 0 if doc is span else span.start
        rows = doc.to_array([ORTH, POS, LEMMA])[start : start + len(span)].tolist()
        for i, (orth, pos, lemma) in enumerate(rows):
            key = (orth, pos, lemma)
            found = memo.get(key, _UNSEEN)
            if found is _UNSEEN:
                found = memo[key] = _content_lemma(doc[start + i])
            _add(out, found, ignore, canon)  # type: ignore[arg-type]
    return out


_UNSEEN = object()
_MEMOS: list[tuple[Any, dict[tuple[int, int, int], str | None]]] = []  # (vocab, memo)


def _memo(vocab: Any) -> dict[tuple[int, int, int], str | None]:
    """The content lemmas worked out for ``vocab`` (one vocabulary in a run; another
    model's may flag stop words differently)."""
    if not _MEMOS or _MEMOS[0][0] is not vocab:
        _MEMOS[:] = [(vocab, {})]
    return _MEMOS[0][1]


def _content_lemma(tok: Token) -> str | None:
    """The token's lower-cased lemma, interned, or None for a word without content."""
    if tok.is_stop or tok.is_punct or tok.is_space or tok.pos_ in FUNCTION_POS:
        return None
    lemma = (tok.lemma_ or tok.text).lower().strip("'’")
    return sys.intern(lemma) if lemma and any(ch.isalnum() for ch in lemma) else None


def _add(out: set[str], lemma: str | None, ignore: frozenset[str],
         canon: Mapping[str, str] | None) -> None:
    if lemma is not None and lemma not in ignore:
        out.add(sys.intern(canon.get(lemma, lemma)) if canon else lemma)


def paraphrase_canon(tables: Iterable[Any]) -> dict[str, str]:
    """Lemma -> the first lemma of its paraphrase group, from the ``paraphrases`` tables
    of FL202 packs (rules/structure/paraphrases.yaml). A lemma keeps its first group."""
    canon: dict[str, str] = {}
    for table in tables:
        groups = table.get("paraphrases") if isinstance(table, dict) else None
        for group in groups or []:
            words = [str(w).strip().lower() for w in group or [] if str(w).strip()]
            for word in words:
                canon.setdefault(word, words[0])
    return canon


# A lede restates the headline when it says most of what the headline says (LEDE_COVER
# of the headline's content words) and is mostly about that (LEDE_SHARE of its own).
LEDE_COVER = 0.75
LEDE_SHARE = 0.5


@dataclass(frozen=True)
class Pair:
    """Passage ``later`` repeats passage ``earlier``; ``score`` is the shared share."""

    earlier: int
    later: int
    score: float


# Candidates verified per passage at most. Prose has rare words (names, titles), so the
# rarest words of a passage point to few earlier passages and the search is exact; text
# made only of a handful of common words would otherwise compare every pair.
MAX_CANDIDATES = 400


def best_matches(
    sets: Sequence[Collection[str]], threshold: float, min_size: int, max_ratio: float,
    *, max_candidates: int | None = MAX_CANDIDATES,
) -> dict[int, Pair]:
    """For each set, its best earlier partner whose overlap covers ``threshold`` of the
    smaller set (ties: the earliest partner).

    A set is a frozenset of words or a sorted tuple of distinct words (the compact form
    kept for the sentences of long articles).

    Sets smaller than ``min_size`` are skipped, and so are pairs whose sizes differ by more
    than ``max_ratio``. Candidates come from an inverted index over each set's rarest
    words (prefix filtering prunes only pairs that cannot qualify), so the result is exact
    unless a set has more than ``max_candidates`` candidates (None: no limit); then the
    rarest-word candidates and the earliest identical set are compared, and time and
    memory stay linear in the number of sets.
    """
    threshold = min(max(threshold, 0.01), 1.0)
    max_ratio = max(max_ratio, 1.0)
    freq: Counter[str] = Counter(tok for s in sets for tok in s)
    index: dict[str, list[int]] = {}
    first_copy: dict[Collection[str], int] = {}
    best: dict[int, Pair] = {}
    for j, current in enumerate(sets):
        size = len(current)
        if size < max(min_size, 1):
            continue
        # The smallest overlap any qualifying partner needs gives the longest safe prefix.
        smallest_partner = max(min_size, _ceil(size / max_ratio))
        need = max(1, _ceil(threshold * min(size, smallest_partner)))
        prefix = sorted(current, key=lambda t: (freq[t], t))[: size - need + 1]
        candidates = list(_candidates(prefix, index, max_candidates))
        words = frozenset(current)
        twin = first_copy.setdefault(current, j)
        if twin != j:
            candidates.append(twin)
        found: Pair | None = None
        for i in candidates:
            other = sets[i]
            small, large = sorted((len(other), size))
            if large > small * max_ratio:
                continue
            score = len(words.intersection(other)) / small
            if score < threshold:
                continue
            if found is None or (score, -i) > (found.score, -found.earlier):
                found = Pair(i, j, score)
        if found is not None:
            best[j] = found
        for tok in prefix:
            index.setdefault(tok, []).append(j)
    return best


def _candidates(prefix: list[str], index: dict[str, list[int]], limit: int | None
                ) -> Iterator[int]:
    """Distinct earlier sets that share a word of ``prefix`` (rarest words first): at most
    ``limit`` of them, found in at most four times as many index entries."""
    seen: set[int] = set()
    visits = 0
    for tok in prefix:
        for i in index.get(tok, ()):
            if limit is not None:
                visits += 1
                if len(seen) >= limit or visits > 4 * limit:
                    return
            if i not in seen:
                seen.add(i)
                yield i


def _ceil(x: float) -> int:
    n = int(x)
    return n if n >= x - 1e-9 else n + 1


@dataclass(frozen=True)
class Passage:
    """A sentence or paragraph: where it is and what it says."""

    block: Block
    start: int  # offsets in block.text
    end: int
    lemmas: Collection[str]


@dataclass
class Analysis:
    """The repetitions of one article, each assigned to the rule that reports it."""

    sections: list[tuple[Section, Section, float]] = field(default_factory=list)
    exact_paragraphs: list[tuple[Block, Block]] = field(default_factory=list)
    near_passages: list[tuple[Passage, Passage, float]] = field(default_factory=list)
    # (earlier, later, what both claim): the same claim in other words (claim frames)
    reworded_claims: list[tuple[Passage, Passage, str]] = field(default_factory=list)


def _subject_ignore(doc: Document, subject: SubjectPhrases) -> frozenset[str]:
    """Words of the heading keyword phrase: sharing the show's name is not repetition."""
    phrase = subject.phrase(doc)
    return frozenset(phrase.words) if phrase else frozenset()


def _block_lemmas(block: Block, ignore: frozenset[str],
                  canon: Mapping[str, str] | None = None) -> frozenset[str]:
    return frozenset(span_lemmas((p.doc for p in block.pieces), ignore, canon))


@dataclass(frozen=True)
class Lemmas:
    """What the repetition rules keep of a window's prose once its parses are gone."""

    blocks: dict[int, tuple[str, ...]]  # block index -> content lemmas (sorted)
    sentences: list[tuple[int, int, int, tuple[str, ...]]]  # (block index, start, end, lemmas)
    title: tuple[str, ...] | None = None  # the headline's lemmas, in the window holding it
    frames: list[Frame] | None = None  # the claim frame of each sentence (FL202 only)
    captions: dict[int, tuple[str, ...]] = field(default_factory=dict)  # FL202 only


def observe(doc: Document, subject: SubjectPhrases,
            canon: Mapping[str, str] | None = None,
            claims: ClaimWords | None = None) -> Lemmas:
    """Content lemmas of the prose blocks of ``doc`` (a window) and of their sentences;
    with ``claims``, the claim frame of each sentence too."""
    ignore = _subject_ignore(doc, subject)
    prose = [b for b in doc.blocks if b.is_prose and b.text.strip()]
    title = doc.title_block
    return Lemmas(
        {b.index: tuple(sorted(_block_lemmas(b, ignore, canon))) for b in prose},
        [(b.index, s.start, s.end, () if claims is not None and points_at_media(s.span, claims)
          else tuple(sorted(span_lemmas([s.span], ignore, canon))))
         for b in prose for s in b.sentences],
        tuple(sorted(_block_lemmas(title, ignore, canon)))
        if title is not None and doc.holds(title) and title.pieces else None,
        [frame(s.span, claims, canon or {}, ignore) for b in prose for s in b.sentences]
        if claims is not None else None,
        {b.index: tuple(sorted(_block_lemmas(b, ignore, canon)))
         for b in doc.blocks if _CAPTIONS.accepts(b) and _states(b)}
        if claims is not None else {},
    )


def _lede_blocks(doc: Document, observed: Sequence[Lemmas]) -> Callable[[Block, Collection[str]],
                                                                        bool]:
    """A test for passages that restate the headline in the article's opening (before
    its first heading): a lede saying what the title says is not a repeat, and what
    later repeats the headline's topic does not repeat the lede."""
    title = next((set(w.title) for w in observed if w.title), set())
    first_heading = next((b.index for b in doc.headings if b is not doc.title_block),
                         len(doc.blocks))

    def restates(block: Block, lemmas: Collection[str]) -> bool:
        if not title or not lemmas or block.index > first_heading:
            return False
        shared = len(title.intersection(lemmas))
        return shared / len(title) >= LEDE_COVER and shared / len(lemmas) >= LEDE_SHARE

    return restates


def _frames_of(window: Lemmas) -> list[Frame | None]:
    return list(window.frames) if window.frames is not None else [None] * len(window.sentences)


# Where a copy of the headline is looked for: the blocks a dek or a lede is read as.
_HEADLINE_COPY = scope("deks", "paragraphs")
# Picture captions: compared with the paragraph beside them (FL202).
_CAPTIONS = scope("captions")
# How far (in blocks: a credit line, the picture) a caption's paragraph may be.
CAPTION_REACH = 3


def _states(block: Block) -> bool:
    """A caption that makes a statement (it has a verb): a label naming its picture
    ("Solo Leveling Season 2", a character's name) repeats nothing."""
    return any(t.pos_ == "VERB" for p in block.pieces for t in p.doc)


def is_caption(block: Block) -> bool:
    return _CAPTIONS.accepts(block)


def caption_repeats(prose: Sequence[Block], captions: Mapping[int, Collection[str]],
                    block_lemmas: Mapping[int, Collection[str]], threshold: float,
                    min_words: int) -> Iterator[tuple[int, Block, float]]:
    """(caption block index, its paragraph, share) for each caption with at least
    ``min_words`` content words of which ``threshold`` stand in the nearest paragraph
    before or after it (within CAPTION_REACH blocks; the closer match wins, then the
    paragraph before): a caption that says what its paragraph says, not what the
    picture shows."""
    import bisect

    indexes = [b.index for b in prose]
    for index, words in sorted(captions.items()):
        mine = set(words)
        if len(mine) < max(min_words, 1):
            continue
        at = bisect.bisect_left(indexes, index)
        best: tuple[float, int, Block] | None = None
        for rank, k in enumerate((at - 1, at)):
            if not 0 <= k < len(prose) or abs(prose[k].index - index) > CAPTION_REACH:
                continue
            share = len(mine.intersection(block_lemmas.get(prose[k].index, ()))) / len(mine)
            if share >= threshold and (best is None or (share, -rank) > (best[0], -best[1])):
                best = (share, rank, prose[k])
        if best is not None:
            yield index, best[2], best[0]


def analyse(doc: Document, observed: Sequence[Lemmas],
            peers: dict[str, dict[str, Any]], ordinals: Mapping[str, str] | None = None
            ) -> Analysis:
    """Find repeated sections, paragraphs and sentences of the whole article from its
    windows' lemmas; ``peers`` = the options of the repetition rules enabled in the run,
    ``ordinals`` the ordinal words claim frames read as numbers."""
    result = Analysis()
    prose = [b for b in doc.blocks if b.is_prose and b.text.strip()]
    block_lemmas: dict[int, tuple[str, ...]] = {}
    for window in observed:
        block_lemmas.update(window.blocks)
    claimed_sections: set[tuple[int, int]] = set()  # (section no., section no.)
    section_no: dict[int, int] = {}  # block index -> section number

    sections = [s for s in doc.sections if s.heading is not None]
    for n, sec in enumerate(sections):
        for b in sec.blocks:
            section_no[b.index] = n
    if "FL203" in peers:
        o = peers["FL203"]
        sets = [frozenset().union(*(block_lemmas.get(b.index, ()) for b in s.blocks))
                for s in sections]
        for p in best_matches(sets, float(o["threshold"]), int(o["min_words"]),
                              float(o["max_length_ratio"])).values():
            result.sections.append((sections[p.earlier], sections[p.later], p.score))
            claimed_sections.add((p.earlier, p.later))

    def in_claimed_sections(a: Block, b: Block) -> bool:
        key = (section_no.get(a.index, -1), section_no.get(b.index, -2))
        return key in claimed_sections

    claimed_blocks: set[tuple[int, int]] = set()
    if "FL201" in peers:
        min_words = int(peers["FL201"]["min_words"])
        seen: dict[str, Block] = {}
        title = doc.title_block
        if title is not None and peers["FL201"].get("headline"):
            # The headline pasted again under itself (a scraped page's title twice) is a
            # copy, not a dek that restates it in other words.
            key = normalise(title.text)
            if len(key.split()) >= min_words:
                for b in doc.blocks:
                    if b is not title and _HEADLINE_COPY.accepts(b) and normalise(b.text) == key:
                        result.exact_paragraphs.append((title, b))
        for b in prose:
            key = normalise(b.text)
            if len(key.split()) < min_words:
                continue
            if key not in seen:
                seen[key] = b
            elif not in_claimed_sections(seen[key], b):
                result.exact_paragraphs.append((seen[key], b))
                claimed_blocks.add((seen[key].index, b.index))

    if "FL202" in peers:
        o = peers["FL202"]
        threshold, ratio = float(o["threshold"]), float(o["max_length_ratio"])
        lede = _lede_blocks(doc, observed)
        paragraphs = [Passage(b, 0, len(b.text.rstrip()), block_lemmas.get(b.index, ()))
                      for b in prose if len(b.sentence_bounds) > 1]
        paragraphs = [x for x in paragraphs if not lede(x.block, x.lemmas)]
        for p in best_matches([x.lemmas for x in paragraphs], threshold,
                              int(o["paragraph_min_words"]), ratio).values():
            first, second = paragraphs[p.earlier], paragraphs[p.later]
            if (first.block.index, second.block.index) in claimed_blocks or in_claimed_sections(
                first.block, second.block
            ):
                continue
            result.near_passages.append((first, second, p.score))
            claimed_blocks.add((first.block.index, second.block.index))
        caption_lemmas: dict[int, tuple[str, ...]] = {}
        for window in observed:
            caption_lemmas.update(window.captions)
        for index, paragraph, share in caption_repeats(
                prose, caption_lemmas, block_lemmas, threshold, int(o["caption_min_words"])):
            caption = doc.blocks[index]
            result.near_passages.append((
                Passage(paragraph, 0, len(paragraph.text.rstrip()),
                        block_lemmas.get(paragraph.index, ())),
                Passage(caption, 0, len(caption.text.rstrip()), caption_lemmas[index]), share))
        framed = [(Passage(doc.blocks[index], start, end, lemmas), fr)
                  for window in observed
                  for (index, start, end, lemmas), fr in zip(
                      window.sentences, _frames_of(window), strict=True)
                  if not lede(doc.blocks[index], lemmas)]
        sentences = [x for x, _ in framed]
        reported: set[int] = set()
        for p in sorted(best_matches([x.lemmas for x in sentences], threshold,
                                     int(o["min_words"]), ratio).values(),
                        key=lambda p: p.later):
            first, second = sentences[p.earlier], sentences[p.later]
            if (first.block.index, second.block.index) in claimed_blocks or in_claimed_sections(
                first.block, second.block
            ):
                continue
            result.near_passages.append((first, second, p.score))
            reported.add(p.later)
        frames = [fr for _, fr in framed]
        if all(fr is not None for fr in frames):
            for i, j, what in reworded_claims(
                sentences, frames, float(o["claim_threshold"]), int(o["claim_min_words"]),
                ratio, ordinals or {},
            ):
                first, second = sentences[i], sentences[j]
                if j in reported or (first.block.index, second.block.index) in claimed_blocks \
                        or in_claimed_sections(first.block, second.block):
                    continue
                result.reworded_claims.append((first, second, what))
                reported.add(j)
    result.reworded_claims.sort(key=lambda t: (t[1].block.index, t[1].start))
    result.near_passages.sort(key=lambda t: (t[1].block.index, t[1].start))
    return result


# Earlier sentences a sentence's claim is compared with, per topic or anchor: enough for
# any article, and it keeps the pass linear on text that repeats one number everywhere.
MAX_CLAIM_CANDIDATES = 50


def reworded_claims(
    sentences: Sequence[Passage], frames: Sequence[Frame | None], threshold: float,
    min_words: int, max_ratio: float, ordinals: Mapping[str, str],
) -> Iterator[tuple[int, int, str]]:
    """(earlier, later, what both claim) for each sentence whose claim frame repeats an
    earlier sentence's (see :mod:`factlint.claimframes`): the same topic said to be
    unsettled, or the same anchored claim (numbers, months, verbs, polarity) with at
    least ``threshold`` of the shorter sentence's content words shared (an ordinal word
    counts as its number: "second season" shares "2" with "season 2")."""
    by_topic: dict[str, list[int]] = {}
    by_anchor: dict[str, list[int]] = {}
    for j, fr in enumerate(frames):
        if fr is None:
            continue
        found = _unsettled_repeat(j, fr, frames, by_topic) or _anchored_repeat(
            j, fr, sentences, frames, by_anchor, (threshold, min_words, max_ratio), ordinals)
        if found is not None:
            yield found[0], j, found[1]
        for topic in fr.unsettled:
            by_topic.setdefault(topic, []).append(j)
        for anchor in fr.anchors():
            by_anchor.setdefault(anchor, []).append(j)


def _unsettled_repeat(j: int, fr: Frame, frames: Sequence[Frame | None],
                      by_topic: dict[str, list[int]]) -> tuple[int, str] | None:
    """The earliest earlier sentence that says a topic of ``fr`` is unsettled too."""
    found: tuple[int, str] | None = None
    for topic in fr.unsettled:
        for i in by_topic.get(topic, ())[-MAX_CLAIM_CANDIDATES:]:
            other = frames[i]
            what = same_unsettled(other, fr) if other is not None else None
            if what is not None and (found is None or i < found[0]):
                found = (i, f"both say the {what} is not settled yet")
    return found


def _anchored_repeat(
    j: int, fr: Frame, sentences: Sequence[Passage], frames: Sequence[Frame | None],
    by_anchor: dict[str, list[int]], limits: tuple[float, int, float],
    ordinals: Mapping[str, str],
) -> tuple[int, str] | None:
    """The earliest earlier sentence that makes the anchored claim of ``fr`` again."""
    seen: set[int] = set()
    for anchor in sorted(fr.anchors()):
        for i in by_anchor.get(anchor, ())[-MAX_CLAIM_CANDIDATES:]:
            if i not in seen:
                seen.add(i)
    for i in sorted(seen):
        other = frames[i]
        if other is not None and _anchored(sentences[i], other, sentences[j], fr, *limits,
                                           ordinals):
            shared = sorted(fr.anchors() & other.anchors())
            return i, "both make the same claim about " + " and ".join(
                w.title() if w.isalpha() else w for w in shared)
    return None


def _anchored(a: Passage, fa: Frame, b: Passage, fb: Frame, threshold: float,
              min_words: int, max_ratio: float, ordinals: Mapping[str, str]) -> bool:
    if a.block is b.block and a.start == b.start:
        return False
    (short, fs), (long, fl) = sorted(((a, fa), (b, fb)), key=lambda t: len(t[0].lemmas))
    small, large = len(short.lemmas), len(long.lemmas)
    if small < max(min_words, 1) or large > small * max(max_ratio, 1.0):
        return False
    words_short = {ordinals.get(w, w) for w in short.lemmas}
    words_long = {ordinals.get(w, w) for w in long.lemmas}
    shared = len(words_short & words_long)
    return shared / small >= threshold and same_anchored_claim(fs, fl, words_long)


class Repetition:
    """The shared analysis "repetition" of FL201-FL203: one observation per window and
    one analysis per article, whichever of the three rules asks first.

    Each of the three rules, when prepared, hands the analysis its own options
    (:meth:`want`); which repetitions are looked for follows the rules enabled.
    """

    def __init__(self, subject: SubjectPhrases, canon: Mapping[str, str] | None = None,
                 claims: ClaimWords | None = None) -> None:
        self.subject = subject
        self.canon = canon or {}  # the run's paraphrase groups (shared analysis "paraphrases")
        self.claims = claims or ClaimWords()  # the words claim frames are read with
        self.wanted: dict[str, dict[str, Any]] = {}  # rule code -> its options
        self._window: tuple[Document, Lemmas] | None = None
        self._article: tuple[Document, list[Any], Analysis] | None = None

    def want(self, code: str, options: dict[str, Any]) -> None:
        self.wanted[code] = dict(options)

    def observe(self, doc: Document) -> Lemmas:
        if self._window is None or self._window[0] is not doc:
            claims = self.claims if "FL202" in self.wanted else None
            self._window = (doc, observe(doc, self.subject, self.canon, claims))
        return self._window[1]

    def analysis(self, doc: Document, observed: Sequence[Any]) -> Analysis:
        last = self._article
        if (last is None or last[0] is not doc or len(last[1]) != len(observed)
                or any(a is not b for a, b in zip(last[1], observed, strict=True))):
            last = self._article = (doc, list(observed), analyse(
                doc, observed, self.wanted, self.claims.ordinals))
        return last[2]


class RepetitionRule(DocumentRule):
    """Base of FL201-FL203: the rule hands its options to the shared ``repetition``
    analysis, whose observation and analysis the three rules share."""

    uses: ClassVar[tuple[str, ...]] = ("repetition",)

    def prepare(self, setup: Setup) -> None:
        self.repetition: Repetition = setup.analysis("repetition")
        self.repetition.want(self.code, setup.options)

    def observe(self, doc: Document, facts: Any) -> Lemmas:
        return self.repetition.observe(doc)

    def analysis(self, doc: Document, observed: Sequence[Any]) -> Analysis:
        return self.repetition.analysis(doc, observed)
