//! Possible overlaps of a group's activities, as kept flags: the list and a
//! coordinator's resolution.

use crate::services::FlagView;
use crate::web::api::json::ApiJson;
use crate::web::caller::{Reader, Writer};
use crate::web::error::{ApiError, ApiResult, ErrorBody};
use crate::web::state::AppState;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::Json;
use chrono::{DateTime, Utc};
use jointcal_domain::overlap::FlagResolution;
use jointcal_domain::vocab::Vocabulary;
use jointcal_domain::Problem;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// One of the two activities of a flag.
#[derive(Serialize, ToSchema)]
pub struct FlagActivityOut {
    #[schema(value_type = String, format = Uuid)]
    pub id: uuid::Uuid,
    /// The title in its original language.
    pub title: String,
    pub version: i64,
}

/// A possible overlap of two activities of different lead organizations.
#[derive(Serialize, ToSchema)]
pub struct FlagOut {
    #[schema(value_type = String, format = Uuid)]
    pub id: uuid::Uuid,
    /// `duplicate` (possibly the same effort) or `complementary` (same place, time
    /// and audience, other work: could be done jointly).
    pub kind: String,
    /// 0–1.
    pub score: f64,
    /// The evidence, strongest first: `{"code": "same_target_group", "target_groups": [...], "weight": 1.2}`;
    /// codes: same_time, days_apart, same_place, same_region, other_regions,
    /// same_target_group, other_target_groups, same_kind, same_pillar, similar_titles,
    /// similar_descriptions, money_agrees, funds_flow, names_the_other, shared_organization,
    /// better_match_exists. A negative weight speaks against.
    #[schema(value_type = Vec<Object>)]
    pub reasons: Vec<serde_json::Value>,
    /// open, duplicate, complementary or dismissed.
    pub resolution: String,
    pub note: Option<String>,
    pub a: FlagActivityOut,
    pub b: FlagActivityOut,
    pub resolved_at: Option<DateTime<Utc>>,
    pub updated_at: DateTime<Utc>,
}

pub fn flag_out(v: &FlagView) -> FlagOut {
    let f = &v.flag;
    let side = |a: &crate::services::ActivityView| FlagActivityOut {
        id: a.activity.id.0,
        title: a.activity.fields.title.original_text().to_string(),
        version: a.activity.version,
    };
    FlagOut {
        id: f.id,
        kind: f.kind.code().into(),
        score: f.score,
        reasons: f.reasons.iter().filter_map(|e| serde_json::to_value(e).ok()).collect(),
        resolution: f.resolution.code().into(),
        note: f.note.clone(),
        a: side(&v.a),
        b: side(&v.b),
        resolved_at: f.resolved_at,
        updated_at: f.updated_at,
    }
}

#[derive(Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct FlagParams {
    /// open (default), duplicate, complementary, dismissed or all.
    resolution: Option<String>,
}

fn parse_resolution(status: StatusCode, field: &str, s: &str) -> Result<FlagResolution, ApiError> {
    FlagResolution::from_code(s.trim()).ok().ok_or_else(|| {
        ApiError::field(
            status,
            if status == StatusCode::BAD_REQUEST { "bad_request" } else { "invalid" },
            field,
            Problem::new(
                "not_a_resolution",
                format!("'{s}' is not a resolution: use open, duplicate, complementary or dismissed"),
            )
            .with("value", s),
        )
    })
}

/// The group's possible overlaps, highest score first: coordinators see all; other
/// members those on activities their organization takes part in.
#[utoipa::path(get, path = "/api/v1/groups/{slug}/overlaps", tag = "overlaps", params(("slug" = String, Path), FlagParams),
    responses((status = 200, body = Vec<FlagOut>), (status = 400, body = ErrorBody), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)),
    security(("bearer" = []), ("session" = [])))]
pub async fn list_overlaps(
    State(st): State<AppState>,
    Reader(p): Reader,
    Path(slug): Path<String>,
    q: Result<Query<FlagParams>, axum::extract::rejection::QueryRejection>,
) -> ApiResult<Json<Vec<FlagOut>>> {
    let p = p.ok_or_else(ApiError::unauthenticated)?;
    let Query(q) = q.map_err(|e| ApiError::bad_request(e.body_text()))?;
    let resolution = match q.resolution.as_deref().map(str::trim) {
        None | Some("") => Some(FlagResolution::Open),
        Some("all") => None,
        Some(r) => Some(parse_resolution(StatusCode::BAD_REQUEST, "resolution", r)?),
    };
    let (g, v) = st.services.group_for(&slug, Some(&p)).await?;
    let flags = st.services.list_flags(&v, &g, resolution).await?;
    Ok(Json(flags.iter().map(flag_out).collect()))
}

/// A coordinator's decision on a flag.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ResolutionIn {
    /// duplicate, complementary, dismissed, or open (to undo).
    pub resolution: String,
    /// Why (kept with the flag and in the audit log).
    #[serde(default)]
    pub note: Option<String>,
}

/// Resolve a flag (coordinators; audited). A dismissed pair does not come back
/// unless one of its activities changes in place, time, audience or kind.
#[utoipa::path(post, path = "/api/v1/groups/{slug}/overlaps/{id}/resolution", tag = "overlaps",
    params(("slug" = String, Path), ("id" = String, Path, format = Uuid)), request_body = ResolutionIn,
    responses((status = 200, body = FlagOut), (status = 400, body = ErrorBody), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody), (status = 413, body = ErrorBody), (status = 415, body = ErrorBody), (status = 422, body = ErrorBody)),
    security(("bearer" = []), ("session" = [])))]
pub async fn resolve_overlap(
    State(st): State<AppState>,
    Writer(p): Writer,
    Path((slug, id)): Path<(String, String)>,
    ApiJson(body): ApiJson<ResolutionIn>,
) -> ApiResult<Json<FlagOut>> {
    let id: uuid::Uuid = id.parse().map_err(|_| ApiError::not_found("overlap flag"))?;
    let resolution = parse_resolution(StatusCode::UNPROCESSABLE_ENTITY, "resolution", &body.resolution)?;
    if body.note.as_deref().is_some_and(|n| n.chars().count() > 2000) {
        return Err(ApiError::field(StatusCode::UNPROCESSABLE_ENTITY, "invalid", "note", Problem::too_long(2000)));
    }
    let (g, v) = st.services.group_for(&slug, Some(&p)).await?;
    let view = st.services.resolve_flag(&v, &p.actor(), &g, id, resolution, body.note.as_deref()).await?;
    Ok(Json(flag_out(&view)))
}
