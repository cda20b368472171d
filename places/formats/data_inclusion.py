"""data·inclusion v1 structures (schema 1.0.8, ../shared/standard/data-inclusion.md).

One structure per place: data·inclusion's structures are places that receive the public. Its fields take a
single phone, e-mail and website; `reseaux_porteurs` merges typologie and national programmes, mapped to
the référentiel's slugs (values without an equivalent are left out rather than invented).
"""

import json
import re
from collections.abc import Iterable, Iterator
from typing import Any

from places.formats.national import public_id, tags_by_vocabulary
from places.models import Place
from places.vocabularies import Dispositif, FormationLabel, Vocabulary

SCHEMA_VERSION = "1.0.8"

_RESEAUX_BY_TYPOLOGIE = {
    "ACI": "aci",
    "AFPA": "afpa",
    "AI": "ai",
    "ASE": "ase",
    "CAARUD": "caarud",
    "CADA": "cada",
    "CAF": "caf",
    "CAP_EMPLOI": "cap-emploi-reseau-cheops",
    "CAVA": "cava",
    "CCAS": "ccas-cias",
    "CIAS": "ccas-cias",
    "CCONS": "chambres-consulaires",
    "CD": "departements",
    "CHRS": "chrs",
    "CHU": "chu",
    "CIDFF": "cidff",
    "CMP": "cmp",
    "CMS": "cms",
    "CPAM": "cpam",
    "CPH": "cph",
    "CSAPA": "csapa",
    "E2C": "ecoles-de-la-deuxieme-chance",
    "EA": "ea",
    "EATT": "eatt",
    "EI": "ei",
    "EITI": "eiti",
    "EPIDE": "epide",
    "EPN": "espaces-publics-numeriques",
    "ESAT": "esat",
    "ETTI": "etti",
    "FABRIQUE": "fabrique-de-territoire",
    "FT": "france-travail",
    "GEIQ": "geiq",
    "HUDA": "huda",
    "LA_POSTE": "la-poste",
    "MDE": "maisons-de-l-emploi",
    "MDEF": "maisons-de-l-emploi",
    "MDPH": "mdph",
    "MDS": "maisons-des-solidarites",
    "MJC": "mjc",
    "ML": "mission-locale",
    "MSA": "mutualite-sociale-agricole",
    "MSAP": "msap",
    "MUNI": "communes",
    "ODC": "delegataire-conseil-departemental",
    "PIJ_BIJ": "reseau-information-jeunesse",
    "PIMMS": "pimms-mediation",
    "PJJ": "pjj",
    "PLIE": "plie",
    "REG": "regions",
    "RESSOURCERIE": "ressourceries",
    "RFS": "france-service",
    "RS_FJT": "residences-fjt",
    "SPIP": "spip",
}

_RESEAUX_BY_TAG = {
    (Vocabulary.DISPOSITIFS, Dispositif.AIDANTS_CONNECT): "aidants-connect",
    (Vocabulary.DISPOSITIFS, Dispositif.CONSEILLERS_NUMERIQUES): "conseillers-numeriques",
    (Vocabulary.DISPOSITIFS, Dispositif.FRANCE_SERVICES): "france-service",
    (Vocabulary.DISPOSITIFS, Dispositif.CROIX_ROUGE): "croix-rouge",
    (Vocabulary.DISPOSITIFS, Dispositif.EMMAUS_CONNECT): "emmaus",
    (Vocabulary.DISPOSITIFS, Dispositif.RELAIS_EMMAUS): "emmaus",
    (Vocabulary.DISPOSITIFS, Dispositif.GEN): "grandes-ecoles-du-numerique",
    (Vocabulary.DISPOSITIFS, Dispositif.CAF): "caf",
    (Vocabulary.FORMATIONS_LABELS, FormationLabel.FABRIQUES): "fabrique-de-territoire",
}


def reseaux_porteurs(place: Place) -> list[str]:
    found: set[str] = set()
    for vocabulary, values in tags_by_vocabulary(place).items():
        for value in values:
            if vocabulary == Vocabulary.TYPOLOGIE:
                slug = _RESEAUX_BY_TYPOLOGIE.get(value)
            else:
                slug = _RESEAUX_BY_TAG.get((vocabulary, value))
            if slug:
                found.add(slug)
    return sorted(found)


def structure_record(place: Place) -> dict[str, Any]:
    description = place.description or place.summary
    name = place.name.rstrip(". ")
    return {
        "source": place.origin,
        "id": public_id(place),
        "nom": name[:150] if len(name) >= 3 else f"Lieu {name}".strip(),
        "date_maj": (place.updated_on or place.updated_at.date()).isoformat(),
        "description": description[:10000] if len(description) >= 5 else None,
        "lien_source": None,
        "siret": place.pivot if re.fullmatch(r"\d{14}", place.pivot or "") else None,
        "commune": place.commune_name or None,
        "code_postal": place.postcode or None,
        "code_insee": place.commune_id or None,
        "adresse": place.address or None,
        "complement_adresse": place.address_complement or None,
        "longitude": place.longitude,
        "latitude": place.latitude,
        "telephone": place.phone or None,
        "courriel": place.emails[0] if place.emails else None,
        "site_web": place.websites[0] if place.websites else None,
        "horaires_accueil": place.opening_hours or None,
        "accessibilite_lieu": place.acceslibre_url or None,
        "reseaux_porteurs": reseaux_porteurs(place) or None,
    }


def iter_structures(places: Iterable[Place]) -> Iterator[str]:
    yield "["
    separator = "\n"
    for place in places:
        yield separator + json.dumps(structure_record(place), ensure_ascii=False)
        separator = ",\n"
    yield "\n]\n"
