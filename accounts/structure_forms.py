"""Forms of "Mon espace" about structures: declare one, edit its details, ask to join, answer, change a role.

SIRET: localflavor's form field checks only the SIREN's key (the first 9 digits), so a mistyped establishment
number passed; python-stdnum (localflavor's own dependency) checks the whole SIRET, Luhn key included, with
La Poste's exception: its establishments (SIREN 356 000 000) follow a sum of digits multiple of 5 instead.
"""

import re

from django import forms
from django.utils.translation import gettext_lazy as _
from stdnum.fr import siret as stdnum_siret

from accounts.models import JoinRequest, Membership
from places import gazetteer
from places.concurrency import VersionCheckedForm
from places.forms import normalize_phone
from places.models import Structure
from places.text import commune_key

_SEPARATORS = re.compile(r"[\s.\-]")
_RNA = re.compile(r"^W\d{9}$")
# "Montluçon (03)": the label of the site's commune suggestions, read back as a name and its département.
_LABEL = re.compile(r"^(?P<name>.+?)\s*\((?P<departement>\w{2,3})\)$")


class SiretField(forms.CharField):
    def __init__(self, **kwargs):
        kwargs.setdefault("max_length", 20)  # 14 digits and the spaces people type: "732 829 320 00074"
        super().__init__(**kwargs)

    def to_python(self, value):
        return _SEPARATORS.sub("", super().to_python(value))

    def validate(self, value):
        super().validate(value)
        if not value:
            return
        if not value.isdigit() or len(value) != 14:
            raise forms.ValidationError(
                _("Un SIRET a 14 chiffres (vous en avez saisi %(count)d caractères hors espaces)."),
                code="length",
                params={"count": len(value)},
            )
        if not stdnum_siret.is_valid(value):
            raise forms.ValidationError(
                _(
                    "Ce numéro n'est pas un SIRET : sa clé de contrôle ne correspond pas. Vérifiez-le, chiffre "
                    "par chiffre, sur l'avis de situation INSEE ou sur annuaire-entreprises.data.gouv.fr."
                ),
                code="checksum",
            )


class RnaField(forms.CharField):
    def __init__(self, **kwargs):
        kwargs.setdefault("max_length", 20)
        super().__init__(**kwargs)

    def to_python(self, value):
        return _SEPARATORS.sub("", super().to_python(value)).upper()

    def validate(self, value):
        super().validate(value)
        if value and not _RNA.match(value):
            raise forms.ValidationError(
                _("Un numéro RNA s'écrit W suivi de 9 chiffres, par exemple W751234567."), code="invalid"
            )


class StructureRegistrationForm(VersionCheckedForm):
    """Declare a structure. The commune is typed and found in the gazetteer on the server; when several
    communes answer, the page lists them as radio buttons (`commune_choices`), without JavaScript."""

    kind = forms.ChoiceField(
        label=_("Nature de la structure"), choices=[("", _("Choisissez…")), *Structure.Kind.choices]
    )
    siret = SiretField(
        label=_("SIRET"),
        required=False,
        help_text=_(
            "14 chiffres, les espaces sont acceptés. Une association sans SIRET donne son numéro RNA."
        ),
    )
    rna = RnaField(
        label=_("Numéro RNA"), required=False, help_text=_("W suivi de 9 chiffres, par exemple W751234567.")
    )
    commune_query = forms.CharField(
        label=_("Commune"),
        max_length=100,
        help_text=_("Son nom et son code postal, par exemple « Montluçon 03100 », ou son code INSEE."),
        error_messages={"required": _("Indiquez la commune de la structure.")},
    )
    commune_code = forms.CharField(required=False, max_length=5)
    website = forms.URLField(
        label=_("Site web"),
        required=False,
        max_length=500,
        assume_scheme="https",
        help_text=_("Par exemple https://www.montlucon.com"),
    )

    class Meta:
        model = Structure
        fields = ["name", "kind", "siret", "rna", "address", "phone", "email", "website"]
        labels = {"name": _("Nom de la structure"), "address": _("Adresse"), "phone": _("Téléphone")}
        help_texts = {"phone": _("Par exemple 04 70 12 34 56.")}
        error_messages = {"name": {"required": _("Indiquez le nom de la structure.")}}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.commune_choices = []  # several communes answered the typed text: the person picks one
        self.fields["kind"].error_messages["required"] = _("Choisissez la nature de la structure.")

    def clean_phone(self):
        return normalize_phone(self.cleaned_data["phone"])

    def clean(self):
        cleaned_data = super().clean()
        siret, rna = cleaned_data.get("siret"), cleaned_data.get("rna")
        if not siret and not rna and "siret" not in self.errors and "rna" not in self.errors:
            self.add_error(
                "siret",
                _("Indiquez le SIRET de la structure (ou, pour une association sans SIRET, son numéro RNA)."),
            )
        if rna and not siret and cleaned_data.get("kind") not in ("", None, Structure.Kind.ASSOCIATION):
            self.add_error(
                "rna", _("Seules les associations s'inscrivent avec un numéro RNA : indiquez le SIRET.")
            )
        if "commune_query" in cleaned_data:
            self._resolve_commune(cleaned_data)
        return cleaned_data

    def _resolve_commune(self, cleaned_data):
        query = cleaned_data["commune_query"]
        departement = None
        if labelled := _LABEL.match(query.strip()):
            query, departement = labelled["name"], labelled["departement"].upper()
        candidates = gazetteer.resolve(query)
        if departement:
            candidates = [c for c in candidates if c.departement_id == departement] or candidates
        chosen = [c for c in candidates if c.code == cleaned_data.get("commune_code")]
        exact = [c for c in candidates if commune_key(c.name) == commune_key(query)]
        for found in (chosen, candidates, exact):
            if len(found) == 1:
                cleaned_data["commune"] = found[0]
                return
        if not candidates:
            self.add_error(
                "commune_query",
                _(
                    "Aucune commune ne porte ce nom : vérifiez-le, ou ajoutez le code postal (« Montluçon 03100 »)."
                ),
            )
            return
        self.commune_choices = candidates
        self.add_error(
            "commune_query", _("Plusieurs communes correspondent : choisissez la vôtre dans la liste.")
        )

    def save(self, commit=True):
        raise NotImplementedError("accounts.structures.register_structure writes a new structure")

    def structure_values(self) -> dict:
        values = {name: self.cleaned_data[name] for name in self.Meta.fields}
        values["commune"] = self.cleaned_data["commune"]
        return values


class StructureEditForm(VersionCheckedForm):
    """An administrator edits the structure's name and contacts. Its numbers and kind identify it: a moderator
    changes those, in the admin."""

    website = StructureRegistrationForm.base_fields["website"]

    class Meta:
        model = Structure
        fields = ["name", "address", "phone", "email", "website"]
        labels = StructureRegistrationForm.Meta.labels
        help_texts = StructureRegistrationForm.Meta.help_texts
        error_messages = StructureRegistrationForm.Meta.error_messages

    def clean_phone(self):
        return normalize_phone(self.cleaned_data["phone"])


class JoinRequestForm(forms.Form):
    message = forms.CharField(
        label=_("Message aux administrateurs (facultatif)"),
        help_text=_("Votre fonction dans la structure, par exemple, les aide à vous reconnaître."),
        required=False,
        max_length=JoinRequest._meta.get_field("message").max_length,
        widget=forms.Textarea(attrs={"rows": 4}),
    )


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(choices=[("accept", _("Accepter")), ("refuse", _("Refuser"))])
    answer = forms.CharField(
        label=_("Message à la personne (facultatif)"),
        required=False,
        max_length=JoinRequest._meta.get_field("answer").max_length,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class RoleForm(forms.Form):
    role = forms.ChoiceField(label=_("Rôle"), choices=Membership.Role.choices)
