"""FL302 weasel-attribution: claims put in the mouths of vague groups ("fans say")."""

from __future__ import annotations

from typing import Any, ClassVar

from factlint.finding import Severity
from factlint.registry import register
from factlint.rules._claims import ClaimRule


@register
class WeaselAttribution(ClaimRule):
    code = "FL302"
    name = "weasel-attribution"
    severity = Severity.WARNING
    summary = "A claim is attributed to a vague group ('fans say', 'critics agree')."
    explanation = (
        "'Fans say', 'critics agree', 'many believe', 'it is widely known' and 'some people' "
        "make a claim sound sourced while naming no one a reader could check. Name the critic, "
        "outlet or poll (or link it), or state the claim as your own and support it. "
        "The phrase is not flagged when the sentence names or links a source, when it is "
        "negated ('critics did not call it a masterpiece') or when it is quoted speech of a "
        "named person. Patterns: rules/claims/fl302-weasel.yaml."
    )
    bad_example = "Critics agree that the finale is the best episode of the year."
    good_example = (
        "Writing for Polygon, Jane Doe called the finale 'the best episode of the year'."
    )
    options: ClassVar[dict[str, Any]] = {"evidence_scope": "sentence"}
    advice = (
        "name who says it or link them (e.g. 'Anime News Network's review called it ...'), "
        "or cite the poll or figure"
    )
