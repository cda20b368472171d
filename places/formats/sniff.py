"""What a file is before it is read as records: not a binary file (an image, a spreadsheet, an archive), and in
which text encoding, decided on the whole file, so that a bad byte far down never stops an import half-way.

A file that is not valid UTF-8 is read as Windows-1252 only when it looks like a Windows-1252 file throughout
(what spreadsheets save): a UTF-8 file with a few bytes that are not UTF-8 mixes two encodings, and reading it
as Windows-1252 would turn every accent of every other row into "Ã©". Such a file is refused, with the line of
its first bad byte.
"""

import codecs
from dataclasses import dataclass
from pathlib import Path

ACCEPTED = (
    "Formats acceptés : CSV (séparateur virgule, point-virgule ou tabulation ; encodage UTF-8, UTF-16 ou "
    "Windows-1252), JSON (un tableau d'objets, ou un objet contenant un seul tableau) et GeoJSON "
    "(FeatureCollection)."
)
SPREADSHEET_HINT = (
    " Enregistrez la feuille au format CSV depuis le tableur (« Enregistrer sous… », CSV UTF-8)."
)

# Signatures of what people give instead of a CSV or JSON file, and what to call them.
_MAGIC = [
    (b"\x89PNG\r\n\x1a\n", "une image PNG"),
    (b"\xff\xd8\xff", "une image JPEG"),
    (b"GIF87a", "une image GIF"),
    (b"GIF89a", "une image GIF"),
    (b"%PDF", "un document PDF"),
    (
        b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1",
        "un classeur Excel ancien (.xls) ou un autre document Microsoft Office",
    ),
    (b"\x1f\x8b", "une archive compressée gzip (.gz)"),
    (b"BZh", "une archive compressée bzip2"),
    (b"\xfd7zXZ\x00", "une archive compressée xz"),
    (b"7z\xbc\xaf\x27\x1c", "une archive 7-Zip"),
    (b"Rar!\x1a\x07", "une archive RAR"),
    (b"SQLite format 3\x00", "une base de données SQLite"),
    (b"\x7fELF", "un programme exécutable"),
]
_SPREADSHEETS = ("classeur",)
# Bytes that text never holds (tab, line breaks, form feed and escape aside).
_CONTROL = bytes([*range(0, 9), 11, *range(14, 27), *range(28, 32), 127])
_BOMS = [
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
]
ENCODING_LABELS = {
    "utf-8-sig": "UTF-8",
    "utf-16": "UTF-16",
    "utf-16-le": "UTF-16",
    "utf-16-be": "UTF-16",
    "utf-32": "UTF-32",
    "cp1252": "Windows-1252",
}


class NotText(Exception):
    """The file is not a text file we can read; the message says what it seems to be, in French."""


@dataclass
class Encoding:
    name: str  # a Python codec
    errors: str = "strict"
    cut_at_end: bool = False  # the file ends in the middle of a character: its last line was cut
    note: str = ""  # for the report: what was decided and why

    @property
    def nul_possible(self) -> bool:
        """Whether decoded text may hold NUL: in UTF-16 and UTF-32 every other byte is 0."""
        return self.name.startswith(("utf-16", "utf-32"))


def encoding_of_head(head: bytes) -> str:
    """The encoding a file's first bytes announce (a BOM, or UTF-16 without one), else UTF-8."""
    for bom, name in _BOMS:
        if head.startswith(bom):
            return name
    sample = head[:400]
    if len(sample) >= 4 and sample.count(0) * 3 >= len(sample):
        # UTF-16 without BOM: text in Latin letters has a 0 every other byte, on the side of its byte order.
        return "utf-16-le" if sample[1::2].count(0) > sample[0::2].count(0) else "utf-16-be"
    return "utf-8-sig"


def refuse_binary(head: bytes, encoding: str, text_head: str) -> None:
    """Raise NotText when the file is plainly not text: a known signature, or control bytes text never has."""
    kind = _what_binary(head, encoding, text_head)
    if kind:
        hint = SPREADSHEET_HINT if any(word in kind for word in _SPREADSHEETS) else ""
        raise NotText(
            f"ce fichier semble être {kind}, pas un fichier de lieux en CSV ou JSON. {ACCEPTED}{hint}"
        )


def _what_binary(head: bytes, encoding: str, text_head: str) -> str | None:
    if head.startswith((b"PK\x03\x04", b"PK\x05\x06")):
        if b"xl/" in head:
            return "un classeur Excel (.xlsx)"
        if b"opendocument.spreadsheet" in head:
            return "un classeur LibreOffice (.ods)"
        if b"word/" in head or b"opendocument.text" in head:
            return "un document de traitement de texte (.docx ou .odt)"
        return "une archive ZIP"
    for magic, kind in _MAGIC:
        if head.startswith(magic):
            return kind
    if text_head.lstrip().startswith("<"):
        return "un document HTML ou XML"
    if encoding.startswith("utf-8"):
        controls = len(head) - len(head.translate(None, _CONTROL))
        # A stray NUL in a name is a row's problem, reported with that row; hundreds are not text.
        if controls > max(8, len(head) // 100):
            return "un fichier binaire (il contient des octets de contrôle qu'un texte n'a pas)"
    return None


def analyse(path: Path, tried: str) -> Encoding:
    """The encoding of a file that failed to decode as `tried`, decided on all its bytes; raises NotText."""
    data = path.read_bytes()
    start = len(codecs.BOM_UTF8) if data.startswith(codecs.BOM_UTF8) else 0
    try:
        data[start:].decode(tried.removesuffix("-sig"))
    except UnicodeDecodeError as error:
        first = error
    else:  # decodes whole: the error came from reading it in pieces, not from the bytes
        return Encoding(tried)
    if first.end == len(data) - start and first.reason in ("unexpected end of data", "truncated data"):
        # Cut in the middle of a character, after which nothing is wrong: a file cut short.
        return Encoding(tried, errors="ignore", cut_at_end=True)
    if not tried.startswith("utf-8"):
        raise NotText(_bad_byte(data, start + first.start, ENCODING_LABELS.get(tried, tried)))
    text = data[start:].decode("utf-8", errors="replace")
    invalid = text.count("\ufffd")
    accented = len(text) - len(text.encode("ascii", errors="ignore")) - invalid
    if accented > invalid:
        raise NotText(
            _bad_byte(data, start + first.start, "UTF-8")
            + " Le reste du fichier est en UTF-8 : il mélange deux encodages. Réenregistrez-le en UTF-8, ou "
            "corrigez cette ligne."
        )
    try:
        data.decode("cp1252")
    except UnicodeDecodeError as error:
        raise NotText(
            _bad_byte(data, error.start, "Windows-1252") + " Le fichier n'est ni en UTF-8 ni en Windows-1252."
        ) from None
    return Encoding("cp1252", note="fichier lu en Windows-1252 (il n'est pas en UTF-8)")


def _bad_byte(data: bytes, offset: int, encoding: str) -> str:
    line = data.count(b"\n", 0, offset) + 1
    return f"octet 0x{data[offset]:02X} invalide en {encoding} à la ligne {line} du fichier : rien n'a été importé."
