"""Nickname (hypocoristic) forms of given names lead to their formal names across scripts."""

from __future__ import annotations

import pytest

from tansiq.names import NICKNAMES, formal_skeletons, to_skeleton


@pytest.mark.parametrize(
    ("nickname", "formal"),
    [
        ("حمودة", "محمد"),
        ("Hammouda", "محمد"),
        ("حمادة", "أحمد"),
        ("Hamada", "Ahmad"),
        ("فطوم", "فاطمة"),
        ("Fattoum", "فاطمة"),
        ("برهوم", "إبراهيم"),
        ("عبود", "عبد الرحمن"),
        ("Abboud", "عبدالله"),
        ("سمسم", "سامر"),
    ],
)
def test_nickname_leads_to_its_formal_name(nickname: str, formal: str) -> None:
    assert to_skeleton(formal) in formal_skeletons(to_skeleton(nickname))


@pytest.mark.parametrize("name", ["محمد", "فاطمة", "أبو عمر", "حسن", ""])
def test_formal_names_and_kunyas_are_not_nicknames(name: str) -> None:
    assert formal_skeletons(to_skeleton(name)) == frozenset()


def test_nickname_does_not_lead_to_an_unrelated_name() -> None:
    assert to_skeleton("خالد") not in formal_skeletons(to_skeleton("حمودة"))


def test_no_nickname_is_listed_as_its_own_formal_name() -> None:
    for nickname in NICKNAMES:
        assert to_skeleton(nickname) not in formal_skeletons(to_skeleton(nickname))
