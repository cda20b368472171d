"""Two people editing the same place (or structure) at once: nothing is lost, nothing silently undone.

Every write bumps the record's `version` (Place.save, Place.set_tags, Structure.save). Two guards use it:

- **Row locks** where a read-modify-write happens (`locked`): the API reads the place it will change after
  locking its row, inside the transaction that writes it, so a PATCH writes its own fields over the latest
  values of all the others, and two proposals to the same published place merge one after the other (the
  second no longer collides with the first on the one-pending-change constraint). On SQLite the lock is the
  database's: every transaction begins IMMEDIATE (inclusion/env.py), one writer at a time, the others wait.
- **Versions seen** (optimistic locking) where a person or a client decides from what they read: the admin's
  forms carry the version they were drawn from (`VersionCheckedForm`) and the API takes `If-Match` (the `ETag`
  of a GET: `"v<version>-…"`) or `If-Unmodified-Since`; a stale one is refused (form error, 412), never
  written over the newer data.
"""

import re

from django import forms
from django.db import transaction
from django.utils.formats import date_format
from django.utils.http import parse_http_date_safe
from django.utils.timezone import localtime
from django.utils.translation import gettext as _
from rest_framework import status
from rest_framework.exceptions import APIException

_VERSION_IN_ETAG = re.compile(r'"v(\d+)(?:-[^"]*)?"')


class PreconditionFailed(APIException):
    status_code = status.HTTP_412_PRECONDITION_FAILED
    default_code = "precondition_failed"


def locked(model, pk):
    """The row, read again under a lock held until the end of the current transaction."""
    assert transaction.get_connection().in_atomic_block, "lock a row inside transaction.atomic()"
    return model._default_manager.select_for_update().get(pk=pk)


def version_etag(version: int, digest: str = "") -> str:
    return f'"v{version}-{digest}"' if digest else f'"v{version}"'


def check_preconditions(headers, record) -> None:
    """412 when the client's `If-Match` names another version of `record`, or when `record` changed after
    its `If-Unmodified-Since` (RFC 9110, 13.1). `If-Match: *` only asks that the record exists."""
    if_match = headers.get("If-Match")
    if if_match is not None:
        if if_match.strip() == "*":
            return
        seen = {int(number) for number in _VERSION_IN_ETAG.findall(if_match)}
        if record.version not in seen:
            raise PreconditionFailed(_stale_message(record))
        return
    since = parse_http_date_safe(headers.get("If-Unmodified-Since") or "")
    if since is not None and int(record.updated_at.timestamp()) > since:
        raise PreconditionFailed(_stale_message(record))


def _stale_message(record) -> str:
    return _(
        "Ce lieu a changé depuis votre lecture (il en est à la version %(version)d, du %(when)s) : relisez-le "
        "(GET, en-tête ETag), puis renvoyez votre modification avec If-Match."
    ) % {"version": record.version, "when": date_format(localtime(record.updated_at), "DATETIME_FORMAT")}


class VersionCheckedForm(forms.ModelForm):
    """A model form that carries the version it was drawn from and refuses to save over a newer one.

    The check reads the row under a lock: in the admin, which validates and saves in one transaction, nobody
    can write between the check and the save.
    """

    seen_version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk is not None:
            self.fields["seen_version"].initial = self.instance.version

    def clean(self):
        cleaned_data = super().clean()
        if self.instance.pk is None:
            return cleaned_data
        model = type(self.instance)
        if transaction.get_connection().in_atomic_block:
            current = locked(model, self.instance.pk)
        else:
            current = model._default_manager.get(pk=self.instance.pk)
        if cleaned_data.get("seen_version") != current.version:
            raise forms.ValidationError(_changed_meanwhile(current), code="stale")
        return cleaned_data


def _changed_meanwhile(current) -> str:
    last = current.history.select_related("history_user").first() if hasattr(current, "history") else None
    author = last.history_user if last is not None and last.history_user is not None else None
    when = date_format(localtime(current.updated_at), "DATETIME_FORMAT")
    if author is not None:
        said = _("%(who)s l'a modifié le %(when)s") % {"who": author.get_username(), "when": when}
    else:
        said = _("il a été modifié le %(when)s") % {"when": when}
    return _(
        "Pendant que vous le modifiiez, %(said)s. Vos changements ne sont pas enregistrés, pour ne pas défaire "
        "les siens : ouvrez la fiche à nouveau pour voir sa version actuelle, puis refaites vos changements."
    ) % {"said": said}
