"""Load the default gazetteer (Syria and its governorates, OCHA p-codes) from tansiq/data/gazetteer."""

import csv
from decimal import Decimal
from pathlib import Path

from django.db import migrations

GAZETTEER = Path(__file__).resolve().parents[2] / "data" / "gazetteer" / "sy_admin1.csv"


def _decimal(text):
    return Decimal(text) if text.strip() else None


def load_gazetteer(apps, schema_editor):
    Place = apps.get_model("committees", "Place")
    with GAZETTEER.open(encoding="utf-8-sig", newline="") as handle:
        rows = sorted(csv.DictReader(handle), key=lambda row: int(row["admin_level"]))
    by_pcode = {}
    for row in rows:
        place, _ = Place.objects.update_or_create(
            pcode=row["pcode"],
            defaults={
                "admin_level": int(row["admin_level"]),
                "name_ar": row["name_ar"],
                "name_en": row["name_en"],
                "parent": by_pcode.get(row["parent_pcode"]),
                "latitude": _decimal(row["latitude"]),
                "longitude": _decimal(row["longitude"]),
            },
        )
        by_pcode[place.pcode] = place


def unload_gazetteer(apps, schema_editor):
    Place = apps.get_model("committees", "Place")
    with GAZETTEER.open(encoding="utf-8-sig", newline="") as handle:
        pcodes = [row["pcode"] for row in csv.DictReader(handle)]
    Place.objects.filter(pcode__in=pcodes, admin_level__gt=0).delete()
    Place.objects.filter(pcode__in=pcodes).delete()


class Migration(migrations.Migration):
    dependencies = [("committees", "0001_initial")]

    operations = [migrations.RunPython(load_gazetteer, unload_gazetteer)]
