//! What the monthly bulletin says besides the month itself: what is new, changed,
//! cancelled or gone since the last edition sent. An edition keeps a snapshot of
//! every activity as it was when sent ([`Snapshot`]); the next edition compares the
//! calendar with it, so the difference is exact even when activities change later.
//!
//! Only the bulletin's own building blocks live here (pure): the snapshot, the
//! comparison, the weeks of a month, and which month's edition is due when.
//! Rendering, archive and sending are the app's (`jointcal::bulletin`).

use crate::activity::Activity;
use crate::ids::ActivityId;
use crate::schedule::day_start_utc;
use crate::vocab::{Status, Vocabulary};
use chrono::{DateTime, Datelike, Duration, NaiveDate, NaiveDateTime, Utc, Weekday};
use chrono_tz::Tz;
use serde::{Deserialize, Serialize};
use std::collections::HashMap;

/// An activity as an edition showed it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Shown {
    pub id: ActivityId,
    /// The activity's `sequence` (rises on every material change).
    pub sequence: i64,
    /// Status code (`planned`, `cancelled`, …).
    pub status: String,
    /// The title in the activity's original language.
    pub title: String,
    pub start: DateTime<Utc>,
    pub end: DateTime<Utc>,
}

impl Shown {
    pub fn of(a: &Activity) -> Shown {
        Shown {
            id: a.id,
            sequence: a.sequence,
            status: a.fields.status.code().to_string(),
            title: a.fields.title.original_text().to_string(),
            start: a.fields.schedule.start_utc,
            end: a.fields.schedule.end_utc,
        }
    }
}

/// Every activity of a group as an edition was sent.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Snapshot {
    pub sent_at: DateTime<Utc>,
    pub activities: Vec<Shown>,
}

impl Snapshot {
    pub fn of<'a>(sent_at: DateTime<Utc>, activities: impl IntoIterator<Item = &'a Activity>) -> Snapshot {
        let mut activities: Vec<Shown> =
            activities.into_iter().filter(|a| a.deleted_at.is_none()).map(Shown::of).collect();
        activities.sort_by_key(|s| s.id);
        Snapshot { sent_at, activities }
    }
}

/// What changed since the last edition, among the activities that end at or after
/// the new edition's first day (what is past does not interest its readers).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Changes {
    /// Not in the last edition.
    pub new: Vec<ActivityId>,
    /// Changed in time, place, audience, kind or title (its sequence rose), with
    /// how the last edition showed it; cancelled ones are under `cancelled`.
    pub changed: Vec<(ActivityId, Shown)>,
    /// Cancelled since the last edition.
    pub cancelled: Vec<ActivityId>,
    /// In the last edition, deleted from the calendar since.
    pub removed: Vec<Shown>,
}

/// Compares the calendar now with the last edition's snapshot. Each list is in the
/// order of the activities' start.
pub fn changes_since(last: &Snapshot, now: &[&Activity], from: DateTime<Utc>) -> Changes {
    let before: HashMap<ActivityId, &Shown> = last.activities.iter().map(|s| (s.id, s)).collect();
    let mut current: Vec<&Activity> =
        now.iter().copied().filter(|a| a.deleted_at.is_none() && a.fields.schedule.end_utc > from).collect();
    current.sort_by_key(|a| (a.fields.schedule.start_utc, a.id));
    let mut c = Changes::default();
    for a in &current {
        match before.get(&a.id) {
            None => c.new.push(a.id),
            Some(was) => {
                let cancelled = a.fields.status == Status::Cancelled;
                if cancelled && was.status != Status::Cancelled.code() {
                    c.cancelled.push(a.id);
                } else if a.sequence != was.sequence && !cancelled {
                    c.changed.push((a.id, (*was).clone()));
                }
            }
        }
    }
    let live: HashMap<ActivityId, ()> = now.iter().filter(|a| a.deleted_at.is_none()).map(|a| (a.id, ())).collect();
    let mut removed: Vec<Shown> =
        last.activities.iter().filter(|s| s.end > from && !live.contains_key(&s.id)).cloned().collect();
    removed.sort_by_key(|s| (s.start, s.id));
    c.removed = removed;
    c
}

/// The weeks that hold days of `month` (its first day), each as its first day and
/// the day after its last, weeks starting on `starts_on`, and the UTC bounds of each
/// in `tz`, clipped to the month.
pub fn weeks_of_month(month: NaiveDate, starts_on: Weekday, tz: Tz) -> Vec<(NaiveDate, DateTime<Utc>, DateTime<Utc>)> {
    let first = month.with_day(1).unwrap_or(month);
    let next = first.checked_add_months(chrono::Months::new(1)).unwrap_or(first + Duration::days(31));
    let back = (first.weekday().num_days_from_monday() + 7 - starts_on.num_days_from_monday()) % 7;
    let mut week = first - Duration::days(i64::from(back));
    let mut out = Vec::new();
    while week < next {
        let end = week + Duration::days(7);
        let (from, to) = (week.max(first), end.min(next));
        out.push((week, day_start_utc(tz, from), day_start_utc(tz, to)));
        week = end;
    }
    out
}

/// The local hour on the bulletin day at which the edition goes out.
pub const SEND_HOUR: u32 = 8;
/// From this bulletin day on, the edition sent is next month's (sent ahead); before
/// it, the edition is of the month the day is in.
pub const AHEAD_FROM_DAY: u8 = 15;

/// The month whose edition is due at local time `now` for a group whose bulletin day
/// is `day` (1–28): from `day` at 08:00 until the end of that month (so a server that
/// was down on the day sends when it is back, but never a past month's edition).
/// The edition is of that month when `day` < 15, else of the next month. `None`
/// before the day.
pub fn edition_due(now: NaiveDateTime, day: u8) -> Option<NaiveDate> {
    let today = now.date();
    let send_day = today.with_day(u32::from(day.clamp(1, 28)))?;
    if now < send_day.and_hms_opt(SEND_HOUR, 0, 0)? {
        return None;
    }
    let this_month = today.with_day(1)?;
    if day < AHEAD_FROM_DAY {
        Some(this_month)
    } else {
        this_month.checked_add_months(chrono::Months::new(1))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::activity::{ActivityInput, ValidationContext};
    use crate::ids::{GroupId, OrgId};
    use chrono::TimeZone;
    use uuid::Uuid;

    fn at(d: &str) -> DateTime<Utc> {
        Utc.from_utc_datetime(&NaiveDate::parse_from_str(d, "%Y-%m-%d").unwrap().and_hms_opt(0, 0, 0).unwrap())
    }

    fn activity(n: u128, title: &str, start: &str, end: &str) -> Activity {
        let input: ActivityInput = serde_json::from_value(serde_json::json!({
            "title": {"en": title},
            "kind": "training",
            "target_groups": ["border_guards"],
            "organizations": [{"org": "IOM", "role": "lead"}],
            "locations": [{"subdivision": "KZ-31"}],
            "dates": {"start": start, "end": end},
            "visibility": "public"
        }))
        .unwrap();
        Activity::new(ActivityId(Uuid::from_u128(n)), GroupId(Uuid::from_u128(9)), validated(&input), at("2007-08-01"))
    }

    fn validated(input: &ActivityInput) -> crate::activity::ActivityFields {
        let org = OrgId(Uuid::from_u128(1));
        let resolve = move |_: &str| Some(org);
        let cx = ValidationContext {
            country: "KZ",
            timezone: chrono_tz::Asia::Almaty,
            resolve_org: &resolve,
            stored_series_end: None,
        };
        input.validate(&cx).unwrap()
    }

    fn edited(a: &Activity, f: impl FnOnce(&mut ActivityInput)) -> Activity {
        let mut input = a.fields.to_input();
        f(&mut input);
        a.edited(validated(&input), at("2007-08-20")).expect("a change")
    }

    #[test]
    fn the_edition_is_due_from_the_bulletin_day_to_the_end_of_its_month() {
        let at = |d: &str, h: u32| NaiveDate::parse_from_str(d, "%Y-%m-%d").unwrap().and_hms_opt(h, 0, 0).unwrap();
        let month = |m: &str| Some(NaiveDate::parse_from_str(&format!("{m}-01"), "%Y-%m-%d").unwrap());
        assert_eq!(edition_due(at("2007-09-01", 7), 1), None);
        assert_eq!(edition_due(at("2007-09-01", 8), 1), month("2007-09"));
        assert_eq!(edition_due(at("2007-09-30", 23), 1), month("2007-09"));
        assert_eq!(edition_due(at("2007-09-04", 9), 5), None);
        assert_eq!(edition_due(at("2007-09-05", 9), 5), month("2007-09"));
        assert_eq!(edition_due(at("2007-09-24", 9), 25), None);
        assert_eq!(edition_due(at("2007-09-25", 8), 25), month("2007-10"));
        assert_eq!(edition_due(at("2007-12-28", 8), 28), month("2008-01"));
    }

    #[test]
    fn what_changed_since_the_last_edition() {
        let same = activity(1, "Same", "2007-09-03", "2007-09-05");
        let moved = activity(2, "Moved", "2007-09-10", "2007-09-12");
        let to_cancel = activity(3, "To cancel", "2007-09-17", "2007-09-18");
        let to_delete = activity(4, "To delete", "2007-09-20", "2007-09-21");
        let past = activity(5, "Past", "2007-07-02", "2007-07-03");
        let last = Snapshot::of(at("2007-08-01"), [&same, &moved, &to_cancel, &to_delete, &past]);

        let moved_now = edited(&moved, |i| i.dates.start = "2007-09-11".into());
        let cancelled_now = edited(&to_cancel, |i| i.status = Some("cancelled".into()));
        let budget_only = edited(&same, |i| {
            i.budget = Some(serde_json::from_value(serde_json::json!({"amount": "100", "currency": "USD"})).unwrap())
        });
        let new = activity(6, "New", "2007-09-25", "2007-09-26");
        let past_new = activity(7, "Past and new", "2007-07-10", "2007-07-11");
        let mut gone = to_delete.clone();
        gone.deleted_at = Some(at("2007-08-20"));
        let now = [&budget_only, &moved_now, &cancelled_now, &gone, &past, &new, &past_new];
        let c = changes_since(&last, &now, at("2007-09-01"));
        assert_eq!(c.new, vec![new.id], "the past one is left out");
        assert_eq!(c.changed.len(), 1);
        assert_eq!(c.changed[0].0, moved.id);
        assert_eq!(c.changed[0].1.start, moved.fields.schedule.start_utc, "as the last edition showed it");
        assert_eq!(c.cancelled, vec![to_cancel.id]);
        assert_eq!(c.removed.iter().map(|s| s.id).collect::<Vec<_>>(), vec![to_delete.id]);

        // Against a snapshot of now: nothing.
        let again = Snapshot::of(at("2007-09-01"), now);
        assert_eq!(changes_since(&again, &now, at("2007-09-01")), Changes::default());
        // The snapshot survives JSON (it is archived so).
        let json = serde_json::to_string(&again).unwrap();
        assert_eq!(serde_json::from_str::<Snapshot>(&json).unwrap(), again);
    }

    #[test]
    fn the_weeks_of_a_month() {
        // September 2007 starts on a Saturday and ends on a Sunday.
        let w = weeks_of_month(NaiveDate::from_ymd_opt(2007, 9, 1).unwrap(), Weekday::Mon, chrono_tz::Asia::Almaty);
        assert_eq!(w.len(), 5);
        assert_eq!(w[0].0, NaiveDate::from_ymd_opt(2007, 8, 27).unwrap());
        assert_eq!(w[0].1, day_start_utc(chrono_tz::Asia::Almaty, NaiveDate::from_ymd_opt(2007, 9, 1).unwrap()));
        assert_eq!(w[4].2, day_start_utc(chrono_tz::Asia::Almaty, NaiveDate::from_ymd_opt(2007, 10, 1).unwrap()));
        let sunday = weeks_of_month(NaiveDate::from_ymd_opt(2007, 9, 1).unwrap(), Weekday::Sun, chrono_tz::UTC);
        assert_eq!(sunday[0].0, NaiveDate::from_ymd_opt(2007, 8, 26).unwrap());
        assert_eq!(sunday.len(), 6);
    }
}
