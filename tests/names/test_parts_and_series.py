"""Name parts, script detection, blocking keys and the vectorised helpers."""

from __future__ import annotations

import pandas as pd
import pytest

from tansiq.names import (
    block_key,
    detect_script,
    normalize_arabic,
    normalize_name,
    normalize_series,
    split_name,
    split_series,
    to_skeleton,
)


@pytest.mark.parametrize(
    ("name", "parts"),
    [
        ("محمد بن عبد الله", ["محمد", "بن عبد الله"]),
        ("عبد الرحمن أبو بكر الحلبي", ["عبد الرحمن", "أبو بكر", "الحلبي"]),
        ("نور الدين ال حسن", ["نور الدين", "ال حسن"]),
        ("فتح الله علي", ["فتح الله", "علي"]),
        ("Abu Bakr al-Hassan", ["Abu Bakr", "al-Hassan"]),
        ("Muhammad bin Abd al-Rahman", ["Muhammad", "bin Abd al-Rahman"]),
        ("Nour al Din Ahmad", ["Nour al Din", "Ahmad"]),
        ("Salah ad Din ash Shami", ["Salah ad Din", "ash Shami"]),
        ("Ahmad ibn Khalid", ["Ahmad", "ibn Khalid"]),
        ("Nour Eddine Ali", ["Nour Eddine", "Ali"]),
        ("  Khaled   Omar  ", ["Khaled", "Omar"]),
        ("", []),
    ],
)
def test_split_name_keeps_compounds_whole(name: str, parts: list[str]) -> None:
    assert split_name(name) == parts


def test_latin_abd_compounds_give_one_part_and_one_key() -> None:
    spellings = ["Abdul Rahman", "Abd al-Rahman", "Abdulrahman", "Abd ar Rahman"]
    assert all(len(split_name(s)) == 1 for s in spellings)
    assert len({normalize_name(s) for s in spellings}) == 1


def test_split_parts_of_arabic_and_latin_spellings_pair_up_by_skeleton() -> None:
    arabic = split_name("محمد بن عبد الرحمن الشامي")
    latin = split_name("Mohamed bin Abdul Rahman al-Shami")
    assert [to_skeleton(p) for p in arabic] == [to_skeleton(p) for p in latin]


@pytest.mark.parametrize(
    ("text", "script"),
    [
        ("محمد", "arabic"),
        ("Muhammad", "latin"),
        ("محمد Ali", "mixed"),
        ("  ", "empty"),
        ("٣٤ - 12", "empty"),
        ("ﻣﺤﻤﺪ", "arabic"),
    ],
)
def test_detect_script(text: str, script: str) -> None:
    assert detect_script(text) == script


def test_normalize_arabic_turns_arabic_indic_and_persian_digits_into_ascii() -> None:
    assert normalize_arabic("١٢٣ ۴۵۶") == "123 456"


def test_normalize_name_of_a_mixed_name_keys_each_script_in_order() -> None:
    assert normalize_name("أحمد Mohamed") == "احمد muhamad"


def test_block_key_skips_abd_and_article_so_those_names_do_not_share_one_block() -> None:
    assert block_key("عبد الرحمن") == block_key("Abdul Rahman") == "rhm"
    assert block_key("عبد الكريم") != block_key("عبد الرحمن")
    assert block_key("محمد علي") == block_key("Mohamed Ali") == "mhm"
    assert block_key("") == ""


def test_normalize_series_maps_distinct_values_and_keeps_index_and_missing() -> None:
    values = pd.Series(["محمد", None, "Mohamed", "محمد"], index=[10, 11, 12, 13], name="given")
    skeletons = normalize_series(values, "skeleton")
    assert list(skeletons.index) == [10, 11, 12, 13]
    assert skeletons.name == "given"
    assert skeletons[10] == skeletons[12] == skeletons[13] == "mhmd"
    assert pd.isna(skeletons[11])
    keys = normalize_series(values)
    assert keys[10] == "محمد" and keys[12] == "muhamad"
    assert normalize_series(values, "fold")[12] == "muhamad"


def test_normalize_series_rejects_an_unknown_method() -> None:
    with pytest.raises(ValueError, match="how must be one of"):
        normalize_series(pd.Series(["a"]), "soundex")  # type: ignore[arg-type]


def test_split_series_returns_a_list_of_parts_per_row() -> None:
    values = pd.Series(["Abu Bakr Omar", None, "محمد بن علي"])
    parts = split_series(values)
    assert parts[0] == ["Abu Bakr", "Omar"]
    assert parts[1] is None
    assert parts[2] == ["محمد", "بن علي"]


def test_split_series_rows_do_not_share_one_mutable_list() -> None:
    parts = split_series(pd.Series(["Omar Ali", "Omar Ali"]))
    parts[0].append("x")
    assert parts[1] == ["Omar", "Ali"]
