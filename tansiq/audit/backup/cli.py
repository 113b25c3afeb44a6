"""`tansiq backup` and `tansiq restore`; registered with the web commands (`tansiq.web.cli`).

The key is read before Django is set up: without one, nothing is opened at all.
"""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Annotated

import typer

KeyFile = Annotated[
    Path | None,
    typer.Option(
        "--key-file",
        help="File holding the backup key (default: $TANSIQ_BACKUP_KEY_FILE, else $TANSIQ_BACKUP_KEY).",
        dir_okay=False,
    ),
]


def _fail(command: str, message: str) -> typer.Exit:
    typer.echo(f"tansiq {command}: {message}", err=True)
    return typer.Exit(1)


def _file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as source:
        while chunk := source.read(1024 * 1024):
            digest.update(chunk)
    return digest.hexdigest()


def backup(
    output: Annotated[
        Path | None, typer.Argument(help="The backup file to write; it must not exist yet.")
    ] = None,
    key_file: KeyFile = None,
    new_key: Annotated[
        bool, typer.Option("--new-key", help="Print a new backup key and exit.")
    ] = False,
) -> None:
    """Write an encrypted backup of the database, the media (evidence files) and the audit chain."""
    from tansiq.audit.backup.crypto import BackupError, load_key
    from tansiq.audit.backup.crypto import new_key as make_key

    if new_key:
        typer.echo(make_key())
        return
    if output is None:
        raise _fail("backup", "name the backup file to write, e.g. `tansiq backup tansiq.backup`")
    try:
        key = load_key(key_file)
        from tansiq.web.cli import _django

        _django()
        from tansiq.audit.actions import create_backup
        from tansiq.audit.context import acting_as

        with acting_as(label="command line"):
            summary = create_backup(output, key=key)
    except (BackupError, OSError) as exc:
        raise _fail("backup", str(exc)) from exc
    typer.echo(
        f"backup {summary.backup_id} written to {output}: {summary.rows} rows, {summary.files} "
        f"files, audit chain head seq {summary.head_seq}; file sha256 {_file_sha256(output)}. "
        "Keep the backup key apart from the file."
    )


def restore(
    backup_file: Annotated[
        Path, typer.Argument(help="The backup file to restore.", exists=True, dir_okay=False)
    ],
    key_file: KeyFile = None,
    force: Annotated[
        bool,
        typer.Option("--force", help="Replace a database (and media folder) that is not empty."),
    ] = False,
) -> None:
    """Replace the database, media and audit chain with a backup; all or nothing."""
    from tansiq.audit.backup.crypto import BackupError, load_key

    try:
        key = load_key(key_file)
        from tansiq.web.cli import _django

        _django()
        from tansiq.audit.actions import restore_backup
        from tansiq.audit.context import acting_as

        with acting_as(label="command line"):
            summary = restore_backup(backup_file, key=key, force=force)
    except (BackupError, OSError) as exc:
        raise _fail("restore", f"{exc} (nothing was changed)") from exc
    typer.echo(
        f"restored backup {summary.backup_id}: {summary.rows} rows, {summary.files} files; "
        f"the restore is audit event seq {summary.head_seq}. Check with `tansiq audit verify`."
    )
