"""FL401 gender-contradiction: a gendered word for a character that the reference contradicts."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from factlint.document import Document
from factlint.finding import Applicability, Finding, Fix, Severity
from factlint.registry import register
from factlint.rules._facts import FactsRule

if TYPE_CHECKING:
    from spacy.tokens import Token

    from factlint.facts.lexicon import People
    from factlint.facts.mentions import Analysis
    from factlint.facts.model import Character


@register
class GenderContradiction(FactsRule):
    code = "FL401"
    name = "gender-contradiction"
    severity = Severity.ERROR
    summary = "A pronoun or gendered noun for a character contradicts the reference facts."
    explanation = (
        "Checks what the article says about a character's gender against `gender:` (or "
        "`pronouns:`) in the reference file: an appositive or predicate noun (\"Aqua, a "
        "young girl\", \"Aqua is the daughter of\"), and he/she pronouns, possessives and "
        "reflexives whose antecedent is the character. Pronouns are resolved "
        "conservatively: the antecedent must be the only character (or the only one of the "
        "pronoun's gender) named in the same or the previous sentence, with no other "
        "person in between who could be meant; pronouns inside quotations are skipped. "
        "When two characters compete, nothing is reported, and a sentence that already "
        "calls the only candidate by a fitting pronoun (\"she thanked him\") uses the "
        "other gender for someone else. Words style guides use for anyone (\"actor\", "
        "\"hero\": `unmarked` in the data) are never a contradiction; their marked "
        "counterparts (\"actress\") are. The finding quotes the "
        "reference line and suggests the right word. Gendered nouns and pronoun forms are "
        "data in rules/facts/people.yaml."
    )
    bad_example = "Aqua, a young girl with a dream, finds herself on stage."
    good_example = "Aqua, a young boy with a plan, finds himself on stage."
    fixable = Applicability.UNSAFE
    fix_explanation = (
        "Writes the suggested pronoun or counterpart noun, keeping a capital letter. "
        "Unsafe: which character a pronoun means is a judgement worth a reader's look."
    )

    def check(self, doc: Document, facts: Any) -> Iterable[Finding]:
        an = self.mentions.analyse(doc, facts)
        if an is None:
            return
        for sentence in self.sentences(doc):
            for tok in sentence.tokens:
                pronoun = bool(an.pronoun_family(tok))
                # Only pronouns and nouns are read; the quote test is the dearer question.
                if (not pronoun and tok.pos_ != "NOUN") or an.token_in_quote(tok):
                    continue
                if pronoun:
                    res = an.resolve(tok)
                    if res is not None and res.contradicts:
                        message, right = self._pronoun_message(an, tok, res.character)
                        yield self.token_finding(doc, an, tok, tok, message,
                                                 fix=self._fix(doc, an, tok, tok, right))
                elif tok.pos_ == "NOUN":
                    found = self._noun(doc, an, tok)
                    if found is not None:
                        yield found

    def _noun(self, doc: Document, an: Analysis, tok: Token) -> Finding | None:
        people = an.people
        first, word = _gendered_word(people, tok)
        if word is None or word in people.unmarked:
            return None
        gender = people.noun_gender[word]
        described = an.describes(tok)
        if described is None:
            return None
        char = an.referent(described)[1]
        if char is None:
            return None
        fams = an.families(char)
        if not fams or gender in fams:
            return None
        other = people.counterpart.get(word) if fams <= {"male", "female"} else None
        fix = f"write '{other}'" if other else "use a word that fits the character"
        # Only a word written as the data has it ("girl", not "girls") is replaced.
        written = first.doc[first.i : tok.i + 1].text.lower()
        return self.token_finding(
            doc, an, first, tok,
            f"'{word}' describes {char.label()}, who is {_gender_text(char, fams)} in the "
            f"reference ({char.gender_source}); {fix}",
            fix=self._fix(doc, an, first, tok, other if written == word else None),
        )

    def _fix(self, doc: Document, an: Analysis, first: Token, last: Token,
             right: str | None) -> Fix | None:
        """Write ``right`` for tokens ``first``..``last``, capitalised as the text was."""
        if not right:
            return None
        wrong = first.doc[first.i : last.i + 1].text
        if wrong[:1].isupper():
            right = right[:1].upper() + right[1:]
        return self.token_fix(doc, an, first, last, right, f"Write '{right}'",
                              Applicability.UNSAFE)

    def _pronoun_message(self, an: Analysis, tok: Token,
                         char: Character) -> tuple[str, str | None]:
        fams = an.families(char)
        family = char.gender if char.gender in fams else sorted(fams)[0]
        case = _case(an.people, tok)
        right = an.people.forms.get(family, {}).get(case)
        fix = f"write '{right}'" if right else "use the character's pronouns"
        return (f"'{tok.text}' can only mean {char.label()} here, who is "
                f"{_gender_text(char, fams)} in the reference ({char.gender_source}); "
                f"{fix}"), right


def _gendered_word(people: People, tok: Token) -> tuple[Token, str | None]:
    """The gendered noun ending at ``tok``: two words ("twin sister") before one."""
    prev = tok.doc[tok.i - 1] if tok.i > 0 else None
    lemma = tok.lemma_.lower()
    if prev is not None and prev.head.i == tok.i:
        for last in (tok.lower_, lemma):
            pair = f"{prev.lower_} {last}"
            if pair in people.noun_gender:
                return prev, pair
    for key in (tok.lower_, lemma):
        if key in people.noun_gender:
            return tok, key
    return tok, None


def _case(people: People, tok: Token) -> str:
    word = tok.lower_
    if word in ("her", "his"):
        if tok.tag_ == "PRP$":
            return "possessive"
        return "object" if word == "her" else "independent"
    for forms in people.forms.values():
        for case, form in forms.items():
            if form == word:
                return case
    return "subject"


def _gender_text(char: Character, fams: set[str]) -> str:
    if char.gender:
        return char.gender
    return "referred to as " + "/".join(sorted(fams))
