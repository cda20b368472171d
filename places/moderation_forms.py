"""The moderators' forms: a decision with its message, a restore with the version it was confirmed against."""

from django import forms
from django.utils.translation import gettext_lazy as _


class DecisionForm(forms.Form):
    """Approve or refuse, with a message the structure reads in "Mon espace". `seen` is what the moderator
    read (a version, a date): a decision on something that changed meanwhile is refused."""

    APPROVE, REJECT = "approve", "reject"
    decision = forms.ChoiceField(
        label=_("Votre décision"),
        choices=[(APPROVE, _("Accepter et publier")), (REJECT, _("Refuser"))],
        widget=forms.RadioSelect,
        error_messages={"required": _("Choisissez d'accepter ou de refuser.")},
    )
    message = forms.CharField(
        label=_("Message à la structure"),
        help_text=_("Obligatoire pour un refus : dites ce qui ne va pas et comment le corriger."),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    seen = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, choices=None, **kwargs):
        super().__init__(*args, **kwargs)
        if choices is not None:
            self.fields["decision"].choices = choices

    def clean(self):
        cleaned_data = super().clean()
        if cleaned_data.get("decision") == self.REJECT and not cleaned_data.get("message", "").strip():
            self.add_error("message", _("Dites à la structure pourquoi vous refusez."))
        return cleaned_data


REPORT_CHOICES = [("done", _("Traité : la fiche est corrigée ou juste")), ("dismissed", _("Écarté"))]


class ReportDecisionForm(DecisionForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, choices=REPORT_CHOICES, **kwargs)
        self.fields["message"].label = _("Note de traitement")
        self.fields["message"].help_text = _(
            "Ce que vous avez vérifié ou corrigé (gardé avec le signalement)."
        )

    def clean(self):
        return forms.Form.clean(self)


class RestoreForm(forms.Form):
    seen_version = forms.IntegerField(widget=forms.HiddenInput)
