"""Protected fields are ciphertext in the database, readable with any listed key, rotatable."""

from __future__ import annotations

import pytest
from cryptography.fernet import Fernet
from django.core.exceptions import ImproperlyConfigured
from django.db import connection

from tansiq.documentation.models import PROTECTED_RECORD_FIELDS, Record
from tansiq.documentation.protected import DecryptionError, rotate_protected_fields

pytestmark = pytest.mark.django_db


def _raw(column: str) -> list[str]:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {connection.ops.quote_name(column)} FROM documentation_record")
        return [row[0] for row in cursor.fetchall()]


def test_protected_fields_are_not_readable_in_the_database(world, witness):
    for column in PROTECTED_RECORD_FIELDS:
        for stored in _raw(column):
            assert witness not in stored and "963" not in stored
            assert stored.startswith("gAAAA")  # a Fernet token
    assert Record.objects.get(uid="T-a_new").witness_name == f"{witness} (a_new)"


def test_the_audit_log_never_holds_a_protected_value_in_clear(world, witness, victor):
    from tansiq.documentation.actions import update_record

    update_record(world.records["a_new"], by=victor, witness_contact="new number 0944 123 456")
    with connection.cursor() as cursor:
        cursor.execute("SELECT changes FROM audit_auditevent")
        logged = " ".join(str(row[0]) for row in cursor.fetchall())
    assert witness not in logged and "0944" not in logged and "+963" not in logged
    assert "<protected>" in logged


def test_the_same_value_encrypts_differently_each_time(world):
    assert len(set(_raw("witness_contact"))) == len(world.records)


def test_a_rotated_key_keeps_old_values_readable_and_rotation_re_encrypts_them(world, settings):
    old_key = settings.TANSIQ_FIELD_KEYS[0]
    new_key = Fernet.generate_key().decode()
    settings.TANSIQ_FIELD_KEYS = [new_key, old_key]
    assert Record.objects.get(uid="T-b_new").witness_name.endswith("(b_new)")
    assert rotate_protected_fields() == len(world.records)
    settings.TANSIQ_FIELD_KEYS = [new_key]
    assert Record.objects.get(uid="T-b_new").witness_name.endswith("(b_new)")
    settings.TANSIQ_FIELD_KEYS = [old_key]
    with pytest.raises(DecryptionError):
        Record.objects.get(uid="T-b_new")


def test_an_invalid_key_is_a_configuration_error(world, settings):
    settings.TANSIQ_FIELD_KEYS = ["not-a-fernet-key"]
    with pytest.raises(ImproperlyConfigured):
        Record.objects.get(uid="T-b_new")
