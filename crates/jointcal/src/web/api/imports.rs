//! Imports and exports over HTTP: `POST /api/v1/groups/{slug}/imports` takes a file
//! as the request body (IATI XML, an HXL-tagged CSV sheet or the API's JSON) and answers
//! with the import's report; `GET /api/v1/groups/{slug}/export` gives the activities the
//! caller may see as IATI 2.03, HXL CSV or JSON, with the activity list's filters.

use crate::formats::ExportFormat;
use crate::imports::{self, Format, Importing, Input, RunError, RunOptions};
use crate::services::{ImportReport, OnError};
use crate::web::caller::{Reader, Writer};
use crate::web::error::{ApiError, ApiResult, ErrorBody};
use crate::web::filters::{filter, ListParams};
use crate::web::state::AppState;
use axum::body::Body;
use axum::extract::{Path, Query, State};
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use http_body_util::BodyExt;
use jointcal_domain::vocab::{ActivityKind, Vocabulary};
use jointcal_domain::Problem;
use serde::Deserialize;
use std::collections::HashMap;
use std::io::Write;
use utoipa::IntoParams;

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ImportParams {
    /// iati, csv, xlsx or json (default: from the file's first bytes).
    pub format: Option<String>,
    /// true: report what would happen, write nothing.
    pub dry_run: Option<String>,
    /// abort (default: nothing written if any record is refused) or skip (every good record written).
    pub on_error: Option<String>,
    /// IATI: only activities for these recipient countries (ISO 3166-1, comma-separated).
    pub country: Option<String>,
    /// IATI: only activities with a sector code starting so (comma-separated).
    pub sector: Option<String>,
    /// The kind of activities whose words tell none (default legal_policy_support).
    pub kind: Option<String>,
    /// The file's name, as the report names it (default "upload").
    pub name: Option<String>,
}

fn bad(field: &str, code: &'static str, message: String) -> ApiError {
    ApiError::bad_field(field, Problem::new(code, message))
}

fn yes_no(field: &str, v: Option<&str>) -> ApiResult<bool> {
    match v.map(str::trim) {
        None | Some("") | Some("false") | Some("0") | Some("no") => Ok(false),
        Some("true") | Some("1") | Some("yes") => Ok(true),
        Some(other) => Err(bad(field, "not_a_boolean", format!("'{other}' is not true or false"))),
    }
}

fn list(v: Option<&str>) -> Vec<String> {
    v.map(|s| s.split(',').map(|x| x.trim().to_string()).filter(|x| !x.is_empty()).collect()).unwrap_or_default()
}

/// Import a file into the group (editors and coordinators; only coordinators' imports
/// add organizations). The body is the file itself, up to the server's
/// `max_import_bytes`. Re-importing the same file changes nothing. The answer lists
/// every refused record with its line, field and reason; 422 when, with
/// `on_error=abort`, a refused record kept anything from being written.
#[utoipa::path(post, path = "/api/v1/groups/{slug}/imports", tag = "imports",
    params(("slug" = String, Path), ImportParams),
    request_body(content = String, description = "The file: IATI activity XML, an HXL-tagged CSV or Excel sheet, or JSON", content_type = "application/octet-stream"),
    responses((status = 200, body = ImportReport), (status = 400, body = ErrorBody), (status = 401, body = ErrorBody),
        (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 413, body = ErrorBody), (status = 422, body = ImportReport)),
    security(("bearer" = []), ("session" = [])))]
pub async fn import_file(
    State(st): State<AppState>,
    Writer(p): Writer,
    Path(slug): Path<String>,
    q: Result<Query<ImportParams>, axum::extract::rejection::QueryRejection>,
    body: Body,
) -> ApiResult<Response> {
    let Query(q) = q.map_err(|e| ApiError::bad_request(e.body_text()))?;
    let format =
        match q.format.as_deref().map(str::trim).filter(|f| !f.is_empty()) {
            None => None,
            Some(f) => Some(Format::parse(f).ok_or_else(|| {
                bad("format", "not_a_format", format!("'{f}' is not a format: use iati, csv or json"))
            })?),
        };
    let on_error = match q.on_error.as_deref().map(str::trim) {
        None | Some("") | Some("abort") => OnError::Abort,
        Some("skip") => OnError::Skip,
        Some(other) => return Err(bad("on_error", "not_a_mode", format!("'{other}' is not abort or skip"))),
    };
    let default_kind = match q.kind.as_deref().map(str::trim).filter(|k| !k.is_empty()) {
        None => ActivityKind::LegalPolicySupport,
        Some(k) => ActivityKind::from_code(k).map_err(|e| ApiError::bad_field("kind", e.into()))?,
    };
    let mut countries = Vec::new();
    for c in list(q.country.as_deref()) {
        countries.push(jointcal_domain::geo::parse_country(&c).map_err(|p| ApiError::bad_field("country", p))?);
    }
    let opts = RunOptions {
        dry_run: yes_no("dry_run", q.dry_run.as_deref())?,
        on_error,
        countries,
        sectors: list(q.sector.as_deref()),
        default_kind,
        mapping: HashMap::new(),
    };
    let (group, viewer) = st.services.group_for(&slug, Some(&p)).await?;
    // Access first: a stranger's upload is not read.
    st.services.may_add_activities(&viewer)?;

    // The body goes to a temporary file as it arrives (an import reads it twice).
    let mut file = tempfile::NamedTempFile::new().map_err(|e| ApiError::internal(format!("temporary file: {e}")))?;
    let mut body = body;
    let mut size = 0usize;
    while let Some(frame) = body.frame().await {
        let frame = frame.map_err(|e| ApiError::bad_request(format!("the upload broke off: {e}")))?;
        if let Ok(data) = frame.into_data() {
            size += data.len();
            if size > st.max_import_bytes {
                return Err(ApiError::new(
                    StatusCode::PAYLOAD_TOO_LARGE,
                    "too_large",
                    format!(
                        "the file is larger than this server takes ({} bytes); import it with `jointcal import` on the server, or split it",
                        st.max_import_bytes
                    ),
                ));
            }
            file.write_all(&data).map_err(|e| ApiError::internal(format!("temporary file: {e}")))?;
        }
    }
    if size == 0 {
        return Err(ApiError::bad_request("the request body is empty: send the file as the body"));
    }
    let name = q.name.clone().filter(|n| !n.trim().is_empty()).unwrap_or_else(|| "upload".into());
    let input = Input { name, path: file.path().to_path_buf(), format };
    let job = Importing { services: &st.services, viewer: &viewer, actor: &p.actor(), group: &group };
    let report: ImportReport = match imports::run(&job, &[input], &opts, None).await {
        Ok(r) => r,
        Err(RunError::Service(e)) => return Err(e.into()),
        Err(RunError::File { file, message }) => return Err(ApiError::bad_request(format!("{file}: {message}"))),
    };
    let status = if report.rejected > 0 && opts.on_error == OnError::Abort && !opts.dry_run {
        StatusCode::UNPROCESSABLE_ENTITY
    } else {
        StatusCode::OK
    };
    Ok((status, Json(report)).into_response())
}

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ExportParams {
    /// iati (IATI 2.03 activity XML), csv or xlsx (HXL-tagged 3W) or json (the API's shape).
    pub format: Option<String>,
    /// The language of titles in the CSV (default en; else each activity's original).
    pub lang: Option<String>,
}

/// The group's activities that the caller may see, matching the list's filters, as a
/// file: IATI 2.03 (valid against the official schema), HXL-tagged 3W CSV, or JSON.
#[utoipa::path(get, path = "/api/v1/groups/{slug}/export", tag = "imports",
    params(("slug" = String, Path), ExportParams, ListParams),
    responses((status = 200, content((String = "application/xml"), (String = "text/csv"), (Object = "application/json"), (String = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"))),
        (status = 400, body = ErrorBody), (status = 401, body = ErrorBody), (status = 404, body = ErrorBody)),
    security((), ("bearer" = []), ("session" = [])))]
pub async fn export(
    State(st): State<AppState>,
    Reader(p): Reader,
    Path(slug): Path<String>,
    q: Result<Query<ExportParams>, axum::extract::rejection::QueryRejection>,
    l: Result<Query<ListParams>, axum::extract::rejection::QueryRejection>,
) -> ApiResult<Response> {
    let Query(q) = q.map_err(|e| ApiError::bad_request(e.body_text()))?;
    let Query(l) = l.map_err(|e| ApiError::bad_request(e.body_text()))?;
    let format = match q.format.as_deref().map(str::trim) {
        None | Some("") => return Err(bad("format", "required", "is required: iati, csv, xlsx or json".into())),
        Some(f) => ExportFormat::parse(f).ok_or_else(|| {
            bad("format", "not_a_format", format!("'{f}' is not a format: use iati, csv, xlsx or json"))
        })?,
    };
    let lang = q.lang.as_deref().map(str::trim).filter(|l| !l.is_empty()).unwrap_or("en").to_string();
    if jointcal_domain::text::Lang::parse(&lang).is_err() {
        return Err(bad("lang", "not_a_language", format!("'{lang}' is not a language code")));
    }
    let (group, viewer) = st.services.group_for(&slug, p.as_ref()).await?;
    let f = filter(&st.services, &group, l).await?;
    let (list, orgs) = st.services.export_activities(&viewer, &group, &f).await?;
    let bytes = crate::formats::export(format, &group, &list, &orgs, &lang, st.services.now())
        .map_err(|e| ApiError::internal(format!("export: {e}")))?;
    let (mime, ext) = format.media();
    let disposition = format!("attachment; filename=\"{}-activities.{ext}\"", group.fields.slug);
    Ok(([(header::CONTENT_TYPE, mime.to_string()), (header::CONTENT_DISPOSITION, disposition)], bytes).into_response())
}
