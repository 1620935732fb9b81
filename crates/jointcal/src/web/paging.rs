//! Pages of results: the page size and the cursors that say where the next page
//! starts, one codec each, opaque to callers.

use crate::web::error::{ApiResult, HttpError};
use chrono::{DateTime, Utc};
use jointcal_db::Cursor;
use jointcal_domain::ids::AuditId;
use jointcal_domain::Problem;
use serde::Serialize;

pub const MAX_LIMIT: i64 = 500;
pub const DEFAULT_LIMIT: i64 = 100;

/// A page of results and where the next one starts.
#[derive(Serialize, utoipa::ToSchema)]
pub struct Page<T> {
    pub items: Vec<T>,
    /// Pass as `cursor` to get the next page; absent on the last page.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub next_cursor: Option<String>,
}

/// The `limit` parameter: 1–500, 100 when absent.
pub fn parse_limit(s: Option<&str>) -> ApiResult<i64> {
    match s {
        None => Ok(DEFAULT_LIMIT),
        Some(t) => match t.trim().parse::<i64>() {
            Ok(n) if (1..=MAX_LIMIT).contains(&n) => Ok(n),
            _ => Err(HttpError::bad_field(
                "limit",
                Problem::new("not_a_page_size", format!("'{t}' is not a page size from 1 to {MAX_LIMIT}"))
                    .with("value", t)
                    .with("max", MAX_LIMIT),
            )),
        },
    }
}

fn bad_cursor() -> HttpError {
    HttpError::bad_field("cursor", Problem::new("not_a_cursor", "is not a cursor from a previous page"))
}

/// Activity lists go by start time, then id: `<start seconds>_<id>`.
pub fn activity_cursor(c: &Cursor) -> String {
    format!("{}_{}", c.start_utc, c.id.simple())
}

pub fn parse_activity_cursor(s: &str) -> ApiResult<Cursor> {
    let (start, id) = s.split_once('_').ok_or_else(bad_cursor)?;
    Ok(Cursor { start_utc: start.parse().map_err(|_| bad_cursor())?, id: id.parse().map_err(|_| bad_cursor())? })
}

/// The audit log goes newest first, by time, then id: `<nanoseconds>_<id>`.
pub fn audit_cursor(at: DateTime<Utc>, id: AuditId) -> String {
    format!("{}_{}", at.timestamp_nanos_opt().unwrap_or(0), id.0.simple())
}

pub fn parse_audit_cursor(s: &str) -> ApiResult<(DateTime<Utc>, AuditId)> {
    let (t, id) = s.split_once('_').ok_or_else(bad_cursor)?;
    let nanos: i64 = t.parse().map_err(|_| bad_cursor())?;
    Ok((DateTime::<Utc>::from_timestamp_nanos(nanos), AuditId(id.parse().map_err(|_| bad_cursor())?)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cursors_round_trip() {
        let c = Cursor { start_utc: 1_188_777_600, id: uuid::Uuid::now_v7() };
        let back = parse_activity_cursor(&activity_cursor(&c)).unwrap();
        assert_eq!((back.start_utc, back.id), (c.start_utc, c.id));
        let at = DateTime::<Utc>::from_timestamp_nanos(1_188_777_600_123_456_789);
        let id = AuditId(uuid::Uuid::now_v7());
        assert_eq!(parse_audit_cursor(&audit_cursor(at, id)).unwrap(), (at, id));
        for bad in ["", "x", "1_", "_1", "1_notauuid", "a_0190e9d4f7b07c4e8a6d2f1e3c5b7a90"] {
            assert!(parse_activity_cursor(bad).is_err(), "{bad}");
            assert!(parse_audit_cursor(bad).is_err(), "{bad}");
        }
        assert_eq!(parse_limit(None).unwrap(), DEFAULT_LIMIT);
        assert!(parse_limit(Some("0")).is_err() && parse_limit(Some("501")).is_err());
    }
}
