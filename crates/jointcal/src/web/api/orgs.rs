//! Organizations, shared by all groups.

use crate::web::api::json::ApiJson;
use crate::web::api::schema::{output_schema, uuid};
use crate::web::caller::{Reader, Writer};
use crate::web::error::{ApiResult, ErrorBody};
use crate::web::state::AppState;
use axum::extract::{Path, State};
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use jointcal_domain::org::{OrgInput, Organization};
use jointcal_domain::vocab::Vocabulary;
use serde::Serialize;

/// An organization.
#[derive(Serialize)]
pub struct OrgOut {
    pub id: uuid::Uuid,
    #[serde(flatten)]
    pub fields: OrgInput,
}
output_schema!(OrgOut, OrgInput, "Organization", "An organization, shared by all groups", [("id", uuid(), true)]);

fn org_out(o: &Organization) -> OrgOut {
    OrgOut {
        id: o.id.0,
        fields: OrgInput {
            name: o.fields.name.clone(),
            acronym: o.fields.acronym.clone(),
            kind: o.fields.kind.code().into(),
            iati_org_id: o.fields.iati_org_id.clone(),
        },
    }
}

/// All organizations.
#[utoipa::path(get, path = "/api/v1/organizations", tag = "organizations", responses((status = 200, body = Vec<OrgOut>), (status = 401, body = ErrorBody)), security((), ("bearer" = []), ("session" = [])))]
pub async fn list_orgs(State(st): State<AppState>, Reader(_caller): Reader) -> ApiResult<Json<Vec<OrgOut>>> {
    Ok(Json(st.services.list_orgs().await?.iter().map(org_out).collect()))
}

/// Add an organization (instance admin).
#[utoipa::path(post, path = "/api/v1/organizations", tag = "organizations", request_body = OrgInput,
    responses((status = 201, body = OrgOut, headers(("Location" = String))), (status = 400, body = ErrorBody), (status = 401, body = ErrorBody),
        (status = 403, body = ErrorBody), (status = 409, body = ErrorBody), (status = 413, body = ErrorBody), (status = 415, body = ErrorBody), (status = 422, body = ErrorBody)),
    security(("bearer" = []), ("session" = [])))]
pub async fn create_org(
    State(st): State<AppState>,
    Writer(p): Writer,
    ApiJson(body): ApiJson<OrgInput>,
) -> ApiResult<Response> {
    let o = st.services.create_org(&st.services.instance_viewer(Some(&p)), &p.actor(), &body).await?;
    let loc = format!("/api/v1/organizations/{}", o.id);
    Ok((StatusCode::CREATED, [(header::LOCATION, loc)], Json(org_out(&o))).into_response())
}

/// Change an organization (instance admin).
#[utoipa::path(put, path = "/api/v1/organizations/{id}", tag = "organizations", params(("id" = String, Path, description = "Id, acronym or IATI identifier")),
    request_body = OrgInput,
    responses((status = 200, body = OrgOut), (status = 400, body = ErrorBody), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody), (status = 409, body = ErrorBody), (status = 413, body = ErrorBody), (status = 415, body = ErrorBody), (status = 422, body = ErrorBody)),
    security(("bearer" = []), ("session" = [])))]
pub async fn update_org(
    State(st): State<AppState>,
    Writer(p): Writer,
    Path(id): Path<String>,
    ApiJson(body): ApiJson<OrgInput>,
) -> ApiResult<Json<OrgOut>> {
    let viewer = st.services.instance_viewer(Some(&p));
    Ok(Json(org_out(&st.services.update_org(&viewer, &p.actor(), &id, &body).await?)))
}

/// One organization, by id, acronym or IATI organisation identifier.
#[utoipa::path(get, path = "/api/v1/organizations/{id}", tag = "organizations", params(("id" = String, Path, description = "Id, acronym or IATI identifier")),
    responses((status = 200, body = OrgOut), (status = 401, body = ErrorBody), (status = 404, body = ErrorBody)), security((), ("bearer" = []), ("session" = [])))]
pub async fn get_org(
    State(st): State<AppState>,
    Reader(_caller): Reader,
    Path(id): Path<String>,
) -> ApiResult<Json<OrgOut>> {
    Ok(Json(org_out(&st.services.find_org(&id).await?)))
}
