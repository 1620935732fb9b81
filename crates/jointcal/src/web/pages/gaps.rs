//! Coverage and gaps: where the group works, on what and for whom, by quarter — a
//! heat-map per pillar — and the empty cells that matter, in words. The sentences
//! are shared with the API and `jointcal gaps`.

use crate::i18n::FluentValue;
use crate::web::caller::Reader;
use crate::web::chrome::Chrome;
use crate::web::error::{render, HttpError};
use crate::web::lang::Tr;
use crate::web::pages::labels::Labels;
use crate::web::state::AppState;
use askama::Template;
use axum::extract::{OriginalUri, Path, Query, State};
use axum::response::Response;
use chrono::{Datelike, NaiveDate};
use jointcal_domain::coverage::{period, Coverage, Gap};
use jointcal_domain::vocab::{Pillar, TargetGroup, Vocabulary};
use jointcal_domain::Problem;
use serde::Deserialize;
use std::collections::{BTreeSet, HashMap};

/// The period in words: "in 2007", or "from 1 Apr 2007 to 30 Jun 2007".
pub fn period_words(t: &Tr, c: &Coverage) -> String {
    let last = c.to.pred_opt().unwrap_or(c.to);
    if c.from.ordinal() == 1 && c.to.ordinal() == 1 && c.to.year() == c.from.year() + 1 {
        t.args("gaps-period-year", &[("year", c.from.year().to_string().into())])
    } else {
        let l = Labels::new(*t);
        t.args("gaps-period-range", &[("from", l.day(c.from, true).into()), ("to", l.day(last, true).into())])
    }
}

/// A vocabulary label inside a sentence: "Border guards" → "border guards", but
/// "NGOs" stays.
fn inside(label: String) -> String {
    let mut chars = label.chars();
    match (chars.next(), chars.next()) {
        (Some(first), Some(second)) if first.is_uppercase() && second.is_lowercase() => {
            first.to_lowercase().chain(label.chars().skip(1)).collect()
        }
        _ => label,
    }
}

/// A gap in words, in the reader's language.
pub fn gap_words(t: &Tr, g: &Gap, period: &str) -> String {
    match g {
        Gap::Region { region } => {
            t.args("gap-region", &[("region", t.region_code(region).into()), ("period", period.to_string().into())])
        }
        Gap::Cell { pillar, region, target_group, elsewhere, regions_with, expected, .. } => {
            let args: Vec<(&str, FluentValue<'_>)> = vec![
                ("pillar", inside(t.vocab(*pillar)).into()),
                ("group", inside(t.vocab(*target_group)).into()),
                ("region", t.region_code(region).into()),
                ("period", period.to_string().into()),
                ("elsewhere", (*elsewhere).into()),
                ("regions", (*regions_with).into()),
                ("expected", format!("{expected:.1}").into()),
            ];
            t.args("gap-cell", &args)
        }
    }
}

/// The period of a request from `year`, `from` and `to` (days, `to` included);
/// `today` when nothing is asked. A wrong value is named by its parameter.
pub fn asked_period(
    year: Option<&str>,
    from: Option<&str>,
    to: Option<&str>,
    today: NaiveDate,
) -> Result<(NaiveDate, NaiveDate), (&'static str, Problem)> {
    let day = |field: &'static str, s: Option<&str>| {
        s.map(str::trim)
            .filter(|s| !s.is_empty())
            .map(|s| {
                NaiveDate::parse_from_str(s, "%Y-%m-%d")
                    .map_err(|_| {
                        (
                            field,
                            Problem::new("not_a_date", format!("'{s}' is not a date; use YYYY-MM-DD")).with("value", s),
                        )
                    })
                    .and_then(|d| jointcal_domain::schedule::check_day(d).map_err(|p| (field, p)))
            })
            .transpose()
    };
    period(year, day("from", from)?, day("to", to)?, today)
}

/// Activities and organizations.
type Counts = (usize, usize);

/// One cell of a heat-map table.
pub struct HeatCell {
    pub text: String,
    /// What a screen reader and a pointer's tooltip say.
    pub title: String,
    /// heat-0 (empty) … heat-4, or gap.
    pub class: &'static str,
}

pub struct HeatRow {
    pub label: String,
    pub cells: Vec<HeatCell>,
}

/// One table: a pillar's regions against target groups, or against quarters.
pub struct HeatTable {
    pub caption: String,
    pub columns: Vec<String>,
    pub rows: Vec<HeatRow>,
}

pub struct PillarPart {
    pub id: &'static str,
    pub heading: String,
    pub by_group: HeatTable,
    pub by_quarter: HeatTable,
}

impl PillarPart {
    fn tables(&self) -> [&HeatTable; 2] {
        [&self.by_group, &self.by_quarter]
    }
}

#[derive(Template)]
#[template(path = "gaps.html")]
pub struct GapsPage {
    chrome: Chrome,
    group_name: String,
    back_href: String,
    period: String,
    prev_href: String,
    next_href: String,
    from: String,
    to: String,
    counted: String,
    gaps: Vec<String>,
    pillars: Vec<PillarPart>,
    csv_href: String,
    json_href: String,
}

#[derive(Deserialize)]
pub struct GapsQuery {
    year: Option<String>,
    from: Option<String>,
    to: Option<String>,
}

fn heat(n: usize, max: usize) -> &'static str {
    match n {
        0 => "heat-0",
        _ if max <= 1 || n * 4 <= max => "heat-1",
        _ if n * 2 <= max => "heat-2",
        _ if n * 4 <= max * 3 => "heat-3",
        _ => "heat-4",
    }
}

fn cell(t: &Tr, activities: usize, organizations: usize, max: usize, gap: bool) -> HeatCell {
    let title =
        t.args("gaps-cell-title", &[("activities", activities.into()), ("organizations", organizations.into())]);
    if gap {
        return HeatCell { text: "0".into(), title: format!("{title} — {}", t.t("gaps-cell-gap")), class: "gap" };
    }
    HeatCell { text: activities.to_string(), title, class: heat(activities, max) }
}

/// The row label of a region (`None`: no region named).
fn region_label(t: &Tr, r: &Option<String>) -> String {
    r.as_deref().map_or_else(|| t.t("gaps-no-region"), |c| t.region_code(c))
}

/// The two tables of one pillar.
fn pillar_part(t: &Tr, c: &Coverage, p: Pillar) -> PillarPart {
    let whole: Vec<_> = c.cells.iter().filter(|x| x.pillar == p && x.quarter.is_none()).collect();
    let gaps: BTreeSet<(String, TargetGroup)> = c
        .gaps
        .iter()
        .filter_map(|g| match g {
            Gap::Cell { pillar, region, target_group, .. } if *pillar == p => Some((region.clone(), *target_group)),
            _ => None,
        })
        .collect();
    let mut regions: Vec<Option<String>> = whole.iter().map(|x| x.region.clone()).collect();
    regions.extend(gaps.iter().map(|(r, _)| Some(r.clone())));
    regions.sort();
    regions.dedup();
    let mut groups: Vec<Option<TargetGroup>> = whole.iter().map(|x| x.target_group).collect();
    groups.extend(gaps.iter().map(|(_, g)| Some(*g)));
    groups.sort_by_key(|g| g.map(|g| g.code()));
    groups.dedup();
    let max = whole.iter().map(|x| x.activities).max().unwrap_or(0);
    let counts: HashMap<(&Option<String>, Option<TargetGroup>), Counts> =
        whole.iter().map(|x| ((&x.region, x.target_group), (x.activities, x.organizations))).collect();
    let by_group = HeatTable {
        caption: t.args("gaps-by-group", &[("pillar", t.vocab(p).into())]),
        columns: groups.iter().map(|g| g.map_or_else(|| t.t("gaps-no-group"), |g| t.vocab(g))).collect(),
        rows: regions
            .iter()
            .map(|r| HeatRow {
                label: region_label(t, r),
                cells: groups
                    .iter()
                    .map(|g| {
                        let (n, o) = counts.get(&(r, *g)).copied().unwrap_or((0, 0));
                        let gap = matches!((r, g), (Some(r), Some(g)) if gaps.contains(&(r.clone(), *g)));
                        cell(t, n, o, max, gap)
                    })
                    .collect(),
            })
            .collect(),
    };
    let by_region: Vec<_> = c.by_region.iter().filter(|x| x.pillar == p && x.quarter.is_some()).collect();
    let qmax = by_region.iter().map(|x| x.activities).max().unwrap_or(0);
    let qcounts: HashMap<(&Option<String>, Option<usize>), Counts> =
        by_region.iter().map(|x| ((&x.region, x.quarter), (x.activities, x.organizations))).collect();
    let by_quarter = HeatTable {
        caption: t.args("gaps-by-quarter", &[("pillar", t.vocab(p).into())]),
        columns: c.quarters.iter().map(|q| q.label()).collect(),
        rows: regions
            .iter()
            .map(|r| HeatRow {
                label: region_label(t, r),
                cells: (0..c.quarters.len())
                    .map(|q| {
                        let (n, o) = qcounts.get(&(r, Some(q))).copied().unwrap_or((0, 0));
                        cell(t, n, o, qmax, false)
                    })
                    .collect(),
            })
            .collect(),
    };
    PillarPart { id: p.code(), heading: t.vocab(p), by_group, by_quarter }
}

/// `GET /groups/{slug}/gaps[?year=YYYY | ?from=YYYY-MM-DD&to=YYYY-MM-DD]`.
pub async fn gaps_page(
    State(st): State<AppState>,
    Reader(principal): Reader,
    t: Tr,
    OriginalUri(uri): OriginalUri,
    Path(slug): Path<String>,
    Query(q): Query<GapsQuery>,
) -> Result<Response, HttpError> {
    let s = &st.services;
    let (group, viewer) = s.group_for(&slug, principal.as_ref()).await?;
    let today = s.now().with_timezone(&group.fields.timezone).date_naive();
    let (from, to) = asked_period(q.year.as_deref(), q.from.as_deref(), q.to.as_deref(), today)
        .map_err(|(field, p)| HttpError::bad_field(field, p))?;
    let c = s.coverage(&viewer, &group, from, to).await?;
    let words = period_words(&t, &c);
    let base = format!("/groups/{}/gaps", group.fields.slug);
    let year_href = |y: i32| format!("{base}?year={y}{}", t.and_lang());
    let query = format!("from={from}&to={}", c.to.pred_opt().unwrap_or(c.to));
    let page = GapsPage {
        chrome: Chrome::new(t, principal.as_ref(), &uri),
        group_name: group.fields.name.clone(),
        back_href: format!("/groups/{}{}", group.fields.slug, t.with_lang()),
        gaps: c.gaps.iter().map(|g| gap_words(&t, g, &words)).collect(),
        pillars: Pillar::all().iter().map(|p| pillar_part(&t, &c, *p)).collect(),
        prev_href: year_href(from.year() - 1),
        next_href: year_href(from.year() + 1),
        from: from.to_string(),
        to: c.to.pred_opt().unwrap_or(c.to).to_string(),
        counted: t.args("gaps-counted", &[("count", c.activities.into())]),
        csv_href: format!("/api/v1/groups/{}/coverage?{query}&format=csv", group.fields.slug),
        json_href: format!("/api/v1/groups/{}/coverage?{query}", group.fields.slug),
        period: words,
    };
    Ok(render(&page))
}
