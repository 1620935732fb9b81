//! "Who does what, when": one row per organization across a quarter or a year,
//! activities as bars (drawn as SVG, so that positions need no inline style), and
//! where two organizations work with the same target group in the same region at
//! the same time, both bars are marked and the pair is listed under the chart.

use crate::i18n::Catalogue;
use crate::web::caller::Reader;
use crate::web::chrome::Chrome;
use crate::web::error::{render, HttpError};
use crate::web::filters::{filter, parse_month, ListParams};
use crate::web::lang::Tr;
use crate::web::pages::colours::org_colours;
use crate::web::pages::filter_form::{selects, FilterForm};
use crate::web::state::AppState;
use askama::Template;
use axum::extract::{OriginalUri, Path, Query, State};
use axum::response::Response;
use chrono::{Datelike, Duration, NaiveDate};
use jointcal_domain::ids::{ActivityId, OrgId};
use jointcal_domain::schedule::day_start_utc;
use jointcal_domain::vocab::{OrgRole, TargetGroup, Vocabulary};
use jointcal_domain::Problem;
use serde::Deserialize;
use std::collections::{BTreeSet, HashMap};

/// Width of the chart's drawing area and of the label column, in SVG units.
const WIDTH: f64 = 1000.0;
const LABEL: f64 = 90.0;
const LANE: f64 = 22.0;
const HEAD: f64 = 24.0;
/// Pairs listed under the chart at most.
const MAX_LISTED: usize = 100;

/// One bar to place: an organization's activity over days (last included).
#[derive(Debug, Clone)]
pub struct Span {
    pub org: OrgId,
    pub activity: ActivityId,
    pub first: NaiveDate,
    pub last: NaiveDate,
    pub targets: BTreeSet<TargetGroup>,
    pub regions: BTreeSet<String>,
}

/// Two organizations' activities that meet: same target group, same region, same days.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Meeting {
    pub a: ActivityId,
    pub b: ActivityId,
    pub targets: Vec<TargetGroup>,
    pub regions: Vec<String>,
}

/// The pairs of different organizations' spans that share a target group and a
/// region and overlap in time. Only spans in one (target group, region) bucket can
/// meet, and within a bucket a sweep by first day compares each span only with
/// those still running: a quarter of a large group takes milliseconds, not the
/// square of its activities.
pub fn meetings(spans: &[Span]) -> Vec<Meeting> {
    let mut buckets: HashMap<(TargetGroup, &str), Vec<usize>> = HashMap::new();
    for (i, s) in spans.iter().enumerate() {
        for t in &s.targets {
            for r in &s.regions {
                buckets.entry((*t, r.as_str())).or_default().push(i);
            }
        }
    }
    let mut pairs: BTreeSet<(usize, usize)> = BTreeSet::new();
    for mut members in buckets.into_values() {
        members.sort_by_key(|&i| (spans[i].first, spans[i].last));
        let mut running: Vec<usize> = Vec::new();
        for i in members {
            let s = &spans[i];
            running.retain(|&j| spans[j].last >= s.first);
            for &j in &running {
                let o = &spans[j];
                if o.org != s.org && o.activity != s.activity {
                    pairs.insert((i.min(j), i.max(j)));
                }
            }
            running.push(i);
        }
    }
    let mut seen: BTreeSet<(ActivityId, ActivityId)> = BTreeSet::new();
    let mut out = Vec::new();
    for (i, j) in pairs {
        let (a, b) = (&spans[i], &spans[j]);
        // One line per pair of activities, whichever rows (lead, implementer) they sit in.
        if !seen.insert((a.activity.min(b.activity), a.activity.max(b.activity))) {
            continue;
        }
        let targets: Vec<_> = a.targets.intersection(&b.targets).copied().collect();
        let regions: Vec<_> = a.regions.intersection(&b.regions).cloned().collect();
        out.push(Meeting { a: a.activity, b: b.activity, targets, regions });
    }
    out
}

/// Puts each span of one row in the first lane where it overlaps nothing.
pub fn lanes(spans: &[(NaiveDate, NaiveDate)]) -> Vec<usize> {
    let mut ends: Vec<NaiveDate> = Vec::new();
    spans
        .iter()
        .map(|(first, last)| match ends.iter().position(|end| end < first) {
            Some(l) => {
                ends[l] = *last;
                l
            }
            None => {
                ends.push(*last);
                ends.len() - 1
            }
        })
        .collect()
}

pub struct Bar {
    pub x: String,
    pub y: String,
    pub w: String,
    pub colour: usize,
    pub href: String,
    pub label: String,
    pub meets: bool,
    pub status_code: &'static str,
}

pub struct Row {
    pub y: String,
    pub text_y: String,
    pub height: String,
    pub acronym: String,
    pub name: String,
}

pub struct Tick {
    pub x: String,
    pub label: String,
}

pub struct MeetingLine {
    pub a: (String, String),
    pub b: (String, String),
    pub detail: String,
}

#[derive(Template)]
#[template(path = "timeline.html")]
pub struct TimelinePage {
    chrome: Chrome,
    group_name: String,
    heading: String,
    month_href: String,
    quarter_href: String,
    year_href: String,
    prev_href: String,
    next_href: String,
    is_year: bool,
    slug: String,
    from_value: String,
    span_value: &'static str,
    filters: FilterForm,
    view_box: String,
    full_width: String,
    chart_height: String,
    rows: Vec<Row>,
    bars: Vec<Bar>,
    ticks: Vec<Tick>,
    meetings: Vec<MeetingLine>,
    more_meetings: String,
    empty: bool,
}

#[derive(Deserialize)]
pub struct TimelineQuery {
    /// The first month, YYYY-MM (default: this quarter's).
    from: Option<String>,
    /// `quarter` (default) or `year`.
    span: Option<String>,
}

fn fmt(v: f64) -> String {
    format!("{v:.1}")
}

pub async fn timeline(
    State(st): State<AppState>,
    Reader(principal): Reader,
    t: Tr,
    OriginalUri(uri): OriginalUri,
    Path(slug): Path<String>,
    Query(q): Query<TimelineQuery>,
    Query(params): Query<ListParams>,
) -> Result<Response, HttpError> {
    let s = &st.services;
    let (group, viewer) = s.group_for(&slug, principal.as_ref()).await?;
    let tz = group.fields.timezone;
    let today = s.calendar_now().with_timezone(&tz).date_naive();
    let is_year = match q.span.as_deref().unwrap_or("quarter") {
        "quarter" | "" => false,
        "year" => true,
        other => {
            return Err(HttpError::bad_field(
                "span",
                Problem::new("unknown_code", format!("'{other}' is not a span; use quarter or year"))
                    .with("value", other),
            ))
        }
    };
    let months = if is_year { 12 } else { 3 };
    let from = match q.from.as_deref().filter(|m| !m.trim().is_empty()) {
        Some(m) => parse_month("from", m)?,
        None if is_year => NaiveDate::from_ymd_opt(today.year(), 1, 1).unwrap_or(today),
        None => NaiveDate::from_ymd_opt(today.year(), (today.month0() / 3) * 3 + 1, 1).unwrap_or(today),
    };
    let to = from.checked_add_months(chrono::Months::new(months)).unwrap_or(from);
    let days = (to - from).num_days().max(1) as f64;
    let link_query = params.link_query();
    let q_text = params.q.clone().unwrap_or_default();
    let mut f = filter(s, &group, ListParams { from: None, to: None, cursor: None, limit: None, ..params }).await?;
    f.limit = None;
    f.from = Some(day_start_utc(tz, from));
    f.to = Some(day_start_utc(tz, to));
    let list = s.list_activities(&viewer, &group, &f).await?;
    let orgs = s.list_orgs().await?;
    let colour = org_colours(&orgs);

    // Each activity goes in the row of each organization that leads or implements it.
    let mut spans: Vec<Span> = Vec::new();
    let mut info: HashMap<ActivityId, (String, &'static str)> = HashMap::new();
    for v in &list {
        let a = &v.activity;
        let fields = &a.fields;
        let atz = fields.schedule.tz;
        let occurrences = fields.schedule.occurrences_between(day_start_utc(tz, from), day_start_utc(tz, to));
        let (Some(first), Some(last)) = (
            occurrences.first().map(|(s, _)| s.with_timezone(&atz).date_naive()),
            occurrences.last().map(|(_, e)| (*e - Duration::seconds(1)).with_timezone(&atz).date_naive()),
        ) else {
            continue;
        };
        info.insert(a.id, (fields.title.get(t.lang.code()).to_string(), fields.status.code()));
        let regions: BTreeSet<String> = fields.locations.iter().filter_map(|l| l.subdivision.clone()).collect();
        for o in fields.organizations.iter().filter(|o| matches!(o.role, OrgRole::Lead | OrgRole::Implementer)) {
            spans.push(Span {
                org: o.org,
                activity: a.id,
                first: first.max(from),
                last: last.min(to - Duration::days(1)).max(first.max(from)),
                targets: fields.target_groups.iter().copied().collect(),
                regions: regions.clone(),
            });
        }
    }
    let met = meetings(&spans);
    let meeting_ids: BTreeSet<ActivityId> = met.iter().flat_map(|m| [m.a, m.b]).collect();

    let mut row_orgs: Vec<&jointcal_domain::org::Organization> =
        orgs.iter().filter(|o| spans.iter().any(|s| s.org == o.id)).collect();
    row_orgs.sort_by(|a, b| a.fields.acronym.cmp(&b.fields.acronym));
    let x_of = |d: NaiveDate| LABEL + (d - from).num_days() as f64 / days * (WIDTH - LABEL);
    let mut rows = Vec::new();
    let mut bars = Vec::new();
    let mut y = HEAD;
    for o in &row_orgs {
        let mut mine: Vec<&Span> = spans.iter().filter(|s| s.org == o.id).collect();
        mine.sort_by_key(|s| (s.first, s.last));
        let lane_of = lanes(&mine.iter().map(|s| (s.first, s.last)).collect::<Vec<_>>());
        let n_lanes = lane_of.iter().max().map_or(1, |m| m + 1);
        for (s, lane) in mine.iter().zip(&lane_of) {
            let (title, status_code) = info.get(&s.activity).cloned().unwrap_or_default();
            let x = x_of(s.first);
            let w = (x_of(s.last + Duration::days(1)) - x).max(2.0);
            bars.push(Bar {
                x: fmt(x),
                y: fmt(y + *lane as f64 * LANE + 3.0),
                w: fmt(w),
                colour: colour.get(&o.id).copied().unwrap_or(0),
                href: format!("/groups/{}/activities/{}{}", group.fields.slug, s.activity, t.with_lang()),
                label: format!("{} — {title}", o.fields.acronym),
                meets: meeting_ids.contains(&s.activity),
                status_code,
            });
        }
        let height = n_lanes as f64 * LANE + 6.0;
        rows.push(Row {
            y: fmt(y),
            text_y: fmt(y + 17.0),
            height: fmt(height),
            acronym: o.fields.acronym.clone(),
            name: o.fields.name.clone(),
        });
        y += height;
    }
    let cat = Catalogue::get();
    let ticks = (0..months)
        .filter_map(|i| from.checked_add_months(chrono::Months::new(i)))
        .map(|m| Tick { x: fmt(x_of(m)), label: cat.text(t.lang, &format!("date-month-{}", m.month()), &[]) })
        .collect();
    let title_of = |id: &ActivityId| info.get(id).map(|i| i.0.clone()).unwrap_or_default();
    let href_of = |id: &ActivityId| format!("/groups/{}/activities/{id}{}", group.fields.slug, t.with_lang());
    // The list names the first pairs; the marks on the bars show them all.
    let more_meetings = met.len().saturating_sub(MAX_LISTED);
    let meetings = met
        .iter()
        .take(MAX_LISTED)
        .map(|m| MeetingLine {
            a: (href_of(&m.a), title_of(&m.a)),
            b: (href_of(&m.b), title_of(&m.b)),
            detail: t.args(
                "timeline-meeting",
                &[
                    ("targets", m.targets.iter().map(|g| t.vocab(*g)).collect::<Vec<_>>().join(", ").into()),
                    ("regions", m.regions.iter().map(|r| t.region_code(r)).collect::<Vec<_>>().join(", ").into()),
                ],
            ),
        })
        .collect();

    let base = format!("/groups/{}", group.fields.slug);
    let span_name = if is_year { "year" } else { "quarter" };
    let href = |start: NaiveDate, span: &str| {
        format!("{base}/timeline?from={}&span={span}{link_query}{}", start.format("%Y-%m"), t.and_lang())
    };
    let step = chrono::Months::new(months);
    let heading = if is_year {
        t.args("timeline-year", &[("year", from.year().to_string().into())])
    } else {
        let last = to - Duration::days(1);
        t.args(
            "timeline-quarter",
            &[("from", cat.month_heading(t.lang, from).into()), ("to", cat.month_heading(t.lang, last).into())],
        )
    };
    let filters = FilterForm {
        selects: selects(&t, &orgs, &group.fields.country, &f),
        q: q_text,
        filtered: !link_query.is_empty(),
        clear_href: format!("{base}/timeline?from={}&span={span_name}{}", from.format("%Y-%m"), t.and_lang()),
    };
    let page = TimelinePage {
        slug: group.fields.slug.clone(),
        from_value: from.format("%Y-%m").to_string(),
        span_value: span_name,
        filters,
        group_name: group.fields.name.clone(),
        heading,
        month_href: format!("{base}?month={}{link_query}{}", from.format("%Y-%m"), t.and_lang()),
        quarter_href: href(from, "quarter"),
        year_href: href(NaiveDate::from_ymd_opt(from.year(), 1, 1).unwrap_or(from), "year"),
        prev_href: href(from.checked_sub_months(step).unwrap_or(from), span_name),
        next_href: href(to, span_name),
        is_year,
        view_box: format!("0 0 {WIDTH} {}", fmt(y + 4.0)),
        full_width: fmt(WIDTH),
        chart_height: fmt(y),
        empty: rows.is_empty(),
        rows,
        bars,
        ticks,
        meetings,
        more_meetings: if more_meetings > 0 {
            t.args("timeline-more-meetings", &[("count", more_meetings.into())])
        } else {
            String::new()
        },
        chrome: Chrome::new(t, principal.as_ref(), &uri),
    };
    Ok(render(&page))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2007, m, day).unwrap()
    }

    fn span(org: u128, act: u128, first: NaiveDate, last: NaiveDate, tg: &[TargetGroup], region: &str) -> Span {
        Span {
            org: OrgId(uuid::Uuid::from_u128(org)),
            activity: ActivityId(uuid::Uuid::from_u128(act)),
            first,
            last,
            targets: tg.iter().copied().collect(),
            regions: [region.to_string()].into(),
        }
    }

    #[test]
    fn two_organizations_meet_on_the_same_audience_place_and_days() {
        use TargetGroup::*;
        let inl = span(1, 10, d(9, 3), d(9, 7), &[BorderGuards], "KZ-31");
        let undp = span(2, 20, d(9, 5), d(9, 21), &[BorderGuards, Police], "KZ-31");
        let elsewhere = span(3, 30, d(9, 3), d(9, 7), &[BorderGuards], "KZ-75");
        let other_audience = span(4, 40, d(9, 3), d(9, 7), &[Judges], "KZ-31");
        let later = span(5, 50, d(10, 1), d(10, 5), &[BorderGuards], "KZ-31");
        let same_org = span(1, 60, d(9, 6), d(9, 6), &[BorderGuards], "KZ-31");
        let m = meetings(&[inl, undp, elsewhere, other_audience, later, same_org]);
        // INL meets UNDP twice (two INL activities), never itself nor the others.
        assert_eq!(m.len(), 2, "{m:?}");
        let undp = ActivityId(uuid::Uuid::from_u128(20));
        assert!(m.iter().all(|m| m.a == undp || m.b == undp), "{m:?}");
        assert!(m.iter().all(|m| m.targets == [BorderGuards] && m.regions == ["KZ-31"]));
    }

    #[test]
    fn bars_of_one_row_take_the_first_free_lane() {
        let l = lanes(&[(d(9, 1), d(9, 10)), (d(9, 5), d(9, 6)), (d(9, 11), d(9, 12)), (d(9, 6), d(9, 20))]);
        assert_eq!(l, [0, 1, 0, 2]);
    }
}
