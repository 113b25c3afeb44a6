"""`manage.py intake_purge_drafts`: remove the files of intake forms nobody came back to."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from tansiq.intake.drafts import purge_drafts


class Command(BaseCommand):
    help = (
        "Remove the files kept for intake forms that were never saved, once their newest file "
        "is older than --days (default 14)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--days", type=int, default=14)

    def handle(self, *args: Any, **options: Any) -> None:
        removed = purge_drafts(dt.timedelta(days=options["days"]))
        self.stdout.write(f"removed {removed} unsaved intake drafts")
