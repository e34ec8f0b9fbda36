"""Evidence detection shared by the claim rules (FL301-FL305).

A claim is supported when the sentence (or, with scope ``paragraph``, its paragraph)
carries a source a reader can check:

- a Markdown link or footnote reference (``block.links``; bare URLs in plain text);
- a citation in brackets, ``[1]`` or ``[Variety, 2024]`` (regexes from the packs);
- an attribution phrase followed by a named source, ``according to Crunchyroll``;
- a reporting verb whose subject (or passive agent) is a named organisation or person
  or a specific source such as "the studio", ``Kadokawa told Variety``; a verb joined to
  another by "and" shares its subject (``Aniplex dropped a trailer and confirmed ...``),
  and an official channel may be the subject (``the show's official site stated ...``);
- a reporting verb with a named channel, ``announced on its official X account``.

It also answers the context questions the rules share: is a span negated, inside
quoted speech by a named speaker, or framed as the writer's own opinion?

Every word list (reporting verbs, source nouns, vague groups, negators, opinion
markers) is data in ``rules/claims/evidence.yaml``; a user pack for any of
FL301-FL305 may add to it with the same keys under ``data: {evidence: ...}``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from factlint.errors import ConfigError
from factlint.nlp import ent_type

if TYPE_CHECKING:
    from spacy.tokens import Span, Token

    from factlint.document import Block, Sentence
    from factlint.packs import PackSet

CLAIM_CODES = ("FL301", "FL302", "FL303", "FL304", "FL305")
SCOPES = ("sentence", "paragraph")

_LIST_KEYS = (
    "reporting_verbs", "source_nouns", "channel_nouns", "vague_sources", "named_entities",
    "negators", "opinion_headings", "citations", "attribution_heads", "opinion_markers",
    "official_words", "official_channels", "official_channel_verbs", "unnamed_entities",
    "rating_sources", "chart_sources",
)
_PATTERN_KEYS = ("attribution_heads", "opinion_markers")
# A piece's Doc keeps the evidence matcher's matches under this ``user_data`` key.
_MATCHES = "factlint-evidence-matches"

# Opening and closing quotation marks; an apostrophe inside a word never opens a quote.
_QUOTE_PAIRS = {"“": "”", '"': '"', "«": "»", "‘": "’"}


@dataclass
class Cues:
    """The merged evidence vocabulary of every claim pack of a run."""

    reporting_verbs: frozenset[str] = frozenset()
    source_nouns: frozenset[str] = frozenset()
    channel_nouns: frozenset[str] = frozenset()
    vague_sources: frozenset[str] = frozenset()
    named_entities: frozenset[str] = frozenset()
    official_words: frozenset[str] = frozenset()
    official_channels: frozenset[str] = frozenset()
    official_channel_verbs: frozenset[str] = frozenset()
    unnamed_entities: frozenset[str] = frozenset()
    rating_sources: frozenset[str] = frozenset()
    chart_sources: frozenset[str] = frozenset()
    negators: frozenset[str] = frozenset()
    opinion_headings: tuple[re.Pattern[str], ...] = ()
    citations: tuple[re.Pattern[str], ...] = ()
    attribution_heads: list[Any] = field(default_factory=list)  # spaCy token patterns
    opinion_markers: list[Any] = field(default_factory=list)


def load_cues(packs: PackSet | None) -> Cues:
    """Merge the ``evidence`` tables of every FL301-FL305 pack into one :class:`Cues`."""
    merged: dict[str, list[Any]] = {k: [] for k in _LIST_KEYS}
    for code in CLAIM_CODES:
        for data in packs.data_for(code) if packs else []:
            table = data.get("evidence") if isinstance(data, dict) else None
            if table is None:
                continue
            if not isinstance(table, dict):
                raise ConfigError(f"pack data for {code}: 'evidence' must be a mapping")
            for key, value in table.items():
                if key not in merged:
                    raise ConfigError(f"pack data for {code}: unknown evidence key '{key}' "
                                      f"(expected one of: {', '.join(_LIST_KEYS)})")
                if not isinstance(value, list):
                    raise ConfigError(f"pack data for {code}: evidence '{key}' must be a list")
                merged[key] += value

    def words(key: str) -> frozenset[str]:
        return frozenset(str(w).lower() for w in merged[key])

    try:
        citations = tuple(re.compile(str(r)) for r in merged["citations"])
    except re.error as exc:
        raise ConfigError(f"evidence citations: invalid regex: {exc}") from None
    headings = tuple(
        re.compile(rf"(?<!\w){re.escape(str(h))}(?!\w)", re.IGNORECASE)
        for h in merged["opinion_headings"]
    )
    return Cues(
        reporting_verbs=words("reporting_verbs"),
        source_nouns=words("source_nouns"),
        channel_nouns=words("channel_nouns"),
        vague_sources=words("vague_sources"),
        named_entities=frozenset(str(w) for w in merged["named_entities"]),
        official_words=words("official_words"),
        official_channels=words("official_channels"),
        official_channel_verbs=words("official_channel_verbs"),
        unnamed_entities=frozenset(str(w) for w in merged["unnamed_entities"]),
        rating_sources=words("rating_sources"),
        chart_sources=words("chart_sources"),
        negators=words("negators"),
        opinion_headings=headings,
        citations=citations,
        attribution_heads=[_token_pattern(p) for p in merged["attribution_heads"]],
        opinion_markers=[_token_pattern(p) for p in merged["opinion_markers"]],
    )


def _token_pattern(item: Any) -> Any:
    pattern = item.get("pattern") if isinstance(item, dict) else None
    if not isinstance(pattern, list) or not all(isinstance(s, dict) for s in pattern):
        raise ConfigError("evidence attribution_heads / opinion_markers entries need a "
                          "'pattern' list of spaCy token specs")
    return [{str(k).upper() if k != "OP" else k: v for k, v in spec.items()} for spec in pattern]


class Evidence:
    """Answers "is this claim supported?" and related context questions for one run.

    A shared analysis: the checker builds one per run from the claim packs and hands it
    to the rules that use ``"evidence"``.
    """

    def __init__(self, cues: Cues) -> None:
        self.cues = cues
        self._matchers: dict[str, Any] = {}
        self._vocab: Any = None
        sites = names_pattern(cues.rating_sources | cues.chart_sources)
        # The site as the place of a ranking, a few words after it in the same clause (no
        # comma or conjunction between): "... of the season on MyAnimeList", "...
        # according to Oricon"; not a site merely named ("..., and it streams on X").
        self._ranking_sites = re.compile(
            r"^[ \t]*(?:(?!(?:and|but|which|that|while|as)\b)[\w’'-]+\s+){0,6}?"
            r"(?:on|at|per|by|from|according to)\s+(?:the\s+)?"
            rf"(?:{sites.pattern})") if sites is not None else None

    @classmethod
    def from_packs(cls, packs: PackSet | None) -> Evidence:
        return cls(load_cues(packs))

    # -- matchers -------------------------------------------------------------------
    def _matcher(self, key: str, vocab: Any) -> Any:
        """The Matcher for ``key``'s patterns, built on first use from the parses' vocab."""
        if vocab is not self._vocab:
            self._matchers = {}
            self._vocab = vocab
        matcher = self._matchers.get(key)
        if matcher is None:
            from spacy.matcher import Matcher

            matcher = Matcher(vocab, validate=True)
            patterns = getattr(self.cues, key)
            if patterns:
                try:
                    matcher.add(key, patterns)
                except Exception as exc:  # spaCy reports a bad pattern with its own errors
                    raise ConfigError(f"evidence {key}: invalid token pattern: {exc}") from None
            self._matchers[key] = matcher
        return matcher

    def _matches(self, key: str, span: Span) -> list[Span]:
        """The matches of the ``key`` patterns inside ``span``. The matcher runs once per
        piece (its whole Doc), and each span takes the matches that lie inside it: the
        sentence evidence and the vague-source test ask about the same sentences."""
        if not getattr(self.cues, key):
            return []
        doc = span.doc
        memo = doc.user_data.setdefault(_MATCHES, {})
        found = memo.get((id(self), key))  # this run's analysis: its own patterns
        if found is None:
            found = memo[(id(self), key)] = [
                (s, e) for _, s, e in self._matcher(key, doc.vocab)(doc)]
        return [doc[s:e] for s, e in found if span.start <= s and e <= span.end]

    def ranked_on_site(self, after: str) -> bool:
        """Whether the text right ``after`` a superlative puts it on a rating site or a
        chart (``rating_sources``, ``chart_sources``) within a few words: "(the
        highest-rated anime) of the season on MyAnimeList"."""
        pattern = self._ranking_sites
        return pattern is not None and pattern.match(after.lower()) is not None

    def attribution_heads(self, span: Span) -> list[Span]:
        """The attribution heads in ``span`` ("according to", "per", "as reported by")."""
        return self._matches("attribution_heads", span)

    def may_ask_entities(self, doc: Any, verbs: frozenset[str] = frozenset()) -> bool:
        """Whether the evidence questions may read an entity type in this piece: it has a
        reporting verb (or one of ``verbs``, the assertion analysis's announcement verbs),
        "according", or an attribution head. Every entity type the evidence and assertion
        analyses read is of a word governed by or following one of these."""
        words = self.cues.reporting_verbs | verbs
        for tok in doc:
            if tok.lower_ == "according" or (tok.pos_ == "VERB"
                                             and tok.lemma_.lower() in words):
                return True
        return bool(self.cues.attribution_heads) and bool(
            self._matcher("attribution_heads", doc.vocab)(doc))

    # -- evidence -------------------------------------------------------------------
    def supported(self, sentence: Sentence, scope: str) -> bool:
        """Whether the sentence (or its paragraph, for scope ``paragraph``) cites a source."""
        block = sentence.block
        sentences = block.sentences if scope == "paragraph" else [sentence]
        for s in sentences:
            if any(s.start <= link.start <= s.end for link in block.links):
                return True
            if self.sentence_evidence(s) is not None:
                return True
        return False

    def sentence_evidence(self, sentence: Sentence) -> str | None:
        """A short description of the source a sentence names, or None."""
        text = sentence.text
        for rx in self.cues.citations:
            m = rx.search(text)
            if m:
                return f"citation {m.group(0)}"
        span = sentence.span
        for head in self._matches("attribution_heads", span):
            after = span.doc[head.end : min(span.end, head.end + 4)]
            noun = next((t for t in after if t.pos_ in ("NOUN", "PROPN") or ent_type(t)), None)
            if noun is None:
                continue
            tree = set(noun.subtree)
            if noun.lemma_.lower() in self.cues.vague_sources:
                # "sources close to the studio": the studio is not who is speaking
                for child in noun.children:
                    if child.dep_ == "amod":
                        tree -= set(child.subtree)
            phrase = sorted(tree, key=lambda t: t.i)[:10]
            if any(self.is_named(t) or (t.lemma_.lower() in self.cues.channel_nouns
                                        and t.lemma_.lower() not in self.cues.vague_sources)
                   for t in phrase if t.i >= noun.i):  # not a bare "according to reports"
                return f"attribution '{head.text} {noun.text}'"
        for tok in span:
            if tok.lemma_.lower() not in self.cues.reporting_verbs or tok.pos_ not in ("VERB",):
                continue
            if self.negated([tok]):
                continue  # "the studio never disclosed figures": nothing was reported
            source = self._reporting_source(tok)
            if source is not None:
                return source
        return None

    def _reporting_source(self, verb: Token) -> str | None:
        for subj in subjects_of(verb):
            if self.is_named(subj) or self._official_channel(subj) or self._makers_material(
                    subj, verb):
                return f"'{subj.text} {verb.text}'"
        for child in verb.children:
            if child.dep_ == "agent":
                for pobj in child.children:
                    if self.is_named(pobj):
                        return f"'{verb.text} by {pobj.text}'"
            if child.dep_ == "prep":
                for pobj in child.children:
                    if pobj.dep_ == "pobj" and self._is_channel(pobj):
                        return f"'{verb.text} {child.text} ... {pobj.text}'"
        return None

    def _official_channel(self, subj: Token) -> bool:
        """An official channel as the subject: "the show's official website stated"."""
        clause = {t.i for c in subj.children if c.dep_ in ("relcl", "acl") for t in c.subtree}
        phrase = [t for t in subj.subtree if t.i not in clause]  # not "a fan who runs ..."
        return (any(t.lemma_.lower() in self.cues.channel_nouns for t in phrase)
                and any(t.lower_ in self.cues.official_words for t in phrase))

    def _makers_material(self, subj: Token, verb: Token) -> bool:
        """The makers' own material announcing: "a trailer for the season revealed the
        date" (``official_channels`` with ``official_channel_verbs``); a teaser that only
        "shows the harbour" reports nothing."""
        return (subj.lemma_.lower() in self.cues.official_channels
                and verb.lemma_.lower() in self.cues.official_channel_verbs)

    def _is_channel(self, tok: Token) -> bool:
        if tok.lemma_.lower() in self.cues.channel_nouns:
            return True
        if ent_type(tok) in self.cues.unnamed_entities:
            return False  # "announced on Monday": a date, not where it was announced
        return tok.pos_ == "PROPN" or ent_type(tok) in self.cues.named_entities

    def is_named(self, tok: Token) -> bool:
        """A specific source: a proper name, a named entity or a source noun ("the studio")."""
        candidates = [tok] + [c for c in tok.children if c.dep_ in ("compound", "poss")]
        if tok.lemma_.lower() in self.cues.vague_sources:
            return False
        for t in candidates:
            if t.lemma_.lower() in self.cues.vague_sources:
                continue
            if t.pos_ == "PROPN" or ent_type(t) in self.cues.named_entities:
                return True
            if t.lemma_.lower() in self.cues.source_nouns:
                return True
        return False

    def named_speaker(self, block: Block) -> bool:
        """Whether a named person or organisation is reported as speaking in the block.

        A headline's bare participle with nothing said after it is the passive headline
        style ("Harbour Lights: The Finale Explained"): the name is the work's, not a
        speaker's."""
        headline = block.is_heading or block.page_role in ("title", "dek")
        for s in block.sentences:
            for tok in s.tokens:
                if (tok.lemma_.lower() in self.cues.reporting_verbs and tok.pos_ == "VERB"
                        and any(c.dep_ == "nsubj" and self.is_named(c) for c in tok.children)
                        and not self.negated([tok])):
                    if headline and bare_participle(tok, ("dobj", "ccomp", "xcomp")):
                        continue
                    return True
        return False

    # -- context --------------------------------------------------------------------
    def negated(self, tokens: Sequence[Token]) -> bool:
        """Whether the clause that carries ``tokens`` is negated ("did not call it ...")."""
        if not tokens:
            return False
        inside = {t.i for t in tokens}
        for tok in tokens:
            if tok.lower_ in self.cues.negators and _negating(tok):
                return True
        for verb in _clause_verbs(tokens):
            for child in verb.children:
                if child.i in inside:
                    continue
                low = child.lower_
                if child.dep_ == "neg" or (child.dep_ == "advmod" and low in self.cues.negators):
                    return True
                if child.dep_ in ("nsubj", "nsubjpass") and any(
                    g.lower_ in self.cues.negators and _negating(g)
                    for g in [child, *child.children]
                ):
                    return True
        return False

    def opinion_framed(self, sentence: Sentence) -> bool:
        """The writer speaks for themself ("I think") or the block sits in a verdict section."""
        if self._matches("opinion_markers", sentence.span):
            return True
        return self.in_opinion_section(sentence.block)

    def in_opinion_section(self, block: Block) -> bool:
        section = block.section
        while section is not None:
            heading = section.heading
            if heading is not None and any(rx.search(heading.text)
                                           for rx in self.cues.opinion_headings):
                return True
            section = section.parent
        return False




def subjects_of(verb: Token) -> list[Token]:
    """The active subjects of ``verb``; a verb joined by "and" without one shares its head's,
    and so does a participle adjunct ("the studio posted a teaser, confirming ...")."""
    while True:
        found = [c for c in verb.children if c.dep_ == "nsubj"]
        if found or verb.head.i == verb.i:
            return found
        if verb.dep_ == "advcl" and verb.tag_ == "VBG" and not any(
                c.dep_ in ("mark", "nsubjpass", "expl") for c in verb.children):
            verb = verb.head  # "..., revealing that": the head clause's subject reveals
            continue
        if _misparsed_adjunct(verb):
            verb = verb.head.head  # the clause the participle really hangs on
            continue
        if verb.dep_ != "conj":
            return found
        if any(c.dep_ in ("nsubjpass", "auxpass") for c in verb.children):
            return []  # "... and was confirmed": the shared subject is not the one confirming
        verb = verb.head


def _misparsed_adjunct(verb: Token) -> bool:
    """"X dropped in July, revealing the show will premiere in October": the small model
    often makes the participle the subject of "premiere" and "premiere" a conjunct of
    "dropped". A participle after a comma as the clausal subject of a conjunct without a
    subject of its own is that adjunct, and shares the first conjunct's subject."""
    if verb.dep_ != "csubj" or verb.tag_ != "VBG" or verb.i == 0:
        return False
    head = verb.head
    return (verb.doc[verb.i - 1].text == "," and head.dep_ == "conj" and head.i > verb.i
            and not any(c.dep_ in ("nsubj", "nsubjpass", "expl") for c in head.children))


def _negating(tok: Token) -> bool:
    """A negator used as one: "not", "no one", "nobody" - not the "No" of a title."""
    if tok.dep_ in ("neg", "advmod"):
        return True
    return tok.pos_ in ("DET", "PRON") and tok.dep_ in ("det", "nsubj", "nsubjpass")


def _clause_verbs(tokens: Sequence[Token]) -> Iterator[Token]:
    """The verb governing the span, plus its head when it is an open complement."""
    root = min(tokens, key=lambda t: len(list(t.ancestors)))
    verb: Token | None = root
    while verb is not None and verb.pos_ not in ("VERB", "AUX"):
        verb = verb.head if verb.head.i != verb.i else None
    if verb is None:
        return
    yield verb
    if verb.dep_ in ("xcomp", "acomp", "auxpass") and verb.head.i != verb.i:
        yield verb.head
    # A participle the parser hung on the copula as its complement carries the clause's
    # negation: "is not officially intimated yet" ("not" under "intimated", not "is").
    yield from (c for c in verb.children if c.dep_ == "acomp" and c.tag_ == "VBN")


def quote_ranges(text: str) -> list[tuple[int, int]]:
    """Character ranges of quoted passages in ``text`` (straight, curly and guillemet quotes)."""
    ranges: list[tuple[int, int]] = []
    i = 0
    n = len(text)
    while i < n:
        ch = text[i]
        close = _QUOTE_PAIRS.get(ch)
        opens = close is not None and (ch != "‘" or i == 0 or not text[i - 1].isalnum())
        if opens and close is not None:
            j = i + 1
            while j < n:
                if text[j] == close and (close != "’" or j + 1 >= n or not text[j + 1].isalpha()):
                    break
                j += 1
            if j < n:
                ranges.append((i, j + 1))
                i = j + 1
                continue
        i += 1
    return ranges


def inside(ranges: Iterable[tuple[int, int]], start: int, end: int) -> bool:
    return any(a <= start and end <= b for a, b in ranges)


def tokens_in(sentence: Sentence, start: int, end: int) -> list[Token]:
    """Tokens of ``sentence`` overlapping block offsets ``[start, end)``."""
    out = []
    for tok in sentence.tokens:
        s = sentence.offset_of(tok)
        if s < end and s + len(tok.text) > start:
            out.append(tok)
    return out


def bare_participle(verb: Token, says: tuple[str, ...]) -> bool:
    """A past form with none of the ``says`` dependents: in a headline, the passive
    headline style ("Harbour Lights Renewed for Season 3", "The Finale Explained"), whose
    name is the work's, not a speaker's."""
    return verb.tag_ in ("VBD", "VBN") and not any(c.dep_ in says for c in verb.children)


def names_pattern(names: frozenset[str]) -> re.Pattern[str] | None:
    """One regex for whole-word mentions of ``names`` (lower-case words or phrases)."""
    if not names:
        return None
    alternatives = "|".join(re.escape(n) for n in sorted(names, key=len, reverse=True))
    return re.compile(rf"(?<!\w)(?:{alternatives})(?!\w)")
