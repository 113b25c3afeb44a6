"""The default gazetteer: Syria and its 14 governorates, loaded by a migration."""

from __future__ import annotations

import pytest

from tansiq.committees.models import Place

pytestmark = pytest.mark.django_db


def test_the_migration_loads_syria_and_its_fourteen_governorates_with_ocha_pcodes():
    syria = Place.objects.get(pcode="SY")
    governorates = Place.objects.filter(admin_level=1)
    assert syria.admin_level == 0
    assert governorates.count() == 14
    assert {p.pcode for p in governorates} == {f"SY{n:02d}" for n in range(1, 15)}
    assert all(p.parent_id == syria.pk for p in governorates)


def test_places_carry_arabic_and_english_names_and_a_point():
    aleppo = Place.objects.get(pcode="SY02")
    assert (aleppo.name_ar, aleppo.name_en) == ("حلب", "Aleppo")
    assert aleppo.latitude is not None and aleppo.longitude is not None


def test_place_names_follow_the_active_language():
    from django.utils import translation

    homs = Place.objects.get(pcode="SY04")
    with translation.override("ar"):
        assert homs.name == "حمص"
    with translation.override("en"):
        assert homs.name == "Homs"
