"""FL301 unsupported-claim: praise and reception claims stated as fact, with no source."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, ClassVar

from factlint.document import Block
from factlint.finding import Severity
from factlint.registry import Option, register
from factlint.rules._claims import Claim, ClaimRule, Scan, evidence_scope

if TYPE_CHECKING:
    from spacy.tokens import Token


@register
class UnsupportedClaim(ClaimRule):
    code = "FL301"
    name = "unsupported-claim"
    severity = Severity.WARNING
    summary = "Praise or a reception claim is stated as fact with nothing behind it."
    explanation = (
        "Peacock wording ('a standout anime', 'beautifully balances', 'well-developed "
        "characters', 'critically acclaimed', 'the most popular series', 'this is a "
        "beautiful series') and claims about the "
        "audience ('captivated audiences', 'garnered a dedicated following', 'fans eagerly "
        "await') read as facts but are opinions or unmeasured reception. Source them (a link, "
        "a footnote, 'according to ...', a named critic), give the figure that shows them, "
        "frame them as the writer's opinion, or cut them. Negated praise ('critics did not "
        "call it a masterpiece') and quoted speech of a named person are not flagged. Opinion "
        "the writer owns ('I think ...', or a section headed Verdict / Review / Final "
        "thoughts) is reported as info. Word lists: rules/claims/fl301-praise.yaml; evidence "
        "is looked for in the sentence by default (option evidence_scope)."
    )
    bad_example = "The show captivated audiences and has garnered a dedicated following."
    good_example = (
        "The finale drew 1.2 million viewers in its first week, according to Crunchyroll.\n"
        "I think the second half is the show's strongest stretch."
    )
    options: ClassVar[dict[str, Option]] = {"evidence_scope": evidence_scope("sentence")}
    advice = (
        "link the review or figure that shows it or name who said it (e.g. 'Anime News "
        "Network called it ...'), frame it as your opinion, or cut it"
    )

    def claims(self, block: Block, scan: Scan) -> Iterator[Claim]:
        review = scan.assertions.is_review(scan.doc)
        found = list(super().claims(block, scan))
        words = self.words
        for claim in _evaluations(block, words, scan.evidence.cues.vague_sources):
            if not any(c.start < claim.end and claim.start < c.end for c in found):
                found.append(claim)
        for claim in sorted(found, key=lambda c: (c.start, c.end)):
            if claim.reason.startswith("superlative") and scan.evidence.ranked_on_site(
                    block.text[claim.end : claim.sentence.end]):
                continue  # "the highest-rated anime of the season on MyAnimeList": ranked
            if scan.evidence.opinion_framed(claim.sentence):
                claim.severity = Severity.INFO
                claim.note = ("framed as the writer's opinion, so only info: keep it if you "
                              "mean it, and say what in the work shows it")
            elif review:
                claim.severity = Severity.INFO
                claim.note = ("in a signed review, so the critic's opinion and only info: keep "
                              "it if you mean it, and say what in the work shows it")
            yield claim


def _said_by_group(tok: Token, vague: frozenset[str]) -> bool:
    """The clause of ``tok`` is the complement of a verb whose subject is a vague group."""
    node = tok
    for _ in range(12):
        if node.dep_ == "ccomp" and any(
                c.dep_ == "nsubj" and c.lemma_.lower() in vague for c in node.head.children):
            return True
        if node.head.i == node.i:
            return False
        node = node.head
    return False


def _word(tok: Token) -> str:
    """The token with the words hyphenated to it: "well-known", "hyped-up"."""
    doc = tok.doc
    start = end = tok.i
    while start >= 2 and doc[start - 1].text == "-" and not doc[start - 2].whitespace_ \
            and not doc[start - 1].whitespace_:
        start -= 2
    while end + 2 < len(doc) and doc[end + 1].text == "-" and not doc[end].whitespace_ \
            and not doc[end + 1].whitespace_:
        end += 2
    return doc[start : end + 1].text.lower()


def _evaluations(block: Block, words: dict[str, frozenset[str]], vague: frozenset[str]
                 ) -> Iterator[Claim]:
    """Superlatives and evaluative predicates about the work, found from the parse.

    One put in a vague group's mouth ("critics agree that the finale is unforgettable")
    is left to FL302, the more specific finding.
    """
    for sentence in block.sentences:
        span = sentence.span
        for tok in span:
            found = (_superlative(tok, words) or _predicate(tok, words)
                     or _attribute(tok, words))
            if found is None:
                continue
            first, last, reason = found
            if _said_by_group(tok, vague):
                continue
            start = sentence.offset_of(first)
            end = sentence.offset_of(last) + len(last.text)
            yield Claim(sentence, start, end, reason)


def _superlative(tok: Token, words: dict[str, frozenset[str]]
                 ) -> tuple[Token, Token, str] | None:
    """ "one of the most hyped-up games", "the most awaited game", "the finest ever"."""
    doc = tok.doc
    if tok.lower_ in ("most", "least") and tok.dep_ == "advmod":
        adj = tok.head
        if _word(adj) not in words.get("superlative_words", frozenset()) and not (
                adj.lower_ == "well" and _word(adj.head) in words.get("superlative_words",
                                                                      frozenset())):
            return None
        if adj.lower_ == "well":
            adj = adj.head
    elif tok.tag_ == "JJS" and tok.lower_ in words.get("superlatives", frozenset()):
        adj = tok
        if adj.dep_ == "attr":  # "its finale is the finest ever": said of the work
            if _work_subject(adj.head, words) is None:
                return None
        elif adj.dep_ != "amod":
            return None  # "the best we can do"
    else:
        return None
    noun = adj.head if adj.dep_ == "amod" and adj.head.pos_ in ("NOUN", "PROPN") else adj
    if noun is not adj and noun.lemma_.lower() in words.get("record_nouns", frozenset()):
        return None  # "its best opening": a measured record (FL304's kind), not praise
    if noun is not adj and noun.lemma_.lower() in words.get("idiom_nouns", frozenset()):
        return None  # "despite the director's best efforts": an idiom, not praise
    if not any(c.dep_ in ("det", "poss") for c in noun.children):
        return None  # "nominated for best drama series": an award's name
    if any(c.dep_ == "poss" and c.lower_ in ("your", "yours") for c in noun.children):
        return None  # "this might be your best option": advice to the reader, not praise
    first = tok
    before = doc[max(tok.sent.start, tok.i - 3) : tok.i]
    if before and before[-1].lower_ in ("the", "its", "their", "his", "her"):
        first = before[-1]
        if len(before) >= 3 and before[-2].lower_ == "of" and before[-3].lower_ in ("one",
                                                                                  "among"):
            first = before[-3]
        elif len(before) >= 2 and before[-2].lower_ == "among":
            first = before[-2]
    elif (before and before[-1].tag_ == "POS" and len(before) >= 3  # "one of TV's most"
          and before[-3].lower_ == "of" and tok.i >= 5 and doc[tok.i - 4].lower_ == "one"):
        first = doc[tok.i - 4]
    last = max(noun, adj, key=lambda t: t.i)
    if last.i < first.i:
        return None
    return first, last, "superlative with no ranking, figure or source behind it"


def _work_subject(verb: Token, words: dict[str, frozenset[str]]
                  ) -> tuple[Token, Token] | None:
    """The subject of ``verb`` and what it stands for, when that is the work, its cast or
    its production (a noun of ``work_nouns`` or a title); a relative pronoun stands for
    the noun its clause hangs on ("a heroine who is ...")."""
    subject = next((c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")), None)
    if subject is None:
        return None
    about = subject
    if subject.tag_ in ("WP", "WDT") and verb.dep_ == "relcl":
        about = verb.head
    works = words.get("work_nouns", frozenset())
    if about.lemma_.lower() in works or about.lower_ in works or about.pos_ == "PROPN":
        return subject, about
    return None


def _predicate(tok: Token, words: dict[str, frozenset[str]]
               ) -> tuple[Token, Token, str] | None:
    """An evaluative adjective predicated of the work: "the production team is excellent"."""
    if tok.dep_ not in ("acomp", "conj") or tok.pos_ not in ("ADJ", "VERB"):
        return None
    if _word(tok) not in words.get("evaluative_adjectives", frozenset()):
        return None
    adj = tok
    while adj.dep_ == "conj" and adj.head.i != adj.i:
        adj = adj.head
    if adj.dep_ != "acomp":
        return None
    verb = adj.head
    if verb.lemma_.lower() not in ("be", "become", "remain", "seem", "look", "sound", "feel"):
        return None
    if any(c.dep_ in ("xcomp", "ccomp", "csubj") for c in verb.children) or any(
            c.dep_ in ("xcomp", "ccomp", "prep") and c.i > adj.i for c in adj.children
            if c.lower_ in ("to", "that")):
        return None  # "it is great to see ...": about the seeing, not the work
    found = _work_subject(verb, words)
    if found is None:
        return None
    subject, about = found
    clause = {t.i for c in subject.children if c.dep_ in ("relcl", "acl") for t in c.subtree}
    first = min((t for t in subject.subtree if t.i not in clause), key=lambda t: t.i) \
        if about is subject else subject
    if tok is not adj and _word(adj) in words.get("evaluative_adjectives", frozenset()):
        return None  # reported once, from the first evaluative adjective of the list
    last = max([tok] + [c for c in tok.children if c.dep_ == "conj"], key=lambda t: t.i)
    if first.i > adj.i:  # "how amazing the first season is": the adjective comes first
        first = min([adj] + [c for c in adj.children if c.dep_ == "advmod"], key=lambda t: t.i)
        last = max(last, verb, max(subject.subtree, key=lambda t: t.i), key=lambda t: t.i)
    return first, last, "evaluation of the work stated as fact, with no source"


def _attribute(tok: Token, words: dict[str, frozenset[str]]
               ) -> tuple[Token, Token, str] | None:
    """An evaluative adjective on the work named as what something is: "this is a
    beautiful series", "Harbor Lights is an excellent show". The noun must be one of
    ``work_nouns`` and the subject not the writer or the reader ("you are a great
    audience"); ``background_adjectives`` ("a popular series") describe, not praise."""
    if tok.dep_ != "amod":  # asked of every token: the hyphenated word only of these
        return None
    word = _word(tok)
    if word not in words.get("evaluative_adjectives", frozenset()) or (
            word in words.get("background_adjectives", frozenset())):
        return None
    noun = tok.head
    works = words.get("work_nouns", frozenset())
    if noun.dep_ != "attr" or noun.lemma_.lower() not in works or noun.i < tok.i:
        return None
    verb = noun.head
    if verb.lemma_.lower() not in ("be", "become", "remain") or noun.i < verb.i:
        return None
    subject = next((c for c in verb.children if c.dep_ == "nsubj"), None)
    if subject is None or subject.lower_ in _PERSONS or any(
            c.dep_ in ("xcomp", "ccomp", "csubj") for c in verb.children):
        return None
    span = list(subject.subtree)
    first = span[0] if len(span) <= 8 else subject
    return first, noun, "evaluation of the work stated as fact, with no source"


_PERSONS = frozenset({"i", "we", "you"})
