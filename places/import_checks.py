"""Field checks of the importer: each returns the value to store, and what was repaired or dropped.

A check never rejects a row by itself: it repairs what it safely can (phone to +33 form, padded postcode,
missing https://) and drops what it cannot, saying so. The importer decides which failures reject a row.
"""

import re
from datetime import date

from django.core.exceptions import ValidationError
from django.core.validators import EmailValidator, URLValidator

from places import geo, hours, hours_text
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
_LOCAL_LENGTHS = {"+687": 6, "+681": 6, "+508": 6, "+689": 8}
_COUNTRY_CODES = sorted(set(_CALLING_CODES.values()) | {"+33"})
_PHONE = re.compile(PHONE_PATTERN)
_EPOCH_PLACEHOLDERS = {date(1970, 1, 1), date(1969, 12, 31)}
# The last digits of an address, when they are a postcode followed by words only (" - 33000 Bordeaux").
_ADDRESS_TAIL = re.compile(r"[\s,;-]*\b(\d{5})\b[\s,]*[^\d,;]*$")
_validate_email = EmailValidator()
_validate_url = URLValidator(schemes=["http", "https"])


def calling_code(postcode: str) -> str:
    return _CALLING_CODES.get(postcode[:3], "+33")


def check_phone(raw: str, postcode: str) -> tuple[str, str | None]:
    """(phone in the standard's format or "", note). The standard holds one number: of several ("05 57 87 02 57
    / 05 56 08 98 55"), the first is kept."""
    if not raw:
        return "", None
    numbers = [part for part in re.split(r"\s*(?:/|;|\bou\b|\bet\b)\s*", raw) if re.search(r"\d{2}", part)]
    if len(numbers) > 1:
        phone, note = check_phone(numbers[0], postcode)
        if phone:
            return phone, f"téléphone « {raw} » : plusieurs numéros, le premier gardé ({phone})"
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
    elif not digits.startswith("0") and len(digits) == _LOCAL_LENGTHS.get(code, 9):
        # Written without its trunk 0 ("5 56 08 98 55"); "054088085" is a number with a digit missing.
        phone = code + digits
    if _PHONE.match(phone) and _complete(phone):
        return phone, (None if phone == raw else f"téléphone « {raw} » réécrit en {phone}")
    return "", f"téléphone « {raw} » illisible : ignoré"


def _complete(phone: str) -> bool:
    """A whole number: 9 digits after the country code (6 in New Caledonia and Wallis-et-Futuna, 8 in French
    Polynesia). The schema's pattern allows 6 to 9 everywhere; ANCT's library, rightly, refuses a number of
    Paris with a digit missing."""
    code = next(
        prefix for prefix in sorted(_COUNTRY_CODES, key=len, reverse=True) if phone.startswith(prefix)
    )
    return len(phone) - len(code) == _LOCAL_LENGTHS.get(code, 9)


def check_postcode(raw: str, address: str = "") -> tuple[str, str | None]:
    """(postcode or "", note). A missing one is read in the address when it ends with it ("8 rue de la
    Boétie - 33000 Bordeaux"), as spreadsheets often write it."""
    text = raw.strip().replace(" ", "")
    if not text:
        found = re.search(r"\b(\d{5})\s+[A-Za-zÀ-ÿ'’ -]+$", address.strip())
        return (found[1], f"code postal manquant : {found[1]} lu dans l'adresse") if found else ("", None)
    if text.endswith(".0"):
        text = text[:-2]
    if re.fullmatch(r"\d{4}", text):
        return "0" + text, f"code postal « {raw} » complété en 0{text}"
    if re.fullmatch(r"\d{5}", text):
        return text, None
    return "", f"code postal « {raw} » invalide"


def check_address(address: str, postcode: str, commune_name: str) -> tuple[str, str | None]:
    """The address without the postcode and commune a spreadsheet wrote at its end ("8 rue de la Boétie -
    33000 Bordeaux"): the standard keeps them in their own columns."""
    if not postcode:
        return address, None
    tail = _ADDRESS_TAIL.search(address)
    if not tail or tail[1] != postcode or tail.start() == 0:
        return address, None
    kept = address[: tail.start()].strip(" ,;-")
    return kept, f"adresse « {address} » : code postal et commune retirés ({kept})"


def check_pivot(raw: str) -> tuple[str, str | None]:
    text = re.sub(r"[\s.]", "", raw)
    # "12345678900012/APE:9499Z": the SIRET followed by an activity code.
    match = re.match(r"^(\d{14})\D", text)
    if match:
        text = match.group(1)
    if not text or set(text) == {"0"} or text == NO_PIVOT:
        return "", None  # the national placeholder for "no SIRET"
    # A SIRET (14 digits) or an RNA number (W and 9 characters): what ANCT's library accepts. The schema's
    # pattern also lets a SIREN (9 digits) or a RIDET through, which the national pipeline refuses.
    if re.fullmatch(r"\d{14}|[Ww][a-zA-Z0-9]{9}", text):
        return text.upper(), (None if text == raw else f"pivot « {raw} » réécrit en {text.upper()}")
    if re.fullmatch(r"\d{9}", text):
        return "", f"pivot « {raw} » est un SIREN (l'entreprise), pas le SIRET du lieu : ignoré"
    return "", f"pivot « {raw} » n'est ni un SIRET ni un numéro RNA : ignoré"


def check_date(raw: str, today: date) -> tuple[date | None, str | None]:
    text = raw.strip()
    if not text:
        return None, "date_maj absente : date inconnue"
    found = None
    if m := re.match(r"^(\d{4})[-/.](\d{2})[-/.](\d{2})", text):  # 2024-03-01, 2020/06/30 14:16:50
        found = (int(m[1]), int(m[2]), int(m[3]))
    elif m := re.match(r"^(\d{2})[/.-](\d{2})[/.-](\d{4})\b", text):  # 15/03/2023
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
    if geo.is_lambert93(longitude, latitude) or geo.is_lambert93(latitude, longitude):
        # Metres of the French official projection (Lambert-93), as GIS tools export them: x east, y north.
        x, y = (longitude, latitude) if geo.is_lambert93(longitude, latitude) else (latitude, longitude)
        latitude, longitude = geo.from_lambert93(x, y)
        note = f"coordonnées « {lat}, {lon} » en Lambert-93 (mètres) : converties en {latitude:.5f}, {longitude:.5f}"
        return round(latitude, 7), round(longitude, 7), note
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


def check_opening_hours(raw: str) -> tuple[str, str, str | None]:
    """(OSM opening_hours, what the place page shows beside them, note): hours in words read
    (places.hours_text), what could not be read kept as it was written, never dropped."""
    text = raw.strip()
    if not text or hours.is_valid(text):
        return text, "", None
    reading = hours_text.read_hours(text)
    kept = hours_text_note(reading)
    if reading.opening_hours and not reading.unread:
        return reading.opening_hours, kept, f"horaires « {text[:80]} » lus : {reading.opening_hours}"
    if reading.opening_hours:
        return (
            reading.opening_hours,
            kept,
            f"horaires « {text[:80]} » lus en partie : {reading.opening_hours} ; le reste gardé en précisions",
        )
    return "", kept, f"horaires « {text[:80]} » illisibles : gardés en précisions sur les horaires"


def hours_text_note(reading) -> str:
    """What the place page shows beside the hours: "Sur rendez-vous.", then what could not be read."""
    parts = ["Sur rendez-vous."] if reading.by_appointment else []
    if reading.unread:
        parts.append(reading.unread)
    return " ".join(parts)


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
