"""`manage.py audit_verify`: check the audit chain; exit 1 naming the first broken link."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError

from tansiq.audit.chain import verify_chain


class Command(BaseCommand):
    help = "Verify the sha256 chain of the audit log and name the first broken link."

    def handle(self, *args: Any, **options: Any) -> None:
        result = verify_chain()
        if not result.ok:
            raise CommandError(
                f"audit chain broken at seq {result.broken_seq}: {result.reason} "
                f"({result.checked} events verified before it)",
                returncode=1,
            )
        self.stdout.write(
            f"audit chain intact: {result.checked} events; head seq {result.head_seq}, "
            f"hash {result.head_hash}"
        )
