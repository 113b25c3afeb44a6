"""Arabic-script normalisation of personal names.

`normalize_arabic` turns the many ways one name is typed in Arabic script into one key:

1. Unicode NFKC (presentation forms and ligatures such as U+FDF2 become plain letters).
2. Hamza and alef forms: أ إ آ ٱ → ا, ؤ → و, ئ → ي; a lone hamza ء is dropped.
3. ta marbuta ة → ه, alef maqsura ى → ي; Persian/Urdu forms ک ی ھ ە … folded to Arabic ones.
4. Diacritics (tashkeel, superscript alef, Quranic marks, any combining mark), tatweel and
   invisible format characters (ZWNJ, RLM, …) are removed; Arabic-Indic and Persian digits become ASCII digits.
5. Punctuation and symbols become spaces; whitespace is collapsed.
6. Compounds are joined without a space so every spelling meets: a detached article
   (`ال حسن` → `الحسن`), `عبد` + name (`عبد الله` → `عبدالله`), `ابو` + name (`أبو بكر` →
   `ابوبكر`), and name + `الله` / `الدين` / `العابدين` / `الإسلام` / `الهدى` (`نور الدين` →
   `نورالدين`). `بن` / `ابن` stay separate
   words (`split_name` attaches them to the following name).

The result is a matching key, still readable Arabic, not a display form.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

__all__ = ["normalize_arabic", "ARABIC_LETTERS"]

#: Arabic letters that survive `normalize_arabic` (the normalised alphabet).
ARABIC_LETTERS = frozenset("ابتثجحخدذرزسشصضطظعغفقكلمنهوي" + "پچژگڤ")

_FOLD: dict[int, str] = {}


def _fold(chars: str, to: str) -> None:
    for char in chars:
        _FOLD[ord(char)] = to


_fold("أإآٱٲٳٵ", "ا")
_fold("ؤٶ", "و")
_fold("ئٸ", "ي")
_fold("ء", "")
_fold("ةۃ", "ه")
_fold("ىیېۍێ", "ي")
_fold("کڪ", "ك")
_fold("ھەۀہ", "ه")
_fold("\u0640", "")  # tatweel
# diacritics: Quranic marks, tashkeel, superscript alef, small high letters
_fold("".join(chr(c) for c in range(0x0610, 0x061B)), "")
_fold("".join(chr(c) for c in range(0x064B, 0x0660)), "")
_fold("\u0670", "")
_fold("".join(chr(c) for c in range(0x06D6, 0x06EE) if c not in (0x06DD, 0x06DE, 0x06E9)), "")
_fold("".join(chr(c) for c in range(0x08D3, 0x0900) if c != 0x08E2), "")
for _i in range(10):
    _FOLD[0x0660 + _i] = str(_i)
    _FOLD[0x06F0 + _i] = str(_i)

_JOIN_NEXT = ("عبد", "ابو", "ال")
_JOIN_PREVIOUS = ("الله", "الدين", "العابدين", "الاسلام", "الهدي")
_SPACES = re.compile(r"\s+")


def _clean_characters(text: str) -> str:
    """Fold letters, drop marks, turn punctuation and symbols into spaces."""
    text = unicodedata.normalize("NFKC", text).translate(_FOLD)
    out = []
    for char in text:
        category = unicodedata.category(char)
        if category in ("Cf", "Cs", "Co", "Cn") or category[0] == "M":
            continue
        if category[0] in "PSZ" or category == "Cc":
            out.append(" ")
        else:
            out.append(char)
    return unicodedata.normalize("NFKC", "".join(out))


def _join_compounds(words: list[str]) -> list[str]:
    """Join `عبد`/`ابو`/`ال` with the next word and `الله`/`الدين` with the previous one."""
    changed = True
    while changed:
        changed = False
        for i in range(len(words) - 1):
            if words[i] in _JOIN_NEXT or words[i + 1] in _JOIN_PREVIOUS:
                words[i : i + 2] = [words[i] + words[i + 1]]
                changed = True
                break
    return words


@lru_cache(maxsize=1 << 17)
def _normalize_arabic(text: str) -> str:
    words = _SPACES.split(_clean_characters(text).strip())
    return " ".join(_join_compounds([w for w in words if w]))


def normalize_arabic(text: str) -> str:
    """Return the normalised Arabic-script matching key of `text` (rules in the module docstring).

    Non-Arabic characters pass through (NFKC-normalised, punctuation as spaces). Idempotent.
    Cached: repeated names cost one dictionary look-up.
    """
    return _normalize_arabic(text)
