"""Pagination of the API's lists.

- Cursor pagination (the default for places): ordered by primary key, so a bulk pull never sees a place twice
  or misses one while places are added or removed between two pages.
- Page numbers with a total (`count`) when a client asks for `page=`, and always for searches with a centre
  (`near`, `ou`), which are ordered by distance.

Both put the neighbouring pages in the body (`next`, `previous`) and in an RFC 8288 `Link` header, and
refuse a bad `page`, `page_size` or `cursor` with a 400 naming it.
"""

import binascii
from base64 import b64decode, b64encode
from dataclasses import replace
from urllib.parse import parse_qs, urlencode

import numpy as np
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy
from django.utils.translation import gettext_lazy as _
from rest_framework import pagination
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response
from rest_framework.utils.urls import replace_query_param

DEFAULT_PAGE_SIZE = 100
MAX_PAGE_SIZE = 1000


def checked_page_size(request, default: int = DEFAULT_PAGE_SIZE, maximum: int = MAX_PAGE_SIZE) -> int:
    text = request.query_params.get("page_size")
    if text is None:
        return default
    if not text.isdigit() or not 1 <= int(text) <= maximum:
        raise ValidationError({"page_size": [_("Un entier de 1 à %(max)d.") % {"max": maximum}]})
    return int(text)


def link_header(next_url: str | None, previous_url: str | None) -> str:
    links = [f'<{url}>; rel="{rel}"' for rel, url in (("next", next_url), ("prev", previous_url)) if url]
    return ", ".join(links)


class CursorPagination(pagination.BasePagination):
    """Pages of a search's results in id order, each page saying where the next one starts (`next`, `previous`).

    Cursors are written as DRF's (`p=<last id>`, `r=1` backwards, in base64) so that links given out before
    still work; anything else in `cursor` is a 400.
    """

    cursor_query_param = "cursor"

    def paginate_queryset(self, results, request, view=None):
        """`results` in id order (PlacePagination.ordered): a cursor is the id the page follows."""
        self.request = request
        size = checked_page_size(request)
        position, backwards = self.decode(request.query_params.get(self.cursor_query_param))
        ids = results.ids()
        if backwards:
            end = int(np.searchsorted(ids, position, side="left"))
            start = max(0, end - size)
        else:
            start = 0 if position is None else int(np.searchsorted(ids, position, side="right"))
            end = start + size
        self.has_previous, self.has_next = start > 0, end < len(ids)
        self.page_ids = ids[start:end].tolist()
        return results[start:end]

    def decode(self, cursor: str | None) -> tuple[int | None, bool]:
        if cursor is None:
            return None, False
        try:
            tokens = parse_qs(
                b64decode(cursor.encode("ascii"), validate=True).decode("ascii"), strict_parsing=True
            )
            position = int(tokens["p"][0])
            backwards = tokens.get("r", ["0"])[0] == "1"
        except (ValueError, KeyError, UnicodeError, binascii.Error):
            raise ValidationError(
                {"cursor": [_("Curseur invalide : reprenez le lien `next` d'une réponse.")]}
            ) from None
        return position, backwards

    def link(self, position: int, backwards: bool) -> str:
        tokens = {"p": str(position), **({"r": "1"} if backwards else {})}
        cursor = b64encode(urlencode(tokens).encode("ascii")).decode("ascii")
        return replace_query_param(self.request.build_absolute_uri(), self.cursor_query_param, cursor)

    def get_next_link(self) -> str | None:
        return self.link(self.page_ids[-1], False) if self.has_next and self.page_ids else None

    def get_previous_link(self) -> str | None:
        return self.link(self.page_ids[0], True) if self.has_previous and self.page_ids else None

    def get_paginated_response(self, data):
        response = Response(
            {"next": self.get_next_link(), "previous": self.get_previous_link(), "results": data}
        )
        if link := link_header(self.get_next_link(), self.get_previous_link()):
            response["Link"] = link
        return response


class PageNumberPagination(pagination.PageNumberPagination):
    page_size = DEFAULT_PAGE_SIZE
    page_size_query_param = "page_size"
    max_page_size = MAX_PAGE_SIZE

    def get_page_size(self, request):
        return checked_page_size(request, self.page_size, self.max_page_size)

    def get_schema_operation_parameters(self, view):
        parameters = super().get_schema_operation_parameters(view)
        for parameter in parameters:
            parameter["schema"]["minimum"] = 1
            if parameter["name"] == self.page_size_query_param:
                parameter["schema"]["maximum"] = self.max_page_size
        return parameters

    def get_page_number(self, request, paginator):
        text = request.query_params.get(self.page_query_param, "1")
        if not text.isdigit() or int(text) < 1:
            raise ValidationError({"page": [_("Un entier à partir de 1.")]})
        return text

    def get_paginated_response(self, data):
        response = super().get_paginated_response(data)
        response["X-Total-Count"] = str(self.page.paginator.count)
        if link := link_header(self.get_next_link(), self.get_previous_link()):
            response["Link"] = link
        return response


class PlacePagination(pagination.BasePagination):
    """Cursor pagination, or page numbers with `page=` or a centre (see the module's docstring)."""

    def __init__(self):
        self.cursor = CursorPagination()
        self.numbered = PageNumberPagination()
        self.active = self.cursor

    def ordered(self, search, request):
        """The search in the order of the pages it will be read in: by id for the cursor; by distance (a
        centre) or by name with page numbers."""
        numbered = "page" in request.query_params or search.centre is not None
        if numbered and "cursor" in request.query_params:
            raise ValidationError(
                {"cursor": [_("`cursor` ne va ni avec `page` ni avec un centre (`near`, `ou`).")]}
            )
        self.active = self.numbered if numbered else self.cursor
        return search if numbered else replace(search, order="id")

    def paginate_queryset(self, results, request, view=None):
        return self.active.paginate_queryset(results, request, view)

    def get_paginated_response(self, data):
        return self.active.get_paginated_response(data)

    def get_paginated_response_schema(self, schema):
        return {
            "type": "object",
            "required": ["next", "previous", "results"],
            "properties": {
                "count": {
                    "type": "integer",
                    "description": gettext_lazy(
                        "Nombre total de résultats (avec `page` ou un centre seulement)."
                    ),
                    "example": 1234,
                },
                "next": {
                    "type": "string",
                    "nullable": True,
                    "format": "uri",
                    "example": "https://annuaire.example.fr/api/v1/places/?cursor=cD0xMDA%3D",
                },
                "previous": {"type": "string", "nullable": True, "format": "uri", "example": None},
                "results": schema,
            },
        }

    def get_schema_operation_parameters(self, view):
        return [
            {
                "name": "cursor",
                "in": "query",
                "required": False,
                "description": gettext_lazy(
                    "Page suivante d'un parcours complet : reprenez le lien `next` (ordre stable)."
                ),
                "schema": {"type": "string"},
            },
            {
                "name": "page",
                "in": "query",
                "required": False,
                "description": gettext_lazy(
                    "Numéro de page, avec le total `count` (toujours ainsi avec un centre : `near`, `ou`, `autour`)."
                ),
                "schema": {"type": "integer", "minimum": 1},
            },
            {
                "name": "page_size",
                "in": "query",
                "required": False,
                "description": format_lazy(
                    gettext_lazy("Lieux par page (par défaut {default}, au plus {most})."),
                    default=DEFAULT_PAGE_SIZE,
                    most=MAX_PAGE_SIZE,
                ),
                "schema": {"type": "integer", "minimum": 1, "maximum": MAX_PAGE_SIZE},
            },
        ]
