"""Form fields that read the search parameters: a bad value is an error naming what was expected, never a
crash (the API answers it as a 400, the results page shows it)."""

from datetime import UTC, datetime, time

from django import forms
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime
from django.utils.translation import gettext_lazy as _

from places import geo, standard, vocabularies
from places.formats.rows import read_vocabulary
from places.text import has_nul


class ManyValuesWidget(forms.Widget):
    """Reads every occurrence of a parameter: `services=a&services=b`, and `services=a,b` too."""

    def value_from_datadict(self, data, files, name):
        return data.getlist(name) if hasattr(data, "getlist") else data.get(name)

    def value_omitted_from_data(self, data, files, name):
        return name not in data


class VocabularyField(forms.Field):
    """Values of one vocabulary, read as the importer reads files: short identifiers, the standard's labels
    (accents and case aside) and the labels of its earlier versions."""

    widget = ManyValuesWidget

    def __init__(self, *, vocabulary: str, **kwargs):
        self.vocabulary = vocabulary
        super().__init__(**kwargs)

    def to_python(self, value) -> list[str]:
        if not value:
            return []
        texts = [value] if isinstance(value, str) else value
        parts = [part for text in texts for part in str(text).replace(standard.SEPARATOR, ",").split(",")]
        values, unknown = read_vocabulary(self.vocabulary, [part for part in parts if part.strip()])
        if unknown:
            choices = vocabularies.CHOICES_OF[self.vocabulary].values
            accepted = ", ".join(choices) if len(choices) <= 15 else _("voir /api/v1/vocabulaires/")
            # params, not %: the message is formatted again later, and the values are the client's text.
            raise forms.ValidationError(
                _("Valeur inconnue : %(unknown)s. Valeurs acceptées : %(accepted)s."),
                params={"unknown": ", ".join(unknown), "accepted": accepted},
            )
        return values


class PointField(forms.CharField):
    """ "latitude,longitude" in decimal degrees."""

    def to_python(self, value):
        text = super().to_python(value)
        if not text:
            return None
        try:
            latitude, longitude = (float(part) for part in text.split(","))
        except ValueError:
            raise forms.ValidationError(_("Attendu « latitude,longitude » en degrés décimaux.")) from None
        # Written so that NaN fails too (every comparison with NaN is false).
        if not (-90 <= latitude <= 90 and -180 <= longitude <= 180):
            raise forms.ValidationError(_("Latitude entre -90 et 90, longitude entre -180 et 180."))
        return latitude, longitude


class BBoxField(forms.CharField):
    """ "south,west,north,east" in decimal degrees."""

    MAX_LENGTH = 200

    def to_python(self, value):
        text = super().to_python(value)
        if not text:
            return None
        try:
            if len(text) > self.MAX_LENGTH:
                raise ValueError(text)
            return geo.parse_bbox(text)
        except ValueError:
            raise forms.ValidationError(
                _(
                    "Attendu « sud,ouest,nord,est » en degrés décimaux, avec sud < nord et ouest < est, latitudes "
                    "entre -90 et 90, longitudes entre -180 et 180."
                )
            ) from None


EARLIEST = datetime(1900, 1, 1, tzinfo=UTC)  # before anything in the directory
LATEST = datetime(9000, 1, 1, tzinfo=UTC)  # after anything in the directory


class SinceField(forms.CharField):
    """An ISO 8601 date-time (`2026-11-30T08:00:00Z`) or a date (from midnight, Paris time)."""

    def to_python(self, value):
        text = super().to_python(value)
        if not text:
            return None
        try:
            moment = parse_datetime(text.replace(" ", "+"))  # a "+" left unencoded in a URL arrives as " "
            day = None if moment else parse_date(text)
        except ValueError:
            moment = day = None
        if moment is None and day is None:
            raise forms.ValidationError(
                _("Date illisible : attendu AAAA-MM-JJ ou AAAA-MM-JJTHH:MM:SS+01:00 (ISO 8601).")
            )
        if moment is None:
            moment = datetime.combine(day, time.min)
        # Years the database and the time-zone arithmetic cannot hold (0001-01-01 in Paris is year 0 in UTC):
        # "since the year 1" means everything, "since 9999" nothing.
        if moment.year < EARLIEST.year:
            return EARLIEST
        if moment.year > LATEST.year:
            return LATEST
        if timezone.is_naive(moment):
            moment = timezone.make_aware(moment)
        return moment


class StrictBooleanField(forms.NullBooleanField):
    """true/false, 1/0, or a ticked checkbox's "on"; anything else is an error rather than "no filter"."""

    widget = forms.TextInput
    VALUES = {"true": True, "1": True, "on": True, "false": False, "0": False, "off": False}

    def to_python(self, value):
        if value in (None, ""):
            return None
        if str(value).lower() not in self.VALUES:
            raise forms.ValidationError(_("Attendu true ou false."))
        return self.VALUES[str(value).lower()]

    def validate(self, value):
        pass


class CodeField(forms.CharField):
    """A territory, structure or programme by its code, checked against the database when given (one query);
    the search keeps the code."""

    MAX_LENGTH = 64

    def __init__(self, *, model, message: str, to_field_name: str = "pk", **kwargs):
        super().__init__(**kwargs)
        self.model, self.message, self.to_field_name = model, message, to_field_name

    def to_python(self, value):
        text = super().to_python(value)
        if not text:
            return None
        if has_nul(text) or len(text) > self.MAX_LENGTH:  # no such code can exist
            raise forms.ValidationError(self.message, code="invalid_choice")
        try:
            found = self.model.objects.filter(**{self.to_field_name: text}).values_list(
                self.to_field_name, flat=True
            )
            code = found.first()
        except (ValueError, TypeError):  # "abc" for a numeric id
            code = None
        if code is None:
            raise forms.ValidationError(self.message, code="invalid_choice")
        return code
