//! A group's home page: the month grid (weeks as rows, bars across the days an
//! activity covers, long-running programmes in a strip above), the legend of
//! organization colours, the filters (the API's parameters, kept in the address),
//! and the month as an agenda grouped by week (printable; the grid's stand-in on
//! phones).

use crate::i18n::Catalogue;
use crate::services::ActivityView;
use crate::web::api::feeds::feed_links;
use crate::web::caller::Reader;
use crate::web::chrome::Chrome;
use crate::web::error::{render, HttpError};
use crate::web::filters::{filter, parse_month, ListParams};
use crate::web::lang::Tr;
use crate::web::pages::colours::org_colours;
use crate::web::pages::filter_form::{selects, FilterForm};
use crate::web::pages::grid::{self, Grid, Item};
use crate::web::pages::labels::Labels;
use crate::web::state::AppState;
use askama::Template;
use axum::extract::{OriginalUri, Path, Query, State};
use axum::response::Response;
use chrono::{Datelike, Duration, NaiveDate, Weekday};
use jointcal_domain::ids::OrgId;
use jointcal_domain::schedule::day_start_utc;
use jointcal_domain::vocab::{OrgRole, Vocabulary};
use serde::Deserialize;
use std::collections::HashMap;
use std::rc::Rc;

/// What a bar, a strip line and an agenda row show of one occurrence.
#[derive(Clone)]
pub struct Shown {
    /// The activity's page.
    pub href: String,
    pub title: String,
    /// Lead organization(s), e.g. "IOM".
    pub lead: String,
    pub colour: usize,
    pub status_code: &'static str,
    /// One line with everything: for the bar's tooltip.
    pub summary: String,
    pub when: String,
    pub orgs: String,
    pub kind: String,
    pub targets: String,
    pub place: String,
    pub status: String,
}

pub struct AgendaWeek {
    /// The fragment that "+N more" in the grid links to.
    pub anchor: String,
    pub heading: String,
    pub rows: Vec<Rc<Shown>>,
}

#[derive(Template)]
#[template(path = "month.html")]
pub struct MonthPage {
    chrome: Chrome,
    slug: String,
    /// The group's page, and the filters and language its links keep.
    base: String,
    link_rest: String,
    group_name: String,
    theme: String,
    times_in: String,
    month_label: String,
    month_value: String,
    prev_href: String,
    next_href: String,
    quarter_href: String,
    year_href: String,
    add_href: Option<String>,
    /// Members see the members' page, coordinators the settings.
    member: bool,
    coordinator: bool,
    /// This calendar's public feed, with the same filters: (https, webcal).
    feed: (String, String),
    filters: FilterForm,
    weekdays: Vec<String>,
    grid: Grid<Rc<Shown>>,
    legend: Vec<(usize, String, String)>,
    agenda: Vec<AgendaWeek>,
    count_caption: String,
    none: String,
}

impl MonthPage {
    fn day_classes(&self, d: &grid::Day) -> String {
        let mut c = String::from("day");
        if !d.in_month {
            c.push_str(" other-month");
        }
        if d.today {
            c.push_str(" today");
        }
        c
    }

    fn more_text(&self, count: &usize) -> String {
        self.chrome.t.args("month-more", &[("count", (*count).into())])
    }

    /// Where "+N more" leads: the day's week in the agenda, on this month's page or,
    /// for a day of the month before or after, on that month's.
    fn more_href(&self, w: &grid::Week<Rc<Shown>>, m: &grid::More) -> String {
        let anchor = week_anchor(w.days.first().map(|d| d.date).unwrap_or(m.date));
        match w.days.iter().find(|d| d.date == m.date) {
            Some(d) if !d.in_month => {
                format!("{}?month={}{}#{anchor}", self.base, m.date.format("%Y-%m"), self.link_rest)
            }
            _ => format!("#{anchor}"),
        }
    }

    fn week_label(&self, w: &grid::Week<Rc<Shown>>) -> String {
        let first = w.days.first().map(|d| d.date).unwrap_or_default();
        self.chrome.t.args("agenda-week-of", &[("day", Catalogue::get().day(self.chrome.t.lang, first, false).into())])
    }
}

#[derive(Deserialize)]
pub struct MonthQuery {
    month: Option<String>,
}

/// The agenda's anchor of the week that starts on `first`.
fn week_anchor(first: NaiveDate) -> String {
    format!("week-{first}")
}

/// The first day of the week in the reader's language (the catalogue's
/// `calendar-first-weekday`, 1 = Monday … 7 = Sunday).
pub(crate) fn week_start(t: &Tr) -> Weekday {
    match t.t("calendar-first-weekday").trim() {
        "7" => Weekday::Sun,
        "6" => Weekday::Sat,
        _ => Weekday::Mon,
    }
}

pub async fn group_month(
    State(st): State<AppState>,
    Reader(principal): Reader,
    t: Tr,
    OriginalUri(uri): OriginalUri,
    Path(slug): Path<String>,
    Query(q): Query<MonthQuery>,
    Query(params): Query<ListParams>,
) -> Result<Response, HttpError> {
    let s = &st.services;
    let (group, viewer) = s.group_for(&slug, principal.as_ref()).await?;
    let tz = group.fields.timezone;
    let today = s.calendar_now().with_timezone(&tz).date_naive();
    let first = match q.month.as_deref().filter(|m| !m.trim().is_empty()) {
        None => NaiveDate::from_ymd_opt(today.year(), today.month(), 1).unwrap_or(today),
        Some(m) => parse_month("month", m)?,
    };
    let next = first.checked_add_months(chrono::Months::new(1)).unwrap_or(first);
    let prev = first.checked_sub_months(chrono::Months::new(1)).unwrap_or(first);
    let starts_on = week_start(&t);

    // The grid shows whole weeks: ask for the days before and after the month too.
    let grid_from = first - Duration::days(6);
    let grid_to = next + Duration::days(6);
    let link_query = params.link_query();
    let q_text = params.q.clone().unwrap_or_default();
    let mut f = filter(s, &group, ListParams { from: None, to: None, cursor: None, limit: None, ..params }).await?;
    f.limit = None;
    f.from = Some(day_start_utc(tz, grid_from));
    f.to = Some(day_start_utc(tz, grid_to));
    let filtered = !link_query.is_empty();
    let list = s.list_activities(&viewer, &group, &f).await?;

    let orgs = s.list_orgs().await?;
    let colour = org_colours(&orgs);
    let acronym: HashMap<OrgId, &str> = orgs.iter().map(|o| (o.id, o.fields.acronym.as_str())).collect();

    let cat = Catalogue::get();
    let lang = t.lang;
    let labels = Labels::new(t);
    let year = first.year();
    let mut items: Vec<Item<Rc<Shown>>> = Vec::new();
    let mut in_legend: Vec<OrgId> = Vec::new();
    for v in &list {
        let href = format!("/groups/{}/activities/{}{}", group.fields.slug, v.activity.id, t.with_lang());
        for (start, end, shown) in occurrences(v, &labels, year, &acronym, &colour, f.from, f.to, &href) {
            let lead = v.activity.fields.organizations.iter().find(|o| o.role == OrgRole::Lead);
            if let Some(o) = lead {
                if !in_legend.contains(&o.org) {
                    in_legend.push(o.org);
                }
            }
            items.push(Item { first: start, last: end, data: Rc::new(shown) });
        }
    }
    items.sort_by_key(|i| (i.first, i.last));

    // The agenda: the month's occurrences, grouped by week.
    let mut agenda: Vec<AgendaWeek> = Vec::new();
    let mut shown_in_month = 0;
    // Long-running programmes first, under a heading of their own, as in the grid.
    let mut long: Vec<Rc<Shown>> = Vec::new();
    let mut week_of: Option<NaiveDate> = None;
    for it in items.iter().filter(|i| i.last >= first && i.first < next) {
        shown_in_month += 1;
        if (it.last - it.first).num_days() + 1 > grid::LONG_DAYS {
            long.push(it.data.clone());
            continue;
        }
        let from = it.first.max(first);
        let back = (7 + from.weekday().num_days_from_monday() - starts_on.num_days_from_monday()) % 7;
        let week_first = from - Duration::days(back as i64);
        if week_of != Some(week_first) {
            week_of = Some(week_first);
            let heading = t.args("agenda-week-of", &[("day", labels.day(week_first, false).into())]);
            agenda.push(AgendaWeek { anchor: week_anchor(week_first), heading, rows: Vec::new() });
        }
        if let Some(w) = agenda.last_mut() {
            w.rows.push(it.data.clone());
        }
    }
    if !long.is_empty() {
        agenda.insert(0, AgendaWeek { anchor: "long-running".into(), heading: t.t("month-long-running"), rows: long });
    }

    let grid = grid::layout(first, starts_on, today, items);
    let weekdays = grid.weekdays.iter().map(|w| t.t(&format!("weekday-short-{}", w.number_from_monday()))).collect();
    let mut legend: Vec<(usize, String, String)> = in_legend
        .iter()
        .map(|id| {
            let name = orgs.iter().find(|o| o.id == *id).map(|o| o.fields.name.clone()).unwrap_or_default();
            (colour.get(id).copied().unwrap_or(0), acronym.get(id).copied().unwrap_or("?").to_string(), name)
        })
        .collect();
    legend.sort_by(|a, b| a.1.cmp(&b.1));

    let month_label = cat.month_heading(lang, first);
    let base = format!("/groups/{}", group.fields.slug);
    let href = |month: NaiveDate| format!("{base}?month={}{link_query}{}", month.format("%Y-%m"), t.and_lang());
    let selects = selects(&t, &orgs, &group.fields.country, &f);
    let feed_query = format!("{}&lang={}", link_query.trim_start_matches('&'), t.code());
    let feed = feed_links(&st.public_url, &group.fields.slug, feed_query.trim_start_matches('&'));
    let page = MonthPage {
        feed,
        chrome: Chrome::new(t, principal.as_ref(), &uri),
        slug: group.fields.slug.clone(),
        base: base.clone(),
        link_rest: format!("{link_query}{}", t.and_lang()),
        group_name: group.fields.name.clone(),
        theme: group.fields.theme.clone().unwrap_or_default(),
        times_in: t.args("month-times-in", &[("zone", tz.name().into())]),
        month_value: first.format("%Y-%m").to_string(),
        prev_href: href(prev),
        next_href: href(next),
        quarter_href: format!(
            "{base}/timeline?from={}&span=quarter{link_query}{}",
            NaiveDate::from_ymd_opt(first.year(), first.month0() / 3 * 3 + 1, 1).unwrap_or(first).format("%Y-%m"),
            t.and_lang()
        ),
        member: viewer.is_member(),
        coordinator: viewer.is_coordinator(),
        add_href: s.may_add_activities(&viewer).is_ok().then(|| format!("{base}/activities/new{}", t.with_lang())),
        year_href: format!("{base}/timeline?from={}-01&span=year{link_query}{}", first.year(), t.and_lang()),
        filters: FilterForm {
            selects,
            q: q_text,
            filtered,
            clear_href: format!("{base}?month={}{}", first.format("%Y-%m"), t.and_lang()),
        },
        weekdays,
        grid,
        legend,
        agenda,
        count_caption: t
            .args("month-count", &[("count", shown_in_month.into()), ("month", month_label.clone().into())]),
        none: t.args(
            if filtered { "month-none-filtered" } else { "month-none" },
            &[("month", month_label.clone().into())],
        ),
        month_label,
    };
    Ok(render(&page))
}

/// The occurrences of one activity within `[from, to)` as days in its zone, with
/// what the page shows of them.
#[allow(clippy::too_many_arguments)]
fn occurrences(
    v: &ActivityView,
    l: &Labels,
    year: i32,
    acronym: &HashMap<OrgId, &str>,
    colour: &HashMap<OrgId, usize>,
    from: Option<chrono::DateTime<chrono::Utc>>,
    to: Option<chrono::DateTime<chrono::Utc>>,
    href: &str,
) -> Vec<(NaiveDate, NaiveDate, Shown)> {
    let f = &v.activity.fields;
    let (Some(from), Some(to)) = (from, to) else { return Vec::new() };
    let t = &l.t;
    let lang = t.lang;
    // The year is shown only where it is not the page's.
    let day = |d: NaiveDate| l.day(d, d.year() != year);
    let name = |id: &OrgId| acronym.get(id).copied().unwrap_or("?").to_string();
    let leads: Vec<String> = f.organizations.iter().filter(|o| o.role == OrgRole::Lead).map(|o| name(&o.org)).collect();
    let lead_org = f.organizations.iter().find(|o| o.role == OrgRole::Lead).map(|o| o.org);
    let orgs = f
        .organizations
        .iter()
        .map(|o| {
            l.remember(format!("org-role {} {}", o.org, o.role.code()), || {
                t.args(
                    "month-org-role",
                    &[("org", name(&o.org).into()), ("role", l.vocab(o.role).to_lowercase().into())],
                )
            })
        })
        .collect::<Vec<_>>()
        .join(", ");
    let title = f.title.get(lang.code()).to_string();
    let mut out = Vec::new();
    for (start, end) in f.schedule.occurrences_between(from, to) {
        let atz = f.schedule.tz;
        let (ls, le) = (start.with_timezone(&atz), end.with_timezone(&atz));
        let first = ls.date_naive();
        let last = (end - chrono::Duration::seconds(1)).with_timezone(&atz).date_naive().max(first);
        let when = if f.schedule.is_all_day() {
            if last == first {
                day(last)
            } else {
                l.range(first, last, year)
            }
        } else {
            t.args(
                "date-day-times",
                &[
                    ("day", day(first).into()),
                    ("start", ls.format("%H:%M").to_string().into()),
                    ("end", le.format("%H:%M").to_string().into()),
                ],
            )
        };
        let shown = Shown {
            href: href.to_string(),
            summary: format!("{title} — {orgs} — {when}"),
            title: title.clone(),
            lead: leads.join(", "),
            colour: lead_org.and_then(|o| colour.get(&o).copied()).unwrap_or(0),
            status_code: f.status.code(),
            when,
            orgs: orgs.clone(),
            kind: l.vocab(f.kind),
            targets: f.target_groups.iter().map(|g| l.vocab(*g)).collect::<Vec<_>>().join(", "),
            place: f.locations.iter().map(|p| t.place(p)).collect::<Vec<_>>().join("; "),
            status: l.vocab(f.status),
        };
        out.push((first, last, shown));
    }
    out
}
