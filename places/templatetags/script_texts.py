"""The words the site's scripts show, translated like the pages' (one catalogue for translators).

`{% script_texts %}` (in base.html) writes them as a JSON data block; static/places/*.js read it through their
`text(key, fallback)` helper, the French fallback serving pages without it (the admin's forms).
"""

from django import template
from django.utils.html import json_script
from django.utils.translation import gettext_lazy as _

register = template.Library()

TEXTS = {
    # search.js
    "around_me_error": _(
        "Nous n'avons pas pu obtenir votre position. Indiquez votre commune ou votre code postal."
    ),
    # results-map.js
    "zoom_in": _("Zoomer"),
    "zoom_out": _("Dézoomer"),
    "search_here": _("Rechercher dans cette zone"),
    "places": _("%s lieux"),
    "zoom_here": _("%s : zoomer ici"),
    # hours-editor.js
    "add_range": _("Ajouter une plage"),
}


@register.simple_tag
def script_texts():
    return json_script({key: str(value) for key, value in TEXTS.items()}, "script-texts")
