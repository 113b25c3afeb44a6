"""The comparisons of the Splink model, one function per field.

SQL is written with Splink's level library (which knows each dialect's string functions) or
plain arithmetic, so the same model runs on DuckDB and Spark.

Names carry two forms: `<part>_n`, the name normalised in its own script, and `<part>_s`, a
consonant skeleton shared across scripts. The skeleton deliberately conflates names (حسين and
حسن are both `hsn`), so a skeleton match counts fully only across scripts; within one script it
means "same consonants, different name".
"""

from __future__ import annotations

from typing import Any

import splink.comparison_level_library as cll
import splink.comparison_library as cl
from splink.internals.comparison_creator import ComparisonCreator
from splink.internals.comparison_level_creator import ComparisonLevelCreator

NAME_LABELS = {
    "given": "given name",
    "father": "father's name",
    "grandfather": "grandfather's name",
    "family": "family name",
    "mother": "mother's name",
}
_CROSS_SCRIPT = "script_l <> script_r"
# Fixed m probabilities (share of true matches) of rare structural levels. EM on a bounded
# sample sees too few such matches to estimate them (it drives them to exactly 0); these are
# the recording error rates documentation groups report for swapped, dropped or replaced parts.
_M_SWAPPED = 0.01
_M_SHIFTED = 0.02
_M_OTHER_NAME = 0.005
_M_BESIDE_OTHER_GIVEN = 0.01
_SWAPPED = "given_s_l = father_s_r AND father_s_l = given_s_r"
# One given name is a known nickname of the other (`tansiq.names.formal_skeletons`).
_NICKNAME = (
    "(given_e_l IS NOT NULL AND instr(given_e_l, concat('|', given_s_r, '|')) > 0) "
    "OR (given_e_r IS NOT NULL AND instr(given_e_r, concat('|', given_s_l, '|')) > 0)"
)
_M_NICKNAME = 0.01
_GIVEN_COMPATIBLE = cll.Or(
    cll.CustomLevel(
        "given_s_l IS NULL OR given_s_r IS NULL OR given_n_l = given_n_r "
        f"OR (given_s_l = given_s_r AND {_CROSS_SCRIPT}) OR ({_SWAPPED}) OR {_NICKNAME}"
    ),
    cll.DamerauLevenshteinLevel("given_n", 1),
).configure(label_for_charts="given names compatible")
_M_AGE_FAR = 0.004


def given_name_comparison() -> cl.CustomComparison:
    """Given names: same name (term-frequency adjusted); same skeleton across scripts (adjusted);
    one letter apart in the same script (a typo, or a sibling's name such as حسن/حسين); one a
    known nickname of the other (fixed m); same
    consonants but another name in the same script; close skeletons (Jaro-Winkler >= 0.92);
    given and father's names swapped; different."""
    return cl.CustomComparison(
        output_column_name="given",
        comparison_description=NAME_LABELS["given"],
        comparison_levels=[
            cll.NullLevel("given_s"),
            cll.ExactMatchLevel("given_n").configure(tf_adjustment_column="given_n"),
            _skeleton_across_scripts("given"),
            cll.DamerauLevenshteinLevel("given_n", 1).configure(
                label_for_charts="one letter apart (a typo, or حسن/حسين)"
            ),
            _fixed_m(cll.CustomLevel(_NICKNAME, "nickname of the other (حمودة/محمد)"), _M_NICKNAME),
            _same_consonants_other_name("given"),
            cll.JaroWinklerLevel("given_s", 0.92),
            _fixed_m(cll.CustomLevel(_SWAPPED, "given and father swapped"), _M_SWAPPED),
            cll.ElseLevel(),
        ],
    )


def lineage_name_comparison(part: str) -> cl.CustomComparison:
    """A name siblings share (father, grandfather, family, mother).

    Agreement counts only when the given names are compatible; agreement beside a different
    given name has its own level. Siblings killed in one event share every name but the given
    one, and counting those shared names as independent evidence would merge them. The father's
    and family names also have a level for a chain shifted by a left-out part (father or family
    name = the other's grandfather's), and the father's name is neutral when swapped with the
    given name (the given-name comparison counts the swap).
    """
    norm, skel = f"{part}_n", f"{part}_s"
    levels: list[ComparisonLevelCreator | dict[str, Any]] = [cll.NullLevel(skel)]
    if part == "father":
        # The swap is already counted by the given-name comparison.
        levels.append(cll.CustomLevel(_SWAPPED, "swapped with given").configure(is_null_level=True))
    levels += [
        _with_given(cll.ExactMatchLevel(norm), norm),
        _with_given(_skeleton_across_scripts(part), skel),
        _with_given(_same_consonants_other_name(part), None),
        _with_given(
            cll.Or(cll.DamerauLevenshteinLevel(norm, 1), cll.JaroWinklerLevel(skel, 0.92)), None
        ),
    ]
    if part in ("father", "family"):
        shifted = cll.CustomLevel(
            f"{skel}_l = grandfather_s_r OR grandfather_s_l = {skel}_r", "chain shifted"
        )
        levels.append(_fixed_m(_with_given(shifted, None), _M_SHIFTED))
    beside_other_given = cll.And(cll.JaroWinklerLevel(skel, 0.92), cll.Not(_GIVEN_COMPATIBLE))
    levels.append(
        _fixed_m(beside_other_given, _M_BESIDE_OTHER_GIVEN).configure(
            label_for_charts=f"{NAME_LABELS[part]} agrees, given differs"
        )
    )
    levels.append(cll.ElseLevel())
    return cl.CustomComparison(
        output_column_name=part,
        comparison_description=NAME_LABELS[part],
        comparison_levels=levels,
    )


def _skeleton_across_scripts(part: str) -> ComparisonLevelCreator:
    skel = f"{part}_s"
    return cll.CustomLevel(
        f"{skel}_l = {skel}_r AND {_CROSS_SCRIPT}", f"same {skel} across scripts"
    ).configure(tf_adjustment_column=skel, disable_tf_exact_match_detection=True)


def _same_consonants_other_name(part: str) -> ComparisonLevelCreator:
    skel = f"{part}_s"
    level = cll.CustomLevel(f"{skel}_l = {skel}_r", f"same {skel}, another name in one script")
    return _fixed_m(level, _M_OTHER_NAME)


def _fixed_m(level: ComparisonLevelCreator, m: float) -> ComparisonLevelCreator:
    return level.configure(m_probability=m, fix_m_probability=True)


def _with_given(level: ComparisonLevelCreator, tf_column: str | None) -> ComparisonLevelCreator:
    """`level` counted only when the given names are compatible; a term-frequency adjustment
    on a composed level uses that level's own u."""
    combined = cll.And(level, _GIVEN_COMPATIBLE)
    if tf_column is None:
        return combined
    return combined.configure(tf_adjustment_column=tf_column, disable_tf_exact_match_detection=True)


def sex_comparison() -> ComparisonCreator:
    """Sex: same, different."""
    return cl.ExactMatch("sex")


def age_comparison() -> cl.CustomComparison:
    """Ages as year spans (`age_lo..age_hi`): same exact age, within 2 and 5 years, spans that
    overlap (an age group containing the age, with 2 years' slack), exact ages more than 10
    years apart (fixed m: EM blocks on names also hold relatives named alike), different."""
    exact = "age_lo_l = age_hi_l AND age_lo_r = age_hi_r"
    return cl.CustomComparison(
        output_column_name="age",
        comparison_levels=[
            cll.NullLevel("age_lo"),
            cll.CustomLevel(f"{exact} AND age_lo_l = age_lo_r", "same age"),
            cll.CustomLevel(f"{exact} AND abs(age_lo_l - age_lo_r) <= 2", "within 2 years"),
            cll.CustomLevel(f"{exact} AND abs(age_lo_l - age_lo_r) <= 5", "within 5 years"),
            cll.CustomLevel(
                "age_lo_l <= age_hi_r + 2 AND age_lo_r <= age_hi_l + 2", "compatible spans"
            ),
            _fixed_m(
                cll.CustomLevel(f"{exact} AND abs(age_lo_l - age_lo_r) > 10", "over 10 years"),
                _M_AGE_FAR,
            ),
            cll.ElseLevel(),
        ],
    )


def date_comparison() -> cl.CustomComparison:
    """Dates as day spans (`date_lo..date_hi`, days): same day; overlapping spans of at most a
    month (a month-precision date does not count against a day inside it); overlapping wider
    spans; gaps of at most 7, 31 and 365 days; further apart."""
    gap = "greatest(date_lo_l - date_hi_r, date_lo_r - date_hi_l)"
    narrow = "date_hi_l - date_lo_l <= 31 AND date_hi_r - date_lo_r <= 31"
    return cl.CustomComparison(
        output_column_name="date",
        comparison_levels=[
            cll.NullLevel("date_lo"),
            cll.CustomLevel(
                "date_lo_l = date_hi_l AND date_lo_r = date_hi_r AND date_lo_l = date_lo_r",
                "same day",
            ),
            cll.CustomLevel(f"{gap} <= 0 AND {narrow}", "overlap within a month"),
            cll.CustomLevel(f"{gap} <= 0", "overlap, coarse"),
            cll.CustomLevel(f"{gap} <= 7", "within 7 days"),
            cll.CustomLevel(f"{gap} <= 31", "within a month"),
            cll.CustomLevel(f"{gap} <= 365", "within a year"),
            cll.ElseLevel(),
        ],
    )


def governorate_comparison() -> ComparisonCreator:
    """Governorate p-codes: same, different."""
    return cl.ExactMatch("governorate")


def locality_comparison() -> cl.CustomComparison:
    """Locality skeletons: same (term-frequency adjusted), close (Jaro-Winkler >= 0.9), different."""
    return cl.CustomComparison(
        output_column_name="locality",
        comparison_levels=[
            cll.NullLevel("locality_s"),
            cll.ExactMatchLevel("locality_s").configure(tf_adjustment_column="locality_s"),
            cll.JaroWinklerLevel("locality_s", 0.9),
            cll.ElseLevel(),
        ],
    )


def all_comparisons() -> list[ComparisonCreator]:
    """Every comparison of the model, in the order charts show them."""
    return [
        given_name_comparison(),
        *(lineage_name_comparison(p) for p in ("father", "grandfather", "family", "mother")),
        sex_comparison(),
        age_comparison(),
        date_comparison(),
        governorate_comparison(),
        locality_comparison(),
    ]
