"""A cross-script consonant skeleton, so that a Latin-only record can meet an Arabic-only one.

Arabic script writes consonants and long vowels, Latin transliterations write consonants and
guess vowels, so the shared part is the consonants. `to_skeleton` maps both to one class alphabet:

| class | Arabic | Latin |
|---|---|---|
| `b` | ب پ | b p |
| `t` | ت ط ث | t th |
| `d` | د ذ ض ظ ز ژ | d dh z zh |
| `s` | س ص | s |
| `sh` | ش چ | sh ch sch |
| `j` | ج غ گ | j g dj gh |
| `h` | ح ه خ | h kh |
| `f` | ف | f ph |
| `k` | ق ك | q k c ck |
| `w` | و ڤ (word-initial) | w v (word-initial) |
| `y` | ي (word-initial) | y (word-initial) |
| `l m n r` | ل م ن ر | l m n r |

A word-initial article is dropped (`الحسن`, `al-Hassan`, `Alhassan` and `Hassan` all give `hsn`;
names that only look like one, such as `الياس`, `Elham`, keep it), and so is an article after
`ابو`/`Abu`. A word that starts with a vowel (ا ع, or a Latin vowel) starts with `a`; a word that ends in a
vowel, ع, ه, ح or ة (Latin: vowels, `h` after a vowel) ends in `e`. Every other vowel, ا و ي ى ع
and Latin glide is dropped; `h` after `t`/`d`/`s` is dropped (Latin `th`, `dh` hide it); double
classes are single. Articles and compounds follow `normalize_arabic` / `fold_latin`, so
`عبد الرحمن` and `Abdul Rahman` both give `abdlrhmn`.

The skeleton is lossy on purpose: حسن and حسين (Hassan, Hussein), محمد and محمود share
`hsn` / `mhmd`. Use it to block and as a weak cross-script comparison, not as an identity.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import lru_cache

from .arabic import normalize_arabic
from .latin import LEXICON, Unit, canonical_words, word_units
from .script import script_runs

__all__ = ["to_skeleton", "block_key"]

_ARABIC_CLASS = {
    **dict.fromkeys("بپ", "b"),
    **dict.fromkeys("تطث", "t"),
    **dict.fromkeys("دذضظزژ", "d"),
    **dict.fromkeys("سص", "s"),
    **dict.fromkeys("شچ", "sh"),
    **dict.fromkeys("جگ", "j"),
    **dict.fromkeys("حهخ", "h"),
    "غ": "j",
    "ف": "f",
    **dict.fromkeys("قك", "k"),
    **dict.fromkeys("وڤ", "w"),
    "ي": "y",
    "ل": "l",
    "م": "m",
    "ن": "n",
    "ر": "r",
}
_ARABIC_VOWELS = frozenset("اويع")
# kh and h, gh and g/j are one class here: transliterations write خ as h (Sheih) and غ as g
# (Bagdadi, Aga), and few names differ by those letters alone.
_SKELETON_CLASS = {Unit("C", "kh"): Unit("C", "h"), Unit("C", "gh"): Unit("C", "j")}
_SILENT_AFTER = frozenset({"t", "d", "s"})
_ARABIC_EXCEPTIONS = {"عمرو": "amr"}
_ARABIC_NOT_ARTICLE = frozenset({"الله", "الياس", "الهام", "الفت", "الماس", "اليسع"})
_LATIN_JOINED_ARTICLE = re.compile(r"^[aeiou]l+(?=[^aeiouwy_l])")
_LATIN_JOINED_ARTICLE_VOWEL = re.compile(r"^al[aeiouwy][a-z]{3,}$")
_LATIN_NOT_ARTICLE = frozenset(
    {"elham", "ilham", "alham", "almas", "elmas", "alfat", "ulfat", "olfat", "ilmi", "elmi"}
    | {"aliyah", "aliyeh", "alawiya", "alawiyah", "alwani", "alaaddin", "alaeddin", "alaaldin"}
)


def _finish(symbols: list[str]) -> str:
    """Drop `h` after t/d/s and repeated classes, then join."""
    out: list[str] = []
    for symbol in symbols:
        if symbol == "h" and out and out[-1] in _SILENT_AFTER:
            continue
        if out and out[-1] == symbol:
            continue
        out.append(symbol)
    return "".join(out)


def _without_arabic_article(word: str) -> str:
    """`الحسن` → `حسن`, `ابوالنصر` → `ابونصر`; names that only look like it (`الياس`) stay."""
    rest = word[2:]
    if word.startswith("ال") and set(rest) - _ARABIC_VOWELS and word not in _ARABIC_NOT_ARTICLE:
        return rest
    if word.startswith("ابوال") and len(word) > 6:
        return "ابو" + word[5:]
    return word


def _without_latin_article(word: str) -> str:
    """`al_hassan` and joined `alhassan`/`elhassan` → `hassan`; `ali`, `alwan`, `ilham` stay."""
    if word.startswith("al_"):
        return word[3:]
    joined = _LATIN_JOINED_ARTICLE.match(word)
    if joined is not None and word not in _LATIN_NOT_ARTICLE:
        return word[joined.end() :]
    if _LATIN_JOINED_ARTICLE_VOWEL.match(word) and word not in _LATIN_NOT_ARTICLE:
        return word[2:]  # Alahmad, Alomar, Alyousef: `al` + a word of 4 letters or more
    return word


def _arabic_stem_end(word: str) -> int:
    """Where the final vowel run starts: trailing ا و ي ع, or a trailing ح/ه with the vowels
    before it (as Latin `Saleh`, `Wajih` end in a vowel and `h`)."""
    end = len(word)
    while end > 1 and word[end - 1] in _ARABIC_VOWELS:
        end -= 1
    if end == len(word) and end > 1 and word[end - 1] in "حه":
        end -= 1
        while end > 1 and word[end - 1] in _ARABIC_VOWELS:
            end -= 1
    return end


@lru_cache(maxsize=1 << 16)
def _arabic_word_skeleton(word: str) -> str:
    if word in _ARABIC_EXCEPTIONS:
        return _ARABIC_EXCEPTIONS[word]
    return _after_article(_arabic_bare_skeleton, word, _without_arabic_article(word))


def _after_article(skeleton: Callable[[str], str], word: str, rest: str) -> str:
    """The skeleton of `rest` (the word without its article) unless that leaves under two
    classes (`اله`, `Alb`): then the article was likely part of the name."""
    if rest != word and len(bare := skeleton(rest)) >= 2:
        return bare
    return skeleton(word)


def _arabic_bare_skeleton(word: str) -> str:
    end = _arabic_stem_end(word)
    symbols: list[str] = []
    for i, char in enumerate(word[:end]):
        if i == 0 and char in "اع":
            symbols.append("a")
        elif i == 0 or char not in _ARABIC_VOWELS:
            symbols.append(_ARABIC_CLASS.get(char, char))
    if end < len(word):
        symbols.append("e")
    return _finish(symbols)


@lru_cache(maxsize=1 << 16)
def _latin_word_skeleton(word: str) -> str:
    return _after_article(_latin_bare_skeleton, word, _without_latin_article(word))


def _latin_bare_skeleton(word: str) -> str:
    units = word_units(LEXICON.get(word, word))
    end = len(units)
    while end > 1 and (units[end - 1].kind == "V" or _final_h(units, end - 1)):
        end -= 1
    symbols: list[str] = []
    for i, unit in enumerate(_SKELETON_CLASS.get(u, u) for u in units[:end]):
        if unit.kind == "C" and (i == 0 or unit.symbol not in ("y", "w")):
            symbols.append(unit.symbol)
        elif i == 0:
            symbols.append("a")
    if end < len(units):
        symbols.append("e")
    return _finish(symbols)


def _final_h(units: list[Unit], index: int) -> bool:
    """A trailing `h` that follows a vowel (`Saleh`, `Allah`) ends the word like a vowel."""
    return (
        units[index].kind == "C"
        and units[index].symbol == "h"
        and all(u.kind == "C" and u.symbol == "h" for u in units[index:])
        and index > 0
        and units[index - 1].kind == "V"
    )


@lru_cache(maxsize=1 << 17)
def _to_skeleton(text: str) -> str:
    words: list[str] = []
    for arabic, run in script_runs(text):
        if arabic:
            words.extend(_arabic_word_skeleton(w) for w in normalize_arabic(run).split())
        else:
            words.extend(_latin_word_skeleton(w) for w in canonical_words(run))
    return " ".join(w for w in words if w)


def to_skeleton(text: str) -> str:
    """Return the cross-script consonant skeleton of a name (class alphabet in the module doc).

    The same for an Arabic spelling and its common Latin transliterations, words separated by one
    space. Cached.
    """
    return _to_skeleton(text)


def block_key(text: str, length: int = 3) -> str:
    """Return a short cross-script blocking key of a name.

    The first `length` skeleton classes of the first word of `text`, after a leading `abd` + article
    (`abdl…`) or article (`al…`) so that the many `عبد…` names do not fall into one block:
    `محمد علي` and `Mohamed Ali` → `mhm`, `عبد الرحمن` and `Abdul Rahman` → `rhm`. Empty for an
    empty name.
    """
    first = to_skeleton(text).split(" ", 1)[0]
    for prefix in ("abdl", "al"):
        if first.startswith(prefix) and len(first) > len(prefix) + 1:
            first = first[len(prefix) :]
            break
    return _first_classes(first, length)


def _first_classes(skeleton: str, length: int) -> str:
    out: list[str] = []
    i = 0
    while i < len(skeleton) and len(out) < length:
        size = 2 if skeleton[i : i + 2] in ("sh", "kh", "gh") else 1
        out.append(skeleton[i : i + size])
        i += size
    return "".join(out)
