"""Claim frames: the pack table they are read with, and frames of parsed sentences."""

from __future__ import annotations

import pytest

from factlint.claimframes import ClaimWords, Frame, same_anchored_claim, same_unsettled
from factlint.errors import ConfigError


def test_tables_merge_and_reject_unknown_keys() -> None:
    words = ClaimWords.from_tables([
        {"claims": {"status_verbs": ["announce"], "ordinals": {"second": 2}}},
        {"claims": {"status_verbs": ["Renew"]}},
        {"paraphrases": [["a", "b"]]},
    ])
    assert words.status_verbs == {"announce", "renew"}
    assert words.ordinals == {"second": "2"}
    with pytest.raises(ConfigError, match=r"claims\.verbz"):
        ClaimWords.from_tables([{"claims": {"verbz": ["x"]}}])
    with pytest.raises(ConfigError, match="list of words"):
        ClaimWords.from_tables([{"claims": {"months": "may"}}])


def test_numbers_tell_unsettled_topics_apart() -> None:
    two = Frame(("date",), ("2",), (), (), True)
    three = Frame(("date",), ("3",), (), (), True)
    plain = Frame(("date",), (), (), (), True)
    assert same_unsettled(two, three) is None
    assert same_unsettled(two, plain) == "date"
    assert same_unsettled(two, Frame(("cast",), ("2",), (), (), True)) is None


def test_anchored_claims_need_anchors_verbs_polarity_and_one_work() -> None:
    short = Frame((), ("2",), ("march",), ("end",), False, names=("2",))
    long = Frame((), ("2", "2025"), ("march",), ("end",), False, names=("2",))
    assert same_anchored_claim(short, long, {"end", "march"})
    negated = Frame((), ("2", "2025"), ("march",), ("end",), True, names=("2",))
    assert not same_anchored_claim(short, negated, {"end", "march"})
    other_work = Frame((), ("3", "2025"), ("march",), ("end",), False, names=("3",))
    assert not same_anchored_claim(short, other_work, {"end", "march"})
    other_verb = Frame((), ("2",), ("march",), ("open",), False, names=("2",))
    assert not same_anchored_claim(short, other_verb, {"open", "march"})
    # A number that only names the work ties nothing down.
    assert Frame((), ("4",), (), ("see",), False, names=("4",)).anchors() == frozenset()
