"""Datasets, events, records and evidence (DESIGN.md "Data model").

Record fields follow the record CSV of docs/formats.md one to one (`RECORD_CSV_FIELDS`); an empty
value means *not recorded*.
"""

from __future__ import annotations

import hashlib
import secrets
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tansiq.audit.models import AuditedModel
from tansiq.committees.models import Committee, Place, in_language
from tansiq.documentation.dates import DatedModel
from tansiq.documentation.protected import EncryptedTextField


def _date_order(prefix: str) -> models.CheckConstraint:
    return models.CheckConstraint(
        condition=Q(date_end__isnull=True)
        | Q(date_start__isnull=True)
        | Q(date_end__gte=F("date_start")),
        name=f"{prefix}_date_end_not_before_start",
        violation_error_message=_("The end of the date comes before its start."),
    )


class VersionedModel(models.Model):
    """Optimistic locking and idempotent creation (see `actions._save` and `_create_once`).

    `version` grows by one with every save through the actions, by a compare-and-swap UPDATE
    (`... WHERE version = N`): an edit based on an older version is refused, never silently
    overwritten. `idempotency_key` is the key a form generates when rendered: a submission
    sent twice by the same user makes one object.
    """

    version = models.PositiveIntegerField(_("version"), default=1, editable=False)
    idempotency_key = models.UUIDField(_("submission key"), null=True, blank=True, editable=False)

    class Meta:
        abstract = True


# The version is a concurrency token, not content: its changes are not logged.
VERSION_IGNORED: frozenset[str] = AuditedModel.audit_ignore | {"version"}


def _one_per_key(prefix: str) -> models.UniqueConstraint:
    return models.UniqueConstraint(
        fields=["created_by", "idempotency_key"],
        condition=Q(idempotency_key__isnull=False),
        name=f"{prefix}_idempotency_key_once_per_creator",
    )


class Dataset(AuditedModel):
    """One documentation system: a committee's own records, or an imported list.

    Multiple systems estimation treats datasets (or groups of them) as its lists.
    """

    class Kind(models.TextChoices):
        COMMITTEE = "committee", _("committee documentation")
        IMPORTED = "imported", _("imported list")

    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.COMMITTEE)
    committee = models.ForeignKey(
        Committee,
        verbose_name=_("committee"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="datasets",
    )
    description = models.TextField(_("description"), blank=True)
    source_sha256 = models.CharField(_("source file sha256"), max_length=64, blank=True)
    source_filename = models.CharField(_("source file name"), max_length=255, blank=True)
    importer = models.CharField(_("importer"), max_length=40, blank=True)
    column_mapping = models.JSONField(_("column mapping"), default=dict, blank=True)
    imported_at = models.DateTimeField(_("imported at"), null=True, blank=True)
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("imported by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        ordering = ["slug"]
        verbose_name = _("dataset")
        verbose_name_plural = _("datasets")

    def __str__(self) -> str:
        return f"{self.name} ({self.slug})"


class EventType(models.TextChoices):
    KILLING = "killing", _("killing")
    SHELLING = "shelling", _("shelling")
    AIRSTRIKE = "airstrike", _("airstrike")
    RAID = "raid", _("raid")
    ARREST = "arrest", _("arrest")
    DISAPPEARANCE = "disappearance", _("disappearance")
    DEFECTION = "defection", _("defection")
    PROTEST = "protest", _("protest")
    STRIKE = "strike", _("strike")
    OTHER = "other", _("other")


class Event(AuditedModel, VersionedModel, DatedModel):
    """What happened, when (with precision), where, reported by which committee."""

    audit_ignore = VERSION_IGNORED

    class Status(models.TextChoices):
        DRAFT = "draft", _("draft")
        SUBMITTED = "submitted", _("submitted")
        VERIFIED = "verified", _("verified")
        PUBLISHED = "published", _("published")
        REJECTED = "rejected", _("rejected")

    event_type = models.CharField(_("type"), max_length=16, choices=EventType.choices)
    place = models.ForeignKey(
        Place, verbose_name=_("place"), null=True, blank=True, on_delete=models.PROTECT
    )
    place_text = models.CharField(_("place (as reported)"), max_length=255, blank=True)
    latitude = models.DecimalField(
        _("latitude"), max_digits=9, decimal_places=6, null=True, blank=True
    )
    longitude = models.DecimalField(
        _("longitude"), max_digits=9, decimal_places=6, null=True, blank=True
    )
    description_ar = models.TextField(_("description (Arabic)"), blank=True)
    description_en = models.TextField(_("description (English)"), blank=True)
    committee = models.ForeignKey(
        Committee,
        verbose_name=_("reporting committee"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="events",
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.DRAFT, db_index=True
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        ordering = ["-date_start", "-id"]
        verbose_name = _("event")
        verbose_name_plural = _("events")
        constraints = [_date_order("event"), _one_per_key("event")]

    def __str__(self) -> str:
        return f"{self.get_event_type_display()} {self.date_text} {self.place_text}".strip()

    @property
    def description(self) -> str:
        """The description in the active language."""
        return in_language(self.description_ar, self.description_en)


class Sex(models.TextChoices):
    MALE = "M", _("male")
    FEMALE = "F", _("female")


class AgeGroup(models.TextChoices):
    CHILD = "child", _("child (0–17)")
    ADULT = "adult", _("adult (18–59)")
    ELDERLY = "elderly", _("elderly (60+)")


class CivilStatus(models.TextChoices):
    CIVILIAN = "civilian", _("civilian")
    COMBATANT = "combatant", _("combatant")
    UNKNOWN = "unknown", _("unknown")


class Act(models.TextChoices):
    KILLED = "killed", _("killed")
    DETAINED = "detained", _("detained")
    DISAPPEARED = "disappeared", _("disappeared")
    INJURED = "injured", _("injured")
    DEFECTED = "defected", _("defected")


class Cause(models.TextChoices):
    SHOOTING = "shooting", _("shooting")
    SHELLING = "shelling", _("shelling")
    AIRSTRIKE = "airstrike", _("airstrike")
    TORTURE = "torture", _("torture")
    EXECUTION = "execution", _("execution")
    SIEGE = "siege", _("siege")
    EXPLOSION = "explosion", _("explosion")
    OTHER = "other", _("other")
    UNKNOWN = "unknown", _("unknown")


class ReviewStatus(models.TextChoices):
    SUBMITTED = "submitted", _("submitted")
    CORROBORATED = "corroborated", _("corroborated")
    VERIFIED = "verified", _("verified")
    REJECTED = "rejected", _("rejected")


def new_record_uid() -> str:
    """A fresh record id for records entered in tansiq (imports keep the list's `record_id`)."""
    return f"T-{secrets.token_hex(8)}"


PROTECTED_RECORD_FIELDS = (
    "witness_name",
    "witness_contact",
    "source_name",
    "source_contact",
    "notes_confidential",
)


class Record(AuditedModel, VersionedModel, DatedModel):
    """One report of one person in one dataset (a row of the record CSV).

    Names in Arabic script and in Latin script are kept separately, as recorded. Witness and
    source identity, their contacts and confidential notes are encrypted at rest.
    """

    audit_ignore = VERSION_IGNORED

    uid = models.CharField(_("record id"), max_length=64, unique=True, default=new_record_uid)
    dataset = models.ForeignKey(
        Dataset, verbose_name=_("dataset"), on_delete=models.PROTECT, related_name="records"
    )
    event = models.ForeignKey(
        Event,
        verbose_name=_("event"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="records",
    )
    name_ar = models.CharField(_("name (Arabic script)"), max_length=255, blank=True)
    name_latin = models.CharField(_("name (Latin script)"), max_length=255, blank=True)
    given_name = models.CharField(_("given name"), max_length=100, blank=True)
    father_name = models.CharField(_("father's name"), max_length=100, blank=True)
    grandfather_name = models.CharField(_("grandfather's name"), max_length=100, blank=True)
    family_name = models.CharField(_("family name"), max_length=100, blank=True)
    mother_name = models.CharField(_("mother's name"), max_length=100, blank=True)
    sex = models.CharField(_("sex"), max_length=1, choices=Sex.choices, blank=True)
    age = models.PositiveSmallIntegerField(
        _("age (years)"), null=True, blank=True, validators=[MaxValueValidator(120)]
    )
    age_group = models.CharField(_("age group"), max_length=8, choices=AgeGroup.choices, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=CivilStatus.choices, blank=True)
    act = models.CharField(_("act"), max_length=12, choices=Act.choices)
    place = models.ForeignKey(
        Place, verbose_name=_("governorate"), null=True, blank=True, on_delete=models.PROTECT
    )
    locality = models.CharField(_("locality"), max_length=255, blank=True)
    cause = models.CharField(_("cause"), max_length=10, choices=Cause.choices, blank=True)
    perpetrator_reported = models.CharField(
        _("perpetrator (as reported)"), max_length=255, blank=True
    )
    external_id = models.CharField(_("external id"), max_length=100, blank=True)
    review_status = models.CharField(
        _("review status"),
        max_length=12,
        choices=ReviewStatus.choices,
        default=ReviewStatus.SUBMITTED,
        db_index=True,
    )
    published = models.BooleanField(_("published"), default=False, db_index=True)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    witness_name = EncryptedTextField(_("witness name"))
    witness_contact = EncryptedTextField(_("witness contact"))
    source_name = EncryptedTextField(_("source name"))
    source_contact = EncryptedTextField(_("source contact"))
    notes_confidential = EncryptedTextField(_("confidential notes"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        ordering = ["-id"]
        verbose_name = _("record")
        verbose_name_plural = _("records")
        constraints = [
            _date_order("record"),
            _one_per_key("record"),
            models.CheckConstraint(
                condition=~Q(name_ar="") | ~Q(name_latin=""),
                name="record_has_a_name",
                violation_error_message=_("Give the name in Arabic script, in Latin, or both."),
            ),
            models.CheckConstraint(
                condition=Q(age__isnull=True) | Q(age__lte=120),
                name="record_age_at_most_120",
                violation_error_message=_("An age is at most 120 years."),
            ),
        ]
        indexes = [models.Index(fields=["dataset", "review_status"])]

    def __str__(self) -> str:
        return f"{self.uid} {self.name_ar or self.name_latin}"

    def clean(self) -> None:
        """A record needs a name in one script or the other (also a database constraint)."""
        super().clean()
        if not (self.name_ar or self.name_latin):
            raise ValidationError(
                {"name_ar": _("A record needs a name in Arabic or in Latin script.")}
            )

    @property
    def name(self) -> str:
        """The name in the active language's script when recorded, else the other one."""
        return in_language(self.name_ar, self.name_latin)


# The record CSV column (docs/formats.md) -> the Record field (or lookup) holding it.
RECORD_CSV_FIELDS: dict[str, str] = {
    "record_id": "uid",
    "dataset": "dataset__slug",
    "name_ar": "name_ar",
    "name_latin": "name_latin",
    "given_name": "given_name",
    "father_name": "father_name",
    "grandfather_name": "grandfather_name",
    "family_name": "family_name",
    "mother_name": "mother_name",
    "sex": "sex",
    "age": "age",
    "age_group": "age_group",
    "status": "status",
    "act": "act",
    "date": "date_text",
    "date_precision": "date_precision",
    "governorate": "place__pcode",
    "locality": "locality",
    "cause": "cause",
    "external_id": "external_id",
}


class Visibility(models.TextChoices):
    PUBLIC = "public", _("public")
    NETWORK = "network", _("network members")
    COMMITTEE = "committee", _("recording committee")


def _evidence_path(instance: Evidence, filename: str) -> str:
    return f"evidence/{timezone.now():%Y/%m}/{secrets.token_hex(8)}-{filename}"


def _public_copy_path(instance: Evidence, filename: str) -> str:
    return f"evidence/public/{timezone.now():%Y/%m}/{secrets.token_hex(8)}-{filename}"


class Evidence(AuditedModel):
    """A file or link supporting an event or a record.

    `file` is the evidentiary original: its sha256 and size come from its bytes, its type from
    its content (`uploads.inspect_upload`). `public_file` is the copy a public page serves:
    an image without its EXIF/GPS metadata (`uploads.public_copy`); none for other types.
    """

    event = models.ForeignKey(
        Event,
        verbose_name=_("event"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="evidence",
    )
    record = models.ForeignKey(
        Record,
        verbose_name=_("record"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="evidence",
    )
    file = models.FileField(_("file"), upload_to=_evidence_path, blank=True, max_length=255)
    original_name = models.CharField(_("name as sent"), max_length=255, blank=True)
    public_file = models.FileField(
        _("public copy (no location metadata)"),
        upload_to=_public_copy_path,
        blank=True,
        max_length=255,
        editable=False,
    )
    url = models.URLField(_("link"), max_length=1000, blank=True)
    description = models.TextField(_("description"), blank=True)
    sha256 = models.CharField(_("sha256"), max_length=64, blank=True, db_index=True)
    size = models.PositiveBigIntegerField(_("size (bytes)"), null=True, blank=True)
    mime_type = models.CharField(_("type"), max_length=100, blank=True)
    captured_at = models.DateTimeField(_("captured at"), null=True, blank=True)
    received_at = models.DateTimeField(_("received at"), default=timezone.now)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("uploaded by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    visibility = models.CharField(
        _("visibility"), max_length=10, choices=Visibility.choices, default=Visibility.COMMITTEE
    )

    class Meta:
        ordering = ["-received_at"]
        verbose_name = _("evidence")
        verbose_name_plural = _("evidence")
        constraints = [
            models.CheckConstraint(
                condition=Q(event__isnull=False) | Q(record__isnull=False),
                name="evidence_has_event_or_record",
                violation_error_message=_("Attach the evidence to an event, a record or both."),
            ),
            models.CheckConstraint(
                condition=~Q(file="") | ~Q(url=""),
                name="evidence_has_file_or_url",
                violation_error_message=_("Give a file or a link."),
            ),
        ]

    def __str__(self) -> str:
        return (self.file.name or "").rsplit("/", 1)[-1] if self.file else self.url

    def save(self, *args: Any, **kwargs: Any) -> None:
        # A file not yet committed to storage is a new upload: hash it from its bytes. Its type
        # is set by `actions.add_evidence` from the content, never from the browser's claim.
        if self.file and not getattr(self.file, "_committed", True):
            self.sha256, self.size = _digest(self.file)
        super().save(*args, **kwargs)


def _digest(file: Any) -> tuple[str, int]:
    """sha256 (hex) and size in bytes of an uploaded file, read in chunks."""
    digest, size = hashlib.sha256(), 0
    file.seek(0)
    for chunk in file.chunks():
        digest.update(chunk)
        size += len(chunk)
    file.seek(0)
    return digest.hexdigest(), size
