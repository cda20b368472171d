"""The closed vocabularies of the national standard (schéma des lieux de médiation numérique v1.0.2).

Defined once and reused by models, forms, filters, serializers, importers and exporters.
Each choice's *value* is a short slug (URLs, database, API filters); its *label* is the exact string of the
standard (case, accents and apostrophes as in `schema-v1.0.2.json`), which is what files and the API carry.
Labels are deliberately not translated: they are data, not interface text.
"""

from django.db import models


class Service(models.TextChoices):
    DEMARCHES = "demarches-administratives", "Aide aux démarches administratives"
    OUTILS_QUOTIDIEN = "outils-numeriques-quotidien", "Maîtrise des outils numériques du quotidien"
    INSERTION_PRO = "insertion-professionnelle", "Insertion professionnelle via le numérique"
    SECURITE = "utilisation-securisee", "Utilisation sécurisée du numérique"
    PARENTALITE = "parentalite-education", "Parentalité et éducation avec le numérique"
    LOISIRS = "loisirs-creations", "Loisirs et créations numériques"
    COMPREHENSION = "comprehension-monde-numerique", "Compréhension du monde numérique"
    ACCES_INTERNET = "acces-internet-materiel", "Accès internet et matériel informatique"
    MATERIEL_SOLIDAIRE = "materiel-prix-solidaire", "Acquisition de matériel informatique à prix solidaire"


class Public(models.TextChoices):
    JEUNES = "jeunes", "Jeunes"
    ETUDIANTS = "etudiants", "Étudiants"
    FAMILLES = "familles-enfants", "Familles et/ou enfants"
    SENIORS = "seniors", "Seniors"
    FEMMES = "femmes", "Femmes"


class PriseEnCharge(models.TextChoices):
    SURDITE = "surdite", "Surdité"
    HANDICAPS_MOTEURS = "handicaps-moteurs", "Handicaps moteurs"
    HANDICAPS_MENTAUX = "handicaps-mentaux", "Handicaps mentaux"
    ILLETTRISME = "illettrisme", "Illettrisme"
    LANGUES_ANGLAIS = "langues-etrangeres-anglais", "Langues étrangères (anglais)"
    LANGUES_AUTRES = "langues-etrangeres-autres", "Langues étrangères (autres)"
    DEFICIENCE_VISUELLE = "deficience-visuelle", "Déficience visuelle"


class Frais(models.TextChoices):
    GRATUIT = "gratuit", "Gratuit"
    GRATUIT_SOUS_CONDITION = "gratuit-sous-condition", "Gratuit sous condition"
    PAYANT = "payant", "Payant"


class Itinerance(models.TextChoices):
    ITINERANT = "itinerant", "Itinérant"
    FIXE = "fixe", "Fixe"


class ModaliteAcces(models.TextChoices):
    SE_PRESENTER = "se-presenter", "Se présenter"
    TELEPHONER = "telephoner", "Téléphoner"
    MAIL = "contacter-par-mail", "Contacter par mail"
    RDV_EN_LIGNE = "rdv-en-ligne", "Prendre un RDV en ligne"
    PAS_DE_PUBLIC = "pas-de-public", "Ce lieu n'accueille pas de public"
    FICHE_PRESCRIPTION = "fiche-prescription", "Envoyer un mail avec une fiche de prescription"


class ModaliteAccompagnement(models.TextChoices):
    AUTONOMIE = "autonomie", "En autonomie"
    INDIVIDUEL = "individuel", "Accompagnement individuel"
    ATELIER = "atelier-collectif", "Dans un atelier collectif"
    A_DISTANCE = "a-distance", "À distance"


class Dispositif(models.TextChoices):
    AIDANTS_CONNECT = "aidants-connect", "Aidants Connect"
    BNR = "bibliotheques-numerique-reference", "Bibliothèques numérique de référence"
    PIX = "certification-pix", "Certification PIX"
    CONSEILLERS_NUMERIQUES = "conseillers-numeriques", "Conseillers numériques"
    EMMAUS_CONNECT = "emmaus-connect", "Emmaüs Connect"
    FRANCE_SERVICES = "france-services", "France Services"
    GEN = "grande-ecole-numerique", "Grande école du numérique"
    CROIX_ROUGE = "la-croix-rouge", "La Croix Rouge"
    CAF = "point-acces-numerique-caf", "Point d'accès numérique CAF"
    PROMENEURS = "promeneurs-du-net", "Promeneurs du net"
    RELAIS_EMMAUS = "relais-numerique-emmaus-connect", "Relais numérique (Emmaüs Connect)"


class FormationLabel(models.TextChoices):
    MON_ESPACE_SANTE = "mon-espace-sante", "Formé à « Mon Espace Santé »"
    DUPLEX = "duplex", "Formé à « DUPLEX » (illettrisme)"
    ARNIA = "arnia-mednum-bfc", "Arnia/MedNum BFC (Bourgogne-Franche-Comté)"
    REEMPLOI_NORMANDIE = "reemploi-normandie", "Collectif ressources et acteurs réemploi (Normandie)"
    # The schema's regex reads "Étapes numériques(La Poste)" (no space): a typo, see standard.md §3.
    # Exports write the spelling of the description, of ANCT's library and of its transformer, which
    # is what consumers read; tests/places/test_export.py validates against the schema with that fix.
    ETAPES_NUMERIQUES = "etapes-numeriques", "Étapes numériques (La Poste)"
    FABRIQUES = "fabriques-de-territoire", "Fabriques de Territoire"
    ECLAIREURS = "eclaireurs-numerique", "Les Éclaireurs du numérique (Drôme)"
    MES_PAPIERS = "mes-papiers", "Mes Papiers (Métropole de Lyon)"
    ORDI_3 = "ordi-3-0", "ORDI 3.0"
    SUD_LABS = "sud-labs", "SUD LABS (PACA)"


# typologie: the 92 codes ANCT's library accepts (data·inclusion v0 "typologies de structures"), code -> label.
# Codes are stored as they are (they are already identifiers); labels from the data·inclusion référentiel.
TYPOLOGIES: dict[str, str] = {
    "ACI": "Structures porteuses d’ateliers et chantiers d’insertion (ACI)",
    "ACIPHC": "SIAE — Atelier chantier d’insertion premières heures en chantier",
    "AFPA": "Agence nationale pour la formation professionnelle des adultes (AFPA)",
    "AI": "Associations intermédiaires (AI)",
    "ASE": "Aide sociale à l’enfance (ASE)",
    "ASSO": "Associations",
    "ASSO_CHOMEUR": "Associations de chômeurs",
    "Autre": "Autre",
    "AVIP": "Crèche À Vocation d’Insertion Professionnelle (AVIP)",
    "BIB": "Bibliothèque / Médiathèque",
    "CAARUD": "CAARUD - Centre d’accueil et d’accompagnement à la réduction de risques pour usagers de drogues",
    "CADA": "Centres d’accueil de demandeurs d’asile (CADA)",
    "CAF": "Caisses d’allocation familiale (CAF)",
    "CAP_EMPLOI": "Cap Emploi",
    "CAVA": "Centres d’adaptation à la vie active (CAVA)",
    "CC": "Communautés de Commune",
    "CCAS": "Centres communaux d’action sociale (CCAS)",
    "CCONS": "Chambres consulaires (CCI, CMA, CA)",
    "CD": "Conseils Départementaux (CD)",
    "CDAS": "Centre Départementale d’Action Sociale (CDAS)",
    "CFP": "Centre des Finances Publiques (CFP)",
    "CHRS": "Centres d’hébergement et de réinsertion sociale (CHRS)",
    "CHU": "Centres d’hébergement d’urgence (CHU)",
    "CIAS": "Centres intercommunaux d’action sociale (CIAS)",
    "CIDFF": "Centres d’information sur les droits des femmes et des familles (CIDFF)",
    "CITMET": "Cité des métiers",
    "CMP": "Centre Médico-Psychologique (CMP)",
    "CMS": "Centre Médico-Social (CMS)",
    "CPAM": "Caisse Primaire d’Assurance Maladie (CPAM)",
    "CPH": "Centres provisoires d’hébergement (CPH)",
    "CS": "Centre social",
    "CSAPA": "CSAPA - Centre de soins, d’accompagnement et de prévention en addictologie",
    "CSC": "Centre Socio-Culturel (CSC)",
    "DEETS": "Directions de l’Economie, de l’Emploi, du Travail et des Solidarités (DEETS)",
    "DEPT": "Services sociaux du Conseil départemental",
    "DIPLP": "Délégation interministérielles à la prévention et à la lutte contre la pauvreté",
    "E2C": "E2C - École de la 2e chance",
    "EA": "Entreprise adaptée (EA)",
    "EATT": "Entreprise Adaptée (EATT)",
    "EI": "Entreprises d’insertion (EI)",
    "EITI": "Entreprises d’insertion par le travail indépendant (EITI)",
    "ENM": "Espace Numérique Mobile (ENM)",
    "EPCI": "Intercommunalité (EPCI)",
    "EPI": "Espace Public Internet (EPI)",
    "EPIDE": "EPIDE - Établissement pour l’insertion dans l’emploi",
    "EPN": "Espace Public Numérique (EPN)",
    "ES": "Épicerie Solidaire",
    "ESAT": "Établissements ou services d'aide par le travail",
    "ESS": "Entreprise de l’Économie Sociale et Solidaire",
    "ETTI": "Entreprises de travail temporaire d’insertion (ETTI)",
    "EVS": "Espace de Vie Sociale (EVS)",
    "FABLAB": "Fablab / Atelier partagé",
    "FABRIQUE": "Fabrique",
    "FAIS": "Fédérations d’acteurs de l’insertion et de la solidarité",
    "FT": "France Travail",
    "GEIQ": "Groupements d’employeurs pour l’insertion et la qualification (GEIQ)",
    "HUDA": "HUDA - Hébergement d’urgence pour demandeurs d’asile",
    "LA_POSTE": "Bureau de poste / Agence postale",
    "MDE": "Maison de l’emploi",
    "MDH": "Maison des Habitants",
    "MDEF": "Maison de l’emploi et de la formation",
    "MDPH": "Maison Départementale des Personnes Handicapées",
    "MDS": "Maison Départementale des Solidarités",
    "MJC": "Maison des jeunes et de la culture",
    "ML": "Mission Locale",
    "MQ": "Maison de quartier",
    "MSA": "Mutualité Sociale Agricole",
    "MSAP": "Maison de Services Au Public (MSAP)",
    "MUNI": "Municipalités",
    "OACAS": "Structures agréées Organisme d’accueil communautaire et d’activité solidaire (OACAS)",
    "ODC": "Organisation délégataire d’un CD",
    "OF": "Organisme de formations",
    "OIL": "Opérateur d’intermédiation locative",
    "OPCS": "Organisation porteuse de la clause sociale",
    "PAD": "Point d’Accès au Droit",
    "PENSION": "Pension de famille / résidence accueil",
    "PI": "Point Information (PI)",
    "PIJ_BIJ": "Points et bureaux information jeunesse (PIJ/BIJ)",
    "PIMMS": "Point Information Médiation Multi Services (PIMMS)",
    "PJJ": "Protection judiciaire de la jeunesse (PJJ)",
    "PLIE": "Plans locaux pour l’insertion et l’emploi (PLIE)",
    "PREF": "Préfecture, Sous-Préfecture",
    "PREVENTION": "Service ou club de prévention",
    "REG": "Région",
    "RELAIS_LECTURE": "Relais lecture",
    "RESSOURCERIE": "Ressourcerie",
    "RFS": "Réseau France Services",
    "RS_FJT": "Résidence sociale / FJT - Foyer de Jeunes Travailleurs",
    "SCP": "Services et clubs de prévention",
    "SPIP": "Services pénitentiaires d’insertion et de probation (SPIP)",
    "TIERS_LIEUX": "Tiers lieu & coworking",
    "UDAF": "Union Départementale d’Aide aux Familles (UDAF)",
}

Typologie = models.TextChoices("Typologie", [(code, (code, label)) for code, label in TYPOLOGIES.items()])


class Vocabulary(models.TextChoices):
    """The multi-valued fields of the standard stored as tags (see PlaceTag), by their standard field name."""

    TYPOLOGIE = "typologie", "typologie"
    SERVICES = "services", "services"
    PUBLICS = "publics_specifiquement_adresses", "publics_specifiquement_adresses"
    PRISE_EN_CHARGE = "prise_en_charge_specifique", "prise_en_charge_specifique"
    FRAIS = "frais_a_charge", "frais_a_charge"
    ITINERANCE = "itinerance", "itinerance"
    MODALITES_ACCES = "modalites_acces", "modalites_acces"
    MODALITES_ACCOMPAGNEMENT = "modalites_accompagnement", "modalites_accompagnement"
    DISPOSITIFS = "dispositif_programmes_nationaux", "dispositif_programmes_nationaux"
    FORMATIONS_LABELS = "formations_labels", "formations_labels"


CHOICES_OF: dict[str, type[models.TextChoices]] = {
    Vocabulary.TYPOLOGIE: Typologie,
    Vocabulary.SERVICES: Service,
    Vocabulary.PUBLICS: Public,
    Vocabulary.PRISE_EN_CHARGE: PriseEnCharge,
    Vocabulary.FRAIS: Frais,
    Vocabulary.ITINERANCE: Itinerance,
    Vocabulary.MODALITES_ACCES: ModaliteAcces,
    Vocabulary.MODALITES_ACCOMPAGNEMENT: ModaliteAccompagnement,
    Vocabulary.DISPOSITIFS: Dispositif,
    Vocabulary.FORMATIONS_LABELS: FormationLabel,
}


_LABELS = {vocabulary: dict(choices.choices) for vocabulary, choices in CHOICES_OF.items()}
_VALUES = {
    vocabulary: {**{label: value for value, label in choices.choices}, **{v: v for v in choices.values}}
    for vocabulary, choices in CHOICES_OF.items()
}


def label_of(vocabulary: str, value: str) -> str:
    """The standard's string for a stored value (unknown values are returned unchanged)."""
    return _LABELS[vocabulary].get(value, value)


def value_of(vocabulary: str, text: str) -> str | None:
    """The stored value for a standard string or a slug, or None when the vocabulary has no such entry."""
    return _VALUES[vocabulary].get(text.strip())


_ORDERS = {
    vocabulary: {value: position for position, value in enumerate(choices.values)}
    for vocabulary, choices in CHOICES_OF.items()
}


def in_order(vocabulary: str, values) -> list[str]:
    """The values in the standard's order (values outside it last, alphabetically): exports and pages list
    them so."""
    order = _ORDERS[vocabulary]
    return sorted(values, key=lambda value: (order.get(value, len(order)), value))
