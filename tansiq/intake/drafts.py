"""Files of a submission that is not saved yet, kept so that a failed submission loses none.

A draft belongs to one user and one form (its submission key): the files wait in
`MEDIA_ROOT/intake-drafts/<user id>/<key>/`, already checked by their content like any evidence
(`uploads.inspect_upload`), until the submission is saved (they become evidence) or removed.
They are never served: the form shows only their names, sizes and sha256. A draft nobody comes
back to is removed by `tansiq manage intake_purge_drafts` (`purge_drafts`).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
import shutil
import time
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.files import File
from django.core.files.storage import FileSystemStorage

from tansiq.documentation.uploads import inspect_upload


@dataclass(frozen=True)
class DraftFile:
    """A file waiting in a draft: `stored` names it in the draft folder, `name` is shown."""

    stored: str
    name: str
    sha256: str
    size: int


def drafts_root() -> Path:
    return Path(settings.MEDIA_ROOT) / "intake-drafts"


def purge_drafts(older_than: dt.timedelta) -> int:
    """Remove the drafts whose newest file is older than `older_than`; how many were removed."""
    root, limit = drafts_root(), time.time() - older_than.total_seconds()
    if not root.is_dir():
        return 0
    removed = 0
    for folder in (f for user in root.iterdir() if user.is_dir() for f in user.iterdir()):
        times = [p.stat().st_mtime for p in folder.iterdir()] or [folder.stat().st_mtime]
        if max(times) < limit:
            shutil.rmtree(folder, ignore_errors=True)
            removed += 1
    return removed


def _sha256(path: Path) -> str:
    with path.open("rb") as handle:
        return hashlib.file_digest(handle, "sha256").hexdigest()


class Draft:
    """The files of one user's submission `key`."""

    def __init__(self, user: Any, key: uuid.UUID) -> None:
        self.folder = drafts_root() / str(user.pk) / key.hex
        self.storage = FileSystemStorage(location=self.folder)

    def add(self, upload: Any) -> DraftFile:
        """Check `upload` by its content (a `ValidationError` on `file` when refused) and keep it."""
        checked = inspect_upload(upload)
        stored = self.storage.save(f"{secrets.token_hex(4)}-{checked.name}", upload)
        return self._describe(stored)

    def files(self) -> list[DraftFile]:
        """The files kept so far, in the order they came."""
        if not self.folder.is_dir():
            return []
        paths = sorted(self.folder.iterdir(), key=lambda p: (p.stat().st_mtime_ns, p.name))
        return [self._describe(p.name) for p in paths if p.is_file()]

    def remove(self, stored: str) -> None:
        """Drop one file (the name must be one of `files()`: nothing outside the folder)."""
        if stored in {f.stored for f in self.files()}:
            self.storage.delete(stored)

    def open(self, draft_file: DraftFile) -> File[Any]:
        """The kept file, open for reading, under the name it was sent with."""
        return File((self.folder / draft_file.stored).open("rb"), name=draft_file.name)

    def clear(self) -> None:
        """Forget the draft (after its files became evidence)."""
        shutil.rmtree(self.folder, ignore_errors=True)

    def _describe(self, stored: str) -> DraftFile:
        path = self.folder / stored
        return DraftFile(stored, stored.split("-", 1)[-1], _sha256(path), path.stat().st_size)
