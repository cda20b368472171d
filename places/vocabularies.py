"""The closed vocabularies of the national standard (schéma des lieux de médiation numérique v1.0.2).

Defined once and reused by models, forms, filters, serializers, importers and exporters.
Each choice's *value* is a short slug (URLs, database, API filters); its *label* is the exact string of the
standard (case, accents and apostrophes as in `schema-v1.0.2.json`), which is what files and the API carry.
Labels stay the standard's French everywhere: they are data (files, the API). Pages in another language show
the translation beside them, "Aide aux démarches administratives (Help with administrative procedures)":
`shown_label()`. gettext_noop only marks them for the catalogues (docs/translation.md).
"""

from django.db import models
from django.utils.translation import get_language, gettext, gettext_noop


class Service(models.TextChoices):
    DEMARCHES = "demarches-administratives", gettext_noop("Aide aux démarches administratives")
    OUTILS_QUOTIDIEN = (
        "outils-numeriques-quotidien",
        gettext_noop("Maîtrise des outils numériques du quotidien"),
    )
    INSERTION_PRO = "insertion-professionnelle", gettext_noop("Insertion professionnelle via le numérique")
    SECURITE = "utilisation-securisee", gettext_noop("Utilisation sécurisée du numérique")
    PARENTALITE = "parentalite-education", gettext_noop("Parentalité et éducation avec le numérique")
    LOISIRS = "loisirs-creations", gettext_noop("Loisirs et créations numériques")
    COMPREHENSION = "comprehension-monde-numerique", gettext_noop("Compréhension du monde numérique")
    ACCES_INTERNET = "acces-internet-materiel", gettext_noop("Accès internet et matériel informatique")
    MATERIEL_SOLIDAIRE = (
        "materiel-prix-solidaire",
        gettext_noop("Acquisition de matériel informatique à prix solidaire"),
    )


class Public(models.TextChoices):
    JEUNES = "jeunes", gettext_noop("Jeunes")
    ETUDIANTS = "etudiants", gettext_noop("Étudiants")
    FAMILLES = "familles-enfants", gettext_noop("Familles et/ou enfants")
    SENIORS = "seniors", gettext_noop("Seniors")
    FEMMES = "femmes", gettext_noop("Femmes")


class PriseEnCharge(models.TextChoices):
    SURDITE = "surdite", gettext_noop("Surdité")
    HANDICAPS_MOTEURS = "handicaps-moteurs", gettext_noop("Handicaps moteurs")
    HANDICAPS_MENTAUX = "handicaps-mentaux", gettext_noop("Handicaps mentaux")
    ILLETTRISME = "illettrisme", gettext_noop("Illettrisme")
    LANGUES_ANGLAIS = "langues-etrangeres-anglais", gettext_noop("Langues étrangères (anglais)")
    LANGUES_AUTRES = "langues-etrangeres-autres", gettext_noop("Langues étrangères (autres)")
    DEFICIENCE_VISUELLE = "deficience-visuelle", gettext_noop("Déficience visuelle")


class Frais(models.TextChoices):
    GRATUIT = "gratuit", gettext_noop("Gratuit")
    GRATUIT_SOUS_CONDITION = "gratuit-sous-condition", gettext_noop("Gratuit sous condition")
    PAYANT = "payant", gettext_noop("Payant")


class Itinerance(models.TextChoices):
    ITINERANT = "itinerant", gettext_noop("Itinérant")
    FIXE = "fixe", gettext_noop("Fixe")


class ModaliteAcces(models.TextChoices):
    SE_PRESENTER = "se-presenter", gettext_noop("Se présenter")
    TELEPHONER = "telephoner", gettext_noop("Téléphoner")
    MAIL = "contacter-par-mail", gettext_noop("Contacter par mail")
    RDV_EN_LIGNE = "rdv-en-ligne", gettext_noop("Prendre un RDV en ligne")
    PAS_DE_PUBLIC = "pas-de-public", gettext_noop("Ce lieu n'accueille pas de public")
    FICHE_PRESCRIPTION = "fiche-prescription", gettext_noop("Envoyer un mail avec une fiche de prescription")


class ModaliteAccompagnement(models.TextChoices):
    AUTONOMIE = "autonomie", gettext_noop("En autonomie")
    INDIVIDUEL = "individuel", gettext_noop("Accompagnement individuel")
    ATELIER = "atelier-collectif", gettext_noop("Dans un atelier collectif")
    A_DISTANCE = "a-distance", gettext_noop("À distance")


class Dispositif(models.TextChoices):
    AIDANTS_CONNECT = "aidants-connect", gettext_noop("Aidants Connect")
    BNR = "bibliotheques-numerique-reference", gettext_noop("Bibliothèques numérique de référence")
    PIX = "certification-pix", gettext_noop("Certification PIX")
    CONSEILLERS_NUMERIQUES = "conseillers-numeriques", gettext_noop("Conseillers numériques")
    EMMAUS_CONNECT = "emmaus-connect", gettext_noop("Emmaüs Connect")
    FRANCE_SERVICES = "france-services", gettext_noop("France Services")
    GEN = "grande-ecole-numerique", gettext_noop("Grande école du numérique")
    CROIX_ROUGE = "la-croix-rouge", gettext_noop("La Croix Rouge")
    CAF = "point-acces-numerique-caf", gettext_noop("Point d'accès numérique CAF")
    PROMENEURS = "promeneurs-du-net", gettext_noop("Promeneurs du net")
    RELAIS_EMMAUS = "relais-numerique-emmaus-connect", gettext_noop("Relais numérique (Emmaüs Connect)")


class FormationLabel(models.TextChoices):
    MON_ESPACE_SANTE = "mon-espace-sante", gettext_noop("Formé à « Mon Espace Santé »")
    DUPLEX = "duplex", gettext_noop("Formé à « DUPLEX » (illettrisme)")
    ARNIA = "arnia-mednum-bfc", gettext_noop("Arnia/MedNum BFC (Bourgogne-Franche-Comté)")
    REEMPLOI_NORMANDIE = (
        "reemploi-normandie",
        gettext_noop("Collectif ressources et acteurs réemploi (Normandie)"),
    )
    # The schema's regex reads "Étapes numériques(La Poste)" (no space): a typo, see standard.md §3.
    # Exports write the spelling of the description, of ANCT's library and of its transformer, which
    # is what consumers read; tests/places/test_export.py validates against the schema with that fix.
    ETAPES_NUMERIQUES = "etapes-numeriques", gettext_noop("Étapes numériques (La Poste)")
    FABRIQUES = "fabriques-de-territoire", gettext_noop("Fabriques de Territoire")
    ECLAIREURS = "eclaireurs-numerique", gettext_noop("Les Éclaireurs du numérique (Drôme)")
    MES_PAPIERS = "mes-papiers", gettext_noop("Mes Papiers (Métropole de Lyon)")
    ORDI_3 = "ordi-3-0", gettext_noop("ORDI 3.0")
    SUD_LABS = "sud-labs", gettext_noop("SUD LABS (PACA)")


# typologie: the 92 codes ANCT's library accepts (data·inclusion v0 "typologies de structures"), code -> label.
# Codes are stored as they are (they are already identifiers); labels from the data·inclusion référentiel.
TYPOLOGIES: dict[str, str] = {
    "ACI": gettext_noop("Structures porteuses d’ateliers et chantiers d’insertion (ACI)"),
    "ACIPHC": gettext_noop("SIAE — Atelier chantier d’insertion premières heures en chantier"),
    "AFPA": gettext_noop("Agence nationale pour la formation professionnelle des adultes (AFPA)"),
    "AI": gettext_noop("Associations intermédiaires (AI)"),
    "ASE": gettext_noop("Aide sociale à l’enfance (ASE)"),
    "ASSO": gettext_noop("Associations"),
    "ASSO_CHOMEUR": gettext_noop("Associations de chômeurs"),
    "Autre": gettext_noop("Autre"),
    "AVIP": gettext_noop("Crèche À Vocation d’Insertion Professionnelle (AVIP)"),
    "BIB": gettext_noop("Bibliothèque / Médiathèque"),
    "CAARUD": gettext_noop(
        "CAARUD - Centre d’accueil et d’accompagnement à la réduction de risques pour usagers de drogues"
    ),
    "CADA": gettext_noop("Centres d’accueil de demandeurs d’asile (CADA)"),
    "CAF": gettext_noop("Caisses d’allocation familiale (CAF)"),
    "CAP_EMPLOI": gettext_noop("Cap Emploi"),
    "CAVA": gettext_noop("Centres d’adaptation à la vie active (CAVA)"),
    "CC": gettext_noop("Communautés de Commune"),
    "CCAS": gettext_noop("Centres communaux d’action sociale (CCAS)"),
    "CCONS": gettext_noop("Chambres consulaires (CCI, CMA, CA)"),
    "CD": gettext_noop("Conseils Départementaux (CD)"),
    "CDAS": gettext_noop("Centre Départementale d’Action Sociale (CDAS)"),
    "CFP": gettext_noop("Centre des Finances Publiques (CFP)"),
    "CHRS": gettext_noop("Centres d’hébergement et de réinsertion sociale (CHRS)"),
    "CHU": gettext_noop("Centres d’hébergement d’urgence (CHU)"),
    "CIAS": gettext_noop("Centres intercommunaux d’action sociale (CIAS)"),
    "CIDFF": gettext_noop("Centres d’information sur les droits des femmes et des familles (CIDFF)"),
    "CITMET": gettext_noop("Cité des métiers"),
    "CMP": gettext_noop("Centre Médico-Psychologique (CMP)"),
    "CMS": gettext_noop("Centre Médico-Social (CMS)"),
    "CPAM": gettext_noop("Caisse Primaire d’Assurance Maladie (CPAM)"),
    "CPH": gettext_noop("Centres provisoires d’hébergement (CPH)"),
    "CS": gettext_noop("Centre social"),
    "CSAPA": gettext_noop("CSAPA - Centre de soins, d’accompagnement et de prévention en addictologie"),
    "CSC": gettext_noop("Centre Socio-Culturel (CSC)"),
    "DEETS": gettext_noop("Directions de l’Economie, de l’Emploi, du Travail et des Solidarités (DEETS)"),
    "DEPT": gettext_noop("Services sociaux du Conseil départemental"),
    "DIPLP": gettext_noop("Délégation interministérielles à la prévention et à la lutte contre la pauvreté"),
    "E2C": gettext_noop("E2C - École de la 2e chance"),
    "EA": gettext_noop("Entreprise adaptée (EA)"),
    "EATT": gettext_noop("Entreprise Adaptée (EATT)"),
    "EI": gettext_noop("Entreprises d’insertion (EI)"),
    "EITI": gettext_noop("Entreprises d’insertion par le travail indépendant (EITI)"),
    "ENM": gettext_noop("Espace Numérique Mobile (ENM)"),
    "EPCI": gettext_noop("Intercommunalité (EPCI)"),
    "EPI": gettext_noop("Espace Public Internet (EPI)"),
    "EPIDE": gettext_noop("EPIDE - Établissement pour l’insertion dans l’emploi"),
    "EPN": gettext_noop("Espace Public Numérique (EPN)"),
    "ES": gettext_noop("Épicerie Solidaire"),
    "ESAT": gettext_noop("Établissements ou services d'aide par le travail"),
    "ESS": gettext_noop("Entreprise de l’Économie Sociale et Solidaire"),
    "ETTI": gettext_noop("Entreprises de travail temporaire d’insertion (ETTI)"),
    "EVS": gettext_noop("Espace de Vie Sociale (EVS)"),
    "FABLAB": gettext_noop("Fablab / Atelier partagé"),
    "FABRIQUE": gettext_noop("Fabrique"),
    "FAIS": gettext_noop("Fédérations d’acteurs de l’insertion et de la solidarité"),
    "FT": gettext_noop("France Travail"),
    "GEIQ": gettext_noop("Groupements d’employeurs pour l’insertion et la qualification (GEIQ)"),
    "HUDA": gettext_noop("HUDA - Hébergement d’urgence pour demandeurs d’asile"),
    "LA_POSTE": gettext_noop("Bureau de poste / Agence postale"),
    "MDE": gettext_noop("Maison de l’emploi"),
    "MDH": gettext_noop("Maison des Habitants"),
    "MDEF": gettext_noop("Maison de l’emploi et de la formation"),
    "MDPH": gettext_noop("Maison Départementale des Personnes Handicapées"),
    "MDS": gettext_noop("Maison Départementale des Solidarités"),
    "MJC": gettext_noop("Maison des jeunes et de la culture"),
    "ML": gettext_noop("Mission Locale"),
    "MQ": gettext_noop("Maison de quartier"),
    "MSA": gettext_noop("Mutualité Sociale Agricole"),
    "MSAP": gettext_noop("Maison de Services Au Public (MSAP)"),
    "MUNI": gettext_noop("Municipalités"),
    "OACAS": gettext_noop(
        "Structures agréées Organisme d’accueil communautaire et d’activité solidaire (OACAS)"
    ),
    "ODC": gettext_noop("Organisation délégataire d’un CD"),
    "OF": gettext_noop("Organisme de formations"),
    "OIL": gettext_noop("Opérateur d’intermédiation locative"),
    "OPCS": gettext_noop("Organisation porteuse de la clause sociale"),
    "PAD": gettext_noop("Point d’Accès au Droit"),
    "PENSION": gettext_noop("Pension de famille / résidence accueil"),
    "PI": gettext_noop("Point Information (PI)"),
    "PIJ_BIJ": gettext_noop("Points et bureaux information jeunesse (PIJ/BIJ)"),
    "PIMMS": gettext_noop("Point Information Médiation Multi Services (PIMMS)"),
    "PJJ": gettext_noop("Protection judiciaire de la jeunesse (PJJ)"),
    "PLIE": gettext_noop("Plans locaux pour l’insertion et l’emploi (PLIE)"),
    "PREF": gettext_noop("Préfecture, Sous-Préfecture"),
    "PREVENTION": gettext_noop("Service ou club de prévention"),
    "REG": gettext_noop("Région"),
    "RELAIS_LECTURE": gettext_noop("Relais lecture"),
    "RESSOURCERIE": gettext_noop("Ressourcerie"),
    "RFS": gettext_noop("Réseau France Services"),
    "RS_FJT": gettext_noop("Résidence sociale / FJT - Foyer de Jeunes Travailleurs"),
    "SCP": gettext_noop("Services et clubs de prévention"),
    "SPIP": gettext_noop("Services pénitentiaires d’insertion et de probation (SPIP)"),
    "TIERS_LIEUX": gettext_noop("Tiers lieu & coworking"),
    "UDAF": gettext_noop("Union Départementale d’Aide aux Familles (UDAF)"),
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


def shown_label(label: str) -> str:
    """An official label as a page shows it: the standard's French, followed in another language by its
    translation in brackets when the catalogue has one."""
    if (get_language() or "fr").startswith("fr"):
        return label
    translated = gettext(label)
    return label if translated == label else f"{label} ({translated})"


def shown_label_of(vocabulary: str, value: str) -> str:
    return shown_label(label_of(vocabulary, value))
