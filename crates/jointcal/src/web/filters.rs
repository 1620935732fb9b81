//! The filters of activity lists, one set for the API and the pages: the query
//! parameters (`from`, `to`, `org`, `kind`, `pillar`, `target_group`, `region`,
//! `status`, `q`, and for the API `cursor` and `limit`) and how they are read.

use crate::services::{ActivityFilter, Services};
use crate::web::error::{ApiError, ApiResult};
use crate::web::paging::{parse_activity_cursor, parse_limit};
use chrono::{DateTime, Duration, NaiveDate, Utc};
use jointcal_domain::group::Group;
use jointcal_domain::schedule::day_start_utc;
use jointcal_domain::vocab::*;
use jointcal_domain::Problem;
use serde::Deserialize;

fn bad(field: &str, problem: Problem) -> ApiError {
    ApiError::bad_field(field, problem)
}

fn code<V: Vocabulary>(field: &str, s: Option<&str>) -> ApiResult<Option<V>> {
    s.map(|c| V::from_code(c).map_err(|e| bad(field, e.into()))).transpose()
}

/// `YYYY-MM-DD` (a day in the group's zone) or an RFC 3339 instant. A day as `to`
/// includes that day.
fn instant(field: &str, s: &str, g: &Group, end: bool) -> ApiResult<DateTime<Utc>> {
    if let Ok(d) = NaiveDate::parse_from_str(s.trim(), "%Y-%m-%d") {
        let d = jointcal_domain::schedule::check_day(d).map_err(|m| bad(field, m))?;
        return Ok(day_start_utc(g.fields.timezone, if end { d + Duration::days(1) } else { d }));
    }
    DateTime::parse_from_rfc3339(s.trim()).map(|d| d.with_timezone(&Utc)).map_err(|_| {
        bad(
            field,
            Problem::new("not_a_date", format!("'{s}' is not a date (YYYY-MM-DD) or an RFC 3339 time"))
                .with("value", s),
        )
    })
}

#[derive(Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ListParams {
    /// First day (YYYY-MM-DD, in the group's time zone) or instant (RFC 3339).
    pub from: Option<String>,
    /// Last day, included (YYYY-MM-DD), or instant (RFC 3339, excluded).
    pub to: Option<String>,
    /// An organization taking part (id, acronym or IATI identifier).
    pub org: Option<String>,
    /// Activity kind code, e.g. training.
    pub kind: Option<String>,
    /// prevention, protection, prosecution or partnership.
    pub pillar: Option<String>,
    /// Target group code, e.g. border_guards.
    pub target_group: Option<String>,
    /// ISO 3166-2 code, e.g. KZ-31 (old codes such as KZ-ZHA are accepted).
    pub region: Option<String>,
    /// planned, confirmed, ongoing, completed, postponed or cancelled.
    pub status: Option<String>,
    /// Words to find in titles, descriptions and places (any language, any case).
    pub q: Option<String>,
    /// From `next_cursor` of the previous page.
    pub cursor: Option<String>,
    /// Page size, 1–500 (default 100).
    pub limit: Option<String>,
}

/// The filter of a list from its query parameters. An empty parameter (as an HTML
/// form sends for "any") is no filter.
pub async fn filter(services: &Services, g: &Group, p: ListParams) -> ApiResult<ActivityFilter> {
    let p = p.without_empty();
    let from = p.from.as_deref().map(|s| instant("from", s, g, false)).transpose()?;
    let to = p.to.as_deref().map(|s| instant("to", s, g, true)).transpose()?;
    if let (Some(f), Some(t)) = (from, to) {
        if t <= f {
            return Err(bad("to", Problem::new("ends_before_start", "is before from")));
        }
    }
    let org = match p.org.as_deref() {
        None => None,
        Some(o) => match services.find_org(o).await {
            Ok(found) => Some(found.id),
            Err(crate::services::ServiceError::NotFound(_)) => {
                return Err(bad(
                    "org",
                    Problem::new("unknown_organization", format!("no organization '{o}' is known")).with("value", o),
                ))
            }
            Err(e) => return Err(e.into()),
        },
    };
    let region = match p.region.as_deref() {
        None => None,
        Some(r) => Some(
            jointcal_domain::geo::parse_subdivision(&g.fields.country, r)
                .or_else(|_| {
                    let c = r.split('-').next().unwrap_or("");
                    jointcal_domain::geo::parse_subdivision(c, r)
                })
                .map_err(|m| bad("region", m))?
                .code
                .to_string(),
        ),
    };
    if p.q.as_deref().is_some_and(|q| q.chars().count() > 200) {
        return Err(bad("q", Problem::too_long(200)));
    }
    Ok(ActivityFilter {
        from,
        to,
        org,
        kind: code("kind", p.kind.as_deref())?,
        pillar: code("pillar", p.pillar.as_deref())?,
        target_group: code("target_group", p.target_group.as_deref())?,
        region,
        status: code("status", p.status.as_deref())?,
        q: p.q,
        after: p.cursor.as_deref().map(parse_activity_cursor).transpose()?,
        limit: Some(parse_limit(p.limit.as_deref())?),
        span_classes: None,
    })
}

/// A month parameter (`YYYY-MM`) as its first day, within the years the calendar takes.
pub fn parse_month(field: &str, m: &str) -> ApiResult<NaiveDate> {
    match NaiveDate::parse_from_str(&format!("{}-01", m.trim()), "%Y-%m-%d") {
        Ok(d) if jointcal_domain::schedule::check_day(d).is_ok() => Ok(d),
        _ => Err(ApiError::bad_field(
            field,
            Problem::new("not_a_month", format!("'{m}' is not a month; use YYYY-MM, e.g. 2007-09")).with("value", m),
        )),
    }
}

impl ListParams {
    /// The same parameters with empty ones dropped.
    fn without_empty(self) -> ListParams {
        let keep = |v: Option<String>| v.filter(|s| !s.trim().is_empty());
        ListParams {
            from: keep(self.from),
            to: keep(self.to),
            org: keep(self.org),
            kind: keep(self.kind),
            pillar: keep(self.pillar),
            target_group: keep(self.target_group),
            region: keep(self.region),
            status: keep(self.status),
            q: keep(self.q),
            cursor: keep(self.cursor),
            limit: keep(self.limit),
        }
    }

    /// The filter parameters (not the paging) as a query string for links, in a
    /// fixed order, with `&` in front of each; empty when there is none.
    pub fn link_query(&self) -> String {
        let pairs = [
            ("org", &self.org),
            ("kind", &self.kind),
            ("pillar", &self.pillar),
            ("target_group", &self.target_group),
            ("region", &self.region),
            ("status", &self.status),
            ("q", &self.q),
        ];
        let set: Vec<(&str, &str)> =
            pairs.iter().filter_map(|(k, v)| v.as_deref().filter(|v| !v.trim().is_empty()).map(|v| (*k, v))).collect();
        match serde_urlencoded::to_string(&set) {
            Ok(q) if !q.is_empty() => format!("&{q}"),
            _ => String::new(),
        }
    }
}
