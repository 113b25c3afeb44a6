"""tansiq.names: Arabic-script and Latin normalisation of personal names (pure Python, no Django).

- `normalize_arabic`: hamza/alef forms, ta marbuta, alef maqsura, diacritics, tatweel, digits,
  `عبد ال…` / `ابو` / `… الدين` compounds joined.
- `fold_latin`: one key for the Latin transliterations of a name.
- `normalize_name`: the key in the name's own script (dispatch by `detect_script`).
- `to_skeleton`, `block_key`: a cross-script consonant key, so Latin-only and Arabic-only records
  meet; `block_key` is its short prefix for blocking.
- `formal_skeletons`, `NICKNAMES`: common Arabic nicknames (حمودة → محمد, أحمد) of given names.
- `split_name`: a full name into parts, compounds kept whole.
- `normalize_series`, `split_series`: the same over a pandas column, computed on distinct values.

Rules are listed in each module's docstring and in docs/names.md.
"""

from .arabic import normalize_arabic
from .latin import fold_latin
from .nicknames import NICKNAMES, formal_skeletons
from .parts import split_name
from .script import Script, detect_script, normalize_name
from .series import Method, normalize_series, split_series
from .skeleton import block_key, to_skeleton

__all__ = [
    "NICKNAMES",
    "Method",
    "Script",
    "block_key",
    "detect_script",
    "fold_latin",
    "formal_skeletons",
    "normalize_arabic",
    "normalize_name",
    "normalize_series",
    "split_name",
    "split_series",
    "to_skeleton",
]
