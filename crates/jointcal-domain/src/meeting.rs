//! Coordination meetings: what is attached to an activity of kind
//! `coordination_meeting` (its agenda, minutes with decisions, the attendance
//! register) and the action items the meetings assign, with the rules for each:
//! what input is valid, how the minutes move from draft to approved, and the dates of
//! a quarterly series.
//!
//! The meeting's date, place, host and status are the activity's own, so a meeting
//! appears in every calendar, page and feed by itself.

use crate::error::{Problem, ValidationErrors};
use crate::ids::{ActivityId, GroupId, OrgId, UserId};
use crate::schedule::check_day;
use crate::vocab::{ActionStatus, AgendaKind, AttendanceResponse, MinutesStatus, Vocabulary};
use chrono::{DateTime, Datelike, Duration, NaiveDate, NaiveDateTime, Utc, Weekday};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// At most this many agenda items.
pub const MAX_AGENDA_ITEMS: usize = 60;
/// An agenda item lasts at most this many minutes.
pub const MAX_ITEM_MINUTES: u16 = 480;
/// The whole agenda lasts at most this long (minutes).
pub const MAX_AGENDA_MINUTES: u32 = 16 * 60;
/// Titles of agenda items, decisions and action items: at most this many characters.
pub const MAX_TITLE: usize = 300;
/// Notes and minutes of one item: at most this many characters.
pub const MAX_TEXT: usize = 20_000;
/// At most this many decisions per meeting.
pub const MAX_DECISIONS: usize = 100;

/// One item of a meeting's agenda. Its time slot follows from the meeting's start
/// and the lengths of the items before it ([`slots`]), so reordering keeps the
/// times right.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AgendaItem {
    /// Stable within the meeting (minutes and decisions refer to it).
    pub id: String,
    pub title: String,
    pub kind: AgendaKind,
    /// The organization that leads the item.
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>, format = Uuid))]
    pub owner_org: Option<OrgId>,
    /// How long the item takes, in minutes.
    pub minutes: u16,
    /// What the item is about, as a person reads it (plain text).
    #[serde(default)]
    pub notes: String,
    /// What the draft made it from: activity ids, flag ids, action item ids.
    #[serde(default)]
    pub refs: Vec<String>,
}

/// An agenda item as written by a coordinator (API, pages). Without `id` the item
/// is new; with one, it keeps its minutes.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub struct AgendaItemInput {
    #[serde(default)]
    pub id: Option<String>,
    pub title: String,
    /// An agenda item kind code; `other` when omitted.
    #[serde(default)]
    pub kind: Option<String>,
    /// The organization leading the item: acronym or id.
    #[serde(default)]
    pub owner: Option<String>,
    /// Minutes; 10 when omitted.
    #[serde(default)]
    pub minutes: Option<u16>,
    #[serde(default)]
    pub notes: Option<String>,
    #[serde(default)]
    pub refs: Vec<String>,
}

/// A decision taken at a meeting (the decisions register lists them all).
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Decision {
    pub id: String,
    pub text: String,
    /// The agenda item it was taken under.
    #[serde(default)]
    pub agenda_item: Option<String>,
}

/// A decision as written (without `id`: new).
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub struct DecisionInput {
    #[serde(default)]
    pub id: Option<String>,
    pub text: String,
    #[serde(default)]
    pub agenda_item: Option<String>,
}

/// The minutes of a meeting: Markdown per agenda item, a general part, and the
/// decisions. Each save is a revision; the latest is the minutes.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct Minutes {
    /// Markdown before the items (who chaired, the context).
    #[serde(default)]
    pub summary: String,
    /// Markdown per agenda item id.
    #[serde(default)]
    pub items: BTreeMap<String, String>,
    #[serde(default)]
    pub decisions: Vec<Decision>,
}

/// Minutes as written.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub struct MinutesInput {
    #[serde(default)]
    pub summary: String,
    /// Markdown per agenda item id (items of the agenda only).
    #[serde(default)]
    pub items: BTreeMap<String, String>,
    #[serde(default)]
    pub decisions: Vec<DecisionInput>,
}

/// What is kept of a meeting besides its activity.
#[derive(Debug, Clone, PartialEq)]
pub struct Meeting {
    /// The activity the meeting is (same id).
    pub id: ActivityId,
    pub group_id: GroupId,
    /// Meetings scheduled together as a series share this.
    pub series: Option<uuid::Uuid>,
    pub agenda: Vec<AgendaItem>,
    pub minutes: Minutes,
    pub minutes_status: MinutesStatus,
    /// How many times the minutes were saved (0: none yet).
    pub minutes_revision: i64,
    /// The meeting at which the minutes were approved.
    pub approved_in: Option<ActivityId>,
    /// Shown to readers outside the group (agenda and approved minutes).
    pub published: bool,
    /// The activity's sequence when invitations were last sent (None: never).
    pub invited_sequence: Option<i64>,
    pub version: i64,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

impl Meeting {
    /// A new meeting without agenda or minutes.
    pub fn new(id: ActivityId, group_id: GroupId, series: Option<uuid::Uuid>, now: DateTime<Utc>) -> Self {
        Meeting {
            id,
            group_id,
            series,
            agenda: Vec::new(),
            minutes: Minutes::default(),
            minutes_status: MinutesStatus::Draft,
            minutes_revision: 0,
            approved_in: None,
            published: false,
            invited_sequence: None,
            version: 1,
            created_at: now,
            updated_at: now,
        }
    }

    /// The record for the audit log.
    pub fn to_json(&self) -> serde_json::Value {
        serde_json::json!({
            "agenda": self.agenda,
            "minutes": self.minutes,
            "minutes_status": self.minutes_status.code(),
            "minutes_revision": self.minutes_revision,
            "approved_in": self.approved_in.map(|a| a.0),
            "published": self.published,
            "version": self.version,
        })
    }
}

/// One person's line in a meeting's attendance register: a member (with an account)
/// or a guest named by hand.
#[derive(Debug, Clone, PartialEq)]
pub struct Attendance {
    pub id: uuid::Uuid,
    pub meeting: ActivityId,
    pub user: Option<UserId>,
    pub name: String,
    pub org: Option<OrgId>,
    pub response: AttendanceResponse,
    /// Recorded after the meeting: did they come?
    pub attended: Option<bool>,
    pub version: i64,
    pub updated_at: DateTime<Utc>,
}

/// Something a meeting asked someone to do.
#[derive(Debug, Clone, PartialEq)]
pub struct ActionItem {
    pub id: uuid::Uuid,
    pub group_id: GroupId,
    /// The meeting that assigned it.
    pub meeting: ActivityId,
    pub what: String,
    pub owner_org: Option<OrgId>,
    /// The person who answers for it, when they have an account.
    pub owner_user: Option<UserId>,
    pub due: NaiveDate,
    pub status: ActionStatus,
    /// How it went (the owner's words when closing it).
    pub note: String,
    /// The due date a reminder was sent for (a new due date gets a new reminder).
    pub reminded_for: Option<NaiveDate>,
    pub version: i64,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

impl ActionItem {
    pub fn to_json(&self) -> serde_json::Value {
        serde_json::json!({
            "meeting": self.meeting.0,
            "what": self.what,
            "owner_org": self.owner_org.map(|o| o.0),
            "owner_user": self.owner_user.map(|u| u.0),
            "due": self.due.to_string(),
            "status": self.status.code(),
            "note": self.note,
            "version": self.version,
        })
    }

    /// Is a reminder due at `today` (local), `days_before` the due date?
    pub fn reminder_due(&self, today: NaiveDate, days_before: i64) -> bool {
        self.status == ActionStatus::Open
            && self.reminded_for != Some(self.due)
            && today >= self.due - Duration::days(days_before)
            && today <= self.due
    }
}

/// An action item as written. On update, absent fields keep their value.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub struct ActionInput {
    #[serde(default)]
    pub what: Option<String>,
    /// Organization: acronym or id.
    #[serde(default)]
    pub owner_org: Option<String>,
    /// The person: the e-mail address of a member, or empty for none.
    #[serde(default)]
    pub owner: Option<String>,
    /// `YYYY-MM-DD`.
    #[serde(default)]
    pub due: Option<String>,
    /// An action status code.
    #[serde(default)]
    pub status: Option<String>,
    #[serde(default)]
    pub note: Option<String>,
}

/// The fields of an action item after validation (owner person resolved by the
/// caller, which knows the accounts).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ActionFields {
    pub what: String,
    pub owner_org: Option<OrgId>,
    pub due: NaiveDate,
    pub status: ActionStatus,
    pub note: String,
}

fn text_field(errs: &mut ValidationErrors, field: &str, s: &str, required: bool, max: usize) -> String {
    let t = s.trim();
    if required && t.is_empty() {
        errs.add(field, Problem::required());
    } else if t.chars().count() > max {
        errs.add(field, Problem::too_long(max));
    } else if t.chars().any(|c| c.is_control() && c != '\n' && c != '\t' && c != '\r') {
        errs.add(field, Problem::new("control_character", "holds a control character; remove it"));
    }
    t.to_string()
}

fn one_line(errs: &mut ValidationErrors, field: &str, s: &str, required: bool) -> String {
    let t = text_field(errs, field, s, required, MAX_TITLE);
    if t.contains(['\n', '\r']) {
        errs.add(field, Problem::new("one_line", "must be one line"));
    }
    t
}

/// An organization named by acronym or id (blank: none); an unknown one is an error
/// of `field`.
pub fn org_ref(
    errs: &mut ValidationErrors,
    field: &str,
    value: Option<&str>,
    resolve_org: &dyn Fn(&str) -> Option<OrgId>,
) -> Option<OrgId> {
    let o = value.map(str::trim).filter(|o| !o.is_empty())?;
    let found = resolve_org(o);
    if found.is_none() {
        errs.add(
            field,
            Problem::new("unknown_organization", format!("no organization '{o}'; use an acronym or id"))
                .with("value", o),
        );
    }
    found
}

fn parse_due(s: &str) -> Result<NaiveDate, Problem> {
    let d = NaiveDate::parse_from_str(s.trim(), "%Y-%m-%d").map_err(|_| {
        Problem::new("not_a_date", format!("'{s}' is not a date; use YYYY-MM-DD (e.g. 2007-09-03)")).with("value", s)
    })?;
    check_day(d)
}

/// Validates an agenda. `existing` are the ids the meeting's agenda has now (an
/// item may keep one of them or get a new one from `new_id`); `resolve_org` finds an
/// organization by acronym or id.
pub fn validate_agenda(
    input: &[AgendaItemInput],
    existing: &[String],
    resolve_org: &dyn Fn(&str) -> Option<OrgId>,
    new_id: &mut dyn FnMut() -> String,
) -> Result<Vec<AgendaItem>, ValidationErrors> {
    let mut errs = ValidationErrors::new();
    if input.len() > MAX_AGENDA_ITEMS {
        errs.add("items", Problem::too_many(MAX_AGENDA_ITEMS, "agenda items"));
        return Err(errs);
    }
    let mut out = Vec::with_capacity(input.len());
    let mut seen = std::collections::HashSet::new();
    let mut total: u32 = 0;
    for (i, it) in input.iter().enumerate() {
        let f = |name: &str| format!("items[{i}].{name}");
        let title = one_line(&mut errs, &f("title"), &it.title, true);
        let kind = match it.kind.as_deref().map(str::trim).filter(|k| !k.is_empty()) {
            None => AgendaKind::Other,
            Some(k) => {
                errs.take(&f("kind"), AgendaKind::from_code(k).map_err(Problem::from)).unwrap_or(AgendaKind::Other)
            }
        };
        let owner_org = org_ref(&mut errs, &f("owner"), it.owner.as_deref(), resolve_org);
        let minutes = it.minutes.unwrap_or(10);
        if minutes == 0 || minutes > MAX_ITEM_MINUTES {
            errs.add(
                f("minutes"),
                Problem::new(
                    "out_of_range",
                    format!("an item lasts from 1 to {MAX_ITEM_MINUTES} minutes, not {minutes}"),
                )
                .with("min", 1)
                .with("max", MAX_ITEM_MINUTES),
            );
        }
        total += u32::from(minutes);
        let notes = text_field(&mut errs, &f("notes"), it.notes.as_deref().unwrap_or(""), false, MAX_TEXT);
        let id = match it.id.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
            None => new_id(),
            Some(id) if existing.iter().any(|e| e == id) => id.to_string(),
            Some(id) => {
                errs.add(
                    f("id"),
                    Problem::new(
                        "unknown_agenda_item",
                        format!("the agenda has no item '{id}'; leave id out for a new item"),
                    )
                    .with("value", id),
                );
                id.to_string()
            }
        };
        if !seen.insert(id.clone()) {
            errs.add(f("id"), Problem::new("duplicate", format!("item '{id}' is listed twice")).with("value", &id));
        }
        if it.refs.len() > 200 || it.refs.iter().any(|r| r.len() > 100) {
            errs.add(f("refs"), Problem::too_many(200, "references"));
        }
        out.push(AgendaItem { id, title, kind, owner_org, minutes, notes, refs: it.refs.clone() });
    }
    if total > MAX_AGENDA_MINUTES {
        errs.add(
            "items",
            Problem::new(
                "agenda_too_long",
                format!("the agenda lasts {total} minutes; a meeting's agenda lasts at most {MAX_AGENDA_MINUTES}"),
            )
            .with("max", MAX_AGENDA_MINUTES),
        );
    }
    errs.into_result(out)
}

/// Validates minutes against the meeting's agenda.
pub fn validate_minutes(
    input: &MinutesInput,
    agenda: &[AgendaItem],
    existing: &[Decision],
    new_id: &mut dyn FnMut() -> String,
) -> Result<Minutes, ValidationErrors> {
    let mut errs = ValidationErrors::new();
    let summary = text_field(&mut errs, "summary", &input.summary, false, MAX_TEXT);
    let mut items = BTreeMap::new();
    for (id, text) in &input.items {
        let field = format!("items.{id}");
        if !agenda.iter().any(|a| &a.id == id) {
            errs.add(
                &field,
                Problem::new("unknown_agenda_item", format!("the agenda has no item '{id}'")).with("value", id),
            );
            continue;
        }
        let t = text_field(&mut errs, &field, text, false, MAX_TEXT);
        if !t.is_empty() {
            items.insert(id.clone(), t);
        }
    }
    if input.decisions.len() > MAX_DECISIONS {
        errs.add("decisions", Problem::too_many(MAX_DECISIONS, "decisions"));
        return Err(errs);
    }
    let mut decisions = Vec::with_capacity(input.decisions.len());
    for (i, d) in input.decisions.iter().enumerate() {
        let text = text_field(&mut errs, &format!("decisions[{i}].text"), &d.text, true, 2000);
        let agenda_item = d.agenda_item.as_deref().map(str::trim).filter(|s| !s.is_empty()).map(str::to_string);
        if let Some(a) = &agenda_item {
            if !agenda.iter().any(|x| &x.id == a) {
                errs.add(
                    format!("decisions[{i}].agenda_item"),
                    Problem::new("unknown_agenda_item", format!("the agenda has no item '{a}'")).with("value", a),
                );
            }
        }
        let id = match d.id.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
            Some(id) if existing.iter().any(|e| e.id == id) => id.to_string(),
            Some(id) => {
                errs.add(
                    format!("decisions[{i}].id"),
                    Problem::new("unknown_decision", format!("no decision '{id}'; leave id out for a new one"))
                        .with("value", id),
                );
                id.to_string()
            }
            None => new_id(),
        };
        decisions.push(Decision { id, text, agenda_item });
    }
    errs.into_result(Minutes { summary, items, decisions })
}

/// May the minutes move from `from` to `to`? Draft → circulated (sent for comment),
/// circulated → draft (taken back to change), circulated → approved (adopted at a
/// later meeting, named by the caller). Approved minutes stay approved.
pub fn minutes_transition(from: MinutesStatus, to: MinutesStatus) -> Result<(), Problem> {
    use MinutesStatus::*;
    match (from, to) {
        (a, b) if a == b => Ok(()),
        (Draft, Circulated) | (Circulated, Draft) | (Circulated, Approved) => Ok(()),
        (Draft, Approved) => Err(Problem::new(
            "minutes_not_circulated",
            "circulate the minutes before they are approved: members must see them first",
        )),
        (Approved, _) => Err(Problem::new("minutes_approved", "approved minutes cannot change")),
        _ => Err(Problem::new("bad_transition", format!("minutes cannot go from {} to {}", from.code(), to.code()))),
    }
}

/// Validates an action item: a whole new one (`before` None: `what`, `due` required)
/// or a change of `before` (absent fields keep their value).
pub fn validate_action(
    input: &ActionInput,
    before: Option<&ActionFields>,
    resolve_org: &dyn Fn(&str) -> Option<OrgId>,
) -> Result<ActionFields, ValidationErrors> {
    let mut errs = ValidationErrors::new();
    let what = match (&input.what, before) {
        (Some(w), _) => one_line_long(&mut errs, w),
        (None, Some(b)) => b.what.clone(),
        (None, None) => {
            errs.add("what", Problem::required_as("say what is to be done"));
            String::new()
        }
    };
    let owner_org = match (&input.owner_org, before) {
        (Some(o), _) => org_ref(&mut errs, "owner_org", Some(o), resolve_org),
        (None, Some(b)) => b.owner_org,
        (None, None) => None,
    };
    let due = match (&input.due, before) {
        (Some(d), _) => errs.take("due", parse_due(d)),
        (None, Some(b)) => Some(b.due),
        (None, None) => {
            errs.add("due", Problem::required_as("YYYY-MM-DD"));
            None
        }
    };
    let status = match (&input.status, before) {
        (Some(s), _) => errs.take("status", ActionStatus::from_code(s).map_err(Problem::from)),
        (None, Some(b)) => Some(b.status),
        (None, None) => Some(ActionStatus::Open),
    };
    let note = match (&input.note, before) {
        (Some(n), _) => text_field(&mut errs, "note", n, false, 2000),
        (None, Some(b)) => b.note.clone(),
        (None, None) => String::new(),
    };
    match (due, status) {
        (Some(due), Some(status)) if errs.is_empty() => Ok(ActionFields { what, owner_org, due, status, note }),
        _ => Err(errs),
    }
}

fn one_line_long(errs: &mut ValidationErrors, s: &str) -> String {
    let t = text_field(errs, "what", s, true, 1000);
    if t.contains(['\n', '\r']) {
        errs.add("what", Problem::new("one_line", "must be one line"));
    }
    t
}

/// Each item's time slot (local start and end), from the meeting's local start.
pub fn slots(start: NaiveDateTime, agenda: &[AgendaItem]) -> Vec<(NaiveDateTime, NaiveDateTime)> {
    let mut t = start;
    agenda
        .iter()
        .map(|a| {
            let end = t + Duration::minutes(i64::from(a.minutes));
            let slot = (t, end);
            t = end;
            slot
        })
        .collect()
}

/// Which weekday of a month: the first to fourth, or the last.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Nth {
    First,
    Second,
    Third,
    Fourth,
    Last,
}

impl Nth {
    pub fn parse(s: &str) -> Result<Nth, Problem> {
        match s.trim().to_lowercase().as_str() {
            "1" | "first" => Ok(Nth::First),
            "2" | "second" => Ok(Nth::Second),
            "3" | "third" => Ok(Nth::Third),
            "4" | "fourth" => Ok(Nth::Fourth),
            "-1" | "last" => Ok(Nth::Last),
            other => Err(Problem::new(
                "not_an_nth",
                format!("'{other}' is not a week of the month: use first, second, third, fourth or last"),
            )
            .with("value", other)),
        }
    }

    pub fn code(self) -> &'static str {
        match self {
            Nth::First => "first",
            Nth::Second => "second",
            Nth::Third => "third",
            Nth::Fourth => "fourth",
            Nth::Last => "last",
        }
    }
}

/// Parses a weekday: `tuesday`, `tue`, `tu` (any case).
pub fn parse_weekday(s: &str) -> Result<Weekday, Problem> {
    let t = s.trim().to_lowercase();
    let days = [
        ("mo", Weekday::Mon),
        ("tu", Weekday::Tue),
        ("we", Weekday::Wed),
        ("th", Weekday::Thu),
        ("fr", Weekday::Fri),
        ("sa", Weekday::Sat),
        ("su", Weekday::Sun),
    ];
    let full = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"];
    days.iter()
        .zip(full)
        .find(|((short, _), long)| t.len() >= 2 && long.starts_with(&t) && t.starts_with(short))
        .map(|((_, d), _)| *d)
        .ok_or_else(|| {
            Problem::new("not_a_weekday", format!("'{s}' is not a day of the week: use e.g. tuesday or tue"))
                .with("value", s)
        })
}

/// The `nth` `weekday` of a month.
pub fn nth_weekday(year: i32, month: u32, weekday: Weekday, nth: Nth) -> Option<NaiveDate> {
    match nth {
        Nth::Last => {
            let next = NaiveDate::from_ymd_opt(year, month, 1)?.checked_add_months(chrono::Months::new(1))?;
            let mut d = next.pred_opt()?;
            while d.weekday() != weekday {
                d = d.pred_opt()?;
            }
            Some(d)
        }
        n => {
            let k = match n {
                Nth::First => 0,
                Nth::Second => 1,
                Nth::Third => 2,
                _ => 3,
            };
            NaiveDate::from_weekday_of_month_opt(year, month, weekday, k + 1)
        }
    }
}

/// A quarterly series: the `nth` `weekday` of the `month_in_quarter` (1–3) month of
/// each quarter, e.g. the first Tuesday of January, April, July and October.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct QuarterlySeries {
    pub month_in_quarter: u32,
    pub weekday: Weekday,
    pub nth: Nth,
}

impl QuarterlySeries {
    /// The first `count` dates on or after `from`.
    pub fn dates(&self, from: NaiveDate, count: usize) -> Vec<NaiveDate> {
        let mut out = Vec::with_capacity(count);
        let month_in_quarter = self.month_in_quarter.clamp(1, 3);
        let mut year = from.year();
        let mut quarter = from.month0() / 3;
        // Every quarter has the day (the fourth weekday exists in every month), so
        // count + 1 quarters always suffice.
        for _ in 0..=count + 1 {
            if out.len() == count {
                break;
            }
            let month = quarter * 3 + month_in_quarter;
            if let Some(d) = nth_weekday(year, month, self.weekday, self.nth) {
                if d >= from {
                    out.push(d);
                }
            }
            quarter += 1;
            if quarter == 4 {
                quarter = 0;
                year += 1;
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::schedule::local_to_utc;
    use chrono::{NaiveTime, TimeZone};
    use proptest::prelude::*;

    fn none(_: &str) -> Option<OrgId> {
        None
    }

    #[test]
    fn nth_weekdays() {
        let d = |y, m, day| NaiveDate::from_ymd_opt(y, m, day).unwrap();
        assert_eq!(nth_weekday(2007, 10, Weekday::Tue, Nth::First), Some(d(2007, 10, 2)));
        assert_eq!(nth_weekday(2007, 10, Weekday::Tue, Nth::Fourth), Some(d(2007, 10, 23)));
        assert_eq!(nth_weekday(2007, 10, Weekday::Wed, Nth::Last), Some(d(2007, 10, 31)));
        assert_eq!(nth_weekday(2008, 2, Weekday::Fri, Nth::Last), Some(d(2008, 2, 29)));
        let s = QuarterlySeries { month_in_quarter: 1, weekday: Weekday::Tue, nth: Nth::First };
        assert_eq!(s.dates(d(2007, 8, 15), 4), vec![d(2007, 10, 2), d(2008, 1, 1), d(2008, 4, 1), d(2008, 7, 1)]);
        assert_eq!(s.dates(d(2007, 10, 2), 1), vec![d(2007, 10, 2)], "the day itself counts");
        assert_eq!(parse_weekday("Tue"), Ok(Weekday::Tue));
        assert_eq!(parse_weekday("tuesday"), Ok(Weekday::Tue));
        assert!(parse_weekday("t").is_err());
        assert!(parse_weekday("tux").is_err());
        assert_eq!(Nth::parse("last"), Ok(Nth::Last));
        assert!(Nth::parse("fifth").is_err());
    }

    proptest! {
        /// Every date of a series is the right weekday, in the right month of its own
        /// quarter, the right one of the month; one per quarter in order without a
        /// quarter skipped; and a meeting at 10:00 local in a zone with daylight
        /// saving is at 10:00 local on that day whatever the season.
        #[test]
        fn quarterly_series(
            y in 1990i32..2090, m in 1u32..=12, day in 1u32..=28,
            miq in 1u32..=3, wd in 0u8..7, nth in 0u8..5, count in 1usize..12,
            zone in prop::sample::select(vec!["Europe/Berlin", "America/New_York", "Australia/Sydney", "Asia/Almaty", "Europe/Istanbul"]),
        ) {
            let from = NaiveDate::from_ymd_opt(y, m, day).unwrap();
            let weekday = Weekday::try_from(wd).unwrap();
            let nth = [Nth::First, Nth::Second, Nth::Third, Nth::Fourth, Nth::Last][nth as usize];
            let s = QuarterlySeries { month_in_quarter: miq, weekday, nth };
            let dates = s.dates(from, count);
            prop_assert_eq!(dates.len(), count);
            let tz: chrono_tz::Tz = zone.parse().unwrap();
            for (i, d) in dates.iter().enumerate() {
                prop_assert!(*d >= from);
                prop_assert_eq!(d.weekday(), weekday);
                prop_assert_eq!(d.month0() % 3 + 1, miq);
                let week = (d.day() - 1) / 7;
                match nth {
                    Nth::Last => prop_assert!(d.day() + 7 > d.with_day(1).unwrap().checked_add_months(chrono::Months::new(1)).unwrap().pred_opt().unwrap().day()),
                    n => prop_assert_eq!(week, [Nth::First, Nth::Second, Nth::Third, Nth::Fourth].iter().position(|x| *x == n).unwrap() as u32),
                }
                if i > 0 {
                    let prev = dates[i - 1];
                    let q = |x: NaiveDate| x.year() * 4 + (x.month0() / 3) as i32;
                    prop_assert_eq!(q(*d), q(prev) + 1, "one per quarter, none skipped");
                }
                let local = d.and_time(NaiveTime::from_hms_opt(10, 0, 0).unwrap());
                let utc = local_to_utc(tz, local).unwrap();
                prop_assert_eq!(tz.from_utc_datetime(&utc.naive_utc()).naive_local(), local);
            }
        }
    }

    #[test]
    fn agenda_validation() {
        let mut n = 0;
        let mut new_id = || {
            n += 1;
            format!("i{n}")
        };
        let ok = validate_agenda(
            &[
                AgendaItemInput { title: "Opening".into(), minutes: Some(5), ..Default::default() },
                AgendaItemInput { id: Some("old".into()), title: "Kept".into(), ..Default::default() },
            ],
            &["old".into()],
            &none,
            &mut new_id,
        )
        .unwrap();
        assert_eq!(ok[0].id, "i1");
        assert_eq!(ok[1].id, "old");
        assert_eq!(ok[1].minutes, 10);
        let start = NaiveDate::from_ymd_opt(2007, 10, 23).unwrap().and_hms_opt(10, 0, 0).unwrap();
        let s = slots(start, &ok);
        assert_eq!(s[1].0, start + Duration::minutes(5));
        assert_eq!(s[1].1, start + Duration::minutes(15));

        let bad = validate_agenda(
            &[
                AgendaItemInput { title: " ".into(), ..Default::default() },
                AgendaItemInput {
                    title: "x\ny".into(),
                    minutes: Some(0),
                    owner: Some("NOPE".into()),
                    ..Default::default()
                },
                AgendaItemInput {
                    id: Some("ghost".into()),
                    title: "t".into(),
                    kind: Some("party".into()),
                    ..Default::default()
                },
            ],
            &[],
            &none,
            &mut || "n".into(),
        )
        .unwrap_err();
        let fields: Vec<&str> = bad.fields.iter().map(|e| e.field.as_str()).collect();
        for f in
            ["items[0].title", "items[1].title", "items[1].minutes", "items[1].owner", "items[2].id", "items[2].kind"]
        {
            assert!(fields.contains(&f), "{f} in {fields:?}");
        }
    }

    #[test]
    fn minutes_and_status() {
        let agenda = vec![AgendaItem {
            id: "a".into(),
            title: "t".into(),
            kind: AgendaKind::Other,
            owner_org: None,
            minutes: 10,
            notes: String::new(),
            refs: vec![],
        }];
        let input = MinutesInput {
            summary: "Chaired by INL.".into(),
            items: [("a".to_string(), "We **agreed**.".to_string()), ("zz".to_string(), "x".to_string())].into(),
            decisions: vec![DecisionInput { text: "Meet quarterly".into(), ..Default::default() }],
        };
        let e = validate_minutes(&input, &agenda, &[], &mut || "d1".into()).unwrap_err();
        assert_eq!(e.fields.len(), 1);
        assert_eq!(e.fields[0].field, "items.zz");
        let mut input = input;
        input.items.remove("zz");
        let m = validate_minutes(&input, &agenda, &[], &mut || "d1".into()).unwrap();
        assert_eq!(m.decisions[0].id, "d1");
        assert_eq!(m.items["a"], "We **agreed**.");

        use MinutesStatus::*;
        assert!(minutes_transition(Draft, Circulated).is_ok());
        assert!(minutes_transition(Circulated, Approved).is_ok());
        assert_eq!(minutes_transition(Draft, Approved).unwrap_err().code, "minutes_not_circulated");
        assert_eq!(minutes_transition(Approved, Draft).unwrap_err().code, "minutes_approved");
    }

    #[test]
    fn actions_and_reminders() {
        let new = ActionInput {
            what: Some("Distribute the calendar".into()),
            due: Some("2007-05-31".into()),
            ..Default::default()
        };
        let f = validate_action(&new, None, &none).unwrap();
        assert_eq!(f.status, ActionStatus::Open);
        let e = validate_action(&ActionInput::default(), None, &none).unwrap_err();
        assert_eq!(e.fields.len(), 2, "what and due are required: {e:?}");
        let e = validate_action(&ActionInput { due: Some("2007-02-30".into()), ..Default::default() }, Some(&f), &none)
            .unwrap_err();
        assert_eq!(e.fields[0].problem.code, "not_a_date");
        let closed =
            validate_action(&ActionInput { status: Some("done".into()), ..Default::default() }, Some(&f), &none)
                .unwrap();
        assert_eq!((closed.status, closed.what.as_str()), (ActionStatus::Done, "Distribute the calendar"));

        let now = Utc.with_ymd_and_hms(2007, 5, 1, 0, 0, 0).unwrap();
        let mut a = ActionItem {
            id: uuid::Uuid::nil(),
            group_id: GroupId(uuid::Uuid::nil()),
            meeting: ActivityId(uuid::Uuid::nil()),
            what: f.what,
            owner_org: None,
            owner_user: None,
            due: f.due,
            status: ActionStatus::Open,
            note: String::new(),
            reminded_for: None,
            version: 1,
            created_at: now,
            updated_at: now,
        };
        let day = |d| NaiveDate::from_ymd_opt(2007, 5, d).unwrap();
        assert!(!a.reminder_due(day(27), 3));
        assert!(a.reminder_due(day(28), 3));
        assert!(a.reminder_due(day(31), 3));
        a.reminded_for = Some(a.due);
        assert!(!a.reminder_due(day(29), 3), "once per due date");
        a.due = day(30);
        assert!(a.reminder_due(day(29), 3), "a new due date gets its reminder");
        a.status = ActionStatus::Done;
        assert!(!a.reminder_due(day(29), 3));
    }
}
