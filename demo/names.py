"""The words and values synthetic places are written with: people, streets, association names, the sentences
of their presentations, and valid SIRET, phone numbers, coordinates and hours. Functions draw from the
`random.Random` they are given and from nothing else.

Nothing here is a real organisation's contact: domains end in the reserved `.example` top-level domain
(RFC 2606), and SIRET are random numbers that merely pass the Luhn check.
"""

import bisect
import itertools
import math
import random
from collections.abc import Iterable, Sequence
from datetime import date, timedelta

from places.models import Stop, Structure
from places.text import normalize
from places.vocabularies import Dispositif as D
from places.vocabularies import Frais as F
from places.vocabularies import ModaliteAcces
from places.vocabularies import ModaliteAccompagnement as M
from places.vocabularies import Public as U
from places.vocabularies import Service as S
from places.vocabularies import Vocabulary as V

SERVICE_PHRASES = {
    S.DEMARCHES: "dans vos démarches administratives en ligne",
    S.OUTILS_QUOTIDIEN: "pour prendre en main ordinateur, smartphone et tablette",
    S.INSERTION_PRO: "dans votre recherche d'emploi en ligne",
    S.SECURITE: "pour naviguer et communiquer en sécurité",
    S.PARENTALITE: "pour accompagner vos enfants dans leurs usages numériques",
    S.LOISIRS: "dans vos projets créatifs (photo, vidéo, impression 3D)",
    S.COMPREHENSION: "pour comprendre les enjeux du numérique",
    S.ACCES_INTERNET: "avec un accès libre à internet et aux ordinateurs",
    S.MATERIEL_SOLIDAIRE: "pour acquérir un ordinateur reconditionné à prix solidaire",
}
FRAIS_SENTENCES = {
    F.GRATUIT: "L'accompagnement est gratuit.",
    F.GRATUIT_SOUS_CONDITION: "L'accès est gratuit pour les adhérents et les personnes orientées par un travailleur social.",
    F.PAYANT: "Certaines activités sont payantes ; renseignez-vous sur les tarifs.",
}
ACCOMPANIMENT_SENTENCES = {
    M.INDIVIDUEL: "un médiateur vous reçoit individuellement",
    M.ATELIER: "des ateliers collectifs ont lieu chaque semaine",
    M.AUTONOMIE: "des postes sont en accès libre",
    M.A_DISTANCE: "un accompagnement à distance est possible",
}
DISPOSITIF_SENTENCES = {
    D.FRANCE_SERVICES: "Le lieu est labellisé France Services.",
    D.CONSEILLERS_NUMERIQUES: "Un conseiller numérique France Services anime les accompagnements.",
    D.AIDANTS_CONNECT: "Les aidants sont habilités Aidants Connect pour faire des démarches en votre nom.",
    D.PIX: "Vous pouvez y passer la certification Pix.",
    D.PROMENEURS: "Un Promeneur du Net répond aussi aux jeunes sur les réseaux sociaux.",
}

PUBLIC_WORDS = {
    U.JEUNES: "aux jeunes",
    U.ETUDIANTS: "aux étudiants",
    U.FAMILLES: "aux familles",
    U.SENIORS: "aux seniors",
    U.FEMMES: "aux femmes",
}
STOP_NOTES = ("Sans rendez-vous", "Sur rendez-vous de préférence", "Accès de plain-pied par l'arrière du bus")

PERSONS = (
    "Victor Hugo", "Jean Jaurès", "Louise Michel", "Jules Verne", "Simone Veil", "Marie Curie", "Jean Moulin",
    "Aimé Césaire", "Albert Camus", "George Sand", "Jacques Prévert", "Simone de Beauvoir", "Colette",
    "Antoine de Saint-Exupéry", "Nelson Mandela", "Pablo Neruda", "Olympe de Gouges", "Gisèle Halimi",
    "Paul Éluard", "Louis Aragon", "Émile Zola", "Jean de La Fontaine", "Marguerite Yourcenar",
    "Pierre Mendès France", "Léo Lagrange", "Jean Macé", "Joséphine Baker", "Lucie Aubrac", "Germaine Tillion",
    "Rosa Parks", "Boris Vian", "Arthur Rimbaud", "Alexandre Dumas", "Marcel Pagnol", "Jean Giono",
    "Elsa Triolet", "Robert Desnos", "Anne Frank", "Marie Marvingt", "Françoise Dolto",
)  # fmt: skip
QUARTIERS = (
    "Centre", "Gare", "Bellevue", "Les Tilleuls", "La Source", "Saint-Jean", "Le Mail", "Les Hauts",
    "Val Fleuri", "Beaulieu", "Les Glycines", "La Roseraie", "Le Plateau", "Les Coteaux", "Montplaisir",
    "Le Bourg", "La Madeleine", "Les Chênes", "Le Port", "Les Provinces", "Bel-Air", "La Pépinière",
    "Les Minimes", "Saint-Michel", "Le Lac", "Les Pins", "Champ-Fleuri", "La Fontaine", "Les Peupliers",
    "Le Moulin", "Les Érables", "Le Clos", "Les Acacias", "La Croix-Blanche", "Les Sablons",
)  # fmt: skip
STREETS = (
    "rue de la Mairie", "rue de l'Église", "Grande Rue", "rue du Château", "avenue de la Gare",
    "rue de la République", "place du Marché", "rue des Écoles", "rue du Stade", "rue de la Poste",
    "rue du Moulin", "allée des Tilleuls", "chemin des Vignes", "rue de la Fontaine", "impasse des Lilas",
    "boulevard de la Liberté", "rue Nationale", "place de l'Hôtel de Ville", "rue du Général Leclerc",
    "avenue du 8 Mai 1945", "rue du 11 Novembre", "place de la Libération", "rue des Jardins",
    "rue du Commerce", "rue Pasteur", "rue Gambetta", "avenue Foch", "place de l'Église", "rue de Verdun",
    "route de la Forêt", "rue des Prés", "quai de la Rivière",
)  # fmt: skip
STREET_KINDS = ("rue", "avenue", "place", "boulevard", "allée")
ADDRESS_COMPLEMENTS = (
    "Rez-de-chaussée", "1er étage", "Bâtiment B", "Entrée par la cour", "Dans les locaux de la mairie",
    "Salle polyvalente", "Porte 2", "À côté de la médiathèque",
)  # fmt: skip
STOP_PLACES = (
    "Place de la Mairie", "Parking de la salle des fêtes", "Place de l'Église", "Parking du supermarché",
    "Place du Marché", "Parking de l'école", "Parvis de la médiathèque", "Place du Monument aux morts",
)  # fmt: skip
ASSOCIATIONS = (
    "Clic & Connect", "Connexions solidaires", "Le Lien numérique", "Les Petits Clics", "Numérique pour tous",
    "Solidarité numérique", "Les Ateliers du clic", "Cyber Seniors", "Le Fil d'Ariane", "Passerelles numériques",
    "Écrans partagés", "Les Débrouillards du numérique", "Inclusion et territoires", "Accueil et partage",
    "Le Relais des familles", "Tous connectés", "La Souris verte", "Pixels solidaires", "Entraide informatique",
    "Les Amis de l'informatique", "Mosaïque", "Trait d'union", "L'Escale", "Horizons", "Cap Avenir",
    "Le Pont numérique", "Kaléidoscope", "Voisins connectés", "Familles rurales", "Culture et loisirs",
)  # fmt: skip
COMPANIES = (
    "Recyclerie numérique", "Atelier du réemploi", "Ordi solidaire", "Second souffle informatique",
    "Reboot", "Coopérative numérique", "Répar'ordi", "Le Bon Clic", "Coworking du Centre", "Numéricoop",
)  # fmt: skip
LIEUX = (
    "La Cordée", "Le Hangar", "La Ruche", "L'Atelier", "La Station", "Le Quai", "La Grange", "L'Établi",
    "Le Moulin", "La Scierie", "La Filature", "Le Bocal", "La Passerelle", "La Manufacture", "Le Garage",
    "La Verrière", "La Base", "Le Labo", "La Source", "Le Préau", "La Halle", "Le Comptoir",
)  # fmt: skip


class Weighted:
    """Draws from fixed weights in O(log n): cumulative sums computed once, then a bisection per draw."""

    def __init__(self, items: Sequence, weights: Iterable[float]):
        self.items = list(items)
        self.cumulative = list(itertools.accumulate(weights))

    def draw(self, rng: random.Random):
        # bisect_right never lands on a zero weight: its cumulative sum equals the one before it.
        return self.items[bisect.bisect_right(self.cumulative, rng.random() * self.cumulative[-1])]


def de(name: str) -> str:
    """'de' before a proper name: "de Brest", "du Havre", "des Abymes", "d'Angers"."""
    if name.startswith("Le "):
        return "du " + name[3:]
    if name.startswith("Les "):
        return "des " + name[4:]
    if name[:1] in "AEIOUYÂÉÈÊÎÔ":
        return "d'" + name
    return "de " + name


def slug(text: str, length: int = 60) -> str:
    """Lower-case words joined by hyphens, short enough for a domain name label (63 characters at most)."""
    return normalize(text).replace(" ", "-")[:length].strip("-")


def address(rng: random.Random) -> str:
    street = (
        rng.choice(STREETS) if rng.random() < 0.7 else f"{rng.choice(STREET_KINDS)} {rng.choice(PERSONS)}"
    )
    if street.startswith(("place", "Grande")) and rng.random() < 0.5:
        return street[0].upper() + street[1:]  # "Place du Marché", with no number
    return f"{1 + int(rng.random() ** 2 * 120)} {street}"


def listing(items: list[str]) -> str:
    """Words joined the French way: "a", "a et b", "a, b et c"."""
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " et " + items[-1]


def summarize(opening: str, services: list[str]) -> str:
    """The short presentation (at most 280 characters): the opening and up to three services."""
    phrases = [SERVICE_PHRASES[value] for value in services][:3]
    while len(phrases) > 1 and len(f"{opening} {listing(phrases)}.") > 280:
        phrases.pop()
    return f"{opening} {listing(phrases)}."[:280]


def describe(rng: random.Random, name: str, commune: str, offer: dict[str, list[str]]) -> str:
    """The detailed presentation, from the place's values of each vocabulary (Profile.draw_offer)."""
    ways = listing([ACCOMPANIMENT_SENTENCES[value] for value in offer[V.MODALITES_ACCOMPAGNEMENT]])
    sentences = [f"{name} accueille le public à {commune}.", ways[0].upper() + ways[1:] + "."]
    sentences.append(FRAIS_SENTENCES[offer[V.FRAIS][0]])
    if offer[V.PUBLICS]:
        publics = listing([PUBLIC_WORDS[value] for value in offer[V.PUBLICS]])
        sentences.append(f"Une attention particulière est portée {publics}.")
    sentences += [DISPOSITIF_SENTENCES[v] for v in offer[V.DISPOSITIFS] if v in DISPOSITIF_SENTENCES]
    if ModaliteAcces.TELEPHONER in offer[V.MODALITES_ACCES] and rng.random() < 0.5:
        sentences.append("Pour un accompagnement individuel, appelez pour prendre rendez-vous.")
    return " ".join(sentences)


# Telephone numbers outside the metropolitan plan: country code, first digits, digits after the country code.
OVERSEAS_PHONES = {
    "971": ("+590", "590", 9),
    "972": ("+596", "596", 9),
    "973": ("+594", "594", 9),
    "974": ("+262", "262", 9),
    "976": ("+262", "269", 9),
    "975": ("+508", "41", 6),
    "977": ("+590", "590", 9),
    "978": ("+590", "590", 9),
    "986": ("+681", "72", 6),
    "987": ("+689", "40", 8),
    "988": ("+687", "2", 6),
}
# The first digit of a metropolitan landline says which of the five zones the line is in, by région.
PHONE_ZONES = dict.fromkeys(["11"], "1") | dict.fromkeys(["24", "28", "52", "53"], "2")
PHONE_ZONES |= dict.fromkeys(["27", "32", "44"], "3") | dict.fromkeys(["84", "93", "94"], "4")
PHONE_ZONES |= dict.fromkeys(["75", "76"], "5")
# SIREN of public bodies start with these digits (communes 21, départements 22, régions 23…).
SIREN_PREFIXES = {
    Structure.Kind.COMMUNE: "21",
    Structure.Kind.DEPARTEMENT: "22",
    Structure.Kind.REGION: "23",
    Structure.Kind.EPCI: "24",
    Structure.Kind.CCAS_CIAS: "26",
    Structure.Kind.ETAT: "11",
}


def phone(rng: random.Random, departement: str, region: str) -> str:
    """+33 and nine digits in metropolitan France (the zone's digit, or a mobile); overseas, its own prefix."""
    mobile = rng.random() < 0.15
    country, first, length = OVERSEAS_PHONES.get(departement) or (
        "+33",
        rng.choice("67") if mobile else PHONE_ZONES.get(region, "9"),
        9,
    )
    rest = length - len(first)
    return f"{country}{first}{rng.randrange(10**rest):0{rest}d}"


def pick(rng: random.Random, probabilities: dict[str, float], at_least_one: bool = True) -> list[str]:
    """Each value with its own probability; when none comes up and one is needed, the likeliest one."""
    chosen = [value for value, probability in probabilities.items() if rng.random() < probability]
    if not chosen and at_least_one and probabilities:
        chosen = [max(probabilities, key=probabilities.__getitem__)]
    return chosen


def luhn_digit(payload: str) -> str:
    """The digit that makes `payload + digit` pass the Luhn check (SIREN and SIRET use it)."""
    total = 0
    for position, char in enumerate(reversed(payload)):
        digit = int(char) * (2 if position % 2 == 0 else 1)  # doubled once the check digit is appended
        total += digit - 9 if digit > 9 else digit
    return str(-total % 10)


def siren(rng: random.Random, prefix: str) -> str:
    while True:
        payload = prefix + "".join(str(rng.randrange(10)) for _ in range(8 - len(prefix)))
        if payload + luhn_digit(payload) != "356000000":  # La Poste's SIREN follows another rule
            return payload + luhn_digit(payload)


def siret(rng: random.Random, siren_: str) -> str:
    """An establishment of `siren_`; the whole SIRET passes the Luhn check too, as INSEE's do."""
    payload = f"{siren_}{rng.randrange(1, 10_000):04d}"
    return payload + luhn_digit(payload)


def jitter(rng: random.Random, latitude: float, longitude: float, population: int, base: float = 150.0):
    """A point near the commune centre: a few hundred metres in a village, a few kilometres in a city."""
    radius = (base + 3.0 * math.sqrt(population)) * math.sqrt(rng.random())  # uniform over the disc
    angle = rng.random() * 2 * math.pi
    north, east = radius * math.cos(angle), radius * math.sin(angle)
    return (
        round(latitude + north / 111_320, 6),
        round(longitude + east / (111_320 * math.cos(math.radians(latitude))), 6),
    )


def random_date(rng: random.Random, first: date, last: date) -> date:
    return first + timedelta(days=rng.randrange((last - first).days + 1))


def bus_hours(stops: list[Stop]) -> str:
    """The bus's own hours: its stops' half-days gathered by day ("Mo 09:30-12:00,13:30-16:30; We …")."""
    by_day: dict[str, list[str]] = {}
    for stop in stops:
        day, times = stop.opening_hours.split(";")[0].split(" ")
        by_day.setdefault(day, []).append(times)
    return "; ".join(f"{day} {','.join(times)}" for day, times in by_day.items()) + "; PH off"
