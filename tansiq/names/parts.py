"""Splitting a full name into its parts, with compounds kept whole.

A part is one name as a person would say it: `عبد الرحمن`, `أبو بكر`, `بن علي`, `ال حسن`,
`نور الدين`, `زين العابدين`, `Abdul Rahman`, `Abd al-Rahman`, `bin Ali`, `al Hassan`, `Nour el
Din`, `Zain al-Abidin`. Words that
lean forward (`عبد`, `أبو`, `أم`, `بن`, `ابن`, `بنت`, a detached article `ال`; Latin `abd`,
`abdul`, `abdel`…, `abu`, `abou`, `umm`, `bin`, `ibn`, `ben`, `bint`, `al`, `el`, and sun-letter
articles such as `ad` before `Din`) join the next word; words that lean back (`الله`, `الدين`,
`العابدين`, `الإسلام`, `الهدى`; `Allah`, `Eddine`, `Uddin`, `al-Din`, and `al-Abidin`,
`al-Islam`, `al-Huda` with their article) join the previous one. Parts keep the spelling of the input
(whitespace collapsed); pass them to `normalize_name` to compare.
"""

from __future__ import annotations

from functools import lru_cache

from .arabic import normalize_arabic
from .latin import clean_latin, is_article
from .script import detect_script

__all__ = ["split_name"]

_ARABIC_FORWARD = frozenset({"عبد", "ابو", "ابي", "ام", "بن", "ابن", "بنت", "ال"})
_ARABIC_BACKWARD = frozenset({"الله", "الدين", "العابدين", "الاسلام", "الهدي"})
_LATIN_FORWARD = frozenset(
    {
        "abd",
        "abdul",
        "abdel",
        "abdal",
        "abdol",
        "abdil",
        "abdu",
        "abdoul",
        "abdur",
        "abdus",
        "abu",
        "abou",
        "abo",
        "umm",
        "um",
        "bin",
        "ibn",
        "ben",
        "bn",
        "bint",
    }
)
_LATIN_BACKWARD_WITH_ARTICLE = frozenset(
    {"abidin", "abideen", "abidine", "islam", "huda", "hoda", "houda"}
)
_LATIN_BACKWARD = frozenset(
    {"allah", "alla", "ullah", "din", "deen", "eddin", "eddine", "uddin", "addin", "iddin"}
)


@lru_cache(maxsize=1 << 16)
def _word_key(word: str) -> str:
    """The word as compared here: normalised Arabic, or cleaned Latin pieces (`al-Din` → `al din`)."""
    if detect_script(word) == "arabic":
        return normalize_arabic(word)
    return " ".join(clean_latin(word).split())


def _leans_forward(key: str, following: str | None) -> bool:
    if following is None or not key:
        return False
    last = key.split()[-1]
    if key in _ARABIC_FORWARD or last in _LATIN_FORWARD:
        return True
    return is_article(last, following.split()[0] if following else None)


def _leans_back(key: str) -> bool:
    pieces = key.split()
    if not pieces or key in _ARABIC_BACKWARD:
        return bool(pieces)
    with_article = len(pieces) == 2 and is_article(pieces[0], pieces[1])
    if pieces[-1] in _LATIN_BACKWARD_WITH_ARTICLE:
        return with_article
    return pieces[-1] in _LATIN_BACKWARD and (len(pieces) == 1 or with_article)


@lru_cache(maxsize=1 << 16)
def _split_name(text: str) -> tuple[str, ...]:
    words = text.split()
    keys = [_word_key(w) for w in words]
    parts: list[list[str]] = []
    attach_next = False
    for i, (word, key) in enumerate(zip(words, keys, strict=True)):
        following = keys[i + 1] if i + 1 < len(keys) else None
        if attach_next or (parts and _leans_back(key)):
            parts[-1].append(word)
        else:
            parts.append([word])
        attach_next = _leans_forward(key, following)
    return _merge_backward([" ".join(part) for part in parts])


def _merge_backward(parts: list[str]) -> tuple[str, ...]:
    """Join a part such as `al Din` (article + a backward word) to the part before it."""
    out: list[str] = []
    for part in parts:
        if out and len(part.split()) > 1 and _leans_back(_word_key(part)):
            out[-1] = out[-1] + " " + part
        else:
            out.append(part)
    return tuple(out)


def split_name(text: str) -> list[str]:
    """Split a full name (Arabic or Latin script) into its parts, compounds kept whole.

    `محمد بن عبد الله` → `['محمد', 'بن عبد الله']`; `Abu Bakr al-Hassan` → `['Abu Bakr',
    'al-Hassan']`. Cached.
    """
    return list(_split_name(text))
