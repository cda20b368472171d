"""/api/v1/couverture/: a département's coverage (places.coverage), the same figures as its page."""

from django.shortcuts import get_object_or_404
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from places import coverage
from places.api.permissions import ReadOnly
from places.models import Departement


class CoverageQuery(serializers.Serializer):
    departement = serializers.CharField(
        max_length=3, help_text=gettext_lazy("Code du département (03, 2A, 971…).")
    )
    type = serializers.ChoiceField(
        choices=sorted(coverage.KINDS),
        default=coverage.DEFAULT_KIND,
        help_text=gettext_lazy(
            "Type de lieu : tous, demarches-administratives, france-services, conseillers-numeriques."
        ),
    )


def _shares(name: str, code: str, figures: coverage.Shares) -> dict:
    return {
        "nom": name,
        "code": code,
        "population": figures.population,
        **{f"part_moins_de_{km}_km": figures.share(km) for km in coverage.THRESHOLDS_KM},
    }


class CoverageView(APIView):
    permission_classes = [ReadOnly]

    @extend_schema(
        summary=gettext_lazy("Couverture d'un département"),
        description=(
            gettext_lazy(
                "Part de la population à moins de 5, 10 et 20 km à vol d'oiseau d'un lieu du type choisi (arrêts "
                "des lieux itinérants compris) pour le département, sa région et la France, et les communes les "
                "moins bien desservies (habitants × distance). La distance à vol d'oiseau n'est pas un temps de "
                "trajet. Recalculé après chaque import."
            )
        ),
        parameters=[CoverageQuery],
        responses=OpenApiResponse(
            description=gettext_lazy("Parts (0 à 1) et communes les moins bien desservies.")
        ),
    )
    def get(self, request):
        query = CoverageQuery(data=request.query_params)
        query.is_valid(raise_exception=True)
        kind = query.validated_data["type"]
        area = get_object_or_404(
            Departement.objects.select_related("region"), pk=query.validated_data["departement"]
        )
        communes = list(coverage.least_served(kind, area.code))
        compared = coverage.compared(kind, area)
        at = compared["departement"].computed_at
        territories = {"departement": _shares(area.name, area.code, compared["departement"])}
        if "region" in compared:
            territories["region"] = _shares(area.region.name, area.region_id, compared["region"])
        territories["france"] = _shares("France", "", compared["france"])
        return Response(
            {
                "type": kind,
                "libelle": str(coverage.KINDS[kind].label),
                "calcule_le": at,
                **territories,
                "communes_les_moins_desservies": [
                    {
                        "code": row.commune.code,
                        "nom": row.commune.name,
                        "population": row.commune.population,
                        "distance_km": None if row.distance_km is None else round(row.distance_km, 2),
                        "lieu_le_plus_proche": row.nearest_place_id,
                    }
                    for row in communes
                ],
            }
        )
