"""Demo data: a small synthetic world (`tansiq.synth`) loaded through the actions layer.

Nothing here is real: every name, date and place of a person comes from the synthetic
generator. The loader writes through the same actions as the web forms and imports, so the demo
database has a complete audit log.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.db import transaction

DEMO_PASSWORD = "tansiq-demo"
DEMO_SEED = 1
DEMO_PERSONS = 300

# (username, role label, committee slug or None for the network office, role)
DEMO_USERS: list[tuple[str, str, str | None, str]] = [
    ("alice", "documenter (Homs committee)", "homs", "documenter"),
    ("bob", "documenter (Aleppo committee)", "aleppo", "documenter"),
    ("victor", "verifier (network)", None, "verifier"),
    ("eddie", "editor (network)", None, "editor"),
    ("cora", "coordinator (network)", None, "coordinator"),
    ("admin", "superuser (administration)", None, ""),
]

# Committee slug, Arabic name, English name, governorate p-code.
COMMITTEES = [
    ("network", "مكتب الشبكة", "Network office", "SY"),
    ("homs", "تنسيقية حمص", "Homs local committee", "SY04"),
    ("aleppo", "تنسيقية حلب", "Aleppo local committee", "SY02"),
]


def load_demo(*, persons: int = DEMO_PERSONS, seed: int = DEMO_SEED) -> list[tuple[str, str]]:
    """Create the demo committees, users, datasets, events and records if the database is empty.

    Returns the demo logins as (username, role) pairs; loading twice changes nothing.
    """
    if get_user_model().objects.exists():
        return [(name, label) for name, label, _, _ in DEMO_USERS]
    from tansiq.synth import generate_world, preset

    world = generate_world(preset("easy", persons=persons, lists=3, seed=seed))
    with transaction.atomic():
        users = _create_users()
        committees = _create_committees(users)
        datasets = _create_datasets(committees, sorted(world.records["dataset"].unique()))
        events = _create_events(world.events, committees, users)
        _create_records(world, datasets, events, users)
    return [(name, label) for name, label, _, _ in DEMO_USERS]


def _create_users() -> dict[str, Any]:
    user_model = get_user_model()
    users = {}
    for name, _, _, _ in DEMO_USERS:
        user = user_model(username=name, is_staff=True, is_superuser=name == "admin")
        user.set_password(DEMO_PASSWORD)
        user.save()
        users[name] = user
    return users


def _create_committees(users: dict[str, Any]) -> dict[str, Any]:
    from tansiq.committees.actions import add_member, create_committee
    from tansiq.committees.models import Place

    admin = users["admin"]
    committees = {}
    for committee_slug, name_ar, name_en, pcode in COMMITTEES:
        committees[committee_slug] = create_committee(
            by=admin,
            slug=committee_slug,
            name_ar=name_ar,
            name_en=name_en,
            place=Place.objects.get(pcode=pcode),
        )
    for name, _, slug, role in DEMO_USERS:
        if role:
            add_member(committees[slug or "network"], users[name], role, by=admin)
    return committees


def _create_datasets(committees: dict[str, Any], list_names: list[str]) -> dict[str, Any]:
    """The first lists are the committees' own; the last is another group's imported list."""
    from tansiq.documentation.models import Dataset

    owners = ["homs", "aleppo"]
    datasets = {}
    for index, list_name in enumerate(list_names):
        if index < len(owners):
            committee = committees[owners[index]]
            datasets[list_name] = Dataset.objects.create(
                name=f"{committee.name_en} records",
                slug=f"{owners[index]}-records",
                kind=Dataset.Kind.COMMITTEE,
                committee=committee,
            )
        else:
            datasets[list_name] = Dataset.objects.create(
                name=f"Partner group list {list_name}",
                slug=f"partner-{list_name.lower()}",
                kind=Dataset.Kind.IMPORTED,
                importer="csv",
            )
    return datasets


# Synthetic event types that the event model names otherwise.
_EVENT_TYPE = {
    "shooting": "killing",
    "torture": "killing",
    "siege": "killing",
    "explosion": "killing",
    "massacre": "killing",
}
_DEMO_EVENTS = 40  # the largest events of the world get an Event row


def _create_events(
    events: Any, committees: dict[str, Any], users: dict[str, Any]
) -> dict[str, Any]:
    """The largest synthetic events, reported by the network office, verified and published
    (so that every committee's documenters may link their victims to them)."""
    from tansiq.committees.models import Place
    from tansiq.documentation.actions import create_event, set_event_status

    places = {place.pcode: place for place in Place.objects.all()}
    created = {}
    for row in events.nlargest(_DEMO_EVENTS, "victims").itertuples():
        event = create_event(
            committee=committees["network"],
            by=users["cora"],
            status="submitted",
            event_type=_EVENT_TYPE.get(row.type, row.type),
            place=places.get(row.governorate),
            place_text=row.locality,
            date=row.date,
            date_precision="day",
            description_ar=f"{row.victims} ضحايا في {row.locality}",
            description_en=f"{row.victims} victims in {row.locality}",
        )
        set_event_status(event, "verified", by=users["victor"], reason="demo data")
        set_event_status(event, "published", by=users["eddie"], reason="demo data")
        created[row.event_id] = event
    return created


def _create_records(
    world: Any, datasets: dict[str, Any], events: dict[str, Any], users: dict[str, Any]
) -> None:
    """Each list's records, entered by the committee's documenter (imports by the superuser);
    a share verified and published so that the public pages have something to show."""
    from tansiq.committees.models import Place
    from tansiq.documentation.actions import create_record, publish_record, verify_record

    places = {place.pcode: place for place in Place.objects.all()}
    event_of_person = dict(zip(world.persons["person_id"], world.persons["event_id"], strict=True))
    person_of_record = dict(zip(world.truth["record_id"], world.truth["person_id"], strict=True))
    entered_by = {"homs-records": users["alice"], "aleppo-records": users["bob"]}
    frame = world.records.astype(object).where(world.records.notna(), "")
    for index, row in enumerate(frame.itertuples(index=False)):
        dataset = datasets[row.dataset]
        event = events.get(event_of_person[person_of_record[row.record_id]])
        record = create_record(
            dataset=dataset,
            by=entered_by.get(dataset.slug, users["admin"]),
            uid=row.record_id,
            event=event,
            **_record_fields(row, places),
            **_demo_protected(index),
        )
        if index % 3 == 0:
            verify_record(record, by=users["victor"], reason="demo data")
            if index % 2 == 0:
                publish_record(record, by=users["eddie"])


def _demo_protected(index: int) -> dict[str, str]:
    """Made-up witness and source details on every fifth record, so that the demo shows
    who may see protected fields (they are encrypted at rest like real ones)."""
    if index % 5:
        return {}
    return {
        "witness_name": f"شاهد تجريبي {index}",
        "witness_contact": f"+000 {index:07d} (demo)",
        "source_name": "مصدر تجريبي",
    }


_TEXT_FIELDS = (
    "name_ar",
    "name_latin",
    "given_name",
    "father_name",
    "grandfather_name",
    "family_name",
    "mother_name",
    "sex",
    "age_group",
    "status",
    "act",
    "locality",
    "cause",
    "external_id",
)


def _record_fields(row: Any, places: dict[str, Any]) -> dict[str, Any]:
    fields: dict[str, Any] = {name: getattr(row, name) for name in _TEXT_FIELDS}
    fields["age"] = int(row.age) if str(row.age).strip() else None
    fields["place"] = places.get(row.governorate)
    if row.date:
        fields["date"] = row.date
        fields["date_precision"] = row.date_precision
    return fields
