"""The peer: a Python reader of IATI activity files that extracts the fields jointcal's
import reads (identifier, titles and descriptions by language, organizations with roles,
status, dates, countries, locations, sectors, budgets) with lxml.etree.iterparse, and
stores one row per activity (the fields as JSON) and one per organization role into
SQLite, in transactions of 1,000 — what a careful hand-written importer would do.

    python3 bench/imports/lxml_reader.py CORPUS.xml OUT.sqlite
"""
import json
import sqlite3
import sys
import time

from lxml import etree

XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


def narratives(e, default):
    if e is None:
        return {}
    out = {}
    for n in e.findall("narrative"):
        t = (n.text or "").strip()
        if t:
            out.setdefault((n.get(XML_LANG) or default or "en").lower(), t)
    if not out and (e.text or "").strip():
        out[default or "en"] = e.text.strip()
    return out


def main():
    src, dst = sys.argv[1], sys.argv[2]
    t0 = time.time()
    db = sqlite3.connect(dst)
    db.execute("PRAGMA journal_mode=WAL")
    db.execute("CREATE TABLE activities (identifier TEXT PRIMARY KEY, doc TEXT)")
    db.execute("CREATE TABLE activity_orgs (identifier TEXT, name TEXT, ref TEXT, role TEXT)")
    n = 0
    rows, org_rows = [], []
    for _, a in etree.iterparse(src, events=("end",), tag="iati-activity", huge_tree=True, resolve_entities=False):
        lang = (a.get(XML_LANG) or "en").lower()
        ident = (a.findtext("iati-identifier") or "").strip()
        doc = {
            "title": narratives(a.find("title"), lang),
            "description": [narratives(d, lang) for d in a.findall("description")],
            "status": (a.find("activity-status").get("code") if a.find("activity-status") is not None else None),
            "dates": [(d.get("type"), d.get("iso-date")) for d in a.findall("activity-date")],
            "countries": [c.get("code") for c in a.findall("recipient-country")],
            "locations": [
                {"name": narratives(l.find("name"), lang), "admin": [x.get("code") for x in l.findall("administrative")],
                 "pos": l.findtext("point/pos")}
                for l in a.findall("location")
            ],
            "sectors": [(s.get("vocabulary"), s.get("code")) for s in a.findall("sector")],
            "budgets": [(b.findtext("value"), b.find("value").get("currency") if b.find("value") is not None else None)
                        for b in a.findall("budget")],
        }
        orgs = [("reporting", a.find("reporting-org"))] + [(p.get("role"), p) for p in a.findall("participating-org")]
        for role, o in orgs:
            if o is not None:
                org_rows.append((ident, json.dumps(narratives(o, lang)), o.get("ref"), role))
        rows.append((ident, json.dumps(doc)))
        n += 1
        # Free what was read, as the lxml documentation advises for large files.
        a.clear()
        while a.getprevious() is not None:
            del a.getparent()[0]
        if len(rows) >= 1000:
            db.executemany("INSERT OR REPLACE INTO activities VALUES (?, ?)", rows)
            db.executemany("INSERT INTO activity_orgs VALUES (?, ?, ?, ?)", org_rows)
            db.commit()
            rows, org_rows = [], []
    db.executemany("INSERT OR REPLACE INTO activities VALUES (?, ?)", rows)
    db.executemany("INSERT INTO activity_orgs VALUES (?, ?, ?, ?)", org_rows)
    db.commit()
    print(f"lxml: {n} activities in {time.time() - t0:.2f} s")


main()
