"""Comparison columns derived from validated records (one row per record).

Names are normalised once per distinct value through `tansiq.names`: `<part>_n` is the normalised
name part in its own script, `<part>_s` its cross-script skeleton (so a Latin-only record can
meet an Arabic-only one), `full_s` the skeletons of given, father, grandfather and family names
joined (built from the parts, so no full name is normalised).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from tansiq import names
from tansiq.linkage.names_adapter import (
    normalise_columns,
    split_full_names,
    writes_family_first,
)

NAME_PARTS: tuple[str, ...] = ("given", "father", "grandfather", "family", "mother")
_PART_COLUMNS = {part: f"{part}_name" for part in NAME_PARTS}
_KUNYA = r"^(?:ابو|ام |abu|abou|um |umm )"
_AGE_GROUPS = {"child": (0, 17), "adult": (18, 59), "elderly": (60, 120)}
FEATURE_COLUMNS: tuple[str, ...] = (
    "record_id",
    "dataset",
    "script",
    *(f"{part}_{form}" for part in NAME_PARTS for form in ("n", "s")),
    "given_e",
    "full_s",
    "sex",
    "age_lo",
    "age_hi",
    "date_lo",
    "date_hi",
    "date_month",
    "governorate",
    "locality_s",
)


def build_features(records: pd.DataFrame) -> pd.DataFrame:
    """Derive the comparison and blocking columns Splink uses from `read_record_csvs` output.

    `script` is `ar` or `latin`, the script of the record's name parts. Ages become inclusive year spans (`age_lo`, `age_hi`, from `age` or else `age_group`);
    `date_month` is the month index (year * 12 + month - 1) of dates known to the day or month.
    """
    features = pd.DataFrame(
        {
            "record_id": records["record_id"].astype("str"),
            "dataset": records["dataset"].astype("str"),
        }
    )
    # Name parts are in Arabic script whenever the record has an Arabic name (docs/formats.md).
    features["script"] = np.where(records["name_ar"].notna(), "ar", "latin")
    parts = _name_parts(records)
    columns = [parts[part] for part in NAME_PARTS] + [records["locality"]]
    normalised = normalise_columns(columns[:-1], "normalize")
    skeletons = normalise_columns(columns, "skeleton")
    for part, norm, skel in zip(NAME_PARTS, normalised, skeletons, strict=False):
        features[f"{part}_n"] = norm
        features[f"{part}_s"] = skel
    _forget_kunyas(features)
    features["given_e"] = _nickname_formals(features["given_s"])
    features["full_s"] = _joined(skeletons[:4])
    features["sex"] = records["sex"]
    features["age_lo"], features["age_hi"] = _age_span(records)
    features["date_lo"] = records["date_lo"]
    features["date_hi"] = records["date_hi"]
    features["date_month"] = _date_month(records["date_lo"], records["date_hi"])
    features["governorate"] = records["governorate"]
    features["locality_s"] = skeletons[-1]
    return features


def _forget_kunyas(features: pd.DataFrame) -> None:
    """A kunya (أبو عمر, أم رافع: "father of", "mother of") recorded instead of the given name
    says nothing about the given name, so it is treated as not recorded."""
    kunya = features["given_n"].str.match(_KUNYA).fillna(False).to_numpy(dtype=bool)
    features.loc[kunya, ["given_n", "given_s"]] = pd.NA


def _nickname_formals(given: pd.Series) -> pd.Series:
    """For a given name that is a known nickname (`tansiq.names.formal_skeletons`), the
    skeletons of the formal names it stands for as `|a|b|`; missing otherwise."""
    codes, uniques = pd.factorize(given, use_na_sentinel=True)
    table = [
        "|" + "|".join(sorted(formal)) + "|" if (formal := names.formal_skeletons(str(u))) else None
        for u in uniques
    ] + [None]
    values = np.array(table, dtype=object)[np.where(codes >= 0, codes, len(uniques))]
    return pd.Series(values, index=given.index, dtype="str")


def _joined(columns: list[pd.Series]) -> pd.Series:
    """The non-missing values of each row joined by spaces (missing when all are missing)."""
    joined = columns[0].fillna("").str.cat([c.fillna("") for c in columns[1:]], sep=" ")
    joined = joined.str.split().str.join(" ")
    return joined.where(joined != "", pd.NA).astype("str")


def _name_parts(records: pd.DataFrame) -> pd.DataFrame:
    """Recorded name parts; a record with no parts at all gets them by splitting its full name
    (per list, which may write the family name first)."""
    parts = pd.DataFrame({part: records[column] for part, column in _PART_COLUMNS.items()})
    no_parts = parts.isna().all(axis=1).to_numpy()
    full = records["name_ar"].where(records["name_ar"].notna(), records["name_latin"])
    for dataset in records.loc[no_parts, "dataset"].unique():
        rows = no_parts & (records["dataset"] == dataset).to_numpy()
        split = split_full_names(full[rows], family_first=writes_family_first(full[rows]))
        for part in NAME_PARTS:
            parts.loc[rows, part] = split[part].to_numpy()
    return parts


def _age_span(records: pd.DataFrame) -> tuple[pd.Series, pd.Series]:
    age = records["age_years"].astype("Float64")
    group = records["age_group"]
    lo = age.copy()
    hi = age.copy()
    for name, (low, high) in _AGE_GROUPS.items():
        use = age.isna() & (group == name).fillna(False)
        lo[use] = low
        hi[use] = high
    return lo.round().astype("Int16"), hi.round().astype("Int16")


def _date_month(date_lo: pd.Series, date_hi: pd.Series) -> pd.Series:
    lo = date_lo.astype("Float64")
    narrow = (date_hi.astype("Float64") - lo) <= 31
    days = lo.to_numpy(dtype="float64", na_value=np.nan)
    stamps = np.datetime64("1970-01-01", "D") + np.nan_to_num(days).astype("int64")
    months = stamps.astype("datetime64[M]").astype("int64") + 1970 * 12
    result = pd.Series(months, index=date_lo.index).astype("Int32")
    return result.where(narrow.fillna(False).to_numpy(dtype=bool) & ~np.isnan(days))
