"""The generic pack rule: every match of its pack entries is a finding.

FL204 and FL205 are pack rules, and so is every custom rule a project declares in a pack
with a ``define`` block (see :mod:`factlint.packs`).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, ClassVar

from factlint.document import Block, Document
from factlint.errors import ConfigError
from factlint.finding import Finding, Severity
from factlint.packs import MAX_QUOTED_MATCH, EntryMatcher, Match, Pack, PackSet
from factlint.registry import Rule, Scope, Setup, scope

# Prose, headings (quoted ones too), table cells and the "Key: value" lines of a plain-text
# info box: where pack phrases are looked for.
PACK_SCOPE = scope("paragraphs", "list_items", "headings", "quoted_headings", "tables",
                   "info_boxes")


class PackRule(Rule):
    """Reports every match of its pack entries in the blocks of its ``scope``.

    Subclasses (or custom ``define`` packs) set ``message`` with ``{match}``,
    ``{reason}`` and ``{label}`` placeholders and may widen or narrow ``scope``.
    """

    message: ClassVar[str] = "'{match}': {reason}"
    scope: ClassVar[Scope] = PACK_SCOPE

    def prepare(self, setup: Setup) -> None:
        self.matcher = EntryMatcher(setup.entries)

    def format_message(self, match: Match, text: str) -> str:
        reason = match.entry.reason or "matched rule pack entry"
        if len(text) > MAX_QUOTED_MATCH:  # the finding's excerpt has the whole match
            text = text[: MAX_QUOTED_MATCH - 1] + "…"
        return self.message.format(match=text, reason=reason, label=match.entry.label or "")

    def check(self, doc: Document, facts: Any) -> Iterable[Finding]:
        if not self.matcher:
            return
        for block in self.blocks(doc):
            matches = self.matcher.find(block)
            if matches:
                yield from self.report(doc, block, matches)

    def report(self, doc: Document, block: Block, matches: list[Match]) -> Iterable[Finding]:
        """Findings for one block's matches: one per match unless a subclass groups them."""
        for m in matches:
            text = block.text[m.start : m.end]
            yield self.finding(doc, block, m.start, m.end, self.format_message(m, text),
                               severity=m.entry.severity)


def make_pack_rule(pack: Pack) -> type[Rule]:
    """Build a rule class for a pack with a ``define`` block."""
    define = pack.define or {}
    needs = frozenset({"lemmatizer"}) if any(e.kind == "pattern" for e in pack.entries) else (
        frozenset()
    )
    attrs: dict[str, Any] = {
        "code": pack.rule,
        "name": define["name"],
        "severity": Severity.parse(str(define.get("severity", "warning"))),
        "summary": define["summary"],
        "explanation": define.get("explanation", "") + f"\n\nDefined in {pack.path}.",
        "message": define.get("message", PackRule.message),
        "family": "custom",
        "needs": needs,
    }
    if "scope" in define:
        attrs["scope"] = Scope(frozenset(define["scope"]))
    return type(f"PackRule_{pack.rule}", (PackRule,), attrs)


def custom_rules(packs: PackSet, known: Iterable[str]) -> list[type[Rule]]:
    """Rule classes for packs that ``define`` a rule; error on clashes or undefined codes."""
    known_codes = set(known)
    defined: dict[str, type[Rule]] = {}
    for pack in packs.defined():
        if pack.rule in known_codes or pack.rule in defined:
            raise ConfigError(f"rule {pack.rule} is already defined", path=pack.path,
                              line=pack.define_line)
        defined[pack.rule] = make_pack_rule(pack)
    for pack in packs.packs:
        if pack.define is None and pack.rule not in known_codes and pack.rule not in defined:
            raise ConfigError(
                f"pack feeds unknown rule {pack.rule}; add a 'define' block to create it",
                path=pack.path, line=1,
            )
    return list(defined.values())


__all__ = ["PACK_SCOPE", "PackRule", "custom_rules", "make_pack_rule"]
