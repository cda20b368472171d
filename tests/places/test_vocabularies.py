import json
import re
from pathlib import Path

import pytest

from places import vocabularies
from places.vocabularies import CHOICES_OF, Vocabulary

SCHEMA = Path(__file__).resolve().parents[2] / "places" / "data" / "schema-v1.0.2.json"


def _schema_values(field_name: str) -> list[str]:
    """The values listed in the official schema's pattern for one field."""
    fields = {field["name"]: field for field in json.loads(SCHEMA.read_text())["fields"]}
    pattern = fields[field_name]["constraints"]["pattern"]
    alternatives = re.search(r"\((?!\?)(.*)\)\)\+\$$", pattern).group(1)
    # Undo the regex escaping of parentheses and dots.
    return [re.sub(r"\\(.)", r"\1", value) for value in alternatives.split("|")]


CLOSED = [v for v in Vocabulary.values if v != Vocabulary.TYPOLOGIE]


@pytest.mark.parametrize("vocabulary", CLOSED)
def test_labels_are_exactly_the_official_values_in_the_official_order(vocabulary):
    official = _schema_values(vocabulary)
    ours = list(CHOICES_OF[vocabulary].labels)
    if vocabulary == Vocabulary.FORMATIONS_LABELS:
        # The official regex misses a space in "Étapes numériques (La Poste)"; we keep the spelling of
        # its description and of ANCT's tools (see places/vocabularies.py).
        official = [value.replace("numériques(La Poste)", "numériques (La Poste)") for value in official]
    assert ours == official


def test_typologie_knows_the_92_codes_of_anct_library():
    assert len(vocabularies.TYPOLOGIES) == 92
    assert vocabularies.label_of(Vocabulary.TYPOLOGIE, "BIB") == "Bibliothèque / Médiathèque"


def test_values_are_found_from_their_label_or_their_slug():
    assert (
        vocabularies.value_of(Vocabulary.SERVICES, "Aide aux démarches administratives")
        == "demarches-administratives"
    )
    assert (
        vocabularies.value_of(Vocabulary.SERVICES, "demarches-administratives") == "demarches-administratives"
    )
    assert vocabularies.value_of(Vocabulary.FRAIS, " Gratuit ") == "gratuit"
    assert vocabularies.value_of(Vocabulary.FRAIS, "Gratuit pour tous") is None


def test_slugs_are_unique_and_url_safe():
    for choices in CHOICES_OF.values():
        assert len(set(choices.values)) == len(choices.values)
        if choices is not vocabularies.Typologie:
            assert all(re.fullmatch(r"[a-z0-9-]+", value) for value in choices.values)
