#!/usr/bin/env python3
"""Reads jointcal's calendar feeds with independent parsers (Python `icalendar`
and `vobject`) and checks them against the API, then lives a subscriber's life with
`vdirsyncer` (http storage → a directory) while activities are added, edited,
cancelled and deleted.

    check_feeds.py BASE_URL API_TOKEN WORK_DIR

BASE_URL is a running server with the demo group (kz-tip); API_TOKEN an API token
of a coordinator of it. Run by scripts/feeds-check. Exits non-zero on the first
failed check, saying what differed.
"""

import datetime as dt
import json
import os
import subprocess
import sys
import time
import urllib.request
import zoneinfo

import icalendar
import vobject

BASE, TOKEN, WORK = sys.argv[1], sys.argv[2], sys.argv[3]
GROUP = "kz-tip"
CHECKS = 0


def check(cond, what):
    global CHECKS
    CHECKS += 1
    if not cond:
        print(f"FAILED: {what}", file=sys.stderr)
        sys.exit(1)


def api(method, path, body=None, headers=None):
    req = urllib.request.Request(BASE + path, method=method)
    req.add_header("Authorization", f"Bearer {TOKEN}")
    for k, v in (headers or {}).items():
        req.add_header(k, v)
    data = None
    if body is not None:
        data = json.dumps(body).encode()
        req.add_header("Content-Type", "application/json")
    with urllib.request.urlopen(req, data) as r:
        raw = r.read()
        return r.status, r.headers, (json.loads(raw) if raw else None)


def fetch(url, headers=None):
    req = urllib.request.Request(url)
    for k, v in (headers or {}).items():
        req.add_header(k, v)
    try:
        with urllib.request.urlopen(req) as r:
            return r.status, r.headers, r.read()
    except urllib.error.HTTPError as e:
        return e.code, e.headers, e.read()


def create(activity):
    status, headers, body = api("POST", f"/api/v1/groups/{GROUP}/activities", activity)
    check(status == 201, f"created {activity['title']}")
    return body


def base_activity(title, dates, **extra):
    a = {
        "title": {"en": title},
        "kind": "training",
        "target_groups": ["border_guards"],
        "organizations": [{"org": "IOM", "role": "lead"}],
        "locations": [{"subdivision": "KZ-31", "place": "Merke"}],
        "dates": dates,
        "visibility": "public",
    }
    a.update(extra)
    return a


# Hostile text: the characters iCalendar escapes, line ends, and 3- and 4-byte
# characters placed so that some land at the 75-octet fold points.
HOSTILE_TITLE = "Commas, semicolons; backslashes \\ — Қазақ тілі ★ 😀 " * 4
HOSTILE_DESC = ("Line one, with; every \\ escape\nLine two — Жамбыл облысы 😀😀 ★\n\n" * 40)[:2000]

# ---- activities that test the hard parts --------------------------------------
# Next year's dates (the server runs on the real clock, and a cancelled activity
# leaves feeds 30 days after its end). Berlin leaves summer time on the last Sunday
# of October at 03:00: an event across it, and a weekly series across it, must stay
# at their local times.
YEAR = dt.date.today().year + 1
CHANGE = max(dt.date(YEAR, 10, d) for d in range(25, 32) if dt.date(YEAR, 10, d).weekday() == 6)


def day(d, offset=0):
    return (d + dt.timedelta(days=offset)).isoformat()


hostile = create(base_activity(HOSTILE_TITLE.strip(), {"start": day(CHANGE, 8), "end": day(CHANGE, 9)},
                               description={"en": HOSTILE_DESC}))
WORKSHOP = CHANGE + dt.timedelta(days=15)
workshop = create(base_activity("Three-day workshop", {"start": day(WORKSHOP), "end": day(WORKSHOP, 2)}))
across = create(base_activity("Night shift across the change",
                              {"start": day(CHANGE, -1) + "T22:00", "end": day(CHANGE) + "T06:00",
                               "tz": "Europe/Berlin"}))
weekly = create(base_activity("Weekly briefing", {"start": day(CHANGE, -13) + "T09:00",
                                                  "end": day(CHANGE, -13) + "T10:30", "tz": "Europe/Berlin"},
                              recurrence="FREQ=WEEKLY;COUNT=4"))

_, _, me = api("GET", "/api/v1/me/feeds")
feed_token = me["token"]
feed_url = f"{BASE}/feeds/{GROUP}.ics?token={feed_token}"
check(any(f["https"] == feed_url for f in me["feeds"]), "the feed link is offered")


def api_items():
    """The API's activities that a feed holds: all but those cancelled that ended
    more than 30 days ago."""
    _, _, page = api("GET", f"/api/v1/groups/{GROUP}/activities?limit=500")
    cutoff = (dt.datetime.now(dt.timezone.utc) - dt.timedelta(days=30)).date().isoformat()
    return {
        f"{a['id']}@jointcal": a
        for a in page["items"]
        if not (a["status"] == "cancelled" and a["dates"]["end"][:10] < cutoff)
    }


def parse_both(raw):
    cal = icalendar.Calendar.from_ical(raw)
    vcal = vobject.readOne(raw.decode("utf-8"))
    return cal, vcal


# ---- the feed through both parsers --------------------------------------------
status, headers, raw = fetch(feed_url)
check(status == 200, f"feed status {status}")
check(headers.get("Content-Type") == "text/calendar; charset=utf-8", "content type")
cal, vcal = parse_both(raw)
events = {str(e["UID"]): e for e in cal.walk("VEVENT")}
vevents = {e.uid.value: e for e in vcal.vevent_list}
items = api_items()
check(set(events) == set(items), f"icalendar sees the API's activities: {set(events) ^ set(items)}")
check(set(vevents) == set(items), "vobject sees the API's activities")
for uid, a in items.items():
    e, v = events[uid], vevents[uid]
    title = a["title"].get("en") or next(iter(a["title"].values()))
    check(str(e["SUMMARY"]) == title, f"icalendar summary of {uid}: {e['SUMMARY']!r} != {title!r}")
    check(v.summary.value == title, f"vobject summary of {uid}")
    check(int(e["SEQUENCE"]) == a["sequence"], f"sequence of {uid}")

# Every TZID has its VTIMEZONE.
tzids = {str(p.params["TZID"]) for e in cal.walk("VEVENT") for k, p in e.items() if hasattr(p, "params") and "TZID" in p.params}
defined = {str(t["TZID"]) for t in cal.walk("VTIMEZONE")}
check(tzids <= defined, f"every TZID has a VTIMEZONE: {tzids - defined}")
check("Europe/Berlin" in defined, "Berlin's VTIMEZONE")

# Hostile text round-trips exactly, through both parsers.
uid = f"{hostile['id']}@jointcal"
stored = items[uid]["description"]["en"]
check(len(stored) > 1900, f"the hostile description was stored whole ({len(stored)} characters)")
for name, desc in (("icalendar", str(events[uid]["DESCRIPTION"])), ("vobject", vevents[uid].description.value)):
    check(desc.startswith(stored + "\n\n"), f"{name} reads the hostile description back")
check(str(events[uid]["SUMMARY"]) == HOSTILE_TITLE.strip(), "icalendar reads the hostile title back")
check(vevents[uid].summary.value == HOSTILE_TITLE.strip(), "vobject reads the hostile title back")
for line in raw.split(b"\r\n"):
    check(len(line) <= 75, f"a line of {len(line)} octets")
    line.decode("utf-8")  # a fold never splits a character

# The three-day workshop is three days.
w = events[f"{workshop['id']}@jointcal"]
check(w["DTSTART"].dt == WORKSHOP and w["DTEND"].dt == WORKSHOP + dt.timedelta(days=3), "3-day workshop: exclusive DTEND")
check((w["DTEND"].dt - w["DTSTART"].dt).days == 3, "3-day workshop is 3 days")

# Across the change of time: local times kept, and 9 hours long in real time.
berlin = zoneinfo.ZoneInfo("Europe/Berlin")
n = vevents[f"{across['id']}@jointcal"]
start, end = n.dtstart.value, n.dtend.value
check((start.hour, end.hour) == (22, 6), f"local times across the change: {start} – {end}")
check(end.astimezone(dt.timezone.utc) - start.astimezone(dt.timezone.utc) == dt.timedelta(hours=9),
      "the night across the change is 9 hours")
s = events[f"{across['id']}@jointcal"]["DTSTART"].dt
check(s.utcoffset() == dt.timedelta(hours=2), "icalendar: summer time before the change")

# The weekly series stays at 09:00 local on both sides of the change.
series = vevents[f"{weekly['id']}@jointcal"]
occurrences = list(series.getrruleset())
check(len(occurrences) == 4, f"4 occurrences, got {len(occurrences)}")
for o in occurrences:
    local = o.astimezone(berlin)
    check((local.hour, local.minute) == (9, 0), f"occurrence at 09:00 local: {local}")
offsets = {o.astimezone(berlin).utcoffset() for o in occurrences}
check(len(offsets) == 2, "the series crosses the change (two offsets)")

# Same bytes again, 304 on either validator.
status2, headers2, raw2 = fetch(feed_url)
check(raw2 == raw, "byte-identical refetch")
check(fetch(feed_url, {"If-None-Match": headers["ETag"]})[0] == 304, "304 on If-None-Match")
check(fetch(feed_url, {"If-Modified-Since": headers["Last-Modified"]})[0] == 304, "304 on If-Modified-Since")

# ---- a subscriber's life with vdirsyncer ----------------------------------------
if os.environ.get("FEEDS_CHECK_VDIRSYNCER", "1") == "1":
    local = os.path.join(WORK, "local")
    status_dir = os.path.join(WORK, "status")
    config = os.path.join(WORK, "vdirsyncer.conf")
    os.makedirs(local, exist_ok=True)
    with open(config, "w") as f:
        f.write(f"""[general]
status_path = "{status_dir}/"

[pair feed]
a = "feed_remote"
b = "feed_local"
collections = null
conflict_resolution = "a wins"

[storage feed_remote]
type = "http"
url = "{feed_url}"

[storage feed_local]
type = "filesystem"
path = "{local}/"
fileext = ".ics"
""")
    env = dict(os.environ, VDIRSYNCER_CONFIG=config)

    def sync():
        subprocess.run(["vdirsyncer", "discover", "feed"], env=env, check=True, input=b"y\n", capture_output=True)
        r = subprocess.run(["vdirsyncer", "sync", "feed"], env=env, capture_output=True, text=True)
        check(r.returncode == 0, f"vdirsyncer sync: {r.stdout}{r.stderr}")
        found = {}
        for name in os.listdir(local):
            with open(os.path.join(local, name), "rb") as fh:
                for e in icalendar.Calendar.from_ical(fh.read()).walk("VEVENT"):
                    # vdirsyncer's http storage replaces every UID by a hash of the
                    # content (it trusts no feed's UIDs): the activity is named by
                    # its URL.
                    key = str(e["URL"]).rsplit("/", 1)[-1] + "@jointcal"
                    check(key not in found, f"no duplicate of {key}")
                    found[key] = e
        return found

    synced = sync()
    check(set(synced) == set(api_items()), "vdirsyncer has every activity once")
    added = create(base_activity("Added after the first sync", {"start": day(WORKSHOP, 20)}))
    _, h, _ = api("GET", f"/api/v1/groups/{GROUP}/activities/{workshop['id']}")
    edit = dict(base_activity("Three-day workshop (moved)", {"start": day(WORKSHOP, 7), "end": day(WORKSHOP, 9)}))
    api("PUT", f"/api/v1/groups/{GROUP}/activities/{workshop['id']}", edit, {"If-Match": h["ETag"]})
    _, h, a = api("GET", f"/api/v1/groups/{GROUP}/activities/{across['id']}")
    cancel = base_activity("Night shift across the change",
                           {"start": day(CHANGE, -1) + "T22:00", "end": day(CHANGE) + "T06:00", "tz": "Europe/Berlin"},
                           status="cancelled", status_note="No longer needed")
    api("PUT", f"/api/v1/groups/{GROUP}/activities/{across['id']}", cancel, {"If-Match": h["ETag"]})
    _, h, _ = api("GET", f"/api/v1/groups/{GROUP}/activities/{weekly['id']}")
    api("DELETE", f"/api/v1/groups/{GROUP}/activities/{weekly['id']}", None, {"If-Match": h["ETag"]})

    # The server answers an address polled again within a second from memory.
    time.sleep(1.2)
    after = sync()
    check(set(after) == set(api_items()), "after the changes vdirsyncer has exactly the API's activities")
    check(f"{added['id']}@jointcal" in after, "the added activity arrived")
    check(f"{weekly['id']}@jointcal" not in after, "the deleted activity left")
    moved = after[f"{workshop['id']}@jointcal"]
    check(moved["DTSTART"].dt == WORKSHOP + dt.timedelta(days=7) and str(moved["SUMMARY"]).endswith("(moved)"), "the edit arrived")
    check(int(moved["SEQUENCE"]) > int(synced[f"{workshop['id']}@jointcal"]["SEQUENCE"]), "the edit raised SEQUENCE")
    gone = after[f"{across['id']}@jointcal"]
    check(str(gone["STATUS"]) == "CANCELLED", "the cancelled activity shows as cancelled")

print(f"feeds: {CHECKS} checks passed (icalendar {icalendar.__version__}, vobject {vobject.VERSION})")
