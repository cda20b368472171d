"""The API's filters: django-filter FilterSets whose methods call the chainable queryset methods the search
page uses (places.querysets), so the site and the API find the same places.

Every parameter is checked by its form field: a bad value is a 400 naming the parameter, never a 500.
"""

from datetime import datetime, time

import django_filters as filters
from django import forms
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime
from django.utils.translation import gettext_lazy as _
from drf_spectacular.drainage import set_override

from places import geo, standard, vocabularies
from places.formats.rows import read_vocabulary
from places.models import Commune, Departement, Place, PlaceTag, Region, Structure
from places.search import SATURDAY
from programmes.models import Programme, Support

DEFAULT_RADIUS_KM = 20
MAX_RADIUS_KM = 200
WEEKDAYS = ["lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche"]
assert WEEKDAYS.index("samedi") == SATURDAY


class ManyValuesWidget(forms.Widget):
    """Reads every occurrence of a parameter: `services=a&services=b`, and `services=a,b` too."""

    def value_from_datadict(self, data, files, name):
        return data.getlist(name) if hasattr(data, "getlist") else data.get(name)

    def value_omitted_from_data(self, data, files, name):
        return name not in data


class VocabularyField(forms.Field):
    widget = ManyValuesWidget

    def __init__(self, *, vocabulary: str, **kwargs):
        self.vocabulary = vocabulary
        super().__init__(**kwargs)

    def to_python(self, value) -> list[str]:
        if not value:
            return []
        texts = [value] if isinstance(value, str) else value
        parts = [part for text in texts for part in str(text).replace(standard.SEPARATOR, ",").split(",")]
        # Read as the importer reads files: slugs, the standard's labels (accents and case aside), old labels.
        values, unknown = read_vocabulary(self.vocabulary, parts)
        if unknown:
            choices = vocabularies.CHOICES_OF[self.vocabulary].values
            accepted = ", ".join(choices) if len(choices) <= 15 else _("voir /api/v1/vocabulaires/")
            # params, not %: the message is formatted again later, and the values are the client's text.
            raise forms.ValidationError(
                _("Valeur inconnue : %(unknown)s. Valeurs acceptées : %(accepted)s."),
                params={"unknown": ", ".join(unknown), "accepted": accepted},
            )
        return values


class VocabularyFilter(filters.Filter):
    """Places carrying at least one of the values (OR within a vocabulary; AND across filters)."""

    field_class = VocabularyField

    def __init__(self, *, vocabulary: str, **kwargs):
        self.vocabulary = vocabulary
        kwargs.setdefault(
            "label",
            f"Une ou plusieurs valeurs de « {vocabulary} » (identifiants courts ou libellés du standard), "
            "répétées ou séparées par des virgules.",
        )
        super().__init__(vocabulary=vocabulary, **kwargs)

    def filter(self, queryset, value):
        return queryset.tagged(self.vocabulary, value) if value else queryset


class PointField(forms.CharField):
    def to_python(self, value):
        text = super().to_python(value)
        if not text:
            return None
        try:
            latitude, longitude = (float(part) for part in text.split(","))
        except ValueError:
            raise forms.ValidationError(_("Attendu « latitude,longitude » en degrés décimaux.")) from None
        # Written so that NaN fails too (every comparison with NaN is false).
        if not (-90 <= latitude <= 90 and -180 <= longitude <= 180):
            raise forms.ValidationError(_("Latitude entre -90 et 90, longitude entre -180 et 180."))
        return latitude, longitude


class BBoxField(forms.CharField):
    def to_python(self, value):
        text = super().to_python(value)
        if not text:
            return None
        try:
            return geo.parse_bbox(text)
        except ValueError:
            raise forms.ValidationError(
                _(
                    "Attendu « sud,ouest,nord,est » en degrés décimaux, avec sud < nord et ouest < est, latitudes "
                    "entre -90 et 90, longitudes entre -180 et 180."
                )
            ) from None


class SinceField(forms.CharField):
    """An ISO 8601 date-time (`2026-11-30T08:00:00Z`) or a date (from midnight, Paris time)."""

    def to_python(self, value):
        text = super().to_python(value)
        if not text:
            return None
        try:
            moment = parse_datetime(text.replace(" ", "+"))  # a "+" left unencoded in a URL arrives as " "
            day = None if moment else parse_date(text)
        except ValueError:
            moment = day = None
        if moment is None and day is None:
            raise forms.ValidationError(
                _("Date illisible : attendu AAAA-MM-JJ ou AAAA-MM-JJTHH:MM:SS+01:00 (ISO 8601).")
            )
        if moment is None:
            moment = datetime.combine(day, time.min)
        if timezone.is_naive(moment):
            moment = timezone.make_aware(moment)
        return moment


class StrictBooleanField(forms.NullBooleanField):
    """true/false (or 1/0); anything else is an error rather than "no filter"."""

    widget = forms.TextInput
    VALUES = {"true": True, "1": True, "false": False, "0": False}

    def to_python(self, value):
        if value in (None, ""):
            return None
        if str(value).lower() not in self.VALUES:
            raise forms.ValidationError(_("Attendu true ou false."))
        return self.VALUES[str(value).lower()]

    def validate(self, value):
        pass


class StrictBooleanFilter(filters.BooleanFilter):
    field_class = StrictBooleanField


class PointFilter(filters.Filter):
    field_class = PointField


class BBoxFilter(filters.Filter):
    field_class = BBoxField


class SinceFilter(filters.Filter):
    field_class = SinceField


class PlaceFilterForm(forms.Form):
    def clean(self):
        data = super().clean()
        if data.get("radius") is not None and not data.get("near"):
            self.add_error("radius", _("`radius` va avec `near` : donnez aussi le point de départ."))
        return data


class PlaceFilter(filters.FilterSet):
    q = filters.CharFilter(
        method="filter_text",
        max_length=100,
        label="Mots du nom ou de la présentation (sans tenir compte des accents ni de la casse).",
    )
    near = PointFilter(
        method="keep",
        label="Point de départ « latitude,longitude » : lieux dans le rayon `radius`, du plus proche au plus "
        "loin, avec `distance_km` ; un bus est trouvé par son arrêt le plus proche.",
    )
    radius = filters.NumberFilter(
        method="keep",
        min_value=0.1,
        max_value=MAX_RADIUS_KM,
        label=f"Rayon autour de `near`, en km (par défaut {DEFAULT_RADIUS_KM}, au plus {MAX_RADIUS_KM}).",
    )
    bbox = BBoxFilter(
        method="filter_bbox",
        label="Zone « sud,ouest,nord,est » en degrés décimaux (le même ordre que /api/v1/clusters/).",
    )
    commune = filters.ModelChoiceFilter(
        queryset=Commune.objects.all(),
        method="filter_commune",
        label="Code INSEE de la commune (ses arrondissements et communes déléguées compris).",
        error_messages={"invalid_choice": _("Code INSEE inconnu du Code officiel géographique.")},
    )
    departement = filters.ModelChoiceFilter(
        queryset=Departement.objects.all(),
        field_name="commune__departement",
        label="Code du département (01…95, 2A, 2B, 971…).",
        error_messages={"invalid_choice": _("Code de département inconnu.")},
    )
    region = filters.ModelChoiceFilter(
        queryset=Region.objects.all(),
        field_name="commune__region",
        label="Code de la région (11, 84…).",
        error_messages={"invalid_choice": _("Code de région inconnu.")},
    )
    open_now = StrictBooleanFilter(
        method="filter_open_now", label="`true` : ouverts en ce moment (semaine habituelle, heure de Paris)."
    )
    open_on = filters.ChoiceFilter(
        choices=[(day, day) for day in WEEKDAYS],
        method="filter_open_on",
        label="Ouverts ce jour de la semaine (lundi … dimanche).",
    )
    updated_since = SinceFilter(
        field_name="updated_at",
        lookup_expr="gte",
        label="Modifiés dans l'annuaire depuis (ISO 8601) : pour ne reprendre que ce qui a changé.",
    )
    source = filters.CharFilter(
        field_name="source", lookup_expr="iexact", max_length=255, label="Champ `source` du standard (exact)."
    )
    origin = filters.CharFilter(
        field_name="origin", max_length=64, label="Origine de la donnée : le début de `id`, avant « -- »."
    )
    structure = filters.ModelChoiceFilter(
        queryset=Structure.objects.all(),
        label="Identifiant de la structure porteuse (/api/v1/structures/).",
        error_messages={"invalid_choice": _("Structure inconnue.")},
    )
    programme = filters.ModelChoiceFilter(
        queryset=Programme.objects.all(),
        to_field_name="slug",
        method="filter_programme",
        label="Identifiant d'un programme (/api/v1/programmes/) : lieux soutenus, directement ou par leur "
        "structure, ou portant son dispositif ou son label.",
        error_messages={"invalid_choice": _("Programme inconnu.")},
    )

    class Meta:
        model = Place
        fields: list[str] = []
        form = PlaceFilterForm

    def filter_queryset(self, queryset):
        queryset = super().filter_queryset(queryset)
        data = self.form.cleaned_data
        if data.get("near"):
            latitude, longitude = data["near"]
            radius = float(data.get("radius") or DEFAULT_RADIUS_KM)
            queryset = queryset.near_with_stops(latitude, longitude, radius)
        return queryset

    def keep(self, queryset, name, value):
        return queryset  # applied last, in filter_queryset: the distance orders the results

    def filter_text(self, queryset, name, value):
        return queryset.matching(value)

    def filter_bbox(self, queryset, name, value):
        return queryset.in_bbox(value)

    def filter_commune(self, queryset, name, commune):
        return queryset.filter(commune__in=[commune.pk, *commune.children.values_list("pk", flat=True)])

    def filter_open_now(self, queryset, name, value):
        if value is None:
            return queryset
        open_now = queryset.open_at(timezone.now())
        return open_now if value else queryset.exclude(pk__in=open_now.values("pk"))

    def filter_open_on(self, queryset, name, value):
        return queryset.open_on(WEEKDAYS.index(value))

    def filter_programme(self, queryset, name, programme):
        supported = Q(Exists(Support.objects.filter(programme=programme, place=OuterRef("pk")))) | Q(
            Exists(Support.objects.filter(programme=programme, structure=OuterRef("structure_id")))
        )
        for vocabulary, value in (
            (vocabularies.Vocabulary.DISPOSITIFS, programme.dispositif),
            (vocabularies.Vocabulary.FORMATIONS_LABELS, programme.formation_label),
        ):
            if value:
                supported |= Q(
                    Exists(PlaceTag.objects.filter(place=OuterRef("pk"), vocabulary=vocabulary, value=value))
                )
        return queryset.filter(supported)


# One filter per vocabulary of the standard, named as its column (services, frais_a_charge…), described in
# the OpenAPI schema as a list of the vocabulary's short identifiers (the standard's labels work too).
for _column in standard.TAG_COLUMNS:
    _filter = PlaceFilter.base_filters[_column] = VocabularyFilter(vocabulary=_column)
    set_override(
        _filter,
        "field",
        {
            "type": "array",
            "items": {"type": "string", "enum": list(vocabularies.CHOICES_OF[_column].values)},
            "description": _filter.label,
        },
    )
for _name, _schema in {
    "near": {"type": "string", "example": "46.3406,2.6030"},
    "bbox": {"type": "string", "example": "45.7,4.7,45.9,5.0"},
    "updated_since": {"type": "string", "example": "2026-11-30T08:00:00+01:00"},
    "programme": {"type": "string", "example": "conseillers-numeriques"},
}.items():
    set_override(
        PlaceFilter.base_filters[_name],
        "field",
        {**_schema, "description": PlaceFilter.base_filters[_name].label},
    )
