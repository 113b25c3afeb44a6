"""The Splink model: comparisons, blocking rules and how they are trained.

Comparison SQL is written with Splink's level library or plain arithmetic, so the same model runs
on DuckDB and Spark.
"""

from __future__ import annotations

from typing import Any

import splink.comparison_level_library as cll
import splink.comparison_library as cl
from splink import SettingsCreator, block_on
from splink.blocking_rule_library import CustomRule

from tansiq.linkage.features import NAME_PARTS

_NAME_LABELS = {
    "given": "given name",
    "father": "father's name",
    "grandfather": "grandfather's name",
    "family": "family name",
    "mother": "mother's name",
}


def name_part_comparison(part: str) -> cl.CustomComparison:
    """Levels for one name part: same normalised name, same cross-script skeleton, close
    skeletons (Jaro-Winkler >= 0.92, >= 0.8), different; exact levels are term-frequency
    adjusted so a shared common name weighs less than a shared rare one."""
    norm, skel = f"{part}_n", f"{part}_s"
    return cl.CustomComparison(
        output_column_name=part,
        comparison_description=_NAME_LABELS[part],
        comparison_levels=[
            cll.NullLevel(skel),
            cll.ExactMatchLevel(norm).configure(tf_adjustment_column=norm),
            cll.ExactMatchLevel(skel).configure(tf_adjustment_column=skel),
            cll.JaroWinklerLevel(skel, 0.92),
            cll.JaroWinklerLevel(skel, 0.80),
            cll.ElseLevel(),
        ],
    )


def age_comparison() -> cl.CustomComparison:
    """Ages as year spans (`age_lo..age_hi`): same exact age, within 2 years, spans that overlap
    (an age group containing the age, with 2 years' slack), different."""
    exact = "age_lo_l = age_hi_l AND age_lo_r = age_hi_r"
    return cl.CustomComparison(
        output_column_name="age",
        comparison_levels=[
            cll.NullLevel("age_lo"),
            cll.CustomLevel(f"{exact} AND age_lo_l = age_lo_r", "same age"),
            cll.CustomLevel(f"{exact} AND abs(age_lo_l - age_lo_r) <= 2", "within 2 years"),
            cll.CustomLevel(
                "age_lo_l <= age_hi_r + 2 AND age_lo_r <= age_hi_l + 2", "compatible spans"
            ),
            cll.ElseLevel(),
        ],
    )


def date_comparison() -> cl.CustomComparison:
    """Dates as day spans (`date_lo..date_hi`, days): same day; overlapping spans of at most a
    month (a month-precision date does not count against a day inside it); overlapping wider
    spans; gaps of at most 3, 31 and 365 days; further apart."""
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
            cll.CustomLevel(f"{gap} <= 3", "within 3 days"),
            cll.CustomLevel(f"{gap} <= 31", "within a month"),
            cll.CustomLevel(f"{gap} <= 365", "within a year"),
            cll.ElseLevel(),
        ],
    )


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


PREDICTION_KEYS: tuple[tuple[str, ...], ...] = (
    ("full_s",),
    ("given_s", "father_s", "family_s"),
    ("given_s", "father_s", "governorate"),
    ("given_s", "family_s", "governorate"),
    ("father_s", "family_s", "governorate"),
    ("given_s", "father_s", "date_month"),
    ("given_s", "family_s", "date_month"),
    ("father_s", "family_s", "date_month"),
    ("given_s", "grandfather_s", "mother_s"),
)


def prediction_blocking_rules() -> list[Any]:
    """Rules that propose candidate pairs (`PREDICTION_KEYS`): the whole-name skeleton, three
    name skeletons, or two of given/father/family with the governorate or the month. The place
    or time key keeps a very common pair of names from making huge blocks."""
    return [block_on(*keys) for keys in PREDICTION_KEYS]


def training_blocking_rules() -> list[Any]:
    """EM rules: one fixes names (trains place, time, sex, age), one fixes time and place
    (trains the names). Each is bounded by `max_pairs` at training time."""
    return [
        block_on("given_s", "father_s", "family_s"),
        CustomRule(
            "l.date_lo = r.date_lo AND l.date_hi = r.date_hi AND l.governorate = r.governorate AND l.sex = r.sex"
        ),
    ]


def deterministic_rules() -> list[Any]:
    """Near-certain matches used to estimate how many pairs are matches."""
    return [
        block_on("given_s", "father_s", "grandfather_s", "family_s", "date_lo"),
        block_on("full_s", "date_lo", "governorate"),
    ]


def build_settings(probability_two_random_records_match: float = 1e-6) -> SettingsCreator:
    """The untrained model, deduplicating one table keyed by `record_id`."""
    return SettingsCreator(
        link_type="dedupe_only",
        unique_id_column_name="record_id",
        comparisons=[
            *(name_part_comparison(part) for part in NAME_PARTS),
            cl.ExactMatch("sex"),
            age_comparison(),
            date_comparison(),
            cl.ExactMatch("governorate"),
            locality_comparison(),
        ],
        blocking_rules_to_generate_predictions=prediction_blocking_rules(),
        probability_two_random_records_match=probability_two_random_records_match,
        additional_columns_to_retain=["dataset"],
        retain_matching_columns=False,
        retain_intermediate_calculation_columns=False,
        max_iterations=20,
    )
