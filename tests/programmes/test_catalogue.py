from datetime import date
from decimal import Decimal

from django.core.management import call_command

from programmes.catalogue import CATALOGUE, load_programmes
from programmes.models import Programme, Target


def test_it_creates_every_programme_the_seed_documents_name():
    load_programmes()
    slugs = set(Programme.objects.values_list("slug", flat=True))
    assert {
        "plan-france-relance",
        "france-relance-inclusion-numerique",
        "conseillers-numeriques",
        "france-services",
        "bus-france-services",
        "fabriques-de-territoire",
        "fabriques-numeriques-de-territoire",
        "hubs-numeriques",
        "aidants-connect",
        "kits-inclusion-numerique",
    } <= slugs


def test_figures_match_the_texts():
    load_programmes()
    relance = Programme.objects.get(slug="france-relance-inclusion-numerique")
    assert relance.budget_eur == Decimal(250_000_000)
    assert relance.parent.slug == "plan-france-relance"
    assert relance.parent.announced_on == date(2020, 9, 3)

    fabriques = Programme.objects.get(slug="fabriques-de-territoire")
    assert fabriques.budget_eur == Decimal(45_000_000)
    assert fabriques.announced_on == date(2019, 7, 11)
    targets = {t.metric: t.value for t in fabriques.targets.all()}
    assert targets == {Target.Metric.PLACES: 300, Target.Metric.PLACES_QPV: 150}

    bonus = Programme.objects.get(slug="fabriques-numeriques-de-territoire")
    assert bonus.application_deadline == date(2019, 10, 15)
    assert bonus.parent == fabriques

    conseillers = Programme.objects.get(slug="conseillers-numeriques")
    assert conseillers.targets.get().value == 4000
    assert conseillers.dispositif == "conseillers-numeriques"
    assert "CCAS" in conseillers.eligibility

    bus = Programme.objects.get(slug="bus-france-services")
    assert bus.kind == Programme.Kind.AAP
    assert bus.announced_on == date(2020, 10, 26)
    assert bus.targets.get().value == 50


def test_loading_twice_changes_nothing():
    first = load_programmes()
    history_rows = Programme.history.count()
    target_ids = set(Target.objects.values_list("pk", flat=True))

    second = load_programmes()

    assert first["created"] == len(CATALOGUE)
    assert second == {"created": 0, "updated": 0, "unchanged": len(CATALOGUE)}
    assert Programme.history.count() == history_rows
    assert set(Target.objects.values_list("pk", flat=True)) == target_ids


def test_an_edited_programme_is_put_back_to_the_catalogue_figures():
    load_programmes()
    Programme.objects.filter(slug="fabriques-de-territoire").update(budget_eur=1)

    counts = load_programmes()

    assert counts["updated"] == 1
    assert Programme.objects.get(slug="fabriques-de-territoire").budget_eur == Decimal(45_000_000)


def test_the_command_prints_its_counts(capsys):
    call_command("load_programmes")
    assert f"{len(CATALOGUE)} created" in capsys.readouterr().out
