//! Import and export in the browser: `/groups/{slug}/import` (members who write:
//! editors and coordinators). Upload a file → a preview (a dry run: what would be
//! created, updated, left alone, and every refused record with its line and reason) →
//! confirm (the file was kept in the database meanwhile, so any server can confirm) →
//! the result. The same page offers the group's activities as IATI, CSV and JSON.

use crate::imports::{self, Format, Importing, Input, RunError, RunOptions};
use crate::services::{ImportReport, OnError, Outcome, Principal};
use crate::web::caller::{FormWriter, Reader, UploadWriter};
use crate::web::chrome::Chrome;
use crate::web::error::{render, HttpError};
use crate::web::lang::Tr;
use crate::web::state::AppState;
use askama::Template;
use axum::extract::{OriginalUri, Path, State};
use axum::http::StatusCode;
use axum::response::Response;
use jointcal_domain::group::Group;
use jointcal_domain::vocab::{ActivityKind, Vocabulary};
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use std::io::Write;

/// The options of an import as the form sends them (kept with the upload).
#[derive(Debug, Clone, Serialize, Deserialize, Default)]
struct Asked {
    format: String,
    on_error: String,
    kind: String,
}

pub struct LineRow {
    pub at: String,
    pub outcome: String,
    pub refused: bool,
    pub key: String,
    pub text: String,
    pub notes: String,
}

pub struct Counts {
    pub records: usize,
    pub created: usize,
    pub updated: usize,
    pub unchanged: usize,
    pub left_alone: usize,
    pub filtered: usize,
    pub duplicates: usize,
    pub rejected: usize,
    pub orgs: usize,
    pub org_names: String,
}

#[derive(Template)]
#[template(path = "import.html")]
pub struct ImportPage {
    chrome: Chrome,
    group_name: String,
    back_href: String,
    action_upload: String,
    export_iati: String,
    export_csv: String,
    export_json: String,
    export_xlsx: String,
    kinds: Vec<(String, String)>,
    /// The preview or the result.
    report: Option<Counts>,
    lines: Vec<LineRow>,
    more_text: String,
    /// Preview: the confirm form's action, and whether it would write anything.
    action_confirm: Option<String>,
    would_write: bool,
    /// Refused records kept an abort from writing: offer to write the good ones.
    offer_skip: bool,
    done: bool,
    file_name: String,
    error: Option<String>,
}

fn base(g: &Group) -> String {
    format!("/groups/{}/import", g.fields.slug)
}

fn outcome_label(t: &Tr, o: Outcome) -> String {
    let code = match o {
        Outcome::Create => "create",
        Outcome::Update => "update",
        Outcome::Unchanged => "unchanged",
        Outcome::LeftAlone => "left-alone",
        Outcome::Filtered => "filtered",
        Outcome::Duplicate => "duplicate",
        Outcome::Rejected => "rejected",
    };
    t.t(&format!("import-outcome-{code}"))
}

async fn writer_group(
    st: &AppState,
    slug: &str,
    p: Option<&Principal>,
) -> Result<(Group, jointcal_domain::access::Viewer), HttpError> {
    let (group, viewer) = st.services.group_for(slug, p).await?;
    if viewer.user.is_none() {
        return Err(HttpError::unauthenticated());
    }
    st.services.may_add_activities(&viewer)?;
    Ok((group, viewer))
}

fn page(chrome: Chrome, g: &Group) -> ImportPage {
    let t = chrome.t;
    let lang = t.with_lang();
    let api = format!("/api/v1/groups/{}/export", g.fields.slug);
    ImportPage {
        group_name: g.fields.name.clone(),
        back_href: format!("/groups/{}{lang}", g.fields.slug),
        action_upload: format!("{}{lang}", base(g)),
        export_iati: format!("{api}?format=iati"),
        export_csv: format!("{api}?format=csv&lang={}", t.code()),
        export_json: format!("{api}?format=json"),
        export_xlsx: format!("{api}?format=xlsx&lang={}", t.code()),
        kinds: ActivityKind::all().iter().map(|k| (k.code().to_string(), t.vocab(*k))).collect(),
        report: None,
        lines: Vec::new(),
        more_text: String::new(),
        action_confirm: None,
        would_write: false,
        offer_skip: false,
        done: false,
        file_name: String::new(),
        error: None,
        chrome,
    }
}

fn with_report(mut p: ImportPage, r: &ImportReport) -> ImportPage {
    let t = p.chrome.t;
    p.report = Some(Counts {
        records: r.records,
        created: r.created,
        updated: r.updated,
        unchanged: r.unchanged,
        left_alone: r.left_alone,
        filtered: r.filtered,
        duplicates: r.duplicates,
        rejected: r.rejected,
        orgs: r.orgs_created.len(),
        org_names: r.orgs_created.iter().take(30).cloned().collect::<Vec<_>>().join(", "),
    });
    // Refused records first, then the others in file order.
    let mut lines: Vec<&crate::services::ReportLine> = r.lines.iter().collect();
    lines.sort_by_key(|l| l.outcome != Outcome::Rejected);
    p.lines = lines
        .iter()
        .take(500)
        .map(|l| LineRow {
            at: l.at.to_string(),
            outcome: outcome_label(&t, l.outcome),
            refused: l.outcome == Outcome::Rejected,
            key: l.key.clone(),
            text: match &l.field {
                Some(f) => format!("{f}: {}", l.text),
                None => l.text.clone(),
            },
            notes: l.notes.join("; "),
        })
        .collect();
    let more = r.records.saturating_sub(p.lines.len());
    if more > 0 {
        p.more_text = t.args("import-more-lines", &[("count", more.into())]);
    }
    p.would_write = r.created + r.updated > 0;
    p
}

/// `GET /groups/{slug}/import`
pub async fn import_page(
    State(st): State<AppState>,
    Reader(p): Reader,
    t: Tr,
    OriginalUri(uri): OriginalUri,
    Path(slug): Path<String>,
) -> Result<Response, HttpError> {
    let (group, _) = writer_group(&st, &slug, p.as_ref()).await?;
    Ok(render(&page(Chrome::new(t, p.as_ref(), &uri), &group)))
}

fn run_options(a: &Asked, dry_run: bool) -> Result<(RunOptions, Option<Format>), HttpError> {
    let format = match a.format.trim() {
        "" | "auto" => None,
        f => Some(Format::parse(f).ok_or_else(|| HttpError::bad_request(format!("'{f}' is not a format")))?),
    };
    let on_error = if a.on_error == "skip" { OnError::Skip } else { OnError::Abort };
    let default_kind = match a.kind.trim() {
        "" => ActivityKind::LegalPolicySupport,
        k => ActivityKind::from_code(k).map_err(|e| HttpError::bad_request(e.to_string()))?,
    };
    let o = RunOptions {
        dry_run,
        on_error,
        countries: Vec::new(),
        sectors: Vec::new(),
        default_kind,
        mapping: HashMap::new(),
    };
    Ok((o, format))
}

/// A file to import: its name, bytes and format (None: found from them).
struct Upload<'a>(&'a str, &'a [u8], Option<Format>);

async fn run_on(
    st: &AppState,
    p: &Principal,
    (group, viewer): (&Group, &jointcal_domain::access::Viewer),
    Upload(name, content, format): Upload<'_>,
    opts: &RunOptions,
) -> Result<ImportReport, HttpError> {
    let mut file = tempfile::NamedTempFile::new().map_err(|e| HttpError::internal(format!("temporary file: {e}")))?;
    file.write_all(content).map_err(|e| HttpError::internal(format!("temporary file: {e}")))?;
    let input = Input { name: name.to_string(), path: file.path().to_path_buf(), format };
    let job = Importing { services: &st.services, viewer, actor: &p.actor(), group };
    match imports::run(&job, &[input], opts, None).await {
        Ok(r) => Ok(r),
        Err(RunError::Service(e)) => Err(e.into()),
        Err(RunError::File { file, message }) => Err(HttpError::bad_request(format!("{file}: {message}"))),
    }
}

/// `POST /groups/{slug}/import` (multipart: csrf, file, format, on_error, kind): keeps
/// the file and shows what importing it would do.
pub async fn upload(
    State(st): State<AppState>,
    t: Tr,
    OriginalUri(uri): OriginalUri,
    Path(slug): Path<String>,
    UploadWriter(p, mut form): UploadWriter,
) -> Result<Response, HttpError> {
    let (group, viewer) = writer_group(&st, &slug, Some(&p)).await?;
    let mut asked = Asked::default();
    let mut name = String::new();
    let mut content: Vec<u8> = Vec::new();
    let bad =
        |e: axum::extract::multipart::MultipartError| HttpError::bad_request(format!("the upload broke off: {e}"));
    while let Some(mut field) = form.next_field().await.map_err(bad)? {
        match field.name().unwrap_or_default() {
            "file" => {
                name = field.file_name().unwrap_or("upload").to_string();
                while let Some(chunk) = field.chunk().await.map_err(bad)? {
                    if content.len() + chunk.len() > st.max_import_bytes {
                        let mut pg = page(Chrome::new(t, Some(&p), &uri), &group);
                        pg.error =
                            Some(t.args("import-too-large", &[("bytes", st.max_import_bytes.to_string().into())]));
                        let mut r = render(&pg);
                        *r.status_mut() = StatusCode::PAYLOAD_TOO_LARGE;
                        return Ok(r);
                    }
                    content.extend_from_slice(&chunk);
                }
            }
            "format" => asked.format = field.text().await.map_err(bad)?,
            "on_error" => asked.on_error = field.text().await.map_err(bad)?,
            "kind" => asked.kind = field.text().await.map_err(bad)?,
            _ => {}
        }
    }
    let chrome = Chrome::new(t, Some(&p), &uri);
    if content.is_empty() {
        let mut pg = page(chrome, &group);
        pg.error = Some(t.t("import-no-file"));
        let mut r = render(&pg);
        *r.status_mut() = StatusCode::UNPROCESSABLE_ENTITY;
        return Ok(r);
    }
    let (opts, format) = run_options(&asked, true)?;
    let report = run_on(&st, &p, (&group, &viewer), Upload(&name, &content, format), &opts).await?;
    let options = serde_json::to_string(&asked).map_err(|e| HttpError::internal(e.to_string()))?;
    let id = st.services.stage_upload(&viewer, p.user.id, &group, &name, &options, content).await?;
    let mut pg = with_report(page(chrome, &group), &report);
    pg.file_name = name;
    pg.action_confirm = Some(format!("{}/{id}{}", base(&group), t.with_lang()));
    pg.offer_skip = opts.on_error == OnError::Abort && report.rejected > 0;
    Ok(render(&pg))
}

#[derive(Deserialize)]
pub struct ConfirmForm {
    /// `skip`: write the good records even though some were refused.
    #[serde(default)]
    on_error: String,
}

/// `POST /groups/{slug}/import/{id}`: imports the kept file for real.
pub async fn confirm(
    State(st): State<AppState>,
    t: Tr,
    OriginalUri(uri): OriginalUri,
    Path((slug, id)): Path<(String, String)>,
    FormWriter(p, f): FormWriter<ConfirmForm>,
) -> Result<Response, HttpError> {
    let (group, viewer) = writer_group(&st, &slug, Some(&p)).await?;
    let id: uuid::Uuid = id.parse().map_err(|_| HttpError::not_found("upload"))?;
    let upload = st.services.staged_upload(&viewer, p.user.id, &group, id).await?;
    let mut asked: Asked = serde_json::from_str(&upload.options).unwrap_or_default();
    if f.on_error == "skip" {
        asked.on_error = "skip".into();
    }
    let (opts, format) = run_options(&asked, false)?;
    let report = run_on(&st, &p, (&group, &viewer), Upload(&upload.name, &upload.content, format), &opts).await?;
    if report.written || report.rejected == 0 {
        st.services.forget_upload(id).await?;
    }
    let mut pg = with_report(page(Chrome::new(t, Some(&p), &uri), &group), &report);
    pg.file_name = upload.name;
    pg.done = report.written || report.rejected == 0;
    if !pg.done {
        // Still refused (the file was checked again): the preview's choices stay.
        pg.action_confirm = Some(format!("{}/{id}{}", base(&group), t.with_lang()));
        pg.offer_skip = true;
    }
    Ok(render(&pg))
}
