"""What the API says about places, in the national standard's names and vocabularies, and what partners
may write. Places are read through `formats.national.place_record`, the code behind the CSV and JSON
exports: the API and the files can never disagree."""

from django.urls import reverse
from django.utils.text import format_lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from places import freshness, gazetteer, standard
from places.formats import national
from places.formats.rows import read_vocabulary
from places.forms import normalize_phone
from places.freshness import Freshness
from places.hours import validate_opening_hours
from places.models import Place, Stop
from places.models.places import validate_phone, validate_pivot
from places.vocabularies import CHOICES_OF

DESCRIPTIONS = {
    "id": gettext_lazy(
        "Identifiant publié : `<origine>--<identifiant dans l'origine>`, unique entre les sources."
    ),
    "pivot": gettext_lazy("SIRET, RNA ou RIDET de la structure ; 00000000000000 quand il est inconnu."),
    "nom": gettext_lazy("Nom du lieu."),
    "commune": gettext_lazy(
        "Commune, telle que nommée par le Code officiel géographique quand elle est reconnue."
    ),
    "code_postal": gettext_lazy("Code postal (5 chiffres)."),
    "code_insee": gettext_lazy("Code officiel géographique de la commune (vide si inconnue)."),
    "adresse": gettext_lazy("Numéro et voie."),
    "complement_adresse": gettext_lazy("Complément d'adresse."),
    "latitude": gettext_lazy("Latitude WGS 84 (null si inconnue)."),
    "longitude": gettext_lazy("Longitude WGS 84 (null si inconnue)."),
    "telephone": gettext_lazy("Téléphone au format international, sans espace (+33…)."),
    "courriels": gettext_lazy("Adresses électroniques."),
    "site_web": gettext_lazy("Sites web."),
    "horaires": gettext_lazy("Horaires au format OpenStreetMap `opening_hours`."),
    "presentation_resume": gettext_lazy("Présentation résumée (280 caractères au plus)."),
    "presentation_detail": gettext_lazy("Présentation détaillée."),
    "source": gettext_lazy("Structure qui a collecté la donnée."),
    "structure_parente": gettext_lazy("Structure parente."),
    "date_maj": gettext_lazy("Date de mise à jour de la donnée (AAAA-MM-JJ)."),
    "autres_formations_labels": gettext_lazy("Autres formations et labels, en texte libre."),
    "fiche_acces_libre": gettext_lazy("Fiche Accès libre (accessibilité)."),
    "prise_rdv": gettext_lazy("Adresse de prise de rendez-vous."),
}


def absolute(request, path: str) -> str:
    """The full URL of a path when there is a request to say the host (there is none in the schema)."""
    return request.build_absolute_uri(path) if request is not None else path


def _labels(vocabulary: str) -> list[str]:
    """What the API writes of each value: the standard's code or exact label (national.written)."""
    return [national.written(vocabulary, value) for value in CHOICES_OF[vocabulary].values]


class StopSerializer(serializers.ModelSerializer):
    """A stop of an itinerant place (bus France Services)."""

    nom = serializers.CharField(source="name")
    adresse = serializers.CharField(source="address")
    code_postal = serializers.CharField(source="postcode")
    commune = serializers.CharField(source="commune_name")
    code_insee = serializers.CharField(source="commune_id", allow_null=True)
    horaires = serializers.CharField(source="opening_hours")
    precision = serializers.CharField(source="note")

    class Meta:
        model = Stop
        fields = [
            "nom",
            "adresse",
            "code_postal",
            "commune",
            "code_insee",
            "latitude",
            "longitude",
            "horaires",
            "precision",
        ]


def stop_record(stop: Stop) -> dict:
    """What StopSerializer describes, written by hand: a serializer instance per place costs more than the
    place itself in a page of 1,000."""
    return {
        "nom": stop.name,
        "adresse": stop.address,
        "code_postal": stop.postcode,
        "commune": stop.commune_name,
        "code_insee": stop.commune_id,
        "latitude": stop.latitude,
        "longitude": stop.longitude,
        "horaires": stop.opening_hours,
        "precision": stop.note,
    }


def _place_fields() -> dict[str, serializers.Field]:
    fields: dict[str, serializers.Field] = {}
    for column in standard.COLUMNS:
        help_text = DESCRIPTIONS.get(column, "")
        if column in standard.TAG_COLUMNS:
            fields[column] = serializers.ListField(
                child=serializers.ChoiceField(choices=_labels(column)),
                help_text=format_lazy(
                    gettext_lazy("Valeurs du vocabulaire « {column} » du schéma national (libellés exacts)."),
                    column=column,
                ),
            )
        elif column in standard.LIST_ATTRIBUTES:
            fields[column] = serializers.ListField(child=serializers.CharField(), help_text=help_text)
        elif column in ("latitude", "longitude"):
            fields[column] = serializers.FloatField(allow_null=True, help_text=help_text)
        elif column == "date_maj":
            fields[column] = serializers.DateField(help_text=help_text)
        else:
            fields[column] = serializers.CharField(allow_blank=True, help_text=help_text)
    return fields


class PlaceSerializer(serializers.Serializer):
    """A place: the 32 fields of the national standard v1.0.2, then what the directory adds."""

    # The 32 columns, declared from places/standard.py (the class body's namespace takes them like
    # hand-written attributes): one list of columns for the files, the importer and the API.
    locals().update(_place_fields())
    url = serializers.URLField(help_text=gettext_lazy("Cette fiche dans l'API."))
    page = serializers.URLField(help_text=gettext_lazy("La page du lieu sur le site."))
    derniere_modification = serializers.DateTimeField(
        help_text=gettext_lazy("Dernière modification dans l'annuaire (pour `updated_since`).")
    )
    date_maj_connue = serializers.BooleanField(
        help_text=gettext_lazy(
            "`false` : la source ne datait pas la donnée (date de mise à jour inconnue) ; `date_maj`, que "
            "le standard exige, est alors la date de la dernière modification dans l'annuaire."
        )
    )
    fraicheur = serializers.ChoiceField(
        choices=Freshness.choices,
        help_text=gettext_lazy(
            "Âge de `date_maj` le jour de la réponse (heure de Paris), en mois entiers comme le compte le "
            "back-office national : `moins-6-mois`, `6-12-mois`, `12-18-mois`, `plus-18-mois`, ou `inconnue` quand la "
            "source ne datait pas la donnée (`date_maj_connue: false`). Hors du standard : les exports ne l'écrivent pas."
        ),
    )
    horaires_precisions = serializers.CharField(
        help_text=gettext_lazy(
            "Ce que la source disait des horaires sans pouvoir l'écrire dans `horaires` (« sur rendez-vous », "
            "« le premier samedi du mois »…) : hors du standard."
        )
    )
    structure = serializers.IntegerField(
        allow_null=True, help_text=gettext_lazy("Structure porteuse (voir /api/v1/structures/).")
    )
    statut = serializers.ChoiceField(
        choices=Place.Status.choices,
        help_text=gettext_lazy(
            "`published` pour tout lieu public ; les lieux de votre structure en attente sont `submitted`."
        ),
    )
    arrets = StopSerializer(
        many=True, help_text=gettext_lazy("Arrêts d'un lieu itinérant, dans l'ordre de la tournée.")
    )
    distance_km = serializers.FloatField(
        required=False,
        allow_null=True,
        help_text=gettext_lazy("Distance au point `near`, en km (seulement avec `near`)."),
    )

    def to_representation(self, place: Place) -> dict:
        record = national.place_record(place)
        api_path, page_path = self._paths()
        stops = place.stop_list if hasattr(place, "stop_list") else list(place.stops.all())
        record.update(
            url=api_path.replace("/0/", f"/{place.pk}/"),
            page=page_path.replace("/0-lieu/", f"/{place.pk}-{place.slug}/"),
            derniere_modification=_DATE_TIME.to_representation(place.updated_at),
            date_maj_connue=place.updated_on is not None,
            fraicheur=freshness.band_of(place.updated_on, on=self._today()).value,
            horaires_precisions=place.opening_hours_note,
            structure=place.structure_id,
            statut=place.status,
            arrets=[stop_record(stop) for stop in stops],
        )
        if hasattr(place, "distance_km"):
            record["distance_km"] = round(place.distance_km, 3) if place.distance_km is not None else None
        return record

    def _today(self):
        """Today, read once for a whole page: every place of one answer is aged on the same day."""
        if not hasattr(self, "_day"):
            self._day = freshness.today()
        return self._day

    def _paths(self) -> tuple[str, str]:
        """The URLs of a place in the API and on the site, for place 0 named "lieu": made once for a whole page
        (`reverse()` and the host twice a place cost more than the rest of the record)."""
        if not hasattr(self, "_reversed"):
            request = self.context.get("request")
            self._reversed = (
                absolute(request, reverse("api:place-detail", kwargs={"id": 0})),
                absolute(request, reverse("places:detail", kwargs={"pk": 0, "slug": "lieu"})),
            )
        return self._reversed


_DATE_TIME = serializers.DateTimeField()


# --- Writes ------------------------------------------------------------------------------------------


class VocabularyValuesField(serializers.ListField):
    """Values of one vocabulary: the standard's labels or our slugs, as a list or joined by `|`."""

    def __init__(self, vocabulary: str, **kwargs):
        self.vocabulary = vocabulary
        kwargs.setdefault("required", False)
        kwargs.setdefault(
            "help_text",
            format_lazy(
                gettext_lazy("Libellés du vocabulaire « {vocabulary} » (ou leurs identifiants courts)."),
                vocabulary=vocabulary,
            ),
        )
        super().__init__(child=serializers.CharField(), **kwargs)

    def to_internal_value(self, data):
        # Read as the importer reads files: `|`-joined text, slugs, labels (with the schema's own spellings),
        # old labels of v0.
        texts = data if isinstance(data, str) else super().to_internal_value(data)
        values, unknown = read_vocabulary(self.vocabulary, texts)
        if unknown:
            raise serializers.ValidationError(
                _("« %(text)s » n'est pas une valeur de %(vocabulary)s (voir /api/v1/vocabulaires/).")
                % {"text": ", ".join(unknown), "vocabulary": self.vocabulary}
            )
        return values


@extend_schema_field(OpenApiTypes.STR)
class PhoneField(serializers.CharField):
    def to_internal_value(self, data):
        return normalize_phone(super().to_internal_value(data))


# Writable columns and the Place attribute behind each (id, code_insee, date_maj and source are ours to set).
WRITABLE_TEXT = {
    column: attribute
    for column, attribute in standard.TEXT_ATTRIBUTES.items()
    if column not in ("commune", "code_postal", "source")
}


class PlaceWriteSerializer(serializers.Serializer):
    """A place as a partner sends it, in the standard's names. On update, send only what changes (PATCH)."""

    id = serializers.CharField(
        required=False,
        max_length=200,
        help_text=gettext_lazy(
            "Votre identifiant du lieu (création seulement) ; publié ensuite en `structure-<n>--<id>`."
        ),
    )
    nom = serializers.CharField(max_length=255)
    adresse = serializers.CharField(max_length=255)
    complement_adresse = serializers.CharField(max_length=255, required=False, allow_blank=True)
    code_postal = serializers.RegexField(
        r"^\d{5}$",
        required=False,
        error_messages={"invalid": gettext_lazy("Le code postal compte 5 chiffres.")},
    )
    commune = serializers.CharField(max_length=100, required=False, allow_blank=True)
    code_insee = serializers.RegexField(
        r"^[0-9][0-9AB][0-9]{3}$",
        required=False,
        error_messages={
            "invalid": gettext_lazy("Le code INSEE compte 5 caractères (2A et 2B pour la Corse).")
        },
    )
    latitude = serializers.FloatField(min_value=-90, max_value=90, required=False, allow_null=True)
    longitude = serializers.FloatField(min_value=-180, max_value=180, required=False, allow_null=True)
    pivot = serializers.CharField(
        max_length=14, required=False, allow_blank=True, validators=[validate_pivot]
    )
    telephone = PhoneField(max_length=20, required=False, allow_blank=True, validators=[validate_phone])
    courriels = serializers.ListField(child=serializers.EmailField(), required=False, max_length=20)
    site_web = serializers.ListField(
        child=serializers.URLField(max_length=500), required=False, max_length=20
    )
    horaires = serializers.CharField(
        required=False, allow_blank=True, max_length=2000, validators=[validate_opening_hours]
    )
    presentation_resume = serializers.CharField(max_length=280, required=False, allow_blank=True)
    presentation_detail = serializers.CharField(max_length=10_000, required=False, allow_blank=True)
    structure_parente = serializers.CharField(max_length=255, required=False, allow_blank=True)
    autres_formations_labels = serializers.ListField(
        child=serializers.CharField(max_length=255), required=False, max_length=50
    )
    fiche_acces_libre = serializers.URLField(max_length=500, required=False, allow_blank=True)
    prise_rdv = serializers.URLField(max_length=500, required=False, allow_blank=True)
    # One field per vocabulary of the standard (see PlaceSerializer for this way of declaring them).
    locals().update({column: VocabularyValuesField(column) for column in standard.TAG_COLUMNS})

    def validate_id(self, value):
        if self.instance is not None:
            raise serializers.ValidationError(_("L'identifiant d'un lieu ne change pas."))
        return value

    def validate(self, data):
        place = self.instance
        if {"code_postal", "commune", "code_insee"} & data.keys() or place is None:
            data.update(self._locate(data, place))
        latitude = data.get("latitude", place.latitude if place else None)
        longitude = data.get("longitude", place.longitude if place else None)
        if (latitude is None) != (longitude is None):
            raise serializers.ValidationError(
                {
                    "longitude" if longitude is None else "latitude": _(
                        "Donnez la latitude et la longitude, ou aucune des deux."
                    )
                }
            )
        if "latitude" in self.initial_data or "longitude" in self.initial_data:
            data["coordinates_approximate"] = False  # the partner placed it
        return data

    def _locate(self, data, place: Place | None) -> dict:
        """The commune from the INSEE code, or from the name and postcode; coordinates from its centre when
        none are given to a new place."""
        postcode = data.get("code_postal", place.postcode if place else "")
        name = data.get("commune", place.commune_name if place else "")
        insee = data.get("code_insee", "")
        if not (postcode or insee):
            raise serializers.ValidationError({"code_postal": _("Donnez le code postal (ou le code INSEE).")})
        if insee:
            commune = gazetteer.by_insee(insee)
            if commune is None:
                raise serializers.ValidationError(
                    {"code_insee": _("Code INSEE inconnu du Code officiel géographique.")}
                )
        else:
            latitude, longitude = data.get("latitude"), data.get("longitude")
            commune = gazetteer.match(name, postcode, None, latitude, longitude).commune
            if commune is None:
                raise serializers.ValidationError(
                    {
                        "commune": _("Commune « %(name)s » introuvable avec le code postal %(postcode)s.")
                        % {"name": name, "postcode": postcode}
                    }
                )
        located = {
            "commune_id": commune.code,
            "commune_name": commune.name,
            "postcode": postcode or _first_postcode(commune),
        }
        if place is None and data.get("latitude") is None and commune.latitude is not None:
            located.update(
                latitude=commune.latitude, longitude=commune.longitude, coordinates_approximate=True
            )
        return located

    def split(self) -> tuple[dict, dict]:
        """(Place attributes, {vocabulary: values}) of what was sent."""
        data = dict(self.validated_data)
        data.pop("id", None)
        data.pop("commune", None)
        data.pop("code_postal", None)
        data.pop("code_insee", None)
        tags = {column: data.pop(column) for column in standard.TAG_COLUMNS if column in data}
        attributes = {}
        for key, value in data.items():
            attribute = WRITABLE_TEXT.get(key) or standard.LIST_ATTRIBUTES.get(key) or key
            attributes[attribute] = value
        return attributes, tags


def _first_postcode(commune) -> str:
    row = commune.postcode_rows.order_by("postcode").first()
    return row.postcode if row else ""
