"""Background tasks of the analysis app, run by `tansiq worker`."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_noop
from django_tasks import TaskContext, task

from tansiq.analysis.progress import report_progress


@task(takes_context=True)
def check_audit_chain(context: TaskContext) -> dict[str, Any]:
    """Verify the audit log's hash chain, reporting progress as it goes."""
    from tansiq.audit.chain import verify_chain

    checking = gettext_noop("checking")
    report_progress(context, 0.0, checking)
    result = verify_chain(progress=lambda fraction: report_progress(context, fraction, checking))
    # Stored untranslated; pages translate it for each reader.
    message = (
        gettext_noop("chain intact")
        if result.ok
        else f"broken at {result.broken_seq}: {result.reason}"
    )
    report_progress(context, 1.0, message)
    return {"ok": result.ok, "checked": result.checked, "message": message}
