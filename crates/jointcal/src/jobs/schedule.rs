//! When a job is due. Due times are computed from the time given, never read from
//! a clock, and are the same on every server, so servers agree on what "this run" is.

use chrono::{DateTime, Duration, LocalResult, NaiveDate, NaiveTime, TimeZone, Utc};
use chrono_tz::Tz;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Schedule {
    /// At every multiple of the interval since 1970-01-01 00:00 UTC.
    Every(std::time::Duration),
    /// Once a day at `hour:minute` local time in `tz`. On a day when that time does
    /// not exist (clocks go forward) it is due at the first minute after the gap; when
    /// it exists twice (clocks go back), at the first of the two.
    DailyAt { hour: u32, minute: u32, tz: Tz },
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ScheduleError {
    #[error("the interval must be at least one second and at most 366 days")]
    BadInterval,
    #[error("{hour:02}:{minute:02} is not a time of day")]
    BadTime { hour: u32, minute: u32 },
}

const MAX_INTERVAL_SECS: u64 = 366 * 24 * 3600;

impl std::fmt::Display for Schedule {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let text = match self {
            Schedule::Every(d) => format!("every {} s", d.as_secs()),
            Schedule::DailyAt { hour, minute, tz } => format!("daily at {hour:02}:{minute:02} {}", tz.name()),
        };
        f.pad(&text)
    }
}

impl Schedule {
    pub fn validate(&self) -> Result<(), ScheduleError> {
        match *self {
            Schedule::Every(d) if d.as_secs() == 0 || d.as_secs() > MAX_INTERVAL_SECS => {
                Err(ScheduleError::BadInterval)
            }
            Schedule::Every(_) => Ok(()),
            Schedule::DailyAt { hour, minute, .. } => match NaiveTime::from_hms_opt(hour, minute, 0) {
                Some(_) => Ok(()),
                None => Err(ScheduleError::BadTime { hour, minute }),
            },
        }
    }

    /// The latest due time at or before `now`.
    pub fn due_at_or_before(&self, now: DateTime<Utc>) -> Result<DateTime<Utc>, ScheduleError> {
        self.validate()?;
        match *self {
            Schedule::Every(d) => {
                let step = interval_millis(d)?;
                let at = now.timestamp_millis().div_euclid(step) * step;
                DateTime::from_timestamp_millis(at).ok_or(ScheduleError::BadInterval)
            }
            Schedule::DailyAt { hour, minute, tz } => {
                let today = now.with_timezone(&tz).date_naive();
                (0..3)
                    .filter_map(|back| today.checked_sub_signed(Duration::days(back)))
                    .filter_map(|d| daily(d, hour, minute, tz))
                    .find(|t| *t <= now)
                    .ok_or(ScheduleError::BadTime { hour, minute })
            }
        }
    }

    /// The first due time after `now`.
    pub fn next_after(&self, now: DateTime<Utc>) -> Result<DateTime<Utc>, ScheduleError> {
        self.validate()?;
        match *self {
            Schedule::Every(d) => {
                let last = self.due_at_or_before(now)?;
                Ok(last + Duration::milliseconds(interval_millis(d)?))
            }
            Schedule::DailyAt { hour, minute, tz } => {
                let today = now.with_timezone(&tz).date_naive();
                (-1..3)
                    .filter_map(|ahead| today.checked_add_signed(Duration::days(ahead)))
                    .filter_map(|d| daily(d, hour, minute, tz))
                    .find(|t| *t > now)
                    .ok_or(ScheduleError::BadTime { hour, minute })
            }
        }
    }
}

fn interval_millis(d: std::time::Duration) -> Result<i64, ScheduleError> {
    i64::try_from(d.as_millis()).ok().filter(|ms| *ms > 0).ok_or(ScheduleError::BadInterval)
}

/// The instant of `hour:minute` on local day `date` in `tz`.
fn daily(date: NaiveDate, hour: u32, minute: u32, tz: Tz) -> Option<DateTime<Utc>> {
    let local = date.and_time(NaiveTime::from_hms_opt(hour, minute, 0)?);
    match tz.from_local_datetime(&local) {
        LocalResult::Single(t) | LocalResult::Ambiguous(t, _) => Some(t.with_timezone(&Utc)),
        // In a gap: the first minute that exists (gaps last at most a few hours).
        LocalResult::None => (1..=240)
            .find_map(|m| tz.from_local_datetime(&(local + Duration::minutes(m))).earliest())
            .map(|t| t.with_timezone(&Utc)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn utc(s: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(s).expect("test time").with_timezone(&Utc)
    }

    #[test]
    fn every_is_aligned_to_the_epoch() {
        let s = Schedule::Every(std::time::Duration::from_secs(3600));
        assert_eq!(s.due_at_or_before(utc("2007-08-15T04:59:59Z")), Ok(utc("2007-08-15T04:00:00Z")));
        assert_eq!(s.due_at_or_before(utc("2007-08-15T05:00:00Z")), Ok(utc("2007-08-15T05:00:00Z")));
        assert_eq!(s.next_after(utc("2007-08-15T05:00:00Z")), Ok(utc("2007-08-15T06:00:00Z")));
    }

    #[test]
    fn daily_at_in_a_zone() {
        let s = Schedule::DailyAt { hour: 3, minute: 30, tz: chrono_tz::Asia::Almaty };
        // Almaty was UTC+6 in 2007: 03:30 local is 21:30 UTC the day before.
        assert_eq!(s.due_at_or_before(utc("2007-08-15T04:00:00Z")), Ok(utc("2007-08-14T21:30:00Z")));
        assert_eq!(s.due_at_or_before(utc("2007-08-14T21:29:00Z")), Ok(utc("2007-08-13T21:30:00Z")));
        assert_eq!(s.next_after(utc("2007-08-14T21:30:00Z")), Ok(utc("2007-08-15T21:30:00Z")));
    }

    #[test]
    fn daily_at_across_clock_changes() {
        // Berlin, 29 March 2026: 02:00 → 03:00; 25 October 2026: 03:00 → 02:00.
        let s = Schedule::DailyAt { hour: 2, minute: 30, tz: chrono_tz::Europe::Berlin };
        assert_eq!(s.next_after(utc("2026-03-28T12:00:00Z")), Ok(utc("2026-03-29T01:00:00Z")));
        assert_eq!(s.next_after(utc("2026-10-24T12:00:00Z")), Ok(utc("2026-10-25T00:30:00Z")));
        assert_eq!(s.next_after(utc("2026-10-25T00:30:00Z")), Ok(utc("2026-10-26T01:30:00Z")));
    }

    #[test]
    fn bad_schedules_are_refused() {
        assert_eq!(Schedule::Every(std::time::Duration::ZERO).validate(), Err(ScheduleError::BadInterval));
        let s = Schedule::DailyAt { hour: 24, minute: 0, tz: chrono_tz::UTC };
        assert_eq!(s.validate(), Err(ScheduleError::BadTime { hour: 24, minute: 0 }));
        assert!(s.due_at_or_before(utc("2026-01-01T00:00:00Z")).is_err());
    }
}
