"""FL403 role-contradiction: a role given to a character that belongs to someone else."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from factlint.document import Document
from factlint.finding import Finding, Severity
from factlint.registry import Setup, register
from factlint.rules._facts import FactsRule

if TYPE_CHECKING:
    from spacy.tokens import Token

    from factlint.facts.mentions import Analysis

_ROLE_DEPS = ("attr", "oprd", "appos")


@register
class RoleContradiction(FactsRule):
    code = "FL403"
    name = "role-contradiction"
    severity = Severity.WARNING
    summary = "A character is given a role that the reference gives to another character."
    explanation = (
        "Finds roles the article gives a character: predicates and appositives (\"Aqua "
        "is an idol\", \"Ai, an idol,\"), aims (\"dreams of becoming an idol\", \"a dream "
        "to become one\", \"wants to be an actor\"), \"works as\" and \"aspiring\". When "
        "the role is in the reference for other characters but not for this one, that is a "
        "warning (the heroine's idol dream given to her brother); when the reference lists "
        "roles for the character and none of any character matches, it is info. Negated "
        "statements (\"never wanted to be an idol\") are skipped. Role words and synonyms "
        "are data in rules/facts/roles.yaml."
    )
    bad_example = "Aqua dreams of becoming an idol."
    good_example = "Ruby dreams of becoming an idol, while Aqua works as an actor."

    def prepare(self, setup: Setup) -> None:
        from factlint.facts.lexicon import merge_tables

        super().prepare(setup)
        self.data = merge_tables(setup.data)

    def check(self, doc: Document, facts: Any) -> Iterable[Finding]:
        an = self.mentions.analyse(doc, facts)
        if an is None:
            return
        data = self.data
        same = {str(k).lower(): str(v).lower() for k, v in (data.get("same") or {}).items()}

        def key(word: str) -> str:
            word = " ".join(word.lower().split())
            return same.get(word, word)

        vocab = {key(str(n)) for n in data.get("nouns") or []}
        owners: dict[str, list[Any]] = {}
        for person in an.ref.characters:
            for role in person.roles:
                owners.setdefault(key(role), []).append(person)
        vocab |= set(owners)
        verbs = {str(v).lower() for v in data.get("verbs") or []}
        adjectives = {str(v).lower() for v in data.get("adjectives") or []}
        for sentence in self.sentences(doc):
            for tok in sentence.tokens:
                found = self._role_at(an, tok, key, vocab, verbs, adjectives)
                if found is None or an.token_in_quote(tok):
                    continue
                role, first = found
                char = an.holder(tok)
                if char is None:
                    continue
                mine = {key(r) for r in char.roles}
                if role in mine:
                    continue
                others = [c for c in owners.get(role, []) if c is not char]
                text = sentence.span.doc[first.i : tok.i + 1].text
                listed = ", ".join(char.roles)
                if others:
                    who = ", ".join(c.label() for c in others)
                    src = others[0].roles_source
                    yield self.token_finding(
                        doc, an, first, tok,
                        f"'{text}' gives {char.label()} the role '{role}', which the reference "
                        f"gives to {who} ({src}); {char.short}'s roles are "
                        f"{listed or 'not listed'} ({char.roles_source}); check who this is "
                        f"about",
                    )
                elif char.roles:
                    yield self.token_finding(
                        doc, an, first, tok,
                        f"'{text}' gives {char.label()} the role '{role}', which the reference "
                        f"does not list ({char.roles_source}: {listed}); check it, or add the "
                        f"role to the reference",
                        severity=Severity.INFO,
                    )

    def _role_at(self, an: Analysis, tok: Token, key: Any, vocab: set[str], verbs: set[str],
                 adjectives: set[str]) -> tuple[str, Token] | None:
        """(role, first token of the phrase) when ``tok`` gives someone a role."""
        if tok.lower_ == "one" and tok.pos_ in ("NUM", "PRON", "NOUN"):
            verb = _role_verb(tok, verbs)
            if verb is None:
                return None
            for earlier in reversed(list(tok.sent)[: tok.i - tok.sent.start]):
                role = key(earlier.lemma_) if earlier.pos_ == "NOUN" else None
                if role in vocab:
                    return role, verb if verb.i < tok.i else tok
            return None
        if tok.pos_ != "NOUN" or tok.tag_ == "NNS":
            return None
        prev = tok.doc[tok.i - 1] if tok.i > 0 else None
        role = None
        pair = key(f"{prev.lower_} {tok.lower_}") if prev is not None else ""
        if prev is not None and prev.head.i == tok.i and pair in vocab:
            role = pair
        elif key(tok.lemma_) in vocab:
            role = key(tok.lemma_)
        elif key(tok.lower_) in vocab:
            role = key(tok.lower_)
        if role is None:
            return None
        head = tok
        while head.dep_ == "conj" and head.head.i != head.i:
            head = head.head
        aspiring = any(c.dep_ == "amod" and c.lower_ in adjectives for c in tok.children)
        if head.dep_ in _ROLE_DEPS and (head.dep_ == "appos" or head.head.lemma_ in verbs):
            return role, tok
        if head.dep_ == "pobj" and head.head.lower_ == "as" and head.head.head.lemma_ in verbs:
            return role, head.head
        if aspiring and head.dep_ in _ROLE_DEPS:
            return role, tok
        return None


def _role_verb(tok: Token, verbs: set[str]) -> Token | None:
    """The role verb governing "one" ("become one", "become one herself")."""
    cur = tok
    for _ in range(2):
        if cur.dep_ not in ("attr", "oprd", "nummod", "dobj", "npadvmod"):
            return None
        cur = cur.head
        if cur.lemma_ in verbs:
            return cur
    return None
