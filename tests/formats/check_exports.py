"""What jointcal exports, read by independent parsers.

    python3 tests/formats/check_exports.py IATI_XML SHEET_CSV JSON SHARED_DATA SHEET_XLSX

- The IATI file validates against the official 2.03 schema (xmlschema) and uses only
  codes of the official codelists (activity status, date types, organisation roles and
  types, countries, currencies, languages, sector vocabularies and DAC codes).
- The extension elements are in jointcal's own namespace, never in IATI's.
- The CSV is read by libhxl with the tags jointcal writes, one row per activity, and no
  text cell starts with a character a spreadsheet would run as a formula.
- The Excel workbook is read by libhxl with the same tags and rows as the CSV.
- The JSON parses and names the organizations its activities use.

Prints one line per check and "N passed, N failed" last; exits 1 on any failure.
"""

import csv
import json
import sys
import xml.etree.ElementTree as ET

import hxl
import hxl.input
import xmlschema

passed = 0
failed = 0


def check(ok, what):
    global passed, failed
    if ok:
        passed += 1
        print(f"ok   {what}")
    else:
        failed += 1
        print(f"FAIL {what}")


def codes(shared, name):
    root = ET.parse(f"{shared}/iati/codelists/{name}.xml").getroot()
    return {c.text.strip() for c in root.iter("code")}


def main():
    iati_path, csv_path, json_path, shared, xlsx_path = sys.argv[1:6]
    schema = xmlschema.XMLSchema(f"{shared}/iati/iati-activities-schema-2.03.xsd")
    errors = list(schema.iter_errors(iati_path))
    for e in errors[:10]:
        print(f"     schema: {e.reason} at {e.path}")
    check(not errors, f"{iati_path} validates against the IATI 2.03 schema ({len(errors)} errors)")

    tree = ET.parse(iati_path)
    root = tree.getroot()
    activities = root.findall("iati-activity")
    check(len(activities) > 0, f"{len(activities)} activities")
    lists = {
        "activity-status": ("code", codes(shared, "ActivityStatus")),
        "activity-date": ("type", codes(shared, "ActivityDateType")),
        "participating-org": ("role", codes(shared, "OrganisationRole")),
        "recipient-country": ("code", codes(shared, "Country")),
    }
    org_types = codes(shared, "OrganisationType")
    currencies = codes(shared, "Currency")
    languages = codes(shared, "Language")
    vocabularies = codes(shared, "SectorVocabulary")
    dac5 = codes(shared, "Sector")
    dac3 = codes(shared, "SectorCategory")
    bad = []
    for a in activities:
        ident = a.findtext("iati-identifier")
        for element, (attr, allowed) in lists.items():
            for e in a.findall(element):
                if e.get(attr) not in allowed:
                    bad.append(f"{ident}: {element}/@{attr} {e.get(attr)}")
        for e in a.findall("reporting-org") + a.findall("participating-org"):
            if e.get("type") not in org_types:
                bad.append(f"{ident}: organisation type {e.get('type')}")
        for e in a.iter("value"):
            if e.get("currency") and e.get("currency") not in currencies:
                bad.append(f"{ident}: currency {e.get('currency')}")
        cur = a.get("default-currency")
        if cur and cur not in currencies:
            bad.append(f"{ident}: default-currency {cur}")
        for e in a.iter("narrative"):
            lang = e.get("{http://www.w3.org/XML/1998/namespace}lang")
            if lang and lang not in languages:
                bad.append(f"{ident}: narrative language {lang}")
        for s in a.findall("sector"):
            v = s.get("vocabulary", "1")
            if v not in vocabularies or (v == "1" and s.get("code") not in dac5) or (v == "2" and s.get("code") not in dac3):
                bad.append(f"{ident}: sector {v}/{s.get('code')}")
    for b in bad[:10]:
        print(f"     code: {b}")
    check(not bad, f"only official codes ({len(bad)} others)")
    ns = "urn:jointcal:iati-extension:1"
    ext = [e for e in root.iter() if e.tag.startswith("{")]
    check(ext and all(e.tag.startswith("{" + ns + "}") for e in ext), f"{len(ext)} extension elements, all in {ns}")
    check(all(a.find("{%s}activity" % ns) is not None for a in activities), "every activity carries jointcal:activity")

    source = hxl.data(csv_path, hxl.input.InputOptions(allow_local=True))
    tags = [c.display_tag for c in source.columns]
    for t in ["#activity+code", "#activity+name", "#org+prog+name", "#org+funder+name", "#org+impl+name",
              "#sector+code", "#activity+type+code", "#beneficiary+code", "#adm1+code", "#date+start", "#date+end",
              "#status+code", "#targeted+ind"]:
        check(t in tags, f"libhxl reads the column {t}")
    rows = list(source)
    with open(csv_path, newline="", encoding="utf-8") as f:
        raw = list(csv.reader(f))[2:]
    check(len(rows) == len(raw) and len(rows) > 0, f"libhxl reads {len(rows)} rows of {len(raw)}")
    codes_hxl = [r.get("#activity+code") for r in rows]
    check(all(codes_hxl) and len(set(codes_hxl)) == len(codes_hxl), "every row has its own #activity+code")
    starts = [c for r in raw for c in r if c[:1] in ("=", "+", "-", "@", "\t", "\r")]
    check(not starts, f"no cell starts like a formula ({starts[:3]})")
    check(any(c.startswith("'=") for r in raw for c in r), "the planted formula title is neutralized with an apostrophe")

    book = hxl.data(xlsx_path, hxl.input.InputOptions(allow_local=True))
    check([c.display_tag for c in book.columns] == tags, "libhxl reads the Excel workbook with the CSV's tags")
    book_rows = [r.values for r in book]
    check(book_rows == [r.values for r in rows], f"and the same {len(book_rows)} rows")

    doc = json.load(open(json_path, encoding="utf-8"))
    named = {o["id"] for o in doc["organizations"]}
    used = {o["org"] for a in doc["activities"] for o in a["organizations"]}
    check(len(doc["activities"]) == len(activities), f"the JSON has the same {len(activities)} activities")
    check(used <= named, "the JSON names every organization its activities use")

    print(f"{passed} passed, {failed} failed")
    sys.exit(1 if failed else 0)


main()
