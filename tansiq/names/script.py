"""Which script a name is written in, and normalisation dispatched by script."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from typing import Literal

from .arabic import normalize_arabic
from .latin import fold_latin

__all__ = ["Script", "detect_script", "normalize_name", "script_runs"]

Script = Literal["arabic", "latin", "mixed", "empty"]

_ARABIC_BLOCKS = (
    (0x0600, 0x06FF),
    (0x0750, 0x077F),
    (0x08A0, 0x08FF),
    (0xFB50, 0xFDFF),
    (0xFE70, 0xFEFF),
    (0x1EE00, 0x1EEFF),
)
_ARABIC_CHARS = re.compile("[" + "".join(f"{chr(lo)}-{chr(hi)}" for lo, hi in _ARABIC_BLOCKS) + "]")


def _is_arabic(char: str) -> bool:
    return _ARABIC_CHARS.match(char) is not None


@lru_cache(maxsize=1 << 17)
def detect_script(text: str) -> Script:
    """Return the script of the letters of `text`.

    `arabic`: only Arabic-script letters; `latin`: letters, none Arabic (other scripts count as
    Latin, since they are folded the same way); `mixed`: both; `empty`: no letter at all.
    Letters are counted after NFKC, so compatibility forms count as the letters they stand for.
    """
    text = unicodedata.normalize("NFKC", text)
    arabic = any(map(str.isalpha, "".join(_ARABIC_CHARS.findall(text))))
    other = any(map(str.isalpha, _ARABIC_CHARS.sub("", text)))
    if arabic:
        return "mixed" if other else "arabic"
    return "latin" if other else "empty"


@lru_cache(maxsize=1 << 17)
def normalize_name(text: str) -> str:
    """Return the matching key of a name in its own script.

    Arabic → `normalize_arabic`, Latin → `fold_latin`, mixed → each run of Arabic words through
    `normalize_arabic` and each run of other words through `fold_latin`, in order; a name with no
    letter → its Arabic normalisation (digits and spacing cleaned). Idempotent.
    """
    script = detect_script(text)
    if script == "arabic" or script == "empty":
        return normalize_arabic(text)
    if script == "latin":
        return fold_latin(text)
    keys: list[str] = []
    latin: list[str] = []  # other-script words, folded together up to the next Arabic key
    for arabic, run in script_runs(text):
        key = normalize_arabic(run) if arabic else ""
        if not arabic:
            latin.append(run)
        elif key:
            keys.append(fold_latin(" ".join(latin)))
            keys.append(key)
            latin = []
    keys.append(fold_latin(" ".join(latin)))
    return " ".join(key for key in keys if key)


def _script_chunks(word: str) -> list[str]:
    """Cut a word where it changes between Arabic-script and other letters (`محمدAli`)."""
    chunks: list[str] = []
    current, current_arabic = "", None
    for char in word:
        letter = unicodedata.category(char).startswith("L")
        arabic = _is_arabic(char) if letter else current_arabic
        if current and letter and current_arabic is not None and arabic != current_arabic:
            chunks.append(current)
            current = ""
        current += char
        current_arabic = arabic
    return [*chunks, current] if current else chunks


def script_runs(text: str) -> list[tuple[bool, str]]:
    """Split `text` into runs of consecutive Arabic-script and other words, in order."""
    runs: list[tuple[bool, list[str]]] = []
    words = unicodedata.normalize("NFKC", text).split()
    for token in (chunk for word in words for chunk in _script_chunks(word)):
        arabic = detect_script(token) == "arabic"
        if runs and runs[-1][0] == arabic:
            runs[-1][1].append(token)
        else:
            runs.append((arabic, [token]))
    return [(arabic, " ".join(tokens)) for arabic, tokens in runs]
