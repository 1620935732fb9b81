//! The audit log as the API shows it: a group's history and an activity's.

use crate::web::caller::Reader;
use crate::web::error::{ApiError, ApiResult, ErrorBody};
use crate::web::paging::{audit_cursor, parse_audit_cursor, parse_limit, Page};
use crate::web::state::AppState;
use axum::extract::{Path, Query, State};
use axum::Json;
use chrono::{DateTime, Utc};
use jointcal_domain::audit::AuditEvent;
use jointcal_domain::ids::ActivityId;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// One audit event.
#[derive(Serialize, ToSchema)]
pub struct AuditOut {
    #[schema(value_type = String, format = Uuid)]
    pub id: uuid::Uuid,
    pub at: DateTime<Utc>,
    /// Who: `{"type": "user", "id": …}`, `{"type": "token", …}`, `{"type": "job", "name": …}`, `{"type": "import", …}`, `{"type": "cli"}`, `{"type": "system"}`.
    #[schema(value_type = Object)]
    pub actor: serde_json::Value,
    /// create, update or delete.
    pub action: String,
    /// activity, activity_batch, group, organization, membership, user, api_token or
    /// overlap_flag.
    pub entity_type: String,
    #[schema(value_type = String, format = Uuid)]
    pub entity_id: uuid::Uuid,
    /// The entity before the change (absent for a creation).
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(value_type = Option<Object>)]
    pub before: Option<serde_json::Value>,
    /// The entity after the change (absent for a deletion).
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(value_type = Option<Object>)]
    pub after: Option<serde_json::Value>,
}

pub fn audit_out(e: &AuditEvent) -> AuditOut {
    AuditOut {
        id: e.id.0,
        at: e.at,
        actor: serde_json::to_value(&e.actor).unwrap_or_default(),
        action: e.action.as_str().into(),
        entity_type: e.entity_type.code().into(),
        entity_id: e.entity_id,
        before: e.before.clone(),
        after: e.after.clone(),
    }
}

#[derive(Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct AuditParams {
    /// Page size, 1–500 (default 100).
    limit: Option<String>,
    /// From `next_cursor` of the previous page.
    cursor: Option<String>,
}

/// The group's history, newest first (coordinators).
#[utoipa::path(get, path = "/api/v1/groups/{slug}/audit", tag = "audit", params(("slug" = String, Path), AuditParams),
    responses((status = 200, body = Page<AuditOut>), (status = 400, body = ErrorBody), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)),
    security(("bearer" = []), ("session" = [])))]
pub async fn group_audit(
    State(st): State<AppState>,
    Reader(p): Reader,
    Path(slug): Path<String>,
    q: Result<Query<AuditParams>, axum::extract::rejection::QueryRejection>,
) -> ApiResult<Json<Page<AuditOut>>> {
    let p = p.ok_or_else(ApiError::unauthenticated)?;
    let Query(q) = q.map_err(|e| ApiError::bad_request(e.body_text()))?;
    let limit = parse_limit(q.limit.as_deref())?;
    let before = q.cursor.as_deref().map(parse_audit_cursor).transpose()?;
    let (g, v) = st.services.group_for(&slug, Some(&p)).await?;
    let events = st.services.group_history(&v, &g, before, limit).await?;
    let next_cursor = (events.len() as i64 == limit).then(|| events.last().map(|e| audit_cursor(e.at, e.id))).flatten();
    Ok(Json(Page { items: events.iter().map(audit_out).collect(), next_cursor }))
}

/// An activity's history, oldest first (coordinators).
#[utoipa::path(get, path = "/api/v1/groups/{slug}/activities/{id}/audit", tag = "audit", params(("slug" = String, Path), ("id" = String, Path, format = Uuid)),
    responses((status = 200, body = Vec<AuditOut>), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)),
    security(("bearer" = []), ("session" = [])))]
pub async fn activity_audit(
    State(st): State<AppState>,
    Reader(p): Reader,
    Path((slug, id)): Path<(String, String)>,
) -> ApiResult<Json<Vec<AuditOut>>> {
    let p = p.ok_or_else(ApiError::unauthenticated)?;
    let id: ActivityId = id.parse().map_err(|_| ApiError::not_found("activity"))?;
    let (g, v) = st.services.group_for(&slug, Some(&p)).await?;
    let events = st.services.activity_history(&v, &g, id).await?;
    Ok(Json(events.iter().map(audit_out).collect()))
}
