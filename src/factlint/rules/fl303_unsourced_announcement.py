"""FL303 unsourced-announcement: "has been confirmed" with no one who confirmed it."""

from __future__ import annotations

from factlint.finding import Severity
from factlint.registry import register
from factlint.rules._claims import ClaimRule


@register
class UnsourcedAnnouncement(ClaimRule):
    code = "FL303"
    name = "unsourced-announcement"
    severity = Severity.WARNING
    summary = "An announcement ('has been confirmed', 'officially') is reported with no source."
    explanation = (
        "'A second season has been confirmed', 'it was officially announced', 'its confirmed "
        "sequel' and 'reportedly' state that someone announced something without saying who "
        "or where, so a reader cannot check it and a rumour reads like news. Link the "
        "announcement or name who made it and where (a studio, publisher or streamer, its "
        "official site or account, a press release or event). A source anywhere in the "
        "paragraph counts (option evidence_scope: sentence|paragraph); negated wording "
        "('has not been confirmed', 'has yet to be confirmed') is not flagged. Patterns: "
        "rules/claims/fl303-announcement.yaml."
    )
    bad_example = "A second season has already been confirmed."
    good_example = (
        "Aniplex announced a second season on the show's official X account on 28 June."
    )
    advice = (
        "link the announcement or name who confirmed it, e.g. 'according to the studio's "
        "official X account'"
    )
