"""The path's three steps as forms read from the query string (GET: every step's URL can be shared)."""

from django import forms
from django.http import QueryDict
from django.utils.translation import gettext_lazy as _

from places.orientation.matching import MOMENTS
from places.orientation.needs import ACCESS_NEEDS, NEEDS, PUBLICS
from places.search.criteria import DEFAULT_RADIUS_KM, WEEKDAYS, Centre
from places.search.parameters import SearchForm

RADIUS_CHOICES = [
    (2, _("2 km : à pied")),
    (5, _("5 km")),
    (10, _("10 km")),
    (20, _("20 km : en bus ou en voiture")),
    (50, _("50 km")),
]


class NeedForm(forms.Form):
    besoin = forms.ChoiceField(
        label=_("De quoi la personne a-t-elle besoin ?"),
        choices=[(need.key, need.label) for need in NEEDS],
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Choisissez ce dont la personne a besoin."),
            "invalid_choice": _("Ce besoin n'existe pas : choisissez-en un dans la liste."),
        },
    )
    adapte = forms.MultipleChoiceField(
        label=_("A-t-elle besoin d'un accueil adapté ?"),
        help_text=_("Facultatif. Cochez tout ce qui compte pour elle."),
        choices=[(access.key, access.label) for access in ACCESS_NEEDS],
        widget=forms.CheckboxSelectMultiple,
        required=False,
        error_messages={"invalid_choice": _("Ce choix n'existe pas : « %(value)s ».")},
    )
    public = forms.ChoiceField(
        label=_("Qui est-elle ?"),
        help_text=_("Facultatif. Certains lieux accueillent en particulier ces personnes."),
        choices=[("", _("Peu importe")), *((value, label) for value, label, _met in PUBLICS)],
        widget=forms.RadioSelect,
        required=False,
        error_messages={"invalid_choice": _("Ce choix n'existe pas : choisissez-en un dans la liste.")},
    )


class WhereForm(forms.Form):
    """Where the person starts from, found as the search finds it (SearchForm: gazetteer, then addresses)."""

    ou = forms.CharField(
        label=_("D'où part-elle ?"),
        help_text=_("Sa commune, son code postal ou son adresse. Par exemple : Montluçon, 03100."),
        max_length=200,
        error_messages={"required": _("Indiquez une commune, un code postal ou une adresse.")},
    )
    autour = forms.CharField(required=False, max_length=5, widget=forms.HiddenInput)
    rayon = forms.TypedChoiceField(
        label=_("Jusqu'où peut-elle aller ?"),
        choices=RADIUS_CHOICES,
        coerce=int,
        required=False,
        empty_value=DEFAULT_RADIUS_KM,
        widget=forms.RadioSelect,
        error_messages={"invalid_choice": _("Choisissez une distance dans la liste.")},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.centre: Centre | None = None
        self.alternatives = []  # other communes of that name (homonyms), each by its INSEE code

    def clean(self):
        data = super().clean()
        if self.errors:
            return data
        query = QueryDict(mutable=True)
        query["ou"] = data["ou"]
        if data.get("autour"):
            query["autour"] = data["autour"]
        located = SearchForm(query)
        search = located.search()
        if search is None:
            for name, errors in located.errors.items():
                for error in errors:
                    self.add_error("ou" if name in ("ou", "autour") else None, error)
            return data
        if search.centre is None:
            self.add_error("ou", _("Indiquez une commune, un code postal ou une adresse."))
            return data
        self.centre = search.centre
        self.alternatives = [] if data.get("autour") else located.alternatives
        return data


class WhenForm(forms.Form):
    jour = forms.MultipleChoiceField(
        label=_("Quels jours peut-elle y aller ?"),
        help_text=_("Aucun jour coché : n'importe quel jour."),
        choices=[(day, day.capitalize()) for day in WEEKDAYS],
        widget=forms.CheckboxSelectMultiple,
        required=False,
        error_messages={"invalid_choice": _("« %(value)s » n'est pas un jour de la semaine.")},
    )
    moment = forms.ChoiceField(
        label=_("À quel moment de la journée ?"),
        choices=[("", _("Peu importe")), ("matin", _("Le matin")), ("apres-midi", _("L'après-midi"))],
        widget=forms.RadioSelect,
        required=False,
        error_messages={"invalid_choice": _("Choisissez un moment dans la liste.")},
    )

    def windows(self) -> tuple[tuple[int, int, int], ...]:
        """(weekday, from, to) windows of a usual week when the person can go; () when any time will do."""
        days = [WEEKDAYS.index(day) for day in self.cleaned_data.get("jour") or []]
        moment = self.cleaned_data.get("moment") or ""
        if not days and not moment:
            return ()
        start, end = MOMENTS.get(moment, (0, 24 * 60))
        return tuple((day, start, end) for day in days or range(7))


STEPS = (NeedForm, WhereForm, WhenForm)
