"""The intake form: one event, its victims (a formset) and its evidence, in one page."""

from __future__ import annotations

import re
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from tansiq.committees.models import Place
from tansiq.documentation.dates import DateFormatError, parse_typed_date
from tansiq.documentation.models import AgeGroup, Dataset, Event, EventType, Record

# Places listed when nothing is searched: the country, governorates and districts.
LISTED_LEVELS = 2
# At most this many places are listed for a search.
SEARCH_LIMIT = 200


class TypedDateField(forms.CharField):
    """A date as people type it; cleans to `(ISO text, precision)` or `None`."""

    default_error_messages = {
        "invalid": _(
            "“%(value)s” is not a date we can read. Write it as 2024-03-15, 15/3/2024, "
            "2024-03 (a month) or 2024 (a year)."
        ),
    }

    def clean(self, value: Any) -> tuple[str, str] | None:
        text = super().clean(value)
        if not text:
            return None
        try:
            return parse_typed_date(text)
        except DateFormatError:
            raise ValidationError(
                self.error_messages["invalid"], code="invalid", params={"value": text}
            ) from None


class PlaceChoiceField(forms.ModelChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: Any) -> str:
        parent = obj.parent
        if parent is None or parent.admin_level == 0:
            return str(obj.name)
        return f"{obj.name} — {parent.name}"


class CommitteeChoiceField(forms.ModelChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: Any) -> str:
        return str(obj.committee.name) if obj.committee else str(obj.name)


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class EventForm(forms.Form):
    """What happened, when and where, for which committee; the evidence fields come with it.

    `datasets` are the datasets the member may add records to (one per committee, usually);
    the files are checked and kept by the view (`drafts.Draft`), not by this form.
    """

    submission_key = forms.UUIDField(widget=forms.HiddenInput)
    # An event already recorded that the victims and evidence are added to (`?event=`).
    event = forms.ModelChoiceField(
        queryset=Event.objects.none(),
        label=_("Event"),
        required=False,
        widget=forms.HiddenInput,
    )
    dataset = CommitteeChoiceField(
        queryset=Dataset.objects.none(), label=_("Committee"), empty_label=None
    )
    event_type = forms.ChoiceField(
        label=_("What happened"), required=False, choices=[("", "—"), *EventType.choices]
    )
    date = TypedDateField(
        label=_("Date"),
        required=False,
        max_length=40,
        help_text=_("For example 2024-03-15 or 15/3/2024; 2024-03 for a month; 2024 for a year."),
    )
    place_search = forms.CharField(
        label=_("Find a place"),
        required=False,
        max_length=100,
        help_text=_("Type part of its name in Arabic or English, then press “Find”."),
    )
    place = PlaceChoiceField(
        queryset=Place.objects.select_related("parent"),
        label=_("Place"),
        required=False,
        empty_label="—",
    )
    place_text = forms.CharField(
        label=_("Place as reported (neighbourhood, street, village)"),
        required=False,
        max_length=255,
    )
    description_ar = forms.CharField(
        label=_("Description (Arabic)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3, "lang": "ar", "dir": "rtl"}),
    )
    description_en = forms.CharField(
        label=_("Description (English)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3, "lang": "en", "dir": "ltr"}),
    )
    evidence_files = forms.FileField(
        label=_("Photos, videos, documents"),
        required=False,
        widget=MultipleFileInput(attrs={"multiple": True}),
        help_text=_("You can choose several files; each one’s sha256 is shown once it is kept."),
    )
    links = forms.CharField(
        label=_("Links (one a line)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2, "dir": "ltr"}),
    )

    def __init__(
        self, *args: Any, datasets: QuerySet[Any], events: QuerySet[Any], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        for name, queryset in (
            ("dataset", datasets.select_related("committee")),
            ("event", events),
        ):
            field = self.fields[name]
            assert isinstance(field, forms.ModelChoiceField)
            field.queryset = queryset
        self.fields["event_type"].required = not self["event"].value()

    def clean(self) -> dict[str, Any]:
        """A new event needs its type; an event already recorded takes its committee's records."""
        cleaned = super().clean() or {}
        event, dataset = cleaned.get("event"), cleaned.get("dataset")
        if event is None and "event" not in self.errors and not cleaned.get("event_type"):
            self.add_error("event_type", self.fields["event_type"].error_messages["required"])
        if event is not None and dataset is not None and dataset.committee_id != event.committee_id:
            self.add_error(
                "dataset", _("The records of this event go into its own committee’s dataset.")
            )
        return cleaned

    def clean_evidence_files(self) -> None:
        return None  # the view checks and keeps the files (`drafts.Draft`)

    def clean_links(self) -> list[str]:
        links = [line.strip() for line in self.cleaned_data["links"].splitlines() if line.strip()]
        validate = URLValidator(schemes=["http", "https"])
        for link in links:
            try:
                validate(link)
            except ValidationError:
                raise ValidationError(
                    _("“%(value)s” is not a web address (it starts with https://)."),
                    code="invalid",
                    params={"value": link},
                ) from None
        return links

    def narrow_places(self) -> None:
        """List the places matching the search (or the upper levels), and the chosen one."""
        field = self.fields["place"]
        assert isinstance(field, forms.ModelChoiceField)
        text = str(self["place_search"].value() or "").strip()
        chosen = Q(pk=self["place"].value()) if str(self["place"].value() or "").isdigit() else Q()
        if text:
            found = Q(name_ar__icontains=text) | Q(name_en__icontains=text) | Q(pcode__iexact=text)
            ids = list(Place.objects.filter(found).values_list("pk", flat=True)[:SEARCH_LIMIT])
            listed = Q(pk__in=ids)
        else:
            listed = Q(admin_level__lte=LISTED_LEVELS)
        field.queryset = (
            Place.objects.filter(listed | chosen if chosen else listed)
            .select_related("parent")
            .order_by("admin_level", "name_ar")
        )


NAME_PARTS = ("given_name", "father_name", "grandfather_name", "family_name", "mother_name")
_ARABIC_LETTER = re.compile(r"[\u0600-\u06ff\u0750-\u077f\u08a0-\u08ff]")


class VictimForm(forms.ModelForm):  # type: ignore[type-arg]
    """One person the event struck: the Record fields a documenter knows at intake."""

    class Meta:
        model = Record
        fields = [
            "name_ar",
            "name_latin",
            *NAME_PARTS,
            "sex",
            "age",
            "age_group",
            "status",
            "act",
            "cause",
        ]
        widgets = {
            "name_ar": forms.TextInput(attrs={"lang": "ar", "dir": "rtl", "autocomplete": "off"}),
            "name_latin": forms.TextInput(
                attrs={"lang": "en", "dir": "ltr", "autocomplete": "off"}
            ),
            "age": forms.TextInput(attrs={"inputmode": "numeric", "size": 4}),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name in NAME_PARTS:
            self.fields[name].widget.attrs.update({"dir": "auto", "autocomplete": "off"})
        for field in self.fields.values():
            if isinstance(field, forms.ChoiceField):
                choices: list[Any] = list(field.widget.choices)
                if choices and choices[0][0] == "":
                    field.choices = [("", "—"), *choices[1:]]  # not a row of dashes

    @property
    def name_parts(self) -> list[forms.BoundField]:
        return [self[name] for name in NAME_PARTS]

    @property
    def has_name_parts(self) -> bool:
        """Whether a name part was typed (its section then stays open)."""
        return any(self[name].value() for name in NAME_PARTS)

    def clean(self) -> dict[str, Any]:
        """Name parts alone give the full name, in their script; an age gives the age group
        when none was chosen."""
        cleaned = super().clean() or {}
        if not (cleaned.get("name_ar") or cleaned.get("name_latin")):
            parts = [cleaned.get(name) or "" for name in NAME_PARTS[:4]]
            full = " ".join(part for part in parts if part)
            if full:
                cleaned["name_ar" if _ARABIC_LETTER.search(full) else "name_latin"] = full
        age = cleaned.get("age")
        if age is not None and not cleaned.get("age_group"):
            cleaned["age_group"] = (
                AgeGroup.CHILD if age < 18 else AgeGroup.ADULT if age < 60 else AgeGroup.ELDERLY
            )
        return cleaned


VictimFormSet = forms.formset_factory(VictimForm, extra=1, can_delete=True)
