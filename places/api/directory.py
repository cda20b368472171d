"""The API's structures and territories (régions, départements, communes with autocomplete): read only."""

import django_filters as filters
from django.db.models import Count, Q
from django.urls import reverse
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import serializers, viewsets
from rest_framework.response import Response

from places import gazetteer
from places.api.caching import ConditionalCachedMixin
from places.api.pagination import PageNumberPagination, checked_page_size
from places.api.permissions import ReadOnly
from places.api.serializers import absolute
from places.api.views import StrictFilterBackend, check_parameters, lookup_value
from places.models import Commune, Departement, Region, Structure

AUTOCOMPLETE_LIMIT = 10


class ReadOnlyViewSet(ConditionalCachedMixin, viewsets.ReadOnlyModelViewSet):
    permission_classes = [ReadOnly]
    filter_backends = [StrictFilterBackend]
    pagination_class = PageNumberPagination
    # Any text reaches the view, which answers 404 in JSON (Django's default regex would give an HTML page).
    lookup_value_regex = "[^/]+"

    def get_object(self):
        lookup_value(self)  # 404 before the database for an id it cannot hold
        return super().get_object()

    def list(self, request, *args, **kwargs):
        check_parameters(self, request)
        if cached := self.cached_response(request):
            return cached
        page = self.paginate_queryset(self.filter_queryset(self.get_queryset()))
        return self.get_paginated_response(self.get_serializer(page, many=True).data)

    def retrieve(self, request, *args, **kwargs):
        if cached := self.cached_response(request):
            return cached
        return super().retrieve(request, *args, **kwargs)


# --- Structures ------------------------------------------------------------------------------------------


class StructureSerializer(serializers.ModelSerializer):
    nom = serializers.CharField(source="name")
    nature = serializers.ChoiceField(source="kind", choices=Structure.Kind.choices)
    commune = serializers.CharField(
        source="commune_id", allow_null=True, help_text=gettext_lazy("Code INSEE.")
    )
    adresse = serializers.CharField(source="address")
    telephone = serializers.CharField(source="phone")
    site_web = serializers.CharField(source="website")
    structure_parente = serializers.IntegerField(source="parent_id", allow_null=True)
    hub = serializers.BooleanField(
        source="is_hub", help_text=gettext_lazy("La structure est un hub numérique.")
    )
    hub_de_rattachement = serializers.IntegerField(source="hub_id", allow_null=True)
    nombre_de_lieux = serializers.IntegerField(
        source="place_count", help_text=gettext_lazy("Lieux publiés qu'elle porte.")
    )
    lieux = serializers.SerializerMethodField(help_text=gettext_lazy("Ses lieux dans l'API."))

    class Meta:
        model = Structure
        fields = [
            "id",
            "nom",
            "nature",
            "siret",
            "rna",
            "commune",
            "adresse",
            "telephone",
            "site_web",
            "structure_parente",
            "hub",
            "hub_de_rattachement",
            "nombre_de_lieux",
            "lieux",
        ]

    def get_lieux(self, structure) -> str:
        path = f"{reverse('api:place-list')}?structure={structure.pk}"
        return absolute(self.context.get("request"), path)


class StructureFilter(filters.FilterSet):
    q = filters.CharFilter(
        field_name="name", lookup_expr="icontains", max_length=100, label=gettext_lazy("Mot du nom.")
    )
    nature = filters.ChoiceFilter(
        field_name="kind", choices=Structure.Kind.choices, label=gettext_lazy("Nature.")
    )
    siret = filters.CharFilter(field_name="siret", max_length=14, label=gettext_lazy("SIRET (14 chiffres)."))
    hub = filters.BooleanFilter(
        field_name="is_hub", label=gettext_lazy("`true` : les hubs numériques seulement.")
    )
    commune = filters.CharFilter(
        field_name="commune_id", max_length=5, label=gettext_lazy("Code INSEE de la commune.")
    )
    departement = filters.CharFilter(
        field_name="commune__departement_id", max_length=3, label=gettext_lazy("Code du département.")
    )

    class Meta:
        model = Structure
        fields: list[str] = []


@extend_schema_view(
    list=extend_schema(summary=gettext_lazy("Lister les structures porteuses et les hubs")),
    retrieve=extend_schema(summary=gettext_lazy("Une structure")),
)
class StructureViewSet(ReadOnlyViewSet):
    serializer_class = StructureSerializer
    filterset_class = StructureFilter

    def get_queryset(self):
        published = Q(places__status="published", places__duplicate_of__isnull=True)
        return Structure.objects.annotate(place_count=Count("places", filter=published)).order_by(
            "name", "pk"
        )


# --- Territories -----------------------------------------------------------------------------------------


class RegionSerializer(serializers.ModelSerializer):
    nom = serializers.CharField(source="name")

    class Meta:
        model = Region
        fields = ["code", "nom", "population", "latitude", "longitude"]


class DepartementSerializer(serializers.ModelSerializer):
    nom = serializers.CharField(source="name")
    region = serializers.CharField(source="region_id", allow_null=True)

    class Meta:
        model = Departement
        fields = ["code", "nom", "region", "population", "latitude", "longitude"]


class CommuneSerializer(serializers.ModelSerializer):
    nom = serializers.CharField(source="name")
    type = serializers.ChoiceField(source="kind", choices=Commune.Kind.choices)
    departement = serializers.CharField(source="departement_id", allow_null=True)
    region = serializers.CharField(source="region_id", allow_null=True)
    epci = serializers.CharField(
        source="epci_id", allow_null=True, help_text=gettext_lazy("SIREN de l'intercommunalité.")
    )
    rurale = serializers.BooleanField(
        source="is_rural", allow_null=True, help_text=gettext_lazy("Grille de densité INSEE (5 à 7).")
    )
    libelle = serializers.CharField(
        source="label",
        read_only=True,
        help_text=gettext_lazy("« Nom (département) », pour une liste de suggestions."),
    )
    # The site's search field reads these two names (static/places/search.js).
    name = serializers.CharField(read_only=True)
    label = serializers.CharField(read_only=True)

    class Meta:
        model = Commune
        fields = [
            "code",
            "nom",
            "type",
            "departement",
            "region",
            "epci",
            "population",
            "latitude",
            "longitude",
            "rurale",
            "libelle",
            "name",
            "label",
        ]


class CommuneFilter(filters.FilterSet):
    q = filters.CharFilter(
        method="keep",
        max_length=100,
        label=format_lazy(
            gettext_lazy(
                "Début du nom ou du code postal (2 caractères au moins) : les {count} meilleures suggestions, "
                "sans tenir compte des accents ni des tirets."
            ),
            count=AUTOCOMPLETE_LIMIT,
        ),
    )
    departement = filters.CharFilter(
        field_name="departement_id", max_length=3, label=gettext_lazy("Code du département.")
    )
    region = filters.CharFilter(
        field_name="region_id", max_length=3, label=gettext_lazy("Code de la région.")
    )
    code_postal = filters.CharFilter(
        method="filter_postcode", max_length=5, label=gettext_lazy("Code postal (5 chiffres).")
    )

    class Meta:
        model = Commune
        fields: list[str] = []

    def keep(self, queryset, name, value):
        return queryset  # answered by the gazetteer's autocomplete, in the view

    def filter_postcode(self, queryset, name, value):
        return queryset.with_postcode(value)


@extend_schema_view(
    list=extend_schema(summary=gettext_lazy("Communes (et suggestions avec `q`)")),
    retrieve=extend_schema(summary=gettext_lazy("Une commune, par son code INSEE")),
)
class CommuneViewSet(ReadOnlyViewSet):
    serializer_class = CommuneSerializer
    filterset_class = CommuneFilter
    lookup_field = "code"

    def get_queryset(self):
        return Commune.objects.current().order_by("code")

    def list(self, request, *args, **kwargs):
        query = request.query_params.get("q", "")
        if not query:
            return super().list(request, *args, **kwargs)
        check_parameters(self, request)
        limit = min(checked_page_size(request, AUTOCOMPLETE_LIMIT, 50), 50)
        found = gazetteer.autocomplete(query[:100], limit=limit) if len(query.strip()) >= 2 else []
        return Response(
            {
                "count": len(found),
                "next": None,
                "previous": None,
                "results": self.get_serializer(found, many=True).data,
            }
        )


@extend_schema_view(
    list=extend_schema(summary=gettext_lazy("Départements")),
    retrieve=extend_schema(summary=gettext_lazy("Un département")),
)
class DepartementViewSet(ReadOnlyViewSet):
    serializer_class = DepartementSerializer
    lookup_field = "code"
    queryset = Departement.objects.order_by("code")


@extend_schema_view(
    list=extend_schema(summary=gettext_lazy("Régions")),
    retrieve=extend_schema(summary=gettext_lazy("Une région")),
)
class RegionViewSet(ReadOnlyViewSet):
    serializer_class = RegionSerializer
    lookup_field = "code"
    queryset = Region.objects.order_by("code")
