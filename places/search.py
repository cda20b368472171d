"""The citizen search: one GET form (every result URL can be shared), its filters and their counts.

SearchForm(request.GET) → where (a commune, an address, a point) + what (text, vocabularies, hours)
→ Place.objects.published().canonical().near_with_stops(...).offering(...).matching(...)
→ a page of places with distances, and for each filter value the number of results it would give.
"""

from dataclasses import dataclass
from datetime import datetime

from django import forms
from django.db.models import Count
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from places import geo
from places.models import Commune, Place, PlaceTag, Stop
from places.vocabularies import CHOICES_OF, Vocabulary

RADIUS_CHOICES = [(2, "2 km"), (5, "5 km"), (10, "10 km"), (20, "20 km"), (50, "50 km"), (100, "100 km")]
DEFAULT_RADIUS = 20
SATURDAY = 5


@dataclass(frozen=True)
class Filter:
    param: str
    vocabulary: str
    label: str


FILTERS = [
    Filter("services", Vocabulary.SERVICES, _("Ce que le lieu propose")),
    Filter("accompagnement", Vocabulary.MODALITES_ACCOMPAGNEMENT, _("Comment on vous accompagne")),
    Filter("frais", Vocabulary.FRAIS, _("Prix")),
    Filter("acces", Vocabulary.MODALITES_ACCES, _("Comment y aller")),
    Filter("publics", Vocabulary.PUBLICS, _("Pour qui en particulier")),
    Filter("prise_en_charge", Vocabulary.PRISE_EN_CHARGE, _("Accueil adapté")),
    Filter("dispositifs", Vocabulary.DISPOSITIFS, _("Dispositifs et programmes nationaux")),
    Filter("typologie", Vocabulary.TYPOLOGIE, _("Type de lieu")),
    Filter("itinerance", Vocabulary.ITINERANCE, _("Lieu fixe ou itinérant")),
]
FILTER_BY_PARAM = {f.param: f for f in FILTERS}


@dataclass(frozen=True)
class Where:
    latitude: float
    longitude: float
    label: str
    commune: Commune | None = None


class SearchForm(forms.Form):
    ou = forms.CharField(
        label=_("Où ?"),
        required=False,
        max_length=200,
        help_text=_("Une commune, un code postal ou une adresse"),
    )
    commune = forms.CharField(required=False, max_length=5, widget=forms.HiddenInput)
    lat = forms.FloatField(required=False, min_value=-90, max_value=90, widget=forms.HiddenInput)
    lon = forms.FloatField(required=False, min_value=-180, max_value=180, widget=forms.HiddenInput)
    rayon = forms.TypedChoiceField(
        label=_("Distance"), choices=RADIUS_CHOICES, coerce=int, required=False, empty_value=DEFAULT_RADIUS
    )
    q = forms.CharField(label=_("Nom ou mot-clé"), required=False, max_length=100)
    ouvert = forms.BooleanField(label=_("Ouvert maintenant"), required=False)
    samedi = forms.BooleanField(label=_("Ouvert le samedi"), required=False)
    bbox = forms.CharField(required=False, max_length=100, widget=forms.HiddenInput)

    def __init__(self, *args, now: datetime | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.now = now or timezone.now()
        self.where: Where | None = None
        self.alternatives: list[Commune] = []
        self._stop_distances: dict[int, float] | None = None
        for f in FILTERS:
            self.fields[f.param] = forms.MultipleChoiceField(
                label=f.label,
                choices=CHOICES_OF[f.vocabulary].choices,
                required=False,
                widget=forms.CheckboxSelectMultiple,
            )

    # --- Validation ------------------------------------------------------------------------------------

    def clean_bbox(self) -> geo.BBox | None:
        text = self.cleaned_data["bbox"]
        if not text:
            return None
        try:
            return geo.parse_bbox(text)
        except ValueError:
            raise forms.ValidationError(_("Zone de carte illisible.")) from None

    def clean(self):
        data = super().clean()
        if self.errors:
            return data
        self.where = self._locate(data)
        return data

    def _locate(self, data) -> Where | None:
        from places import gazetteer, geocoding

        if data.get("commune"):
            commune = gazetteer.by_insee(data["commune"])
            if commune is None or commune.latitude is None:
                self.add_error("ou", _("Commune inconnue."))
                return None
            return Where(commune.latitude, commune.longitude, _commune_label(commune), commune)
        if data.get("lat") is not None and data.get("lon") is not None:
            return Where(data["lat"], data["lon"], data.get("ou") or str(_("Autour de vous")))
        if not data.get("ou"):
            return None
        location = geocoding.locate(data["ou"])
        if location is None:
            self.add_error(
                "ou",
                _("Nous ne trouvons pas « %(ou)s ». Essayez le nom de la commune ou son code postal.")
                % {"ou": data["ou"]},
            )
            return None
        # Homonyms (dozens of Saint-Martin): offer the others, each by its INSEE code.
        self.alternatives = list(location.others)
        return Where(location.latitude, location.longitude, location.label, location.commune)

    # --- Results ---------------------------------------------------------------------------------------

    @property
    def radius(self) -> int:
        return (self.cleaned_data.get("rayon") if self.is_valid() else None) or DEFAULT_RADIUS

    def selected(self, param: str) -> list[str]:
        return self.cleaned_data.get(param) or [] if self.is_valid() else []

    def base_places(self, *, without: str | None = None):
        """Published places matching every criterion but the vocabulary `without` (for its counts)."""
        places = Place.objects.published().canonical()
        if not self.is_valid():
            return places.none()
        data = self.cleaned_data
        if data.get("q"):
            places = places.matching(data["q"])
        if data.get("ouvert"):
            places = places.open_at(self.now)
        if data.get("samedi"):
            places = places.open_on(SATURDAY)
        if data.get("bbox"):
            places = places.in_bbox(data["bbox"])
        places = places.offering(
            **{f.vocabulary: self.selected(f.param) for f in FILTERS if f.param != without}
        )
        return places

    @property
    def is_near(self) -> bool:
        """Results are sorted by distance from a point (not a map area, not the whole country)."""
        return self.where is not None and not (self.is_valid() and self.cleaned_data.get("bbox"))

    def _near(self, places):
        if self._stop_distances is None:
            self._stop_distances = Stop.objects.nearest_by_place(
                self.where.latitude, self.where.longitude, self.radius
            )
        return places.near_with_stops(
            self.where.latitude, self.where.longitude, self.radius, by_stop=self._stop_distances
        )

    def places(self):
        """The results, nearest first (with `distance_km`) when the search has a place, else by name."""
        places = self.base_places()
        if self.is_near:
            return self._near(places)
        return places.order_by("name", "pk")

    def _within_radius(self, places):
        if not self.is_near:
            return places
        return Place.objects.filter(pk__in=self._near(places).values("pk"))

    def facet_counts(self) -> dict[str, dict[str, int]]:
        """For each filter, how many results each value would give.

        OR within a filter, AND across filters: a value's count ignores its own filter's other choices.
        One SQL statement: a UNION ALL of one grouped count per selected filter, plus one for the others.
        """
        if not self.is_valid():
            return {}
        selected = [f for f in FILTERS if self.selected(f.param)]
        others = [f.vocabulary for f in FILTERS if f not in selected]
        queries = [
            self._grouped(self._within_radius(self.base_places()), others),
            *(
                self._grouped(self._within_radius(self.base_places(without=f.param)), [f.vocabulary])
                for f in selected
            ),
        ]
        counts: dict[str, dict[str, int]] = {f.vocabulary: {} for f in FILTERS}
        union = queries[0].union(*queries[1:], all=True) if len(queries) > 1 else queries[0]
        for vocabulary, value, count in union.values_list("vocabulary", "value", "count"):
            counts[vocabulary][value] = count
        return counts

    @staticmethod
    def _grouped(places, vocabularies):
        return (
            PlaceTag.objects.filter(vocabulary__in=vocabularies, place__in=places.values("pk"))
            .order_by()
            .values("vocabulary", "value")
            .annotate(count=Count("place_id"))
        )

    def active_filters(self) -> list[tuple[str, str, str]]:
        """(param, value, label) of each chosen filter value, to show and remove them one by one."""
        chosen = []
        for f in FILTERS:
            labels = dict(CHOICES_OF[f.vocabulary].choices)
            chosen.extend((f.param, value, labels.get(value, value)) for value in self.selected(f.param))
        return chosen


def _commune_label(commune: Commune) -> str:
    return f"{commune.name} ({commune.departement_id})" if commune.departement_id else commune.name
