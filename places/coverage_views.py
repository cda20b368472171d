"""The coverage page of a département (places.coverage): shares within 5/10/20 km, least-served communes."""

from django import forms
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext_lazy as _

from places import coverage, coverage_map
from places.models import Departement


class CoverageKindForm(forms.Form):
    type = forms.ChoiceField(
        label=_("Type de lieu"),
        choices=[(slug, kind.label) for slug, kind in coverage.KINDS.items()],
        required=False,
    )

    def kind(self) -> str:
        """The chosen kind; France Services when none or an unknown one is asked for."""
        if self.is_valid() and self.cleaned_data["type"]:
            return self.cleaned_data["type"]
        return coverage.DEFAULT_KIND


def departement_coverage(request, code: str):
    area = get_object_or_404(Departement.objects.select_related("region"), pk=code)
    form = CoverageKindForm(request.GET)
    kind = form.kind()
    communes = list(coverage.least_served(kind, area.code))
    compared = coverage.compared(kind, area)
    names = {
        "departement": area.name,
        "region": area.region.name if area.region_id else "",
        "france": _("France"),
    }
    figures = [(names[territory], shares) for territory, shares in compared.items()]
    computed_at = compared["departement"].computed_at
    return render(
        request,
        "places/coverage.html",
        {
            "area": area,
            "form": form,
            "kind": coverage.KINDS[kind],
            "figures": figures,
            "thresholds": coverage.THRESHOLDS_KM,
            "communes": communes,
            "map": coverage_map.departement_map(kind, area, communes) if computed_at else None,
            "computed_at": computed_at,
        },
    )
