"""`manage.py evidence_public_copies`: public copies for evidence stored before uploads were
checked."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from tansiq.documentation.actions import make_public_copies


class Command(BaseCommand):
    help = (
        "Type every stored evidence file by its content and give each image a public copy "
        "without EXIF/GPS metadata; the originals are not touched."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        made = make_public_copies()
        self.stdout.write(f"made {made} public copies without location metadata")
