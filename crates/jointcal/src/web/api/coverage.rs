//! The coverage matrix and its gaps as JSON or CSV — the same from the API and from
//! `jointcal gaps`.

use crate::web::caller::Reader;
use crate::web::error::{ApiError, ApiResult, ErrorBody};
use crate::web::lang::Tr;
use crate::web::pages::gaps::{asked_period, gap_words, period_words};
use crate::web::state::AppState;
use axum::extract::{Path, Query, State};
use axum::http::header;
use axum::response::{IntoResponse, Response};
use axum::Json;
use chrono::NaiveDate;
use jointcal_domain::coverage::{Coverage, Gap};
use jointcal_domain::vocab::Vocabulary;
use jointcal_domain::Problem;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// Activities and organizations in one cell of the matrix.
#[derive(Serialize, ToSchema)]
pub struct CellOut {
    /// `2007-Q3`, or `all` for the whole period.
    pub quarter: String,
    pub pillar: String,
    /// ISO 3166-2 code; null when the activities name no region (national, online).
    pub region: Option<String>,
    /// Null when the activities name no target group.
    pub target_group: Option<String>,
    pub activities: usize,
    /// Organizations taking part in any role.
    pub organizations: usize,
}

/// An empty cell that matters, or a region with no activity at all.
#[derive(Serialize, ToSchema)]
pub struct GapOut {
    /// `cell` or `region`.
    pub gap: String,
    pub region: String,
    pub pillar: Option<String>,
    pub target_group: Option<String>,
    /// Activities that would be here if regions and work were independent.
    pub expected: Option<f64>,
    /// Activities of this pillar for this target group in other regions.
    pub elsewhere: Option<usize>,
    /// The gap in words, in the language asked (`Accept-Language` or `?lang=`).
    pub text: String,
}

/// The coverage of a period: pillar × region × target group, by quarter.
#[derive(Serialize, ToSchema)]
pub struct CoverageOut {
    pub from: NaiveDate,
    /// The last day, included.
    pub to: NaiveDate,
    pub quarters: Vec<String>,
    /// Activities counted.
    pub activities: usize,
    /// The cells that are not empty.
    pub cells: Vec<CellOut>,
    /// Per pillar and region, whatever the target group (an activity counted once).
    pub regions: Vec<CellOut>,
    /// Regions with nothing first, then cells by how many activities were expected.
    pub gaps: Vec<GapOut>,
}

fn quarter(c: &Coverage, q: Option<usize>) -> String {
    q.and_then(|i| c.quarters.get(i)).map_or_else(|| "all".to_string(), |q| q.label())
}

/// The JSON form of a coverage matrix, gaps in the reader's language.
pub fn coverage_out(t: &Tr, c: &Coverage) -> CoverageOut {
    let words = period_words(t, c);
    CoverageOut {
        from: c.from,
        to: c.to.pred_opt().unwrap_or(c.to),
        quarters: c.quarters.iter().map(|q| q.label()).collect(),
        activities: c.activities,
        cells: c
            .cells
            .iter()
            .map(|x| CellOut {
                quarter: quarter(c, x.quarter),
                pillar: x.pillar.code().into(),
                region: x.region.clone(),
                target_group: x.target_group.map(|g| g.code().to_string()),
                activities: x.activities,
                organizations: x.organizations,
            })
            .collect(),
        regions: c
            .by_region
            .iter()
            .map(|x| CellOut {
                quarter: quarter(c, x.quarter),
                pillar: x.pillar.code().into(),
                region: x.region.clone(),
                target_group: None,
                activities: x.activities,
                organizations: x.organizations,
            })
            .collect(),
        gaps: c
            .gaps
            .iter()
            .map(|g| {
                let text = gap_words(t, g, &words);
                match g {
                    Gap::Region { region } => GapOut {
                        gap: "region".into(),
                        region: region.clone(),
                        pillar: None,
                        target_group: None,
                        expected: None,
                        elsewhere: None,
                        text,
                    },
                    Gap::Cell { pillar, region, target_group, expected, elsewhere, .. } => GapOut {
                        gap: "cell".into(),
                        region: region.clone(),
                        pillar: Some(pillar.code().into()),
                        target_group: Some(target_group.code().into()),
                        expected: Some(*expected),
                        elsewhere: Some(*elsewhere),
                        text,
                    },
                }
            })
            .collect(),
    }
}

/// The matrix as CSV, one row per non-empty cell (`quarter` is `all` for the whole
/// period), then one per gap (`gap` = yes, with the activities expected).
pub fn coverage_csv(c: &Coverage) -> Result<String, csv::Error> {
    let mut w = csv::Writer::from_writer(Vec::new());
    w.write_record([
        "from",
        "to",
        "quarter",
        "pillar",
        "region",
        "region_name",
        "target_group",
        "activities",
        "organizations",
        "gap",
        "expected",
    ])?;
    let (from, to) = (c.from.to_string(), c.to.pred_opt().unwrap_or(c.to).to_string());
    let name = |r: &str| jointcal_domain::geo::subdivision(r).map_or("", |s| s.name);
    for x in &c.cells {
        let region = x.region.clone().unwrap_or_default();
        w.write_record([
            from.as_str(),
            &to,
            &quarter(c, x.quarter),
            x.pillar.code(),
            &region,
            name(&region),
            x.target_group.map_or("", |g| g.code()),
            &x.activities.to_string(),
            &x.organizations.to_string(),
            "",
            "",
        ])?;
    }
    for g in &c.gaps {
        let (pillar, region, group, expected) = match g {
            Gap::Region { region } => ("", region, "", String::new()),
            Gap::Cell { pillar, region, target_group, expected, .. } => {
                (pillar.code(), region, target_group.code(), format!("{expected:.2}"))
            }
        };
        w.write_record([from.as_str(), &to, "all", pillar, region, name(region), group, "0", "0", "yes", &expected])?;
    }
    let bytes = w.into_inner().map_err(|e| e.into_error())?;
    Ok(String::from_utf8_lossy(&bytes).into_owned())
}

#[derive(Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct CoverageParams {
    /// A calendar year, e.g. 2007 (default: this year in the group's zone).
    year: Option<String>,
    /// First day, YYYY-MM-DD (with `to`; either alone means a year from or to it).
    from: Option<String>,
    /// Last day, included, YYYY-MM-DD.
    to: Option<String>,
    /// `json` (default) or `csv`.
    format: Option<String>,
}

/// The coverage matrix of a period — activities and organizations per pillar, region
/// and target group, by quarter — and its gaps, over the activities you may see.
#[utoipa::path(get, path = "/api/v1/groups/{slug}/coverage", tag = "overlaps", params(("slug" = String, Path), CoverageParams),
    responses((status = 200, content((CoverageOut = "application/json"), (String = "text/csv"))), (status = 400, body = ErrorBody), (status = 401, body = ErrorBody), (status = 404, body = ErrorBody)),
    security((), ("bearer" = []), ("session" = [])))]
pub async fn coverage(
    State(st): State<AppState>,
    Reader(p): Reader,
    t: Tr,
    Path(slug): Path<String>,
    q: Result<Query<CoverageParams>, axum::extract::rejection::QueryRejection>,
) -> ApiResult<Response> {
    let Query(q) = q.map_err(|e| ApiError::bad_request(e.body_text()))?;
    let csv = match q.format.as_deref().map(str::trim) {
        None | Some("") | Some("json") => false,
        Some("csv") => true,
        Some(other) => {
            return Err(ApiError::bad_field(
                "format",
                Problem::new("not_a_format", format!("'{other}' is not a format: use json or csv"))
                    .with("value", other),
            ))
        }
    };
    let (g, v) = st.services.group_for(&slug, p.as_ref()).await?;
    let today = st.services.now().with_timezone(&g.fields.timezone).date_naive();
    let (from, to) = asked_period(q.year.as_deref(), q.from.as_deref(), q.to.as_deref(), today)
        .map_err(|(field, problem)| ApiError::bad_field(field, problem))?;
    let c = st.services.coverage(&v, &g, from, to).await?;
    if csv {
        let body = coverage_csv(&c).map_err(|e| ApiError::internal(format!("coverage CSV: {e}")))?;
        let name = format!("attachment; filename=\"{}-coverage-{from}.csv\"", g.fields.slug);
        return Ok((
            [(header::CONTENT_TYPE, "text/csv; charset=utf-8".to_string()), (header::CONTENT_DISPOSITION, name)],
            body,
        )
            .into_response());
    }
    Ok(Json(coverage_out(&t, &c)).into_response())
}
