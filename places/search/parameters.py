"""The search's parameters, named once for the site, the API, the map and the downloads.

`PARAMETERS` is the one table: each parameter's name (the API's, the standard's column names for the
vocabularies), the site's short French alias when it has one, the field that reads it and what it means. Every
name and alias is accepted everywhere: a results page URL works on the API and the other way round. The site
writes its links with the aliases (short, French); the API documents the names (OpenAPI, docs/api.md).

Besides the aliases, three spellings come from the site's own form and its older links:
- `lat` + `lon` (the browser's position, "Autour de moi") mean `near=lat,lon`;
- `samedi=on` (a checkbox) means `open_on=samedi`;
- `commune` given with `ou` is an old link to a commune chosen among homonyms: it means `autour`, the centre,
  not the territory (`commune` alone is the territory: the places in that commune).
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from functools import cache

from django import forms
from django.http import QueryDict
from django.utils import timezone
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from places import standard
from places.models import Commune, Departement, Epci, Region, Structure
from places.search.criteria import DEFAULT_RADIUS_KM, MAX_RADIUS_KM, WEEKDAYS, Centre, Search
from places.search.fields import (
    BBoxField,
    CodeField,
    PointField,
    SinceField,
    StrictBooleanField,
    VocabularyField,
)
from places.vocabularies import Vocabulary

PAGINATION = ("page", "page_size", "cursor", "format")
RADIUS_CHOICES = [2, 5, 10, 20, 50, 100]  # the site's list; any radius up to MAX_RADIUS_KM is accepted


@dataclass(frozen=True)
class Parameter:
    name: str
    field: Callable[[], forms.Field]
    help: str  # what it means, for the API's documentation
    alias: str = ""  # the site's short French name
    label: str = ""  # what the results page calls it (a vocabulary with a label is one of the page's filters)
    example: str = ""
    openapi_type: str = "string"  # how the OpenAPI schema types it when its field does not say

    @property
    def names(self) -> tuple[str, ...]:
        return (self.name, self.alias) if self.alias else (self.name,)

    @property
    def site_name(self) -> str:
        return self.alias or self.name


def _code(model, message: str, **kwargs) -> Callable[[], forms.Field]:
    return lambda: CodeField(model=model, message=message, required=False, **kwargs)


def _vocabulary(column: str, alias: str = "", label: str = "") -> Parameter:
    return Parameter(
        column,
        lambda: VocabularyField(vocabulary=column, required=False),
        format_lazy(
            _(
                "Une ou plusieurs valeurs de « {column} » (identifiants courts de /api/v1/vocabulaires/ ou libellés "
                "du standard), répétées ou séparées par des virgules : au moins une doit convenir."
            ),
            column=column,
        ),
        alias=alias,
        label=label,
    )


def _programme_field() -> forms.Field:
    from programmes.models import Programme

    return CodeField(model=Programme, message=_("Programme inconnu."), to_field_name="slug", required=False)


PARAMETERS = [
    Parameter(
        "ou",
        lambda: forms.CharField(
            label=_("Où ?"),
            help_text=_("Une commune, un code postal ou une adresse"),
            required=False,
            max_length=200,
        ),
        _(
            "Une commune, un code postal ou une adresse : le centre de la recherche (lieux dans le rayon `radius`, "
            "du plus proche au plus loin)."
        ),
        example="Montluçon",
    ),
    Parameter(
        "autour",
        _code(Commune, _("Code INSEE inconnu du Code officiel géographique.")),
        _(
            "Code INSEE de la commune centre de la recherche (une commune choisie parmi des homonymes ; "
            "`ou` en donne alors le nom affiché)."
        ),
        example="03185",
    ),
    Parameter(
        "near",
        lambda: PointField(required=False),
        _(
            "Point de départ « latitude,longitude » (ou `lat` et `lon`) : lieux dans le rayon `radius`, du plus "
            "proche au plus loin, avec `distance_km` ; un bus est trouvé par son arrêt le plus proche."
        ),
        example="46.3406,2.6030",
    ),
    Parameter(
        "radius",
        lambda: forms.FloatField(required=False, min_value=0.1, max_value=MAX_RADIUS_KM),
        format_lazy(
            _(
                "Rayon autour du centre (`near`, `ou` ou `autour`), en km : par défaut {default}, au plus {most}."
            ),
            default=DEFAULT_RADIUS_KM,
            most=MAX_RADIUS_KM,
        ),
        alias="rayon",
        label=_("Distance"),
        example="10",
    ),
    Parameter(
        "bbox",
        lambda: BBoxField(required=False),
        _(
            "Zone « sud,ouest,nord,est » en degrés décimaux (l'ordre de /api/v1/clusters/). Elle remplace le "
            "cercle du rayon ; un centre donné ne sert plus qu'à trier."
        ),
        example="45.7,4.7,45.9,5.0",
    ),
    Parameter(
        "commune",
        _code(Commune, _("Code INSEE inconnu du Code officiel géographique.")),
        _(
            "Code INSEE : les lieux de la commune (ses arrondissements et communes déléguées compris), ou qui y ont "
            "un arrêt."
        ),
        example="69123",
    ),
    Parameter(
        "departement",
        _code(Departement, _("Code de département inconnu.")),
        _("Code du département (01…95, 2A, 2B, 971…)."),
        example="03",
    ),
    Parameter(
        "region", _code(Region, _("Code de région inconnu.")), _("Code de la région (11, 84…)."), example="84"
    ),
    Parameter(
        "epci",
        _code(Epci, _("Code d'EPCI inconnu.")),
        _(
            "SIREN de l'EPCI à fiscalité propre (communauté de communes, d'agglomération, urbaine, métropole) : les "
            "lieux de ses communes, ou qui y ont un arrêt."
        ),
        example="200071918",
    ),
    Parameter(
        "q",
        lambda: forms.CharField(label=_("Nom ou mot-clé"), required=False, max_length=100),
        _(
            "Mots du nom, de la présentation ou de la commune (sans tenir compte des accents ni de la casse ; "
            "« numer » trouve « numérique »)."
        ),
        label=_("Nom ou mot-clé"),
        example="médiathèque",
    ),
    _vocabulary(Vocabulary.SERVICES, label=_("Ce que le lieu propose")),
    _vocabulary(Vocabulary.MODALITES_ACCOMPAGNEMENT, "accompagnement", _("Comment on vous accompagne")),
    _vocabulary(Vocabulary.FRAIS, "frais", _("Prix")),
    _vocabulary(Vocabulary.MODALITES_ACCES, "acces", _("Comment y aller")),
    _vocabulary(Vocabulary.PUBLICS, "publics", _("Pour qui en particulier")),
    _vocabulary(Vocabulary.PRISE_EN_CHARGE, "prise_en_charge", _("Accueil adapté")),
    _vocabulary(Vocabulary.DISPOSITIFS, "dispositifs", _("Dispositifs et programmes nationaux")),
    _vocabulary(Vocabulary.TYPOLOGIE, label=_("Type de lieu")),
    _vocabulary(Vocabulary.ITINERANCE, label=_("Lieu fixe ou itinérant")),
    _vocabulary(Vocabulary.FORMATIONS_LABELS),
    Parameter(
        "open_now",
        lambda: StrictBooleanField(label=_("Ouvert maintenant"), required=False),
        _(
            "`true` : ouverts en ce moment (semaine habituelle, heure de Paris) ; `false` : fermés en ce moment."
        ),
        alias="ouvert",
        label=_("Ouvert maintenant"),
        example="true",
    ),
    Parameter(
        "open_on",
        lambda: forms.ChoiceField(choices=[(day, day) for day in WEEKDAYS], required=False),
        _("Ouverts ce jour de la semaine (lundi … dimanche ; `samedi=on` pour le samedi)."),
        example="samedi",
    ),
    Parameter(
        "updated_since",
        lambda: SinceField(required=False),
        _("Modifiés dans l'annuaire depuis (ISO 8601) : pour ne reprendre que ce qui a changé."),
        example="2026-11-30T08:00:00+01:00",
    ),
    Parameter(
        "source",
        lambda: forms.CharField(required=False, max_length=255),
        _("Champ `source` du standard (exact, sans tenir compte de la casse)."),
    ),
    Parameter(
        "origin",
        lambda: forms.CharField(required=False, max_length=64),
        _("Origine de la donnée : le début de `id`, avant « -- »."),
    ),
    Parameter(
        "structure",
        _code(Structure, _("Structure inconnue.")),
        _("Identifiant de la structure porteuse (/api/v1/structures/)."),
        openapi_type="integer",
    ),
    Parameter(
        "programme",
        _programme_field,
        _(
            "Identifiant d'un programme (/api/v1/programmes/) : lieux soutenus, directement ou par leur structure, "
            "ou portant son dispositif ou son label."
        ),
        example="conseillers-numeriques",
    ),
]
BY_NAME = {parameter.name: parameter for parameter in PARAMETERS}
VOCABULARIES = [parameter for parameter in PARAMETERS if parameter.name in standard.TAG_COLUMNS]
SITE_FILTERS = [parameter for parameter in VOCABULARIES if parameter.label]
# Names that `canonical()` reads besides the parameters' own.
SPELLINGS = ("lat", "lon", "samedi")


@cache
def known_names() -> frozenset[str]:
    """Every name a search reads: parameters, aliases, the site's spellings, pagination."""
    return frozenset(
        {name for parameter in PARAMETERS for name in parameter.names} | set(SPELLINGS) | set(PAGINATION)
    )


def canonical(query: QueryDict) -> tuple[QueryDict, dict[str, str]]:
    """The query with every parameter under its name (aliases and the site's spellings read), and the
    problems found in doing so ({name: message})."""
    result = QueryDict(mutable=True)
    problems: dict[str, str] = {}
    for parameter in PARAMETERS:
        given = [name for name in parameter.names if any(value.strip() for value in query.getlist(name))]
        if len(given) > 1 and parameter not in VOCABULARIES:
            problems[parameter.name] = _("Donné deux fois, sous deux noms : %s.") % ", ".join(given)
        for name in given:
            result.setlist(parameter.name, result.getlist(parameter.name) + query.getlist(name))
    latitude, longitude = query.get("lat", "").strip(), query.get("lon", "").strip()
    if (latitude or longitude) and "near" not in result:
        if latitude and longitude:
            result["near"] = f"{latitude},{longitude}"
        else:
            problems["near"] = _("`lat` et `lon` vont ensemble.")
    if query.get("samedi") and "open_on" not in result:
        result["open_on"] = "samedi"
    if "commune" in result and "ou" in result and "autour" not in result:
        result["autour"] = result.pop("commune")[-1]  # an old link to a commune chosen among homonyms
    return result, problems


@cache
def _fields() -> dict[str, forms.Field]:
    """The form's fields, made once per process and shared by every SearchForm: they keep no state of a
    request (values and errors live on the form), and making 26 fields at each request cost a tenth of an API
    search."""
    return {parameter.name: parameter.field() for parameter in PARAMETERS}


class SearchForm(forms.Form):
    """A query string's search parameters, checked and turned into a Search.

    `strict` (the API): a radius without a centre is an error. Geocoding happens here: `ou` becomes a centre
    (with the other communes it could mean in `alternatives`) or an error on `ou`.
    """

    def __init__(self, data=None, *args, now: datetime | None = None, strict: bool = False, **kwargs):
        self.problems: dict[str, str] = {}
        if data is not None:
            data, self.problems = canonical(data)
        super().__init__(data, *args, **kwargs)
        self.fields = _fields()
        self.now = now
        self.strict = strict
        self.centre: Centre | None = None
        self.centre_commune: Commune | None = None
        self.alternatives: list[Commune] = []

    def clean(self):
        data = super().clean()
        for name, message in self.problems.items():
            self.add_error(name, message)
        if self.errors:
            return data
        self.centre = self._locate(data)
        if self.strict and data.get("radius") is not None and self.centre is None:
            self.add_error("radius", _("`radius` va avec un centre : donnez aussi `near`, `ou` ou `autour`."))
        return data

    def _locate(self, data) -> Centre | None:
        from places import gazetteer, geocoding

        if data.get("autour"):
            commune = gazetteer.by_insee(data["autour"])
            if commune is None or commune.latitude is None:
                self.add_error("autour", _("Cette commune n'a pas de coordonnées connues."))
                return None
            self.centre_commune = commune
            return Centre(commune.latitude, commune.longitude, commune.label)
        if data.get("near"):
            latitude, longitude = data["near"]
            return Centre(latitude, longitude, data.get("ou") or str(_("Autour de vous")))
        if not data.get("ou"):
            return None
        location = geocoding.locate(data["ou"])
        if location is None:
            # params, not %: django-filter formats messages again, and the text is the client's.
            message = _("Nous ne trouvons pas « %(ou)s ». Essayez le nom de la commune ou son code postal.")
            self.add_error("ou", forms.ValidationError(message, params={"ou": data["ou"]}))
            return None
        # Homonyms (dozens of Saint-Martin): offer the others, each by its INSEE code.
        self.alternatives = list(location.others)
        self.centre_commune = location.commune
        return Centre(location.latitude, location.longitude, location.label)

    def search(self) -> Search | None:
        """The Search these parameters ask for; None when one of them is wrong (see `errors`)."""
        if not self.is_valid():
            return None
        data = self.cleaned_data
        open_now = data.get("open_now")
        return Search(
            text=data.get("q") or "",
            centre=self.centre,
            radius_km=data.get("radius") or DEFAULT_RADIUS_KM,
            bbox=data.get("bbox"),
            commune=data.get("commune") or "",
            departement=data.get("departement") or "",
            region=data.get("region") or "",
            epci=data.get("epci") or "",
            values={parameter.name: data.get(parameter.name) or [] for parameter in VOCABULARIES},
            open_now=open_now,
            open_on=WEEKDAYS.index(data["open_on"]) if data.get("open_on") else None,
            moment=(self.now or timezone.now()) if open_now is not None else None,
            updated_since=data.get("updated_since"),
            source=data.get("source") or "",
            origin=data.get("origin") or "",
            structure=data.get("structure"),
            programme=data.get("programme") or "",
        )
