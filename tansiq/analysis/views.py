"""Pages that start background tasks and show their progress."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext, gettext_noop
from django.views.decorators.http import require_POST

from tansiq.analysis.models import TaskProgress
from tansiq.analysis.progress import STATUS_LABELS, enqueue_with_progress, task_status
from tansiq.analysis.tasks import check_audit_chain
from tansiq.committees.access import can_run_analysis


def _visible_tasks(request: HttpRequest) -> QuerySet[TaskProgress]:
    tasks = TaskProgress.objects.select_related("started_by")
    if can_run_analysis(request.user):
        return tasks
    return tasks.filter(started_by=request.user.pk)


@login_required
def task_list(request: HttpRequest) -> HttpResponse:
    """The background tasks the user may follow, newest first."""
    tasks = _visible_tasks(request)[:50]
    return render(
        request,
        "analysis/task_list.html",
        {"tasks": tasks, "can_start": can_run_analysis(request.user)},
    )


@login_required
@require_POST
def start_audit_check(request: HttpRequest) -> HttpResponse:
    """Enqueue a check of the audit log's hash chain and go to its progress page."""
    if not can_run_analysis(request.user):
        raise Http404
    progress = enqueue_with_progress(
        check_audit_chain, name=gettext_noop("audit chain check"), by=request.user
    )
    return redirect("analysis:task_detail", pk=progress.pk)


@login_required
def task_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """One task's progress page; it polls the JSON view while the task runs."""
    progress = get_object_or_404(_visible_tasks(request), pk=pk)
    status = task_status(progress)
    return render(
        request,
        "analysis/task_detail.html",
        {"task": progress, "status": status, "status_label": STATUS_LABELS[status]},
    )


@login_required
def task_progress_json(request: HttpRequest, pk: int) -> JsonResponse:
    """The task's status, fraction done and message, for the progress page to poll."""
    progress = get_object_or_404(_visible_tasks(request), pk=pk)
    status = task_status(progress)
    return JsonResponse(
        {
            "status": status,
            "status_label": str(STATUS_LABELS[status]),
            "fraction": progress.fraction,
            "message": progress.message,
            "message_label": gettext(progress.message) if progress.message else "",
        }
    )
