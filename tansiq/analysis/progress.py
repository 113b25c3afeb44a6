"""Enqueue background tasks with a progress row, and report progress from inside them."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _
from django_tasks import TaskContext, TaskResultStatus, default_task_backend

from tansiq.analysis.models import TaskProgress


def enqueue_with_progress(task: Any, *args: Any, name: str, by: Any = None) -> TaskProgress:
    """Enqueue `task(*args)` and create the progress row its page reads."""
    result = task.enqueue(*args)
    user = by if by is not None and by.is_authenticated else None
    progress, _ = TaskProgress.objects.update_or_create(
        task_id=str(result.id), defaults={"name": name, "started_by": user}
    )
    return progress


def report_progress(context: TaskContext, fraction: float, message: str = "") -> None:
    """Record that the running task is `fraction` (0..1) done, with a short message."""
    fraction = min(max(fraction, 0.0), 1.0)
    TaskProgress.objects.filter(task_id=str(context.task_result.id)).update(
        fraction=fraction, message=message[:500]
    )


STATUS_LABELS = {
    "READY": _("waiting for a worker"),
    "RUNNING": _("running"),
    "SUCCESSFUL": _("finished"),
    "FAILED": _("failed"),
    "UNKNOWN": _("unknown"),
}


def task_status(progress: TaskProgress) -> str:
    """The queue's status of the task behind `progress` (READY, RUNNING, SUCCESSFUL, FAILED)."""
    try:
        result = default_task_backend.get_result(progress.task_id)
    except Exception:  # noqa: BLE001 - a pruned or unknown result is shown as unknown
        return "UNKNOWN"
    status: TaskResultStatus = result.status
    return str(status.value if hasattr(status, "value") else status)
