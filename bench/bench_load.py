"""Many documenters submitting at once through gunicorn on loopback, bounded in time.

    nice -n 10 .venv/bin/python bench/bench_load.py [--clients 50] [--seconds 60] [--postgres]

Migrates a fresh database (a temporary SQLite file; with --postgres a fresh PostgreSQL database
`tansiq_bench_load` on 127.0.0.1, dropped and made again), creates one committee, its dataset
and CLIENTS documenter accounts, and starts gunicorn (gthread) with the production settings
(DEBUG=0) on 127.0.0.1. Each client, a thread with its own HTTP session, logs in through the
admin login form, then until the time is up opens the record add form and submits it (the web
intake form of issue 8 does not exist yet; the admin's add form goes through the same
`add_record` action, its audit event and its submission key). Prints the errors, how many
records were submitted and stored, the latency of each kind of request (median, p95, max), and
the outcome of `tansiq audit verify` on the database afterwards.
"""

from __future__ import annotations

import argparse
import os
import re
import secrets
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections import defaultdict
from pathlib import Path
from typing import Any

import requests

PASSWORD = "bench-documenter-password-7c1f"
PG_ADMIN_URL = "postgres://postgres@127.0.0.1:5432/postgres"
PG_BENCH_DB = "tansiq_bench_load"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _fresh_postgres() -> str:
    import psycopg

    with psycopg.connect(PG_ADMIN_URL, autocommit=True) as admin:
        admin.execute(f"DROP DATABASE IF EXISTS {PG_BENCH_DB} WITH (FORCE)")
        admin.execute(f"CREATE DATABASE {PG_BENCH_DB}")
    return PG_ADMIN_URL.rsplit("/", 1)[0] + f"/{PG_BENCH_DB}"


def _environment(home: Path, database_url: str) -> dict[str, str]:
    from cryptography.fernet import Fernet

    return {
        **os.environ,
        "TANSIQ_HOME": str(home),
        "DATABASE_URL": database_url,
        "DJANGO_SETTINGS_MODULE": "tansiq.web.settings",
        "DEBUG": "0",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "TANSIQ_FIELD_KEYS": Fernet.generate_key().decode(),
        "ALLOWED_HOSTS": "127.0.0.1",
        "SECURE_SSL_REDIRECT": "0",  # plain HTTP on loopback
    }


def _prepare(clients: int) -> int:
    """Migrate, make the committee, its dataset and the documenters; the dataset's id."""
    import django

    django.setup()
    from django.contrib.auth import get_user_model
    from django.contrib.auth.hashers import make_password
    from django.core.management import call_command
    from django.db import connection

    from tansiq.committees.models import Committee, Membership
    from tansiq.documentation.models import Dataset

    call_command("migrate", verbosity=0)
    committee = Committee.objects.create(name_ar="تنسيقية حمص", name_en="Homs", slug="homs")
    dataset = Dataset.objects.create(name="Homs records", slug="homs", committee=committee)
    encoded = make_password(PASSWORD)  # hashed once: the server still checks it per login
    users = get_user_model().objects.bulk_create(
        get_user_model()(username=f"documenter{n:02d}", password=encoded, is_staff=True)
        for n in range(clients)
    )
    Membership.objects.bulk_create(
        Membership(user=user, committee=committee, role="documenter") for user in users
    )
    connection.close()
    return int(dataset.pk)


def _start_gunicorn(env: dict[str, str], port: int, workers: int, threads: int, log: Path) -> Any:
    gunicorn = Path(sys.executable).with_name("gunicorn")
    output = log.open("w")
    server = subprocess.Popen(
        [
            str(gunicorn),
            "tansiq.web.wsgi:application",
            f"--bind=127.0.0.1:{port}",
            f"--workers={workers}",
            f"--threads={threads}",
            "--worker-class=gthread",
            "--timeout=60",
            "--log-level=warning",
        ],
        env=env,
        stdout=output,
        stderr=subprocess.STDOUT,
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            requests.get(f"http://127.0.0.1:{port}/en/admin/login/", timeout=5)
            return server
        except requests.ConnectionError:
            time.sleep(0.3)
    server.terminate()
    raise SystemExit("gunicorn did not start within a minute")


_CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
_FIELD = r'name="{}"[^>]*value="([^"]+)"|value="([^"]+)"[^>]*name="{}"'


def _field(page: str, name: str) -> str:
    found = re.search(_FIELD.format(name, name), page)
    if found is None:
        raise ValueError(f"no {name} in the form")
    return found.group(1) or found.group(2)


class Client:
    """One documenter's browser: a session, its timings and its errors."""

    def __init__(self, base: str, username: str, dataset: int, log: dict[str, list[float]]):
        self.base, self.username, self.dataset = base, username, dataset
        self.session = requests.Session()
        self.log, self.errors, self.submitted = log, [], 0

    def _timed(self, kind: str, method: str, path: str, **kwargs: Any) -> requests.Response:
        started = time.perf_counter()
        response = self.session.request(
            method, self.base + path, allow_redirects=False, timeout=60, **kwargs
        )
        self.log[kind].append(time.perf_counter() - started)
        for cookie in self.session.cookies:  # DEBUG=0 marks cookies Secure; this is loopback
            cookie.secure = False
        return response

    def login(self) -> None:
        page = self._timed("login form (GET)", "GET", "/en/admin/login/").text
        data = {
            "csrfmiddlewaretoken": _CSRF.search(page).group(1),  # type: ignore[union-attr]
            "username": self.username,
            "password": PASSWORD,
            "next": "/en/admin/",
        }
        response = self._timed("login (POST)", "POST", "/en/admin/login/", data=data)
        if response.status_code != 302:
            raise RuntimeError(f"{self.username}: login answered {response.status_code}")

    def submit_one(self, n: int) -> None:
        path = "/en/admin/documentation/record/add/"
        form = self._timed("record form (GET)", "GET", path)
        if form.status_code != 200:
            raise RuntimeError(f"record form answered {form.status_code}")
        page = form.text
        data = {
            "csrfmiddlewaretoken": _CSRF.search(page).group(1),  # type: ignore[union-attr]
            "submission_key": _field(page, "submission_key"),
            "uid": _field(page, "uid"),
            "dataset": str(self.dataset),
            "name_ar": f"شهيد {self.username} {n}",
            "act": "killed",
            "locality": "باب عمرو",
        }
        response = self._timed("record submission (POST)", "POST", path, data=data)
        if response.status_code != 302:
            raise RuntimeError(f"submission answered {response.status_code}")
        self.submitted += 1

    def run(self, start: threading.Barrier, deadline: list[float]) -> None:
        try:
            self.login()
        except Exception as exc:  # counted, reported
            self.errors.append(repr(exc))
            start.wait()
            return
        start.wait()
        n = 0
        while time.monotonic() < deadline[0]:
            try:
                self.submit_one(n)
            except Exception as exc:
                self.errors.append(repr(exc))
            n += 1


def _percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def _report(log: dict[str, list[float]]) -> None:
    print(f"  {'request':<28} {'count':>6} {'median ms':>10} {'p95 ms':>8} {'max ms':>8}")
    for kind, times in log.items():
        print(
            f"  {kind:<28} {len(times):>6} {statistics.median(times) * 1000:>10.0f}"
            f" {_percentile(times, 0.95) * 1000:>8.0f} {max(times) * 1000:>8.0f}"
        )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=60, help="submission phase length")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--threads", type=int, default=8)
    parser.add_argument("--postgres", action="store_true")
    args = parser.parse_args()

    home = Path(tempfile.mkdtemp(prefix="tansiq-bench-load-"))
    url = _fresh_postgres() if args.postgres else f"sqlite:///{home / 'bench.sqlite3'}"
    env = _environment(home, url)
    os.environ.update(env)
    dataset = _prepare(args.clients)
    port = _free_port()
    print(
        f"database: {url.split(':', 1)[0]}; {args.clients} clients; gunicorn "
        f"{args.workers} workers x {args.threads} threads; {os.cpu_count()} CPUs"
    )
    server_log = home / "gunicorn.log"
    server = _start_gunicorn(env, port, args.workers, args.threads, server_log)
    log: dict[str, list[float]] = defaultdict(list)
    clients = [
        Client(f"http://127.0.0.1:{port}", f"documenter{n:02d}", dataset, log)
        for n in range(args.clients)
    ]
    deadline = [0.0]
    start = threading.Barrier(args.clients + 1)
    workers = [threading.Thread(target=c.run, args=(start, deadline)) for c in clients]
    try:
        for worker in workers:
            worker.start()
        start.wait()  # every client has logged in (or failed to)
        began = time.monotonic()
        deadline[0] = began + args.seconds
        for worker in workers:
            worker.join()
        elapsed = time.monotonic() - began
    finally:
        server.terminate()
        server.wait(timeout=30)

    from tansiq.documentation.models import Record

    errors = [e for c in clients for e in c.errors]
    submitted = sum(c.submitted for c in clients)
    stored = Record.objects.filter(dataset_id=dataset).count()
    print(f"  errors: {len(errors)}" + (f" (first: {errors[0]})" if errors else ""))
    print(
        f"  records submitted: {submitted} in {elapsed:.1f} s ({submitted / elapsed:.1f} /s);"
        f" stored: {stored}"
    )
    _report(log)
    tracebacks = server_log.read_text().count("Traceback")
    print(f"  server tracebacks: {tracebacks} (log: {server_log})")
    tansiq = Path(sys.executable).with_name("tansiq")
    verified = subprocess.run(
        [str(tansiq), "audit", "verify"], env=env, capture_output=True, text=True
    )
    print(
        f"  tansiq audit verify (exit {verified.returncode}): {verified.stdout.strip()}"
        f"{verified.stderr.strip()}"
    )


if __name__ == "__main__":
    main()
