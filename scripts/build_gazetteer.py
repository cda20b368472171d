"""Build the offline communes gazetteer committed in places/data/gazetteer/.

    .venv/bin/python scripts/build_gazetteer.py [--shared PATH] [--out DIR]

Inputs live in ../shared (not needed at run time: `manage.py load_gazetteer` only reads the output):
- data/gazetteer/decoupage-administratif-6.0.0/*.json (COG 2025): codes, names, kinds, parents, départements,
  régions, EPCI, populations, postcodes;
- data/gazetteer/*_rcarlier-datas.fun.csv (COG 2024): coordinates of communes, départements and régions;
- data/gazetteer/insee_grille_densite_7_niveaux_2024.DERIVED.csv: INSEE density level (1–7);
- data/real/nouvelle-caledonie_20240320_standard.json: real places, the only coordinates we have overseas.

Every commune gets coordinates; `coordinates_source` (the values of Commune.CoordinatesSource) says how they
were obtained, see docs/data.md "Gazetteer". The output is deterministic: same inputs, same bytes.
Django is not needed (no settings): the script only reads and writes files.
"""

import argparse
import csv
import gzip
import io
import json
import statistics
import sys
from collections import Counter, defaultdict
from pathlib import Path

PROJECT_DIR = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(PROJECT_DIR))

from places.geo import haversine_km  # noqa: E402
from places.text import commune_key  # noqa: E402

DEFAULT_OUT = PROJECT_DIR / "places" / "data" / "gazetteer"

# The values of places.models.Commune.Kind and Commune.CoordinatesSource (the loader checks them).
KINDS = {
    "commune-actuelle": "commune",
    "arrondissement-municipal": "arrondissement",
    "commune-deleguee": "deleguee",
    "commune-associee": "associee",
}
COMMUNE, CHEF_LIEU, ARRONDISSEMENTS, PARENT, PLACES, TERRITORY = (
    "commune",
    "chef-lieu",
    "arrondissements",
    "parent",
    "places",
    "territory",
)

# Overseas collectivities are in none of the coordinate files. Approximate centres (4 decimals at most, from
# general maps), keyed by collectivity code, or by commune code where a collectivity's communes are islands or
# districts far apart (a single centre would fall in the sea). Used for communes without real places.
TERRITORY_CENTRES = {
    "975": (46.7811, -56.1764),  # Saint-Pierre-et-Miquelon: the town of Saint-Pierre, seat and most people
    "97501": (47.0975, -56.3814),  # Miquelon-Langlade: the village of Miquelon
    "97502": (46.7811, -56.1764),  # Saint-Pierre
    "977": (17.8962, -62.8498),  # Saint-Barthélemy: Gustavia
    "978": (18.0677, -63.0825),  # Saint-Martin: Marigot
    "984": (-49.3500, 70.2200),  # TAAF: Port-aux-Français (Kerguelen), the main base
    "98411": (-37.8300, 77.5200),  # Île Amsterdam (Martin-de-Viviès)
    "98412": (-49.3500, 70.2200),  # Kerguelen: Port-aux-Français
    "98413": (-46.4300, 51.8600),  # Crozet: Alfred-Faure base, île de la Possession
    "98414": (-66.6600, 140.0000),  # Terre-Adélie: Dumont-d'Urville station
    "98415": (-17.0500, 42.7200),  # Îles Éparses: Juan de Nova, mid-way in the Mozambique Channel
    "986": (-13.2825, -176.1736),  # Wallis-et-Futuna: Mata-Utu (Wallis), seat and most people
    "98611": (-14.2900, -178.1000),  # Alo (east of Futuna)
    "98612": (-14.2900, -178.1600),  # Sigave (west of Futuna)
    "98613": (-13.2825, -176.1736),  # Uvea (Wallis): Mata-Utu
    "987": (-17.5350, -149.5700),  # Polynésie française: Papeete (Tahiti), where most people live
    "988": (-21.3500, 165.4500),  # Nouvelle-Calédonie: middle of Grande Terre
    "989": (10.3000, -109.2200),  # Clipperton
}

# Two communes' centres are kilometres apart; a commune whose places all sit on a bigger commune's centre was
# geocoded to that town by whoever made the file (Poum's only place is in Nouméa), so its places are ignored.
MISGEOCODED_KM = 3.0

COMMUNE_COLUMNS = [
    "code",
    "name",
    "kind",
    "parent",
    "departement",
    "region",
    "epci",
    "population",
    "latitude",
    "longitude",
    "coordinates_source",
    "density_level",
    "postcodes",
]


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument(
        "--shared", type=Path, default=PROJECT_DIR.parent / "shared", help="the shared folder"
    )
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help="where to write the files")
    args = parser.parse_args(argv)
    summary = build(args.shared, args.out)
    print(summary)
    return 0


def build(shared: Path, out: Path) -> str:
    """Write the gazetteer files into `out` and return a short human-readable summary."""
    source = shared / "data" / "gazetteer"
    decoupage = source / "decoupage-administratif-6.0.0"
    entries = _read_json(decoupage / "communes.json")
    departements = _read_json(decoupage / "departements.json")
    regions = _read_json(decoupage / "regions.json")
    epcis = _read_json(decoupage / "epci.json")
    current_codes = {e["code"] for e in entries if e["type"] == "commune-actuelle"}
    # A commune nouvelle often keeps its chef-lieu's code, which is then also the code of a delegated commune.
    # The code is the primary key, so that delegated commune cannot have a row of its own.
    rows = [e for e in entries if e["type"] == "commune-actuelle" or e["code"] not in current_codes]
    skipped_same_code = len(entries) - len(rows)

    coordinates_2024 = _read_rcarlier_communes(source / "communes_rcarlier-datas.fun.csv")
    density = {
        r["CODGEO"]: int(r["DENS"])
        for r in _read_csv(source / "insee_grille_densite_7_niveaux_2024.DERIVED.csv")
    }
    places = _read_places(shared / "data" / "real" / "nouvelle-caledonie_20240320_standard.json")

    communes = {e["code"]: _commune_row(e) for e in rows}
    epci_of = {member["code"]: epci["code"] for epci in epcis for member in epci["membres"]}
    for row in communes.values():
        # Arrondissements and delegated communes lie inside their parent, hence inside its EPCI.
        row["epci"] = epci_of.get(row["parent"] or row["code"], "")

    departement_centres = {
        r["insee_dep"]: (float(r["lat"]), float(r["lng"]))
        for r in _read_csv(source / "departements_rcarlier-datas.fun.csv")
    }
    region_centres = {
        r["insee_reg"]: (float(r["lat"]), float(r["lng"]))
        for r in _read_csv(source / "regions_rcarlier-datas.fun.csv")
    }
    for code, centre in TERRITORY_CENTRES.items():
        if len(code) == 3:  # a collectivity: it is both a département and a région in the COG
            departement_centres.setdefault(code, centre)
            region_centres.setdefault(code, centre)

    notes = _locate(communes, entries, coordinates_2024, places, departement_centres)
    _set_density(communes, density, notes["chef_lieu_of"])

    current = [row for row in communes.values() if row["kind"] == "commune"]
    departement_population = Counter()
    region_population = Counter()
    for row in current:
        departement_population[row["departement"]] += row["population"] or 0
        region_population[row["region"]] += row["population"] or 0

    out.mkdir(parents=True, exist_ok=True)
    _write_csv(
        out / "regions.csv",
        ["code", "name", "latitude", "longitude", "population"],
        [
            [r["code"], r["nom"], *_point(region_centres.get(r["code"])), region_population[r["code"]]]
            for r in regions
        ],
    )
    _write_csv(
        out / "departements.csv",
        ["code", "name", "region", "latitude", "longitude", "population"],
        [
            [
                d["code"],
                d["nom"],
                d["region"],
                *_point(departement_centres.get(d["code"])),
                departement_population[d["code"]],
            ]
            for d in departements
        ],
    )
    _write_csv(out / "epci.csv", ["code", "name", "kind"], [[e["code"], e["nom"], e["type"]] for e in epcis])
    _write_csv(
        out / "communes.csv.gz",
        COMMUNE_COLUMNS,
        [[_cell(communes[code][column]) for column in COMMUNE_COLUMNS] for code in sorted(communes)],
    )
    return _summary(communes, skipped_same_code, notes, out)


def _commune_row(entry: dict) -> dict:
    kind = KINDS[entry["type"]]
    parent = entry.get("commune") if kind == "arrondissement" else entry.get("chefLieu")
    return {
        "code": entry["code"],
        "name": entry["nom"],
        "kind": kind,
        "parent": parent or "",
        "departement": entry["departement"],
        "region": entry["region"],
        "zone": entry["zone"],
        "population": entry.get("population"),
        "latitude": None,
        "longitude": None,
        "coordinates_source": "",
        "density_level": None,
        "postcodes": " ".join(sorted(entry.get("codesPostaux", []))),
    }


def _locate(communes, entries, coordinates_2024, places, departement_centres) -> dict:
    """Give every row coordinates and a coordinates_source; return what the summary reports."""
    children = defaultdict(list)
    for row in communes.values():
        if row["parent"]:
            children[row["parent"]].append(row["code"])
    former_codes = defaultdict(set)  # current code -> codes it was made of (delegated communes, anciensCodes)
    for entry in entries:
        if entry["type"] == "commune-actuelle":
            former_codes[entry["code"]].update(entry.get("anciensCodes", []))
        elif entry["type"] in ("commune-deleguee", "commune-associee"):
            former_codes[entry["chefLieu"]].add(entry["code"])
    place_centres = _place_centres(communes, places)
    chef_lieu_of = {}
    postcode_neighbours = {}

    def place(row, point, source):
        row["latitude"], row["longitude"] = point
        row["coordinates_source"] = source

    # 1. Own coordinates (the 2024 commune, or arrondissement, with the same code).
    for row in communes.values():
        key = ("ARM" if row["kind"] == "arrondissement" else "COM", row["code"])
        if key in coordinates_2024:
            place(row, coordinates_2024[key][:2], COMMUNE)

    current_missing = [r for r in communes.values() if r["kind"] == "commune" and r["latitude"] is None]
    for row in current_missing:
        code = row["code"]
        arrondissements = [communes[c] for c in children[code] if communes[c]["kind"] == "arrondissement"]
        if arrondissements:  # Paris, Lyon, Marseille: only their arrondissements have coordinates
            place(row, _mean([(a["latitude"], a["longitude"]) for a in arrondissements]), ARRONDISSEMENTS)
            continue
        if row["zone"] == "com":
            if code in place_centres:
                place(row, place_centres[code], PLACES)
            else:
                place(row, TERRITORY_CENTRES.get(code) or TERRITORY_CENTRES[row["departement"]], TERRITORY)
            continue
        # 2. A commune whose code changed on 2025-01-01 (Conques-en-Rouergue 12218 was 12076): the one former
        # commune that the 2024 file knows is its 2024 self, i.e. its chef-lieu. With several, the one that
        # already bore today's name.
        former = sorted(c for c in former_codes[code] if ("COM", c) in coordinates_2024)
        named = [
            c for c in former if commune_key(coordinates_2024[("COM", c)][2]) == commune_key(row["name"])
        ]
        chosen = named[:1] or (former if len(former) == 1 else [])
        if chosen:
            place(row, coordinates_2024[("COM", chosen[0])][:2], CHEF_LIEU)
            chef_lieu_of[code] = chosen[0]
            continue
        if former:  # several former communes, none the chef-lieu: the middle of them
            place(row, _mean([coordinates_2024[("COM", c)][:2] for c in former]), TERRITORY)
            continue
        # 3. Re-created or uncharted communes (L'Oie, Celles…): the middle of the communes that share its
        # postcodes, which are its neighbours, else the département centre.
        neighbours = sorted(
            {
                other["code"]
                for other in communes.values()
                if other["kind"] == "commune"
                and other["coordinates_source"] == COMMUNE
                and set(other["postcodes"].split()) & set(row["postcodes"].split())
            }
        )
        if neighbours:
            place(
                row,
                _mean([(communes[c]["latitude"], communes[c]["longitude"]) for c in neighbours]),
                TERRITORY,
            )
            postcode_neighbours[code] = neighbours
        elif row["departement"] in departement_centres:
            place(row, departement_centres[row["departement"]], TERRITORY)

    # 4. Delegated and associated communes that were not communes in 2024: their parent's centre.
    for row in communes.values():
        if row["latitude"] is None and row["parent"] and communes[row["parent"]]["latitude"] is not None:
            parent = communes[row["parent"]]
            place(row, (parent["latitude"], parent["longitude"]), PARENT)
    return {"chef_lieu_of": chef_lieu_of, "postcode_neighbours": postcode_neighbours}


def _place_centres(communes, places) -> dict:
    """Median point of the real places of each overseas commune, matched by postcode and name.

    Not by their INSEE code: the New Caledonia file gives 63236 (Mont-Dore, Puy-de-Dôme) to places of
    Le Mont-Dore (98817). The median, not the mean, so one place geocoded elsewhere does not move the centre.
    """
    departements_of_postcode = defaultdict(set)
    for row in communes.values():
        for postcode in row["postcodes"].split():
            departements_of_postcode[postcode].add(row["departement"])
    by_name = defaultdict(list)
    for row in communes.values():
        if row["kind"] == "commune" and row["zone"] == "com":
            by_name[(row["departement"], commune_key(row["name"]))].append(row["code"])
    points = defaultdict(list)
    for postcode, name, latitude, longitude in places:
        for departement in sorted(departements_of_postcode.get(postcode, ())):
            codes = by_name.get((departement, commune_key(name)), [])
            if len(codes) == 1:
                points[codes[0]].append((latitude, longitude))
    centres = {
        code: (statistics.median(p[0] for p in pts), statistics.median(p[1] for p in pts))
        for code, pts in points.items()
    }
    misgeocoded = {
        code
        for code, centre in centres.items()
        for other, other_centre in centres.items()
        if other != code
        and len(points[other]) > len(points[code])
        and haversine_km(*centre, *other_centre) < MISGEOCODED_KM
    }
    return {code: centre for code, centre in centres.items() if code not in misgeocoded}


def _set_density(communes, density, chef_lieu_of) -> None:
    """INSEE's 2024 level; a renumbered commune takes its 2024 code's, arrondissements their city's."""
    for row in communes.values():
        if row["kind"] == "commune":
            row["density_level"] = density.get(row["code"]) or density.get(chef_lieu_of.get(row["code"], ""))
    for row in communes.values():
        if row["kind"] != "commune":
            own = density.get(row["code"]) if row["kind"] != "arrondissement" else None
            row["density_level"] = own or communes[row["parent"]]["density_level"]


def _summary(communes, skipped_same_code, notes, out) -> str:
    current = [r for r in communes.values() if r["kind"] == "commune"]
    lines = [
        f"Wrote {out}: {len(communes)} communes ({Counter(r['kind'] for r in communes.values())}).",
        f"Delegated communes sharing their commune's code, without a row of their own: {skipped_same_code}.",
        f"Current communes: {len(current)}; coordinates_source: "
        + ", ".join(
            f"{k or 'none'} {v}" for k, v in sorted(Counter(r["coordinates_source"] for r in current).items())
        ),
        "All rows, coordinates_source: "
        + ", ".join(
            f"{k or 'none'} {v}"
            for k, v in sorted(Counter(r["coordinates_source"] for r in communes.values()).items())
        ),
        f"Current communes without coordinates: {sum(r['latitude'] is None for r in current)}; "
        f"without density level: {sum(r['density_level'] is None for r in current)}.",
    ]
    for code, former in sorted(notes["chef_lieu_of"].items()):
        lines.append(f"  chef-lieu: {code} {communes[code]['name']} <- 2024 code {former}")
    for code, neighbours in sorted(notes["postcode_neighbours"].items()):
        lines.append(f"  postcode neighbours: {code} {communes[code]['name']} <- {' '.join(neighbours)}")
    for name in sorted(p.name for p in out.iterdir()):
        lines.append(f"  {name}: {(out / name).stat().st_size:,} bytes")
    return "\n".join(lines)


# --- Reading and writing -------------------------------------------------------------------------------


def _read_json(path: Path):
    return json.loads(path.read_text(encoding="utf-8"))


def _read_csv(path: Path) -> list[dict]:
    with path.open(encoding="utf-8", newline="") as file:
        return list(csv.DictReader(file))


def _read_rcarlier_communes(path: Path) -> dict:
    """(type, code) -> (latitude, longitude, 2024 name) for COM and ARM rows that have coordinates.

    COMD rows (delegated communes) only repeat their parent's coordinates: ignored.
    """
    coordinates = {}
    for row in _read_csv(path):
        if row["commune_type"] in ("COM", "ARM") and row["lat"] and row["lng"]:
            key = (row["commune_type"], row["insee_com"])
            coordinates.setdefault(key, (float(row["lat"]), float(row["lng"]), row["commune_article"]))
    return coordinates


def _read_places(path: Path) -> list[tuple]:
    """(postcode, commune name, latitude, longitude) of the real places that have coordinates."""
    return [
        (
            str(p.get("code_postal", "")).strip(),
            p.get("commune", ""),
            float(p["latitude"]),
            float(p["longitude"]),
        )
        for p in _read_json(path)
        if p.get("latitude") not in (None, "") and p.get("longitude") not in (None, "")
    ]


def _mean(points) -> tuple[float, float]:
    points = list(points)
    return (sum(p[0] for p in points) / len(points), sum(p[1] for p in points) / len(points))


def _point(point) -> tuple[str, str]:
    return (_cell(point[0]), _cell(point[1])) if point else ("", "")


def _cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        return f"{value:.5f}"  # about a metre: more would only be noise, and a fixed format is reproducible
    return str(value)


def _write_csv(path: Path, header: list[str], rows: list[list]) -> None:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(header)
    writer.writerows([_cell(value) for value in row] for row in rows)
    data = buffer.getvalue().encode("utf-8")
    if path.suffix == ".gz":
        # No file name and a zero timestamp in the gzip header: a rebuild gives the same bytes.
        with path.open("wb") as raw, gzip.GzipFile(filename="", mode="wb", fileobj=raw, mtime=0) as gz:
            gz.write(data)
    else:
        path.write_bytes(data)


if __name__ == "__main__":
    sys.exit(main())
