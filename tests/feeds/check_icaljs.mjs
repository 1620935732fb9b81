// Reads a jointcal feed with ical.js (Mozilla's parser, as Thunderbird uses it) and
// checks it against the API: the same activities, titles read back exactly, every
// TZID with its VTIMEZONE, all-day ends exclusive. Run by scripts/feeds-check after
// check_feeds.py (which adds the hostile, cross-DST and recurring activities).
//
//   node tests/feeds/check_icaljs.mjs BASE_URL API_TOKEN
import ICAL from '../browser/node_modules/ical.js/dist/ical.js';

const [base, token] = process.argv.slice(2);
const auth = { headers: { Authorization: `Bearer ${token}` } };
let checks = 0;
function check(cond, what) {
  checks += 1;
  if (!cond) {
    console.error(`FAILED (ical.js): ${what}`);
    process.exit(1);
  }
}

const me = await (await fetch(`${base}/api/v1/me/feeds`, auth)).json();
const feedUrl = `${base}/feeds/kz-tip.ics?token=${me.token}`;
const text = await (await fetch(feedUrl)).text();
const comp = new ICAL.Component(ICAL.parse(text));
const zones = new Set(comp.getAllSubcomponents('vtimezone').map((z) => z.getFirstPropertyValue('tzid')));
for (const z of comp.getAllSubcomponents('vtimezone')) ICAL.TimezoneService.register(z);
const events = new Map(comp.getAllSubcomponents('vevent').map((v) => [v.getFirstPropertyValue('uid'), new ICAL.Event(v)]));

const page = await (await fetch(`${base}/api/v1/groups/kz-tip/activities?limit=500`, auth)).json();
const cutoff = new Date(Date.now() - 30 * 86400e3).toISOString().slice(0, 10);
const items = page.items.filter((a) => !(a.status === 'cancelled' && a.dates.end.slice(0, 10) < cutoff));
check(events.size === items.length, `${events.size} events for ${items.length} activities`);
for (const a of items) {
  const e = events.get(`${a.id}@jointcal`);
  check(e, `the feed has ${a.id}`);
  const title = a.title.en ?? Object.values(a.title)[0];
  check(e.summary === title, `summary of ${a.id}: ${JSON.stringify(e.summary)} != ${JSON.stringify(title)}`);
  check(e.sequence === a.sequence, `sequence of ${a.id}`);
  if (a.dates.all_day) {
    const last = new Date(`${a.dates.end}T00:00:00Z`);
    last.setUTCDate(last.getUTCDate() + 1);
    check(e.startDate.isDate && e.endDate.toString() === last.toISOString().slice(0, 10), `all-day end of ${a.id}: ${e.endDate}`);
  } else {
    const tzid = e.startDate.zone.tzid;
    check(zones.has(tzid), `a VTIMEZONE for ${tzid}`);
    check(e.startDate.toString().slice(0, 16) === a.dates.start.slice(0, 16), `local start of ${a.id}: ${e.startDate}`);
  }
  if (a.recurrence) {
    const it = e.iterator();
    const starts = [];
    for (let n = it.next(); n; n = it.next()) starts.push(n);
    check(starts.length > 1 && starts.every((s) => s.hour === e.startDate.hour), `the series of ${a.id} keeps its local hour`);
  }
}
console.log(`ical.js: ${checks} checks passed`);
