"""The intake form: one event with its victims and evidence, saved at once or kept for fixing."""

from __future__ import annotations

import hashlib
import io
import uuid

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from tansiq.documentation.models import Event, Evidence, Record
from tansiq.intake.forms import NAME_PARTS

pytestmark = pytest.mark.django_db

URL = "/en/intake/"


def _photo() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (8, 8), (200, 30, 30)).save(out, "JPEG")
    return out.getvalue()


def _victim(number: int, **fields: str) -> dict[str, str]:
    values = {"name_ar": "", "name_latin": "", "sex": "", "age": "", "age_group": "", "status": ""}
    values |= dict.fromkeys(NAME_PARTS, "") | {"act": "", "cause": ""} | fields
    return {f"victims-{number}-{name}": value for name, value in values.items()}


def _post_data(world, *victims: dict[str, str], **fields: str) -> dict[str, object]:
    data: dict[str, object] = {
        "submission_key": str(uuid.uuid4()),
        "dataset": str(world.datasets["a"].pk),
        "event_type": "shelling",
        "date": "2024-03",
        "place": "",
        "place_text": "حي الوعر",
        "place_search": "",
        "description_ar": "قصف على الحي",
        "description_en": "Shelling of the neighbourhood",
        "links": "",
        "victims-TOTAL_FORMS": str(len(victims)),
        "victims-INITIAL_FORMS": "0",
        "victims-MIN_NUM_FORMS": "0",
        "victims-MAX_NUM_FORMS": "1000",
        "save": "1",
    }
    for victim in victims:
        data |= victim
    return data | fields


def _two_victims() -> tuple[dict[str, str], dict[str, str]]:
    return (
        _victim(0, name_ar="سامي خالد", sex="M", age="34", act="killed", cause="shelling"),
        _victim(1, name_latin="Rana Khaled", sex="F", age_group="child", act="injured"),
    )


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def test_a_documenter_records_an_event_with_victims_and_a_photo_in_one_submission(
    client, world, media
):
    client.force_login(world.users["alice"])
    form = client.get(URL)
    assert form.status_code == 200
    # her one committee is chosen for her
    assert world.committees["a"].name_en in form.content.decode()
    photo = _photo()
    data = _post_data(world, *_two_victims(), place=str(world.committees["a"].place.pk))
    data["evidence_files"] = [SimpleUploadedFile("photo.jpg", photo, content_type="image/jpeg")]
    response = client.post(URL, data)
    assert response.status_code == 302
    event = Event.objects.get(idempotency_key=data["submission_key"])
    assert (event.committee, event.status, event.event_type) == (
        world.committees["a"],
        "submitted",
        "shelling",
    )
    assert (event.date_text, event.date_precision, event.place_text) == (
        "2024-03",
        "month",
        "حي الوعر",
    )
    records = list(event.records.order_by("id"))
    assert [(r.name_ar, r.name_latin, r.act) for r in records] == [
        ("سامي خالد", "", "killed"),
        ("", "Rana Khaled", "injured"),
    ]
    assert records[0].age_group == "adult"  # from the age
    assert {r.dataset for r in records} == {world.datasets["a"]}
    assert {r.date_text for r in records} == {"2024-03"}
    assert {r.place for r in records} == {world.committees["a"].place}
    evidence = Evidence.objects.get(event=event)
    assert evidence.sha256 == hashlib.sha256(photo).hexdigest()
    saved = client.get(response["Location"])
    page = saved.content.decode()
    assert saved.status_code == 200
    for expected in ("سامي خالد", "Rana Khaled", evidence.sha256, "2024-03"):
        assert expected in page
    assert not (media / "intake-drafts").exists() or not any(
        (media / "intake-drafts").rglob("*.jpg")
    )


def test_a_bad_date_keeps_everything_typed_and_says_what_to_fix(client, world, media):
    client.force_login(world.users["alice"])
    data = _post_data(world, *_two_victims(), date="March 2024")
    data["evidence_files"] = [SimpleUploadedFile("photo.jpg", _photo(), content_type="image/jpeg")]
    response = client.post(URL, data)
    assert response.status_code == 200
    assert not Event.objects.filter(idempotency_key=data["submission_key"]).exists()
    page = response.content.decode()
    assert "is not a date we can read" in page
    assert 'id="id_date_error"' in page
    assert '<a href="#id_date">Date</a>' in page  # the summary at the top links to the field
    for typed in ("March 2024", "سامي خالد", "Rana Khaled", "قصف على الحي", "حي الوعر"):
        assert typed in page
    # the photo is kept with the form, shown with its sha256, and saved with the next attempt
    assert hashlib.sha256(_photo()).hexdigest() in page
    data["date"] = "١٥/٣/٢٠٢٤"
    del data["evidence_files"]
    assert client.post(URL, data).status_code == 302
    event = Event.objects.get(idempotency_key=data["submission_key"])
    assert (event.date_text, event.date_precision) == ("2024-03-15", "day")
    assert event.evidence.count() == 1
    assert event.records.count() == 2


def test_the_error_is_said_in_arabic_on_the_arabic_page(client, world, media):
    client.force_login(world.users["alice"])
    response = client.post("/ar/intake/", _post_data(world, *_two_victims(), date="آذار"))
    assert response.status_code == 200
    page = response.content.decode()
    assert "is not a date we can read" not in page
    assert "لم نستطع قراءة «\u2068آذار\u2069» تاريخًا" in page
    assert "آذار" in page
    assert 'id="id_date_error"' in page


def test_a_bad_file_is_refused_on_the_file_field_and_the_rest_is_kept(client, world, media):
    client.force_login(world.users["alice"])
    data = _post_data(world, *_two_victims())
    data["evidence_files"] = [
        SimpleUploadedFile("photo.jpg", b"<html><script>alert(1)</script></html>"),
        SimpleUploadedFile("good.jpg", _photo(), content_type="image/jpeg"),
    ]
    response = client.post(URL, data)
    assert response.status_code == 200
    assert not Event.objects.exists() or not Event.objects.filter(created_by=world.users["alice"])
    page = response.content.decode()
    assert 'id="id_evidence_files_error"' in page
    assert "web page or script content" in page
    assert "سامي خالد" in page and "Rana Khaled" in page
    assert "good.jpg" in page  # the good file is kept
    assert hashlib.sha256(_photo()).hexdigest() in page


def test_a_victim_without_a_name_is_marked_and_nothing_is_saved(client, world, media):
    client.force_login(world.users["alice"])
    data = _post_data(world, _victim(0, sex="M", act="killed"))
    response = client.post(URL, data)
    assert response.status_code == 200
    page = response.content.decode()
    assert "A record needs a name" in page
    assert '<a href="#id_victims-0-name_ar">Victim 1: Name (Arabic script)</a>' in page
    assert not Record.objects.filter(created_by=world.users["alice"]).exists()
    assert not Event.objects.filter(created_by=world.users["alice"]).exists()


def test_add_another_victim_without_javascript_keeps_what_was_typed(client, world, media):
    client.force_login(world.users["alice"])
    data = _post_data(world, _two_victims()[0], add_victim="1")
    del data["save"]
    data["evidence_files"] = [SimpleUploadedFile("photo.jpg", _photo(), content_type="image/jpeg")]
    response = client.post(URL, data)
    assert response.status_code == 200
    page = response.content.decode()
    assert 'name="victims-TOTAL_FORMS" value="2"' in page
    assert 'name="victims-1-name_ar"' in page
    assert "سامي خالد" in page
    assert hashlib.sha256(_photo()).hexdigest() in page
    assert "field-errors" not in page  # nothing was judged yet
    assert not Event.objects.filter(created_by=world.users["alice"]).exists()


def test_find_place_lists_the_matching_places_without_javascript(client, world, media):
    client.force_login(world.users["alice"])
    data = _post_data(world, place_search="Aleppo", find_place="1")
    del data["save"]
    page = client.post(URL, data).content.decode()
    options = page.split('name="place"', 1)[1].split("</select>", 1)[0]
    assert "Aleppo" in options and "Homs" not in options


def test_a_form_sent_twice_makes_one_event(client, world, media):
    client.force_login(world.users["alice"])
    data = _post_data(world, *_two_victims())
    first = client.post(URL, dict(data, evidence_files=[SimpleUploadedFile("p.jpg", _photo())]))
    second = client.post(URL, dict(data, evidence_files=[SimpleUploadedFile("p.jpg", _photo())]))
    assert first.status_code == second.status_code == 302
    assert first["Location"] == second["Location"]
    event = Event.objects.get(created_by=world.users["alice"])
    assert event.records.count() == 2
    assert event.evidence.count() == 1


def test_a_documenter_of_a_cannot_record_into_committee_b(client, world, media):
    client.force_login(world.users["alice"])
    data = _post_data(world, *_two_victims(), dataset=str(world.datasets["b"].pk))
    response = client.post(URL, data)
    assert response.status_code == 200
    assert 'id="id_dataset_error"' in response.content.decode()
    assert not Event.objects.filter(created_by=world.users["alice"]).exists()
    assert world.committees["b"].name_en not in client.get(URL).content.decode()


def test_a_documenter_cannot_see_another_committees_saved_event(client, world, media):
    client.force_login(world.users["bob"])
    data = _post_data(world, *_two_victims(), dataset=str(world.datasets["b"].pk))
    saved = client.post(URL, data)["Location"]
    client.force_login(world.users["alice"])
    assert client.get(saved).status_code == 404
    assert client.get(f"/en/intake/saved/{world.events['b_submitted'].pk}/").status_code == 404


def test_a_verifier_chooses_the_committee_among_all(client, world, media):
    client.force_login(world.users["victor"])
    page = client.get(URL).content.decode()
    assert '<select name="dataset"' in page
    assert world.committees["a"].name_en in page and world.committees["b"].name_en in page


@pytest.mark.parametrize("name", ["eddie", "root"])
def test_members_who_do_not_document_are_refused_or_see_every_committee(client, world, name):
    client.force_login(world.users[name])
    response = client.get(URL)
    assert response.status_code == (403 if name == "eddie" else 200)


def test_an_anonymous_visitor_is_sent_to_log_in(client, world):
    response = client.get(URL)
    assert response.status_code == 302
    assert "/login/" in response["Location"]
    response = client.post(URL, _post_data(world, *_two_victims()))
    assert response.status_code == 302
    assert not Event.objects.exclude(pk__in=[e.pk for e in world.events.values()]).exists()


def test_victims_and_evidence_are_added_to_an_event_already_recorded(client, world, media):
    client.force_login(world.users["alice"])
    event = world.events["a_draft"]
    form = client.get(f"{URL}?event={event.pk}")
    assert form.status_code == 200
    assert f'name="event" value="{event.pk}"' in form.content.decode()
    data = _post_data(world, *_two_victims(), event=str(event.pk), event_type="", date="")
    data["evidence_files"] = [SimpleUploadedFile("p.jpg", _photo())]
    saved = client.post(URL, data)
    assert saved.status_code == 302
    assert saved["Location"].endswith(f"/saved/{event.pk}/")
    assert Event.objects.filter(committee=world.committees["a"]).count() == 1
    assert event.records.count() == 2
    # sent again, with the same files: nothing more
    again = client.post(URL, dict(data, evidence_files=[SimpleUploadedFile("p.jpg", _photo())]))
    assert again["Location"] == saved["Location"]
    assert (event.records.count(), event.evidence.count()) == (2, 1)


def test_a_documenter_cannot_link_her_victims_to_another_committees_event(client, world, media):
    client.force_login(world.users["alice"])
    theirs = world.events["b_submitted"]
    theirs.place_text = "Secret street of committee B"
    theirs.save()
    assert client.get(f"{URL}?event={theirs.pk}").status_code == 404
    data = _post_data(world, *_two_victims(), event=str(theirs.pk))
    response = client.post(URL, data)
    assert response.status_code == 200
    page = response.content.decode()
    assert 'href="#id_event"' in page  # refused, and said
    assert "Secret street" not in page
    assert not theirs.records.exists()
    assert not Record.objects.filter(created_by=world.users["alice"]).exists()


def test_the_intake_action_refuses_an_event_of_another_committee(world, media):
    from django.core.exceptions import PermissionDenied

    from tansiq.intake.actions import Submission, record_submission

    submission = Submission(
        dataset=world.datasets["a"],
        key=uuid.uuid4(),
        event=world.events["b_submitted"],
        victims=[{"name_ar": "سامي", "act": "killed"}],
    )
    with pytest.raises(PermissionDenied):
        record_submission(submission, by=world.users["alice"])
    # a verifier may add to any event, but only records of that event's committee
    with pytest.raises(PermissionDenied):
        record_submission(submission, by=world.users["victor"])
    assert not world.events["b_submitted"].records.exists()


def test_the_saved_page_offers_to_add_to_the_event(client, world, media):
    client.force_login(world.users["alice"])
    saved = client.post(URL, _post_data(world, *_two_victims()))["Location"]
    page = client.get(saved).content.decode()
    event = Event.objects.get(created_by=world.users["alice"])
    assert f"?event={event.pk}" in page


def test_a_name_given_in_parts_only_becomes_the_name_in_its_script(client, world, media):
    client.force_login(world.users["alice"])
    victims = (
        _victim(0, given_name="سامي", father_name="خالد", family_name="العمر", act="killed"),
        _victim(1, given_name="Rana", family_name="Omar", act="injured"),
    )
    assert client.post(URL, _post_data(world, *victims)).status_code == 302
    records = Record.objects.filter(created_by=world.users["alice"]).order_by("id")
    assert [(r.name_ar, r.name_latin, r.father_name) for r in records] == [
        ("سامي خالد العمر", "", "خالد"),
        ("", "Rana Omar", ""),
    ]


def test_the_form_and_the_saved_page_take_a_fixed_number_of_queries(
    client, world, media, django_assert_max_num_queries
):
    client.force_login(world.users["alice"])
    client.get(URL)  # the session and the roles warm up
    with django_assert_max_num_queries(9):
        assert client.get(URL).status_code == 200
    victims = [_victim(n, name_ar=f"ضحية {n}", act="killed") for n in range(6)]
    saved = client.post(URL, _post_data(world, *victims))["Location"]
    with django_assert_max_num_queries(9):
        assert client.get(saved).status_code == 200


def test_a_failure_while_saving_the_evidence_saves_nothing_and_keeps_the_draft(
    client, world, media, monkeypatch
):
    from django.core.exceptions import ValidationError

    from tansiq.documentation import actions

    real, calls = actions.add_evidence, []

    def second_fails(**kwargs):
        calls.append(kwargs)
        if len(calls) == 2:
            raise ValidationError({"file": "the disk is full"})
        return real(**kwargs)

    monkeypatch.setattr(actions, "add_evidence", second_fails)
    client.force_login(world.users["alice"])
    data = _post_data(world, *_two_victims())
    text = b"a witness statement in plain text"
    data["evidence_files"] = [
        SimpleUploadedFile("photo.jpg", _photo()),
        SimpleUploadedFile("statement.txt", text),
    ]
    response = client.post(URL, data)
    assert response.status_code == 200
    assert "the disk is full" in response.content.decode()
    assert not Event.objects.filter(created_by=world.users["alice"]).exists()
    assert not Record.objects.filter(created_by=world.users["alice"]).exists()
    assert not Evidence.objects.filter(uploaded_by=world.users["alice"]).exists()
    assert not [p for p in (media / "evidence").rglob("*") if p.is_file()]
    page = response.content.decode()
    assert hashlib.sha256(text).hexdigest() in page  # both files still wait in the draft
    monkeypatch.setattr(actions, "add_evidence", real)
    del data["evidence_files"]
    assert client.post(URL, data).status_code == 302
    assert Event.objects.get(created_by=world.users["alice"]).evidence.count() == 2


def test_a_file_kept_with_the_form_can_be_taken_off_before_saving(client, world, media):
    from tansiq.intake.drafts import Draft

    client.force_login(world.users["alice"])
    data = _post_data(world, *_two_victims(), add_victim="1")
    data["evidence_files"] = [SimpleUploadedFile("wrong.jpg", _photo())]
    client.post(URL, data)
    kept = Draft(world.users["alice"], uuid.UUID(str(data["submission_key"]))).files()
    assert [f.name for f in kept] == ["wrong.jpg"]
    del data["add_victim"], data["evidence_files"]
    data["remove_file"] = kept[0].stored
    assert client.post(URL, data).status_code == 302
    assert not Event.objects.get(created_by=world.users["alice"]).evidence.exists()


def test_a_made_up_event_or_victim_count_is_not_an_error_of_the_server(client, world, media):
    client.force_login(world.users["alice"])
    assert client.get(f"{URL}?event=abc").status_code == 404
    assert client.get(f"{URL}?event=999999").status_code == 404
    data = _post_data(world, add_victim="1", **{"victims-TOTAL_FORMS": "many"})
    assert client.post(URL, data).status_code == 200
