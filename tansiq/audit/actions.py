"""The audit app's writes: backing up and restoring the whole system (DESIGN.md, CLI).

A backup is a copy of what is stored: every table (protected fields still encrypted with the
field keys), every media file and the audit chain, encrypted with a backup key that is not a
field key (`tansiq.audit.backup.crypto`). Making one appends a `backup` event first, so the
backup holds the record of its own making. A restore is all or nothing: the tables are replaced
in one transaction, the media in a staging folder swapped in at the very end, and any failure
(a wrong key, a tampered or truncated file, a check that does not match) leaves the database
and the media as they were. Once the backed-up chain is in place a `restore` event is appended
after it, in the same transaction, naming the backup and the chain head it replaced.
"""

from __future__ import annotations

import datetime as dt
import os
import secrets
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import connection, models, transaction

from tansiq.audit.backup.archive import (
    FORMAT,
    ArchiveIn,
    MediaStaging,
    Read,
    media_files,
    write_archive,
)
from tansiq.audit.backup.crypto import BackupError, BackupKeyError, BackupTampered, parse_key
from tansiq.audit.backup.tables import (
    EMPTY_SHA256,
    applied_migrations,
    backed_up_models,
    column_names,
    insert_part,
    read_snapshot,
    reset_sequences,
    rows_that_are_data,
    table_checksum,
    wipe_tables,
)
from tansiq.audit.chain import append_event
from tansiq.audit.models import AuditAction, ChainHead


class RestoreRefused(BackupError):
    """The backup does not fit this database, or the database is not empty and --force was not given."""


@dataclass(frozen=True)
class BackupSummary:
    """What a backup or a restore moved: ids, rows, files and the audit chain head."""

    path: Path
    backup_id: str
    rows: int
    files: int
    head_seq: int
    head_hash: str


def _media_root() -> Path:
    return Path(settings.MEDIA_ROOT)


def _refuse_field_key(key: bytes) -> None:
    for field_key in settings.TANSIQ_FIELD_KEYS:
        try:
            same = parse_key(field_key) == key
        except BackupKeyError:
            continue
        if same:
            raise BackupKeyError(
                "the backup key is one of TANSIQ_FIELD_KEYS: a backup needs a key of its own, "
                "so that one stolen key does not open both the backups and the protected fields"
            )


def _head() -> tuple[int, str]:
    head = ChainHead.objects.filter(pk=1).first()
    return (0, "0" * 64) if head is None else (head.seq, head.hash)


def _meta(backup_id: str, found: list[type[models.Model]]) -> dict[str, Any]:
    seq, hash_ = _head()
    return {
        "format": FORMAT,
        "backup_id": backup_id,
        "created": dt.datetime.now(dt.UTC).isoformat(),
        "vendor": connection.vendor,
        "migrations": applied_migrations(),
        "tables": {m._meta.label_lower: column_names(m) for m in found},
        "audit_head": {"seq": seq, "hash": hash_},
    }


def create_backup(path: Path, *, key: bytes, by: Any = None) -> BackupSummary:
    """Write an encrypted backup of the database, the media and the audit chain to `path`.

    The file is written beside `path` and renamed into place when complete; an existing file is
    never overwritten.
    """
    _refuse_field_key(key)
    if path.exists():
        raise BackupError(f"{path} already exists: give the backup a new file name")
    if not path.parent.is_dir():
        raise BackupError(f"{path.parent} is not a folder: create it first")
    backup_id = secrets.token_hex(16)
    append_event(
        AuditAction.BACKUP,
        object_type="backup",
        object_id=backup_id,
        object_label=path.name,
        actor=by,
    )
    partial = path.with_name(f".{path.name}.partial-{secrets.token_hex(4)}")
    try:
        with read_snapshot():
            found = backed_up_models()
            meta = _meta(backup_id, found)
            fd = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            with os.fdopen(fd, "wb") as out:
                written = write_archive(out, key, meta=meta, media_root=_media_root(), models=found)
                os.fsync(out.fileno())
        partial.rename(path)
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
    head = meta["audit_head"]
    return BackupSummary(path, backup_id, written.rows, written.files, head["seq"], head["hash"])


def _check_fits(meta: dict[str, Any]) -> None:
    """Refuse, before anything is written, a backup whose format or schema is not this one."""
    if meta.get("format") != FORMAT:
        raise RestoreRefused(f"unknown backup format {meta.get('format')!r} (this is {FORMAT})")
    theirs, ours = set(meta["migrations"]), set(applied_migrations())
    if theirs != ours:
        missing, extra = sorted(theirs - ours)[:5], sorted(ours - theirs)[:5]
        raise RestoreRefused(
            "the backup was made on another database schema; restore it with the tansiq version "
            f"that made it. Migrations only in the backup: {missing or 'none'}; "
            f"only here: {extra or 'none'}"
        )
    tables = {m._meta.label_lower: column_names(m) for m in backed_up_models()}
    differ = sorted(
        label
        for label in set(meta["tables"]) | set(tables)
        if meta["tables"].get(label) != tables.get(label)
    )
    if differ:
        raise RestoreRefused(f"the backup's tables do not match this database's: {differ[:5]}")


def _refuse_unless_empty(force: bool) -> None:
    if force:
        return
    data = rows_that_are_data()
    if data:
        shown = ", ".join(f"{label} ({count})" for label, count in sorted(data.items())[:5])
        raise RestoreRefused(f"the database is not empty: {shown}; pass --force to replace it")
    if next(media_files(_media_root()), None) is not None:
        raise RestoreRefused(f"{_media_root()} holds files; pass --force to replace them")


def _check_read(read: Read, found: dict[str, type[models.Model]]) -> None:
    """Everything read matches the manifest, and every restored table matches the backup's."""
    manifest = read.manifest
    if manifest is None:
        raise BackupTampered("the backup has no manifest: it was cut short")
    if set(manifest["tables"]) != set(found) or manifest["media"] != read.media:
        raise BackupTampered("the backup's contents do not match its manifest")
    for label, model in found.items():
        expected = manifest["tables"][label]
        got = read.tables.get(label, {"rows": 0, "sha256": EMPTY_SHA256, "canonical": EMPTY_SHA256})
        if (got["rows"], got["sha256"]) != (expected["rows"], expected["sha256"]):
            raise BackupTampered(f"table {label} does not match the backup's manifest")
        if table_checksum(model) != (got["rows"], got["canonical"]):
            raise BackupError(f"table {label} was not restored exactly")


def restore_backup(path: Path, *, key: bytes, force: bool = False, by: Any = None) -> BackupSummary:
    """Replace the database, the media and the audit chain with the backup at `path`.

    Refuses a non-empty database (or media folder) unless `force`; all or nothing.
    """
    _refuse_field_key(key)
    with path.open("rb") as source:
        archive = ArchiveIn(source, key)
        _check_fits(archive.meta)
        _refuse_unless_empty(force)
        staging = MediaStaging(_media_root())
        try:
            summary = _restore(archive, staging, path, by)
        except BaseException:
            staging.undo()
            raise
    staging.discard_replaced()
    return summary


def _insert(found: dict[str, type[models.Model]], label: str, part: bytes) -> int:
    if label not in found:
        raise BackupTampered(f"the backup holds rows of an unknown table: {label!r}")
    return insert_part(found[label], part)


def _restore(archive: ArchiveIn, staging: MediaStaging, path: Path, by: Any) -> BackupSummary:
    meta = archive.meta
    found = {m._meta.label_lower: m for m in backed_up_models()}
    with transaction.atomic():
        replaced_seq, replaced_hash = _head()
        wipe_tables()
        read = archive.load(lambda label, part: _insert(found, label, part), staging)
        _check_read(read, found)
        reset_sequences()
        ContentType.objects.clear_cache()
        rows = sum(entry["rows"] for entry in read.tables.values())
        event = append_event(
            AuditAction.RESTORE,
            object_type="backup",
            object_id=meta["backup_id"],
            object_label=path.name,
            changes={
                "audit_head": [
                    f"{replaced_seq} {replaced_hash}",
                    f"{meta['audit_head']['seq']} {meta['audit_head']['hash']}",
                ],
                "rows": [None, rows],
                "files": [None, len(read.media)],
            },
            actor=by,
            reason=f"restored the backup made {meta['created']}",
        )
        staging.swap_in()
    return BackupSummary(path, meta["backup_id"], rows, len(read.media), event.seq, event.hash)
