"""The Splink model: its settings and blocking rules (comparisons are in `comparisons.py`)."""

from __future__ import annotations

from typing import Any

from splink import SettingsCreator, block_on
from splink.blocking_rule_library import CustomRule

from tansiq.linkage.comparisons import all_comparisons

_NAMES = ("given_s", "father_s", "grandfather_s", "family_s")
_THREE_NAMES = tuple(
    tuple(name for name in _NAMES if name != left_out) for left_out in reversed(_NAMES)
)
PREDICTION_KEYS: tuple[tuple[str, ...], ...] = (
    ("full_s",),
    *(names + ("governorate",) for names in _THREE_NAMES),
    ("given_s", "father_s", "date_month"),
    ("given_s", "family_s", "date_month"),
    ("father_s", "family_s", "date_month"),
    ("given_s", "grandfather_s", "mother_s", "governorate"),
    ("given_s", "date_lo", "governorate"),
    ("family_s", "date_lo", "locality_s"),
    ("given_s", "family_s", "locality_s"),
    ("given_s", "father_s", "locality_s"),
    ("father_s", "family_s", "locality_s"),
)
# Given and father's names swapped (a common recording slip), within one family name; as
# (left column, right column) pairs that must be equal. The rule is symmetric.
SWAPPED_KEYS: tuple[tuple[str, str], ...] = (
    ("given_s", "father_s"),
    ("father_s", "given_s"),
    ("family_s", "family_s"),
)


def prediction_blocking_rules() -> list[Any]:
    """Rules that propose candidate pairs (`PREDICTION_KEYS`, `SWAPPED_KEYS`): the whole-name
    skeleton; three of the four name skeletons with the governorate; two of given/father/family
    with the month (this covers three names with the month); a few name, day and place mixes for records with several
    names wrong; given and father's names swapped. Every rule but the whole name holds a time or
    place key, so a very common combination of names never makes a block of the whole table. The place
    or time key keeps a very common pair of names from making huge blocks."""
    swapped = " AND ".join(f"l.{left} = r.{right}" for left, right in SWAPPED_KEYS)
    return [block_on(*keys) for keys in PREDICTION_KEYS] + [CustomRule(swapped)]


def training_blocking_rules() -> list[Any]:
    """EM rules. The first fixes four names (fewer relatives named alike than with three) and
    trains place, time, sex and age. The second
    fixes day, age and governorate and trains the names: siblings die together and share every
    name but the given one, so a rule on day and place alone would teach EM that a different
    given name is normal for a match; requiring the same age keeps siblings out. Each session is
    bounded by `max_pairs` at training time."""
    return [
        block_on("given_s", "father_s", "grandfather_s", "family_s"),
        block_on("date_lo", "age_lo", "governorate"),
    ]


def deterministic_rules() -> list[Any]:
    """Near-certain matches used to estimate how many pairs are matches."""
    return [
        block_on("given_s", "father_s", "grandfather_s", "family_s", "date_lo"),
        block_on("full_s", "date_lo", "governorate"),
    ]


def build_settings(
    probability_two_random_records_match: float = 1e-6, em_iterations: int = 20
) -> SettingsCreator:
    """The untrained model, deduplicating one table keyed by `record_id`; EM sessions stop
    after `em_iterations` iterations."""
    return SettingsCreator(
        link_type="dedupe_only",
        unique_id_column_name="record_id",
        comparisons=[
            *all_comparisons(),
        ],
        blocking_rules_to_generate_predictions=prediction_blocking_rules(),
        probability_two_random_records_match=probability_two_random_records_match,
        additional_columns_to_retain=["dataset"],
        retain_matching_columns=False,
        retain_intermediate_calculation_columns=False,
        max_iterations=em_iterations,
    )
