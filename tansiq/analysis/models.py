"""Background work the network runs: progress of tasks (linkage, estimation, checks)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class TaskProgress(models.Model):
    """How far one background task has come, written by the task and read by its page.

    `task_id` is the id of the django-tasks result; the row exists from the moment the task is
    enqueued, so a page can show "waiting" before a worker picks it up.
    """

    task_id = models.CharField(_("task id"), max_length=64, unique=True)
    name = models.CharField(_("name"), max_length=200)
    fraction = models.FloatField(_("fraction done"), default=0.0)
    message = models.CharField(_("message"), max_length=500, blank=True)
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("started by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("task progress")
        verbose_name_plural = _("task progress")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.name} ({self.fraction:.0%})"
