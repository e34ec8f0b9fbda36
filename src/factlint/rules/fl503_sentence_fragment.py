"""FL503 sentence-fragment: a prose sentence with no finite verb or no subject.

Built on the dependency parse and tuned for precision: only full-stop sentences
inside multi-sentence paragraphs are judged, and every known deliberate form
(answers to a question, "The verdict: ...", quoted dialogue, short stylistic
fragments, listed openers) is left alone.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any, ClassVar

from factlint.document import Block, Document, Sentence, tokens_of
from factlint.finding import Finding, Severity
from factlint.packs import phrase_regex
from factlint.registry import PARAGRAPHS, Option, Rule, Setup, register

if TYPE_CHECKING:
    from spacy.tokens import Span, Token

FINITE_TAGS = frozenset({"VBD", "VBZ", "VBP", "MD"})
SUBJECT_DEPS = frozenset({"nsubj", "nsubjpass", "csubj", "csubjpass", "expl"})
AUX_DEPS = frozenset({"aux", "auxpass"})
# Where the parser puts the subject of an inverted sentence it did not recognise.
_LATE_SUBJECT_DEPS = frozenset({"nsubj", "dobj", "attr", "dep", "npadvmod", "oprd"})
# Participles that open a reason or condition ("given", "considering"): heading a
# sentence with no finite verb anywhere, they qualify a clause that is not there (the
# tagger sometimes calls such a "given" a simple past, which it never is).
_CONDITION_PARTICIPLES = frozenset({"given", "considering"})
_QUOTES = re.compile("[\"“”«»]")
_TERMINAL = re.compile(r"[.!?…][\"'”’)\]]*$")
_SINGLE_END = re.compile(r"[^.!?…][.!?][\"'”’)\]]*$")
# Initials and "e.g."-style forms end in a full stop without ending a sentence.
_INITIALS = re.compile(r"(?:\b[A-Z]|(?<![\w.])(?:[A-Za-z]\.){2,})\.?$")
_WORDS = re.compile(r"[^\W_]+")  # a word of a title or sentence, for _opens_with_title


def _finite(tok: Token) -> bool:
    """A verb that is finite itself or carries a finite auxiliary."""
    if tok.tag_ in FINITE_TAGS:
        return True
    return any(c.dep_ in AUX_DEPS and c.tag_ in FINITE_TAGS for c in tok.children)


def _do_imperative(root: Token) -> bool:
    """ "(And) don't forget about the coach.", "Do watch the finale.": a base verb whose
    only finite part is "do" and which has no subject is an imperative; the tagger calls
    that "do" a present tense (VBP) after a conjunction."""
    finite = [c for c in root.children if c.dep_ in AUX_DEPS and c.tag_ in FINITE_TAGS]
    return root.tag_ == "VB" and bool(finite) and all(
        c.lower_ == "do" for c in finite) and not _has_subject(root)


def _imperative_after_opener(root: Token, sent: Span) -> bool:
    """ "With that said, expect the finale in May.": an imperative after a fronted phrase
    and its comma, which the tagger calls a present tense (VBP); a base form with no
    subject right after the opener's comma is an instruction, not a lost subject."""
    return (root.tag_ == "VBP" and root.i > sent.start and root.lower_ == root.lemma_
            and root.lemma_ not in ("be", "have", "do") and root.nbor(-1).text == ","
            and not _has_subject(root))


def _has_subject(tok: Token) -> bool:
    if any(c.dep_ in SUBJECT_DEPS for c in tok.children):
        return True
    # "The game does stutter ...": the parser may hang the subject on the auxiliary.
    if any(c.dep_ in AUX_DEPS and any(g.dep_ in SUBJECT_DEPS for g in c.children)
           for c in tok.children):
        return True
    # A conjoined predicate shares the subject of its head ("she sings and dances").
    return tok.dep_ == "conj" and tok.head.i != tok.i and _has_subject(tok.head)


def _verb_initial(root: Token, sent: Span) -> bool:
    """The root is the first word and reads as a third-person verb the tagger called a noun.

    "Highlights the impact that ..." is tagged NNS; its object gives it away.
    """
    if root.i != sent.start or root.tag_ not in ("NNS", "VBZ") or not root.text[:1].isupper():
        return False
    if not root.text.endswith("s"):
        return False
    after = root.nbor(1) if root.i + 1 < sent.end else None
    return any(c.dep_ == "dobj" for c in root.children) or (
        after is not None and after.tag_ in ("DT", "PRP$"))


def _inverted_subject(root: Token, inversion: frozenset[str]) -> bool:
    """Locative inversion: "With the closure of one door comes the opening of another."

    The verb (a lemma listed under ``inversion_verbs``) follows a phrase of place or
    circumstance and its subject follows it; the parser often hangs that subject on the
    verb as an object.
    """
    if root.lemma_.lower() not in inversion:
        return False
    opener = any(c.i < root.i and c.dep_ in ("prep", "advmod") for c in root.children)
    after = any(c.i > root.i and c.dep_ in _LATE_SUBJECT_DEPS
                and c.pos_ in ("NOUN", "PROPN", "PRON", "NUM") for c in root.children)
    return opener and after


def _noun_subject_as_modifier(root: Token) -> bool:
    """ "..., the season twists and turns as it tracks ...": the tagger read the subject
    and the verb as one noun phrase, hanging the subject's words on the verb as its
    determiner or compound; a verb with its own determiner has its subject in front."""
    return any(c.i < root.i and c.dep_ in ("det", "compound") for c in root.children)


def _participial_opener(root: Token, sent: Span) -> bool:
    """ "Approaching the story from X, the season twists and turns as it tracks ...": a
    sentence-initial participle, a comma, and a finite verb after it that is not in a
    relative clause. The tagger took the main verbs for nouns; don't guess. Without the
    comma it is a gerund subject ("Watching the finale again felt like a reward."): the
    finite verb after it is the main verb the parser hung under the gerund."""
    if root.tag_ != "VBG" or root.i != sent.start or not root.text[:1].isupper():
        return False
    comma = next((t.i for t in sent if t.text == "," and t.i > root.i), root.i)
    return any(t.i > comma and t.tag_ in FINITE_TAGS and t.dep_ != "relcl" for t in sent)


_PREDICATE_DEPS = frozenset({"prep", "dobj", "advmod", "npadvmod", "prt", "advcl"})
_DASHES = frozenset({"—", "–", "-", "--"})


def _past_or_participle(tok: Token, preterites: frozenset[str]) -> bool:
    """A VBN whose form is also a simple past ("premiered", "shipped", "sold"): the
    tagger's choice between them is a guess, so it may be the sentence's main verb."""
    word = tok.text.lower()
    return tok.tag_ == "VBN" and (word.endswith("ed") or word in preterites)


def _main_verb_as_participle(root: Token, sent: Span, preterites: frozenset[str]) -> bool:
    """ "The manga's final volume shipped in Japan on May 4.": the tagger read the main
    verb as a participle modifying the subject (a reduced relative), leaving a noun as
    the root. A past-or-participle form with no auxiliary of its own, hanging on a noun
    after the root as a reduced relative and carrying a predicate's complements (a place, a
    time, an object; not a "by" agent), is taken for the main verb."""
    for tok in sent:
        if (tok.i > root.i and tok.head.pos_ in ("NOUN", "PROPN")
                and tok.dep_ in ("acl", "relcl", "dep")
                and _past_or_participle(tok, preterites)
                and not any(c.dep_ in AUX_DEPS for c in tok.children)
                and any(c.dep_ in _PREDICATE_DEPS for c in tok.children)):
            return True
    return False


def _verb_after_aside(sent: Span, preterites: frozenset[str]) -> bool:
    """ "The lead actor — fresh from two festival wins — returns for the sequel.": after
    a pair of dashes, the parser hung the main verb on the subject as a noun; a word that
    can be a verb right after the closing dash is the sentence's verb."""
    dashes = [t.i for t in sent if t.text in _DASHES]
    for close in dashes[1:]:
        if close + 1 >= sent.end:
            continue
        word = sent.doc[close + 1]
        if word.tag_ in FINITE_TAGS or _past_or_participle(word, preterites) or (
            word.tag_ in ("NNS", "VBZ") and word.text.endswith("s") and word.text.islower()
        ):
            return True
    return False


def _subject_across_dash(root: Token, sent: Span) -> bool:
    """ "The director — fresh from two festival wins — returns for the sequel.": an aside
    between dashes cut the subject off from its verb in the parse; a noun or pronoun
    before the first dash, ahead of the verb, is its subject."""
    dashes = [t.i for t in sent if t.text in _DASHES and t.i < root.i]
    return bool(dashes) and any(t.pos_ in ("NOUN", "PROPN", "PRON") for t in sent
                                if t.i < dashes[0])


def diagnose(sent: Span, inversion: frozenset[str] = frozenset(),
             preterites: frozenset[str] = frozenset()) -> str | None:
    """Why ``sent`` is a fragment ("no finite verb" / "no subject" / "relative clause"),
    or None."""
    root = sent.root
    first = sent[0]
    if (first.tag_ == "WDT" and first.text in ("Which", "Whom", "Whose")
            and first.head.i == root.i and first.dep_ in SUBJECT_DEPS | {"dobj"}):
        return "relative clause"  # "Which resulted in petitions ...": no main clause
    if root.pos_ in ("VERB", "AUX") or _verb_initial(root, sent):
        if root.tag_ == "VBG" and not _finite(root):
            if _participial_opener(root, sent):
                return None
            return "no finite verb"  # "keeping viewers on the edge of their seats."
        if root.tag_ == "VB" and any(c.dep_ == "aux" and c.tag_ == "TO" for c in root.children):
            return "no finite verb"  # "To see what lies ahead."
        if root.lower_ in _CONDITION_PARTICIPLES and not any(
                t.tag_ in FINITE_TAGS for t in sent if t.i != root.i):
            return "no finite verb"  # "Especially given its ratings.": a reason cut loose
        if (not (_finite(root) or _verb_initial(root, sent)) or _do_imperative(root)
                or _imperative_after_opener(root, sent)):
            return None  # imperatives ("Watch the trailer."), participles: not judged
        if not (_has_subject(root) or _name_before(root, sent)
                or _inverted_subject(root, inversion) or _noun_subject_as_modifier(root)
                or _subject_across_dash(root, sent) or _shared_subject(root)
                or _noun_before_verb(root)):
            return "no subject"
        return None
    if root.pos_ not in ("NOUN", "PROPN"):
        return None  # adjectives, adverbs: too often a deliberate stylistic fragment
    if root.tag_ in ("NNS", "NNPS") and root.text.lower().endswith("s"):
        return None  # "the anime delves into ...": a verb the tagger called a plural noun
    if any(t.tag_ in FINITE_TAGS for t in sent):
        return None  # the parse may have hung the real verb somewhere odd; don't guess
    if _main_verb_as_participle(root, sent, preterites) or _verb_after_aside(sent, preterites):
        return None
    if _verb_read_as_noun(root):
        return None
    return "no finite verb"


def _verb_read_as_noun(root: Token) -> bool:
    """ "Tensions between the three of them soon surface.": the tagger called the verb a
    noun, but the parse gives it a subject before it and an adverb between the two; an
    adverb does not modify a noun, so the word is the sentence's verb."""
    subject = [c for c in root.children if c.dep_ in SUBJECT_DEPS and c.i < root.i]
    return bool(subject) and any(
        c.dep_ == "advmod" and c.tag_ == "RB" and subject[0].i < c.i < root.i
        for c in root.children)


def _shared_subject(root: Token) -> bool:
    """ "He stops, looks at me, then turns back": the parser made a later verb the root
    and hung the first, with the subject, under it (parataxis, a clausal complement or a
    conjunct before it); the predicates share that subject."""
    return any(c.i < root.i and c.dep_ in ("parataxis", "ccomp", "conj")
               and c.pos_ in ("VERB", "AUX") and _has_subject(c) for c in root.children)


def _noun_before_verb(root: Token) -> bool:
    """ "..., hijinks and sudden death would inevitably ensue": a noun or pronoun right
    before the verb (and its auxiliaries and adverbs) is its subject, wherever the parser
    hung it."""
    doc = root.doc
    i = root.i - 1
    while i >= 0 and doc[i].head.i == root.i and doc[i].dep_ in ("aux", "advmod", "neg"):
        i -= 1
    if i < 0 or i < root.sent.start:
        return False
    before = doc[i]
    return before.pos_ in ("NOUN", "PROPN", "PRON") and before.dep_ not in ("poss", "pobj",
                                                                           "dobj")


def _name_before(root: Token, sent: Span) -> bool:
    """A proper name before the verb that the parser hung elsewhere.

    Titles that open with a preposition ("To Your Eternity Season 2 revealed ...",
    "Of Mice and Men returns ...") are parsed as prepositional phrases, leaving the
    verb without a subject; a real dropped subject ("Highlights the impact ...") has
    no name in front of its verb.
    """
    return any(t.pos_ == "PROPN" for t in sent if t.i < root.i)


# How much text before a sentence is read to see how the previous one ended: the patterns
# above are anchored at its end, and reading the whole paragraph up to every sentence made
# a long paragraph cost quadratic time.
_LOOKBEHIND = 400


def _before(text: str, start: int) -> str:
    """The end of ``text[:start].rstrip()``: at most ``_LOOKBEHIND`` characters."""
    end = start
    while end > 0 and text[end - 1].isspace():
        end -= 1
    return text[max(0, end - _LOOKBEHIND):end]


def _opens_with_title(span: Span, title: tuple[str, ...]) -> bool:
    """Whether the sentence opens with at least two of the article title's first words
    (in any case) and its verb comes after them: the work's name, as the title gives it,
    is its subject, though the parser read a name such as "To Your Eternity" as a clause."""
    words = [t for t in tokens_of(span) if _WORDS.fullmatch(t.lower_)]
    count = 0
    for tok, want in zip(words, title, strict=False):
        if tok.lower_ != want:
            break
        count += 1
    return count >= 2 and span.root.i > words[count - 1].i


def _lower_start(sent: Sentence) -> bool:
    first = next((t for t in sent.span if not t.is_punct and not t.is_space), None)
    return first is not None and first.is_alpha and first.text.islower()


@register
class SentenceFragment(Rule):
    code = "FL503"
    name = "sentence-fragment"
    severity = Severity.WARNING
    family = "style"
    summary = "A prose sentence has no finite verb or no subject, or starts in lower case."
    explanation = (
        "Fragments left over from careless rewriting (\"Highlights the impact that this has on "
        "both parties.\", a list of noun phrases ending in a full stop, a sentence starting in "
        "lower case mid-paragraph or straight after a heading) read as broken prose. The "
        "dependency parse finds the sentence's main clause; a fragment has no finite verb "
        "there, or a finite verb with no subject. The rule prefers silence to guessing: only "
        "sentences ending in a full stop inside paragraphs of two or more sentences are "
        "judged, and headings, list items, captions, block quotes, quoted dialogue, answers "
        "to a question, \"The verdict: ...\" constructions, sentences under `min_words` words "
        "and openers listed in rules/style/sentence-fragment.yaml (\"Not this time.\") are "
        "left alone. A lower-case line with no closing mark (a byline: \"posted on by ...\") "
        "and lower-case text after a title's \"!\" or \"?\" (\"Eizouken! and ...\") are not "
        "judged; inverted sentences (\"With the closure of one door comes the opening of "
        "another.\") have their subject after the verb, whose lemma is listed under "
        "`inversion_verbs`. The small model often tags a main verb in the simple past as a "
        "participle (\"The final volume shipped in May.\"): a past-or-participle form "
        "hanging on the root noun with no auxiliary is taken for the main verb (irregular "
        "forms under `past_participles`); an aside between dashes does not cut a subject "
        "off, nor does a gerund subject (\"Watching it again felt ...\"), and a sentence "
        "that opens with the article title's words has the work's name for its subject "
        "(\"To your eternity season 2 revealed ...\"); an instruction after an opening "
        "phrase (\"With that said, expect ...\") is no fragment either. A sentence that "
        "is only a relative clause (\"Which resulted in ...\") is reported, and so is a "
        "reason cut loose: a sentence headed by \"given\" or \"considering\" with no "
        "finite verb (\"Particularly given how well it sold.\"). Rewrite it as a "
        "full sentence or join it to its neighbour."
    )
    bad_example = (
        "The series explores fame and its costs. Highlights the impact that this has on the "
        "idols and their fans."
    )
    good_example = (
        "The series explores fame and its costs. It shows the impact this has on the idols "
        "and their fans."
    )
    options: ClassVar[dict[str, Option]] = {
        "min_words": Option(5, "shorter sentences are not judged"),
    }
    needs = frozenset({"tagger", "parser", "lemmatizer"})
    scope = PARAGRAPHS  # list items are often labels, not sentences

    def prepare(self, setup: Setup) -> None:
        self.min_words = int(setup.options["min_words"])
        tables = [d for d in setup.data if isinstance(d, dict)]
        self.openers = [phrase_regex(str(item)) for d in tables
                        for item in d.get("deliberate_openers", []) if str(item).strip()]
        words = sorted({re.escape(str(item).strip().rstrip(".")) for d in tables
                        for item in d.get("abbreviations", []) if str(item).strip()})
        self.abbrev = (re.compile(rf"(?<![\w.])(?:{'|'.join(words)})\.$", re.IGNORECASE)
                       if words else None)
        self.inversion = frozenset(str(item).strip().lower() for d in tables
                                   for item in d.get("inversion_verbs", []) if str(item).strip())
        self.preterites = frozenset(str(item).strip().lower() for d in tables
                                    for item in d.get("past_participles", [])
                                    if str(item).strip())

    def check(self, doc: Document, facts: Any) -> Iterable[Finding]:
        min_words, openers = self.min_words, self.openers
        abbrev, inversion, preterites = self.abbrev, self.inversion, self.preterites
        title = doc.title_block
        title_words = tuple(_WORDS.findall(title.text.lower())) if title is not None else ()
        for block in self.blocks(doc):
            sentences = block.sentences
            after_heading = block.index == 0 or doc.article.blocks[block.index - 1].is_heading
            for i, sent in enumerate(sentences):
                prev = sentences[i - 1] if i else None
                why = self._judge(block, sent, prev, len(sentences), after_heading, min_words,
                                  openers, abbrev, inversion, preterites, title_words)
                if why:
                    yield self.finding(doc, block, sent.start, sent.end, why)

    def _judge(
        self, block: Block, sent: Sentence, prev: Sentence | None, count: int,
        after_heading: bool, min_words: int, openers: list[re.Pattern[str]],
        abbrev: re.Pattern[str] | None, inversion: frozenset[str],
        preterites: frozenset[str] = frozenset(), title: tuple[str, ...] = (),
    ) -> str | None:
        text = sent.text.strip()
        if text.startswith(("(", "[", "'", "‘", '"', "“")):
            return None  # dialogue and asides
        if prev is not None:
            before = _before(block.text, sent.start)
            if not _TERMINAL.search(before) or _INITIALS.search(before) or (
                abbrev is not None and abbrev.search(before)
            ):
                return None  # the parser split a sentence in two
            if not _SINGLE_END.search(before):
                return None  # "...", "!!!", "?!": may run on (or be a title like "Yuri!!!")
        if _lower_start(sent) and (prev is not None or after_heading):
            if len(text.split()) < min_words or not _TERMINAL.search(text):
                return None  # a byline or label line ("posted on by ..."), not a sentence
            if prev is not None and _before(block.text, sent.start).rstrip(
                    "\"'”’)]").endswith(("!", "?")):
                return None  # a title's "!" or "?" ('Eizouken! and', '"Why?" is') ends none
            lacking = diagnose(sent.span, inversion, preterites)
            detail = f" and has {lacking}" if lacking and lacking.startswith("no ") else ""
            return (f"sentence starts in lower case{detail}, as if its start was cut in an "
                    f"edit; restore the missing words or capitalise and complete it")
        if _QUOTES.search(text):
            return None  # quoted dialogue or titles: the parse of quoted speech is unreliable
        if count < 2 or not text.endswith(".") or text.endswith(".."):
            return None  # captions, credits, stingers; questions, exclamations, ellipses
        if len(text.split()) < min_words or ":" in text:
            return None
        if prev is not None and prev.text.rstrip().endswith("?"):
            return None  # the answer to a rhetorical question
        if any(rx.match(text) for rx in openers):
            return None
        why = diagnose(sent.span, inversion, preterites)
        if why == "relative clause":
            return ("sentence is a relative clause ('Which ...') with no main clause of its "
                    "own; join it to the sentence it comments on")
        if why == "no subject" and _opens_with_title(sent.span, title):
            return None  # "To your eternity season 2 revealed ...": the title is the subject
        if why == "no subject":
            return ("sentence has a verb but no subject, as if the start was lost in an edit; "
                    "add who or what does it, or join it to the previous sentence")
        if why == "no finite verb":
            return ("sentence has no finite verb, so it is a fragment; rewrite it as a full "
                    "sentence or join it to its neighbour")
        return None
