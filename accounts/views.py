"""A member's space: their structures and each structure's API tokens."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from accounts import structure_views
from accounts.forms import TokenForm
from accounts.models import ApiToken, Membership
from accounts.services import create_token, is_member, revoke_token
from places import reviews
from places.models import Place, Structure


def locked_out(request, original_response=None, credentials=None):
    """django-axes's answer once a login is locked (settings AXES_*): the site's page, saying for how long."""
    minutes = settings.AXES_COOLOFF_TIME * 60
    message = _(
        "Trop d'essais de mot de passe : la connexion est bloquée pendant %(minutes)d minutes, pour ce compte "
        "et depuis cette adresse. Réessayez plus tard, ou demandez à l'administrateur de votre structure."
    ) % {"minutes": minutes}
    context = {"message": message, "back_url": reverse("places:home"), "back_label": _("Revenir à l'accueil")}
    response = render(request, "too_many_requests.html", context, status=429)
    response["Retry-After"] = str(int(minutes * 60))
    return response


@login_required
def home(request):
    return _render_home(request)


@never_cache  # the response holds the key: no browser or proxy may keep it
@login_required
@require_POST
def token_create(request, pk: int):
    structure = get_object_or_404(Structure, pk=pk)
    # Before looking at the form: a non-member learns nothing, not even whether the name was valid.
    if not is_member(request.user, structure):
        raise PermissionDenied(_("Seuls les membres de la structure peuvent créer ses jetons d'API."))
    form = TokenForm(request.POST)
    if not form.is_valid():
        return _render_home(request, invalid_forms={structure.pk: form}, status=400)
    token, key = create_token(structure=structure, user=request.user, name=form.cleaned_data["name"])
    return render(
        request,
        "accounts/token_created.html",
        {"token": token, "key": key, "api_docs_url": reverse("api:docs")},
    )


@login_required
@require_POST
def token_revoke(request, pk: int):
    token = get_object_or_404(ApiToken.objects.select_related("structure"), pk=pk)
    revoke_token(token=token, user=request.user)  # PermissionDenied (403) for a non-member
    messages.success(
        request,
        _("Le jeton « %(name)s » est révoqué : sa clé ne donne plus accès à l'API.") % {"name": token.name},
    )
    return redirect("accounts:home")


def _render_home(request, *, invalid_forms=None, status=200):
    invalid_forms = invalid_forms or {}
    memberships = list(
        Membership.objects.filter(user=request.user).select_related("structure").order_by("structure__name")
    )
    tokens_of = {membership.structure_id: [] for membership in memberships}
    tokens = ApiToken.objects.filter(structure__in=list(tokens_of)).select_related("created_by", "revoked_by")
    for token in tokens:
        tokens_of[token.structure_id].append(token)
    # Each structure's places, to open their edit pages (places/member_views.py); closed ones are left out.
    places_of = {structure_id: [] for structure_id in tokens_of}
    for place in (
        Place.objects.filter(structure__in=list(places_of))
        .exclude(status=Place.Status.ARCHIVED)
        .only("pk", "name", "status", "structure_id", "commune_name")
        .order_by("name")
    ):
        places_of[place.structure_id].append(place)
    spaces = [
        {
            "membership": membership,
            "structure": membership.structure,
            "tokens": tokens_of[membership.structure_id],
            "places": places_of[membership.structure_id],
            "form": invalid_forms.get(membership.structure_id) or TokenForm(),
        }
        for membership in memberships
    ]
    context = {
        "spaces": spaces,
        "api_docs_url": reverse("api:docs"),
        **structure_views.home_context(request.user),
    }
    # The places of the member's structures whose data is 6 months old or more (places/reviews.py).
    context["to_review"] = reviews.dashboard(membership.structure_id for membership in memberships)
    return render(request, "accounts/home.html", context, status=status)
