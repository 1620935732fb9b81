//! When an activity happens.
//!
//! - **All-day** activities are dates with an *inclusive* last day (`2007-09-03` to
//!   `2007-09-07` is five days). Formats with an exclusive end (iCalendar's DTEND)
//!   convert at the edge: `exclusive_end = last + 1 day`.
//! - **Timed** activities are local date-times in their own IANA zone (default: the
//!   group's), plus UTC bounds computed from them for queries.
//! - An optional **recurrence** (RFC 5545 RRULE) repeats the first occurrence; it must
//!   end (COUNT or UNTIL) and its series bounds are stored.

use crate::error::Problem;
use chrono::{DateTime, Datelike, Duration, NaiveDate, NaiveDateTime, NaiveTime, TimeZone, Timelike, Utc};
use chrono_tz::Tz;
use serde::{Deserialize, Serialize};

/// Earliest and latest years accepted: wide enough for archives and long plans,
/// narrow enough to reject typing slips such as year 99999.
pub const MIN_YEAR: i32 = 1900;
pub const MAX_YEAR: i32 = 2200;
/// A recurrence may have at most this many occurrences.
pub const MAX_OCCURRENCES: u16 = 1000;

/// The dates as given by a user, a form or a file.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub struct DatesInput {
    /// `YYYY-MM-DD` (all-day) or `YYYY-MM-DDTHH:MM[:SS]` (timed, local to `tz`).
    pub start: String,
    /// Same form as `start`; for all-day activities the last day (inclusive).
    /// Omitted: a single day.
    #[serde(default)]
    pub end: Option<String>,
    /// IANA time zone, e.g. `Asia/Almaty`; defaults to the group's.
    #[serde(default)]
    pub tz: Option<String>,
    /// Accepted for symmetry with the output; must agree with the form of `start`.
    #[serde(default)]
    pub all_day: Option<bool>,
}

/// The span of one occurrence.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Span {
    AllDay { first: NaiveDate, last: NaiveDate },
    Timed { start: NaiveDateTime, end: NaiveDateTime },
}

/// Validated dates of an activity.
#[derive(Debug, Clone, PartialEq)]
pub struct Schedule {
    pub span: Span,
    pub tz: Tz,
    /// RRULE value (without the `RRULE:` prefix), upper-cased.
    pub rrule: Option<String>,
    /// UTC start of the first occurrence.
    pub start_utc: DateTime<Utc>,
    /// UTC end (exclusive) of the last occurrence: the series bound.
    pub end_utc: DateTime<Utc>,
}

/// Output form of the dates: the same shape as the input, made explicit.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DatesOutput {
    pub all_day: bool,
    pub start: String,
    pub end: String,
    pub tz: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub recurrence: Option<String>,
}

fn parse_date(field: &str, s: &str) -> Result<NaiveDate, Problem> {
    let d = NaiveDate::parse_from_str(s.trim(), "%Y-%m-%d").map_err(|_| {
        Problem::new("not_a_date", format!("'{s}' is not a date; use YYYY-MM-DD (e.g. 2007-09-03)")).with("value", s)
    })?;
    check_year(field, d.year())?;
    Ok(d)
}

fn parse_datetime(field: &str, s: &str) -> Result<NaiveDateTime, Problem> {
    let t = s.trim();
    let d = NaiveDateTime::parse_from_str(t, "%Y-%m-%dT%H:%M:%S")
        .or_else(|_| NaiveDateTime::parse_from_str(t, "%Y-%m-%dT%H:%M"))
        .map_err(|_| {
            Problem::new("not_a_local_time", format!("'{s}' is not a local date-time; use YYYY-MM-DDTHH:MM (e.g. 2007-09-03T09:30), without a UTC offset: the zone goes in tz")).with("value", s)
        })?;
    check_year(field, d.year())?;
    Ok(d)
}

/// A day given anywhere (API parameters, pages, the command line) within the years
/// the calendar accepts.
pub fn check_day(d: NaiveDate) -> Result<NaiveDate, Problem> {
    check_year("", d.year()).map(|()| d)
}

fn check_year(_field: &str, y: i32) -> Result<(), Problem> {
    if (MIN_YEAR..=MAX_YEAR).contains(&y) {
        Ok(())
    } else {
        Err(Problem::new(
            "year_out_of_range",
            format!("year {y} is out of range; use a year from {MIN_YEAR} to {MAX_YEAR}"),
        )
        .with("year", y)
        .with("min", MIN_YEAR)
        .with("max", MAX_YEAR))
    }
}

pub fn parse_tz(s: &str) -> Result<Tz, Problem> {
    s.trim().parse::<Tz>().map_err(|_| {
        Problem::new(
            "not_a_time_zone",
            format!("'{s}' is not an IANA time zone; use e.g. Asia/Almaty or Europe/Istanbul"),
        )
        .with("value", s)
    })
}

/// Local time → UTC in `tz`. A time skipped by a daylight-saving change is an
/// error; an ambiguous one (clocks set back) takes the earlier instant.
pub fn local_to_utc(tz: Tz, t: NaiveDateTime) -> Result<DateTime<Utc>, Problem> {
    match tz.from_local_datetime(&t) {
        chrono::LocalResult::Single(d) => Ok(d.with_timezone(&Utc)),
        chrono::LocalResult::Ambiguous(a, _) => Ok(a.with_timezone(&Utc)),
        chrono::LocalResult::None => {
            let when = t.format("%Y-%m-%d %H:%M").to_string();
            let m = format!("{when} does not exist in {} (the clocks skip it for daylight saving)", tz.name());
            Err(Problem::new("skipped_local_time", m).with("time", when).with("tz", tz.name()))
        }
    }
}

/// Start of a local day in `tz`, as UTC (midnight, or the first instant after a
/// daylight-saving gap at midnight).
pub fn day_start_utc(tz: Tz, d: NaiveDate) -> DateTime<Utc> {
    let mut t = d.and_time(NaiveTime::MIN);
    for _ in 0..4 {
        if let Ok(u) = local_to_utc(tz, t) {
            return u;
        }
        t += Duration::minutes(30);
    }
    Utc.from_utc_datetime(&d.and_time(NaiveTime::MIN))
}

impl Span {
    /// How long one occurrence lasts, in local time.
    fn length(&self) -> Duration {
        match *self {
            Span::AllDay { first, last } => (last - first) + Duration::days(1),
            Span::Timed { start, end } => end - start,
        }
    }

    fn local_start(&self) -> NaiveDateTime {
        match *self {
            Span::AllDay { first, .. } => first.and_time(NaiveTime::MIN),
            Span::Timed { start, .. } => start,
        }
    }

    /// UTC bounds of this span in `tz` (end exclusive).
    pub fn utc_bounds(&self, tz: Tz) -> Result<(DateTime<Utc>, DateTime<Utc>), Problem> {
        match *self {
            Span::AllDay { first, last } => Ok((day_start_utc(tz, first), day_start_utc(tz, last + Duration::days(1)))),
            Span::Timed { start, end } => Ok((local_to_utc(tz, start)?, local_to_utc(tz, end)?)),
        }
    }

    /// The same span moved so that it starts at `local_start` (for recurrences).
    fn moved_to(&self, local_start: NaiveDateTime) -> Span {
        match *self {
            Span::AllDay { first, last } => {
                let d = local_start.date();
                Span::AllDay { first: d, last: d + (last - first) }
            }
            Span::Timed { start, end } => Span::Timed { start: local_start, end: local_start + (end - start) },
        }
    }
}

impl Schedule {
    /// Validates input dates. Errors are `(field, message)` pairs, fields relative to the dates object.
    pub fn parse(
        input: &DatesInput,
        recurrence: Option<&str>,
        default_tz: Tz,
    ) -> Result<Schedule, Vec<(String, Problem)>> {
        Self::parse_with(input, recurrence, default_tz, None)
    }

    /// Rebuilds a stored schedule: its series end is known, so the recurrence is not
    /// expanded again (reading a calendar must not cost a thousand occurrences a row).
    pub fn from_stored(
        input: &DatesInput,
        recurrence: Option<&str>,
        series_end: DateTime<Utc>,
    ) -> Result<Schedule, Vec<(String, Problem)>> {
        Self::parse_with(input, recurrence, chrono_tz::UTC, Some(series_end))
    }

    fn parse_with(
        input: &DatesInput,
        recurrence: Option<&str>,
        default_tz: Tz,
        known_series_end: Option<DateTime<Utc>>,
    ) -> Result<Schedule, Vec<(String, Problem)>> {
        let mut errs: Vec<(String, Problem)> = Vec::new();
        let tz = match input.tz.as_deref().filter(|s| !s.trim().is_empty()) {
            Some(s) => parse_tz(s).map_err(|m| errs.push(("tz".into(), m))).ok(),
            None => Some(default_tz),
        };
        let start_raw = input.start.trim();
        let end_raw = input.end.as_deref().map(str::trim).filter(|s| !s.is_empty());
        if start_raw.is_empty() {
            errs.push(("start".into(), Problem::required_as("YYYY-MM-DD or YYYY-MM-DDTHH:MM")));
            return Err(errs);
        }
        let timed = start_raw.contains('T');
        if let Some(a) = input.all_day {
            if a == timed {
                errs.push((
                    "all_day".into(),
                    Problem::new(
                        "all_day_mismatch",
                        if a { "is true but start has a time of day" } else { "is false but start has no time of day" },
                    )
                    .with("value", a),
                ));
            }
        }
        if let Some(e) = end_raw {
            if e.contains('T') != timed {
                errs.push((
                    "end".into(),
                    Problem::new("end_form", "must have the same form as start: both dates, or both date-times"),
                ));
                return Err(errs);
            }
        }
        let span = if timed {
            let start = parse_datetime("start", start_raw).map_err(|m| errs.push(("start".into(), m))).ok();
            let end = match end_raw {
                Some(e) => parse_datetime("end", e).map_err(|m| errs.push(("end".into(), m))).ok(),
                None => {
                    errs.push(("end".into(), Problem::required_as("an activity with a time of day needs an end")));
                    None
                }
            };
            match (start, end) {
                (Some(s), Some(e)) if e <= s => {
                    errs.push(("end".into(), ends_before(e, s)));
                    None
                }
                (Some(s), Some(e)) => Some(Span::Timed { start: s, end: e }),
                _ => None,
            }
        } else {
            let first = parse_date("start", start_raw).map_err(|m| errs.push(("start".into(), m))).ok();
            let last = match end_raw {
                Some(e) => parse_date("end", e).map_err(|m| errs.push(("end".into(), m))).ok(),
                None => first,
            };
            match (first, last) {
                (Some(f), Some(l)) if l < f => {
                    errs.push(("end".into(), ends_before(l, f)));
                    None
                }
                (Some(f), Some(l)) => Some(Span::AllDay { first: f, last: l }),
                _ => None,
            }
        };
        let (Some(span), Some(tz)) = (span, tz) else {
            return Err(errs);
        };
        let (start_utc, mut end_utc) = match span.utc_bounds(tz) {
            Ok(b) => b,
            Err(m) => {
                errs.push(("start".into(), m));
                return Err(errs);
            }
        };
        if end_utc <= start_utc {
            errs.push((
                "end".into(),
                Problem::new("ends_before_start", "ends before it starts once the daylight-saving change is applied"),
            ));
            return Err(errs);
        }
        let rrule = match recurrence.map(str::trim).filter(|s| !s.is_empty()) {
            None => None,
            Some(r) => {
                let rule = r.strip_prefix("RRULE:").unwrap_or(r).to_ascii_uppercase();
                let end = match known_series_end {
                    Some(e) => Ok(e),
                    None => series_end(&span, tz, &rule),
                };
                match end {
                    Ok(end) => {
                        end_utc = end;
                        Some(rule)
                    }
                    Err(m) => {
                        errs.push(("recurrence".into(), m));
                        None
                    }
                }
            }
        };
        if !errs.is_empty() {
            return Err(errs);
        }
        Ok(Schedule { span, tz, rrule, start_utc, end_utc })
    }

    pub fn is_all_day(&self) -> bool {
        matches!(self.span, Span::AllDay { .. })
    }

    /// The dates in output form.
    pub fn output(&self) -> DatesOutput {
        let (all_day, start, end) = match self.span {
            Span::AllDay { first, last } => (true, first.to_string(), last.to_string()),
            Span::Timed { start, end } => (false, local_text(start), local_text(end)),
        };
        DatesOutput { all_day, start, end, tz: self.tz.name().to_string(), recurrence: self.rrule.clone() }
    }

    /// The input form that gives this schedule back.
    pub fn to_input(&self) -> (DatesInput, Option<String>) {
        let o = self.output();
        (DatesInput { start: o.start, end: Some(o.end), tz: Some(o.tz), all_day: Some(o.all_day) }, o.recurrence)
    }

    /// Occurrences (UTC start, exclusive UTC end) that overlap `[from, to)`.
    pub fn occurrences_between(&self, from: DateTime<Utc>, to: DateTime<Utc>) -> Vec<(DateTime<Utc>, DateTime<Utc>)> {
        let spans = match &self.rrule {
            None => vec![self.span],
            Some(rule) => {
                // Only the occurrences that can touch the window: those starting at most
                // one occurrence's length (plus a day for zone shifts) before it.
                let reach = self.span.length() + Duration::days(1);
                let window = (from.checked_sub_signed(reach).unwrap_or(from), to);
                expand_in(&self.span, self.tz, rule, Some(window)).unwrap_or_else(|_| vec![self.span])
            }
        };
        spans.into_iter().filter_map(|s| s.utc_bounds(self.tz).ok()).filter(|(s, e)| *s < to && *e > from).collect()
    }
}

/// `YYYY-MM-DDTHH:MM`, with `:SS` only when the seconds are not zero.
fn local_text(t: NaiveDateTime) -> String {
    if t.second() == 0 {
        t.format("%Y-%m-%dT%H:%M").to_string()
    } else {
        t.format("%Y-%m-%dT%H:%M:%S").to_string()
    }
}

fn expand(span: &Span, tz: Tz, rule: &str) -> Result<Vec<Span>, Problem> {
    expand_in(span, tz, rule, None)
}

/// The occurrences of a rule, all of them or those starting within `window`.
fn expand_in(
    span: &Span,
    tz: Tz,
    rule: &str,
    window: Option<(DateTime<Utc>, DateTime<Utc>)>,
) -> Result<Vec<Span>, Problem> {
    let upper = rule.to_ascii_uppercase();
    if !upper.contains("COUNT=") && !upper.contains("UNTIL=") {
        return Err(Problem::new("endless_recurrence", "a recurrence must end: add COUNT=n or UNTIL=date to the rule"));
    }
    let text = format!("DTSTART;TZID={}:{}\nRRULE:{}", tz.name(), span.local_start().format("%Y%m%dT%H%M%S"), upper);
    let set: rrule::RRuleSet = text.parse().map_err(|e: rrule::RRuleError| {
        Problem::new("not_a_rule", format!("'{rule}' is not a valid RRULE: {e}")).with("value", rule)
    })?;
    let set = match window {
        None => set,
        Some((from, to)) => {
            let rtz = rrule::Tz::Tz(tz);
            set.after(from.with_timezone(&rtz)).before(to.with_timezone(&rtz))
        }
    };
    let res = set.all(MAX_OCCURRENCES + 1);
    if res.dates.len() > MAX_OCCURRENCES as usize {
        return Err(Problem::new(
            "too_many_occurrences",
            format!("the rule makes more than {MAX_OCCURRENCES} occurrences"),
        )
        .with("max", MAX_OCCURRENCES));
    }
    if res.dates.is_empty() && window.is_none() {
        return Err(no_occurrence());
    }
    Ok(res.dates.iter().map(|d| span.moved_to(d.naive_local())).collect())
}

fn ends_before(end: impl std::fmt::Display, start: impl std::fmt::Display) -> Problem {
    Problem::new("ends_before_start", format!("ends before it starts: {end} is not after {start}"))
        .with("end", &end)
        .with("start", &start)
}

fn no_occurrence() -> Problem {
    Problem::new("no_occurrence", "the rule makes no occurrence")
}

fn series_end(span: &Span, tz: Tz, rule: &str) -> Result<DateTime<Utc>, Problem> {
    let spans = expand(span, tz, rule)?;
    let mut end = None;
    for s in &spans {
        let (_, e) = s.utc_bounds(tz)?;
        if let Some(d) = s.utc_bounds(tz).ok().map(|(s, _)| s) {
            check_year("recurrence", d.year())?;
        }
        end = Some(end.map_or(e, |x: DateTime<Utc>| x.max(e)));
    }
    end.ok_or_else(no_occurrence)
}

/// Duration class used by the calendar index: activities of class `k` last at most
/// `2^k` days, so a query for a window needs, per class, only the rows that start
/// at most `2^k` days before the window. Bounded scans without an R-tree.
pub fn span_class(start: DateTime<Utc>, end: DateTime<Utc>) -> i16 {
    let secs = (end - start).num_seconds().max(1);
    let days = (secs + 86_399) / 86_400;
    let mut k = 0i16;
    while (1i64 << k) < days && k < 20 {
        k += 1;
    }
    k
}

/// The longest duration of class `k`, in seconds.
pub fn span_class_max_secs(k: i16) -> i64 {
    (1i64 << k) * 86_400
}

/// The highest class that any stored activity can have.
pub const MAX_SPAN_CLASS: i16 = 20;

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn almaty() -> Tz {
        chrono_tz::Asia::Almaty
    }

    fn dates(start: &str, end: Option<&str>) -> DatesInput {
        DatesInput { start: start.into(), end: end.map(Into::into), ..Default::default() }
    }

    #[test]
    fn all_day_end_is_inclusive() {
        let s = Schedule::parse(&dates("2007-09-03", Some("2007-09-07")), None, almaty()).unwrap();
        assert!(s.is_all_day());
        assert_eq!(s.end_utc - s.start_utc, Duration::days(5));
        // Almaty was UTC+6 in 2007: midnight local is 18:00 UTC the day before.
        assert_eq!(s.start_utc.to_rfc3339(), "2007-09-02T18:00:00+00:00");
        let one = Schedule::parse(&dates("2007-09-03", None), None, almaty()).unwrap();
        assert_eq!(one.end_utc - one.start_utc, Duration::days(1));
    }

    #[test]
    fn errors_name_the_field() {
        let e = Schedule::parse(&dates("2007-09-07", Some("2007-09-03")), None, almaty()).unwrap_err();
        assert_eq!(e[0].0, "end");
        assert!(e[0].1.message.contains("before it starts"));
        let e = Schedule::parse(&dates("99999-01-01", None), None, almaty()).unwrap_err();
        assert_eq!(e[0].0, "start");
        let e = Schedule::parse(&dates("2007-02-30", None), None, almaty()).unwrap_err();
        assert!(e[0].1.message.contains("not a date"));
        let e = Schedule::parse(&dates("2007-09-03", Some("2007-09-04T10:00")), None, almaty()).unwrap_err();
        assert_eq!(e[0].0, "end");
        let e = Schedule::parse(
            &DatesInput { tz: Some("Mars/Olympus".into()), ..dates("2007-09-03", None) },
            None,
            almaty(),
        )
        .unwrap_err();
        assert_eq!(e[0].0, "tz");
        let e = Schedule::parse(&dates("2007-09-03T10:00", None), None, almaty()).unwrap_err();
        assert_eq!(e[0].0, "end");
    }

    #[test]
    fn timed_uses_its_own_zone_and_dst() {
        // Istanbul switched to summer time on 2007-03-25 at 03:00 local.
        let d =
            DatesInput { tz: Some("Europe/Istanbul".into()), ..dates("2007-03-24T10:00", Some("2007-03-26T10:00")) };
        let s = Schedule::parse(&d, None, almaty()).unwrap();
        assert_eq!(s.end_utc - s.start_utc, Duration::hours(47));
        let gap =
            DatesInput { tz: Some("Europe/Istanbul".into()), ..dates("2007-03-25T03:30", Some("2007-03-25T05:00")) };
        let e = Schedule::parse(&gap, None, almaty()).unwrap_err();
        assert!(e[0].1.message.contains("does not exist"), "{e:?}");
    }

    #[test]
    fn recurrence_stays_at_local_time_and_has_series_bounds() {
        let d =
            DatesInput { tz: Some("Europe/Istanbul".into()), ..dates("2007-03-20T10:00", Some("2007-03-20T11:00")) };
        let s = Schedule::parse(&d, Some("FREQ=WEEKLY;COUNT=3"), almaty()).unwrap();
        let occ = s.occurrences_between(s.start_utc, s.end_utc);
        assert_eq!(occ.len(), 3);
        // 10:00 local is 08:00 UTC before the change and 07:00 UTC after it.
        assert_eq!(occ[0].0.to_rfc3339(), "2007-03-20T08:00:00+00:00");
        assert_eq!(occ[1].0.to_rfc3339(), "2007-03-27T07:00:00+00:00");
        assert_eq!(s.end_utc.to_rfc3339(), "2007-04-03T08:00:00+00:00");
        let e = Schedule::parse(&d, Some("FREQ=WEEKLY"), almaty()).unwrap_err();
        assert!(e[0].1.message.contains("must end"));
        let e = Schedule::parse(&d, Some("FREQ=SOMETIMES;COUNT=2"), almaty()).unwrap_err();
        assert_eq!(e[0].0, "recurrence");
        let e = Schedule::parse(&d, Some("FREQ=DAILY;COUNT=5000"), almaty()).unwrap_err();
        assert!(e[0].1.message.contains("more than"));
    }

    #[test]
    fn ambiguous_times_take_the_earlier_instant_and_kazakhstan_has_two_zones() {
        // New York set its clocks back at 02:00 on 2021-11-07: 01:30 happened twice.
        let d =
            DatesInput { tz: Some("America/New_York".into()), ..dates("2021-11-07T01:30", Some("2021-11-07T03:00")) };
        let s = Schedule::parse(&d, None, almaty()).unwrap();
        assert_eq!(s.start_utc.to_rfc3339(), "2021-11-07T05:30:00+00:00", "01:30 EDT, the first of the two");
        assert_eq!(s.end_utc - s.start_utc, Duration::minutes(150));
        // Western Kazakhstan (Oral) is an hour behind Almaty in 2007: the same local
        // morning is a different instant.
        let oral = DatesInput { tz: Some("Asia/Oral".into()), ..dates("2007-09-03T09:00", Some("2007-09-03T10:00")) };
        let almaty_morning = dates("2007-09-03T09:00", Some("2007-09-03T10:00"));
        let a = Schedule::parse(&oral, None, almaty()).unwrap();
        let b = Schedule::parse(&almaty_morning, None, almaty()).unwrap();
        assert_eq!(a.start_utc - b.start_utc, Duration::hours(1));
        assert_eq!(a.output().tz, "Asia/Oral");
        assert_eq!(b.output().tz, "Asia/Almaty", "the group's zone is the default");
    }

    #[test]
    fn seconds_survive_the_round_trip() {
        let s = Schedule::parse(&dates("2007-09-03T09:30:15", Some("2007-09-03T10:00")), None, almaty()).unwrap();
        let (back, _) = s.to_input();
        assert_eq!(back.start, "2007-09-03T09:30:15");
        assert_eq!(back.end.as_deref(), Some("2007-09-03T10:00"));
        assert_eq!(Schedule::parse(&back, None, almaty()).unwrap(), s);
    }

    #[test]
    fn windows_and_stored_schedules_agree_with_full_expansion() {
        let d = DatesInput { tz: Some("Europe/Istanbul".into()), ..dates("2007-03-01", Some("2007-03-03")) };
        let s = Schedule::parse(&d, Some("FREQ=WEEKLY;COUNT=200"), almaty()).unwrap();
        let all: Vec<_> = expand(&s.span, s.tz, s.rrule.as_deref().unwrap())
            .unwrap()
            .into_iter()
            .map(|sp| sp.utc_bounds(s.tz).unwrap())
            .collect();
        assert_eq!(all.len(), 200);
        for (a, b) in [(10, 40), (0, 3), (150, 400), (57, 58)] {
            let from = s.start_utc + Duration::days(a);
            let to = s.start_utc + Duration::days(b);
            let expected: Vec<_> = all.iter().copied().filter(|(x, y)| *x < to && *y > from).collect();
            assert_eq!(s.occurrences_between(from, to), expected, "window {a}..{b}");
        }
        let (input, rule) = s.to_input();
        assert_eq!(Schedule::from_stored(&input, rule.as_deref(), s.end_utc).unwrap(), s);
    }

    #[test]
    fn span_classes() {
        let t = Utc.with_ymd_and_hms(2007, 1, 1, 0, 0, 0).unwrap();
        assert_eq!(span_class(t, t + Duration::hours(2)), 0);
        assert_eq!(span_class(t, t + Duration::days(1)), 0);
        assert_eq!(span_class(t, t + Duration::days(2)), 1);
        assert_eq!(span_class(t, t + Duration::days(5)), 3);
        assert_eq!(span_class(t, t + Duration::days(365)), 9);
    }

    proptest! {
        #[test]
        fn all_day_round_trips(y in 1990i32..2100, doy in 0u32..365, len in 0i64..800) {
            let first = NaiveDate::from_yo_opt(y, doy + 1).unwrap();
            let last = first + Duration::days(len);
            let s = Schedule::parse(&dates(&first.to_string(), Some(&last.to_string())), None, almaty()).unwrap();
            let (back, _) = s.to_input();
            prop_assert_eq!(back.start, first.to_string());
            prop_assert_eq!(back.end, Some(last.to_string()));
            // The class bounds the duration.
            let k = span_class(s.start_utc, s.end_utc);
            prop_assert!((s.end_utc - s.start_utc).num_seconds() <= span_class_max_secs(k) + 3600);
            prop_assert!(s.start_utc < s.end_utc);
        }

        #[test]
        fn timed_bounds_are_ordered(h in 0u32..24, m in 0u32..60, mins in 1i64..10_000, tzi in 0usize..3) {
            let tz = ["Asia/Almaty", "Europe/Istanbul", "America/New_York"][tzi];
            let start = NaiveDate::from_ymd_opt(2021, 3, 14).unwrap().and_hms_opt(h, m, 0).unwrap();
            let end = start + Duration::minutes(mins);
            let d = DatesInput { tz: Some(tz.into()), ..dates(&start.format("%Y-%m-%dT%H:%M").to_string(), Some(&end.format("%Y-%m-%dT%H:%M").to_string())) };
            // The only local times that do not exist that day: 02:00–02:59 in New York.
            let in_gap = |t: NaiveDateTime| tz == "America/New_York" && t.date() == start.date() && t.hour() == 2;
            match Schedule::parse(&d, None, almaty()) {
                Ok(s) => prop_assert!(s.start_utc < s.end_utc),
                Err(e) => {
                    prop_assert!(in_gap(start) || in_gap(end), "refused {start} – {end} in {tz}: {e:?}");
                    prop_assert!(e.iter().all(|(_, m)| ["skipped_local_time", "ends_before_start"].contains(&m.code)));
                }
            }
        }
    }
}
