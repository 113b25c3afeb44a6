"""Run as a script: another installation (a fresh SQLite database file holding the demo data and
an evidence file) makes a backup; print what it holds as JSON.

    python tests/audit/backup_elsewhere.py DATABASE_URL BACKUP_PATH

The environment gives TANSIQ_BACKUP_KEY, TANSIQ_FIELD_KEYS and MEDIA_ROOT. `test_backup.py`
restores the file into the test database: on PostgreSQL that is a backup of SQLite restored
into PostgreSQL.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import sys
from pathlib import Path
from typing import Any


def make_backup(url: str, path: Path) -> dict[str, Any]:
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tansiq.web.settings")
    import django

    django.setup()
    from django.conf import settings
    from django.contrib.auth import get_user_model
    from django.core.files.base import ContentFile
    from django.core.management import call_command
    from PIL import Image

    from tansiq.audit.actions import create_backup
    from tansiq.audit.backup.crypto import load_key
    from tansiq.documentation.actions import add_evidence
    from tansiq.documentation.models import Record
    from tansiq.web.demo import load_demo

    call_command("migrate", verbosity=0)
    load_demo(persons=40)
    admin = get_user_model().objects.get(username="admin")
    witnessed = Record.objects.exclude(witness_name="").order_by("pk").first()
    assert witnessed is not None
    pixels = hashlib.shake_256(b"evidence").digest(200 * 150 * 3)
    scan = io.BytesIO()
    Image.frombytes("RGB", (200, 150), pixels).save(scan, format="PNG")
    add_evidence(by=admin, record=witnessed, file=ContentFile(scan.getvalue(), name="scan.png"))
    made = create_backup(path, key=load_key())
    media = Path(settings.MEDIA_ROOT)
    return {
        "vendor": "sqlite",
        "rows": made.rows,
        "records": Record.objects.count(),
        "head_seq": made.head_seq,
        "witness": [witnessed.uid, witnessed.witness_name],
        "media": {
            p.relative_to(media).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(media.rglob("*"))
            if p.is_file()
        },
    }


if __name__ == "__main__":
    print(json.dumps(make_backup(sys.argv[1], Path(sys.argv[2]))))
