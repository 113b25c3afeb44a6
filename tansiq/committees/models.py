"""Places (the gazetteer), committees and memberships."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from tansiq.audit.models import AuditedModel


def in_language(arabic: str, english: str) -> str:
    """The Arabic text when the active language is Arabic (or English is empty), else English."""
    if (get_language() or "ar").startswith("ar") or not english:
        return arabic or english
    return english


class Place(AuditedModel):
    """A gazetteer entry: a country (level 0), governorate (1), district (2), ...

    Syria and its governorates (OCHA p-codes) are loaded from `tansiq/data/gazetteer/` by a
    migration; another country is another data file.
    """

    admin_level = models.PositiveSmallIntegerField(_("administrative level"))
    pcode = models.CharField(_("p-code"), max_length=20, unique=True)
    name_ar = models.CharField(_("name (Arabic)"), max_length=200)
    name_en = models.CharField(_("name (English)"), max_length=200, blank=True)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("part of"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    latitude = models.DecimalField(
        _("latitude"), max_digits=9, decimal_places=6, null=True, blank=True
    )
    longitude = models.DecimalField(
        _("longitude"), max_digits=9, decimal_places=6, null=True, blank=True
    )

    class Meta:
        ordering = ["admin_level", "pcode"]
        verbose_name = _("place")
        verbose_name_plural = _("places")

    def __str__(self) -> str:
        return f"{self.name} ({self.pcode})"

    @property
    def name(self) -> str:
        """The name in the active language."""
        return in_language(self.name_ar, self.name_en)


class Committee(AuditedModel):
    """A local committee (or the network's own office) that documents and reports."""

    name_ar = models.CharField(_("name (Arabic)"), max_length=200)
    name_en = models.CharField(_("name (English)"), max_length=200, blank=True)
    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    place = models.ForeignKey(
        Place, verbose_name=_("place"), null=True, blank=True, on_delete=models.PROTECT
    )
    profile_ar = models.TextField(_("public profile (Arabic)"), blank=True)
    profile_en = models.TextField(_("public profile (English)"), blank=True)
    active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        ordering = ["slug"]
        verbose_name = _("committee")
        verbose_name_plural = _("committees")

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        """The name in the active language."""
        return in_language(self.name_ar, self.name_en)


class Role(models.TextChoices):
    DOCUMENTER = "documenter", _("documenter")
    VERIFIER = "verifier", _("verifier")
    EDITOR = "editor", _("editor")
    COORDINATOR = "coordinator", _("coordinator")


class Membership(AuditedModel):
    """A user's role in a committee. Verifier, editor and coordinator are network-wide roles."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="memberships",
    )
    committee = models.ForeignKey(
        Committee,
        verbose_name=_("committee"),
        on_delete=models.CASCADE,
        related_name="memberships",
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    created_at = models.DateTimeField(_("since"), auto_now_add=True)

    class Meta:
        ordering = ["committee", "role", "user"]
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "committee", "role"], name="membership_unique_user_committee_role"
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.committee} · {self.get_role_display()}"
