//! A calendar feed written as iCalendar (RFC 5545, with the calendar properties of
//! RFC 7986), through `calcard`: it escapes text, folds lines at 75 octets without
//! splitting a character, ends lines with CRLF and writes the VTIMEZONE of every
//! TZID used, from chrono-tz's rules, over the span the events use.
//!
//! What calcard leaves to us (and the tests check): an all-day event's DTEND is the
//! day *after* its last day; DTSTAMP and LAST-MODIFIED are the activity's last
//! change, never the time of the request, so two fetches with no change are the same
//! bytes; events come in a stable order.

use calcard::common::{CalendarScale, PartialDateTime};
use calcard::icalendar::{
    ICalendar, ICalendarClassification, ICalendarComponent, ICalendarComponentType, ICalendarDuration, ICalendarEntry,
    ICalendarMethod, ICalendarParameter, ICalendarParticipationRole, ICalendarParticipationStatus, ICalendarProperty,
    ICalendarStatus, ICalendarValue, ICalendarValueType, Uri,
};
use chrono::{DateTime, NaiveDate, NaiveDateTime, Utc};
use chrono_tz::Tz;

/// When an event happens, as a calendar client needs it.
#[derive(Debug, Clone, PartialEq)]
pub enum When {
    /// All-day: from `first` to the day before `after_last` (iCalendar's DTEND).
    Days { first: NaiveDate, after_last: NaiveDate },
    /// Local times in a zone.
    Local { start: NaiveDateTime, end: NaiveDateTime, tz: Tz },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EventStatus {
    Tentative,
    Confirmed,
    Cancelled,
}

/// One event of a feed, its text already in the subscriber's language.
#[derive(Debug, Clone)]
pub struct FeedEvent {
    /// Never changes for an activity.
    pub uid: String,
    pub sequence: i64,
    pub created_at: DateTime<Utc>,
    /// The last change: DTSTAMP and LAST-MODIFIED.
    pub changed_at: DateTime<Utc>,
    pub summary: String,
    pub description: String,
    pub location: Option<String>,
    pub categories: Vec<String>,
    pub url: String,
    pub status: EventStatus,
    pub when: When,
    /// RFC 5545 RRULE value (validated when the activity was saved).
    pub rrule: Option<String>,
    /// Whether only members see it (CLASS:PRIVATE) or anyone (PUBLIC).
    pub public: bool,
}

/// A whole feed.
#[derive(Debug, Clone)]
pub struct FeedCalendar {
    pub name: String,
    pub description: String,
    /// The group's zone (X-WR-TIMEZONE, for clients that show all-day events in it).
    pub timezone: Tz,
    /// How often clients should fetch it again.
    pub refresh_minutes: u32,
    pub events: Vec<FeedEvent>,
}

const PRODID: &str = "-//jointcal//Joint Activity Calendar//EN";

fn utc(t: DateTime<Utc>) -> PartialDateTime {
    PartialDateTime::from_utc_timestamp(t.timestamp())
}

fn local(t: NaiveDateTime) -> PartialDateTime {
    PartialDateTime::from_naive_timestamp(t.and_utc().timestamp())
}

fn date(d: NaiveDate) -> PartialDateTime {
    PartialDateTime::from_date_timestamp(d.and_hms_opt(0, 0, 0).unwrap_or_default().and_utc().timestamp())
}

fn entry(name: ICalendarProperty, value: impl Into<ICalendarValue>) -> ICalendarEntry {
    ICalendarEntry::new(name).with_value(value)
}

fn other(name: &str, value: impl Into<ICalendarValue>) -> ICalendarEntry {
    entry(ICalendarProperty::Other(name.into()), value)
}

/// An RRULE value as calcard holds it, read by its own parser (its rule parser is
/// not public on its own). None if calcard cannot read it: the event then goes
/// without its repetition rather than with a wrong one, and it is logged.
fn rrule_value(rule: &str) -> Option<ICalendarValue> {
    let text = format!("BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nRRULE:{rule}\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n");
    let parsed = ICalendar::parse(&text).ok()?;
    let found = parsed
        .components
        .iter()
        .flat_map(|c| &c.entries)
        .find(|e| e.name == ICalendarProperty::Rrule)
        .and_then(|e| e.values.first().cloned())
        .filter(|v| matches!(v, ICalendarValue::RecurrenceRule(_)));
    if found.is_none() {
        tracing::warn!(rrule = rule, "a recurrence rule the feed writer cannot read: left out of the feed");
    }
    found
}

/// Text with every line end as LF (iCalendar escapes it as `\n`; a CR would come out
/// as `\r`, which RFC 5545 does not define and parsers keep as two characters).
fn lines(s: &str) -> String {
    s.replace("\r\n", "\n").replace('\r', "\n")
}

fn event_component(e: &FeedEvent) -> ICalendarComponent {
    let mut c = ICalendarComponent::new(ICalendarComponentType::VEvent);
    let mut add = |x: ICalendarEntry| c.entries.push(x);
    add(entry(ICalendarProperty::Uid, e.uid.as_str()));
    add(entry(ICalendarProperty::Dtstamp, utc(e.changed_at)));
    add(entry(ICalendarProperty::Created, utc(e.created_at)));
    add(entry(ICalendarProperty::LastModified, utc(e.changed_at)));
    add(entry(ICalendarProperty::Sequence, e.sequence));
    match &e.when {
        When::Days { first, after_last } => {
            let value = || ICalendarParameter::value(ICalendarValueType::Date);
            add(entry(ICalendarProperty::Dtstart, date(*first)).with_param(value()));
            add(entry(ICalendarProperty::Dtend, date(*after_last)).with_param(value()));
        }
        When::Local { start, end, tz } => {
            let tzid = || ICalendarParameter::tzid(tz.name().to_string());
            add(entry(ICalendarProperty::Dtstart, local(*start)).with_param(tzid()));
            add(entry(ICalendarProperty::Dtend, local(*end)).with_param(tzid()));
        }
    }
    if let Some(rule) = e.rrule.as_deref().and_then(rrule_value) {
        add(ICalendarEntry::new(ICalendarProperty::Rrule).with_value(rule));
    }
    add(entry(ICalendarProperty::Summary, lines(&e.summary)));
    if !e.description.is_empty() {
        add(entry(ICalendarProperty::Description, lines(&e.description)));
    }
    if let Some(l) = &e.location {
        add(entry(ICalendarProperty::Location, lines(l)));
    }
    if !e.categories.is_empty() {
        let values = e.categories.iter().map(|c| ICalendarValue::Text(lines(c))).collect();
        add(ICalendarEntry::new(ICalendarProperty::Categories).with_values(values));
    }
    add(entry(ICalendarProperty::Url, Uri::Location(e.url.clone())));
    let status = match e.status {
        EventStatus::Tentative => ICalendarStatus::Tentative,
        EventStatus::Confirmed => ICalendarStatus::Confirmed,
        EventStatus::Cancelled => ICalendarStatus::Cancelled,
    };
    add(entry(ICalendarProperty::Status, ICalendarValue::Status(status)));
    let class = if e.public { ICalendarClassification::Public } else { ICalendarClassification::Private };
    add(entry(ICalendarProperty::Class, ICalendarValue::Classification(class)));
    c
}

/// The feed as iCalendar text.
pub fn write(cal: &FeedCalendar) -> String {
    let refresh = ICalendarDuration { minutes: cal.refresh_minutes, ..Default::default() };
    let mut root = ICalendarComponent::new(ICalendarComponentType::VCalendar);
    root.entries = vec![
        entry(ICalendarProperty::Version, "2.0"),
        entry(ICalendarProperty::Prodid, PRODID),
        entry(ICalendarProperty::Calscale, ICalendarValue::CalendarScale(CalendarScale::Gregorian)),
        entry(ICalendarProperty::Method, ICalendarValue::Method(ICalendarMethod::Publish)),
        entry(ICalendarProperty::Name, cal.name.as_str()),
        other("X-WR-CALNAME", cal.name.as_str()),
        entry(ICalendarProperty::Description, cal.description.as_str()),
        other("X-WR-CALDESC", cal.description.as_str()),
        other("X-WR-TIMEZONE", cal.timezone.name()),
        entry(ICalendarProperty::RefreshInterval, refresh.clone())
            .with_param(ICalendarParameter::value(ICalendarValueType::Duration)),
        other("X-PUBLISHED-TTL", refresh),
    ];
    let mut ical = ICalendar { components: vec![root] };
    for (i, e) in cal.events.iter().enumerate() {
        ical.components.push(event_component(e));
        ical.components[0].component_ids.push(i as u32 + 1);
    }
    ical.add_missing_timezones();
    ical.to_string()
}

/// What an invitation asks of its attendees (RFC 5546).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ItipMethod {
    /// Come (or the meeting changed: the same UID with a higher SEQUENCE).
    Request,
    /// The meeting is cancelled.
    Cancel,
}

/// A meeting invitation (iTIP, RFC 5546, sent by mail as RFC 6047 says): the event
/// with its stable UID and SEQUENCE, the organizer, and one ATTENDEE per invitee
/// (RSVP=TRUE, PARTSTAT=NEEDS-ACTION, ROLE=REQ-PARTICIPANT). `organizer` and each
/// attendee are (name, address).
pub fn invitation(
    e: &FeedEvent,
    method: ItipMethod,
    organizer: (&str, &str),
    attendees: &[(String, String)],
) -> String {
    let mut root = ICalendarComponent::new(ICalendarComponentType::VCalendar);
    let m = match method {
        ItipMethod::Request => ICalendarMethod::Request,
        ItipMethod::Cancel => ICalendarMethod::Cancel,
    };
    root.entries = vec![
        entry(ICalendarProperty::Version, "2.0"),
        entry(ICalendarProperty::Prodid, PRODID),
        entry(ICalendarProperty::Calscale, ICalendarValue::CalendarScale(CalendarScale::Gregorian)),
        entry(ICalendarProperty::Method, ICalendarValue::Method(m)),
    ];
    let mut ev = event_component(e);
    if method == ItipMethod::Cancel {
        ev.entries.retain(|x| x.name != ICalendarProperty::Status);
        ev.entries.push(entry(ICalendarProperty::Status, ICalendarValue::Status(ICalendarStatus::Cancelled)));
    }
    let mailto = |a: &str| Uri::Location(format!("mailto:{}", a.trim()));
    let name = |n: &str| lines(n).replace('\n', " ");
    let mut org = entry(ICalendarProperty::Organizer, mailto(organizer.1));
    if !organizer.0.trim().is_empty() {
        org = org.with_param(ICalendarParameter::cn(name(organizer.0)));
    }
    ev.entries.push(org);
    for (n, address) in attendees {
        let mut a = entry(ICalendarProperty::Attendee, mailto(address))
            .with_param(ICalendarParameter::role(ICalendarParticipationRole::ReqParticipant))
            .with_param(ICalendarParameter::partstat(ICalendarParticipationStatus::NeedsAction))
            .with_param(ICalendarParameter::rsvp(true));
        if !n.trim().is_empty() {
            a = a.with_param(ICalendarParameter::cn(name(n)));
        }
        ev.entries.push(a);
    }
    let mut ical = ICalendar { components: vec![root, ev] };
    ical.components[0].component_ids.push(1);
    ical.add_missing_timezones();
    ical.to_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn at(s: &str) -> DateTime<Utc> {
        Utc.from_utc_datetime(&NaiveDateTime::parse_from_str(s, "%Y-%m-%dT%H:%M").unwrap())
    }

    fn event(uid: &str, when: When) -> FeedEvent {
        FeedEvent {
            uid: uid.into(),
            sequence: 2,
            created_at: at("2007-08-01T10:00"),
            changed_at: at("2007-08-15T09:30"),
            summary: "Training, border guards; Merke \\ KZ-31".into(),
            description: "Line one\nLine two".into(),
            location: Some("Merke, Жамбылская область (KZ-31)".into()),
            categories: vec!["Training".into(), "Border guards, police".into()],
            url: "https://cal.example.org/groups/kz-tip/activities/1".into(),
            status: EventStatus::Confirmed,
            when,
            rrule: None,
            public: true,
        }
    }

    fn calendar(events: Vec<FeedEvent>) -> FeedCalendar {
        FeedCalendar {
            name: "KZ TIP".into(),
            description: "Joint calendar".into(),
            timezone: chrono_tz::Asia::Almaty,
            refresh_minutes: 60,
            events,
        }
    }

    #[test]
    fn a_feed_as_icalendar() {
        let d = |s| NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap();
        let t = |s| NaiveDateTime::parse_from_str(s, "%Y-%m-%dT%H:%M").unwrap();
        let mut weekly = event(
            "b@jointcal",
            When::Local { start: t("2007-10-15T09:00"), end: t("2007-10-15T11:00"), tz: chrono_tz::Europe::Berlin },
        );
        weekly.rrule = Some("FREQ=WEEKLY;COUNT=4".into());
        let text = write(&calendar(vec![
            event("a@jointcal", When::Days { first: d("2007-09-03"), after_last: d("2007-09-06") }),
            weekly,
        ]));
        insta::assert_snapshot!(text);
    }
}
