"""The API's place endpoints, the map clusters and the vocabularies (see docs/api.md).

Thin viewsets: a FilterSet checks the parameters and calls the chainable querysets, a serializer writes the
national standard's fields, places.submissions writes what partners send.
"""

import uuid
from dataclasses import replace

from csp import constants as csp
from csp.decorators import csp_update
from django import forms
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.http import Http404
from django.urls import reverse
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_filters import utils
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
    extend_schema_view,
    inline_serializer,
)
from drf_spectacular.views import SpectacularRedocView
from rest_framework import serializers, status, viewsets
from rest_framework.exceptions import PermissionDenied, Throttled, ValidationError
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response
from rest_framework.views import APIView

from inclusion.i18n import QUERY_PARAMETER as LANGUAGE_PARAMETER
from places import standard, vocabularies
from places.api import examples
from places.api.caching import ConditionalCachedMixin
from places.api.filters import PlaceFilter
from places.api.pagination import PageNumberPagination, PlacePagination
from places.api.permissions import ReadOnly, has_token
from places.api.renderers import CSVRenderer, GeoJSONRenderer
from places.api.serializers import PlaceSerializer, PlaceWriteSerializer, absolute
from places.clusters import ViewportForm, map_features
from places.concurrency import check_preconditions, locked, version_etag
from places.exports import FORMATS, count_download, download, exportable_places
from places.formats.national import ID_SEPARATOR, published_id
from places.models import Place
from places.search.engine import attach_tags_and_stops, find
from places.search.fields import SinceField
from places.search.parameters import SearchForm
from places.submissions import propose_change, submit_place
from places.text import has_nul

PAGINATION_PARAMS = {"cursor", "page", "page_size", "format"}


class StrictFilterBackend(DjangoFilterBackend):
    """django-filter, and a 400 for a parameter nobody reads: a typo (`service=`) must not silently return
    every place.

    The checked FilterSet is kept on the view: a view may check the parameters first (`checked_filterset`),
    answer from its cache, and only build the query when it must.
    """

    def checked_filterset(self, request, queryset, view):
        if getattr(view, "_checked_filterset", None) is not None:
            return view._checked_filterset
        filterset = self.get_filterset(request, queryset, view)
        known = set(filterset.filters) if filterset else set()
        if hasattr(filterset, "accepted_names"):  # a FilterSet whose parameters have other spellings too
            known = filterset.accepted_names()
        errors = unknown_parameters(request, known | PAGINATION_PARAMS)
        if filterset is not None and not filterset.is_valid():
            errors.update(utils.translate_validation(filterset.errors).detail)
        if errors:  # every bad parameter at once, not one per attempt
            raise ValidationError(errors)
        view._checked_filterset = filterset
        return filterset

    def filter_queryset(self, request, queryset, view):
        filterset = self.checked_filterset(request, queryset, view)
        return queryset if filterset is None else filterset.qs


def unknown_parameters(request, known: set[str]) -> dict[str, list[str]]:
    """An error for each parameter nobody reads, naming those that are read."""
    message = _("Paramètre inconnu. Paramètres acceptés : %s.") % ", ".join(sorted(known - {"format"}))
    # `lang` chooses the language of every page and answer (inclusion/i18n.py): known everywhere.
    return {name: [message] for name in sorted(set(request.query_params) - known - {LANGUAGE_PARAMETER})}


def lookup_value(view) -> str:
    """The id or code in the URL; 404 for one that cannot exist (text.has_nul)."""
    value = view.kwargs[view.lookup_url_kwarg or view.lookup_field]
    if has_nul(value):
        raise Http404
    return value


def check_parameters(view, request) -> None:
    """400 for a bad parameter, before anything is computed or read from the cache."""
    for backend in view.filter_backends:
        if hasattr(backend, "checked_filterset"):
            backend().checked_filterset(request, view.get_queryset(), view)


class JSONErrorsMixin:
    """Errors are JSON whatever format was asked for: a 400 in CSV would read as one odd place."""

    def handle_exception(self, exc):
        if getattr(self.request, "accepted_renderer", None) and not isinstance(
            self.request.accepted_renderer, JSONRenderer
        ):
            self.request.accepted_renderer = JSONRenderer()
            self.request.accepted_media_type = JSONRenderer.media_type
        return super().handle_exception(exc)


def _via(token) -> str:
    return f"API, jeton « {token.name} » ({token.prefix}…)"


# A partner's PUT or PATCH: applied at once (200) or waiting for a moderator (202).
UPDATE_RESPONSES = {
    200: PlaceSerializer,
    202: examples.PENDING,
    **dict.fromkeys((400, 401, 403, 404), examples.ERRORS),
}


@extend_schema_view(
    list=extend_schema(
        summary=gettext_lazy("Lister et chercher les lieux"),
        description=examples.PLACE_LIST_DESCRIPTION,
        responses={
            200: PlaceSerializer(many=True),
            400: examples.ERRORS,
        },
        examples=examples.PLACE_LIST_EXAMPLES,
    ),
    retrieve=extend_schema(
        summary=gettext_lazy("Un lieu"),
        description=gettext_lazy(
            "Par son numéro (`url`) ou par son identifiant publié `id` (`<origine>--<identifiant>`)."
        ),
        responses={200: PlaceSerializer, 404: examples.ERRORS},
    ),
    create=extend_schema(
        summary=gettext_lazy("Déclarer un lieu de votre structure (jeton requis)"),
        description=examples.PLACE_CREATE_DESCRIPTION,
        request=PlaceWriteSerializer,
        responses={201: PlaceSerializer, 400: examples.ERRORS, 401: examples.ERRORS, 403: examples.ERRORS},
        examples=[examples.PLACE_CREATE_EXAMPLE],
    ),
    update=extend_schema(
        summary=gettext_lazy("Remplacer un lieu de votre structure (jeton requis)"),
        description=examples.PLACE_UPDATE_DESCRIPTION,
        request=PlaceWriteSerializer,
        responses=UPDATE_RESPONSES,
    ),
    partial_update=extend_schema(
        summary=gettext_lazy("Modifier un lieu de votre structure (jeton requis)"),
        description=examples.PLACE_UPDATE_DESCRIPTION,
        request=PlaceWriteSerializer,
        responses=UPDATE_RESPONSES,
        examples=[examples.PLACE_PATCH_EXAMPLE],
    ),
    destroy=extend_schema(
        summary=gettext_lazy("Supprimer un lieu : refusé"),
        description=gettext_lazy("Un lieu fermé se signale aux modérateurs ; l'API ne supprime rien."),
        responses={401: examples.ERRORS, 403: examples.ERRORS},
    ),
)
class PlaceViewSet(JSONErrorsMixin, ConditionalCachedMixin, viewsets.ModelViewSet):
    serializer_class = PlaceSerializer
    filterset_class = PlaceFilter
    filter_backends = [StrictFilterBackend]
    pagination_class = PlacePagination
    renderer_classes = [JSONRenderer, GeoJSONRenderer, CSVRenderer]
    lookup_field = "id"
    lookup_value_regex = "[^/]+"

    def get_queryset(self):
        return Place.objects.published().canonical()

    def get_serializer_class(self):
        return (
            PlaceWriteSerializer if self.action in ("create", "update", "partial_update") else PlaceSerializer
        )

    def get_object(self):
        value = lookup_value(self)
        if value.isdigit():
            lookup = Q(pk=int(value))
        elif ID_SEPARATOR in value:
            origin, origin_id = value.split(ID_SEPARATOR, 1)
            lookup = Q(origin=origin, origin_id=origin_id)
        else:
            raise Http404
        visible = Q(status=Place.Status.PUBLISHED)
        if has_token(self.request):
            visible |= Q(structure_id=self.request.auth.structure_id)
        place = Place.objects.filter(lookup & visible).first()
        if place is None:
            raise Http404
        self.check_object_permissions(self.request, place)
        return place

    def list(self, request, *args, **kwargs):
        backend = StrictFilterBackend()
        search = backend.checked_filterset(request, self.get_queryset(), self).search()
        if request.accepted_renderer.format == "csv":
            verdict = count_download(request)
            if not verdict.allowed:
                raise Throttled(
                    wait=verdict.retry_after,
                    detail=_("Trop de téléchargements complets : réessayez dans %(seconds)d secondes.")
                    % {"seconds": verdict.retry_after},
                )
            return download(FORMATS["csv"], exportable_places(find(replace(search, order="id"))))
        if cached := self.cached_response(request):
            return cached
        page = self.paginate_queryset(find(self.paginator.ordered(search, request)))
        return self.get_paginated_response(
            PlaceSerializer(page, many=True, context=self.get_serializer_context()).data
        )

    def retrieve(self, request, *args, **kwargs):
        if request.accepted_renderer.format != "csv" and (cached := self.cached_response(request)):
            return cached
        place = self.get_object()
        attach_tags_and_stops([place])
        if request.accepted_renderer.format == "csv":
            return download(FORMATS["csv"], [place])
        response = Response(PlaceSerializer(place, context=self.get_serializer_context()).data)
        response.record_version = place.version  # the ETag names it, for If-Match (caching.py)
        return response

    def create(self, request, *args, **kwargs):
        token = request.auth
        serializer = PlaceWriteSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        origin = f"structure-{token.structure_id}"
        origin_id = serializer.validated_data.get("id") or uuid.uuid4().hex
        existing = Place.objects.filter(origin=origin, origin_id=origin_id).first()
        if existing is not None:
            raise ValidationError(
                {
                    "id": [
                        _(
                            "Votre structure a déjà un lieu avec cet identifiant : modifiez-le (PATCH) à l'adresse %(url)s."
                        )
                        % {"url": absolute(request, reverse("api:place-detail", kwargs={"id": existing.pk}))}
                    ]
                }
            )
        attributes, tags = serializer.split()
        try:
            place = submit_place(
                structure=token.structure,
                origin=origin,
                origin_id=origin_id,
                attributes=attributes,
                tags=tags,
                user=request.user,
                via=_via(token),
            )
        except IntegrityError:  # the same id sent twice at once
            raise ValidationError(
                {"id": [_("Votre structure a déjà un lieu avec cet identifiant.")]}
            ) from None
        data = self._represent(place)
        return Response(data, status=status.HTTP_201_CREATED, headers={"Location": data["url"]})

    def update(self, request, *args, partial=False, **kwargs):
        # Read, check and write under the place's row lock (places.concurrency): a stale If-Match is a 412,
        # and a PATCH without it still writes its fields over the latest values of the others.
        with transaction.atomic():
            place = locked(Place, self.get_object().pk)
            check_preconditions(request.headers, place)
            serializer = PlaceWriteSerializer(place, data=request.data, partial=partial)
            serializer.is_valid(raise_exception=True)
            attributes, tags = serializer.split()
            change = propose_change(
                place=place, attributes=attributes, tags=tags, user=request.user, via=_via(request.auth)
            )
            if change is None:
                place.refresh_from_db()
        if change is None:
            return Response(self._represent(place), headers={"ETag": version_etag(place.version)})
        return Response(
            {
                "statut": "en attente de modération",
                "message": _(
                    "Modification enregistrée : elle sera publiée après vérification par un modérateur."
                ),
                "modification": {
                    "numero": change.pk,
                    "champs": change.fields,
                    "proposee_le": change.updated_at,
                },
                "lieu": self._represent(place),
            },
            status=status.HTTP_202_ACCEPTED,
        )

    def destroy(self, request, *args, **kwargs):
        self.get_object()
        raise PermissionDenied(
            _(
                "L'API ne supprime pas de lieu : signalez un lieu fermé depuis sa page, les modérateurs l'archiveront."
            )
        )

    def _represent(self, place: Place) -> dict:
        attach_tags_and_stops([place])
        return PlaceSerializer(place, context=self.get_serializer_context()).data


class ClustersView(ConditionalCachedMixin, APIView):
    """The map's points for a visible area and zoom, grouped into clusters (the site's map uses it)."""

    permission_classes = [ReadOnly]

    @extend_schema(
        summary=gettext_lazy("Points de la carte (regroupés)"),
        description=examples.CLUSTERS_DESCRIPTION,
        parameters=examples.CLUSTERS_PARAMETERS,
        responses={
            200: OpenApiResponse(
                description=gettext_lazy("FeatureCollection GeoJSON : points avec `count`.")
            ),
            400: examples.ERRORS,
        },
    )
    def get(self, request):
        viewport = ViewportForm(request.GET)
        query = request.GET.copy()
        query.pop("bbox", None)  # the search's area is the map's
        form = SearchForm(query)
        if not (viewport.is_valid() & form.is_valid()):  # `&`, not `and`: report the errors of both forms
            raise ValidationError(
                {field: list(messages) for field, messages in {**form.errors, **viewport.errors}.items()}
            )
        if cached := self.cached_response(request):
            return cached
        bbox, zoom = viewport.cleaned_data["bbox"], viewport.cleaned_data["zoom"]
        return Response(map_features(find(replace(form.search(), bbox=bbox)), bbox, zoom))


class VocabulariesView(ConditionalCachedMixin, APIView):
    permission_classes = [ReadOnly]

    @extend_schema(
        summary=gettext_lazy("Vocabulaires du schéma national"),
        description=gettext_lazy(
            "Pour chaque champ à valeurs fermées : l'identifiant court accepté par les filtres et le libellé exact du standard."
        ),
        responses=inline_serializer(
            "Vocabulaires",
            {column: serializers.ListField(child=serializers.DictField()) for column in standard.TAG_COLUMNS},
        ),
    )
    def get(self, request):
        if cached := self.cached_response(request):
            return cached
        return Response(
            {
                column: [
                    {"valeur": value, "libelle": label}
                    for value, label in vocabularies.CHOICES_OF[column].choices
                ]
                for column in standard.TAG_COLUMNS
            }
        )


# What Redoc needs beyond the site's policy (settings.CONTENT_SECURITY_POLICY), in either mode: its bundle writes
# <style> elements, which carry the page's nonce once Redoc starts (static/places/redoc.js hands it over), and
# runs its search in a worker made from a blob: URL. One <style>, its scrollbar's, is written as the bundle loads,
# before any nonce can be given: it is allowed by the hashes of its text, empty then filled. A new sidecar
# version may change that text: the browser test of the policy then fails with the new hash to put here.
REDOC_SCROLLBAR_STYLE_HASHES = [
    "'sha256-QMIg+bpjm3JdElJ388KYke01izlUW0UoNOeKjpMxdgc='",
    "'sha256-47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU='",  # the empty string
]
REDOC_CSP = {"style-src": [csp.NONCE, *REDOC_SCROLLBAR_STYLE_HASHES], "worker-src": [csp.SELF, "blob:"]}


@method_decorator([csp_update(REDOC_CSP), csp_update(REDOC_CSP, REPORT_ONLY=True)], name="get")
class RedocView(SpectacularRedocView):
    """Redoc from the sidecar's files. Its bundle shows a "Redocly" logo from the publisher's server: the
    site's Content-Security-Policy (img-src) keeps the browser from asking for it, so nothing leaves our server."""


class ApiRootView(APIView):
    """What the API offers, with links (the first thing a client reads)."""

    permission_classes = [ReadOnly]

    @extend_schema(
        summary=gettext_lazy("Index de l'API"),
        responses=OpenApiResponse(description=gettext_lazy("Liens vers chaque ressource.")),
    )
    def get(self, request):
        def link(name, *args):
            return request.build_absolute_uri(reverse(name, args=args))

        return Response(
            {
                "lieux": link("api:place-list"),
                "lieux_retires": link("api:place-removed"),
                "structures": link("api:structure-list"),
                "programmes": link("api:programme-list"),
                "soutiens": link("api:support-list"),
                "communes": link("api:commune-list"),
                "departements": link("api:departement-list"),
                "regions": link("api:region-list"),
                "vocabulaires": link("api:vocabularies"),
                "carte": link("api:clusters"),
                "schema_openapi": link("api:schema"),
                "documentation": link("api:docs"),
                "redoc": link("api:redoc"),
                "exports": {
                    export.name: link("places:export", export.extension) for export in FORMATS.values()
                },
            }
        )


class RemovedSinceForm(forms.Form):
    since = SinceField(
        error_messages={"required": gettext_lazy("Donnez `since` : la date de votre dernière reprise.")}
    )


class RemovedPlacesView(ConditionalCachedMixin, APIView):
    """Places that left the public listings since a date, for clients that keep a copy up to date."""

    permission_classes = [ReadOnly]

    @extend_schema(
        summary=gettext_lazy("Lieux retirés depuis une date"),
        description=gettext_lazy(
            "Les `id` à retirer de votre copie : lieux archivés, dépubliés, supprimés ou reconnus comme "
            "doublons d'un autre lieu depuis `since`. À appliquer avant les lieux de `updated_since`."
        ),
        parameters=[
            OpenApiParameter(
                "since",
                OpenApiTypes.STR,
                required=True,
                description=gettext_lazy("ISO 8601 (date ou date et heure)."),
            ),
            OpenApiParameter("page", OpenApiTypes.INT),
            OpenApiParameter("page_size", OpenApiTypes.INT),
        ],
        responses={
            200: inline_serializer(
                "LieuxRetires",
                {
                    "count": serializers.IntegerField(),
                    "next": serializers.URLField(allow_null=True),
                    "previous": serializers.URLField(allow_null=True),
                    "results": inline_serializer(
                        "LieuRetire",
                        {
                            "id": serializers.CharField(),
                            "retire_le": serializers.DateTimeField(),
                            "raison": serializers.ChoiceField(
                                choices=["archivé", "dépublié", "doublon", "supprimé"]
                            ),
                        },
                        many=True,
                    ),
                },
            ),
            400: examples.ERRORS,
        },
    )
    def get(self, request):
        form = RemovedSinceForm(request.query_params)
        errors = unknown_parameters(request, {"since", *PAGINATION_PARAMS} - {"cursor"})
        if errors or not form.is_valid():
            raise ValidationError({**errors, **form.errors})
        if cached := self.cached_response(request):
            return cached
        since = form.cleaned_data["since"]
        removed = [
            {
                "id": published_id(origin, origin_id),
                "retire_le": moment,
                "raison": _reason(status, duplicate_of),
            }
            for origin, origin_id, moment, status, duplicate_of in Place.objects.filter(updated_at__gte=since)
            .exclude(status=Place.Status.PUBLISHED, duplicate_of__isnull=True)
            .values_list("origin", "origin_id", "updated_at", "status", "duplicate_of")
        ]
        removed += [
            {"id": published_id(origin, origin_id), "retire_le": moment, "raison": "supprimé"}
            for origin, origin_id, moment in Place.history.filter(
                history_type="-", history_date__gte=since
            ).values_list("origin", "origin_id", "history_date")
        ]
        removed.sort(key=lambda item: (item["retire_le"], item["id"]))
        paginator = PageNumberPagination()
        page = paginator.paginate_queryset(removed, request, view=self)
        for item in page:
            item["retire_le"] = serializers.DateTimeField().to_representation(item["retire_le"])
        return paginator.get_paginated_response(page)


def _reason(status: str, duplicate_of: int | None) -> str:
    if status == Place.Status.PUBLISHED and duplicate_of:
        return "doublon"
    return "archivé" if status == Place.Status.ARCHIVED else "dépublié"
