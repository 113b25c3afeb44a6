"""`manage.py rotate_field_keys`: re-encrypt protected fields with the first TANSIQ_FIELD_KEYS key."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from tansiq.documentation.protected import rotate_protected_fields


class Command(BaseCommand):
    help = (
        "Re-encrypt every protected field with the first key of TANSIQ_FIELD_KEYS. Put the new "
        "key first, keep the old ones after it, run this, then remove the old keys."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        rows = rotate_protected_fields()
        self.stdout.write(f"re-encrypted the protected fields of {rows} rows with the current key")
