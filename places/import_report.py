"""What an import did, for a person to read: counts, repairs by kind, the main reasons for rejections with an
example row each, the columns the file has that the standard does not; every line in `--report` (CSV or JSON).
"""

import csv
import json
import re
from collections import Counter
from dataclasses import asdict, dataclass, field
from pathlib import Path

from places.formats import headers
from places.formats.national import spreadsheet_safe

OUTCOME_LABELS = {
    "read": "lignes lues",
    "created": "créés",
    "updated": "mis à jour",
    "unchanged": "inchangés",
    "repaired": "réparés",
    "rejected": "rejetés",
    "duplicates": "doublons probables d'autres sources",
    "conflicts": "champs gardés tels que la structure les a modifiés",
}
TOP_REASONS = 5
# What a message says once the row's own values are left out: « 04 70 05 », 03100, (75118), web addresses and
# the names of communes (capitalised words: messages are written in lower case) become …
_VALUES = re.compile(
    r"«[^»]*»|\([^)]*\)|https?://\S+|[+-]?\b\d[\d.,:/ -]*\d\b|\b\d\b|\b[A-ZÀ-Ý][\w'’-]*(?:[ -][A-ZÀ-Ý0-9][\w'’-]*)*"
)


@dataclass
class ReportLine:
    number: int
    id: str
    outcome: str  # "rejeté" or "réparé"
    column: str
    message: str

    @property
    def kind(self) -> str:
        """The message without the row's values: lines of the same kind count together."""
        return (
            f"{self.column} : {_VALUES.sub('…', self.message)}"
            if self.column
            else _VALUES.sub("…", self.message)
        )


@dataclass
class ImportReport:
    counts: Counter = field(default_factory=Counter)
    lines: list[ReportLine] = field(default_factory=list)
    unknown_columns: Counter = field(default_factory=Counter)
    notes: list[str] = field(default_factory=list)  # about the file itself: an encoding other than UTF-8

    @property
    def total(self) -> int:
        return sum(self.counts[k] for k in ("created", "updated", "unchanged", "rejected"))

    def kinds(self, outcome: str) -> list[tuple[str, int, ReportLine]]:
        """(kind, how many lines, the first example) of one outcome, most frequent first."""
        counted: Counter = Counter()
        examples: dict[str, ReportLine] = {}
        for line in self.lines:
            if line.outcome == outcome:
                counted[line.kind] += 1
                examples.setdefault(line.kind, line)
        return [(kind, count, examples[kind]) for kind, count in counted.most_common()]

    def summary(self) -> str:
        text = ", ".join(f"{self.counts[key]} {label}" for key, label in OUTCOME_LABELS.items())
        for note in self.notes:
            text += f"\nFichier : {note}"
        for outcome, title in (
            ("rejeté", "Rejets"),
            ("réparé", "Réparations"),
            ("conflit", "Conflits (valeur de la structure gardée)"),
        ):
            kinds = self.kinds(outcome)
            if kinds:
                text += f"\n{title}, par motif :"
                for kind, count, example in kinds[:TOP_REASONS]:
                    text += f"\n  - {count} × {kind} (par exemple ligne {example.number}, id « {example.id} » : {example.message})"
                if len(kinds) > TOP_REASONS:
                    text += f"\n  - et {len(kinds) - TOP_REASONS} autres motifs (voir --report)"
        if self.unknown_columns:
            text += "\nColonnes inconnues ignorées : " + ", ".join(
                _unknown(name, count) for name, count in sorted(self.unknown_columns.items())
            )
        return text

    def write(self, path: Path) -> None:
        rows = [asdict(line) for line in self.lines]
        if path.suffix.lower() == ".json":
            payload = {
                "counts": dict(self.counts),
                "unknown_columns": dict(self.unknown_columns),
                "notes": self.notes,
                "lines": rows,
            }
            path.write_text(json.dumps(payload, ensure_ascii=False, indent=1), encoding="utf-8")
            return
        with open(path, "w", encoding="utf-8", newline="") as handle:
            writer = csv.DictWriter(handle, fieldnames=["number", "id", "outcome", "column", "message"])
            writer.writeheader()
            # Messages quote the file's values: a hostile one must not become a formula in the report either.
            writer.writerows(
                {key: spreadsheet_safe("" if value is None else str(value)) for key, value in row.items()}
                for row in rows
            )


def _unknown(name: str, count: int) -> str:
    close = headers.closest(name)
    return f"{name} ({count} lignes{f', peut-être « {close} » ?' if close else ''})"
