"""A structure claims a place it runs that an import brought in (places/models/changes.PlaceClaim).

The same SIRET as the place's (`pivot`) is proof enough: the place becomes the structure's at once. Otherwise a
moderator decides; the place's data does not move meanwhile. A claim never takes a place from another
structure that already runs it without a moderator.
"""

from django.db import transaction
from django.utils import timezone

from places.concurrency import locked
from places.models import Place, PlaceClaim


def same_siret(place: Place, structure) -> bool:
    return bool(place.pivot) and bool(structure.siret) and place.pivot == structure.siret


@transaction.atomic
def claim_place(*, place: Place, structure, user, message: str = "") -> PlaceClaim:
    """The claim, accepted at once when the SIRETs match and the place has no structure yet, else pending
    (merged with the structure's pending claim on the same place, if any)."""
    place = locked(Place, place.pk)
    claim = PlaceClaim.objects.filter(
        place=place, structure=structure, status=PlaceClaim.Status.PENDING
    ).first() or PlaceClaim(place=place, structure=structure)
    claim.requested_by = user
    claim.message = message
    if place.structure_id is None and same_siret(place, structure):
        _give(place, claim, user, reason=f"Revendiqué par {structure.name[:60]} (même SIRET)")
    claim.save()
    return claim


@transaction.atomic
def decide_claim(*, claim: PlaceClaim, accept: bool, user, message: str = "") -> None:
    claim = locked(PlaceClaim, claim.pk)
    if claim.status != PlaceClaim.Status.PENDING:
        return
    if accept:
        place = locked(Place, claim.place_id)
        _give(place, claim, user, reason=f"Revendication n° {claim.pk}, acceptée")
    else:
        claim.status = PlaceClaim.Status.REFUSED
        claim.decided_by, claim.decided_at = user, timezone.now()
    claim.decision_message = message
    claim.save()


def _give(place: Place, claim: PlaceClaim, user, *, reason: str) -> None:
    place.structure = claim.structure
    place._change_reason = reason[:100]
    place.save(update_fields=["structure", "updated_at"])
    claim.status = PlaceClaim.Status.ACCEPTED
    claim.decided_by, claim.decided_at = user, timezone.now()
