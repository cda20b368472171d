"""Place claims in the moderators' queue (places/moderation.py): a structure asks to run a place it does not
share a SIRET with (places/claims.py); a moderator of the place's territory accepts or refuses, with a message
the structure reads."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from places import moderation
from places.claims import decide_claim
from places.models import PlaceClaim
from places.moderation_forms import DecisionForm
from places.moderation_views import _decided as decided

CLAIMS = moderation.register(
    moderation.QueueKind(
        slug="claims",
        title=gettext_lazy("Lieux revendiqués"),
        waiting=lambda: (
            PlaceClaim.objects.filter(status=PlaceClaim.Status.PENDING)
            .select_related("place__commune", "structure")
            .order_by("created_at", "pk")
        ),
        commune_path="place__commune",
        url_name="moderation:claim",
        heading=lambda claim: claim.place.name,
        describe=lambda claim: _("Revendiqué par %(structure)s") % {"structure": claim.structure},
    )
)

CHOICES = [
    (DecisionForm.APPROVE, gettext_lazy("Rattacher le lieu à cette structure")),
    (DecisionForm.REJECT, gettext_lazy("Refuser")),
]


@login_required
@require_http_methods(["GET", "POST"])
def claim_review(request, pk: int):
    claim = moderation.get_in_territory(request.user, "claims", pk)
    seen = claim.status
    form = DecisionForm(request.POST or None, initial={"seen": seen}, choices=CHOICES)
    if request.method == "POST" and form.is_valid():
        was_pending = claim.status == PlaceClaim.Status.PENDING
        accept = form.cleaned_data["decision"] == DecisionForm.APPROVE
        decide_claim(claim=claim, accept=accept, user=request.user, message=form.cleaned_data["message"])
        text = (
            _("« %(name)s » est rattaché à %(structure)s.") if accept else _("La revendication est refusée.")
        )
        return decided(request, was_pending, text % {"name": claim.place.name, "structure": claim.structure})
    context = {
        "claim": claim,
        "place": claim.place,
        "form": form,
        "pending": claim.status == PlaceClaim.Status.PENDING,
    }
    return render(request, "moderation/claim.html", context, status=400 if form.errors else 200)
