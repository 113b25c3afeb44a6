"""Name data: enough names, Zipf-like frequencies, and collisions among distinct persons."""

from __future__ import annotations

import pandas as pd

from tansiq.synth import generate_world, preset
from tansiq.synth.tables import load_names

FULL = ["given_name", "father_name", "grandfather_name", "family_name"]


def _shared(persons: pd.DataFrame, columns: list[str]) -> float:
    """Share of persons whose name (these parts) is also another person's."""
    return float(persons.duplicated(subset=columns, keep=False).mean())


def test_name_lists_are_large_enough_and_all_have_latin_spellings() -> None:
    names = load_names()
    assert len(names.male) + len(names.female) >= 300 and len(names.female) >= 100
    assert len(names.family) >= 500
    assert (names.lat[: names.empty, 0] != "").all()
    assert (names.ar[: names.empty, 0, 0] != "").all()


def test_a_few_given_names_are_very_common() -> None:
    names = load_names()
    top = {str(names.ar[i, 0, 0]) for i in names.male[names.male_p.argsort()[::-1][:3]]}
    assert top == {"محمد", "أحمد", "علي"}
    assert 0.08 < names.male_p.max() < 0.25
    assert names.male_p[names.male_p.argsort()[::-1][:10]].sum() > 0.35


def test_common_names_have_their_usual_latin_spellings() -> None:
    names = load_names()
    row: dict[str, int] = {}
    for i in range(names.empty):
        row.setdefault(str(names.ar[i, 0, 0]), i)
    mohammad = set(names.lat[row["محمد"], : names.n_lat[row["محمد"]]])
    assert {"Mohammad", "Muhammad", "Mohamed", "Mohammed"} <= mohammad
    halabi = set(names.lat[row["الحلبي"], : names.n_lat[row["الحلبي"]]])
    assert {"Al-Halabi", "al-Halabi", "El-Halabi", "Halabi"} <= halabi
    shami = set(names.lat[row["الشامي"], : names.n_lat[row["الشامي"]]])
    assert "Ash-Shami" in shami


def test_distinct_persons_share_names_at_realistic_rates() -> None:
    """Realistic at 20,000 persons (measured 0.52 / 0.10 / 0.02): about half of given+family
    names are shared by another person, about a tenth of given+father+family names, and one
    to a few percent of full four-part names (namesakes in the same clan or governorate);
    the shares grow with the world (0.74 / 0.21 / 0.035 at 100,000)."""
    persons = generate_world(preset("realistic", persons=20000, seed=8)).persons
    two = _shared(persons, ["given_name", "family_name"])
    three = _shared(persons, ["given_name", "father_name", "family_name"])
    four = _shared(persons, FULL)
    assert 0.45 < two < 0.85, two
    assert 0.05 < three < 0.3, three
    assert 0.003 < four < 0.06, four


def test_siblings_and_cousins_die_together_in_mass_events() -> None:
    persons = generate_world(preset("realistic", persons=10000, seed=8)).persons
    mass = persons[persons["mass_event"]]
    siblings = mass.duplicated(
        ["event_id", "father_name", "grandfather_name", "family_name", "mother_name"]
    )
    cousins = mass.duplicated(["event_id", "grandfather_name", "family_name"])
    assert siblings.mean() > 0.15
    assert cousins.mean() > siblings.mean()


def test_siblings_almost_never_share_a_given_name() -> None:
    persons = generate_world(preset("realistic", persons=10000, seed=8)).persons
    same = ["event_id", *FULL, "mother_name"]
    assert float(persons.duplicated(subset=same, keep=False).mean()) < 0.002


def test_mothers_names_are_womens_names() -> None:
    names = load_names()
    female = {str(names.ar[i, 0, 0]) for i in names.female}
    persons = generate_world(preset("easy", persons=2000, seed=8)).persons
    assert persons["mother_name"].isin(female).all()
    women = persons[persons["sex"] == "F"]
    assert women["given_name"].isin(female).all()
