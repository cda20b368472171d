"""What synthetic places are: kinds of place (profiles), who runs them (porteurs), what they offer, their hours.

Data only; demo/synthetic.py draws from it. Proportions follow what real exports show (France Services
mostly in small towns, tiers-lieux and centres sociaux in cities, libraries everywhere) and the France
Services porteur mix of programmes-facts.md (collectivités ≈ 64 %, associations 18 %, La Poste 15 %, MSA, État).
"""

import random
from dataclasses import dataclass, field

from demo.names import pick
from places.models import Structure
from places.vocabularies import Dispositif as D
from places.vocabularies import FormationLabel as L
from places.vocabularies import Frais as F
from places.vocabularies import Itinerance
from places.vocabularies import ModaliteAcces as A
from places.vocabularies import ModaliteAccompagnement as M
from places.vocabularies import PriseEnCharge as P
from places.vocabularies import Public as U
from places.vocabularies import Service as S
from places.vocabularies import Vocabulary as V

K = Structure.Kind


@dataclass(frozen=True)
class Porteur:
    """Who runs a place, and how widely one such structure reaches (one per commune, per département…)."""

    kind: str
    # "commune", "epci", "departement", "region" or "national": one structure per such territory;
    # "local": a new structure, or one already made in the same département (associations, companies).
    scope: str
    names: tuple[str, ...]
    typologie: str = ""  # the typologie code this porteur adds to its places, if any
    parent: str = ""  # porteur key of the parent structure (a CCAS belongs to its commune)
    short: str = ""  # how place names refer to it ("Accueil CAF de Cognac")
    place_names: tuple[str, ...] = ()  # networks name their places their own way
    dispositifs: dict[str, float] = field(default_factory=dict)


PORTEURS: dict[str, Porteur] = {
    "commune": Porteur(K.COMMUNE, "commune", ("Commune {de_commune}",), "MUNI"),
    "epci": Porteur(K.EPCI, "epci", ("{epci}",), "EPCI"),
    "ccas": Porteur(K.CCAS_CIAS, "commune", ("CCAS {de_commune}",), "CCAS", parent="commune"),
    "cias": Porteur(K.CCAS_CIAS, "epci", ("CIAS – {epci}",), "CIAS", parent="epci"),
    "departement": Porteur(K.DEPARTEMENT, "departement", ("Conseil départemental – {departement}",), "CD"),
    "region": Porteur(K.REGION, "region", ("Région {region}",), "REG"),
    "etat": Porteur(K.ETAT, "departement", ("Préfecture – {departement}",), "PREF"),
    "la-poste": Porteur(K.LA_POSTE, "region", ("La Poste – Réseau {region}",), "LA_POSTE", "la-poste-groupe"),
    "la-poste-groupe": Porteur(K.LA_POSTE, "national", ("Groupe La Poste",)),
    "msa": Porteur(K.MSA, "departement", ("MSA – {departement}",), "MSA", "msa-caisse-centrale"),
    "msa-caisse-centrale": Porteur(K.MSA, "national", ("Caisse centrale de la MSA",)),
    "caf": Porteur(
        K.OTHER_PUBLIC,
        "departement",
        ("CAF – {departement}",),
        "CAF",
        "cnaf",
        "CAF",
        dispositifs={D.CAF: 0.6},
    ),
    "cnaf": Porteur(K.OTHER_PUBLIC, "national", ("Caisse nationale des allocations familiales",)),
    "cpam": Porteur(K.OTHER_PUBLIC, "departement", ("CPAM – {departement}",), "CPAM", short="CPAM"),
    "france-travail": Porteur(
        K.OTHER_PUBLIC, "region", ("France Travail – {region}",), "FT", short="France Travail"
    ),
    "association": Porteur(K.ASSOCIATION, "local", ("{association}", "{association} {de_commune}"), "ASSO"),
    "emmaus-connect": Porteur(
        K.ASSOCIATION,
        "departement",
        ("Emmaüs Connect – {departement}",),
        "ASSO",
        "emmaus-connect-national",
        place_names=("Emmaüs Connect {commune}", "Point d'accueil Emmaüs Connect {de_commune}"),
        dispositifs={D.EMMAUS_CONNECT: 1.0},
    ),
    "emmaus-connect-national": Porteur(K.ASSOCIATION, "national", ("Emmaüs Connect",)),
    "croix-rouge": Porteur(
        K.ASSOCIATION,
        "departement",
        ("Croix-Rouge française – {departement}",),
        "ASSO",
        "croix-rouge-national",
        place_names=("Croix-Rouge française – unité locale {de_commune}",),
        dispositifs={D.CROIX_ROUGE: 1.0},
    ),
    "croix-rouge-national": Porteur(K.ASSOCIATION, "national", ("Croix-Rouge française",)),
    "mission-locale": Porteur(K.ASSOCIATION, "epci", ("Mission locale {de_commune}",), "ML"),
    "pimms": Porteur(K.ASSOCIATION, "departement", ("PIMMS Médiation {departement}",), "PIMMS"),
    "mjc": Porteur(K.ASSOCIATION, "commune", ("MJC {de_commune}",), "MJC"),
    "company": Porteur(K.COMPANY, "local", ("{company} {commune}",), "ESS"),
    "other": Porteur(K.OTHER, "local", ("Fondation {person}", "{departement} Habitat", "Mutuelle {region}")),
}

SIZE_SMALL, SIZE_MEDIUM = 2_000, 20_000  # inhabitants: below the first a village, above the second a city

# Probabilities of each value, drawn independently (see synthetic.pick).
ACCESS_OFFICE = {A.SE_PRESENTER: 0.85, A.TELEPHONER: 0.7, A.MAIL: 0.4, A.RDV_EN_LIGNE: 0.25}
ACCESS_APPOINTMENT = {A.TELEPHONER: 0.85, A.RDV_EN_LIGNE: 0.4, A.MAIL: 0.4, A.SE_PRESENTER: 0.3}
ACCESS_PRESCRIPTION = {A.FICHE_PRESCRIPTION: 0.5, A.TELEPHONER: 0.7, A.MAIL: 0.4, A.SE_PRESENTER: 0.2}
ACCOMPANIMENT_HELP = {M.INDIVIDUEL: 0.9, M.ATELIER: 0.25, M.AUTONOMIE: 0.35, M.A_DISTANCE: 0.15}
ACCOMPANIMENT_WORKSHOPS = {M.ATELIER: 0.8, M.INDIVIDUEL: 0.6, M.AUTONOMIE: 0.5, M.A_DISTANCE: 0.1}
FREE = {F.GRATUIT: 1.0}
MOSTLY_FREE = {F.GRATUIT: 0.85, F.GRATUIT_SOUS_CONDITION: 0.2, F.PAYANT: 0.05}
MEMBERSHIP = {F.GRATUIT_SOUS_CONDITION: 0.5, F.PAYANT: 0.35, F.GRATUIT: 0.4}
PUBLICS_ALL = {U.SENIORS: 0.25, U.FAMILLES: 0.2, U.JEUNES: 0.15, U.FEMMES: 0.05, U.ETUDIANTS: 0.05}
PRISE_EN_CHARGE = {
    P.HANDICAPS_MOTEURS: 0.15,
    P.ILLETTRISME: 0.1,
    P.SURDITE: 0.05,
    P.DEFICIENCE_VISUELLE: 0.05,
    P.HANDICAPS_MENTAUX: 0.04,
    P.LANGUES_ANGLAIS: 0.05,
    P.LANGUES_AUTRES: 0.04,
}
SERVICES_FIRST_STEPS = {
    S.OUTILS_QUOTIDIEN: 0.85,
    S.DEMARCHES: 0.5,
    S.ACCES_INTERNET: 0.6,
    S.SECURITE: 0.35,
    S.COMPREHENSION: 0.25,
    S.INSERTION_PRO: 0.2,
    S.PARENTALITE: 0.15,
    S.LOISIRS: 0.2,
}
SERVICES_PROCEDURES = {
    S.DEMARCHES: 1.0,
    S.ACCES_INTERNET: 0.7,
    S.OUTILS_QUOTIDIEN: 0.6,
    S.INSERTION_PRO: 0.35,
    S.SECURITE: 0.2,
}
SERVICES_MAKERS = {
    S.LOISIRS: 0.85,
    S.COMPREHENSION: 0.6,
    S.OUTILS_QUOTIDIEN: 0.5,
    S.ACCES_INTERNET: 0.5,
    S.INSERTION_PRO: 0.35,
    S.MATERIEL_SOLIDAIRE: 0.15,
    S.PARENTALITE: 0.15,
}

# Opening hours, OpenStreetMap syntax; tests check that each one parses.
HOURS_OFFICE = (
    "Mo-Fr 09:00-12:00,14:00-17:00; PH off",
    "Mo-Fr 08:30-12:00,13:30-17:00; PH off",
    "Mo-Th 08:30-12:00,13:30-17:30; Fr 08:30-12:00,13:30-16:30; PH off",
    "Mo-Fr 09:00-12:30,13:30-17:00; PH off",
    "Mo,Tu,Th,Fr 09:00-12:00,14:00-17:00; We 09:00-12:00; PH off",
    "Mo-Fr 09:00-17:00; PH off",
    "Mo-Fr 08:30-12:30,13:30-17:30; Sa 09:00-12:00; PH off",
)
HOURS_VILLAGE = (
    "Mo,Th 09:00-12:00; PH off",
    "Tu 14:00-18:00; Fr 09:00-12:00; PH off",
    "Mo-Fr 09:00-12:00; PH off",
    "Mo,We,Fr 08:30-12:00; PH off",
    "Tu,Th 09:00-12:00,14:00-17:00; Sa 09:00-11:30; PH off",
)
HOURS_LIBRARY = (
    "Tu,Th 14:00-18:00; We 10:00-12:00,14:00-18:00; Sa 10:00-12:00,14:00-17:00; PH off",
    "Tu-Fr 14:00-18:30; We,Sa 10:00-12:30,14:00-18:00; PH off",
    "We 14:00-18:00; Sa 10:00-12:00; PH off",
    "Tu,Th 14:00-18:00; Sa 09:00-12:00",
    "Tu-Sa 10:00-18:00; PH off",
    "Tu,Fr 16:00-18:30; We 10:00-12:00,14:00-18:00; Sa 10:00-16:00; PH off",
)
HOURS_ASSOCIATION = (
    "Mo-Fr 09:00-12:30,13:30-17:30; PH off",
    "Tu,Th 14:00-17:00; PH off",
    "Mo,We 09:30-12:00; Th 14:00-17:00",
    "We 14:00-17:00; Sa 10:00-12:00",
    "Mo-Th 09:00-12:00,14:00-18:00; Fr 09:00-12:00",
)
HOURS_TIERS_LIEU = (
    "Mo-Fr 09:00-18:00",
    "Tu-Sa 10:00-19:00; PH off",
    "Mo-Fr 08:30-19:00; Sa 10:00-13:00",
    "We-Fr 14:00-19:00; Sa 10:00-18:00",
    "Mo-Fr 09:00-18:00; Th 09:00-21:00",
)
HOURS_YOUTH = (
    "Mo-Fr 14:00-19:00; We 10:00-12:00,14:00-19:00; PH off",
    "Tu-Fr 13:30-18:30; We,Sa 10:00-18:00; PH off",
    "Mo-Fr 09:00-12:30,13:30-17:30; PH off",
)
# A bus stop is one half-day a week; the bus's own hours gather its stops by day.
STOP_DAYS = ("Mo", "Tu", "We", "Th", "Fr")
STOP_MORNINGS = ("09:00-12:00", "09:30-12:00", "09:30-12:30", "08:45-12:15")
STOP_AFTERNOONS = ("13:30-16:30", "14:00-17:00", "13:30-15:30")


@dataclass(frozen=True)
class Profile:
    """One kind of place: how often it appears, what it is called, who runs it and what it offers."""

    key: str
    weights: tuple[float, float, float]  # relative frequency in villages, towns, cities (SIZE_* above)
    names: tuple[str, ...]  # format strings; synthetic.Generator._fields lists the fields
    typologie: str
    porteurs: dict[str, float]
    services: dict[str, float]
    hours: tuple[str, ...]
    summary: str  # the opening of the short presentation: "{summary} {what it helps with}."
    city_names: tuple[str, ...] = ()  # preferred in cities, where "Médiathèque de Rennes" would repeat
    access: dict[str, float] = field(default_factory=lambda: ACCESS_OFFICE)
    accompaniment: dict[str, float] = field(default_factory=lambda: ACCOMPANIMENT_HELP)
    frais: dict[str, float] = field(default_factory=lambda: MOSTLY_FREE)
    publics: dict[str, float] = field(default_factory=lambda: PUBLICS_ALL)
    dispositifs: dict[str, float] = field(default_factory=dict)
    labels: dict[str, float] = field(default_factory=dict)
    itinerant: bool = False  # a bus: "Itinérant", with stops

    def draw_offer(self, rng: random.Random, porteur: Porteur, departement: str, region: str) -> dict:
        """One place's values of each multi-valued vocabulary of the standard, by vocabulary."""
        typologie = [self.typologie] if self.typologie else []
        if porteur.typologie and porteur.typologie not in typologie and (not typologie or rng.random() < 0.4):
            typologie.append(porteur.typologie)  # "RFS" and "LA_POSTE" for a France Services of La Poste
        offer = {
            V.TYPOLOGIE: typologie,
            V.SERVICES: pick(rng, self.services),
            V.PUBLICS: pick(rng, self.publics, at_least_one=False),
            V.PRISE_EN_CHARGE: pick(rng, PRISE_EN_CHARGE, at_least_one=False),
            V.FRAIS: pick(rng, self.frais),
            V.ITINERANCE: [Itinerance.ITINERANT]
            if self.itinerant
            else [Itinerance.FIXE]
            if rng.random() < 0.8
            else [],
            V.MODALITES_ACCES: pick(rng, self.access),
            V.MODALITES_ACCOMPAGNEMENT: pick(rng, self.accompaniment),
            V.DISPOSITIFS: pick(rng, self.dispositifs | porteur.dispositifs, at_least_one=False),
        }
        labels = pick(rng, self.labels, at_least_one=False)
        if rng.random() < 0.1:
            labels.append(L.MON_ESPACE_SANTE)
        regional = DEPARTEMENT_LABELS.get(departement) or REGIONAL_LABELS.get(region)
        if regional and rng.random() < 0.15:
            labels.append(regional)
        offer[V.FORMATIONS_LABELS] = list(dict.fromkeys(labels))
        return offer


CN = D.CONSEILLERS_NUMERIQUES

PROFILES: tuple[Profile, ...] = (
    Profile(
        "france-services",
        (10, 6, 1.5),
        (
            "France Services {de_commune}",
            "Espace France Services {de_commune}",
            "Maison France Services {de_commune}",
        ),
        "RFS",
        {"commune": 30, "epci": 34, "la-poste": 15, "association": 15, "msa": 3, "etat": 2, "departement": 1},
        SERVICES_PROCEDURES,
        HOURS_OFFICE,
        "Votre France Services vous accompagne",
        access=ACCESS_OFFICE,
        frais=FREE,
        dispositifs={D.FRANCE_SERVICES: 1.0, CN: 0.45, D.AIDANTS_CONNECT: 0.5},
    ),
    Profile(
        "mediatheque",
        (6, 10, 8),
        ("Médiathèque {de_commune}", "Bibliothèque municipale {de_commune}", "Médiathèque {person}"),
        "BIB",
        {"commune": 75, "epci": 25},
        SERVICES_FIRST_STEPS | {S.LOISIRS: 0.5, S.COMPREHENSION: 0.4},
        HOURS_LIBRARY,
        "La médiathèque vous accompagne",
        city_names=("Médiathèque {person}", "Bibliothèque {person}", "Médiathèque du quartier {quartier}"),
        accompaniment=ACCOMPANIMENT_WORKSHOPS,
        dispositifs={CN: 0.35, D.BNR: 0.06, D.PIX: 0.05},
    ),
    Profile(
        "epn",
        (4, 5, 4),
        ("Espace public numérique {de_commune}", "EPN {commune}", "Cyber-base {de_commune}"),
        "EPN",
        {"commune": 50, "epci": 20, "association": 30},
        SERVICES_FIRST_STEPS | {S.ACCES_INTERNET: 0.9},
        HOURS_ASSOCIATION,
        "L'espace public numérique vous accompagne",
        city_names=("EPN {quartier}", "Espace numérique {person}", "Cyber-espace {quartier}"),
        accompaniment=ACCOMPANIMENT_WORKSHOPS,
        dispositifs={CN: 0.55, D.PIX: 0.1, D.AIDANTS_CONNECT: 0.1},
    ),
    Profile(
        "mairie",
        (12, 4, 0.8),
        ("Mairie {de_commune}", "Point numérique de la mairie {de_commune}"),
        "MUNI",
        {"commune": 100},
        SERVICES_PROCEDURES | {S.OUTILS_QUOTIDIEN: 0.5},
        HOURS_VILLAGE,
        "La mairie vous aide",
        city_names=("Mairie annexe {quartier}", "Mairie de quartier {quartier}"),
        frais=FREE,
        dispositifs={CN: 0.3, D.AIDANTS_CONNECT: 0.1},
    ),
    Profile(
        "centre-social",
        (1, 4, 6),
        (
            "Centre social {person}",
            "Espace numérique du centre social {person}",
            "Centre socioculturel {de_commune}",
        ),
        "CS",
        {"association": 60, "ccas": 20, "commune": 20},
        SERVICES_FIRST_STEPS | {S.PARENTALITE: 0.4, S.DEMARCHES: 0.7},
        HOURS_ASSOCIATION,
        "Le centre social vous accompagne",
        accompaniment=ACCOMPANIMENT_WORKSHOPS,
        publics={U.FAMILLES: 0.6, U.FEMMES: 0.2, U.SENIORS: 0.3, U.JEUNES: 0.25},
        dispositifs={CN: 0.45, D.AIDANTS_CONNECT: 0.15, D.PROMENEURS: 0.15},
    ),
    Profile(
        "ccas",
        (2, 4, 4),
        ("{structure}", "Point numérique – {structure}", "{structure} – accueil numérique"),
        "CCAS",
        {"ccas": 80, "cias": 20},
        SERVICES_PROCEDURES,
        HOURS_OFFICE,
        "Le centre d'action sociale vous aide",
        access=ACCESS_PRESCRIPTION,
        frais=FREE,
        publics={U.SENIORS: 0.6, U.FAMILLES: 0.3},
        dispositifs={CN: 0.5, D.AIDANTS_CONNECT: 0.3, D.RELAIS_EMMAUS: 0.05},
    ),
    Profile(
        "association",
        (3, 5, 8),
        ("{structure}", "Atelier numérique {structure}", "{structure} – permanence numérique"),
        "ASSO",
        {"association": 80, "emmaus-connect": 10, "croix-rouge": 10},
        SERVICES_FIRST_STEPS,
        HOURS_ASSOCIATION,
        "L'association vous accompagne",
        access=ACCESS_APPOINTMENT,
        accompaniment=ACCOMPANIMENT_WORKSHOPS,
        frais={F.GRATUIT: 0.7, F.GRATUIT_SOUS_CONDITION: 0.35, F.PAYANT: 0.1},
        dispositifs={CN: 0.3, D.AIDANTS_CONNECT: 0.1, D.PIX: 0.05},
    ),
    Profile(
        "tiers-lieu",
        (2, 3, 4),
        ("Tiers-lieu {lieu}", "{lieu}, tiers-lieu numérique", "{lieu} – tiers-lieu {de_commune}"),
        "TIERS_LIEUX",
        {"association": 60, "company": 25, "epci": 15},
        SERVICES_MAKERS,
        HOURS_TIERS_LIEU,
        "Le tiers-lieu vous accompagne",
        accompaniment=ACCOMPANIMENT_WORKSHOPS,
        frais=MEMBERSHIP,
        dispositifs={CN: 0.25, D.GEN: 0.05},
    ),
    Profile(
        "fabrique",
        (1, 2, 2.5),
        ("Fabrique numérique {de_commune}", "La Fabrique {de_commune}", "{lieu} – Fabrique de territoire"),
        "FABRIQUE",
        {"association": 60, "company": 20, "epci": 15, "commune": 5},
        SERVICES_MAKERS,
        HOURS_TIERS_LIEU,
        "La fabrique vous accompagne",
        accompaniment=ACCOMPANIMENT_WORKSHOPS,
        frais=MEMBERSHIP,
        dispositifs={CN: 0.3, D.GEN: 0.1},
        labels={L.FABRIQUES: 1.0},
    ),
    Profile(
        "la-poste",
        (1.5, 2, 1.5),
        ("Bureau de poste {de_commune}", "La Poste {commune}"),
        "LA_POSTE",
        {"la-poste": 100},
        {S.DEMARCHES: 0.8, S.OUTILS_QUOTIDIEN: 0.6, S.ACCES_INTERNET: 0.5},
        HOURS_OFFICE,
        "Le bureau de poste vous aide",
        city_names=("La Poste {commune} {quartier}", "Bureau de poste {quartier}"),
        frais=FREE,
        labels={L.ETAPES_NUMERIQUES: 0.7},
    ),
    Profile(
        "msa",
        (1.2, 1.0, 0.4),
        ("Agence MSA {de_commune}", "MSA – accueil {de_commune}"),
        "MSA",
        {"msa": 100},
        SERVICES_PROCEDURES,
        HOURS_OFFICE,
        "L'agence MSA vous aide",
        access=ACCESS_APPOINTMENT,
        frais=FREE,
        publics={U.SENIORS: 0.3, U.FAMILLES: 0.2},
    ),
    Profile(
        "pimms",
        (0, 0.6, 1.5),
        ("PIMMS Médiation {commune}", "Point information médiation multi services {de_commune}"),
        "PIMMS",
        {"pimms": 100},
        SERVICES_PROCEDURES,
        HOURS_OFFICE,
        "Le PIMMS vous accompagne",
        frais=FREE,
        dispositifs={CN: 0.5, D.AIDANTS_CONNECT: 0.4},
    ),
    Profile(
        "mjc",
        (0.5, 2, 2),
        (
            "MJC {de_commune}",
            "Maison des jeunes et de la culture {person}",
            "Point information jeunesse {de_commune}",
        ),
        "MJC",
        {"mjc": 80, "commune": 20},
        SERVICES_MAKERS | {S.INSERTION_PRO: 0.4, S.SECURITE: 0.3},
        HOURS_YOUTH,
        "La MJC vous accompagne",
        accompaniment=ACCOMPANIMENT_WORKSHOPS,
        frais={F.GRATUIT: 0.6, F.GRATUIT_SOUS_CONDITION: 0.4},
        publics={U.JEUNES: 0.8, U.ETUDIANTS: 0.2, U.FAMILLES: 0.2},
        dispositifs={D.PROMENEURS: 0.35, CN: 0.25},
    ),
    Profile(
        "mission-locale",
        (0, 1, 1.5),
        ("Mission locale {de_commune}", "Mission locale – antenne {de_commune}"),
        "ML",
        {"mission-locale": 100},
        {S.INSERTION_PRO: 1.0, S.DEMARCHES: 0.7, S.OUTILS_QUOTIDIEN: 0.5, S.ACCES_INTERNET: 0.4},
        HOURS_OFFICE,
        "La mission locale vous accompagne",
        access=ACCESS_APPOINTMENT,
        frais=FREE,
        publics={U.JEUNES: 1.0},
        dispositifs={D.PROMENEURS: 0.3, CN: 0.2},
    ),
    Profile(
        "departement",
        (0.8, 1.5, 1.5),
        (
            "Maison départementale des solidarités {de_commune}",
            "Centre médico-social {de_commune}",
            "Espace départemental des solidarités {de_commune}",
        ),
        "MDS",
        {"departement": 100},
        SERVICES_PROCEDURES,
        HOURS_OFFICE,
        "Le Département vous accompagne",
        access=ACCESS_PRESCRIPTION,
        frais=FREE,
        publics={U.FAMILLES: 0.4, U.SENIORS: 0.3},
        dispositifs={CN: 0.4, D.AIDANTS_CONNECT: 0.25},
    ),
    Profile(
        "region",
        (0.5, 1.2, 1.5),
        ("Maison de la Région {de_commune}", "Antenne régionale {de_commune}"),
        "REG",
        {"region": 100},
        {S.INSERTION_PRO: 0.8, S.DEMARCHES: 0.6, S.OUTILS_QUOTIDIEN: 0.4},
        HOURS_OFFICE,
        "La Région vous accompagne",
        frais=FREE,
        publics={U.JEUNES: 0.4, U.ETUDIANTS: 0.3},
    ),
    Profile(
        "etat",
        (0.3, 1, 1),
        (
            "Point numérique de la sous-préfecture {de_commune}",
            "Centre des finances publiques {de_commune}",
            "Point d'accès au droit {de_commune}",
        ),
        "PREF",
        {"etat": 100},
        SERVICES_PROCEDURES,
        HOURS_OFFICE,
        "Les services de l'État vous aident",
        frais=FREE,
    ),
    Profile(
        "organisme-public",
        (0.5, 1.5, 2),
        ("Point d'accès numérique {short} {de_commune}", "Accueil {short} {de_commune}"),
        "",
        {"caf": 40, "cpam": 30, "france-travail": 30},
        SERVICES_PROCEDURES,
        HOURS_OFFICE,
        "Votre organisme vous aide",
        access=ACCESS_APPOINTMENT,
        frais=FREE,
    ),
    Profile(
        "reemploi",
        (0.3, 1, 2),
        ("{structure}", "Boutique {structure}"),
        "RESSOURCERIE",
        {"company": 70, "association": 30},
        {S.MATERIEL_SOLIDAIRE: 1.0, S.ACCES_INTERNET: 0.4, S.OUTILS_QUOTIDIEN: 0.4, S.SECURITE: 0.2},
        HOURS_TIERS_LIEU,
        "La boutique solidaire vous aide",
        frais={F.PAYANT: 0.8, F.GRATUIT_SOUS_CONDITION: 0.3},
        publics={},
        labels={L.ORDI_3: 0.3},
    ),
    Profile(
        "quartier",
        (0.3, 1.5, 3),
        (
            "Maison de quartier {quartier}",
            "Maison des habitants {quartier}",
            "Point numérique de la résidence {person}",
        ),
        "MQ",
        {"other": 60, "association": 40},
        SERVICES_FIRST_STEPS,
        HOURS_ASSOCIATION,
        "La maison de quartier vous accompagne",
        accompaniment=ACCOMPANIMENT_WORKSHOPS,
        dispositifs={CN: 0.3},
    ),
)

BUS = Profile(
    "bus",
    (1, 1, 1),
    (
        "Bus France Services – {epci}",
        "France Services itinérante {de_commune}",
        "Bus numérique {de_departement}",
    ),
    "RFS",
    {"epci": 50, "departement": 25, "association": 15, "msa": 10},
    SERVICES_PROCEDURES,
    (),
    "Près de chez vous, le bus France Services vous aide",
    frais=FREE,
    dispositifs={D.FRANCE_SERVICES: 1.0, CN: 0.5, D.AIDANTS_CONNECT: 0.3},
    itinerant=True,
)

# Regional labels of the standard, given to places of their région (or département) only.
REGIONAL_LABELS = {"27": L.ARNIA, "28": L.REEMPLOI_NORMANDIE, "93": L.SUD_LABS}
DEPARTEMENT_LABELS = {"26": L.ECLAIREURS, "69": L.MES_PAPIERS}
OTHER_LABELS = ("APTIC", "Pass numérique", "QPV", "ZRR", "Territoire numérique inclusif")

# Hubs numériques: one per région, except where one hub covers several (overseas basins, the South).
HUB_GROUPS = {
    ("01", "02", "03", "977", "978"): "Hub numérique Antilles-Guyane",
    ("04", "06"): "Hub numérique océan Indien",
    ("93", "94"): "Hub numérique du Sud",
    ("986", "987", "988"): "Hub numérique du Pacifique",
}
