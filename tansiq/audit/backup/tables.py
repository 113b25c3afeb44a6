"""Every table of the database as JSON lines, and back, the same on SQLite and PostgreSQL.

Each table is written in primary-key order, one JSON list of column values per row, in the
column order of its model. Values go through Django's fields (read with the ORM, written with
`get_db_prep_save`), so a backup made on SQLite restores into PostgreSQL. A protected field (an
`EncryptedTextField`) is copied as stored: its ciphertext is read and written as text, never
decrypted, so no field key is needed to back up or restore and the backup holds the same
ciphertext as the database. Restoring writes rows with their own primary keys and then resets
the backend's sequences.
"""

from __future__ import annotations

import base64
import datetime as dt
import decimal
import hashlib
import json
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from django.apps import apps
from django.core.management.color import no_style
from django.db import connection, models, transaction
from django.db.migrations.recorder import MigrationRecorder
from django.db.models.functions import Cast
from django.utils.duration import duration_string

from tansiq.audit.models import ChainHead

ROWS_PER_PART = 5000
# Sessions are the credentials of live logins, not data: they are not backed up, and a restore
# ends every session.
NOT_BACKED_UP = frozenset({"sessions.session"})
# Rows a freshly migrated database already holds: they do not make it "not empty".
FILLED_BY_MIGRATIONS = frozenset(
    {"contenttypes.contenttype", "auth.permission", "committees.place", "audit.chainhead"}
)
_RAW = "backup_raw_"
EMPTY_SHA256 = hashlib.sha256(b"").hexdigest()


def backed_up_models() -> list[type[models.Model]]:
    """Every model with a table of its own (many-to-many tables included), by label."""
    found = [
        model
        for model in apps.get_models(include_auto_created=True)
        if model._meta.managed
        and not model._meta.proxy
        and model._meta.label_lower not in NOT_BACKED_UP
    ]
    return sorted(found, key=lambda model: model._meta.label_lower)


def _copied_as_stored(field: models.Field[Any, Any]) -> bool:
    """A protected field that converts what it reads (decrypts): copy its stored text instead."""
    return bool(getattr(field, "protected", False)) and hasattr(field, "from_db_value")


def column_names(model: type[models.Model]) -> list[str]:
    return [str(field.column) for field in model._meta.concrete_fields]


def _encode(field: models.Field[Any, Any], value: Any) -> Any:
    if value is None or isinstance(field, models.JSONField):
        return value
    if isinstance(value, dt.datetime | dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, dt.timedelta):
        return duration_string(value)
    if isinstance(value, decimal.Decimal | uuid.UUID):
        return str(value)
    if isinstance(value, bytes | memoryview):
        return base64.b64encode(bytes(value)).decode("ascii")
    return value


def _rows(model: type[models.Model]) -> Iterator[tuple[Any, ...]]:
    fields = model._meta.concrete_fields
    raw = {
        f"{_RAW}{f.attname}": Cast(f.attname, models.TextField())
        for f in fields
        if _copied_as_stored(f)
    }
    names = [f"{_RAW}{f.attname}" if _copied_as_stored(f) else f.attname for f in fields]
    query = model._base_manager.annotate(**raw).order_by("pk").values_list(*names)
    rows: Iterator[tuple[Any, ...]] = query.iterator(chunk_size=ROWS_PER_PART)
    return rows


def table_parts(model: type[models.Model]) -> Iterator[bytes]:
    """The table's rows as JSON lines, in parts of at most ROWS_PER_PART rows (none if empty)."""
    fields, lines = model._meta.concrete_fields, []
    for row in _rows(model):
        values = [_encode(f, v) for f, v in zip(fields, row, strict=True)]
        lines.append(json.dumps(values, ensure_ascii=False, separators=(",", ":"), allow_nan=False))
        if len(lines) == ROWS_PER_PART:
            yield ("\n".join(lines) + "\n").encode("utf-8")
            lines = []
    if lines:
        yield ("\n".join(lines) + "\n").encode("utf-8")


def canonical(part: bytes) -> bytes:
    """A part with every JSON object's keys sorted: PostgreSQL's jsonb keeps no key order, so
    a restore into another backend is compared on this form."""
    lines = [
        json.dumps(json.loads(line), ensure_ascii=False, separators=(",", ":"), sort_keys=True)
        for line in part.decode("utf-8").splitlines()
    ]
    return "".join(line + "\n" for line in lines).encode("utf-8")


def table_checksum(model: type[models.Model]) -> tuple[int, str]:
    """(rows, sha256 of the canonical JSON lines of the table as stored now)."""
    digest, rows = hashlib.sha256(), 0
    for part in table_parts(model):
        digest.update(canonical(part))
        rows += part.count(b"\n")
    return rows, digest.hexdigest()


def _decode(field: models.Field[Any, Any], value: Any) -> Any:
    if value is None or _copied_as_stored(field):
        return value
    if isinstance(field, models.JSONField):
        return field.get_db_prep_save(value, connection)
    return field.get_db_prep_save(field.to_python(value), connection)


def insert_part(model: type[models.Model], part: bytes) -> int:
    """Insert the rows of one part (as written by `table_parts`); return how many."""
    fields = model._meta.concrete_fields
    rows = [
        [_decode(f, v) for f, v in zip(fields, json.loads(line), strict=True)]
        for line in part.decode("utf-8").splitlines()
    ]
    if rows:
        qn = connection.ops.quote_name  # identifiers only; every value goes as a parameter
        columns = ", ".join(qn(c) for c in column_names(model))
        marks = ", ".join(["%s"] * len(fields))
        sql = f"INSERT INTO {qn(model._meta.db_table)} ({columns}) VALUES ({marks})"
        with connection.cursor() as cursor:
            cursor.executemany(sql, rows)
    return len(rows)


def wipe_tables() -> None:
    """Empty every backed-up table and the sessions (in the caller's transaction)."""
    tables = [m._meta.db_table for m in backed_up_models()]
    tables += [apps.get_model(label)._meta.db_table for label in NOT_BACKED_UP]
    statements = connection.ops.sql_flush(no_style(), tables, reset_sequences=False)
    if connection.vendor == "postgresql":
        # TRUNCATE refuses tables with foreign-key checks still pending in this transaction:
        # run them now, then defer them again so rows can be inserted in any table order.
        statements = ["SET CONSTRAINTS ALL IMMEDIATE", *statements, "SET CONSTRAINTS ALL DEFERRED"]
    with connection.cursor() as cursor:
        for sql in statements:
            cursor.execute(sql)


def reset_sequences() -> None:
    """Point the backend's id sequences past the restored ids (a no-op on SQLite)."""
    statements = connection.ops.sequence_reset_sql(no_style(), backed_up_models())
    with connection.cursor() as cursor:
        for sql in statements:
            cursor.execute(sql)


def applied_migrations() -> list[str]:
    """The applied migrations as sorted `app.name` strings: the schema a backup was made on."""
    applied = MigrationRecorder(connection).applied_migrations()
    return sorted(f"{app}.{name}" for app, name in applied)


def rows_that_are_data() -> dict[str, int]:
    """Label -> row count of each table holding data (rows a new database has don't count)."""
    counts = {}
    for model in backed_up_models():
        if model._meta.label_lower in FILLED_BY_MIGRATIONS:
            continue
        count = model._base_manager.count()
        if count:
            counts[model._meta.label_lower] = count
    head = ChainHead.objects.filter(pk=1).first()
    if head is not None and head.seq:
        counts["audit.chainhead"] = head.seq
    return counts


@contextmanager
def read_snapshot() -> Iterator[None]:
    """Read every table from one consistent snapshot without blocking writers.

    PostgreSQL: a REPEATABLE READ, READ ONLY transaction. SQLite: a deferred transaction (with
    WAL, readers see one snapshot and writers carry on; Django's own transactions there take the
    write lock at once). Inside a caller's transaction (tests) that transaction is the snapshot.
    """
    if connection.in_atomic_block:
        yield
    elif connection.vendor == "postgresql":
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
            yield
    elif connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("BEGIN DEFERRED")
            try:
                yield
            finally:
                cursor.execute("COMMIT")
    else:
        with transaction.atomic():
            yield
