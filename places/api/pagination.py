"""Pagination of the API's lists.

- Cursor pagination (the default for places): ordered by primary key, so a bulk pull never sees a place twice
  or misses one while places are added or removed between two pages. No total: counting 100,000 rows at each
  page would cost more than the page.
- Page numbers with a total (`count`) when a client asks for `page=`, and always for `near` searches, which
  are ordered by distance.

Both put the neighbouring pages in the body (`next`, `previous`) and in an RFC 8288 `Link` header, and
refuse a bad `page`, `page_size` or `cursor` with a 400 naming it.
"""

from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from django.db.models import Count, Window
from django.utils.translation import gettext_lazy as _
from rest_framework import pagination
from rest_framework.exceptions import NotFound, ValidationError

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


class CursorPagination(pagination.CursorPagination):
    ordering = ("pk",)
    page_size = DEFAULT_PAGE_SIZE
    page_size_query_param = "page_size"
    max_page_size = MAX_PAGE_SIZE

    def get_page_size(self, request):
        return checked_page_size(request, self.page_size, self.max_page_size)

    def decode_cursor(self, request):
        try:
            return super().decode_cursor(request)
        except NotFound:
            raise ValidationError(
                {"cursor": [_("Curseur invalide : reprenez le lien `next` d'une réponse.")]}
            ) from None

    def get_ordering(self, request, queryset, view):
        return self.ordering

    def get_paginated_response(self, data):
        response = super().get_paginated_response(data)
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


class WindowCountPaginator(Paginator):
    """The page and the total in one query (`COUNT(*) OVER ()`): a search scans its places once, not once for
    the count and again for the page. The total comes with the page's rows; past the last page, there are no
    rows to carry it and the page is refused as Django's paginator would."""

    def page(self, number):
        try:
            number = int(number)
        except (TypeError, ValueError):
            raise PageNotAnInteger(_("Un entier à partir de 1.")) from None
        if number < 1:
            raise EmptyPage(_("Un entier à partir de 1."))
        bottom = (number - 1) * self.per_page
        rows = list(
            self.object_list.annotate(total_count=Window(Count("pk")))[bottom : bottom + self.per_page]
        )
        if not rows and number > 1:
            raise EmptyPage(_("Cette page est au-delà de la dernière."))
        self.__dict__["count"] = rows[0].total_count if rows else 0  # Paginator.count is a cached_property
        return self._get_page(rows, number, self)


class PlacePageNumberPagination(PageNumberPagination):
    django_paginator_class = WindowCountPaginator


class PlacePagination(pagination.BasePagination):
    """Cursor pagination, or page numbers with `page=` or `near=` (see the module's docstring)."""

    def __init__(self):
        self.cursor = CursorPagination()
        self.numbered = PlacePageNumberPagination()
        self.active = self.cursor

    def paginate_queryset(self, queryset, request, view=None):
        params = request.query_params
        numbered = "page" in params or "near" in params
        if numbered and "cursor" in params:
            raise ValidationError({"cursor": [_("`cursor` ne va ni avec `page` ni avec `near`.")]})
        self.active = self.numbered if numbered else self.cursor
        return self.active.paginate_queryset(queryset, request, view)

    def get_paginated_response(self, data):
        return self.active.get_paginated_response(data)

    def get_paginated_response_schema(self, schema):
        return {
            "type": "object",
            "required": ["next", "previous", "results"],
            "properties": {
                "count": {
                    "type": "integer",
                    "description": "Nombre total de résultats (avec `page` ou `near` seulement).",
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
                "description": "Page suivante d'un parcours complet : reprenez le lien `next` (ordre stable).",
                "schema": {"type": "string"},
            },
            {
                "name": "page",
                "in": "query",
                "required": False,
                "description": "Numéro de page, avec le total `count` (toujours ainsi avec `near`).",
                "schema": {"type": "integer", "minimum": 1},
            },
            {
                "name": "page_size",
                "in": "query",
                "required": False,
                "description": f"Lieux par page (par défaut {DEFAULT_PAGE_SIZE}, au plus {MAX_PAGE_SIZE}).",
                "schema": {"type": "integer", "minimum": 1, "maximum": MAX_PAGE_SIZE},
            },
        ]
