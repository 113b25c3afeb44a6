"""Background tasks run on the database-backed queue and report progress that a page shows."""

from __future__ import annotations

import pytest
from django.core.management import call_command

from tansiq.analysis.models import TaskProgress

# The worker closes its database connection when done, so these tests use real transactions
# (and restore the gazetteer rows that migrations load).
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def _run_worker() -> None:
    """The real worker (`tansiq worker` runs the same command), until the queue is empty."""
    call_command("db_worker", batch=True, startup_delay=False, interval=0, verbosity=0)


def test_a_coordinator_starts_an_audit_check_and_follows_it_to_the_end(client, cora):
    client.force_login(cora)
    response = client.post("/en/analysis/tasks/audit-check/")
    assert response.status_code == 302
    progress = TaskProgress.objects.get()
    assert response["Location"] == f"/en/analysis/tasks/{progress.pk}/"
    assert client.get(response["Location"]).status_code == 200
    assert client.get(f"/en/analysis/tasks/{progress.pk}.json").json()["status"] == "READY"

    _run_worker()

    state = client.get(f"/en/analysis/tasks/{progress.pk}.json").json()
    assert state["status"] == "SUCCESSFUL"
    assert state["fraction"] == 1.0
    assert state["message"] == "chain intact"


def test_the_audit_check_task_reports_a_broken_chain(client, cora):
    from django.db import connection

    client.force_login(cora)
    client.post("/en/analysis/tasks/audit-check/")
    with connection.cursor() as cursor:
        cursor.execute("UPDATE audit_auditevent SET object_label = 'forged' WHERE seq = 2")
    _run_worker()
    assert TaskProgress.objects.get().message.startswith("broken at 2")


@pytest.mark.parametrize("name", ["alice", "eddie"])
def test_members_without_analysis_rights_cannot_start_tasks(client, users, name):
    client.force_login(users[name])
    assert client.post("/en/analysis/tasks/audit-check/").status_code == 404
    assert not TaskProgress.objects.exists()


def test_a_documenter_cannot_follow_someone_elses_task(client, cora, alice):
    client.force_login(cora)
    client.post("/en/analysis/tasks/audit-check/")
    progress = TaskProgress.objects.get()
    client.force_login(alice)
    assert client.get(f"/en/analysis/tasks/{progress.pk}/").status_code == 404
    assert client.get(f"/en/analysis/tasks/{progress.pk}.json").status_code == 404
    assert progress.name not in client.get("/en/analysis/tasks/").content.decode()


def test_anonymous_visitors_are_sent_to_log_in(client):
    response = client.get("/en/analysis/tasks/")
    assert response.status_code == 302
    assert response["Location"].startswith("/en/login/")
