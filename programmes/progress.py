"""What a programme has achieved, computed from the directory's data: its places, progress against its targets
and breakdowns by porteur kind, région, département and rural/urban.

A programme's places are the published places (probable duplicates left out) that carry its dispositif or label
in the national standard, or that it supports, directly or through their structure, in a status that counts as
achieved (laureate, labelled, funded, ended): candidacies and rejections are not achievements. Each breakdown is
one aggregate query (values().annotate(Count)), whatever the number of places.
"""

from dataclasses import dataclass, field

from django.db.models import Count, Q, Sum
from django.utils.translation import gettext_lazy as _

from places.models import Place, PlaceTag, Structure
from places.models.territories import RURAL_DENSITY_LEVELS
from places.vocabularies import Vocabulary
from programmes.models import Programme, Support, Target

ACHIEVED = (
    Support.Status.LAUREATE,
    Support.Status.LABELLED,
    Support.Status.FUNDED,
    Support.Status.ENDED,
)

K = Structure.Kind
# The porteur groups the programmes' own figures use (France Services: État, associations, La Poste, MSA,
# collectivités); a CCAS or CIAS is a public body of a commune or an intercommunalité, so a collectivité here.
PORTEUR_GROUPS = [
    ("etat", _("État"), {K.ETAT}),
    ("associations", _("Associations"), {K.ASSOCIATION}),
    ("la-poste", _("Groupe La Poste"), {K.LA_POSTE}),
    ("msa", _("MSA"), {K.MSA}),
    (
        "collectivites",
        _("Collectivités territoriales"),
        {K.COMMUNE, K.EPCI, K.DEPARTEMENT, K.REGION, K.CCAS_CIAS},
    ),
    ("autres", _("Autres porteurs"), {K.OTHER_PUBLIC, K.COMPANY, K.OTHER}),
]
UNKNOWN = "inconnu"


@dataclass
class Row:
    code: str
    label: str
    count: int
    percent: int = 0  # of the largest row: the bar's width, in steps of 5 (CSS classes, no style attribute)


@dataclass
class Breakdown:
    key: str
    title: str
    heading: str  # the first column's header
    rows: list[Row] = field(default_factory=list)

    def finish(self) -> "Breakdown":
        largest = max((row.count for row in self.rows), default=0)
        for row in self.rows:
            row.percent = round(20 * row.count / largest) * 5 if largest else 0
        return self


@dataclass
class Progress:
    target: Target
    achieved: int | None  # None: the directory holds no data to measure it

    @property
    def percent(self) -> int | None:
        if self.achieved is None or not self.target.value:
            return None
        return min(100, round(100 * self.achieved / self.target.value))

    @property
    def bar(self) -> int:
        return round((self.percent or 0) / 5) * 5


def places_of(programme: Programme):
    """The published places the programme counts as achieved (see the module's docstring)."""
    supports = Support.objects.filter(programme=programme, status__in=ACHIEVED)
    wanted = Q(pk__in=supports.filter(place__isnull=False).values("place")) | Q(
        structure__in=supports.filter(structure__isnull=False).values("structure")
    )
    for vocabulary, value in (
        (Vocabulary.DISPOSITIFS, programme.dispositif),
        (Vocabulary.FORMATIONS_LABELS, programme.formation_label),
    ):
        if value:
            wanted |= Q(pk__in=PlaceTag.objects.filter(vocabulary=vocabulary, value=value).values("place"))
    return Place.objects.published().canonical().filter(wanted)


def breakdowns(places) -> list[Breakdown]:
    """Four aggregate queries over `places`."""
    by_kind = dict(places.values_list("structure__kind").annotate(n=Count("pk")).order_by())
    porteurs = Breakdown("porteurs", _("Par nature de porteur"), _("Porteur"))
    for code, label, kinds in PORTEUR_GROUPS:
        porteurs.rows.append(Row(code, label, sum(by_kind.get(kind, 0) for kind in kinds)))
    if by_kind.get(None):
        porteurs.rows.append(Row(UNKNOWN, _("Porteur non renseigné"), by_kind[None]))

    regions = Breakdown("regions", _("Par région"), _("Région"))
    for code, name, count in (
        places.values_list("commune__region_id", "commune__region__name")
        .annotate(n=Count("pk"))
        .order_by("-n", "commune__region__name")
    ):
        regions.rows.append(Row(code or UNKNOWN, name or _("Commune inconnue"), count))

    departements = Breakdown("departements", _("Par département"), _("Département"))
    for code, name, count in (
        places.values_list("commune__departement_id", "commune__departement__name")
        .annotate(n=Count("pk"))
        .order_by("commune__departement_id")
    ):
        label = f"{name} ({code})" if code else _("Commune inconnue")
        departements.rows.append(Row(code or UNKNOWN, label, count))

    by_level = dict(places.values_list("commune__density_level").annotate(n=Count("pk")).order_by())
    rural = sum(count for level, count in by_level.items() if level in RURAL_DENSITY_LEVELS)
    unknown = by_level.get(None, 0)
    density = Breakdown("densite", _("Rural ou urbain (grille de densité de l'INSEE)"), _("Zone"))
    density.rows = [
        Row("urbain", _("Urbain (niveaux 1 à 4)"), sum(by_level.values()) - rural - unknown),
        Row("rural", _("Rural (niveaux 5 à 7)"), rural),
    ]
    if unknown:
        density.rows.append(Row(UNKNOWN, _("Densité inconnue"), unknown))
    return [b.finish() for b in (porteurs, regions, departements, density)]


def progress(programme: Programme, targets, found: list[Breakdown]) -> list[Progress]:
    """Each target against the data. QPV: the directory holds no quartier prioritaire boundaries yet, so that
    target, like people reached and travel times, is shown without a measure rather than with a wrong one."""
    total = sum(row.count for row in found[0].rows)
    rural = next(row.count for row in found[3].rows if row.code == "rural")
    measures = {Target.Metric.PLACES: total, Target.Metric.PLACES_RURAL: rural}
    metrics = {target.metric for target in targets}
    if metrics & {Target.Metric.STRUCTURES, Target.Metric.CONSEILLERS}:
        counted = Support.objects.filter(programme=programme, status__in=ACHIEVED).aggregate(
            structures=Count("structure", distinct=True), conseillers=Sum("conseillers_count")
        )
        measures[Target.Metric.STRUCTURES] = counted["structures"]
        measures[Target.Metric.CONSEILLERS] = counted["conseillers"] or 0
    return [Progress(target, measures.get(target.metric)) for target in targets]


def report(programme: Programme) -> tuple[list[Progress], list[Breakdown]]:
    found = breakdowns(places_of(programme))
    return progress(programme, list(programme.targets.all()), found), found
