"""Assertion analysis shared by the claim rules (FL301-FL305): how a sentence asserts.

A claim rule finds wording ("has been confirmed", "will premiere", "a stunning
score"); whether that wording is the writer's own flat assertion depends on the
sentence around it. This module answers that once per sentence, from the parse, for
every claim rule of the run:

- **polarity**: the clause is negated ("hasn't been confirmed yet", "no official date");
- **mood**: the clause asks ("Will it return?", "fans ask when it will air", "the date
  they'll release it") or is the consequent or antecedent of a condition ("If they keep
  the schedule, it will premiere in May");
- **hedge**: ``certain``, ``likely`` or ``possible``, from modals, adverbs, adjectives,
  nouns and verbs that frame the clause ("will most likely", "there is a strong chance
  that", "it is plausible that", "is expected to"); a booster ("would definitely")
  makes it certain again;
- **speaker**: the writer, or someone else - a quotation (also one that runs over
  several sentences or paragraphs), a block quote, or the answer of a Q:/A: interview;
- **evidence scope**: the narrowest of sentence, paragraph, section and article that
  names a source (``factlint.evidence``); the article counts for news whose title or
  lede names who announced what, or that carries a "Source:" line;
- whether the paragraph **reports an announcement** ("the date has been revealed"), so
  that a schedule in it is reported, not predicted; and whether the article is a
  **signed review**, whose evaluations are the critic's.

Results live in the article's memo, keyed by block and sentence, so each sentence is
analysed at most once however many rules ask. Every word list is pack data under
``data: {assertion: ...}`` of any claim pack (built in: rules/claims/assertion.yaml).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from factlint.document import BlockRole
from factlint.errors import ConfigError
from factlint.evidence import CLAIM_CODES, Evidence, bare_participle, quote_ranges
from factlint.packs import Regex, data_regex
from factlint.registry import scope

if TYPE_CHECKING:
    from spacy.tokens import Span, Token

    from factlint.document import Block, Document, Sentence
    from factlint.packs import PackSet

# A line right above a "Source:" credit, with no blank line between, is the picture's
# caption when it is no longer than this.
_CAPTION_MAX_WORDS = 30

# Page furniture the parser told from the article: never one of the lede's paragraphs
# (a standfirst, the dek, still is).
_NOT_LEDE = scope("captions", "credits", "embeds", "menus", "info_boxes", "bylines", "labels")

HEDGES = ("certain", "likely", "possible")
SCOPES = ("sentence", "paragraph", "section", "article")

_WORD_KEYS = (
    "possible", "likely", "boosters", "conditional_marks", "question_marks", "question_nouns",
    "question_subjects",
    "announcement_verbs", "review_markers", "hidden_holders", "answer_labels",
    "question_labels", "source_labels", "recap_determiners", "figure_nouns", "review_scores",
    "diminishers", "aims",
)
_PATTERN_KEYS = ("answer_labels", "question_labels", "source_labels", "review_scores")

# Dependencies through which a clause is framed by the words above it.
_FRAME_DEPS = frozenset({"xcomp", "ccomp", "acl", "csubj", "acomp", "auxpass"})
# A hedge verb frames something only through one of these ("appears to be", "it
# seems that"); heading its own clause without one, it is the event ("will appear").
_COMPLEMENT_DEPS = frozenset({"xcomp", "ccomp", "acomp", "attr", "oprd"})
# Dependencies that start a clause of their own.
_CLAUSE_DEPS = frozenset({"ROOT", "ccomp", "xcomp", "advcl", "relcl", "conj", "csubj", "acl",
                          "parataxis", "csubjpass", "pcomp"})
_WH_TAGS = frozenset({"WRB", "WP", "WDT", "WP$"})
_SENTENCE_END = re.compile(r"[.!?…]\s+[\"“‘]?[A-Z]")
_OPENERS = {"“": "”", '"': '"', "«": "»"}
# The end of a sentence (a label such as "Verdict: 4/5" has none).
_SENTENCE_CLOSE = re.compile(r"[.!?…][\"”’')\]]*\s*$")


@dataclass(frozen=True)
class AssertionCues:
    """The merged ``assertion`` vocabulary of every claim pack of a run."""

    possible: frozenset[str] = frozenset()
    likely: frozenset[str] = frozenset()
    boosters: frozenset[str] = frozenset()
    diminishers: frozenset[str] = frozenset()
    aims: frozenset[str] = frozenset()
    conditional_marks: frozenset[str] = frozenset()
    question_marks: frozenset[str] = frozenset()
    question_nouns: frozenset[str] = frozenset()
    question_subjects: frozenset[str] = frozenset()
    announcement_verbs: frozenset[str] = frozenset()
    review_markers: frozenset[str] = frozenset()
    hidden_holders: frozenset[str] = frozenset()
    recap_determiners: frozenset[str] = frozenset()
    figure_nouns: frozenset[str] = frozenset()
    answer_labels: tuple[Regex, ...] = ()
    question_labels: tuple[Regex, ...] = ()
    source_labels: tuple[Regex, ...] = ()
    review_scores: tuple[Regex, ...] = ()

    def level(self, word: str) -> str | None:
        if word in self.possible:
            return "possible"
        if word in self.likely:
            return "likely"
        return None


def load_assertion_cues(packs: PackSet | None) -> AssertionCues:
    """Merge the ``assertion`` tables of every FL301-FL305 pack."""
    merged: dict[str, list[Any]] = {k: [] for k in _WORD_KEYS}
    for code in CLAIM_CODES:
        for data in packs.data_for(code) if packs else []:
            table = data.get("assertion") if isinstance(data, dict) else None
            if table is None:
                continue
            if not isinstance(table, dict):
                raise ConfigError(f"pack data for {code}: 'assertion' must be a mapping")
            for key, value in table.items():
                if key not in merged:
                    raise ConfigError(f"pack data for {code}: unknown assertion key '{key}' "
                                      f"(expected one of: {', '.join(_WORD_KEYS)})")
                if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
                    raise ConfigError(f"pack data for {code}: assertion '{key}' must be a "
                                      "list of strings (quote words such as 'no' or 'on')")
                merged[key] += value
    patterns: dict[str, tuple[Regex, ...]] = {}
    for key in _PATTERN_KEYS:
        try:
            patterns[key] = tuple(data_regex(v) for v in merged[key])
        except re.error as exc:
            raise ConfigError(f"assertion {key}: invalid regex: {exc}") from None
    words = {k: frozenset(v.lower() for v in merged[k]) for k in _WORD_KEYS
             if k not in _PATTERN_KEYS}
    return AssertionCues(**words, **patterns)  # type: ignore[arg-type]


@dataclass(frozen=True)
class Clause:
    """How one clause asserts: polarity, mood and hedge."""

    negated: bool = False
    question: bool = False
    conditional: bool = False
    hedge: str = "certain"
    hedge_word: str = ""
    aim: str = ""  # the verb of aim whose goal the clause is ("wanted" to impress fans)

    @property
    def flat(self) -> bool:
        """A positive, unconditional, unhedged statement of what is, not of an aim."""
        return not (self.negated or self.question or self.conditional or self.aim) \
            and self.hedge == "certain"


@dataclass
class SentenceAssertion:
    """The shared analysis of one sentence, from its own paragraph's parse.

    What depends on other paragraphs (a speaker named next door, a source elsewhere in
    the section, a news lede) is not decided here: a window may not hold their parses.
    :meth:`Assertions.pending` turns it into a :class:`Pending` that
    :meth:`Assertions.clears` answers once the whole article has been observed.
    """

    speaker: str | None  # None: the writer; else who is speaking ("quoted speech", ...)
    quote_near: bool  # in a quotation that is speech if a neighbour names a speaker
    evidence: str | None  # "sentence" or "paragraph" when either names a source, or None
    section: tuple[int, ...]  # the other blocks of the sentence's section
    reported: bool  # the paragraph reports an announcement ("the date was revealed")
    vague_source: bool  # the sentence credits a vague source ("according to reports")
    clauses: dict[int, Clause]  # by the token index of the clause's head

    def supported(self, scope: str) -> bool:
        """Whether its sentence or paragraph names a source within ``scope`` (one of
        :data:`SCOPES`; the section and the article are :class:`Pending`)."""
        return self.evidence is not None and SCOPES.index(self.evidence) <= SCOPES.index(scope)


@dataclass(frozen=True)
class Pending:
    """What may still clear a claim once every window of its article is observed."""

    near: int | None = None  # a block: cleared if it or a neighbour names a speaker
    section: tuple[int, ...] = ()  # cleared if one of these blocks names a source
    news: bool = False  # cleared if the article is news that names who announced it
    source_line: bool = False  # cleared by a "Source: ..." line anywhere in the article

    @property
    def waits(self) -> bool:
        return self.near is not None or bool(self.section) or self.news or self.source_line


@dataclass
class _ArticleFacts:
    """What the assertion analysis keeps of an article's paragraphs while their parses
    exist (:meth:`Assertions.observe`): small flags by block index."""

    lede: frozenset[int]  # the title and the first paragraphs: where news names its source
    source_line: bool  # a "Source:" line anywhere
    speaks: dict[int, bool]  # the block reports a named person or company speaking
    announces: dict[int, bool]  # (lede blocks) the block names who announced the news
    sourced: dict[int, bool]  # the block names a source (kept when a rule's scope asks)


class Assertions:
    """The assertion analysis of one run: its cues and the run's evidence analysis.

    A shared analysis (``uses = ("assertion",)``): the checker builds one per run and
    hands it to every claim rule; per-article results live in the article's memo."""

    def __init__(self, cues: AssertionCues, evidence: Evidence) -> None:
        self.cues = cues
        self.evidence = evidence

    @classmethod
    def from_packs(cls, packs: PackSet | None, evidence: Evidence) -> Assertions:
        return cls(load_assertion_cues(packs), evidence)

    # -- the article, window by window -------------------------------------------------
    def observe(self, doc: Document, *, sections: bool = False) -> None:
        """Keep what later windows need of this window's paragraphs (each claim rule
        calls it on every window; each block is looked at once): whether it names a
        speaker, whether a lede block names who announced the news, and with
        ``sections`` whether it names a source."""
        facts = self._facts(doc)
        for b in doc.blocks:
            if b.index in facts.speaks:
                continue
            facts.speaks[b.index] = self.evidence.named_speaker(b)
            if b.index in facts.lede:
                facts.announces[b.index] = any(
                    self._names_announcer(s.span, headline=b.is_heading) for s in b.sentences)
        if sections:
            for b in doc.blocks:
                if b.index not in facts.sourced:
                    facts.sourced[b.index] = any(self.evidence.supported(s, "sentence")
                                                 for s in b.sentences)

    def pending(self, doc: Document, block: Block, claim_start: int, claim_end: int,
                analysis: SentenceAssertion, *, scope: str, news: bool,
                source_line: bool = False) -> Pending:
        """What may still clear a claim in ``block`` with this sentence ``analysis``:
        a speaker named next door (for a quotation), a source elsewhere in the section
        (scopes section and article), with ``news`` a news lede, and with
        ``source_line`` the article's "Source:" line."""
        near = analysis.quote_near or self.quoted(doc, block, claim_start, claim_end) == "near"
        return Pending(near=block.index if near else None,
                       section=analysis.section if scope in ("section", "article") else (),
                       news=news, source_line=source_line)

    def clears(self, doc: Document, pending: Pending) -> bool:
        """Whether the whole article's observed facts clear a :class:`Pending` claim."""
        if not pending.waits:
            return False
        facts = self._facts(doc)
        if pending.near is not None and any(
                facts.speaks.get(i, False) for i in range(pending.near - 1, pending.near + 2)):
            return True
        if any(facts.sourced.get(i, False) for i in pending.section):
            return True
        if pending.source_line and facts.source_line:
            return True
        return pending.news and (facts.source_line or any(
            facts.announces.get(i, False) or facts.speaks.get(i, False) for i in facts.lede))

    def _facts(self, doc: Document) -> _ArticleFacts:
        memo = doc.article.memo
        found = memo.get("assertion-facts")
        if found is None:
            article = doc.article
            found = _ArticleFacts(
                lede=self._lede(article),
                source_line=any(any(rx.match(b.text.strip()) for rx in self.cues.source_labels)
                                for b in article.blocks if not _picture_credit(article, b)),
                speaks={}, announces={}, sourced={})
            memo["assertion-facts"] = found
        return found

    @staticmethod
    def _lede(article: Document) -> frozenset[int]:
        """The title and the first (up to three) paragraphs before the second heading."""
        lede: list[Block] = []
        for b in article.blocks:
            if b.debris or b.in_quote or _NOT_LEDE.accepts(b):
                continue  # page furniture (a caption, a byline) is no lede paragraph
            if b.is_heading and b is not article.title_block and lede:
                break
            lede.append(b)
            if sum(1 for x in lede if not x.is_heading) >= 3:
                break
        return frozenset(b.index for b in lede)

    # -- the per-sentence analysis ------------------------------------------------------
    def of(self, doc: Document, sentence: Sentence) -> SentenceAssertion:
        """The analysis of ``sentence`` (computed on first request, then memoised)."""
        memo = doc.article.memo
        key = ("assertion", sentence.block.index, sentence.start)
        found = memo.get(key)
        if found is None:
            found = self._analyse(doc, sentence)
            memo[key] = found
        return found

    def clause_of(self, doc: Document, sentence: Sentence, tokens: Sequence[Token]) -> Clause:
        """The clause that carries ``tokens``; a negated noun phrase ("no official
        date") makes it negated, whatever its verb."""
        if not tokens:
            return Clause()
        analysis = self.of(doc, sentence)
        head = clause_head(min(tokens, key=lambda t: _depth(t)))
        clause = analysis.clauses.get(head.i, Clause())
        if not clause.negated and self._np_negated(tokens):
            clause = Clause(True, clause.question, clause.conditional, clause.hedge,
                            clause.hedge_word)
        return clause

    def _analyse(self, doc: Document, sentence: Sentence) -> SentenceAssertion:
        span = sentence.span
        clauses: dict[int, Clause] = {}
        for tok in span:
            head = clause_head(tok)
            if head.i not in clauses:
                clauses[head.i] = self._clause(head, span)
        speaker, near = self._speaker(doc, sentence)
        section = sentence.block.section
        return SentenceAssertion(
            speaker=speaker,
            quote_near=near,
            evidence=self._evidence_scope(doc, sentence),
            section=tuple(b.index for b in section.blocks if b is not sentence.block)
            if section is not None else (),
            reported=self._reports_announcement(doc, sentence.block),
            vague_source=self._vague_source(span),
            clauses=clauses,
        )

    # -- clauses ------------------------------------------------------------------------
    def _clause(self, head: Token, sentence: Span) -> Clause:
        negated = self.evidence.negated([head])
        hedge, word = self._hedge(head)
        condition = self._conditional(head)
        return Clause(negated=negated, question=self._question(head, sentence),
                      conditional=bool(condition), hedge=hedge, hedge_word=word or condition,
                      aim=self._aim(head))

    def _aim(self, head: Token) -> str:
        """The verb of aim or effort whose goal the clause is: "the director wanted to
        impress fans", "tries to win viewers over" say what someone meant to happen."""
        node = head
        for _ in range(4):
            if node.dep_ != "xcomp" or node.head.i == node.i:
                return ""
            node = node.head
            if node.lemma_.lower() in self.cues.aims:
                return node.text
        return ""

    def _hedge(self, head: Token) -> tuple[str, str]:
        """The weakest commitment framing the clause, unless a booster makes it certain."""
        cues = self.cues
        own = [c for c in head.children if c.dep_ in ("aux", "advmod", "neg")]
        for c in own:
            if c.lower_ in cues.boosters:
                weakened = next((d for d in c.children if d.lower_ in cues.diminishers), None)
                if weakened is None:
                    return "certain", ""
                return "likely", f"{weakened.text} {c.text}"  # "almost certainly"
        best, word = "certain", ""
        node: Token | None = head
        steps = 0
        while node is not None and steps < 6:
            words = [node] + [c for c in node.children
                              if c.dep_ in ("aux", "advmod", "acomp", "attr", "amod", "npadvmod")]
            for w in words:
                if w.i == head.i and w.pos_ == "VERB" and not any(
                        c.dep_ in _COMPLEMENT_DEPS for c in w.children):
                    continue  # "due to appear in the first episode": the event, no hedge
                level = cues.level(w.lower_) or cues.level(w.lemma_.lower())
                if level is not None and HEDGES.index(level) > HEDGES.index(best):
                    best, word = level, w.text
            if node.dep_ not in _FRAME_DEPS or node.head.i == node.i:
                break
            node = node.head
            steps += 1
        # A hedge adverb opening the sentence ("Hopefully, the ratings will be strong and
        # the network will renew it") frames every clause coordinated with the first.
        first = head
        while first.dep_ == "conj" and first.head.i < first.i:
            first = first.head
        if first is not head:
            for c in first.children:
                if c.dep_ == "advmod" and c.i == first.left_edge.i:
                    level = cues.level(c.lower_)
                    if level is not None and HEDGES.index(level) > HEDGES.index(best):
                        best, word = level, c.text
        return best, word

    def _pseudo_cleft(self, clause: Token) -> bool:
        """A wh-clause after "be" whose subject is no question: "the plot is what drives
        fans to binge it", "that is why fans love it" state what, not ask it ("the
        question is what happens next" still asks)."""
        be = clause.head
        if clause.dep_ != "ccomp" or be.lemma_ != "be" or be.i > clause.i:
            return False
        subjects = [c for c in be.children if c.dep_ in ("nsubj", "expl") and c.i < be.i]
        return bool(subjects) and all(
            c.lemma_.lower() not in self.cues.question_subjects for c in subjects)

    def _question(self, head: Token, sentence: Span) -> bool:
        """Direct or indirect question: "Will it air?", "ask when it airs", "the date it airs"."""
        cues = self.cues
        node: Token | None = head
        chain: list[Token] = []
        while node is not None:
            chain.append(node)
            if node.dep_ not in ("xcomp", "conj", "auxpass") or node.head.i == node.i:
                break
            node = node.head
        for n in chain:
            for child in n.children:
                if child.dep_ == "mark" and child.lower_ in cues.question_marks:
                    return True
                if child.tag_ in _WH_TAGS and child.i < n.i and n.dep_ in ("ccomp", "csubj",
                                                                           "pcomp") \
                        and not self._pseudo_cleft(n):
                    return True
            if n.dep_ == "relcl" and n.head.lemma_.lower() in cues.question_nouns and not any(
                    c.tag_ in ("WDT", "WP") for c in n.children):
                return True  # "the date they'll release it": when they will
            # "if" just before the clause where a broken parse did not attach it
            first = n.left_edge.i
            before = [t for t in sentence if t.i < first and t.is_alpha]
            if before and before[-1].lower_ in cues.question_marks and n.dep_ != "ROOT":
                return True
        if "?" not in sentence.text.rstrip()[-3:]:
            return False
        top = head
        while top.dep_ in ("xcomp", "auxpass") and top.head.i != top.i:
            top = top.head
        if top.dep_ not in ("ROOT", "conj", "parataxis") and top.head.i != top.i:
            return False  # a statement inside the question's clause, e.g. its relative clause
        auxes = [c for c in top.children if c.dep_ in ("aux", "auxpass") or c.tag_ == "MD"]
        if top.pos_ == "AUX" and top.dep_ == "ROOT":
            auxes.append(top)
        subjects = [c for c in top.children if c.dep_ in ("nsubj", "nsubjpass", "expl")]
        if any(c.tag_ in _WH_TAGS and c.i < top.i for c in top.children):
            return True
        if auxes and subjects and min(a.i for a in auxes) < min(s.i for s in subjects):
            return True  # subject-auxiliary inversion
        if not auxes:
            return False
        first = min(a.i for a in auxes)
        before = [t for t in sentence if t.i < first and not t.is_space]
        return not before or before[-1].pos_ in ("PUNCT", "CCONJ") or (
            len(before) == 1 and before[0].pos_ == "ADV")  # "So will it ...?"

    def _conditional(self, head: Token) -> str:
        """The condition's word when the clause is an "if" clause or the consequent of one."""
        marks = self.cues.conditional_marks
        node: Token | None = head
        while node is not None:
            for child in node.children:
                if child.dep_ == "mark" and child.lower_ in marks:
                    return child.text
                if child.dep_ == "advcl":
                    for g in child.children:
                        if g.dep_ == "mark" and g.lower_ in marks:
                            return g.text
            if node.dep_ in ("ROOT",) or node.head.i == node.i or node.dep_ in (
                    "advcl", "relcl", "ccomp"):
                break
            node = node.head
        return ""

    def _np_negated(self, tokens: Sequence[Token]) -> bool:
        """A noun phrase with a negating determiner: "no official release date"."""
        negators = self.evidence.cues.negators
        nouns = [t for t in tokens if t.pos_ in ("NOUN", "PROPN")]
        if tokens and not nouns and tokens[-1].head.pos_ == "NOUN":
            nouns = [tokens[-1].head]
        for noun in nouns[-1:]:
            if any(c.dep_ == "det" and c.lower_ in negators for c in noun.children):
                return True
        return False

    # -- speaker ------------------------------------------------------------------------
    def _speaker(self, doc: Document, sentence: Sentence) -> tuple[str | None, bool]:
        """Who speaks the sentence (None: the writer), and whether it is a quotation
        that is speech if a neighbouring paragraph names the speaker."""
        block = sentence.block
        if block.in_quote:
            return "a block quote", False
        role = self._interview_roles(doc).get(block.index)
        if role is not None:
            return role, False
        sure, near = self._quotes(doc, block)
        if any(_covers(a, b, sentence) for a, b in sure):
            return "quoted speech", False
        return None, any(_covers(a, b, sentence) for a, b in near)

    def _interview_roles(self, doc: Document) -> dict[int, str]:
        """Blocks of a Q:/A: interview: the answers are the interviewee's words."""
        memo = doc.article.memo
        found = memo.get("assertion-interview")
        if found is None:
            found = {}
            asked = False
            for b in doc.article.blocks:
                text = b.text.lstrip("*_ ")
                if any(rx.match(text) for rx in self.cues.question_labels):
                    asked = True
                    found[b.index] = "an interview question"
                elif asked and any(rx.match(text) for rx in self.cues.answer_labels):
                    found[b.index] = "an interview answer"
            memo["assertion-interview"] = found
        return found

    def _quotes(self, doc: Document, block: Block
                ) -> tuple[list[tuple[int, int]], list[tuple[int, int]]]:
        """Quoted passages of ``block``: those that are someone's speech whoever is named
        (a quotation of whole sentences; a quote a paragraph opens without closing,
        which runs to the paragraph's end and on into the next one that goes on with it
        - the convention for quotes over several paragraphs), and the other closed
        quotes, which are speech when the paragraph or a neighbour names who speaks."""
        memo = doc.article.memo
        key = ("assertion-quotes", block.index)
        found = memo.get(key)
        if found is None:
            closed = quote_ranges(block.text)
            sure = [(a, b) for a, b in closed
                    if _SENTENCE_END.search(block.text[a:b]) or
                    len(block.text[a:b].split()) >= 15]
            near = [r for r in closed if r not in sure]
            start = _open_quote(block.text, closed)
            if start is not None:
                sure.append((start, len(block.text)))
            elif _continues_quote(doc, block):
                sure.append((0, len(block.text)))
            found = memo[key] = (sure, near)
        return found

    def quoted(self, doc: Document, block: Block, start: int, end: int) -> str:
        """Whether block offsets ``[start, end)`` lie in a quotation: "sure" (someone's
        speech), "near" (if a neighbouring paragraph names who speaks) or ""."""
        sure, near = self._quotes(doc, block)
        if any(a <= start and end <= b for a, b in sure):
            return "sure"
        return "near" if any(a <= start and end <= b for a, b in near) else ""

    # -- evidence -----------------------------------------------------------------------
    def _evidence_scope(self, doc: Document, sentence: Sentence) -> str | None:
        ev = self.evidence
        if ev.supported(sentence, "sentence"):
            return "sentence"
        block = sentence.block
        if self._paragraph_sourced(doc, block) or self._recaps_sourced(doc, block):
            return "paragraph"
        return None  # the section's other blocks: Pending.section

    def _paragraph_sourced(self, doc: Document, block: Block) -> bool:
        memo = doc.article.memo
        key = ("assertion-paragraph", block.index)
        if key not in memo:
            memo[key] = any(self.evidence.supported(s, "sentence") for s in block.sentences)
        return bool(memo[key])

    def _recaps_sourced(self, doc: Document, block: Block) -> bool:
        """The paragraph opens by pointing back at the previous paragraph's figures
        ("These numbers compare well with ...") and that paragraph names their source:
        one discussion split over two paragraphs, so the source carries over. (The
        previous block is the window's context when the window starts here, so its
        parse is still there.)"""
        i = block.index
        blocks = doc.article.blocks
        if i == 0 or i >= len(blocks) or not block.sentences:
            return False
        previous = blocks[i - 1]
        if previous.kind is not block.kind or previous.is_heading or not previous.sentences:
            return False
        cues = self.cues
        opening = list(block.sentences[0].span)[:4]
        if not any(t.lemma_.lower() in cues.figure_nouns and any(
                c.dep_ == "det" and c.lower_ in cues.recap_determiners for c in t.children)
                for t in opening):
            return False
        return self._paragraph_sourced(doc, previous)

    def _names_announcer(self, span: Span, headline: bool = False) -> bool:
        """An announcement verb whose subject (or agent) is named: "Aniplex announced".

        A headline ("Showtime Renews Harbor Lights", "Studio Director Reveals Why ...")
        is parsed badly often enough that a verb form after a name is taken as is; but a
        headline's bare participle with nothing announced after it is the passive
        headline style ("Harbor Lights Renewed for Season 3"), whose name is the work's.
        """
        ev = self.evidence
        verbs = self.cues.announcement_verbs
        for tok in span:
            if headline and tok.i > span.start and (
                    tok.lower_ in verbs or tok.lower_.removesuffix("s") in verbs) and any(
                    t.pos_ == "PROPN" or t.lemma_.lower() in ev.cues.source_nouns
                    for t in span.doc[span.start : tok.i]):
                return True
            if tok.lemma_.lower() not in self.cues.announcement_verbs or tok.pos_ != "VERB":
                continue
            if ev.negated([tok]):
                continue
            if headline and bare_participle(tok, ("dobj", "ccomp")):
                continue  # "Harbor Lights Renewed for Season 3": the work, not who renewed it
            for child in tok.children:
                if child.dep_ == "nsubj" and (ev.is_named(child) or any(
                        t.pos_ == "PROPN" for t in child.subtree)):
                    return True
                if child.dep_ == "agent" and any(ev.is_named(p) for p in child.children):
                    return True
        return False

    def _reports_announcement(self, doc: Document, block: Block) -> bool:
        """The paragraph says an announcement happened (not negated, asked or hedged)."""
        memo = doc.article.memo
        key = ("assertion-reported", block.index)
        found = memo.get(key)
        if found is None:
            found = False
            for s in block.sentences:
                for tok in s.tokens:
                    if (tok.lemma_.lower() in self.cues.announcement_verbs and tok.pos_ == "VERB"
                            and tok.tag_ in ("VBD", "VBN")
                            and not any(c.tag_ == "MD" for c in tok.children)
                            and not self.evidence.negated([tok])
                            and self._announcer_ok(tok)
                            and not self._question(clause_head(tok), s.span)):
                        found = True
                        break
                if found:
                    break
            memo[key] = found
        return bool(found)

    def _vague_source(self, span: Span) -> bool:
        """ "According to reports ...", "as per sources", "fans say ...": a source, but a
        vague one (the attribution heads are the evidence analysis's data)."""
        cues = self.evidence.cues
        vague = cues.vague_sources
        for head in self.evidence.attribution_heads(span):
            after = span.doc[head.end : min(span.end, head.end + 4)]
            noun = next((t for t in after if t.pos_ in ("NOUN", "PROPN", "PRON")), None)
            if noun is not None and noun.lemma_.lower() in vague and not any(
                    self.evidence.is_named(c) for c in noun.children if c.dep_ == "poss"):
                return True
        for tok in span:
            if tok.pos_ == "VERB" and tok.lemma_.lower() in cues.reporting_verbs and any(
                    c.dep_ == "nsubj" and c.lemma_.lower() in vague
                    and not any(g.dep_ in ("relcl", "acl") for g in c.children)
                    for c in tok.children):
                return True  # "fans say", not "a fan who runs the official account said"
            if hidden_holder(tok, self.cues.hidden_holders) is not None:
                return True
        return False

    def _announcer_ok(self, verb: Token) -> bool:
        """An agentless passive ("was revealed") or a named announcer - not "a fan site"."""
        subjects = [c for c in verb.children if c.dep_ == "nsubj"]
        if not subjects:
            return any(c.dep_ in ("auxpass", "nsubjpass") for c in verb.children)
        vague = self.evidence.cues.vague_sources
        return all(self.evidence.is_named(s) and not any(
            t.lemma_.lower() in vague for t in s.subtree) for s in subjects)

    # -- the article --------------------------------------------------------------------
    def is_review(self, doc: Document) -> bool:
        """A signed review: its title, or a label near the top, says it is one (a
        heading, or a short line that is not a sentence: "Reviewed:", "Verdict: 4/5";
        not a sentence that mentions a review, "the review said"), or ends on a score
        ("Take it for what it is: 5/5", "Graphics - 9/10")."""
        memo = doc.article.memo
        found = memo.get("assertion-review")
        if found is None:
            article = doc.article
            heads = [b.text for b in article.blocks[:12] if b.is_heading or (
                len(b.text.split()) <= 16 and not _SENTENCE_CLOSE.search(b.text))]
            if article.title:
                heads.append(article.title)
            found = any(_has_word(text, self.cues.review_markers)
                        or any(rx.search(text.strip()) for rx in self.cues.review_scores)
                        for text in heads)
            memo["assertion-review"] = found
        return bool(found)



def hidden_holder(verb: Token, holders: frozenset[str]) -> tuple[Token, Token] | None:
    """A passive that hides who holds the view, "season 2 is predicted to be a hit":
    the subject and the "to" of its complement, or None."""
    if verb.tag_ != "VBN" or verb.lemma_.lower() not in holders:
        return None
    if not any(c.dep_ == "auxpass" for c in verb.children) or any(
            c.dep_ == "agent" for c in verb.children):
        return None
    subject = next((c for c in verb.children if c.dep_ == "nsubjpass"), None)
    xcomp = next((c for c in verb.children if c.dep_ == "xcomp" and c.i > verb.i), None)
    if subject is None or xcomp is None:
        return None
    return subject, next((c for c in xcomp.children if c.lower_ == "to"), verb)


def _picture_credit(article: Document, block: Block) -> bool:
    """A credit under a picture's caption ("Source: Studio X" below the caption line):
    the picture's source, not the article's. The caption is the line right above the
    credit, whether the parser called it a caption or (ending on a full stop) prose."""
    if block.page_role is not BlockRole.CREDIT or block.index == 0:
        return False
    above = article.blocks[block.index - 1]
    return above.page_role is BlockRole.CAPTION or (
        above.end_line == block.line - 1 and not above.is_heading
        and len(above.text.split()) <= _CAPTION_MAX_WORDS)


def clause_head(tok: Token) -> Token:
    """The head of the clause ``tok`` belongs to (itself when it heads one)."""
    node = tok
    for _ in range(40):
        if (node.dep_ in _CLAUSE_DEPS and node.pos_ in ("VERB", "AUX")) or node.head.i == node.i:
            return node
        node = node.head
    return node


def _covers(start: int, end: int, sentence: Sentence) -> bool:
    """Whether the quotation ``[start, end)`` holds the sentence (or nearly all of it)."""
    if start <= sentence.start and sentence.end <= end + 1:
        return True
    return start <= sentence.start < end and end - start >= 0.8 * len(sentence.text)


def _depth(tok: Token) -> int:
    depth = 0
    while tok.head.i != tok.i and depth < 60:
        tok = tok.head
        depth += 1
    return depth


def _open_quote(text: str, closed: list[tuple[int, int]]) -> int | None:
    """Where ``text`` opens a quotation it never closes (at a word start, outside the
    closed quotes): the quote runs to the paragraph's end."""
    for i, ch in enumerate(text):
        if ch not in _OPENERS or (i > 0 and not text[i - 1].isspace()):
            continue
        if any(a <= i < b for a, b in closed):
            continue
        return i
    return None


def _continues_quote(doc: Document, block: Block) -> bool:
    """The previous paragraph opened a quote it did not close, and this one goes on
    with it (it opens with a quotation mark again)."""
    blocks = doc.article.blocks
    i = block.index - 1
    if i < 0 or i >= len(blocks):
        return False
    prev = blocks[i].text
    return (_open_quote(prev, quote_ranges(prev)) is not None
            and block.text.lstrip()[:1] in _OPENERS)


def _has_word(text: str, words: frozenset[str]) -> bool:
    low = text.lower()
    return any(re.search(rf"(?<!\w){re.escape(w)}(?!\w)", low) for w in words)
