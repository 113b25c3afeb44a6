"""The web-side commands of `tansiq`: demo, serve, worker, audit, backup, restore, manage."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from typing import Annotated

import typer

from tansiq.audit.backup.cli import backup, restore

SETTINGS = "tansiq.web.settings"


def _django() -> None:
    """Set up Django with tansiq's settings (imported here so engine commands stay light)."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", SETTINGS)
    import django

    django.setup()


def _manage(*args: str) -> None:
    from django.core.management import call_command

    _django()
    call_command(*args)


def demo(
    host: Annotated[str, typer.Option(help="Address to serve on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port to serve on.")] = 8000,
    no_serve: Annotated[bool, typer.Option("--no-serve", help="Set up only.")] = False,
) -> None:
    """Migrate, load the demo data if the database is empty, then serve with a worker."""
    from rich.console import Console

    _django()
    from django.core.management import call_command

    from tansiq.web.demo import DEMO_PASSWORD, load_demo

    console = Console()
    call_command("migrate", interactive=False, verbosity=0)
    users = load_demo()
    base = f"http://{host}:{port}"
    console.print(
        f"[bold]tansiq demo[/bold]: {base}/ar/  (English: {base}/en/, admin: {base}/ar/admin/)"
    )
    console.print(f"Demo logins (password [bold]{DEMO_PASSWORD}[/bold] for all):")
    for username, role in users:
        console.print(f"  {username:<12} {role}")
    if not no_serve:
        _serve_with_worker(host, port)


def _serve_with_worker(host: str, port: int) -> None:
    """Run the task worker in a child process and the web server in the foreground."""
    env = dict(os.environ, DJANGO_SETTINGS_MODULE=SETTINGS)
    worker = subprocess.Popen([sys.executable, "-m", "tansiq.cli", "worker"], env=env)
    # A plain `kill` of the demo must stop its worker too: turn SIGTERM into a clean exit.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    try:
        serve(host=host, port=port)
    finally:
        worker.send_signal(signal.SIGTERM)
        worker.wait(timeout=30)


def serve(
    host: Annotated[str, typer.Option(help="Address to serve on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port to serve on.")] = 8000,
) -> None:
    """Serve the web application (Django's server; use a WSGI server in production)."""
    _manage("runserver", f"{host}:{port}", "--noreload")


def worker() -> None:
    """Run the background task worker (database-backed queue)."""
    _manage("db_worker")


audit_app = typer.Typer(help="Check the audit log.", no_args_is_help=True)


@audit_app.command("verify")
def audit_verify() -> None:
    """Check the audit log's hash chain; name the first broken link and exit 1 if any."""
    _django()
    from django.core.management import call_command
    from django.core.management.base import CommandError

    try:
        call_command("audit_verify")
    except CommandError as exc:
        typer.echo(str(exc), err=True)
        raise typer.Exit(1) from exc


def manage(ctx: typer.Context) -> None:
    """Run any Django management command: `tansiq manage migrate`, `tansiq manage shell` ..."""
    _django()
    from django.core.management import execute_from_command_line

    execute_from_command_line(["tansiq manage", *ctx.args])


def register(app: typer.Typer) -> None:
    """Add the web commands to the `tansiq` command."""
    app.command("demo")(demo)
    app.command("serve")(serve)
    app.command("worker")(worker)
    app.add_typer(audit_app, name="audit")
    app.command("backup")(backup)
    app.command("restore")(restore)
    app.command(
        "manage", context_settings={"allow_extra_args": True, "ignore_unknown_options": True}
    )(manage)
