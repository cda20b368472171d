"""Field checks of the importer: each returns the value to store, and what was repaired or dropped.

A check never rejects a row by itself: it repairs what it safely can (phone to +33 form, padded postcode,
missing https://) and drops what it cannot, saying so. The importer decides which failures reject a row.
"""

import re
from datetime import date

from django.core.exceptions import ValidationError
from django.core.validators import EmailValidator, URLValidator

from places import hours
from places.models.places import PHONE_PATTERN
from places.standard import NO_PIVOT

# Calling codes by département / collectivité (postcode prefix), for numbers written nationally (0…).
_CALLING_CODES = {
    "971": "+590",
    "977": "+590",
    "978": "+590",
    "972": "+596",
    "973": "+594",
    "974": "+262",
    "976": "+262",
    "975": "+508",
    "986": "+681",
    "987": "+689",
    "988": "+687",
}
# Local numbers without trunk prefix in the Pacific: 6 digits in New Caledonia and Wallis-et-Futuna,
# 8 in French Polynesia.
_LOCAL_LENGTHS = {"+687": 6, "+681": 6, "+689": 8}
_COUNTRY_CODES = sorted(set(_CALLING_CODES.values()) | {"+33"})
_PHONE = re.compile(PHONE_PATTERN)
_EPOCH_PLACEHOLDERS = {date(1970, 1, 1), date(1969, 12, 31)}
_validate_email = EmailValidator()
_validate_url = URLValidator(schemes=["http", "https"])


def calling_code(postcode: str) -> str:
    return _CALLING_CODES.get(postcode[:3], "+33")


def check_phone(raw: str, postcode: str) -> tuple[str, str | None]:
    """(phone in the standard's format or "", note)."""
    if not raw:
        return "", None
    digits = re.sub(r"[^\d+]", "", raw)
    if digits.startswith("00"):
        digits = "+" + digits[2:]
    code = calling_code(postcode)
    phone = digits
    if digits.startswith("+"):
        # "+33 (0)6…" and "+330612…": the trunk 0 after the country code is not dialled.
        for prefix in _COUNTRY_CODES:
            if digits.startswith(prefix + "0"):
                phone = prefix + digits[len(prefix) + 1 :]
                break
    elif digits.startswith("0") and len(digits) == 10:
        phone = code + digits[1:]
    elif code in _LOCAL_LENGTHS and len(digits) == _LOCAL_LENGTHS[code] or len(digits) == 9:
        phone = code + digits
    if _PHONE.match(phone):
        return phone, (None if phone == raw else f"téléphone « {raw} » réécrit en {phone}")
    return "", f"téléphone « {raw} » illisible : ignoré"


def check_postcode(raw: str) -> tuple[str, str | None]:
    text = raw.strip().replace(" ", "")
    if text.endswith(".0"):
        text = text[:-2]
    if re.fullmatch(r"\d{4}", text):
        return "0" + text, f"code postal « {raw} » complété en 0{text}"
    if re.fullmatch(r"\d{5}", text):
        return text, None
    return "", f"code postal « {raw} » invalide"


def check_pivot(raw: str) -> tuple[str, str | None]:
    text = re.sub(r"[\s.]", "", raw)
    # "12345678900012/APE:9499Z": the SIRET followed by an activity code.
    match = re.match(r"^(\d{14})\D", text)
    if match:
        text = match.group(1)
    if not text or set(text) == {"0"} or text == NO_PIVOT:
        return "", None  # the national placeholder for "no SIRET"
    if re.fullmatch(r"[a-zA-Z0-9]{9,14}", text):
        return text, (None if text == raw else f"pivot « {raw} » réécrit en {text}")
    return "", f"pivot « {raw} » n'est ni un SIRET, ni un RNA, ni un RIDET : ignoré"


def check_date(raw: str, today: date) -> tuple[date | None, str | None]:
    text = raw.strip()
    if not text:
        return None, "date_maj absente : date inconnue"
    found = None
    if m := re.match(r"^(\d{4})-(\d{2})-(\d{2})", text):
        found = (int(m[1]), int(m[2]), int(m[3]))
    elif m := re.match(r"^(\d{2})/(\d{2})/(\d{4})$", text):
        found = (int(m[3]), int(m[2]), int(m[1]))
    try:
        value = date(*found) if found else None
    except ValueError:
        value = None
    if value is None:
        return None, f"date_maj « {raw} » illisible : date inconnue"
    if value in _EPOCH_PLACEHOLDERS:
        return None, f"date_maj {text[:10]} est une valeur par défaut (1970) : date inconnue"
    if value > today:
        return None, f"date_maj {value} est dans le futur : date inconnue"
    return value, None


def check_coordinates(lat, lon) -> tuple[float | None, float | None, str | None]:
    if lat in (None, "") and lon in (None, ""):
        return None, None, None
    try:
        latitude = float(str(lat).replace(",", "."))
        longitude = float(str(lon).replace(",", "."))
    except ValueError:
        return None, None, f"coordonnées « {lat}, {lon} » illisibles : ignorées"
    if not (-90 <= latitude <= 90 and -180 <= longitude <= 180) or (latitude == 0 and longitude == 0):
        return None, None, f"coordonnées « {lat}, {lon} » hors limites : ignorées"
    return round(latitude, 7), round(longitude, 7), None


def check_emails(values: list[str]) -> tuple[list[str], list[str]]:
    kept, notes = [], []
    for value in values:
        for email in re.split(r"[\s,]+", value):
            if not email:
                continue
            try:
                _validate_email(email)
            except ValidationError:
                notes.append(f"courriel « {email} » invalide : ignoré")
                continue
            if email not in kept:
                kept.append(email)
    return kept, notes


def check_url(raw: str) -> tuple[str, str | None]:
    text = raw.strip()
    if not text:
        return "", None
    if not re.match(r"^https?://", text, re.IGNORECASE):
        text = "https://" + text.removeprefix("//")
    try:
        _validate_url(text)
    except ValidationError:
        return "", f"adresse web « {raw} » invalide : ignorée"
    if len(text) > 500:
        return "", f"adresse web de plus de 500 caractères : ignorée ({text[:60]}…)"
    return text, (None if text == raw.strip() else f"adresse web « {raw} » complétée en {text}")


def check_urls(values: list[str]) -> tuple[list[str], list[str]]:
    kept, notes = [], []
    for value in values:
        for part in value.split():
            url, note = check_url(part)
            if note:
                notes.append(note)
            if url and url not in kept:
                kept.append(url)
    return kept, notes


def check_opening_hours(raw: str) -> tuple[str, str | None]:
    text = raw.strip()
    if not text or hours.is_valid(text):
        return text, None
    return "", f"horaires « {text[:80]} » illisibles (format OpenStreetMap attendu) : ignorés"


def check_summary(summary: str, description: str) -> tuple[str, str, str | None]:
    """The standard caps presentation_resume at 280 characters (v0 allowed 500)."""
    if len(summary) <= 280:
        return summary, description, None
    cut = summary[:279].rsplit(" ", 1)[0] + "…"
    if not description:
        description = summary
    return (
        cut,
        description,
        "presentation_resume de plus de 280 caractères : raccourci (texte complet en presentation_detail)",
    )
