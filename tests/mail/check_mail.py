#!/usr/bin/env python3
"""The monthly bulletin through a real SMTP server (aiosmtpd on loopback).

    python3 tests/mail/check_mail.py BIN WORKDIR

1. SQLite, the command line: `jointcal bulletin --send` delivers one multipart
   message (text + HTML alternative, list and one-click unsubscribe headers) per
   recipient (members and the distribution list) with the PDF attached, whose text
   (pdftotext) holds the titles, Russian and Kazakh too; a second --send of the month is
   refused and sends nothing; the delivery log shows each recipient sent; `mail test`
   works, and fails clearly (temporary, retried) when the mail server is down; the
   one-click unsubscribe (RFC 8058 POST) of a received message works on a live server.
   Meetings: `jointcal meeting invite` sends each member one iCalendar invitation
   that Python's `icalendar` reads as METHOD:REQUEST with ORGANIZER, one ATTENDEE per
   member (RSVP=TRUE, PARTSTAT=NEEDS-ACTION), the meeting's UID, SEQUENCE and TZID
   with its VTIMEZONE; inviting again sends nothing; the meeting moved through the API
   is sent again by the meetings job with the same UID and a higher SEQUENCE; an
   action item due in two days is reminded once, however often the job runs.
2. PostgreSQL (when JOINTCAL_TEST_PG is set): two `jointcal serve` on one database
   send the due edition on their own, once; a server restarted on bulletin day sends
   nothing again.
"""
import email
import email.policy
import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from html.parser import HTMLParser

from aiosmtpd.controller import Controller

BIN, WORK = sys.argv[1], sys.argv[2]
checks = 0


def check(cond, what):
    global checks
    checks += 1
    if not cond:
        print(f"FAIL: {what}", file=sys.stderr)
        sys.exit(1)


class Sink:
    def __init__(self):
        self.messages = []

    async def handle_DATA(self, server, session, envelope):
        self.messages.append((envelope.mail_from, list(envelope.rcpt_tos), envelope.original_content))
        return "250 OK"


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


sink = Sink()
smtp_port = free_port()
controller = Controller(sink, hostname="127.0.0.1", port=smtp_port)
controller.start()

ENV = dict(os.environ, JOINTCAL_LOG="warn", JOINTCAL_SMTP_URL=f"smtp://127.0.0.1:{smtp_port}",
           JOINTCAL_MAIL_FROM="Joint Activity Calendar <calendar@example.org>")


def jc(db, *args, env=None, ok=True):
    r = subprocess.run([BIN, "--database", db, *args], capture_output=True, text=True, env=env or ENV, timeout=180)
    if ok and r.returncode != 0:
        print(f"FAIL: jointcal {' '.join(args)} exited {r.returncode}:\n{r.stdout}\n{r.stderr}", file=sys.stderr)
        sys.exit(1)
    return r


def serve(db, extra=()):
    out = open(os.path.join(WORK, f"serve-{time.time_ns()}.out"), "w+")
    err = open(out.name + ".err", "w+")
    p = subprocess.Popen([BIN, "--database", db, "serve", "--bind", "127.0.0.1:0", *extra], stdout=out, stderr=err,
                         env=ENV)
    for _ in range(200):
        out.seek(0)
        m = re.search(r"http://[0-9.:]+", out.read())
        if m:
            return p, m.group(0), err
        time.sleep(0.05)
    err.seek(0)
    print("FAIL: the server did not start:", err.read(), file=sys.stderr)
    sys.exit(1)


def stop(p):
    p.send_signal(signal.SIGTERM)
    try:
        p.wait(timeout=30)
    except subprocess.TimeoutExpired:
        p.kill()


def receiving(db):
    lines = jc(db, "mail", "recipients", "--group", "kz-tip").stdout.splitlines()
    return sorted(l.split()[0] for l in lines if l.rstrip().endswith("receives"))


class Tags(HTMLParser):
    def __init__(self):
        super().__init__()
        self.tags, self.styled = [], 0

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        self.styled += any(k == "style" for k, _ in attrs)


def pdftotext(data):
    path = os.path.join(WORK, f"b-{time.time_ns()}.pdf")
    with open(path, "wb") as f:
        f.write(data)
    r = subprocess.run(["pdftotext", "-enc", "UTF-8", path, "-"], capture_output=True, text=True, check=True)
    return " ".join(r.stdout.split())


def check_message(raw, rcpt):
    m = email.message_from_bytes(raw, policy=email.policy.default)
    check(m["To"] is not None and rcpt in str(m["To"]).lower(), f"To names {rcpt}: {m['To']}")
    check(str(m["From"]) == "Joint Activity Calendar <calendar@example.org>", f"From: {m['From']}")
    check("Joint Activity Calendar" in str(m["Subject"]) and "2007" in str(m["Subject"]), f"Subject: {m['Subject']}")
    unsub = str(m["List-Unsubscribe"])
    check(re.fullmatch(r"<https?://[^>]+/unsubscribe/[0-9a-f]{64}>", unsub) is not None, f"List-Unsubscribe: {unsub}")
    check(str(m["List-Unsubscribe-Post"]) == "List-Unsubscribe=One-Click", "List-Unsubscribe-Post")
    check(str(m["List-Id"]).startswith("<kz-tip.bulletin."), f"List-Id: {m['List-Id']}")
    check(m["Message-ID"] is not None and m["Date"] is not None, "Message-ID and Date")
    check(m.get_content_type() == "multipart/mixed", f"multipart/mixed: {m.get_content_type()}")
    check(any(p.get_content_type() == "multipart/alternative" for p in m.iter_parts()), "text and HTML as alternatives")
    pdfs = [p for p in m.iter_attachments() if p.get_content_type() == "application/pdf"]
    check(len(pdfs) == 1 and pdfs[0].get_filename() == "kz-tip-2007-09.pdf", f"the PDF attached: {pdfs}")
    pdf_text = pdftotext(pdfs[0].get_content())
    for title in ("Joint Activity Calendar", "Fraudulent document training for Border Guards at Merke railway station",
                  "Regional conference on preventing trafficking"):
        check(title in pdf_text, f"the PDF holds '{title}'")
    text = m.get_body(("plain",)).get_content()
    html = m.get_body(("html",)).get_content()
    for part, body in (("text", text), ("html", html)):
        check("Regional conference on preventing trafficking" in body, f"the {part} part lists the month's activities")
    check("Stop receiving it" in text and unsub.strip("<>") in text, "the text part ends with the unsubscribe link")
    tags = Tags()
    tags.feed(html)
    check("script" not in tags.tags and "img" not in tags.tags and "link" not in tags.tags, "no scripts, images, style sheets")
    check(tags.styled >= 5 and "style" not in tags.tags, "inline styles only")
    return unsub.strip("<>")


# --- 1. SQLite, the command line ------------------------------------------------
db = f"sqlite://{WORK}/mail.db"
jc(db, "demo")
jc(db, "mail", "add", "--group", "kz-tip", "press@example.org", "--name", "Press Office")
bad = jc(db, "mail", "add", "--group", "kz-tip", "not an address", ok=False)
check(bad.returncode != 0 and "not an e-mail address" in bad.stderr, f"a bad address is refused: {bad.stderr}")
rcpts = receiving(db)
check("press@example.org" in rcpts and len(rcpts) >= 4, f"members and the list receive: {rcpts}")

r = jc(db, "bulletin", "--group", "kz-tip", "--month", "2007-09", "--send")
check(f"queued for {len(rcpts)} recipient" in r.stderr and f"delivered {len(rcpts)};" in r.stderr, r.stderr)
check(len(sink.messages) == len(rcpts), f"one message per recipient: {len(sink.messages)} for {len(rcpts)}")
got = sorted(to[0] for _, to, _ in sink.messages)
check(got == rcpts and all(len(to) == 1 for _, to, _ in sink.messages), f"each recipient once: {got}")
check(all(frm == "calendar@example.org" for frm, _, _ in sink.messages), "envelope sender")
links = {to[0]: check_message(raw, to[0]) for _, to, raw in sink.messages}
check(len(set(links.values())) == len(links), "each recipient has an unsubscribe link of their own")

for lang, words in (("ru", ["Совместный календарь мероприятий",
                            "Тренинг по выявлению поддельных документов для пограничников на станции Мерке"]),
                    ("kk", ["Іс-шаралардың бірлескен күнтізбесі", "облысы"])):
    out = os.path.join(WORK, f"bulletin-{lang}.pdf")
    jc(db, "bulletin", "--group", "kz-tip", "--month", "2007-09", "--format", "pdf", "--lang", lang, "--out", out)
    with open(out, "rb") as f:
        text = pdftotext(f.read())
    for w in words:
        check(w in text, f"the {lang} PDF holds '{w}': {text[:300]}")

again = jc(db, "bulletin", "--group", "kz-tip", "--month", "2007-09", "--send", ok=False)
check(again.returncode != 0 and "already sent" in again.stderr, f"a second send is refused: {again.stderr}")
check(len(sink.messages) == len(rcpts), "and sends nothing")
log = jc(db, "mail", "log", "--group", "kz-tip", "--month", "2007-09").stdout.splitlines()
check(len(log) == len(rcpts) and all(" sent " in l and "attempts 1" in l for l in log), f"delivery log: {log}")

before = len(sink.messages)
jc(db, "mail", "test", "--to", "admin@example.org")
check(len(sink.messages) == before + 1 and sink.messages[-1][1] == ["admin@example.org"], "mail test delivers")
down = dict(ENV, JOINTCAL_SMTP_URL=f"smtp://127.0.0.1:{free_port()}")
r = jc(db, "mail", "test", "--to", "admin@example.org", env=down, ok=False)
check(r.returncode != 0 and "will retry" in r.stderr, f"a server that is down: a temporary failure: {r.stderr}")

server, base, err = serve(db)
try:
    link = links["press@example.org"]
    token = link.rsplit("/", 1)[1]
    boundary = "jointcalcheck"
    body = (f"--{boundary}\r\nContent-Disposition: form-data; name=\"List-Unsubscribe\"\r\n\r\n"
            f"One-Click\r\n--{boundary}--\r\n").encode()
    req = urllib.request.Request(f"{base}/unsubscribe/{token}", data=body, method="POST",
                                 headers={"Content-Type": f"multipart/form-data; boundary={boundary}"})
    with urllib.request.urlopen(req) as resp:
        check(resp.status == 200 and "no longer receives" in resp.read().decode(), "one-click unsubscribe")
finally:
    stop(server)
check("press@example.org" not in receiving(db), "the unsubscribed address no longer receives")
print(f"mail (SQLite, command line): {checks} checks passed")

# --- 1b. Meetings: invitations and a reminder -----------------------------------
import datetime
import json
import icalendar


def invitations(messages):
    """(recipient, METHOD of the MIME part, the VCALENDAR) of each message."""
    out = []
    for _, to, raw in messages:
        msg = email.message_from_bytes(raw, policy=email.policy.default)
        parts = [p for p in msg.walk() if p.get_content_type() == "text/calendar"]
        check(len(parts) == 1, f"one text/calendar part: {[p.get_content_type() for p in msg.walk()]}")
        cal = icalendar.Calendar.from_ical(parts[0].get_payload(decode=True))
        out.append((to[0], parts[0].get_param("method"), cal))
    return out


def api(base, token, method, path, body=None, headers=None):
    data = json.dumps(body).encode() if body is not None else None
    h = {"Authorization": f"Bearer {token}", "Content-Type": "application/json", **(headers or {})}
    req = urllib.request.Request(f"{base}/api/v1/groups/kz-tip/{path}", data=data, method=method, headers=h)
    with urllib.request.urlopen(req) as resp:
        return resp.status, resp.headers, json.loads(resp.read() or b"null")


members = [r for r in receiving(db) if r.endswith("@demo.example.org")]
start = len(sink.messages)
day = (datetime.date.today() + datetime.timedelta(days=60)).isoformat()
jc(db, "meeting", "schedule", "--group", "kz-tip", "--start", f"{day}T10:00", "--host", "INL",
   "--title", "Donor meeting", "--place", "U.S. Embassy, Astana", "--region", "KZ-71")
r = jc(db, "meeting", "invite", "--group", "kz-tip", "--meeting", day)
check(f"{len(members)} invitation(s) queued" in r.stdout, r.stdout)
got = invitations(sink.messages[start:])
check(sorted(to for to, _, _ in got) == members, f"one invitation per member: {[to for to, _, _ in got]}")
uid = None
for to, method, cal in got:
    check(method == "REQUEST" and str(cal["METHOD"]) == "REQUEST", f"METHOD:REQUEST ({method})")
    events = cal.walk("VEVENT")
    check(len(events) == 1, "one VEVENT")
    ev = events[0]
    uid = uid or str(ev["UID"])
    check(str(ev["UID"]) == uid and uid.endswith("@jointcal"), f"the meeting's UID: {ev['UID']}")
    check(str(ev["ORGANIZER"]) == "mailto:calendar@example.org", f"ORGANIZER {ev['ORGANIZER']}")
    attendees = ev.get("ATTENDEE")
    attendees = attendees if isinstance(attendees, list) else [attendees]
    check(sorted(str(a).removeprefix("mailto:") for a in attendees) == members, f"ATTENDEEs {attendees}")
    for a in attendees:
        check(a.params.get("RSVP") == "TRUE" and a.params.get("PARTSTAT") == "NEEDS-ACTION", f"{a.params}")
    start_dt = ev.decoded("DTSTART")
    check(str(start_dt.tzinfo) == "Asia/Almaty" and start_dt.hour == 10, f"DTSTART {start_dt!r}")
    tzids = {str(tz["TZID"]) for tz in cal.walk("VTIMEZONE")}
    check("Asia/Almaty" in tzids, f"VTIMEZONE {tzids}")
sequence = int(got[0][2].walk("VEVENT")[0]["SEQUENCE"])
r = jc(db, "meeting", "invite", "--group", "kz-tip", "--meeting", day)
check(r.stdout.startswith("0 invitation(s) queued"), f"the same version is not sent twice: {r.stdout}")

token = jc(db, "token", "create", "--email", "coordinator@demo.example.org", "--name", "check").stdout.split()[-1]
# Counted from before the server starts: its own jobs may send what is due meanwhile
# (and the month's bulletin), and the checks below pick the meeting mail out.
before = len(sink.messages)
server, base, err = serve(db)
try:
    meeting_id = uid.split("@")[0]
    status, headers, activity = api(base, token, "GET", f"activities/{meeting_id}")
    fields = {k: v for k, v in activity.items() if k not in (
        "id", "group_id", "version", "sequence", "fingerprint", "created_at", "updated_at", "exact_place", "overlaps")}
    fields["dates"] = {"start": f"{day}T11:00", "end": f"{day}T13:00"}
    status, _, moved = api(base, token, "PUT", f"activities/{meeting_id}", fields, {"If-Match": headers["ETag"]})
    check(status == 200 and moved["sequence"] > sequence, f"moving the meeting raises its sequence: {moved['sequence']}")
    due = (datetime.date.today() + datetime.timedelta(days=2)).isoformat()
    status, _, action = api(base, token, "POST", f"meetings/{meeting_id}/actions",
                            {"what": "Send the training plan", "owner_org": "UNDP", "owner": "undp@demo.example.org", "due": due})
    check(status == 201, "an action item")
finally:
    stop(server)
jc(db, "jobs", "run", "meetings")
jc(db, "jobs", "run", "meetings")
new = sink.messages[before:]
invites = [m for m in new if b"text/calendar" in m[2]]
reminders = [m for m in new if b"Subject: Reminder:" in m[2]]
got = invitations(invites)
check(sorted(to for to, _, _ in got) == members, f"the moved meeting is sent again to each member once: {len(invites)}")
for _, method, cal in got:
    ev = cal.walk("VEVENT")[0]
    check(str(ev["UID"]) == uid and int(ev["SEQUENCE"]) == moved["sequence"], f"same UID, new SEQUENCE {ev['SEQUENCE']}")
    check(ev.decoded("DTSTART").hour == 11, "the new time")
check(len(reminders) == 1 and reminders[0][1] == ["undp@demo.example.org"], f"one reminder, to the owner: {[m[1] for m in reminders]}")
msg = email.message_from_bytes(reminders[0][2], policy=email.policy.default)
check(str(msg["Subject"]).startswith("Reminder: Send the training plan"), f"reminder subject {msg['Subject']}")
print(f"mail (meetings: invitations, update, reminder): {checks} checks passed")

# --- 2. PostgreSQL: two servers send on bulletin day, once ---------------------
pg = os.environ.get("JOINTCAL_TEST_PG")
if not pg:
    print("mail (two servers on PostgreSQL): SKIPPED (set JOINTCAL_TEST_PG)")
    sys.exit(0)
name = f"jc_mailcheck_{os.getpid()}"
subprocess.run(["psql", pg, "-q", "-c", f"CREATE DATABASE {name}"], check=True, capture_output=True)
pgdb = re.sub(r"/[^/?]*(\?|$)", f"/{name}\\1", pg.split("://", 1)[1], count=1)
pgdb = pg.split("://", 1)[0] + "://" + pgdb
try:
    jc(pgdb, "demo")
    members = receiving(pgdb)
    sink.messages.clear()
    # The demo calendar stands on 15 August 2007, 10:00 in Almaty; the bulletin day is
    # the 1st at 08:00: August's edition is due. Both servers' job runners start at once.
    a, _, err_a = serve(pgdb, ["--demo"])
    b, _, err_b = serve(pgdb, ["--demo"])
    try:
        deadline = time.time() + 60
        while len(sink.messages) < len(members) and time.time() < deadline:
            time.sleep(0.2)
        time.sleep(3)
        got = sorted(to[0] for _, to, _ in sink.messages)
        check(got == members, f"two servers: each member once: {got} vs {members}")
        stop(a)
        a, _, err_a = serve(pgdb, ["--demo"])
        time.sleep(4)
        check(len(sink.messages) == len(members), f"a restart on bulletin day sends nothing again: {len(sink.messages)}")
        editions = jc(pgdb, "mail", "log", "--group", "kz-tip", "--month", "2007-08").stdout.splitlines()
        check(len(editions) == len(members), f"the delivery log has each member once: {editions}")
    finally:
        stop(a)
        stop(b)
    for e in (err_a, err_b):
        e.seek(0)
        check("panicked" not in e.read(), "no panic")
finally:
    subprocess.run(["psql", pg, "-q", "-c", f"DROP DATABASE IF EXISTS {name} WITH (FORCE)"], capture_output=True)
controller.stop()
print(f"mail (SQLite command line; two servers on PostgreSQL): {checks} checks passed")
