"""The forms with which a structure's members declare and keep their places up to date, on the site.

Plain words for every field of the national standard, nothing of the moderators' (status, origin, duplicates):
the commune comes from the gazetteer (name and postcode as people write them), the position from a map whose
marker can be dragged — or typed as latitude/longitude without JavaScript —, the vocabularies as checkboxes.
The form only reads and checks; places/submissions.py writes (moderation, history, versions).
"""

from django import forms
from django.utils.translation import gettext_lazy as _
from dsfr.forms import DsfrBoundField, dsfr_input_class_attr

from places import gazetteer, stops
from places.forms import PlaceForm
from places.hours_widgets import OpeningHoursField
from places.models import PlaceClaim

# What a member fills in, in the order of the page; the vocabularies follow (PlaceForm's checkboxes).
MEMBER_FIELDS = [
    "name",
    "summary",
    "description",
    "address",
    "address_complement",
    "postcode",
    "commune_name",
    "latitude",
    "longitude",
    "phone",
    "emails",
    "websites",
    "booking_url",
    "acceslibre_url",
    "opening_hours",
    "pivot",
    "other_labels",
]


class MemberPlaceForm(PlaceForm):
    """A place as its structure's members edit it. `changes()` gives what to write: every value for a new
    place, only what the member changed for an existing one (so that a proposal touches only those fields)."""

    bound_field_class = DsfrBoundField
    # Days and time ranges, never the OSM syntax (places/hours_widgets.py); a rule too rich for it stays as is.
    opening_hours = OpeningHoursField(label=_("Horaires d'ouverture"))

    class Meta(PlaceForm.Meta):
        fields = MEMBER_FIELDS
        labels = {
            "name": _("Nom du lieu"),
            "summary": _("Présentation en une phrase"),
            "description": _("Présentation détaillée"),
            "address": _("Adresse (numéro et rue)"),
            "address_complement": _("Complément d'adresse"),
            "postcode": _("Code postal"),
            "commune_name": _("Commune"),
            "latitude": _("Latitude"),
            "longitude": _("Longitude"),
            "phone": _("Téléphone"),
            "opening_hours": _("Horaires d'ouverture"),
            "pivot": _("SIRET du lieu"),
        }
        help_texts = {
            **PlaceForm.Meta.help_texts,
            "summary": _("280 caractères au plus : ce que l'on trouve ici, pour qui."),
            "latitude": _(
                "Placez le lieu sur la carte, ou saisissez ses coordonnées (par exemple 46.3406). Laissées "
                "vides, le lieu est placé au centre de sa commune."
            ),
            "longitude": _("Par exemple 2.6030."),
            "pivot": _("14 chiffres, s'il diffère de celui de la structure (facultatif)."),
        }
        widgets = {**PlaceForm.Meta.widgets, "description": forms.Textarea(attrs={"rows": 5})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.visible_fields():
            dsfr_input_class_attr(field)

    def clean(self):
        cleaned_data = super().clean()
        name, postcode = cleaned_data.get("commune_name", ""), cleaned_data.get("postcode", "")
        latitude, longitude = cleaned_data.get("latitude"), cleaned_data.get("longitude")
        if not (name and postcode) or self.has_error("commune_name") or self.has_error("postcode"):
            return cleaned_data
        commune = gazetteer.match(name, postcode, None, latitude, longitude).commune
        if commune is None:
            self.add_error(
                "commune_name",
                _("Commune « %(name)s » introuvable avec le code postal %(postcode)s : vérifiez les deux.")
                % {"name": name, "postcode": postcode},
            )
            return cleaned_data
        cleaned_data["commune"] = commune
        cleaned_data["commune_name"] = commune.name
        if latitude is None and longitude is None:
            cleaned_data["latitude"], cleaned_data["longitude"] = commune.latitude, commune.longitude
            cleaned_data["coordinates_approximate"] = commune.latitude is not None
        elif {"latitude", "longitude"} & set(self.changed_data):
            cleaned_data["coordinates_approximate"] = False  # the member placed it
        return cleaned_data

    def changes(self) -> tuple[dict, dict]:
        """(Place attributes, {vocabulary: values}) to write."""
        new = self.instance.pk is None
        changed = set(self.changed_data)
        if {"commune_name", "postcode", "latitude", "longitude"} & changed:
            changed |= {"commune", "commune_name", "postcode"}
        attributes = {
            name: self.cleaned_data[name]
            for name in [*MEMBER_FIELDS, "coordinates_approximate"]
            if name in self.cleaned_data and (new or name in changed)
        }
        if "commune" in self.cleaned_data and (new or "commune" in changed):
            # By its code: a proposal is kept as JSON until a moderator applies it.
            attributes["commune_id"] = self.cleaned_data["commune"].code
        tags = {
            field.vocabulary: self.cleaned_data[name]
            for name, field in self.vocabulary_fields()
            if new or name in changed
        }
        return attributes, tags

    def fieldsets(self):
        """The page's sections: (legend, [bound fields])."""
        by_name = {field.name: field for field in self}
        sections = [
            (_("Le lieu"), ["name", "summary", "description"]),
            (_("Adresse et position"), ["address", "address_complement", "postcode", "commune_name"]),
            (_("Position sur la carte"), ["latitude", "longitude"]),
            (_("Contact"), ["phone", "emails", "websites", "booking_url", "acceslibre_url"]),
            (_("Horaires"), ["opening_hours"]),
            # The typology (a list of 80) last: it describes the structure more than what people find there.
            (_("Ce que l'on y trouve"), [n for n, _f in self.vocabulary_fields() if n != "typologie"]),
            (_("Autres informations"), ["pivot", "other_labels", "typologie"]),
        ]
        return [(legend, [by_name[name] for name in names if name in by_name]) for legend, names in sections]


class MemberStopForm(forms.Form):
    """One stop of a roaming place (a bus France Services, a travelling advisor), with its own hours."""

    bound_field_class = DsfrBoundField

    name = forms.CharField(label=_("Nom de l'arrêt"), max_length=255, required=False)
    address = forms.CharField(label=_("Adresse de l'arrêt"), max_length=255)
    postcode = forms.RegexField(
        label=_("Code postal"),
        regex=r"^\d{5}$",
        error_messages={"invalid": _("Le code postal a 5 chiffres.")},
    )
    commune_name = forms.CharField(label=_("Commune"), max_length=100)
    latitude = forms.FloatField(label=_("Latitude"), required=False, min_value=-90, max_value=90)
    longitude = forms.FloatField(label=_("Longitude"), required=False, min_value=-180, max_value=180)
    opening_hours = OpeningHoursField(label=_("Horaires à cet arrêt"))
    note = forms.CharField(
        label=_("Précision"),
        max_length=255,
        required=False,
        help_text=_("Par exemple : « devant la mairie », « le premier mardi du mois »."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.visible_fields():
            dsfr_input_class_attr(field)

    def clean(self):
        cleaned_data = super().clean()
        name, postcode = cleaned_data.get("commune_name"), cleaned_data.get("postcode")
        if not (name and postcode):
            return cleaned_data
        latitude, longitude = cleaned_data.get("latitude"), cleaned_data.get("longitude")
        if (latitude is None) != (longitude is None):
            raise forms.ValidationError(
                _("Donnez la latitude et la longitude de l'arrêt, ou aucune des deux.")
            )
        commune = gazetteer.match(name, postcode, None, latitude, longitude).commune
        if commune is None:
            self.add_error(
                "commune_name",
                _("Commune « %(name)s » introuvable avec le code postal %(postcode)s.")
                % {"name": name, "postcode": postcode},
            )
            return cleaned_data
        cleaned_data["commune_id"], cleaned_data["commune_name"] = commune.code, commune.name
        if latitude is None:  # a stop is always on the map: at its commune's centre when not placed
            cleaned_data["latitude"], cleaned_data["longitude"] = commune.latitude, commune.longitude
        return cleaned_data

    def values(self) -> dict:
        return {name: self.cleaned_data.get(name) for name in stops.FIELDS}


StopFormSet = forms.formset_factory(MemberStopForm, extra=1, can_delete=True, max_num=60, validate_max=True)


def stop_formset(data=None, *, place=None) -> forms.BaseFormSet:
    initial = stops.values_of(place) if place is not None and place.pk else []
    return StopFormSet(data, initial=initial, prefix="stops")


def stop_changes(formset) -> list[dict] | None:
    """The stops to write, in order, or None when the member changed none."""
    if not formset.has_changed():
        return None
    kept = []
    for form in formset.forms:
        if form in formset.deleted_forms or (not form.initial and not form.has_changed()):
            continue  # removed, or the empty row left for a new stop
        kept.append(form.values())
    return kept


class StructureChoiceForm(forms.Form):
    """For whom the place is declared: one of the member's structures."""

    structure = forms.ModelChoiceField(
        queryset=None, label=_("Structure qui porte le lieu"), empty_label=None
    )

    def __init__(self, *args, structures, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["structure"].queryset = structures


class ClaimForm(forms.Form):
    bound_field_class = DsfrBoundField

    structure = forms.ModelChoiceField(queryset=None, label=_("Votre structure"), empty_label=None)
    message = forms.CharField(
        label=_("Pourquoi ce lieu est-il le vôtre ? (facultatif)"),
        help_text=_("Par exemple : « Nous animons cet espace depuis 2021 ». Les modérateurs le liront."),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        max_length=PlaceClaim._meta.get_field("message").max_length,
    )

    def __init__(self, *args, structures, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["structure"].queryset = structures
        for field in self.visible_fields():
            dsfr_input_class_attr(field)


class CloseForm(forms.Form):
    bound_field_class = DsfrBoundField

    closed_on = forms.DateField(
        label=_("Fermé depuis le"),
        help_text=_("Format : JJ/MM/AAAA."),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    seen_version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.visible_fields():
            dsfr_input_class_attr(field)
