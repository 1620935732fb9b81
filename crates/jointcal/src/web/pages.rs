//! Read-only pages: the list of groups and a group's month.

use crate::services::ActivityFilter;
use crate::web::caller::Reader;
use crate::web::error::{render, HttpError};
use crate::web::signin::signed_in;
use crate::web::state::AppState;
use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::Method;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post, MethodRouter};
use axum::Router;
use jointcal_domain::Problem;

/// One page route. The pages' router is built from [`routes`], and a test reads it
/// to check that every form route refuses a session without its CSRF token.
pub struct PageRoute {
    pub method: Method,
    pub path: &'static str,
    /// Whether anyone may post it (the sign-in form); every other form needs a session.
    pub anonymous: bool,
    handler: MethodRouter<AppState>,
}

fn route(method: Method, path: &'static str, handler: MethodRouter<AppState>) -> PageRoute {
    PageRoute { method, path, anonymous: false, handler }
}

/// Every page route.
pub fn routes() -> Vec<PageRoute> {
    vec![
        route(Method::GET, "/", get(index)),
        route(Method::GET, "/login", get(crate::web::signin::login_form)),
        PageRoute { anonymous: true, ..route(Method::POST, "/login", post(crate::web::signin::login)) },
        route(Method::POST, "/logout", post(crate::web::signin::logout)),
        route(Method::GET, "/groups/{slug}", get(group_month)),
    ]
}

pub fn router() -> Router<AppState> {
    routes().into_iter().fold(Router::new(), |r, p| r.route(p.path, p.handler))
}
use crate::i18n::Catalogue;
use crate::web::lang::{escape, Tr};
use chrono::{Datelike, NaiveDate};
use jointcal_domain::vocab::Vocabulary;
use serde::Deserialize;

#[derive(Template)]
#[template(path = "groups.html")]
struct GroupsPage {
    t: Tr,
    groups: Vec<(String, String)>,
    none_html: String,
}

struct Row {
    when: String,
    title: String,
    orgs: String,
    kind: String,
    targets: String,
    place: String,
    status: String,
    status_code: &'static str,
}

#[derive(Template)]
#[template(path = "month.html")]
struct MonthPage {
    t: Tr,
    group_name: String,
    theme: String,
    times_in: String,
    month_label: String,
    prev_month: String,
    next_month: String,
    signed_in_as: Option<String>,
    public_only_html: String,
    csrf: String,
    count_caption: String,
    none: String,
    rows: Vec<Row>,
}

pub async fn index(State(st): State<AppState>, t: Tr) -> Result<Response, HttpError> {
    let groups = st.services.list_groups().await?;
    Ok(if groups.len() == 1 {
        Redirect::to(&format!("/groups/{}{}", groups[0].fields.slug, t.with_lang())).into_response()
    } else {
        let none_html = t.markup(
            "groups-none",
            &[("add", "<code>jointcal group add</code>".into()), ("demo", "<code>jointcal demo</code>".into())],
        );
        render(&GroupsPage {
            t,
            groups: groups.into_iter().map(|g| (g.fields.slug, g.fields.name)).collect(),
            none_html,
        })
    })
}

#[derive(Deserialize)]
pub struct MonthQuery {
    month: Option<String>,
}

pub async fn group_month(
    State(st): State<AppState>,
    Reader(principal): Reader,
    t: Tr,
    Path(slug): Path<String>,
    Query(q): Query<MonthQuery>,
) -> Result<Response, HttpError> {
    let s = &st.services;
    let (group, viewer) = s.group_for(&slug, principal.as_ref()).await?;
    let tz = group.fields.timezone;
    let first = match q.month.as_deref() {
        None => {
            let today = s.calendar_now().with_timezone(&tz).date_naive();
            NaiveDate::from_ymd_opt(today.year(), today.month(), 1).unwrap_or(today)
        }
        Some(m) => match NaiveDate::parse_from_str(&format!("{m}-01"), "%Y-%m-%d") {
            Ok(d) if jointcal_domain::schedule::check_day(d).is_ok() => d,
            _ => {
                return Err(HttpError::bad_field(
                    "month",
                    Problem::new("not_a_month", format!("'{m}' is not a month; use YYYY-MM, e.g. 2007-09"))
                        .with("value", m),
                ))
            }
        },
    };
    let next = first.checked_add_months(chrono::Months::new(1)).unwrap_or(first);
    let prev = first.checked_sub_months(chrono::Months::new(1)).unwrap_or(first);
    let (from, to) =
        (jointcal_domain::schedule::day_start_utc(tz, first), jointcal_domain::schedule::day_start_utc(tz, next));
    let list = s
        .list_activities(&viewer, &group, &ActivityFilter { from: Some(from), to: Some(to), ..Default::default() })
        .await?;
    let acronyms = s.acronyms().await?;
    let acronym = |id| acronyms.get(&id).cloned().unwrap_or_else(|| "?".into());
    let cat = Catalogue::get();
    let lang = t.lang;
    // The year is shown only where it is not the page's.
    let day = |d: NaiveDate| cat.day(lang, d, d.year() != first.year());
    let mut rows: Vec<(i64, Row)> = Vec::new();
    for v in &list {
        let f = &v.activity.fields;
        for (start, end) in f.schedule.occurrences_between(from, to) {
            let atz = f.schedule.tz;
            let (ls, le) = (start.with_timezone(&atz), end.with_timezone(&atz));
            let when = if f.schedule.is_all_day() {
                let last = (end - chrono::Duration::seconds(1)).with_timezone(&atz).date_naive();
                if last == ls.date_naive() {
                    day(last)
                } else {
                    t.args("date-range", &[("from", day(ls.date_naive()).into()), ("to", day(last).into())])
                }
            } else {
                t.args(
                    "date-day-times",
                    &[
                        ("day", day(ls.date_naive()).into()),
                        ("start", ls.format("%H:%M").to_string().into()),
                        ("end", le.format("%H:%M").to_string().into()),
                    ],
                )
            };
            rows.push((
                start.timestamp(),
                Row {
                    when,
                    title: f.title.get(lang.code()).to_string(),
                    orgs: f
                        .organizations
                        .iter()
                        .map(|o| {
                            t.args(
                                "month-org-role",
                                &[("org", acronym(o.org).into()), ("role", t.vocab(o.role).to_lowercase().into())],
                            )
                        })
                        .collect::<Vec<_>>()
                        .join(", "),
                    kind: t.vocab(f.kind),
                    targets: f.target_groups.iter().map(|g| t.vocab(*g)).collect::<Vec<_>>().join(", "),
                    place: f.locations.iter().map(|l| l.label()).collect::<Vec<_>>().join("; "),
                    status: t.vocab(f.status),
                    status_code: f.status.code(),
                },
            ));
        }
    }
    rows.sort_by_key(|r| r.0);
    let (signed_in_as, csrf) = signed_in(principal.as_ref());
    let month_label = cat.month_heading(lang, first);
    let sign_in = format!(
        "<a href=\"/login?next=/groups/{}{}\">{}</a>",
        escape(&group.fields.slug),
        escape(&t.and_lang()),
        escape(&t.t("month-sign-in-link"))
    );
    Ok(render(&MonthPage {
        group_name: group.fields.name.clone(),
        theme: group.fields.theme.clone().unwrap_or_default(),
        times_in: t.args("month-times-in", &[("zone", tz.name().into())]),
        prev_month: prev.format("%Y-%m").to_string(),
        next_month: next.format("%Y-%m").to_string(),
        signed_in_as: signed_in_as.map(|name| t.args("signed-in-as", &[("name", name.into())])),
        public_only_html: t.markup("month-public-only", &[("signin", sign_in)]),
        csrf,
        count_caption: t.args("month-count", &[("count", rows.len().into()), ("month", month_label.clone().into())]),
        none: t.args("month-none", &[("month", month_label.clone().into())]),
        month_label,
        rows: rows.into_iter().map(|r| r.1).collect(),
        t,
    }))
}
