//! Read-only pages: the list of groups and a group's month.

use super::auth::Auth;
use super::AppState;
use crate::services::{ActivityFilter, ServiceError};
use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Redirect, Response};
use chrono::{Datelike, NaiveDate};
use jointcal_domain::vocab::Vocabulary;
use serde::Deserialize;

#[derive(Template)]
#[template(path = "groups.html")]
struct GroupsPage {
    groups: Vec<(String, String)>,
}

struct Row {
    when: String,
    title: String,
    orgs: String,
    kind: &'static str,
    targets: String,
    place: String,
    status: &'static str,
    status_code: &'static str,
}

#[derive(Template)]
#[template(path = "month.html")]
struct MonthPage {
    group_name: String,
    theme: String,
    timezone: String,
    month_label: String,
    prev_month: String,
    next_month: String,
    slug: String,
    signed_in_as: Option<String>,
    csrf: String,
    rows: Vec<Row>,
}

pub fn render<T: Template>(t: &T) -> Response {
    match t.render() {
        Ok(html) => Html(html).into_response(),
        Err(e) => {
            tracing::error!(error = %e, "template failed");
            (StatusCode::INTERNAL_SERVER_ERROR, "the page could not be drawn").into_response()
        }
    }
}

fn error_page(e: ServiceError) -> Response {
    match e {
        ServiceError::NotFound(what) => (StatusCode::NOT_FOUND, format!("{what} not found")).into_response(),
        other => {
            tracing::error!(error = %other, "page failed");
            (StatusCode::INTERNAL_SERVER_ERROR, "something went wrong; the details are in the server log")
                .into_response()
        }
    }
}

pub async fn index(State(st): State<AppState>) -> Response {
    match st.services.list_groups().await {
        Ok(groups) if groups.len() == 1 => Redirect::to(&format!("/groups/{}", groups[0].fields.slug)).into_response(),
        Ok(groups) => {
            render(&GroupsPage { groups: groups.into_iter().map(|g| (g.fields.slug, g.fields.name)).collect() })
        }
        Err(e) => error_page(e),
    }
}

#[derive(Deserialize)]
pub struct MonthQuery {
    month: Option<String>,
}

pub async fn group_month(
    State(st): State<AppState>,
    Auth(principal): Auth,
    Path(slug): Path<String>,
    Query(q): Query<MonthQuery>,
) -> Response {
    let s = &st.services;
    let group = match s.group_by_slug(&slug).await {
        Ok(g) => g,
        Err(e) => return error_page(e),
    };
    let tz = group.fields.timezone;
    let first = match q.month.as_deref() {
        None => {
            let today = s.now().with_timezone(&tz).date_naive();
            NaiveDate::from_ymd_opt(today.year(), today.month(), 1).unwrap_or(today)
        }
        Some(m) => match NaiveDate::parse_from_str(&format!("{m}-01"), "%Y-%m-%d") {
            Ok(d) if (1900..=2200).contains(&d.year()) => d,
            _ => {
                return (StatusCode::BAD_REQUEST, format!("month '{m}' is not a month; use YYYY-MM, e.g. 2007-09"))
                    .into_response()
            }
        },
    };
    let next = first.checked_add_months(chrono::Months::new(1)).unwrap_or(first);
    let prev = first.checked_sub_months(chrono::Months::new(1)).unwrap_or(first);
    let (from, to) =
        (jointcal_domain::schedule::day_start_utc(tz, first), jointcal_domain::schedule::day_start_utc(tz, next));
    let viewer = match s.viewer_for(principal.as_ref(), &group).await {
        Ok(v) => v,
        Err(e) => return error_page(e),
    };
    let list = match s
        .list_activities(&viewer, &group, &ActivityFilter { from: Some(from), to: Some(to), ..Default::default() })
        .await
    {
        Ok(l) => l,
        Err(e) => return error_page(e),
    };
    let orgs = s.list_orgs().await.unwrap_or_default();
    let acronym = |id| orgs.iter().find(|o| o.id == id).map(|o| o.fields.acronym.clone()).unwrap_or_else(|| "?".into());
    let mut rows: Vec<(i64, Row)> = Vec::new();
    for v in &list {
        let f = &v.activity.fields;
        for (start, end) in f.schedule.occurrences_between(from, to) {
            let atz = f.schedule.tz;
            let (ls, le) = (start.with_timezone(&atz), end.with_timezone(&atz));
            // The year is shown only where it is not the page's.
            let day = |d: NaiveDate| {
                if d.year() == first.year() {
                    d.format("%a %d %b").to_string()
                } else {
                    d.format("%a %d %b %Y").to_string()
                }
            };
            let when = if f.schedule.is_all_day() {
                let last = (end - chrono::Duration::seconds(1)).with_timezone(&atz).date_naive();
                if last == ls.date_naive() {
                    day(last)
                } else {
                    format!("{} – {}", day(ls.date_naive()), day(last))
                }
            } else {
                format!("{} {}–{}", day(ls.date_naive()), ls.format("%H:%M"), le.format("%H:%M"))
            };
            rows.push((
                start.timestamp(),
                Row {
                    when,
                    title: f.title.get("en").to_string(),
                    orgs: f
                        .organizations
                        .iter()
                        .map(|o| format!("{} ({})", acronym(o.org), o.role.label("en").to_lowercase()))
                        .collect::<Vec<_>>()
                        .join(", "),
                    kind: f.kind.label("en"),
                    targets: f.target_groups.iter().map(|t| t.label("en")).collect::<Vec<_>>().join(", "),
                    place: f.locations.iter().map(|l| l.label()).collect::<Vec<_>>().join("; "),
                    status: f.status.label("en"),
                    status_code: f.status.code(),
                },
            ));
        }
    }
    rows.sort_by_key(|r| r.0);
    render(&MonthPage {
        group_name: group.fields.name.clone(),
        theme: group.fields.theme.clone().unwrap_or_default(),
        timezone: tz.name().to_string(),
        month_label: first.format("%B %Y").to_string(),
        prev_month: prev.format("%Y-%m").to_string(),
        next_month: next.format("%Y-%m").to_string(),
        slug: group.fields.slug.clone(),
        signed_in_as: principal.as_ref().map(|p| p.user.display_name.clone()),
        csrf: match principal.as_ref().map(|p| &p.via) {
            Some(crate::services::Via::Session { csrf }) => csrf.clone(),
            _ => String::new(),
        },
        rows: rows.into_iter().map(|r| r.1).collect(),
    })
}
