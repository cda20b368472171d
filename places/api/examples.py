"""Descriptions and examples of the OpenAPI schema (drf-spectacular), kept out of the views' code."""

from django.utils.translation import gettext_lazy
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiExample, OpenApiParameter, OpenApiResponse, inline_serializer
from rest_framework import serializers

from places.vocabularies import Service

ERRORS = OpenApiResponse(
    response=inline_serializer(
        "Erreurs",
        {
            "detail": serializers.CharField(
                required=False, help_text=gettext_lazy("Erreur générale (401, 403, 404, 429).")
            )
        },
    ),
    description=gettext_lazy(
        'Erreurs : `{"detail": "…"}`, ou `{"paramètre ou champ": ["message", …]}` pour une '
        "requête invalide (400)."
    ),
    examples=[
        OpenApiExample(
            "Paramètre invalide", value={"near": ["Attendu « latitude,longitude » en degrés décimaux."]}
        ),
        OpenApiExample("Jeton absent", value={"detail": "Informations d'authentification non fournies."}),
    ],
)

PENDING = OpenApiResponse(
    response=inline_serializer(
        "ModificationEnAttente",
        {
            "statut": serializers.CharField(),
            "message": serializers.CharField(),
            "modification": serializers.DictField(),
            "lieu": serializers.DictField(
                help_text=gettext_lazy("Le lieu tel qu'il est publié, inchangé jusqu'à la modération.")
            ),
        },
    ),
    description=gettext_lazy(
        "Lieu publié : la modification attend un modérateur (les suivantes s'y ajoutent)."
    ),
)

PLACE_LIST_DESCRIPTION = gettext_lazy("""
Les lieux publiés, au format du schéma national v1.0.2 (noms de champs et libellés du standard), plus `url`,
`page`, `derniere_modification`, `fraicheur` (âge de `date_maj` : `moins-6-mois` … `plus-18-mois`, `inconnue`),
`structure`, `statut`, `arrets` et, avec un centre (`near`, `ou`, `autour`), `distance_km`.

**Formats** : JSON (par défaut), GeoJSON (`format=geojson` ou `Accept: application/geo+json`), CSV national
(`format=csv` ou `Accept: text/csv` : tous les résultats d'un coup, en flux, comme l'export).

**Pagination** : par curseur (ordre stable même si des lieux sont ajoutés pendant le parcours : suivez `next`) ;
par numéro de page avec le total `count` quand vous donnez `page`, et toujours avec un centre (tri par distance).

**Reprise incrémentale** : notez l'heure de début de votre parcours, puis demandez `updated_since=<cette heure>`
la fois suivante (prévoyez quelques minutes de recouvrement). Les lieux retirés depuis sont listés par
`/api/v1/places/removed/?since=`.

**Filtres** : ceux de la page de recherche du site, lus par le même code ; les noms courts du site (`frais`,
`acces`, `rayon`, `ouvert`…) valent ici aussi. Plusieurs valeurs d'un même filtre : l'une ou l'autre (OU) ;
plusieurs filtres : tous (ET). Une zone `bbox` remplace le cercle du rayon. Un bus est trouvé à son arrêt le plus
proche, et dans chaque territoire où il s'arrête. Un paramètre inconnu ou invalide donne une erreur 400 qui le
nomme.
""")

PLACE_LIST_EXAMPLES = [
    OpenApiExample(
        "Un lieu dans une page de résultats",
        response_only=True,
        value={
            "id": "hub-du-sud--12",
            "pivot": "21130055300016",
            "nom": "Médiathèque de l'Alcazar",
            "commune": "Marseille",
            "code_postal": "13001",
            "code_insee": "13201",
            "adresse": "58 cours Belsunce",
            "latitude": 43.2985,
            "longitude": 5.377,
            "services": ["Aide aux démarches administratives", "Accès internet et matériel informatique"],
            "frais_a_charge": ["Gratuit"],
            "horaires": "Tu-Sa 11:00-19:00",
            "date_maj": "2026-10-02",
            "url": "https://annuaire.example.fr/api/v1/places/4812/",
            "statut": "published",
            "arrets": [],
        },
    )
]

PLACE_CREATE_DESCRIPTION = gettext_lazy("""
Avec le jeton d'une structure (`Authorization: Bearer <clé>`, créé par un membre de la structure dans
« Mon espace »). Le lieu est rattaché à cette structure et **attend la modération** (`statut: submitted`) :
il n'est pas public avant qu'un modérateur le publie. Champs et valeurs : ceux du schéma national ; les
vocabulaires acceptent les libellés du standard ou les identifiants courts de `/api/v1/vocabulaires/`.
Sans latitude ni longitude, le lieu est placé au centre de sa commune.
""")

PLACE_UPDATE_DESCRIPTION = gettext_lazy("""
Seulement les lieux de la structure du jeton (403 sinon). Un lieu pas encore publié est modifié aussitôt
(réponse 200). Pour un lieu publié, la modification **attend un modérateur** (réponse 202) : le lieu public ne
change pas d'ici là, et plusieurs modifications successives s'ajoutent champ par champ.
""")

PLACE_CREATE_EXAMPLE = OpenApiExample(
    "Nouveau lieu",
    request_only=True,
    value={
        "id": "mediatheque-centre",
        "nom": "Médiathèque du centre",
        "adresse": "2 place de la Mairie",
        "code_postal": "03100",
        "commune": "Montluçon",
        "telephone": "04 70 00 00 00",
        "horaires": "Mo-Fr 09:00-12:00,14:00-17:00",
        "services": ["Aide aux démarches administratives"],
        "frais_a_charge": ["gratuit"],
    },
)

PLACE_PATCH_EXAMPLE = OpenApiExample(
    "Nouveaux horaires",
    request_only=True,
    value={"horaires": "Mo-Fr 09:00-12:00,14:00-18:00; Sa 09:00-12:00"},
)

CLUSTERS_DESCRIPTION = gettext_lazy("""
Les points de la carte du site pour la zone visible `bbox` (sud,ouest,nord,est) et le niveau de `zoom` :
des groupes avec leur nombre `count` quand les lieux sont nombreux, chaque lieu (avec `id`, `name`, `url`) de
près. Les autres paramètres sont ceux de `/api/v1/places/` (ou leurs noms courts du site : `frais`, `ouvert`…) :
la même recherche, dans la zone de la carte ; un paramètre inconnu est ignoré (la carte reçoit l'adresse de la
page).
""")

CLUSTERS_PARAMETERS = [
    OpenApiParameter(
        "bbox",
        OpenApiTypes.STR,
        required=True,
        description=gettext_lazy("sud,ouest,nord,est en degrés décimaux."),
        examples=[OpenApiExample("France", value="41.0,-5.5,51.5,10.0")],
    ),
    OpenApiParameter(
        "zoom",
        {"type": "integer", "minimum": 0, "maximum": 20},
        required=True,
        description=gettext_lazy("Niveau de zoom de la carte (0 à 20)."),
        examples=[OpenApiExample("Pays", value=6)],
    ),
    OpenApiParameter("q", OpenApiTypes.STR, description=gettext_lazy("Mots du nom ou de la présentation.")),
    OpenApiParameter(
        "services",
        OpenApiTypes.STR,
        many=True,
        enum=list(Service.values),
        description=gettext_lazy("Services (identifiants courts)."),
    ),
]
