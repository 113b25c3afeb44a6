"""The backup's contents: a tar streamed through `BackupWriter`, and reading it back.

Entries, in order:
- `meta.json`: format, backup id, when, the database vendor, the applied migrations, each
  table's columns and the audit chain head; read first, so a restore checks that the backup fits
  the database before it writes anything;
- `tables/<app.model>/<part>.jsonl.gz`: rows (see `tansiq.audit.backup.tables`), gzip'd;
- `media/<path>`: every file under MEDIA_ROOT (evidence files), as stored (photos and videos
  are compressed already: compressing them again would only cost time);
- `manifest.json`: each table's row count and sha256, each file's size and sha256.

Media is restored into a staging folder inside MEDIA_ROOT and moved in only when everything
has been read, authenticated and checked; `MediaStaging.undo` puts the old files back.
"""

from __future__ import annotations

import gzip
import hashlib
import io
import json
import os
import secrets
import shutil
import tarfile
import time
import zlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import IO, Any, BinaryIO

from tansiq.audit.backup.crypto import BackupReader, BackupTampered, BackupWriter
from tansiq.audit.backup.tables import canonical, table_parts

META, MANIFEST, TABLES, MEDIA = "meta.json", "manifest.json", "tables/", "media/"
FORMAT = "tansiq-backup/1"
STAGING_PREFIX = ".tansiq-"
_COPY = 1024 * 1024


def _add_bytes(tar: tarfile.TarFile, name: str, data: bytes) -> None:
    info = tarfile.TarInfo(name)
    info.size, info.mtime, info.mode = len(data), int(time.time()), 0o600
    tar.addfile(info, io.BytesIO(data))


def _json_bytes(value: Any) -> bytes:
    return json.dumps(value, ensure_ascii=False, sort_keys=True, indent=1).encode("utf-8")


class _Hashing(io.RawIOBase):
    """Reads a file and hashes what was read."""

    def __init__(self, source: IO[bytes]) -> None:
        self._source, self.digest = source, hashlib.sha256()

    def readable(self) -> bool:
        return True

    def read(self, size: int = -1) -> bytes:
        data = self._source.read(size)
        self.digest.update(data)
        return data


def media_files(media_root: Path) -> Iterator[tuple[str, Path]]:
    """(posix path relative to MEDIA_ROOT, path) of every regular file, sorted; no symlinks."""
    if not media_root.is_dir():
        return
    for folder, dirs, files in os.walk(media_root):
        if Path(folder) == media_root:  # a restore's staging folders (one that was killed)
            dirs[:] = [d for d in dirs if not d.startswith(STAGING_PREFIX)]
        dirs.sort()
        for name in sorted(files):
            path = Path(folder) / name
            if path.is_file() and not path.is_symlink():
                yield path.relative_to(media_root).as_posix(), path


@dataclass
class Written:
    """What `write_archive` put in the file: the manifest, and its totals."""

    manifest: dict[str, Any]
    rows: int = 0
    files: int = 0


def write_archive(
    out: BinaryIO, key: bytes, *, meta: dict[str, Any], media_root: Path, models: list[Any]
) -> Written:
    """Write the encrypted backup of `models`' tables and `media_root` to `out`."""
    written = Written(manifest={"format": FORMAT, "tables": {}, "media": {}})
    writer = BackupWriter(out, key)
    with tarfile.open(fileobj=writer, mode="w|") as tar:  # type: ignore[call-overload]
        _add_bytes(tar, META, _json_bytes(meta))
        for model in models:
            label, digest, rows = model._meta.label_lower, hashlib.sha256(), 0
            for number, part in enumerate(table_parts(model)):
                digest.update(part)
                rows += part.count(b"\n")
                _add_bytes(tar, f"{TABLES}{label}/{number:06d}.jsonl.gz", gzip.compress(part, 6))
            written.manifest["tables"][label] = {"rows": rows, "sha256": digest.hexdigest()}
            written.rows += rows
        for name, path in media_files(media_root):
            with path.open("rb") as source:
                hashing = _Hashing(source)
                info = tar.gettarinfo(str(path), arcname=MEDIA + name)
                info.mode, info.uid, info.gid, info.uname, info.gname = 0o600, 0, 0, "", ""
                tar.addfile(info, hashing)
            written.manifest["media"][name] = {
                "size": info.size,
                "sha256": hashing.digest.hexdigest(),
            }
            written.files += 1
        _add_bytes(tar, MANIFEST, _json_bytes(written.manifest))
    writer.close()
    return written


def _safe_media_name(name: str) -> str:
    path = PurePosixPath(name)
    if path.is_absolute() or ".." in path.parts or not path.parts or name != path.as_posix():
        raise BackupTampered(f"the backup names an unsafe media path: {name!r}")
    return name


class MediaStaging:
    """Media restored into a staging folder inside MEDIA_ROOT, moved in at the end, or dropped.

    The staging folder is inside MEDIA_ROOT (not beside it) so that every move is a rename on
    one file system, even when MEDIA_ROOT is a mount point (a container volume). Swapping in
    moves the current entries into a `.replaced-` folder and the staged ones up; `undo` moves
    them back, also after a swap that failed half way.
    """

    def __init__(self, media_root: Path) -> None:
        self.root = media_root
        token = secrets.token_hex(6)
        self.staged = media_root / f"{STAGING_PREFIX}restoring-{token}"
        self.replaced = media_root / f"{STAGING_PREFIX}replaced-{token}"
        self._moved_out: list[str] = []
        self._moved_in: list[str] = []
        media_root.mkdir(parents=True, exist_ok=True)
        self.staged.mkdir(mode=0o700)

    def add(self, name: str, source: IO[bytes], mtime: float) -> dict[str, Any]:
        """Write one file into the staging folder; its size and sha256."""
        target = self.staged / _safe_media_name(name)
        target.parent.mkdir(parents=True, exist_ok=True)
        digest, size = hashlib.sha256(), 0
        with target.open("xb") as out:
            while chunk := source.read(_COPY):
                digest.update(chunk)
                size += len(chunk)
                out.write(chunk)
        os.utime(target, (mtime, mtime))
        return {"size": size, "sha256": digest.hexdigest()}

    def swap_in(self) -> None:
        self.replaced.mkdir(mode=0o700)
        for entry in sorted(self.root.iterdir()):
            if entry not in (self.staged, self.replaced):
                entry.rename(self.replaced / entry.name)
                self._moved_out.append(entry.name)
        for entry in sorted(self.staged.iterdir()):
            entry.rename(self.root / entry.name)
            self._moved_in.append(entry.name)

    def undo(self) -> None:
        """Put MEDIA_ROOT back as it was before the restore (after a failure)."""
        for name in reversed(self._moved_in):
            (self.root / name).rename(self.staged / name)
        for name in reversed(self._moved_out):
            (self.replaced / name).rename(self.root / name)
        self._moved_in, self._moved_out = [], []
        shutil.rmtree(self.staged, ignore_errors=True)
        shutil.rmtree(self.replaced, ignore_errors=True)

    def discard_replaced(self) -> None:
        shutil.rmtree(self.staged, ignore_errors=True)
        shutil.rmtree(self.replaced, ignore_errors=True)


@dataclass
class Read:
    """What was read back from a backup: the digests of its parts and files, and its manifest."""

    tables: dict[str, dict[str, Any]] = field(default_factory=dict)
    media: dict[str, dict[str, Any]] = field(default_factory=dict)
    manifest: dict[str, Any] | None = None


class ArchiveIn:
    """A backup file opened for reading: `meta` at once, then `load` the rest."""

    def __init__(self, source: BinaryIO, key: bytes) -> None:
        self._reader = BackupReader(source, key)
        try:
            # A stream over the caller's file, which the caller closes.
            self._tar: tarfile.TarFile = tarfile.open(  # noqa: SIM115
                fileobj=self._reader, mode="r|"
            )  # type: ignore[call-overload]
            self._members: Iterator[tarfile.TarInfo] = iter(self._tar)
            first = next(self._members, None)
            if first is None or first.name != META:
                raise BackupTampered("the backup does not start with its meta.json")
            self.meta: dict[str, Any] = json.loads(self._extract(first).read())
        except (tarfile.TarError, EOFError, zlib.error, json.JSONDecodeError) as exc:
            raise BackupTampered(f"the backup's contents are unreadable: {exc}") from exc

    def _extract(self, member: tarfile.TarInfo) -> IO[bytes]:
        if not member.isfile():
            raise BackupTampered(f"the backup holds a non-file entry: {member.name!r}")
        handle = self._tar.extractfile(member)
        if handle is None:
            raise BackupTampered(f"the backup's entry {member.name!r} is unreadable")
        return handle

    def load(self, insert: Any, staging: MediaStaging) -> Read:
        """Hand each table part to `insert(label, part)`, stage each file; return the digests."""
        read: Read = Read()
        digests: dict[str, Any] = {}
        canonicals: dict[str, Any] = {}
        try:
            for member in self._members:
                handle = self._extract(member)
                if read.manifest is not None:
                    raise BackupTampered(
                        f"the backup has an entry after its manifest: {member.name!r}"
                    )
                if member.name.startswith(TABLES):
                    label = member.name[len(TABLES) :].split("/", 1)[0]
                    part = gzip.decompress(handle.read())
                    digests.setdefault(label, hashlib.sha256()).update(part)
                    canonicals.setdefault(label, hashlib.sha256()).update(canonical(part))
                    entry = read.tables.setdefault(label, {"rows": 0})
                    entry["rows"] += insert(label, part)
                elif member.name.startswith(MEDIA):
                    name = member.name[len(MEDIA) :]
                    read.media[name] = staging.add(name, handle, member.mtime)
                elif member.name == MANIFEST:
                    read.manifest = json.loads(handle.read())
                else:
                    raise BackupTampered(f"the backup holds an unknown entry: {member.name!r}")
            self._reader.drain()
        except (
            tarfile.TarError,
            EOFError,
            zlib.error,
            gzip.BadGzipFile,
            json.JSONDecodeError,
        ) as exc:
            raise BackupTampered(f"the backup's contents are unreadable: {exc}") from exc
        for label, digest in digests.items():
            read.tables[label]["sha256"] = digest.hexdigest()
            read.tables[label]["canonical"] = canonicals[label].hexdigest()
        return read
