"""Latin transliterations of Arabic names: cleaning, compounds and phonetic folding.

`fold_latin` turns the spellings of one Arabic name in Latin script into one key:

1. Accents stripped (NFKD), lower-cased; apostrophes, ʿ ʾ and similar marks removed (`Sa'id` →
   `said`); other punctuation, hyphens included, separates words.
2. Articles unified: `al`, `el`, `ul` and the sun-letter forms (`ad-Din`, `ash-Shami`, `ar
   Rashid` …, recognised when the next word starts with the same consonant) become `al`, joined
   to their word (`al-Hassan`, `El Hassan`, `Alhassan` all give one key).
3. Compounds joined: `Abd`/`Abdul`/`Abdel`/`Abdur`… + name (`Abdul Rahman`, `Abd al-Rahman`,
   `Abdurrahman`, `Abdelrahman` meet), `Abu`/`Abou` + name (an article after `Abu` is dropped:
   `Abu al-Nasr` = `Abou Nasr`), name + `Allah`, name + `al-Din` / `-eddine` / `-uddin`, and
   name + `al-Abidin` / `al-Islam` / `al-Huda`. `bin`/`ben` are written `bin`; `ibn` stays `ibn`.
4. A short lexicon maps forms no letter rule can fold (e.g. `Mohamed`, `Ahmed`, `Youssef`,
   `Mhd`) to a reference spelling.
5. Phonetic folding, per word: digraphs `kh`, `gh`, `sh`/`ch`/`sch` kept as classes; `th` → `t`,
   `dh`/`z` → `d`, `q`/`c` → `k`, `g`/`dj` → `j`, `ph` → `f`, `v` → `w`, `p` → `b`; double letters
   single. Vowels are kept as classes, because they tell names apart (Hassan/Hussein,
   Muhammad/Mahmoud): a word-initial vowel is `a`, `i` (e, i) or `u` (o, u); a vowel group between
   consonants is `u` (any o/u: ou, oo), `ay` (a diphthong: ai, ay, ei, ae, aee), `i` (e, i, ee)
   or `a` (a, aa); a final group (with a trailing `h`) is `u`, `i` (i, y, ee) or `a` (a, e, ah,
   eh). `i`/`e` before another vowel is the glide `y` (Ziad = Ziyad), `u`/`o` before `a`/`e`/`i`
   is `w` (Fouad = Fuad, Marouan = Marwan). `yy`/`ww` are one consonant (Sayyid = Sayid); the
   silent `e` of a French `-ine` ending is dropped (Yasmine = Yasmin).

Known collisions (the price of one key): Saleh/Salah, Samer/Samir, Kamel (Kamil/Kamal).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

__all__ = ["Unit", "canonical_words", "clean_latin", "fold_latin", "is_article", "word_units"]

_SPECIAL = str.maketrans(
    {
        "ı": "i",
        "ø": "o",
        "æ": "ae",
        "œ": "oe",
        "ß": "ss",
        "đ": "d",
        "ð": "d",
        "ł": "l",
        "þ": "th",
        "ħ": "h",
        **{chr(0x0660 + i): str(i) for i in range(10)},  # Arabic-Indic digits
        **{chr(0x06F0 + i): str(i) for i in range(10)},  # Persian digits
    }
)
_APOSTROPHES = "'`´’‘ʿʾʼʻˈ′"
_VOWELS = frozenset("aeiou")
_SUN_CLASSES = frozenset({"sh", "t", "d", "r", "s", "n"})
_ABD = frozenset(
    {"abd", "abdul", "abdel", "abdal", "abdol", "abdil", "abdu", "abdoul", "abdou", "abdi", "abdo"}
)
_ABU = frozenset({"abu", "abou", "abo", "aboo"})
_ALLAH = frozenset({"allah", "alla", "ullah", "ulla", "illah", "allahh"})
_DIN = frozenset({"din", "deen", "dine", "eddin", "eddine", "uddin", "addin", "iddin", "eddeen"})
#: second words that, with their article, join the word before (`Zain al-Abidin`, `Saif al-Islam`)
_BACK_CORES = frozenset({"din", "abidin", "abideen", "abidine", "islam", "huda", "hoda", "houda"})
_DIN_SUFFIX = re.compile(r"^(.{2,}?)[aeiu](?:ld|dd)(?:i|ee|y)ne?$")
_ABD_JOINED = re.compile(r"^abd(?:[aeiou]*l|[aeiou](sh|th|dh|[tdrszn])(?=\1)|[aeiou](?=[^aeiou]))?")

#: spellings no letter rule can fold, mapped to a reference spelling (before phonetic folding)
LEXICON: dict[str, str] = {
    **dict.fromkeys(
        [
            "mohamed",
            "mohammed",
            "muhammed",
            "mohamad",
            "mohammad",
            "mhd",
            "mohd",
            "muhd",
            "mouhamad",
            "mouhammad",
            "mohamd",
            "mohmmad",
            "mhmd",
            "mohammud",
            "mouhamed",
        ],
        "muhammad",
    ),
    **dict.fromkeys(["ahmed", "ahmet", "ahmd"], "ahmad"),
    **dict.fromkeys(["mahmoud", "mahmood", "mahmod", "mehmood"], "mahmud"),
    **dict.fromkeys(
        [
            "yousef",
            "youssef",
            "yosef",
            "yousif",
            "youssif",
            "yusef",
            "yousuf",
            "youssouf",
            "yussuf",
            "yusif",
            "josef",
        ],
        "yusuf",
    ),
    **dict.fromkeys(["younes", "younis", "yunes", "yonis", "younus", "yunis"], "yunus"),
    **dict.fromkeys(["aymen", "aiman"], "ayman"),
    **dict.fromkeys(["sherif", "cherif"], "sharif"),
    **dict.fromkeys(["jamel", "djamel", "gamal"], "jamal"),
    **dict.fromkeys(["hichem", "hesham", "hisham", "hicham"], "hisham"),
    **dict.fromkeys(["othman", "osman", "usman", "outhman", "uthman"], "uthman"),
    **dict.fromkeys(["ishaq", "ishak", "eshaq", "isshaq", "ishac"], "is'haq"),
    **dict.fromkeys(["mostafa", "moustafa", "mustapha", "moustapha"], "mustafa"),
    **dict.fromkeys(["bilel", "belal"], "bilal"),
    **dict.fromkeys(["amro", "amrou", "amru"], "amr"),
    **dict.fromkeys(["ben", "bn"], "bin"),
    **dict.fromkeys(["daoud", "dawood", "dawoud", "daood", "daud"], "dawud"),
    **dict.fromkeys(["fatma", "fatmeh", "fatme", "fatemah", "fatemeh", "fatimah"], "fatima"),
    **dict.fromkeys(["yehia", "yahia", "yehya", "yihya"], "yahya"),
}


def clean_latin(text: str) -> str:
    """Strip accents, lower-case, drop apostrophes, turn other non-letters into spaces."""
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.combining(c))
    text = unicodedata.normalize("NFKD", text.casefold().translate(_SPECIAL))
    out = []
    for char in text:
        if unicodedata.combining(char) or char in _APOSTROPHES:
            continue
        category = unicodedata.category(char)
        out.append(char if category[0] in "LN" else " ")
    return "".join(out)


def is_article(word: str, following: str | None) -> bool:
    """`al`, `el`, `ul`… before any word, or a vowel + sun letter before a word starting with that
    letter (`ash Shami`, `ad Din`, `az Zoubi`); compared by sound class, so folding keeps it."""
    if not following:
        return False
    units = word_units(word)
    if len(units) < 2 or units[-1].kind != "C" or any(u.kind != "V" for u in units[:-1]):
        return False
    if units[-1].symbol == "l":
        return True
    first = word_units(following)[:1]
    return units[-1].symbol in _SUN_CLASSES and first == units[-1:]


def _join_articles(words: list[str]) -> list[str]:
    """`al`/`el`/`ash`… + word → `al_word`; din forms after a word become `al_din`."""
    out: list[str] = []
    i = 0
    while i < len(words):
        following = words[i + 1] if i + 1 < len(words) else None
        if following is not None and is_article(words[i], following):
            out.append("al_" + following)
            i += 2
            continue
        word = words[i]
        if out and word in _DIN:
            word = "al_din"
        out.append(word)
        i += 1
    return out


def _abd_core(word: str) -> str | None:
    """Return the name after `abd` in a joined `abd…` word (`abdurrahman` → `rahman`)."""
    match = _ABD_JOINED.match(word)
    if match is None or match.end() == len(word) or word in _ABD:
        return None
    core = word[match.end() :]
    return "lah" if core in ("lah", "la", "llah", "lla") else core


def _compound_core(word: str) -> str:
    if word.startswith("al_"):
        word = word[3:]
    return "lah" if word in _ALLAH or word in ("lah", "llah") else word


def _joined_word(word: str) -> str:
    """A compound written as one word, marked: `abdurrahman` → `abdal_rahman`, `noureddine` →
    `nour_al_din`."""
    core = _abd_core(word)
    if core is not None:
        return "abdal_" + core
    din = _DIN_SUFFIX.match(word)
    if din is not None and not word.startswith("al_"):
        return din.group(1) + "_al_din"
    return word


def _leans_back(word: str) -> bool:
    """Allah, or an article + din/abidin/islam/huda: joins the word before it."""
    if word in _ALLAH or word == "al_lah":
        return True
    return word.startswith("al_") and word[3:] in _BACK_CORES


def _join_compounds(words: list[str]) -> list[str]:
    """Join abd/abu + next word, and a word that leans back with the previous word."""
    out: list[str] = []
    i = 0
    while i < len(words):
        word = words[i]
        following = words[i + 1] if i + 1 < len(words) else None
        if following is not None and (word in _ABD or word in _ABU):
            if word in _ABD:
                out.append("abdal_" + _compound_core(following))
            else:
                out.append("abu_" + following.removeprefix("al_"))  # Abu al-Nasr = Abou Nasr
            i += 2
            continue
        word = _joined_word(word)
        if out and _leans_back(word):
            out[-1] = out[-1] + "_al_" + _compound_core(word).removeprefix("al_")
        else:
            out.append(word)
        i += 1
    return out


def canonical_words(text: str) -> list[str]:
    """Split Latin `text` into cleaned words with articles and compounds joined.

    Parts of a joined word are separated by `_` (`Abdul Rahman` → `abdal_rahman`). Words from the
    lexicon are replaced by their reference spelling (`ben` → `bin`, `Mohamed` → `muhammad`).
    """
    words = _join_compounds(_join_articles(clean_latin(text).split()))
    return ["_".join(LEXICON.get(part, part) for part in word.split("_")) for word in words]


@dataclass(frozen=True, slots=True)
class Unit:
    """One sound of a folded word: a consonant class or a vowel letter (`kind` 'C' or 'V')."""

    kind: str
    symbol: str


_DIGRAPHS = {
    "sch": "sh",
    "sh": "sh",
    "ch": "sh",
    "kh": "kh",
    "gh": "gh",
    "th": "t",
    "dh": "d",
    "zh": "d",
    "dj": "j",
    "ph": "f",
    "ck": "k",
    "qh": "k",
}
_SINGLE = {
    "b": "b",
    "p": "b",
    "t": "t",
    "j": "j",
    "g": "j",
    "h": "h",
    "d": "d",
    "z": "d",
    "r": "r",
    "s": "s",
    "c": "k",
    "q": "k",
    "k": "k",
    "l": "l",
    "m": "m",
    "n": "n",
    "f": "f",
    "v": "w",
    "w": "w",
}


def _raw_units(word: str) -> list[Unit]:
    units: list[Unit] = []
    i = 0
    while i < len(word):
        if word[i] in "_'":
            i += 1
            continue
        for size in (3, 2):
            if word[i : i + size] in _DIGRAPHS:
                units.append(Unit("C", _DIGRAPHS[word[i : i + size]]))
                i += size
                break
        else:
            char = word[i]
            if char in _VOWELS or char == "y":
                units.append(Unit("V", char))
            elif char == "x":
                units.extend((Unit("C", "k"), Unit("C", "s")))
            else:
                units.append(Unit("C", _SINGLE.get(char, char)))
            i += 1
    return units


def word_units(word: str) -> list[Unit]:
    """Split one canonical word into consonant classes and vowel letters.

    `y` and `w` are consonants at the start of a word or before a vowel, else vowels (`y` → `i`,
    `w` → `u`). After a consonant, `i`/`e` before another vowel is the glide `y` and `u`/`o`
    before a, e, i the glide `w`; `i` before a consonant `y` (Ziyad) and `u` before `w` merge
    into it. Double consonants are single.
    """
    return list(_word_units(word))


@lru_cache(maxsize=1 << 16)
def _word_units(word: str) -> tuple[Unit, ...]:
    raw = _raw_units(word)
    units: list[Unit] = []
    for i, unit in enumerate(raw):
        if unit.symbol in ("y", "w"):
            nxt = raw[i + 1] if i + 1 < len(raw) else None
            doubled = nxt is not None and nxt.symbol == unit.symbol  # Sayyid, Sawwaf
            before_vowel = nxt is not None and nxt.kind == "V" and nxt.symbol != "y"
            after_consonant = unit.symbol == "w" and i > 0 and raw[i - 1].kind == "C"
            consonant = i == 0 or before_vowel or after_consonant or doubled
            unit = Unit("C", unit.symbol) if consonant else Unit("V", _GLIDE_VOWEL[unit.symbol])
        units.append(unit)
    return tuple(_single_consonants(_glides(_without_silent_e(units))))


def _without_silent_e(units: list[Unit]) -> list[Unit]:
    """Drop the silent `e` of a French `-ine` ending (Yasmine, Chahine, Amine, Nesrine)."""
    if units[-3:] == [Unit("V", "i"), Unit("C", "n"), Unit("V", "e")]:
        return units[:-1]
    return units


_GLIDE_VOWEL = {"y": "i", "w": "u"}
_Y_GLIDE = re.compile(r"[ie](?=[aou])")
_W_GLIDE = re.compile(r"(?:ou|oo|u|o)(?=[aei])")


def _glides(units: list[Unit]) -> list[Unit]:
    """Turn vowel glides after a consonant into the consonants `y`/`w`."""
    out: list[Unit] = []
    i = 0
    while i < len(units):
        if units[i].kind == "C" or not out or out[-1].kind != "C":
            out.append(units[i])
            i += 1
            continue
        j = i
        while j < len(units) and units[j].kind == "V":
            j += 1
        group = "".join(u.symbol for u in units[i:j])
        nxt = units[j].symbol if j < len(units) else ""
        if (nxt == "y" and set(group) <= set("ie")) or (nxt == "w" and set(group) <= set("ou")):
            i = j
            continue
        match = _Y_GLIDE.match(group) or _W_GLIDE.match(group)
        if match is not None:
            out.append(Unit("C", "y" if group[0] in "ie" else "w"))
            i += match.end()
        out.extend(units[i:j])
        i = j
    return out


def _single_consonants(units: list[Unit]) -> list[Unit]:
    """Write a doubled Latin consonant class once (digits and other letters stay as they are)."""
    out: list[Unit] = []
    for unit in units:
        doubled = out and unit.kind == "C" and out[-1] == unit
        if not (doubled and unit.symbol.isascii() and unit.symbol.isalpha()):
            out.append(unit)
    return out


def _vowel_class(group: str, position: str) -> str:
    """Class of a vowel group: position is 'initial', 'medial' or 'final'."""
    if position == "initial":
        return {"a": "a", "e": "i", "i": "i"}.get(group[0], "u")
    if "o" in group or "u" in group:
        return "u"
    if position == "final":
        return "i" if "i" in group or group.endswith("ee") else "a"
    if len(group) > 1 and (group[0] == "a" or group[:2] == "ei") and set(group[1:]) & set("ie"):
        return "ay"
    return "i" if "i" in group or "e" in group else "a"


def _fold_units(units: list[Unit]) -> str:
    out: list[str] = []
    i = 0
    while i < len(units):
        if units[i].kind == "C":
            out.append(units[i].symbol)
            i += 1
            continue
        j = i
        while j < len(units) and units[j].kind == "V":
            j += 1
        rest = units[j:]
        final = all(u.kind == "C" and u.symbol == "h" for u in rest)
        position = "initial" if i == 0 else ("final" if final else "medial")
        out.append(_vowel_class("".join(u.symbol for u in units[i:j]), position))
        if final:
            break
        i = j
    return "".join(out)


@lru_cache(maxsize=1 << 16)
def _fold_word(word: str) -> str:
    for _ in range(8):
        folded = _fold_units(word_units(LEXICON.get(word, word)))
        if folded == word:
            break
        word = folded
    return word


@lru_cache(maxsize=1 << 17)
def _fold_latin(text: str) -> str:
    return " ".join(_fold_word(w) for w in canonical_words(text) if w.strip("_"))


def fold_latin(text: str) -> str:
    """Return the folded Latin key of `text` (rules in the module docstring).

    The key is lower-case ASCII for Latin input (other letters pass through), words separated by
    one space. Idempotent. Cached: repeated names cost one dictionary look-up.
    """
    return _fold_latin(text)
