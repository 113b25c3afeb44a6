"""The tansiq record CSV (docs/formats.md): its columns and controlled vocabularies.

The one definition of the interchange format that the synthetic generator writes and that
linkage, estimation and the importers read. Pure Python: engines and the web layer import it.
"""

from __future__ import annotations

RECORD_COLUMNS: tuple[str, ...] = (
    "record_id",
    "dataset",
    "name_ar",
    "name_latin",
    "given_name",
    "father_name",
    "grandfather_name",
    "family_name",
    "mother_name",
    "sex",
    "age",
    "age_group",
    "status",
    "act",
    "date",
    "date_precision",
    "governorate",
    "locality",
    "cause",
    "external_id",
)
REQUIRED_COLUMNS: tuple[str, ...] = ("record_id", "dataset", "act")
CHOICES: dict[str, frozenset[str]] = {
    "sex": frozenset({"M", "F"}),
    "age_group": frozenset({"child", "adult", "elderly"}),
    "status": frozenset({"civilian", "combatant", "unknown"}),
    "act": frozenset({"killed", "detained", "disappeared", "injured", "defected"}),
    "date_precision": frozenset({"day", "month", "year", "range"}),
    "cause": frozenset(
        {"shooting", "shelling", "airstrike", "torture", "execution", "siege"}
        | {"explosion", "other", "unknown"}
    ),
}
