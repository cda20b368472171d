"""The national programmes as the seed documents state them (../shared/programmes-facts.md, seeds/).

Figures are those of the texts, with their dates; `sources` says which text. `load_programmes()` is
idempotent: it creates or updates each programme by slug and replaces its targets.
"""

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.db import transaction

from places.vocabularies import Dispositif, FormationLabel
from programmes.models import Programme, Target

SOURCE_RELANCE = "Programme Société Numérique, « Retour sur 2020 » (8 janvier 2021)"
SOURCE_FABRIQUES = "Article sur l'AMI Fabriques de territoire (juillet 2019) ; bilan début 2021"
SOURCE_CNFS_AMI = "Texte de l'AMI Conseillers numériques France Services (ANCT, France Relance)"


@dataclass
class TargetSpec:
    metric: str
    value: int
    label: str
    by_date: date | None = None


@dataclass
class ProgrammeSpec:
    slug: str
    name: str
    kind: str
    parent: str = ""
    operator: str = ""
    funder: str = ""
    budget_eur: int | None = None
    budget_note: str = ""
    announced_on: date | None = None
    starts_on: date | None = None
    ends_on: date | None = None
    application_deadline: date | None = None
    eligibility: str = ""
    description: str = ""
    url: str = ""
    dispositif: str = ""
    formation_label: str = ""
    sources: str = ""
    targets: list[TargetSpec] = field(default_factory=list)


M = Target.Metric
K = Programme.Kind

CATALOGUE: list[ProgrammeSpec] = [
    ProgrammeSpec(
        slug="snni",
        name="Stratégie nationale pour un numérique inclusif (SNNI)",
        kind=K.STRATEGY,
        operator="Programme Société Numérique — Agence nationale de la cohésion des territoires (ANCT)",
        funder="État",
        description=(
            "Cadre national de l'inclusion numérique. Environ 13 millions de Français sont éloignés du "
            "numérique (« illectronisme »)."
        ),
        sources="programmes-facts.md, « National frame »",
        targets=[TargetSpec(M.PEOPLE, 13_000_000, "Environ 13 millions de personnes éloignées du numérique")],
    ),
    ProgrammeSpec(
        slug="plan-france-relance",
        name="Plan France Relance",
        kind=K.PLAN,
        funder="État",
        budget_eur=100_000_000_000,
        budget_note=(
            "100 Md€ au total, dont près de 7 Md€ pour la transition numérique en 2021–2022 : 3,7 Md€ French "
            "Tech et souveraineté, près de 800 M€ « accès au numérique pour tous », 3 Md€ transformation "
            "numérique de l'État, des territoires et des entreprises."
        ),
        announced_on=date(2020, 9, 3),
        starts_on=date(2021, 1, 1),
        ends_on=date(2022, 12, 31),
        sources=SOURCE_RELANCE,
    ),
    ProgrammeSpec(
        slug="france-relance-inclusion-numerique",
        name="France Relance — inclusion numérique",
        kind=K.PLAN,
        parent="plan-france-relance",
        operator="ANCT — Programme Société Numérique",
        funder="État (France Relance)",
        budget_eur=250_000_000,
        budget_note="250 M€ pour l'inclusion numérique : conseillers numériques, kits, Aidants Connect.",
        announced_on=date(2020, 9, 3),
        starts_on=date(2021, 1, 1),
        ends_on=date(2022, 12, 31),
        sources=SOURCE_RELANCE,
    ),
    ProgrammeSpec(
        slug="conseillers-numeriques",
        name="Conseillers numériques France Services",
        kind=K.AMI,
        parent="france-relance-inclusion-numerique",
        operator="Agence nationale de la cohésion des territoires (ANCT)",
        funder=(
            "État (France Relance), pour le Secrétariat d'État chargé de la Transition numérique et des "
            "Communications électroniques"
        ),
        starts_on=date(2021, 1, 1),
        eligibility=(
            "Collectivités territoriales et leurs groupements, y compris les établissements publics qui leur "
            "sont rattachés (CCAS, CIAS…)."
        ),
        description=(
            "4 000 conseillers numériques recrutés, formés et financés pour animer des ateliers d'initiation "
            "et de perfectionnement au numérique, en accompagnement individuel ou collectif."
        ),
        dispositif=Dispositif.CONSEILLERS_NUMERIQUES,
        sources=f"{SOURCE_RELANCE} ; {SOURCE_CNFS_AMI}",
        targets=[
            TargetSpec(M.CONSEILLERS, 4000, "4 000 conseillers numériques recrutés, formés et financés")
        ],
    ),
    ProgrammeSpec(
        slug="kits-inclusion-numerique",
        name="Kits d'inclusion numérique",
        kind=K.DISPOSITIF,
        parent="france-relance-inclusion-numerique",
        operator="ANCT — Programme Société Numérique",
        funder="État (France Relance)",
        eligibility="Bibliothèques, centres sociaux, mairies, tiers-lieux, associations caritatives…",
        description=(
            "Conception et déploiement de kits d'inclusion numérique accessibles et attractifs pour les lieux "
            "qui accueillent du public."
        ),
        sources=SOURCE_RELANCE,
    ),
    ProgrammeSpec(
        slug="aidants-connect",
        name="Aidants Connect",
        kind=K.DISPOSITIF,
        parent="france-relance-inclusion-numerique",
        operator="ANCT",
        funder="État (France Relance)",
        description=(
            "Service public numérique qui permet à des aidants professionnels formés de réaliser des démarches "
            "en ligne pour le compte d'une personne, de façon sécurisée. Généralisé par France Relance."
        ),
        dispositif=Dispositif.AIDANTS_CONNECT,
        sources=SOURCE_RELANCE,
    ),
    ProgrammeSpec(
        slug="france-services",
        name="France Services",
        kind=K.LABEL,
        operator="Ministère de la Cohésion des territoires et des Relations avec les collectivités territoriales",
        funder="État",
        starts_on=date(2020, 1, 1),
        description=(
            "Label des lieux d'accueil polyvalents de services publics, en métropole et outre-mer ; les "
            "anciennes maisons de services au public (MSAP) sont relabellisées France Services. Depuis le "
            "1er janvier 2020, 856 lieux labellisés : 11 portés par l'État, 154 par des associations, 131 par "
            "le Groupe La Poste, 19 par la MSA et 544 par des collectivités territoriales. Objectif : chaque "
            "usager à moins de 30 minutes d'une France Services."
        ),
        dispositif=Dispositif.FRANCE_SERVICES,
        sources=SOURCE_RELANCE,
        targets=[
            TargetSpec(M.PLACES, 856, "856 lieux labellisés depuis le 1er janvier 2020", date(2021, 1, 8)),
            TargetSpec(M.TRAVEL_MINUTES, 30, "Chaque usager à moins de 30 minutes d'une France Services"),
        ],
    ),
    ProgrammeSpec(
        slug="bus-france-services",
        name="Bus France Services (2e appel à projets)",
        kind=K.AAP,
        parent="france-services",
        operator="Ministère de la Cohésion des territoires et des Relations avec les collectivités territoriales",
        funder="État",
        announced_on=date(2020, 10, 26),
        starts_on=date(2020, 10, 26),
        eligibility="Projets de permanences itinérantes en quartiers prioritaires de la ville (QPV) et en zone rurale.",
        description=(
            "Labellisation de 50 nouveaux bus France Services, qui assurent des permanences polyvalentes et "
            "itinérantes dans les quartiers prioritaires de la ville et les territoires ruraux."
        ),
        dispositif=Dispositif.FRANCE_SERVICES,
        sources=SOURCE_RELANCE,
        targets=[TargetSpec(M.BUSES, 50, "50 nouveaux bus France Services labellisés")],
    ),
    ProgrammeSpec(
        slug="fabriques-de-territoire",
        name="Fabriques de territoire",
        kind=K.AMI,
        operator="Mission Société Numérique (programme interministériel)",
        funder="État",
        budget_eur=45_000_000,
        budget_note="45 M€ ; 75 000 € à 150 000 € sur trois ans par fabrique.",
        announced_on=date(2019, 7, 11),
        starts_on=date(2019, 7, 11),
        ends_on=date(2022, 12, 31),
        eligibility=(
            "Tiers-lieux, nouveaux ou existants, dans les quartiers prioritaires de la politique de la ville "
            "(QPV) ou en zone rurale."
        ),
        description=(
            "AMI permanent pour identifier et soutenir 300 fabriques de territoire d'ici 2022, dont 150 en "
            "QPV. Début 2021 : 170 labellisées (68 rurales, 102 en QPV), 60 dans la dernière vague."
        ),
        formation_label=FormationLabel.FABRIQUES,
        sources=SOURCE_FABRIQUES,
        targets=[
            TargetSpec(M.PLACES, 300, "300 fabriques de territoire d'ici 2022", date(2022, 12, 31)),
            TargetSpec(M.PLACES_QPV, 150, "dont 150 en quartiers prioritaires (QPV)", date(2022, 12, 31)),
        ],
    ),
    ProgrammeSpec(
        slug="fabriques-numeriques-de-territoire",
        name="Fabriques numériques de territoire (bonus)",
        kind=K.AMI,
        parent="fabriques-de-territoire",
        operator="Mission Société Numérique",
        funder="État",
        budget_eur=3_000_000,
        budget_note="Bonus de 100 000 € par fabrique numérique, pour 30 fabriques en 2019.",
        starts_on=date(2019, 7, 11),
        application_deadline=date(2019, 10, 15),
        description="30 fabriques « numériques » reçoivent en 2019 un bonus de 100 000 € chacune.",
        formation_label=FormationLabel.FABRIQUES,
        sources=SOURCE_FABRIQUES,
        targets=[
            TargetSpec(M.PLACES, 30, "30 fabriques numériques de territoire en 2019", date(2019, 12, 31))
        ],
    ),
    ProgrammeSpec(
        slug="hubs-numeriques",
        name="Hubs territoriaux pour un numérique inclusif",
        kind=K.AMI,
        parent="snni",
        operator="Banque des Territoires",
        funder="Banque des Territoires",
        starts_on=date(2019, 1, 1),
        eligibility="Têtes de réseau régionales des acteurs de la médiation numérique.",
        description=(
            "Têtes de réseau régionales des acteurs de la médiation numérique, avec quatre missions : "
            "recenser, articuler et coordonner les acteurs locaux ; lever des fonds (y compris européens) ; "
            "mutualiser des services (formations, outils, personnels) ; évaluer et rendre compte aux "
            "collectivités et au pilotage national. 11 lauréats en 2019, nouvel AMI en 2020."
        ),
        sources=SOURCE_RELANCE,
        targets=[TargetSpec(M.STRUCTURES, 11, "11 hubs lauréats en 2019", date(2019, 12, 31))],
    ),
]


@transaction.atomic
def load_programmes() -> dict[str, int]:
    """Create or update every programme of the catalogue; returns counts by outcome."""
    counts = {"created": 0, "updated": 0, "unchanged": 0}
    by_slug = {programme.slug: programme for programme in Programme.objects.all()}
    for spec in CATALOGUE:
        values = {
            name: getattr(spec, name)
            for name in ProgrammeSpec.__dataclass_fields__
            if name not in {"slug", "parent", "targets"}
        }
        values["budget_eur"] = Decimal(spec.budget_eur) if spec.budget_eur is not None else None
        values["parent"] = by_slug[spec.parent] if spec.parent else None
        programme = by_slug.get(spec.slug)
        if programme is None:
            programme = Programme.objects.create(slug=spec.slug, **values)
            counts["created"] += 1
        elif any(getattr(programme, name) != value for name, value in values.items()):
            for name, value in values.items():
                setattr(programme, name, value)
            programme.save()
            counts["updated"] += 1
        else:
            counts["unchanged"] += 1
        by_slug[spec.slug] = programme
        _replace_targets(programme, spec.targets)
    return counts


def _replace_targets(programme: Programme, targets: list[TargetSpec]) -> None:
    wanted = {(str(t.metric), t.value, t.label, t.by_date) for t in targets}
    current = set(programme.targets.values_list("metric", "value", "label", "by_date"))
    if wanted == current:
        return
    programme.targets.all().delete()
    Target.objects.bulk_create(
        Target(programme=programme, metric=m, value=v, label=label, by_date=d) for m, v, label, d in wanted
    )
