"""Older generations of the national standard (v0.1 and the hybrids real exports contain), mapped to v1.

Sources: the standard's "descriptif des évolutions" and ANCT's own mapping
(mednum-cli `conseiller-numerique.config.json`), summarised in ../shared/standard/standard.md §5.
Matching is on normalised text (places.text.normalize) so case, accents and punctuation differences pass.
"""

from places.text import normalize
from places.vocabularies import (
    Dispositif,
    FormationLabel,
    Frais,
    ModaliteAccompagnement,
    PriseEnCharge,
    Public,
    Service,
    Vocabulary,
)

# Old column -> v1 column, for columns that only changed name.
RENAMED_COLUMNS = {
    "courriel": "courriels",
    "conditions_acces": "frais_a_charge",
    "conditions_access": "frais_a_charge",  # sic, in the 2022 Conseillers numériques exports
    "accessibilite": "fiche_acces_libre",
    "labels_autres": "autres_formations_labels",
}

# Old columns whose values are spread over several v1 columns (see SPLIT_VALUES).
SPLIT_COLUMNS = {"publics_accueillis", "labels_nationaux"}

# v0 columns that v1 dropped: read without complaint, not stored.
DROPPED_COLUMNS = {"cle_ban"}

_V0_SERVICES = {
    "Devenir autonome dans les démarches administratives": [Service.DEMARCHES],
    "Réaliser des démarches administratives avec un accompagnement": [Service.DEMARCHES],
    "Accompagner les démarches de santé": [Service.DEMARCHES],
    "Prendre en main un smartphone ou une tablette": [Service.OUTILS_QUOTIDIEN],
    "Prendre en main un ordinateur": [Service.OUTILS_QUOTIDIEN],
    "Utiliser le numérique au quotidien": [Service.OUTILS_QUOTIDIEN],
    "Approfondir ma culture numérique": [Service.COMPREHENSION],
    "Promouvoir la citoyenneté numérique": [Service.COMPREHENSION],
    "Favoriser mon insertion professionnelle": [Service.INSERTION_PRO],
    "Créer et développer mon entreprise": [Service.INSERTION_PRO],
    "Accéder à une connexion internet": [Service.ACCES_INTERNET],
    "Accéder à du matériel": [Service.ACCES_INTERNET],
    "S'équiper en matériel informatique": [Service.MATERIEL_SOLIDAIRE],
    "Créer avec le numérique": [Service.LOISIRS],
    "Soutenir la parentalité et l'éducation avec le numérique": [Service.PARENTALITE],
}

# v0 long labels are "Short : explanation"; the part before " : " is matched (see _keys).
_V0_FRAIS = {
    "Gratuit": [Frais.GRATUIT],
    "Gratuit sous condition": [Frais.GRATUIT_SOUS_CONDITION],
    "Payant": [Frais.PAYANT],
    "Adhésion": [Frais.PAYANT],
}

_V0_ACCOMPAGNEMENT = {
    "Seul": [ModaliteAccompagnement.AUTONOMIE],
    "Avec de l'aide": [ModaliteAccompagnement.INDIVIDUEL],
    "A ma place": [ModaliteAccompagnement.INDIVIDUEL],
    "Dans un atelier": [ModaliteAccompagnement.ATELIER],
}

_V0_PUBLICS = {
    "Familles/enfants": [Public.FAMILLES],
    "Jeunes (16-26 ans)": [Public.JEUNES],
    "Seniors (+ 65 ans)": [Public.SENIORS],
    "Uniquement femmes": [Public.FEMMES],
}

_V0_PRISE_EN_CHARGE = {
    "Handicaps mentaux": [PriseEnCharge.HANDICAPS_MENTAUX],
    "Handicaps psychiques": [PriseEnCharge.HANDICAPS_MENTAUX],
    "Personnes en situation d'illettrisme": [PriseEnCharge.ILLETTRISME],
    "Public langues étrangères": [PriseEnCharge.LANGUES_ANGLAIS, PriseEnCharge.LANGUES_AUTRES],
}

_V0_DISPOSITIFS = {
    "CNFS": [Dispositif.CONSEILLERS_NUMERIQUES],
    "Conseiller numérique": [Dispositif.CONSEILLERS_NUMERIQUES],
    "Point relais CAF": [Dispositif.CAF],
    "Point_relais_CAF": [Dispositif.CAF],
    "Point numérique CAF": [Dispositif.CAF],
    "Grandes écoles du numérique": [Dispositif.GEN],
    "France Service": [Dispositif.FRANCE_SERVICES],
    # data·inclusion slugs seen in ANCT's configs
    "bibliotheques-numerique-de-reference": [Dispositif.BNR],
    "certification-pix": [Dispositif.PIX],
    "emmaus-connect": [Dispositif.EMMAUS_CONNECT],
    "grandes-ecoles-du-numerique": [Dispositif.GEN],
    "la-croix-rouge": [Dispositif.CROIX_ROUGE],
    "conseiller-numerique": [Dispositif.CONSEILLERS_NUMERIQUES],
    "france-service": [Dispositif.FRANCE_SERVICES],
}

_V0_FORMATIONS = {
    "Fabrique de territoire": [FormationLabel.FABRIQUES],
    "fabrique-de-territoire": [FormationLabel.FABRIQUES],
}

# Old values that mean "everyone": v1 says so by leaving the field empty. Dropped without a report line.
MEANS_EVERYONE = {normalize("Adultes"), normalize("Tous publics")}

# Typologie codes that were renamed.
TYPOLOGIE_RENAMED = {"PE": "FT"}


def _keys(table: dict[str, list[str]]) -> dict[str, list[str]]:
    return {normalize(old): new for old, new in table.items()}


OLD_VALUES: dict[str, dict[str, list[str]]] = {
    Vocabulary.SERVICES: _keys(_V0_SERVICES),
    Vocabulary.FRAIS: _keys(_V0_FRAIS),
    Vocabulary.MODALITES_ACCOMPAGNEMENT: _keys(_V0_ACCOMPAGNEMENT),
    Vocabulary.PUBLICS: _keys(_V0_PUBLICS),
    Vocabulary.PRISE_EN_CHARGE: _keys(_V0_PRISE_EN_CHARGE),
    Vocabulary.DISPOSITIFS: _keys(_V0_DISPOSITIFS),
    Vocabulary.FORMATIONS_LABELS: _keys(_V0_FORMATIONS),
}

# Where each value of a split column may land, tried in this order.
SPLIT_TARGETS = {
    "publics_accueillis": [Vocabulary.PUBLICS, Vocabulary.PRISE_EN_CHARGE],
    "labels_nationaux": [Vocabulary.DISPOSITIFS, Vocabulary.FORMATIONS_LABELS],
}
