"""Forms to edit places, used by the admin and, later, by the public edit pages."""

import re
from functools import partial

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import EmailValidator, URLValidator
from django.db.models import prefetch_related_objects
from django.utils.translation import gettext_lazy as _

from places.concurrency import VersionCheckedForm
from places.models import ErrorReport, Place, Stop
from places.services import refresh_openings
from places.vocabularies import CHOICES_OF, Vocabulary, shown_label
from places.widgets import CoordinatesPickerWidget


class LinesField(forms.Field):
    """A list of strings edited as a textarea, one value per line (blank lines and surrounding spaces dropped)."""

    widget = forms.Textarea(attrs={"rows": 3})
    item_validator = None
    invalid_item_message = ""

    def __init__(self, **kwargs):
        kwargs.setdefault("required", False)
        super().__init__(**kwargs)

    def prepare_value(self, value):
        if isinstance(value, list | tuple):
            return "\n".join(str(item) for item in value)
        return value

    def to_python(self, value) -> list[str]:
        if not value:
            return []
        if isinstance(value, list | tuple):
            return [str(item) for item in value]
        return [line.strip() for line in str(value).splitlines() if line.strip()]

    def validate(self, value):
        super().validate(value)
        if self.item_validator is None:
            return
        # One message per bad line, naming it: "line 3 is wrong" is useless in a textarea.
        errors = []
        for item in value:
            try:
                self.item_validator(item)
            except ValidationError:
                errors.append(
                    ValidationError(self.invalid_item_message, params={"value": item}, code="invalid")
                )
        if errors:
            raise ValidationError(errors)


class EmailListField(LinesField):
    item_validator = EmailValidator()
    invalid_item_message = _("« %(value)s » n'est pas une adresse électronique valide.")


class URLListField(LinesField):
    item_validator = URLValidator(schemes=["http", "https"])
    invalid_item_message = _("« %(value)s » n'est pas une adresse web valide (elle commence par https://).")


class VocabularyField(forms.MultipleChoiceField):
    """The values of one multi-valued vocabulary of the standard, as checkboxes."""

    widget = forms.CheckboxSelectMultiple(attrs={"class": "vocabulary-choices"})

    def __init__(self, vocabulary: str, **kwargs):
        self.vocabulary = vocabulary
        kwargs.setdefault("required", False)
        # A callable: the labels follow the language of each request (vocabularies.shown_label).
        super().__init__(choices=partial(_shown_choices, vocabulary), **kwargs)


def _shown_choices(vocabulary: str) -> list[tuple[str, str]]:
    return [(value, shown_label(label)) for value, label in CHOICES_OF[vocabulary].choices]


def normalize_phone(value: str) -> str:
    """French national numbers as people write them ("01 80 05 98 80") to the standard's "+33180059880"."""
    compact = re.sub(r"[\s.\-()]", "", value)
    if re.fullmatch(r"0[1-9]\d{8}", compact):
        return "+33" + compact[1:]
    return compact


class PlaceForm(VersionCheckedForm):
    """The fields of a place that people edit, with the multi-valued vocabularies of the standard as checkboxes.

    The vocabularies are `PlaceTag` rows, written after the place is saved, where Django writes many-to-many
    data: `save()`, `save(commit=False)` followed by `save_m2m()`, and the admin's `save_related` all store them.
    """

    typologie = VocabularyField(Vocabulary.TYPOLOGIE, label=_("Typologie"))
    services = VocabularyField(Vocabulary.SERVICES, label=_("Services"))
    publics = VocabularyField(Vocabulary.PUBLICS, label=_("Publics spécifiquement adressés"))
    prise_en_charge = VocabularyField(Vocabulary.PRISE_EN_CHARGE, label=_("Prise en charge spécifique"))
    frais = VocabularyField(Vocabulary.FRAIS, label=_("Frais à charge"))
    itinerance = VocabularyField(Vocabulary.ITINERANCE, label=_("Itinérance"))
    modalites_acces = VocabularyField(Vocabulary.MODALITES_ACCES, label=_("Modalités d'accès"))
    modalites_accompagnement = VocabularyField(
        Vocabulary.MODALITES_ACCOMPAGNEMENT, label=_("Modalités d'accompagnement")
    )
    dispositifs = VocabularyField(Vocabulary.DISPOSITIFS, label=_("Dispositifs et programmes nationaux"))
    formations_labels = VocabularyField(Vocabulary.FORMATIONS_LABELS, label=_("Formations et labels"))

    emails = EmailListField(label=_("Courriels"), help_text=_("Une adresse par ligne."))
    websites = URLListField(
        label=_("Sites web"), help_text=_("Une adresse par ligne, commençant par https://.")
    )
    other_labels = LinesField(label=_("Autres formations et labels"), help_text=_("Un par ligne."))
    # People type "exemple.fr": assume https, as Django 6 will.
    booking_url = forms.URLField(
        label=_("Prise de rendez-vous"), max_length=500, required=False, assume_scheme="https"
    )
    acceslibre_url = forms.URLField(
        label=_("Fiche Accès libre"), max_length=500, required=False, assume_scheme="https"
    )

    class Meta:
        model = Place
        fields = [
            "status",
            "origin",
            "origin_id",
            "structure",
            "pivot",
            "name",
            "summary",
            "description",
            "address",
            "address_complement",
            "postcode",
            "commune_name",
            "commune",
            "latitude",
            "longitude",
            "coordinates_approximate",
            "phone",
            "emails",
            "websites",
            "booking_url",
            "acceslibre_url",
            "opening_hours",
            "other_labels",
            "source",
            "parent_structure_name",
            "updated_on",
        ]
        widgets = {
            "latitude": CoordinatesPickerWidget(),
            "longitude": forms.NumberInput(attrs={"step": "any"}),
            "summary": forms.Textarea(attrs={"rows": 2}),
            "opening_hours": forms.Textarea(attrs={"rows": 2}),
        }
        labels = {"commune": _("Commune (code officiel géographique)")}
        help_texts = {
            "phone": _("Format international sans espace (+33…) ; « 01 23 45 67 89 » est aussi accepté."),
            "opening_hours": _(
                "Format OpenStreetMap, par exemple « Mo-Fr 09:00-12:00,14:00-17:00; Sa 09:00-12:00 »."
            ),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            prefetch_related_objects([self.instance], "tags")  # one query for the ten vocabularies
        for name, field in self.vocabulary_fields():
            current = getattr(self.instance, name)
            self.initial.setdefault(name, current)
            # Values outside the standard's list (old imports) stay checked and kept unless someone unticks them.
            known = {value for value, _label in field.choices}
            field.choices = [*field.choices, *((value, value) for value in current if value not in known)]

    def vocabulary_fields(self):
        return [(name, field) for name, field in self.fields.items() if isinstance(field, VocabularyField)]

    def clean_phone(self):
        return normalize_phone(self.cleaned_data["phone"])

    def _save_m2m(self):
        super()._save_m2m()
        for name, field in self.vocabulary_fields():
            if name in self.changed_data:
                self.instance.set_tags(field.vocabulary, self.cleaned_data[name])
        if "opening_hours" in self.changed_data or not self.instance.openings.exists():
            refresh_openings(places=[self.instance])


class StopForm(forms.ModelForm):
    class Meta:
        model = Stop
        fields = [
            "position",
            "name",
            "address",
            "postcode",
            "commune_name",
            "commune",
            "latitude",
            "longitude",
            "opening_hours",
            "note",
        ]
        widgets = {
            "latitude": CoordinatesPickerWidget(),
            "longitude": forms.NumberInput(attrs={"step": "any"}),
            "opening_hours": forms.Textarea(attrs={"rows": 2}),
        }
        labels = {
            "commune_name": _("Commune (telle que saisie)"),
            "commune": _("Commune (code officiel géographique)"),
        }


class ErrorReportForm(forms.ModelForm):
    """ "Signaler une erreur": no account needed; the message goes to moderators."""

    class Meta:
        model = ErrorReport
        fields = ["kind", "message", "email"]
        widgets = {"kind": forms.RadioSelect, "message": forms.Textarea(attrs={"rows": 4})}
        help_texts = {"email": _("Facultatif : seulement si vous souhaitez une réponse.")}
        # Our own words: Django REST framework's catalogue would otherwise say "e-mail" instead of "courriel".
        error_messages = {"email": {"invalid": _("Saisissez une adresse de courriel valide.")}}
