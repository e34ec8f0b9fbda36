"""FL205 self-promotion: the article advertising its own site, channel or newsletter."""

from __future__ import annotations

from factlint.finding import Severity
from factlint.packrule import PackRule
from factlint.registry import register


@register
class SelfPromotion(PackRule):
    code = "FL205"
    name = "self-promotion"
    severity = Severity.WARNING
    family = "structure"
    summary = "The article promotes its own website, channel or newsletter."
    explanation = (
        "Lines such as 'Follow our website X for the latest updates' or 'Subscribe to our "
        "newsletter' advertise the publisher inside the article, and so does a heading "
        "over readers' testimonials about the post ('What Readers Are Saying'; over "
        "fans' or viewers' reactions, which may be to the show, it is info), and a "
        "reader quoted in the first person praising the post itself ('Your guide finally "
        "made the ending click for me'). They add nothing for the reader, date badly "
        "when the text is syndicated, and read as spam. Remove them; put "
        "subscription prompts in the site's layout, not in the text. Patterns live in "
        "rules/structure/self_promotion.yaml; extend them with a project pack (`rule: FL205`)."
    )
    bad_example = "Season 2 arrives in July. Follow our website for the latest updates!"
    good_example = "Season 2 arrives in July, according to the studio's announcement."
    message = "'{match}': {reason}; remove the promotion from the article text"
