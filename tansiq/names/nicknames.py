"""Common Arabic hypocoristic (nickname) forms of given names.

Arabic speakers, and lists that record what relatives say, often give a person's familiar
name instead of the formal one: حمودة or حمادة for محمد or أحمد, فطوم for فاطمة, برهوم for
إبراهيم. The table is public knowledge of Arabic naming, in Arabic script; Latin forms
(Hammouda, Hamada, Fattoum, Barhoum, Abboud, Samsam) meet them through the cross-script
skeleton. A kunya (أبو عمر, أم رافع: "father of", "mother of") is not a nickname of the
person's own name and is not listed. Nicknames that already share the formal name's skeleton
(صلوح / صالح, حسون / حسن) need no entry.
"""

from __future__ import annotations

from functools import cache

from .skeleton import to_skeleton

_ABD_COMPOUNDS = (
    "عبدالله",
    "عبدالرحمن",
    "عبدالرحيم",
    "عبدالكريم",
    "عبدالقادر",
    "عبدالرزاق",
    "عبدالعزيز",
    "عبدالحميد",
    "عبدالسلام",
    "عبدالمجيد",
    "عبدالناصر",
    "عبدالهادي",
    "عبداللطيف",
    "عبدالوهاب",
    "عبدالباسط",
    "عبدالحليم",
    "عبدالغني",
)
NICKNAMES: dict[str, tuple[str, ...]] = {
    "حمودة": ("محمد", "أحمد", "محمود"),
    "حمادة": ("محمد", "أحمد", "حمد"),
    "حمو": ("محمد", "أحمد"),
    "محمدو": ("محمد",),
    "عبود": _ABD_COMPOUNDS,
    "عبدو": _ABD_COMPOUNDS,
    "سمسم": ("سامر", "سامي", "أسامة", "بسام", "حسام"),
    "برهوم": ("إبراهيم",),
    "فطوم": ("فاطمة",),
    "فطومة": ("فاطمة",),
    "عيوش": ("عائشة",),
    "خدوج": ("خديجة",),
    "خدوجة": ("خديجة",),
    "علوش": ("علي",),
    "علاوي": ("علي",),
    "مصطو": ("مصطفى",),
    "دحام": ("عبدالرحمن",),
    "زينو": ("زينب", "زين", "زين العابدين"),
    "يوسفو": ("يوسف",),
    "جوزيف": ("يوسف",),
    "سلومة": ("سلمى", "سليمان", "سلامة"),
    "طلولة": ("طلال",),
    "بودي": ("عبدالرحمن", "عبدالله"),
    "مرمر": ("مروان", "مريم", "مرام"),
}


@cache
def _formal_by_skeleton() -> dict[str, frozenset[str]]:
    table: dict[str, set[str]] = {}
    for nickname, formal in NICKNAMES.items():
        key = to_skeleton(nickname)
        table.setdefault(key, set()).update(to_skeleton(name) for name in formal)
    return {key: frozenset(value - {key}) for key, value in table.items()}


def formal_skeletons(skeleton: str) -> frozenset[str]:
    """Cross-script skeletons of the formal given names a nickname (given by its own skeleton,
    `to_skeleton`) stands for; empty when the name is not a known nickname."""
    return _formal_by_skeleton().get(skeleton, frozenset())
