"""Protected fields: encrypted at rest with Fernet keys from `settings.TANSIQ_FIELD_KEYS`.

The keys are a list, newest first: new values are encrypted with the first, any key of the list
decrypts (MultiFernet), so a key is rotated by putting a new one first, running
`rotate_protected_fields()` and then dropping the old key. The database holds only ciphertext;
ciphertext is randomised, so protected fields cannot be filtered or searched in SQL.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.apps import apps
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import connection, models, transaction


@lru_cache(maxsize=4)
def _fernet(keys: tuple[str, ...]) -> MultiFernet:
    if not keys:
        raise ImproperlyConfigured("TANSIQ_FIELD_KEYS holds no key.")
    try:
        return MultiFernet([Fernet(key.encode()) for key in keys])
    except ValueError as exc:
        raise ImproperlyConfigured(f"TANSIQ_FIELD_KEYS holds an invalid Fernet key: {exc}") from exc


def field_cipher() -> MultiFernet:
    """The MultiFernet built from the current `settings.TANSIQ_FIELD_KEYS`."""
    return _fernet(tuple(settings.TANSIQ_FIELD_KEYS))


class DecryptionError(Exception):
    """A stored value could not be decrypted with any key of TANSIQ_FIELD_KEYS."""


class EncryptedTextField(models.TextField):  # type: ignore[type-arg]
    """A text field stored as Fernet ciphertext; `protected = True` keeps it out of the audit log."""

    protected = True

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("blank", True)
        kwargs.setdefault("default", "")
        super().__init__(*args, **kwargs)

    def get_prep_value(self, value: Any) -> Any:
        value = super().get_prep_value(value)
        if value is None:
            return None
        return field_cipher().encrypt(str(value).encode("utf-8")).decode("ascii")

    def from_db_value(self, value: str | None, expression: Any, connection: Any) -> str | None:
        if value is None:
            return None
        try:
            return field_cipher().decrypt(value.encode("ascii")).decode("utf-8")
        except InvalidToken as exc:
            raise DecryptionError(
                f"{self.model._meta.label}.{self.name}: no key of TANSIQ_FIELD_KEYS decrypts it"
            ) from exc


def _encrypted_columns(model: type[models.Model]) -> list[str]:
    return [str(f.column) for f in model._meta.concrete_fields if isinstance(f, EncryptedTextField)]


def rotate_protected_fields() -> int:
    """Re-encrypt every protected value with the first key; return how many rows were rewritten.

    Works on the stored ciphertext (`MultiFernet.rotate`) without loading model instances, and
    writes one `rotate_keys` audit event (the content does not change).
    """
    from tansiq.audit.chain import append_event
    from tansiq.audit.models import AuditAction

    cipher, rewritten = field_cipher(), 0
    with transaction.atomic():
        for model in apps.get_models():
            columns = _encrypted_columns(model)
            if columns:
                rewritten += _rotate_table(model, columns, cipher)
        append_event(AuditAction.ROTATE_KEYS, changes={"rows": [None, rewritten]})
    return rewritten


def _rotate_table(model: type[models.Model], columns: list[str], cipher: MultiFernet) -> int:
    qn = connection.ops.quote_name  # identifiers only; values go as parameters
    table, pk = qn(model._meta.db_table), qn(str(model._meta.pk.column))
    select = f"SELECT {pk}, {', '.join(qn(c) for c in columns)} FROM {table}"
    update = f"UPDATE {table} SET {', '.join(f'{qn(c)} = %s' for c in columns)} WHERE {pk} = %s"
    with connection.cursor() as cursor:
        cursor.execute(select)
        rows = cursor.fetchall()
        for row in rows:
            values = [None if v is None else cipher.rotate(v.encode()).decode() for v in row[1:]]
            cursor.execute(update, [*values, row[0]])
    return len(rows)
