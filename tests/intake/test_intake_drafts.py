"""Files of unsaved intake forms: kept per user and form, and removed when abandoned."""

from __future__ import annotations

import io
import os
import time
import uuid

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command

from tansiq.intake.drafts import Draft


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


class _User:
    def __init__(self, pk: int) -> None:
        self.pk = pk


def test_a_draft_keeps_checked_files_and_refuses_the_others(media):
    draft = Draft(_User(1), uuid.uuid4())
    kept = draft.add(SimpleUploadedFile("note.txt", b"witness statement, plain text"))
    with pytest.raises(ValidationError):
        draft.add(SimpleUploadedFile("note.txt", b"<script>alert(1)</script>"))
    assert [(f.name, f.size) for f in draft.files()] == [("note.txt", 29)]
    assert draft.files()[0].sha256 == kept.sha256


def test_drafts_of_other_users_or_forms_are_apart_and_only_listed_files_are_removed(media):
    key = uuid.uuid4()
    mine, hers = Draft(_User(1), key), Draft(_User(2), key)
    mine.add(SimpleUploadedFile("a.txt", b"first statement"))
    assert hers.files() == [] and Draft(_User(1), uuid.uuid4()).files() == []
    mine.remove("../../2/whatever")
    mine.remove(mine.files()[0].stored)
    assert mine.files() == []


def test_abandoned_drafts_are_purged_and_recent_ones_kept(media):
    old, recent = Draft(_User(1), uuid.uuid4()), Draft(_User(1), uuid.uuid4())
    old.add(SimpleUploadedFile("old.txt", b"an old statement"))
    recent.add(SimpleUploadedFile("new.txt", b"a new statement"))
    month_ago = time.time() - 30 * 86400
    for path in old.folder.iterdir():
        os.utime(path, (month_ago, month_ago))
    out = io.StringIO()
    call_command("intake_purge_drafts", "--days", "14", stdout=out)
    assert "removed 1 " in out.getvalue()
    assert not old.folder.exists()
    assert [f.name for f in recent.files()] == ["new.txt"]
