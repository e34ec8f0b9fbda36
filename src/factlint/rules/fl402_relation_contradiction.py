"""FL402 relation-contradiction: "Y is X's sister" when the reference says otherwise."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from factlint.document import Document
from factlint.finding import Finding, Severity
from factlint.registry import Setup, register
from factlint.rules._facts import FactsRule

if TYPE_CHECKING:
    from factlint.facts.model import Character, ReferenceSet
    from factlint.facts.relations import Denial, RelationWords, Statement


@register
class RelationContradiction(FactsRule):
    code = "FL402"
    name = "relation-contradiction"
    severity = Severity.ERROR
    summary = "A family or personal relation between characters contradicts the reference."
    explanation = (
        "Reads relation statements (\"Y is X's sister\", \"X's sister Y\", \"Y, X's "
        "mother\", \"X and his brother Y\") and compares them with `relations:` in the "
        "reference, in both directions (\"Ai is Aqua's mother\" also agrees with \"Aqua is "
        "Ai's son\"; a \"twin sister\" is a \"sister\"). An error when the reference relates "
        "the two characters differently or gives the relation to someone else; a warning "
        "when Y is not in the reference at all; nothing when the reference is silent. "
        "A description that denies a kind of relation (\"X is an only child\", \"he is "
        "the only son\") is an error when the reference gives X a relation of that kind "
        "(a brother, a half-sister, a twin). Relation words, generalisations, inverses and "
        "denials are data in rules/facts/relations.yaml."
    )
    bad_example = "Kana Arima is Aqua's twin sister."
    good_example = "Ruby Hoshino is Aqua's twin sister."

    uses = ("mentions", "relations")

    def prepare(self, setup: Setup) -> None:
        super().prepare(setup)
        self.relations: RelationWords = setup.analysis("relations")

    def check(self, doc: Document, facts: Any) -> Iterable[Finding]:
        from factlint.facts.relations import denials, statements

        an = self.mentions.analyse(doc, facts)
        if an is None:
            return
        rel = self.relations
        for sentence in self.sentences(doc):
            for st in statements(an, rel, sentence):
                problem = _judge(an.ref, rel, st)
                if problem is not None:
                    message, severity = problem
                    yield self.token_finding(doc, an, st.owner_token, st.noun, message,
                                             severity=severity)
            for denial in denials(an, rel, sentence):
                contradiction = _judge_denial(an.ref, rel, denial)
                if contradiction is not None:
                    yield self.token_finding(doc, an, denial.first, denial.last,
                                             contradiction)


def _listing(char: Character) -> str:
    if not char.relations:
        return f"lists no relations for {char.label()}"
    rels = ", ".join(f"{w}: {t}" for w, t in char.relations.items())
    return f"lists {char.short}'s relations as {rels} ({char.relations_source})"


def _judge_denial(ref: ReferenceSet, rel: RelationWords, denial: Denial) -> str | None:
    """An error when the reference gives ``denial.who`` a relation the article denies."""
    who = denial.who
    for word, target in who.relations.items():
        if rel.is_a(word, denial.kind):
            return (f"{who.short} is called an {denial.phrase}, but the reference gives "
                    f"{who.short} a {word}, {target} ({who.relations_source}); correct the "
                    f"sentence or the reference")
    for other in ref.characters:
        for word, target in other.relations.items():
            if target == who.name and any(rel.is_a(w, denial.kind)
                                          for w in rel.inverse_of(word)):
                return (f"{who.short} is called an {denial.phrase}, but the reference says "
                        f"{who.short} is {other.name}'s {word} ({other.relations_source}); "
                        f"correct the sentence or the reference")
    return None


def _judge(ref: ReferenceSet, rel: RelationWords, st: Statement) -> tuple[str, Severity] | None:
    owner, other = st.owner, st.other
    said = f"'{st.other_text}' is {owner.short}'s {st.word}"
    if other is None:
        return (f"{said}, but '{st.other_text}' is not in the reference, which "
                f"{_listing(owner)}; check the name or add the character",
                Severity.WARNING)
    if any(t == other.name and rel.satisfies(w, st.word) for w, t in owner.relations.items()):
        return None
    if any(t == owner.name and st.word in rel.inverse_of(w) for w, t in other.relations.items()):
        return None
    linked = [(w, owner, t) for w, t in owner.relations.items() if t == other.name]
    linked += [(w, other, t) for w, t in other.relations.items() if t == owner.name]
    if linked:
        w, who, target = linked[0]
        src = who.relations_source
        return (f"{said}, but the reference says {target}'s relation to {who.name} is "
                f"{who.short}'s {w} ({src}); correct the relation", Severity.ERROR)
    holder = owner.relations.get(st.word)
    if holder is not None and holder != other.name:
        return (f"{said}, but the reference says {owner.short}'s {st.word} is {holder} "
                f"({owner.relations_source}); correct the name or the relation",
                Severity.ERROR)
    return None
