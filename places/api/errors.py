"""How the API answers what it cannot read: always JSON, never a 500 or Django's HTML error page.

- A body larger than DATA_UPLOAD_MAX_MEMORY_SIZE: 413, saying the limit (Django would answer an HTML 400).
- JSON nested deeper than Python's parser can follow (`[[[[…`): 400, like any unreadable JSON (Python's json
  raises RecursionError, which would be a 500).
- A write that waited longer than SQLITE_LOCK_TIMEOUT for SQLite's one writer (a long import running): 503 with
  Retry-After, so that the client tries again, rather than a 500.
"""

from django.conf import settings
from django.core.exceptions import RequestDataTooBig
from django.db import OperationalError
from django.utils.translation import gettext as _
from rest_framework import parsers, status
from rest_framework.exceptions import APIException, ParseError
from rest_framework.views import exception_handler as drf_exception_handler


class PayloadTooLarge(APIException):
    status_code = status.HTTP_413_REQUEST_ENTITY_TOO_LARGE
    default_code = "payload_too_large"


class Busy(APIException):
    status_code = status.HTTP_503_SERVICE_UNAVAILABLE
    default_code = "busy"


def exception_handler(exc, context):
    if isinstance(exc, OperationalError) and "database is locked" in str(exc):
        exc = Busy(_("L'annuaire enregistre une autre modification : réessayez dans quelques secondes."))
        response = drf_exception_handler(exc, context)
        response["Retry-After"] = "5"
        return response
    if isinstance(exc, RequestDataTooBig):
        exc = PayloadTooLarge(
            _("Corps de requête trop gros : %(limit)d octets au plus.")
            % {"limit": settings.DATA_UPLOAD_MAX_MEMORY_SIZE}
        )
    return drf_exception_handler(exc, context)


class JSONParser(parsers.JSONParser):
    def parse(self, stream, media_type=None, parser_context=None):
        try:
            return super().parse(stream, media_type, parser_context)
        except RecursionError:
            raise ParseError(_("JSON illisible : imbrication trop profonde.")) from None
