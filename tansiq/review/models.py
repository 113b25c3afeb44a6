"""Persons (resolved individuals) and match decisions.

Records link to a Person through `PersonRecord`, a membership table on the review side (one row
per record, so a record belongs to at most one person). Keeping the link here rather than a
foreign key on Record lets data flow one way: documentation does not know about review.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tansiq.audit.models import AuditedModel
from tansiq.committees.models import Place
from tansiq.documentation.dates import DatedModel
from tansiq.documentation.models import Record, Sex


class Person(AuditedModel, DatedModel):
    """A resolved individual: a cluster of records; canonical fields are derived from them."""

    name_ar = models.CharField(_("name (Arabic script)"), max_length=255, blank=True)
    name_latin = models.CharField(_("name (Latin script)"), max_length=255, blank=True)
    sex = models.CharField(_("sex"), max_length=1, choices=Sex.choices, blank=True)
    age = models.PositiveSmallIntegerField(_("age (years)"), null=True, blank=True)
    place = models.ForeignKey(
        Place, verbose_name=_("governorate"), null=True, blank=True, on_delete=models.PROTECT
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        ordering = ["-id"]
        verbose_name = _("person")
        verbose_name_plural = _("persons")

    def __str__(self) -> str:
        return f"P{self.pk} {self.name_ar or self.name_latin}"


class PersonRecord(AuditedModel):
    """A record's membership of a person (at most one person per record)."""

    class Method(models.TextChoices):
        LINKAGE = "linkage", _("record linkage")
        HUMAN = "human", _("human decision")

    person = models.ForeignKey(
        Person, verbose_name=_("person"), on_delete=models.CASCADE, related_name="links"
    )
    record = models.OneToOneField(
        Record, verbose_name=_("record"), on_delete=models.CASCADE, related_name="person_link"
    )
    method = models.CharField(_("linked by"), max_length=8, choices=Method.choices)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("person's record")
        verbose_name_plural = _("persons' records")

    def __str__(self) -> str:
        return f"P{self.person_id} ← R{self.record_id}"


class MatchDecision(AuditedModel):
    """A human's decision on a pair of records: same person, different persons, or unsure.

    The pair is stored ordered (`record_a_id < record_b_id`), one decision per pair; deciding
    again updates it (the audit log keeps the history). Decisions are training labels and
    must-link / cannot-link constraints for linkage.
    """

    class Decision(models.TextChoices):
        SAME = "same", _("same person")
        DIFFERENT = "different", _("different persons")
        UNSURE = "unsure", _("unsure")

    record_a = models.ForeignKey(
        Record, verbose_name=_("record A"), on_delete=models.CASCADE, related_name="+"
    )
    record_b = models.ForeignKey(
        Record, verbose_name=_("record B"), on_delete=models.CASCADE, related_name="+"
    )
    decision = models.CharField(_("decision"), max_length=10, choices=Decision.choices)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("decided at"), default=timezone.now)
    reason = models.TextField(_("reason"), blank=True)

    class Meta:
        ordering = ["-decided_at"]
        verbose_name = _("match decision")
        verbose_name_plural = _("match decisions")
        constraints = [
            models.UniqueConstraint(
                fields=["record_a", "record_b"], name="match_decision_one_per_pair"
            ),
            models.CheckConstraint(
                condition=Q(record_a__lt=F("record_b")), name="match_decision_pair_ordered"
            ),
        ]

    def __str__(self) -> str:
        return f"R{self.record_a_id} / R{self.record_b_id}: {self.decision}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.record_a_id and self.record_b_id and self.record_a_id > self.record_b_id:
            self.record_a_id, self.record_b_id = self.record_b_id, self.record_a_id
        super().save(*args, **kwargs)
