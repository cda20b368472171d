"""The coverage page of a département (places.coverage): shares within 5/10/20 km, least-served communes."""

from django import forms
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext_lazy as _

from places import coverage
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
    computed_at = max((row.computed_at for row in communes), default=None)
    figures = [(area.name, coverage.cached_shares(kind, computed_at, departement=area.code))]
    if area.region_id:
        figures.append((area.region.name, coverage.cached_shares(kind, computed_at, region=area.region_id)))
    figures.append((_("France"), coverage.cached_shares(kind, computed_at)))
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
            "computed_at": computed_at,
        },
    )
