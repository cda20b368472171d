"""The places' filters as the API documents them: a django-filter FilterSet made from the search's one table of
parameters (places/search/parameters.py), whose form is the search's own SearchForm. It only reads parameters:
`PlaceFilter(query).search()` is the Search that places.search.engine answers, as it answers the site.
"""

import django_filters as filters
from django import forms
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _
from drf_spectacular.drainage import set_override

from places import vocabularies
from places.models import Place
from places.search.criteria import Search
from places.search.fields import StrictBooleanField, VocabularyField
from places.search.parameters import PARAMETERS, Parameter, SearchForm, known_names


def _schema(parameter: Parameter, field: forms.Field, description: str) -> dict:
    """How the OpenAPI schema shows a parameter (django-filter cannot type our fields by itself)."""
    if isinstance(field, VocabularyField):
        values = list(vocabularies.CHOICES_OF[field.vocabulary].values)
        return {"type": "array", "items": {"type": "string", "enum": values}, "description": description}
    if isinstance(field, StrictBooleanField):
        schema = {"type": "boolean"}
    elif isinstance(field, forms.FloatField):
        schema = {"type": "number", "minimum": field.min_value, "maximum": field.max_value}
    elif isinstance(field, forms.ChoiceField):
        schema = {"type": "string", "enum": [value for value, _label in field.choices]}
    else:
        schema = {"type": parameter.openapi_type}
    if parameter.example:
        schema["example"] = parameter.example
    return {**schema, "description": description}


class ParameterFilter(filters.Filter):
    """One search parameter, documented. It filters nothing itself: the FilterSet's form builds the Search."""

    def __init__(self, parameter: Parameter):
        self.parameter = parameter
        # Lazy: the schema is written in the reader's language (docs/translation.md).
        description = (
            format_lazy(_("{help} Aussi `{alias}`."), help=parameter.help, alias=parameter.alias)
            if parameter.alias
            else parameter.help
        )
        super().__init__(field_name=parameter.name, label=description)
        set_override(self, "field", _schema(parameter, parameter.field(), description))

    @property
    def field(self):
        if not hasattr(self, "_field"):
            self._field = self.parameter.field()
            self._field.help_text = self.label
        return self._field

    def filter(self, queryset, value):
        return queryset

    def __deepcopy__(self, memo):
        # Each FilterSet deep-copies its filters; these never change: sharing them saves a millisecond a request.
        return self


class StrictSearchForm(SearchForm):
    """The API's reading: a radius without a centre is an error, not ignored."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, strict=True, **kwargs)


class PlaceFilter(filters.FilterSet):
    class Meta:
        model = Place
        fields: list[str] = []
        form = StrictSearchForm

    @classmethod
    def get_filters(cls):
        return {
            **super().get_filters(),
            **{parameter.name: ParameterFilter(parameter) for parameter in PARAMETERS},
        }

    def get_form_class(self):
        # The search's own form, which makes its fields from the same table (django-filter would build a form
        # class from the filters at each request, and deep-copy their fields).
        return StrictSearchForm

    @staticmethod
    def accepted_names() -> set[str]:
        """Every name the search reads: the parameters, the site's aliases and spellings."""
        return known_names()

    def search(self) -> Search | None:
        """The Search these parameters ask for, None when one is wrong (see `errors`)."""
        return self.form.search()
