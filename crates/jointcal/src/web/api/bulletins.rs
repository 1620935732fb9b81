//! The monthly bulletin from the API: a month's text as the members will read it,
//! and the editions archived as sent.

use crate::bulletin::{bulletin, text, Flavour, READER};
use crate::web::caller::Reader;
use crate::web::error::{ApiError, ApiResult, ErrorBody};
use crate::web::lang::Tr;
use crate::web::state::AppState;
use axum::extract::{Path, Query, State};
use axum::http::header;
use axum::response::{IntoResponse, Response};
use axum::Json;
use chrono::{DateTime, NaiveDate, Utc};
use jointcal_domain::Problem;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// An edition archived as sent.
#[derive(Serialize, ToSchema)]
pub struct EditionOut {
    /// `YYYY-MM`.
    pub month: String,
    pub sent_at: DateTime<Utc>,
    /// How many activities its snapshot holds (what the next edition compares with).
    pub activities: usize,
}

fn members_only(v: &jointcal_domain::access::Viewer) -> ApiResult<()> {
    if v.is_member() {
        Ok(())
    } else if v.user.is_none() {
        Err(ApiError::unauthenticated())
    } else {
        Err(ApiError::forbidden("the bulletin is for the group's members"))
    }
}

/// The editions of the group's bulletin archived as sent, newest first (members).
#[utoipa::path(get, path = "/api/v1/groups/{slug}/bulletins", tag = "bulletins", params(("slug" = String, Path)),
    responses((status = 200, body = Vec<EditionOut>), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)),
    security(("bearer" = []), ("session" = [])))]
pub async fn list_editions(
    State(st): State<AppState>,
    Reader(p): Reader,
    Path(slug): Path<String>,
) -> ApiResult<Json<Vec<EditionOut>>> {
    let (g, v) = st.services.group_for(&slug, p.as_ref()).await?;
    members_only(&v)?;
    let list = st.services.editions(&g).await?;
    Ok(Json(
        list.into_iter()
            .map(|e| EditionOut {
                month: e.month.format("%Y-%m").to_string(),
                sent_at: e.sent_at,
                activities: e.snapshot.activities.len(),
            })
            .collect(),
    ))
}

/// A PDF file (for the OpenAPI document).
#[derive(utoipa::ToSchema)]
#[schema(value_type = String, format = Binary)]
pub struct PdfFile(pub Vec<u8>);

#[derive(Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct BulletinParams {
    /// `md` (Markdown, default), `txt` (plain text) or `pdf`.
    format: Option<String>,
}

/// A month's bulletin as the members will read it, in the language asked
/// (`Accept-Language` or `?lang=`): what changed since the last edition sent, what is
/// under way, what starts each week, by lead organization, the open overlap flags,
/// the contacts (members).
#[utoipa::path(get, path = "/api/v1/groups/{slug}/bulletins/{month}", tag = "bulletins",
    params(("slug" = String, Path), ("month" = String, Path, description = "YYYY-MM"), BulletinParams),
    responses((status = 200, content((String = "text/markdown"), (String = "text/plain"), (PdfFile = "application/pdf"))), (status = 400, body = ErrorBody), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)),
    security(("bearer" = []), ("session" = [])))]
pub async fn bulletin_text(
    State(st): State<AppState>,
    Reader(p): Reader,
    t: Tr,
    Path((slug, month)): Path<(String, String)>,
    q: Result<Query<BulletinParams>, axum::extract::rejection::QueryRejection>,
) -> ApiResult<Response> {
    let Query(q) = q.map_err(|e| ApiError::bad_request(e.body_text()))?;
    let (flavour, mime) = match q.format.as_deref().map(str::trim) {
        None | Some("") | Some("md") => (Some(Flavour::Markdown), "text/markdown; charset=utf-8"),
        Some("txt") => (Some(Flavour::Plain), "text/plain; charset=utf-8"),
        Some("pdf") => (None, "application/pdf"),
        Some(other) => {
            return Err(ApiError::bad_field(
                "format",
                Problem::new(
                    "not_a_bulletin_format",
                    format!("'{other}' is not a format of the bulletin: use md, txt or pdf"),
                )
                .with("value", other),
            ))
        }
    };
    let first = NaiveDate::parse_from_str(&format!("{}-01", month.trim()), "%Y-%m-%d")
        .ok()
        .and_then(|d| jointcal_domain::schedule::check_day(d).ok())
        .ok_or_else(|| {
            ApiError::bad_field(
                "month",
                Problem::new("not_a_month", format!("'{month}' is not a month; use YYYY-MM")).with("value", &month),
            )
        })?;
    let (g, v) = st.services.group_for(&slug, p.as_ref()).await?;
    members_only(&v)?;
    let b = bulletin(&st.services, &READER, &g, first, &t).await?;
    match flavour {
        Some(f) => Ok(([(header::CONTENT_TYPE, mime)], text(&t, &b, f)).into_response()),
        None => {
            let body = crate::bulletin::pdf(&t, &b).map_err(|e| ApiError::internal(e.to_string()))?;
            let disposition = format!("inline; filename=\"{}\"", crate::bulletin::pdf_name(&b));
            Ok(([(header::CONTENT_TYPE, mime.to_string()), (header::CONTENT_DISPOSITION, disposition)], body)
                .into_response())
        }
    }
}
