"""`tansiq backup` / `tansiq restore`: a round trip gives back every table and every file
exactly, the audit chain still verifies, and a wrong key, a tampered or a truncated file, or a
database that is not empty are refused with nothing written.

Runs on whichever database the test run uses (SQLite, and PostgreSQL when DATABASE_URL is set).
"""

from __future__ import annotations

import gzip
import hashlib
import io
import json
import os
import shutil
import subprocess
import sys
import tarfile
from pathlib import Path

import pytest
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.db import connection
from PIL import Image
from typer.testing import CliRunner

from tansiq.audit.actions import RestoreRefused, create_backup, restore_backup
from tansiq.audit.backup import crypto
from tansiq.audit.backup.archive import MediaStaging
from tansiq.audit.backup.crypto import (
    CHUNK,
    HEADER_SIZE,
    BackupKeyError,
    BackupReader,
    BackupTampered,
    BackupWriter,
)
from tansiq.audit.backup.tables import backed_up_models, insert_part
from tansiq.audit.chain import verify_chain
from tansiq.audit.models import AuditEvent
from tansiq.cli import app
from tansiq.documentation.actions import add_evidence, update_record
from tansiq.documentation.models import Record

KEY_TEXT = crypto.new_key()
KEY = crypto.parse_key(KEY_TEXT)
runner = CliRunner()
AUDIT_TABLES = ("audit_auditevent", "audit_chainhead")


# --- what the database and the media folder hold, read without the backup code -------------


def _plain(value: object) -> object:
    return bytes(value) if isinstance(value, memoryview) else value


def table_checksums() -> dict[str, str]:
    """sha256 of every table's rows as the database driver returns them (sessions and the
    migration history aside), read with plain SQL."""
    qn, sums = connection.ops.quote_name, {}
    with connection.cursor() as cursor:
        for table in sorted(connection.introspection.table_names(cursor)):
            if table in ("django_migrations", "django_session"):
                continue
            description = connection.introspection.get_table_description(cursor, table)
            order = ", ".join(qn(column.name) for column in description)
            cursor.execute(f"SELECT * FROM {qn(table)} ORDER BY {order}")
            rows = [tuple(_plain(v) for v in row) for row in cursor.fetchall()]
            sums[table] = hashlib.sha256(repr(rows).encode()).hexdigest()
    return sums


def audit_rows(up_to: int) -> list[tuple[object, ...]]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT * FROM audit_auditevent WHERE seq <= %s ORDER BY seq", [up_to])
        return [tuple(_plain(v) for v in row) for row in cursor.fetchall()]


def media_checksums(root: Path) -> dict[str, str]:
    return {
        path.relative_to(root).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(root.rglob("*"))
        if path.is_file()
    }


def _noise_png(seed: int, size: tuple[int, int]) -> bytes:
    """A PNG of random pixels: real image content that does not compress."""
    image = Image.frombytes(
        "RGB", size, hashlib.shake_256(str(seed).encode()).digest(size[0] * size[1] * 3)
    )
    out = io.BytesIO()
    image.save(out, format="PNG")
    return out.getvalue()


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def stored(world, media, witness):
    """The `world`, with two evidence files (one larger than several chunks) and an update."""
    alice = world.users["alice"]
    record = world.records["a_new"]
    for number, size in enumerate([(40, 30), (300, 300)]):
        photo = ContentFile(_noise_png(number, size), name=f"photo-{number}.png")
        add_evidence(by=alice, record=record, file=photo, visibility="committee")
    update_record(record, by=alice, witness_name=f"{witness} (changed)", locality="Bab Amr")
    return world


def _wipe(media_root: Path) -> None:
    """Empty every table (the migrations' content types and permissions come back, as on a new
    install) and delete the media folder."""
    if connection.vendor == "postgresql":  # TRUNCATE needs the test's pending FK checks done
        with connection.cursor() as cursor:
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
    call_command("flush", interactive=False, verbosity=0)
    shutil.rmtree(media_root)


# --- the round trip ------------------------------------------------------------------------


def test_backup_wipe_restore_gives_back_every_table_and_file_and_the_chain_verifies(
    stored, media, tmp_path
):
    path = tmp_path / "tansiq.backup"
    made = create_backup(path, key=KEY)
    tables, files = table_checksums(), media_checksums(media)
    assert set(tables) == {m._meta.db_table for m in backed_up_models()}  # every table is in it
    assert len(files) >= 2 and made.files == len(files)  # originals (and any public copies)
    audit_before = audit_rows(made.head_seq)

    _wipe(media)
    assert table_checksums() != tables
    restored = restore_backup(path, key=KEY)

    after = table_checksums()
    for table, checksum in tables.items():
        if table not in AUDIT_TABLES:
            assert after[table] == checksum, table
    assert media_checksums(media) == files
    assert audit_rows(made.head_seq) == audit_before  # the backed-up chain, row for row
    restore_event = AuditEvent.objects.get(seq=made.head_seq + 1)
    assert restore_event.action == "restore" and restored.head_seq == made.head_seq + 1
    assert restore_event.object_id == made.backup_id
    assert restore_event.prev_hash == made.head_hash
    assert verify_chain().ok
    result = runner.invoke(app, ["audit", "verify"])
    assert result.exit_code == 0, result.output


def test_the_backup_holds_its_own_backup_event_and_protected_fields_only_encrypted(
    stored, media, tmp_path, witness
):
    path = tmp_path / "tansiq.backup"
    made = create_backup(path, key=KEY)
    data = path.read_bytes()
    assert KEY_TEXT.encode() not in data and KEY not in data
    with path.open("rb") as source:
        plain = BackupReader(source, KEY).read()
    with tarfile.open(fileobj=io.BytesIO(plain), mode="r:") as tar:
        contents = b"".join(
            gzip.decompress(tar.extractfile(m).read())
            for m in tar.getmembers()
            if m.name.startswith("tables/")
        )
    assert witness.encode() not in contents  # only ciphertext, as stored
    assert b"Bab Amr" in contents  # a field that is not protected, in clear
    assert AuditEvent.objects.get(seq=made.head_seq).action == "backup"


@pytest.mark.slow
def test_a_backup_of_another_installation_on_sqlite_restores_here(
    gazetteer, media, tmp_path, settings
):
    """A fresh SQLite file with the demo data backs up in a subprocess; this database (PostgreSQL
    in the PostgreSQL run) restores it: restore_backup compares every table with the backup's."""
    path, home = tmp_path / "elsewhere.backup", tmp_path / "elsewhere"
    home.mkdir()
    done = subprocess.run(
        [
            sys.executable,
            str(Path(__file__).with_name("backup_elsewhere.py")),
            f"sqlite:///{home / 'tansiq.sqlite3'}",
            str(path),
        ],
        capture_output=True,
        text=True,
        timeout=300,
        cwd=Path(__file__).resolve().parents[2],
        env={
            "PATH": "/usr/bin:/bin",
            "TANSIQ_HOME": str(home),
            "MEDIA_ROOT": str(home / "media"),
            "TANSIQ_BACKUP_KEY": KEY_TEXT,
            "TANSIQ_FIELD_KEYS": ",".join(settings.TANSIQ_FIELD_KEYS),
        },
    )
    assert done.returncode == 0, done.stderr[-3000:]
    there = json.loads(done.stdout.strip().splitlines()[-1])
    restored = restore_backup(path, key=KEY)
    assert restored.rows == there["rows"] and Record.objects.count() == there["records"]
    uid, witness_name = there["witness"]
    assert Record.objects.get(uid=uid).witness_name == witness_name  # same field key, decrypts
    assert media_checksums(media) == there["media"] and len(there["media"]) >= 1
    assert restored.head_seq == there["head_seq"] + 1 and verify_chain().ok


# --- refusals ------------------------------------------------------------------------------


def _tamper(path: Path, how: str) -> None:
    data = bytearray(path.read_bytes())
    assert len(data) > HEADER_SIZE + 3 * CHUNK  # the tampering lands after rows were written
    if how == "flip a byte near the end":
        data[-100] ^= 0x01
    elif how == "flip a byte in the header":
        data[HEADER_SIZE - 20] ^= 0x01  # in the nonce prefix
    elif how == "cut short":
        del data[-500:]
    elif how == "cut at a chunk boundary":
        del data[HEADER_SIZE + 2 * (CHUNK + 16) :]
    elif how == "swap two chunks":
        a, b = HEADER_SIZE, HEADER_SIZE + CHUNK + 16
        data[a:b], data[b : b + CHUNK + 16] = data[b : b + CHUNK + 16], data[a:b]
    elif how == "append bytes":
        data += b"\x00" * 32
    path.write_bytes(bytes(data))


@pytest.mark.parametrize(
    ("how", "found_after_writing"),
    [
        ("flip a byte near the end", True),
        ("flip a byte in the header", False),
        ("cut short", True),
        ("cut at a chunk boundary", True),
        ("swap two chunks", False),
        ("append bytes", True),
    ],
)
def test_a_tampered_backup_is_refused_and_nothing_is_written(
    stored, media, tmp_path, monkeypatch, how, found_after_writing
):
    path = tmp_path / "tansiq.backup"
    create_backup(path, key=KEY)
    update_record(stored.records["b_new"], by=stored.users["bob"], locality="after the backup")
    tables, files = table_checksums(), media_checksums(media)
    _tamper(path, how)
    inserted = []
    monkeypatch.setattr(
        "tansiq.audit.actions.insert_part",
        lambda model, part: inserted.append(model) or insert_part(model, part),
    )
    with pytest.raises(BackupTampered):
        restore_backup(path, key=KEY, force=True)
    assert bool(inserted) == found_after_writing  # the rollback, not luck, kept the data
    assert table_checksums() == tables
    assert media_checksums(media) == files
    assert sorted(p.name for p in media.iterdir()) == ["evidence"]  # no staging folder left


def test_a_wrong_key_is_refused_and_nothing_is_written(stored, media, tmp_path):
    path = tmp_path / "tansiq.backup"
    create_backup(path, key=KEY)
    tables = table_checksums()
    with pytest.raises(BackupKeyError, match="different backup key"):
        restore_backup(path, key=crypto.parse_key(crypto.new_key()), force=True)
    assert table_checksums() == tables


def test_a_failure_at_the_last_step_puts_the_media_and_the_database_back(
    stored, media, tmp_path, monkeypatch
):
    path = tmp_path / "tansiq.backup"
    create_backup(path, key=KEY)
    (media / "after-the-backup.txt").write_text("kept")
    tables, files = table_checksums(), media_checksums(media)
    swap_in = MediaStaging.swap_in

    def swap_then_fail(staging: MediaStaging) -> None:
        swap_in(staging)
        raise OSError("disk full")

    monkeypatch.setattr(MediaStaging, "swap_in", swap_then_fail)
    with pytest.raises(OSError, match="disk full"):
        restore_backup(path, key=KEY, force=True)
    assert table_checksums() == tables
    assert media_checksums(media) == files
    assert sorted(p.name for p in media.iterdir()) == ["after-the-backup.txt", "evidence"]


def test_restore_refuses_a_database_that_is_not_empty_unless_forced(stored, media, tmp_path):
    path = tmp_path / "tansiq.backup"
    made = create_backup(path, key=KEY)
    files = media_checksums(media)
    update_record(stored.records["b_new"], by=stored.users["bob"], locality="after the backup")
    (media / "after-the-backup.txt").write_text("replaced")
    tables = table_checksums()
    with pytest.raises(RestoreRefused, match="not empty.*--force"):
        restore_backup(path, key=KEY)
    assert table_checksums() == tables
    restore_backup(path, key=KEY, force=True)
    assert media_checksums(media) == files  # the file added after the backup is gone
    assert not AuditEvent.objects.filter(seq__gt=made.head_seq + 1).exists()
    assert verify_chain().ok


def test_restore_refuses_a_backup_of_another_schema(stored, media, tmp_path, monkeypatch):
    path = tmp_path / "tansiq.backup"
    create_backup(path, key=KEY)
    tables = table_checksums()
    monkeypatch.setattr(
        "tansiq.audit.actions.applied_migrations", lambda: ["audit.9999_from_the_future"]
    )
    with pytest.raises(RestoreRefused, match="another database schema"):
        restore_backup(path, key=KEY, force=True)
    assert table_checksums() == tables


def test_a_field_key_is_refused_as_a_backup_key(stored, media, tmp_path, settings):
    field_key = settings.TANSIQ_FIELD_KEYS[0]
    with pytest.raises(BackupKeyError, match="TANSIQ_FIELD_KEYS"):
        create_backup(tmp_path / "tansiq.backup", key=crypto.parse_key(field_key))
    assert not (tmp_path / "tansiq.backup").exists()


# --- the commands --------------------------------------------------------------------------


def test_the_commands_are_listed():
    result = runner.invoke(app, ["--help"])
    assert "backup" in result.output and "restore" in result.output


def test_backup_and_restore_refuse_to_run_without_a_key(tmp_path, monkeypatch):
    monkeypatch.delenv("TANSIQ_BACKUP_KEY", raising=False)
    monkeypatch.delenv("TANSIQ_BACKUP_KEY_FILE", raising=False)
    result = runner.invoke(app, ["backup", str(tmp_path / "b")])
    assert result.exit_code == 1
    assert "no backup key: set TANSIQ_BACKUP_KEY" in result.output
    (tmp_path / "b").write_bytes(b"x")
    result = runner.invoke(app, ["restore", str(tmp_path / "b")])
    assert result.exit_code == 1
    assert "no backup key" in result.output and "nothing was changed" in result.output


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_commands_round_trip_in_their_own_transactions(stored, media, tmp_path, monkeypatch):
    """Outside a test's transaction: the snapshot of each backend and a committed restore."""
    key_file = tmp_path / "backup.key"
    key_file.write_text(runner.invoke(app, ["backup", "--new-key"]).output)
    monkeypatch.setenv("TANSIQ_BACKUP_KEY_FILE", str(key_file))
    path = tmp_path / "tansiq.backup"
    result = runner.invoke(app, ["backup", str(path)])
    assert result.exit_code == 0, result.output
    assert oct(os.stat(path).st_mode & 0o777) == "0o600"
    tables, files = table_checksums(), media_checksums(media)
    result = runner.invoke(app, ["restore", str(path)])
    assert result.exit_code == 1 and "--force" in result.output
    result = runner.invoke(app, ["restore", "--force", str(path)])
    assert result.exit_code == 0, result.output
    after = table_checksums()
    assert {t: after[t] for t in tables if t not in AUDIT_TABLES} == {
        t: s for t, s in tables.items() if t not in AUDIT_TABLES
    }
    assert media_checksums(media) == files
    assert runner.invoke(app, ["audit", "verify"]).exit_code == 0


# --- the file format -----------------------------------------------------------------------


@pytest.mark.parametrize("size", [0, 1, CHUNK - 1, CHUNK, CHUNK + 1, 3 * CHUNK])
def test_the_stream_round_trips_any_length_and_is_authenticated(size):
    plain = os.urandom(size)
    sealed = io.BytesIO()
    writer = BackupWriter(sealed, KEY)
    writer.write(plain[:7])
    writer.write(plain[7:])
    writer.close()
    reader = BackupReader(io.BytesIO(sealed.getvalue()), KEY)
    assert reader.read() == plain
    reader.drain()
    assert reader.finished
    cut = sealed.getvalue()[: HEADER_SIZE + (size // CHUNK) * (CHUNK + 16)]
    with pytest.raises(BackupTampered):
        BackupReader(io.BytesIO(cut), KEY).read()
