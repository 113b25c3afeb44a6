"""The backup file's encryption: AES-256-GCM over fixed-size chunks, authenticated end to end.

A backup file is a header followed by chunks. The header names the format, a random salt and a
random nonce prefix, and a key check. The file key is derived from the backup key and the salt
(HKDF-SHA256), so every file has its own key. Chunk `i` is encrypted with the nonce
`prefix || i || last` (the STREAM construction of Hoang, Reyhanitabar, Rogaway and Vizár 2015)
and the header as associated data, so a changed, removed, reordered or appended chunk, a changed
header and a file cut short are all refused: `BackupReader` raises `BackupTampered` before it
hands out any byte that was not authenticated. The key check tells a wrong key apart from a
tampered file. The backup key itself is never written.

No Django import: the format is plain bytes in, bytes out.
"""

from __future__ import annotations

import base64
import binascii
import hmac
import os
import struct
from collections.abc import Mapping
from pathlib import Path
from typing import BinaryIO

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

MAGIC = b"TANSIQ-BACKUP\x00"
VERSION = 1
CHUNK = 64 * 1024  # plaintext bytes per chunk
TAG = 16
_SALT, _PREFIX, _CHECK = 16, 7, 16
_HEADER = struct.Struct(f">{len(MAGIC)}sBI{_SALT}s{_PREFIX}s{_CHECK}s")
HEADER_SIZE = _HEADER.size


class BackupError(Exception):
    """A backup could not be made or restored; the message says why, for the person running it."""


class BackupKeyError(BackupError):
    """The backup key is missing, malformed, or not the key this backup was made with."""


class BackupTampered(BackupError):
    """The backup file is not a tansiq backup, or was altered or cut short."""


def parse_key(text: str) -> bytes:
    """The 32 bytes of a backup key written as URL-safe base64 (as `Fernet.generate_key()`)."""
    try:
        key = base64.urlsafe_b64decode(text.strip().encode("ascii"))
    except (binascii.Error, UnicodeEncodeError, ValueError) as exc:
        raise BackupKeyError("the backup key is not URL-safe base64") from exc
    if len(key) != 32:
        raise BackupKeyError(f"the backup key must hold 32 bytes, not {len(key)}")
    return key


KEY_ENV, KEY_FILE_ENV = "TANSIQ_BACKUP_KEY", "TANSIQ_BACKUP_KEY_FILE"
NO_KEY = (
    f"no backup key: set {KEY_ENV}, or {KEY_FILE_ENV} or --key-file to a file holding it. "
    "Make one with `tansiq backup --new-key` and keep it apart from the backups and from "
    "TANSIQ_FIELD_KEYS (docs/security.md, Backups)"
)


def new_key() -> str:
    """A fresh backup key: 32 random bytes as URL-safe base64."""
    return base64.urlsafe_b64encode(os.urandom(32)).decode("ascii")


def load_key(key_file: Path | None = None, environ: Mapping[str, str] = os.environ) -> bytes:
    """The backup key from `key_file`, else the file named by TANSIQ_BACKUP_KEY_FILE, else
    TANSIQ_BACKUP_KEY itself; `BackupKeyError` with a clear message if there is none."""
    if key_file is None and environ.get(KEY_FILE_ENV, "").strip():
        key_file = Path(environ[KEY_FILE_ENV].strip())
    if key_file is not None:
        try:
            text = key_file.read_text(encoding="ascii")
        except (OSError, UnicodeDecodeError) as exc:
            raise BackupKeyError(f"cannot read the backup key file {key_file}: {exc}") from exc
    else:
        text = environ.get(KEY_ENV, "")
    if not text.strip():
        raise BackupKeyError(NO_KEY)
    return parse_key(text)


def _derive(key: bytes, salt: bytes, purpose: bytes) -> bytes:
    hkdf = HKDF(algorithm=hashes.SHA256(), length=32, salt=salt, info=b"tansiq backup " + purpose)
    return hkdf.derive(key)


def _nonce(prefix: bytes, counter: int, last: bool) -> bytes:
    if counter >= 2**32:
        raise OverflowError("a backup file holds at most 2**32 chunks (256 TiB)")
    return prefix + struct.pack(">IB", counter, 1 if last else 0)


class BackupWriter:
    """A write-only binary stream that encrypts into `out`; `close()` writes the last chunk."""

    def __init__(self, out: BinaryIO, key: bytes) -> None:
        salt, self._prefix = os.urandom(_SALT), os.urandom(_PREFIX)
        check = _derive(key, salt, b"key check")[:_CHECK]
        self._header = _HEADER.pack(MAGIC, VERSION, CHUNK, salt, self._prefix, check)
        self._aead = AESGCM(_derive(key, salt, b"file key"))
        self._out, self._buffer, self._counter, self.closed = out, bytearray(), 0, False
        out.write(self._header)

    def write(self, data: bytes) -> int:
        self._buffer += data
        while len(self._buffer) > CHUNK:  # keep the tail: the last chunk is written by close()
            self._seal(bytes(self._buffer[:CHUNK]), last=False)
            del self._buffer[:CHUNK]
        return len(data)

    def _seal(self, plain: bytes, *, last: bool) -> None:
        nonce = _nonce(self._prefix, self._counter, last)
        self._out.write(self._aead.encrypt(nonce, plain, self._header))
        self._counter += 1

    def flush(self) -> None:
        self._out.flush()

    def close(self) -> None:
        if not self.closed:
            if len(self._buffer) == CHUNK:  # the last chunk must be shorter than a full one
                self._seal(bytes(self._buffer), last=False)
                self._buffer.clear()
            self._seal(bytes(self._buffer), last=True)
            self._out.flush()
            self.closed = True


class BackupReader:
    """A read-only binary stream of the plaintext of a backup file; every byte is authenticated.

    Raises `BackupKeyError` on a wrong key and `BackupTampered` on anything altered or missing.
    `finished` is true once the authenticated last chunk has been read.
    """

    def __init__(self, source: BinaryIO, key: bytes) -> None:
        header = source.read(HEADER_SIZE)
        if len(header) < HEADER_SIZE or not header.startswith(MAGIC):
            raise BackupTampered("this is not a tansiq backup file")
        _, version, chunk, salt, self._prefix, check = _HEADER.unpack(header)
        if version != VERSION or chunk != CHUNK:
            raise BackupTampered(f"unknown backup format version {version} (chunk {chunk})")
        if not hmac.compare_digest(check, _derive(key, salt, b"key check")[:_CHECK]):
            raise BackupKeyError(
                "this backup was made with a different backup key, or its header was altered"
            )
        self._aead = AESGCM(_derive(key, salt, b"file key"))
        self._source, self._header = source, header
        self._buffer, self._counter, self.finished = bytearray(), 0, False

    def _open_next(self) -> None:
        sealed = self._source.read(CHUNK + TAG)
        last = len(sealed) < CHUNK + TAG
        offset = HEADER_SIZE + self._counter * (CHUNK + TAG)
        try:
            plain = self._aead.decrypt(
                _nonce(self._prefix, self._counter, last), sealed, self._header
            )
        except InvalidTag as exc:
            where = "cut short" if last else "altered"
            raise BackupTampered(f"the backup file was {where} (chunk at byte {offset})") from exc
        self._buffer += plain
        self._counter += 1
        self.finished = last

    def read(self, size: int = -1) -> bytes:
        while not self.finished and (size < 0 or len(self._buffer) < size):
            self._open_next()
        if size < 0:
            size = len(self._buffer)
        data = bytes(self._buffer[:size])
        del self._buffer[:size]
        return data

    def drain(self) -> None:
        """Read and authenticate the rest of the file (to reach the last chunk)."""
        while not self.finished:
            self._open_next()
            self._buffer.clear()
        if self._source.read(1):
            raise BackupTampered("the backup file has bytes after its last chunk")
