"""How one name is written: Arabic orthographic variants and Latin transliteration schemes.

Every function here works on one name and runs once per name-table entry, never per record;
records then pick variants by index.
"""

from __future__ import annotations

import random
import re

HAMZA_ALEFS = str.maketrans({"أ": "ا", "إ": "ا", "آ": "ا"})
NON_JOINING = set("اأإآدذرزوؤةءى ")
FATHA = "\u064e"
TATWEEL = "\u0640"
SUN_LETTERS = set("تثدذرزسشصضطظلن")
ARTICLE_STYLES: tuple[str, ...] = ("Al-", "al-", "El-", "Al ", "", "Al", "*")  # "*": assimilated
LATIN_RULES: tuple[tuple[str, str], ...] = (
    ("ou", "u"),
    ("(?<![oO])u(?![u])", "ou"),
    ("ee", "i"),
    ("q", "k"),
    ("Q", "K"),
    ("sh", "ch"),
    ("Sh", "Ch"),
    ("kh", "h"),
    ("gh", "g"),
)
MAX_LATIN_STEMS = 6
# Transliteration habits of each scheme, aligned with ARTICLE_STYLES: (pattern, weight) pairs a
# spelling scores on (case-insensitive). 0 conventional (the most common spelling); 1 and 6
# academic (q, dh, th, u, i, al-); 2 French (ou, ch, dj, e); 3 English (oo, ee, sh);
# 4 plain (k for q, no apostrophe); 5 Levantine-English (e for a: Mohammed, Ahmed).
ACADEMIC = (("q", 2), ("dh|th", 1), ("(?<!o)u", 1), ("i", 1), ("al-", 1), ("ou|ee|oo|ch", -2))
SCHEMES: tuple[tuple[tuple[str, int], ...], ...] = (
    (),
    ACADEMIC,
    (("ou", 2), ("ch", 2), ("dj", 2), ("e", 1), ("ss", 1), ("sh", -2), ("w", -1)),
    (("oo|ee", 2), ("sh", 1), ("(?<!o)u", 1), ("ou|ch", -2)),
    (("k", 1), ("'", -2), ("q", -1)),
    (("e", 1), ("q", -1), ("ou", -1)),
    ACADEMIC,
)


def arabic_variants(name: str) -> list[str]:
    """Orthographic variants of an Arabic name other than the name itself, most common first.

    Covers hamza on alef (أ/إ/آ -> ا), the common ones at once (اسامه), final ta marbuta
    (ة -> ه), alef maqsura and final ya (ى <-> ي), hamza seats (ؤ/ئ), a diacritic and tatweel.
    """
    candidates = [
        name.translate(HAMZA_ALEFS),
        re.sub("ى(?= |$)", "ي", re.sub("ة(?= |$)", "ه", name.translate(HAMZA_ALEFS))),
        re.sub("ة(?= |$)", "ه", name),
        re.sub("ى(?= |$)", "ي", name),
        re.sub("ي(?= |$)", "ى", name),
        name.replace("ؤ", "ء").replace("ئ", "ي"),
        _with_diacritic(name),
        _with_tatweel(name),
    ]
    out: list[str] = []
    for cand in candidates:
        if cand != name and cand not in out:
            out.append(cand)
    return out


def is_compound(name: str) -> bool:
    """Whether `name` is a compound whose space is often left out (عبد الله, أبو زيد, نور الدين)."""
    words = name.split(" ")
    if len(words) < 2:
        return False
    return words[0] in {"عبد", "أبو", "ابو", "العبد"} or any(w.startswith("ال") for w in words[1:])


def join_compound(name: str) -> str:
    """The compound written without its spaces (عبد الله -> عبدالله)."""
    return name.replace(" ", "") if is_compound(name) else name


def _with_diacritic(name: str) -> str:
    return name[0] + FATHA + name[1:] if len(name) > 1 and name[1] != " " else name


def _with_tatweel(name: str) -> str:
    for i in range(1, len(name) - 1):
        if name[i] not in NON_JOINING and name[i + 1] != " ":
            return name[: i + 1] + TATWEEL + name[i + 1 :]
    return name


def latin_stems(spellings: list[str]) -> list[str]:
    """Latin spellings of a name: the listed ones first, then rule-derived ones (ou/u, ee/i,
    q/k, sh/ch, kh/h, gh/g), at most MAX_LATIN_STEMS."""
    out = list(dict.fromkeys(spellings))
    for old, new in LATIN_RULES:
        if len(out) >= MAX_LATIN_STEMS:
            break
        cand = re.sub(old, new, spellings[0])
        if cand not in out:
            out.append(cand)
    return out[:MAX_LATIN_STEMS]


def with_article(stem: str, style: str, arabic: str) -> str:
    """`stem` with the Arabic article ال written in `style` (one of ARTICLE_STYLES).

    The assimilated style (`*`) writes the article as the following sun letter does
    (الشامي -> Ash-Shami) and falls back to `Al-` before a moon letter.
    """
    if style == "*":
        if len(arabic) > 2 and arabic[2] in SUN_LETTERS:
            head = stem[:2] if stem[:2].lower() in {"sh", "th", "dh", "ch"} else stem[:1]
            return f"A{head.lower()}-{stem}"
        return f"Al-{stem}"
    if style == "Al":
        return f"Al{stem.lower()}"
    return f"{style}{stem}"


def latin_variants(arabic: str, spellings: list[str]) -> list[str]:
    """All Latin renderings of one name: each stem, and for a name with the article ال each
    article style. The first is the most conventional."""
    stems = latin_stems(spellings)
    if not arabic.startswith("ال"):
        return stems
    out: list[str] = []
    for style in ARTICLE_STYLES:
        for stem in stems:
            cand = with_article(stem, style, arabic)
            if cand not in out:
                out.append(cand)
    return out


def scheme_spelling(arabic: str, stems: list[str], scheme: int) -> str:
    """The Latin spelling of a name that a list using transliteration `scheme` writes: the
    stem that best fits the scheme's habits (ties: the more common), with its article style."""
    k = scheme % len(SCHEMES)
    stem = max(enumerate(stems), key=lambda item: (_fit(item[1], k), -item[0]))[1]
    if not arabic.startswith("ال"):
        return stem
    return with_article(stem, ARTICLE_STYLES[k], arabic)


def _fit(stem: str, scheme: int) -> int:
    return sum(w * len(re.findall(pattern, stem, re.IGNORECASE)) for pattern, w in SCHEMES[scheme])


N_TYPOS = 3
SIMILAR_AR = dict(zip("حخجسصتطدضذزقكهثشغعفيىةه", "خحخصسطتضدزذكقحتسعغقىيهة", strict=True))
SIMILAR_LATIN = dict(zip("aeiouysckqtdbpmnlr", "eaeuoiizkcktpbnmrl", strict=True))


def typos(name: str, seed: int, latin: bool = False) -> list[str]:
    """N_TYPOS keyboard slips of `name`, each different from it: a letter left out, two
    neighbouring letters swapped, a letter replaced by a similar one (ح/خ, س/ص, q/k ...)."""
    rng = random.Random(seed)
    similar = SIMILAR_LATIN if latin else SIMILAR_AR
    letters = [i for i, ch in enumerate(name) if ch != " "]
    out: list[str] = []
    for op in (_drop, _swap, _substitute) * 3:
        if len(out) == N_TYPOS:
            break
        cand = op(name, letters, rng, similar)
        if cand != name and cand.strip() and cand not in out:
            out.append(cand)
    while len(out) < N_TYPOS:
        out.append(name + name[-1] * (len(out) + 1))
    return out


def _drop(name: str, letters: list[int], rng: random.Random, _: dict[str, str]) -> str:
    inner = letters[1:-1] or letters
    i = rng.choice(inner)
    return name[:i] + name[i + 1 :]


def _swap(name: str, letters: list[int], rng: random.Random, _: dict[str, str]) -> str:
    pairs = [
        i
        for i in letters[1:]
        if i + 1 < len(name) and name[i + 1] != " " and name[i] != name[i + 1]
    ]
    if not pairs:
        return name
    i = rng.choice(pairs)
    return name[:i] + name[i + 1] + name[i] + name[i + 2 :]


def _substitute(name: str, letters: list[int], rng: random.Random, similar: dict[str, str]) -> str:
    options = [i for i in letters if name[i] in similar]
    if not options:
        return name
    i = rng.choice(options)
    return name[:i] + similar[name[i]] + name[i + 1 :]
