#!/usr/bin/env python3
"""Generate ISO 3166-1 / ISO 3166-2 data files for jointcal-domain.

Source: the PyPI package `pycountry` (a wrapper around Debian's iso-codes
database). Requires Python 3.11+ and pycountry; stdlib otherwise.

    pip install pycountry
    python3 tools/gen_iso3166.py

Writes (UTF-8, LF line endings, sorted by code):
    crates/jointcal-domain/data/countries.tsv      alpha2<TAB>name<TAB>alpha3
    crates/jointcal-domain/data/subdivisions.tsv   code<TAB>country<TAB>name<TAB>type<TAB>old_codes

Kazakhstan (KZ) subdivisions are not taken from pycountry but from the
fixed table KZ_OVERRIDE below (ISO 3166-2 change of 2022-11-29).
"""

from __future__ import annotations

import importlib.metadata
import re
import sys
from pathlib import Path

import pycountry

REPO_ROOT = Path(__file__).resolve().parent.parent
DATA_DIR = REPO_ROOT / "crates" / "jointcal-domain" / "data"

# (code, name, type, old_codes) -- current since ISO 3166-2 change of 2022-11-29.
KZ_OVERRIDE: list[tuple[str, str, str, list[str]]] = [
    ("KZ-10", "Abai region", "region", []),
    ("KZ-11", "Akmola region", "region", ["KZ-AKM"]),
    ("KZ-15", "Aktobe region", "region", ["KZ-AKT"]),
    ("KZ-19", "Almaty region", "region", ["KZ-ALM"]),
    ("KZ-23", "Atyrau region", "region", ["KZ-ATY"]),
    ("KZ-27", "West Kazakhstan region", "region", ["KZ-ZAP"]),
    ("KZ-31", "Zhambyl region", "region", ["KZ-ZHA"]),
    ("KZ-33", "Zhetisu region", "region", []),
    ("KZ-35", "Karaganda region", "region", ["KZ-KAR"]),
    ("KZ-39", "Kostanay region", "region", ["KZ-KUS"]),
    ("KZ-43", "Kyzylorda region", "region", ["KZ-KZY"]),
    ("KZ-47", "Mangystau region", "region", ["KZ-MAN"]),
    ("KZ-55", "Pavlodar region", "region", ["KZ-PAV"]),
    ("KZ-59", "North Kazakhstan region", "region", ["KZ-SEV"]),
    ("KZ-61", "Turkistan region", "region", ["KZ-YUZ"]),
    ("KZ-62", "Ulytau region", "region", []),
    ("KZ-63", "East Kazakhstan region", "region", ["KZ-VOS"]),
    ("KZ-71", "Astana", "city", ["KZ-AST"]),
    ("KZ-75", "Almaty", "city", ["KZ-ALA"]),
    ("KZ-79", "Shymkent", "city", ["KZ-SHY"]),
]

_WS = re.compile(r"[\t\r\n\v\f\u0085\u2028\u2029]")


def clean(s: str) -> str:
    """Replace tabs/newlines (and other line breaks) by a space; strip."""
    return _WS.sub(" ", s).strip()


def write_tsv(path: Path, header: list[str], rows: list[list[str]]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8", newline="\n") as f:
        f.write("\t".join(header) + "\n")
        for row in rows:
            f.write("\t".join(row) + "\n")


def countries() -> list[list[str]]:
    rows = []
    for c in pycountry.countries:
        name = getattr(c, "common_name", None) or c.name
        rows.append([c.alpha_2, clean(name), c.alpha_3])
    rows.sort(key=lambda r: r[0])
    return rows


def subdivisions() -> list[list[str]]:
    rows = []
    for s in pycountry.subdivisions:
        if s.country_code == "KZ":
            continue
        rows.append([s.code, s.country_code, clean(s.name), clean(s.type).lower(), ""])
    for code, name, typ, old in KZ_OVERRIDE:
        rows.append([code, "KZ", name, typ, ",".join(old)])
    rows.sort(key=lambda r: r[0])
    return rows


def main() -> int:
    c_rows = countries()
    s_rows = subdivisions()

    # Sanity checks.
    codes = [r[0] for r in s_rows]
    assert len(codes) == len(set(codes)), "duplicate subdivision codes"
    alpha2 = {r[0] for r in c_rows}
    assert all(r[1] in alpha2 for r in s_rows), "subdivision of unknown country"
    assert sum(1 for r in s_rows if r[1] == "KZ") == len(KZ_OVERRIDE) == 20

    c_path = DATA_DIR / "countries.tsv"
    s_path = DATA_DIR / "subdivisions.tsv"
    write_tsv(c_path, ["alpha2", "name", "alpha3"], c_rows)
    write_tsv(s_path, ["code", "country", "name", "type", "old_codes"], s_rows)

    version = importlib.metadata.version("pycountry")
    print(f"pycountry {version}")
    print(f"{c_path.relative_to(REPO_ROOT)}: {len(c_rows)} countries, {c_path.stat().st_size} bytes")
    print(f"{s_path.relative_to(REPO_ROOT)}: {len(s_rows)} subdivisions, {s_path.stat().st_size} bytes")
    return 0


if __name__ == "__main__":
    sys.exit(main())
