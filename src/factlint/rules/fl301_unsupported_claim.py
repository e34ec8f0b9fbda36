"""FL301 unsupported-claim: praise and reception claims stated as fact, with no source."""

from __future__ import annotations

from collections.abc import Iterator
from typing import ClassVar

from factlint.document import Block
from factlint.evidence import Evidence
from factlint.finding import Severity
from factlint.registry import Option, register
from factlint.rules._claims import Claim, ClaimRule, evidence_scope


@register
class UnsupportedClaim(ClaimRule):
    code = "FL301"
    name = "unsupported-claim"
    severity = Severity.WARNING
    summary = "Praise or a reception claim is stated as fact with nothing behind it."
    explanation = (
        "Peacock wording ('a standout anime', 'beautifully balances', 'well-developed "
        "characters', 'critically acclaimed', 'the most popular series') and claims about the "
        "audience ('captivated audiences', 'garnered a dedicated following', 'fans eagerly "
        "await') read as facts but are opinions or unmeasured reception. Source them (a link, "
        "a footnote, 'according to ...', a named critic), give the figure that shows them, "
        "frame them as the writer's opinion, or cut them. Negated praise ('critics did not "
        "call it a masterpiece') and quoted speech of a named person are not flagged. Opinion "
        "the writer owns ('I think ...', or a section headed Verdict / Review / Final "
        "thoughts) is reported as info. Word lists: rules/claims/fl301-praise.yaml; evidence "
        "is looked for in the sentence by default (option evidence_scope: sentence|paragraph)."
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

    def claims(self, block: Block, evidence: Evidence) -> Iterator[Claim]:
        for claim in super().claims(block, evidence):
            if evidence.opinion_framed(claim.sentence):
                claim.severity = Severity.INFO
                claim.note = ("framed as the writer's opinion, so only info: keep it if you "
                              "mean it, and say what in the work shows it")
            yield claim
