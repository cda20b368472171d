"""The API's programmes and supports (read only)."""

import django_filters as filters
from django.db.models import Prefetch, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import extend_schema, extend_schema_field, extend_schema_view
from rest_framework import serializers

from places.api.directory import ReadOnlyViewSet
from places.api.serializers import absolute
from places.models import Place, Structure
from programmes import progress
from programmes.models import Programme, Support, Target


class TargetSerializer(serializers.ModelSerializer):
    mesure = serializers.ChoiceField(source="metric", choices=Target.Metric.choices)
    valeur = serializers.IntegerField(source="value")
    echeance = serializers.DateField(source="by_date", allow_null=True)
    libelle = serializers.CharField(source="label")

    class Meta:
        model = Target
        fields = ["mesure", "valeur", "echeance", "libelle"]


class ProgrammeSerializer(serializers.ModelSerializer):
    identifiant = serializers.CharField(source="slug")
    nom = serializers.CharField(source="name")
    nature = serializers.ChoiceField(source="kind", choices=Programme.Kind.choices)
    operateur = serializers.CharField(source="operator")
    financeur = serializers.CharField(source="funder")
    parent = serializers.SlugRelatedField(slug_field="slug", read_only=True, allow_null=True)
    budget_eur = serializers.IntegerField(allow_null=True)
    precision_budget = serializers.CharField(source="budget_note")
    annonce_le = serializers.DateField(source="announced_on", allow_null=True)
    debut = serializers.DateField(source="starts_on", allow_null=True)
    fin = serializers.DateField(source="ends_on", allow_null=True)
    date_limite_candidature = serializers.DateField(source="application_deadline", allow_null=True)
    eligibilite = serializers.CharField(source="eligibility")
    site = serializers.CharField(source="url")
    dispositif = serializers.CharField(
        help_text=gettext_lazy("Valeur de `dispositif_programmes_nationaux` qui le signale.")
    )
    label = serializers.CharField(
        source="formation_label", help_text=gettext_lazy("Valeur de `formations_labels`.")
    )
    objectifs = TargetSerializer(source="targets", many=True)
    lieux = serializers.SerializerMethodField(help_text=gettext_lazy("Ses lieux dans l'API."))

    class Meta:
        model = Programme
        fields = [
            "identifiant",
            "nom",
            "nature",
            "operateur",
            "financeur",
            "parent",
            "budget_eur",
            "precision_budget",
            "annonce_le",
            "debut",
            "fin",
            "date_limite_candidature",
            "eligibilite",
            "description",
            "site",
            "dispositif",
            "label",
            "sources",
            "objectifs",
            "lieux",
        ]

    def get_lieux(self, programme) -> str:
        path = f"{reverse('api:place-list')}?programme={programme.slug}"
        return absolute(self.context.get("request"), path)


class RowSerializer(serializers.Serializer):
    code = serializers.CharField(
        help_text=gettext_lazy("Code INSEE de la région ou du département, ou groupe de porteurs.")
    )
    libelle = serializers.CharField(source="label")
    nombre = serializers.IntegerField(source="count")


class BreakdownSerializer(serializers.Serializer):
    cle = serializers.CharField(
        source="key", help_text=gettext_lazy("porteurs, regions, departements ou densite.")
    )
    titre = serializers.CharField(source="title")
    lignes = RowSerializer(source="rows", many=True)


class ProgressSerializer(serializers.Serializer):
    mesure = serializers.CharField(source="target.metric")
    libelle = serializers.CharField(source="target.label")
    valeur = serializers.IntegerField(source="target.value")
    echeance = serializers.DateField(source="target.by_date", allow_null=True)
    atteint = serializers.IntegerField(
        source="achieved",
        allow_null=True,
        help_text=gettext_lazy("Calculé sur les données ; null : non mesurable."),
    )
    pourcentage = serializers.IntegerField(source="percent", allow_null=True)


class ProgrammeDetailSerializer(ProgrammeSerializer):
    """One programme with what the data says it achieved (programmes.progress): a few aggregate queries."""

    lieux_comptes = serializers.SerializerMethodField(
        help_text=gettext_lazy("Lieux publiés qui relèvent du programme.")
    )
    avancement = serializers.SerializerMethodField()
    repartitions = serializers.SerializerMethodField()

    class Meta(ProgrammeSerializer.Meta):
        fields = [*ProgrammeSerializer.Meta.fields, "lieux_comptes", "avancement", "repartitions"]

    def _report(self, programme):
        if not hasattr(programme, "_report"):
            programme._report = progress.report(programme)
        return programme._report

    def get_lieux_comptes(self, programme) -> int:
        return sum(row.count for row in self._report(programme)[1][0].rows)

    @extend_schema_field(ProgressSerializer(many=True))
    def get_avancement(self, programme):
        return ProgressSerializer(self._report(programme)[0], many=True).data

    @extend_schema_field(BreakdownSerializer(many=True))
    def get_repartitions(self, programme):
        return BreakdownSerializer(self._report(programme)[1], many=True).data


class ProgrammeFilter(filters.FilterSet):
    nature = filters.ChoiceFilter(
        field_name="kind", choices=Programme.Kind.choices, label=gettext_lazy("Nature du programme.")
    )
    q = filters.CharFilter(
        field_name="name", lookup_expr="icontains", max_length=100, label=gettext_lazy("Mot du nom.")
    )

    class Meta:
        model = Programme
        fields: list[str] = []


@extend_schema_view(
    list=extend_schema(summary=gettext_lazy("Programmes nationaux (plans, AMI, labels, dispositifs)")),
    retrieve=extend_schema(summary=gettext_lazy("Un programme, par son identifiant")),
)
class ProgrammeViewSet(ReadOnlyViewSet):
    serializer_class = ProgrammeSerializer
    filterset_class = ProgrammeFilter
    lookup_field = "slug"

    def get_serializer_class(self):
        return ProgrammeDetailSerializer if self.action == "retrieve" else ProgrammeSerializer

    def get_queryset(self):
        return (
            Programme.objects.select_related("parent")
            .prefetch_related(
                Prefetch("targets", queryset=Target.objects.order_by("metric", "by_date", "pk"))
            )
            .order_by("name", "pk")
        )


class SupportSerializer(serializers.ModelSerializer):
    programme = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    structure = serializers.IntegerField(source="structure_id", allow_null=True)
    lieu = serializers.IntegerField(
        source="place_id", allow_null=True, help_text=gettext_lazy("Numéro du lieu dans l'API.")
    )
    statut = serializers.ChoiceField(source="status", choices=Support.Status.choices)
    montant_eur = serializers.IntegerField(source="amount_eur", allow_null=True)
    debut = serializers.DateField(source="starts_on", allow_null=True)
    fin = serializers.DateField(source="ends_on", allow_null=True)
    vague = serializers.CharField(source="wave")
    conseillers_numeriques = serializers.IntegerField(source="conseillers_count", allow_null=True)

    class Meta:
        model = Support
        fields = [
            "id",
            "programme",
            "structure",
            "lieu",
            "statut",
            "montant_eur",
            "debut",
            "fin",
            "vague",
            "conseillers_numeriques",
        ]


class SupportFilter(filters.FilterSet):
    programme = filters.CharFilter(
        field_name="programme__slug", max_length=80, label=gettext_lazy("Identifiant du programme.")
    )
    structure = filters.ModelChoiceFilter(
        queryset=Structure.objects.all(),
        label=gettext_lazy("Numéro de la structure."),
        error_messages={"invalid_choice": gettext_lazy("Structure inconnue.")},
    )
    lieu = filters.ModelChoiceFilter(
        field_name="place",
        queryset=Place.objects.published(),
        label=gettext_lazy("Numéro du lieu."),
        error_messages={"invalid_choice": gettext_lazy("Lieu inconnu.")},
    )
    statut = filters.ChoiceFilter(
        field_name="status", choices=Support.Status.choices, label=gettext_lazy("Statut.")
    )

    class Meta:
        model = Support
        fields: list[str] = []


@extend_schema_view(
    list=extend_schema(summary=gettext_lazy("Soutiens des programmes aux structures et aux lieux")),
    retrieve=extend_schema(summary=gettext_lazy("Un soutien")),
)
class SupportViewSet(ReadOnlyViewSet):
    serializer_class = SupportSerializer
    filterset_class = SupportFilter

    def get_queryset(self):
        # A support of a place still waiting for moderation would reveal that place.
        visible = Q(place__isnull=True) | Q(place__status="published")
        return Support.objects.filter(visible).select_related("programme").order_by("pk")
