//! The monthly bulletin's page (members): any month previewed as the members will
//! read it, with its PDF and text, and the editions sent. Coordinators also see, for
//! the month shown, each recipient's delivery (sent, retrying, failed with the mail
//! server's answer), can send an edition not yet sent, and keep the distribution list.

use crate::bulletin::send::{send_edition, SendError, MAIL_KIND};
use crate::bulletin::{bulletin, text, Flavour, READER};
use crate::services::ServiceError;
use crate::web::caller::{FormWriter, Reader};
use crate::web::chrome::Chrome;
use crate::web::error::{render, HttpError};
use crate::web::lang::Tr;
use crate::web::pages::labels::Labels;
use crate::web::state::AppState;
use askama::Template;
use axum::extract::{OriginalUri, Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use chrono::{Datelike, Months, NaiveDate};
use jointcal_domain::bulletin::{AHEAD_FROM_DAY, SEND_HOUR};
use serde::Deserialize;

#[derive(Deserialize, Default)]
pub struct MonthQuery {
    month: Option<String>,
}

pub struct EditionRow {
    pub month: String,
    pub href: String,
    pub sent: String,
    pub activities: usize,
    pub current: bool,
}

pub struct DeliveryRow {
    pub recipient: String,
    pub status: String,
    pub failed: bool,
    pub attempts: i32,
    pub error: String,
}

pub struct RecipientRow {
    pub email: String,
    pub name: String,
    pub why: String,
    pub status: String,
    pub on_list: bool,
}

#[derive(Template)]
#[template(path = "bulletin.html")]
pub struct BulletinPage {
    chrome: Chrome,
    group_name: String,
    back_href: String,
    month_label: String,
    month_key: String,
    prev_href: String,
    next_href: String,
    pdf_href: String,
    md_href: String,
    txt_href: String,
    status: String,
    can_send: bool,
    action_send: String,
    action_list: String,
    preview: String,
    editions: Vec<EditionRow>,
    coordinator: bool,
    deliveries: Vec<DeliveryRow>,
    recipients: Vec<RecipientRow>,
    error: Option<String>,
}

fn parse_month(s: &str) -> Option<NaiveDate> {
    NaiveDate::parse_from_str(&format!("{}-01", s.trim()), "%Y-%m-%d")
        .ok()
        .and_then(|d| jointcal_domain::schedule::check_day(d).ok())
}

/// `GET /groups/{slug}/bulletin?month=YYYY-MM`
pub async fn bulletin_page(
    State(st): State<AppState>,
    Reader(principal): Reader,
    t: Tr,
    OriginalUri(uri): OriginalUri,
    Path(slug): Path<String>,
    Query(q): Query<MonthQuery>,
) -> Result<Response, HttpError> {
    let month = match q.month.as_deref().filter(|m| !m.trim().is_empty()) {
        None => None,
        Some(m) => Some(
            parse_month(m)
                .ok_or_else(|| HttpError::bad_request(format!("'{m}' is not a month; use YYYY-MM, e.g. 2007-09")))?,
        ),
    };
    let chrome = Chrome::new(t, principal.as_ref(), &uri);
    let page = page(&st, chrome, &slug, principal.as_ref(), month, None).await?;
    Ok(render(&page))
}

async fn page(
    st: &AppState,
    chrome: Chrome,
    slug: &str,
    principal: Option<&crate::services::Principal>,
    month: Option<NaiveDate>,
    error: Option<String>,
) -> Result<BulletinPage, HttpError> {
    let t = chrome.t;
    let s = &st.services;
    let (group, viewer) = s.group_for(slug, principal).await?;
    if !viewer.is_member() {
        return Err(HttpError::forbidden("the bulletin is for the group's members"));
    }
    let tz = group.fields.timezone;
    let today = s.calendar_now().with_timezone(&tz).date_naive();
    let month = month.unwrap_or_else(|| today.with_day(1).unwrap_or(today));
    let b = bulletin(s, &READER, &group, month, &t).await?;
    let key = month.format("%Y-%m").to_string();
    let l = Labels::new(t);
    let month_label = format!("{} {}", t.t(&format!("month-{}", month.month())), month.year());
    let base = format!("/groups/{}/bulletin", group.fields.slug);
    let lang = t.and_lang();
    let href = |m: NaiveDate| format!("{base}?month={}{lang}", m.format("%Y-%m"));
    let api = format!("/api/v1/groups/{}/bulletins/{key}", group.fields.slug);
    let editions = s.editions(&group).await?;
    let sent = editions.iter().find(|e| e.month == month);
    let mail = s.mail_from().is_some();
    let status = match sent {
        Some(e) => {
            t.args("bulletin-page-sent", &[("day", l.day(e.sent_at.with_timezone(&tz).date_naive(), true).into())])
        }
        None => {
            let day = u32::from(group.fields.bulletin_day);
            let send_month = if group.fields.bulletin_day >= AHEAD_FROM_DAY {
                month.checked_sub_months(Months::new(1)).unwrap_or(month)
            } else {
                month
            };
            let when = send_month.with_day(day).map(|d| l.day(d, true)).unwrap_or_default();
            let key = if mail { "bulletin-page-due" } else { "bulletin-page-no-mail" };
            t.args(key, &[("day", when.into()), ("hour", format!("{SEND_HOUR:02}:00").into())])
        }
    };
    let coordinator = viewer.is_coordinator();
    let (deliveries, recipients) = if coordinator {
        let log = s.mail_log(group.id, MAIL_KIND, Some(&key)).await?;
        let deliveries = log
            .into_iter()
            .map(|m| DeliveryRow {
                status: match (m.status.as_str(), m.sent_at) {
                    (_, Some(at)) => t.args(
                        "bulletin-delivery-sent",
                        &[("day", l.day(at.with_timezone(&tz).date_naive(), true).into())],
                    ),
                    ("queued", None) if m.attempts > 0 => t.args(
                        "bulletin-delivery-retrying",
                        &[("when", m.next_attempt_at.with_timezone(&tz).format("%Y-%m-%d %H:%M").to_string().into())],
                    ),
                    ("queued", None) => t.t("bulletin-delivery-queued"),
                    _ => t.t("bulletin-delivery-failed"),
                },
                failed: m.status == "failed",
                recipient: m.recipient,
                attempts: m.attempts,
                error: m.last_error.unwrap_or_default(),
            })
            .collect();
        let recipients = s
            .bulletin_recipients(&viewer, &group)
            .await?
            .into_iter()
            .map(|r| RecipientRow {
                why: match (r.member, r.on_list) {
                    (true, true) => format!("{}, {}", t.t("bulletin-recipient-member"), t.t("bulletin-recipient-list")),
                    (true, false) => t.t("bulletin-recipient-member"),
                    _ => t.t("bulletin-recipient-list"),
                },
                status: match r.unsubscribed_at {
                    Some(at) => t.args(
                        "bulletin-recipient-unsubscribed",
                        &[("day", l.day(at.with_timezone(&tz).date_naive(), true).into())],
                    ),
                    None => t.t("bulletin-recipient-receives"),
                },
                email: r.email,
                name: r.name,
                on_list: r.on_list,
            })
            .collect();
        (deliveries, recipients)
    } else {
        (Vec::new(), Vec::new())
    };
    Ok(BulletinPage {
        group_name: group.fields.name.clone(),
        back_href: format!("/groups/{}{}", group.fields.slug, t.with_lang()),
        month_label,
        prev_href: href(month.checked_sub_months(Months::new(1)).unwrap_or(month)),
        next_href: href(month.checked_add_months(Months::new(1)).unwrap_or(month)),
        pdf_href: format!("{api}?format=pdf{lang}"),
        md_href: format!("{api}?format=md{lang}"),
        txt_href: format!("{api}?format=txt{lang}"),
        status,
        can_send: coordinator && mail && sent.is_none(),
        action_send: format!("{base}/send{}", t.with_lang()),
        action_list: format!("{base}/recipients{}", t.with_lang()),
        preview: text(&t, &b, Flavour::Page),
        editions: editions
            .iter()
            .map(|e| EditionRow {
                month: format!("{} {}", t.t(&format!("month-{}", e.month.month())), e.month.year()),
                href: href(e.month),
                sent: l.day(e.sent_at.with_timezone(&tz).date_naive(), true),
                activities: e.snapshot.activities.len(),
                current: e.month == month,
            })
            .collect(),
        month_key: key,
        coordinator,
        deliveries,
        recipients,
        error,
        chrome,
    })
}

#[derive(Deserialize)]
pub struct SendForm {
    #[serde(default)]
    month: String,
}

/// `POST /groups/{slug}/bulletin/send`: send the month's edition now (coordinators).
pub async fn send(
    State(st): State<AppState>,
    t: Tr,
    OriginalUri(uri): OriginalUri,
    Path(slug): Path<String>,
    FormWriter(p, f): FormWriter<SendForm>,
) -> Result<Response, HttpError> {
    let (group, viewer) = st.services.group_for(&slug, Some(&p)).await?;
    let month = parse_month(&f.month)
        .ok_or_else(|| HttpError::bad_request(format!("'{}' is not a month; use YYYY-MM", f.month)))?;
    let problem = match send_edition(&st.services, &viewer, &p.actor(), &group, month).await {
        Ok(_) => {
            // Hand the messages to the mail server now, without keeping the page waiting.
            let s = st.services.clone();
            tokio::spawn(async move {
                if let Err(e) = s.deliver_due_mail(&format!("page-{}", std::process::id())).await {
                    tracing::warn!(error = %e, "delivering the bulletin");
                }
            });
            None
        }
        Err(SendError::Service(ServiceError::Denied(d))) => return Err(ServiceError::Denied(d).into()),
        Err(SendError::Service(ServiceError::Conflict(m))) => Some(m),
        Err(SendError::NoMail) => Some(t.t("bulletin-page-no-mail-short")),
        Err(SendError::NoRecipients) => Some(t.t("bulletin-page-no-recipients")),
        Err(e) => return Err(HttpError::internal(e.to_string())),
    };
    match problem {
        None => Ok(Redirect::to(&format!(
            "/groups/{}/bulletin?month={}{}",
            group.fields.slug,
            month.format("%Y-%m"),
            t.and_lang()
        ))
        .into_response()),
        Some(m) => {
            let chrome = Chrome::new(t, Some(&p), &uri);
            let page = page(&st, chrome, &slug, Some(&p), Some(month), Some(m)).await?;
            Ok((StatusCode::CONFLICT, render(&page)).into_response())
        }
    }
}

#[derive(Deserialize)]
pub struct ListForm {
    #[serde(default)]
    email: String,
    #[serde(default)]
    name: String,
    /// `add` or `remove`.
    #[serde(default)]
    action: String,
    #[serde(default)]
    month: String,
}

/// `POST /groups/{slug}/bulletin/recipients`: add to or remove from the distribution
/// list (coordinators).
pub async fn recipients(
    State(st): State<AppState>,
    t: Tr,
    OriginalUri(uri): OriginalUri,
    Path(slug): Path<String>,
    FormWriter(p, f): FormWriter<ListForm>,
) -> Result<Response, HttpError> {
    let (group, viewer) = st.services.group_for(&slug, Some(&p)).await?;
    let on = f.action != "remove";
    let month = parse_month(&f.month);
    match st.services.set_on_distribution_list(&viewer, &p.actor(), &group, &f.email, &f.name, on).await {
        Ok(()) => {
            let m =
                month.map(|m| format!("?month={}{}", m.format("%Y-%m"), t.and_lang())).unwrap_or_else(|| t.with_lang());
            Ok(Redirect::to(&format!("/groups/{}/bulletin{m}#recipients", group.fields.slug)).into_response())
        }
        Err(ServiceError::Invalid(e)) => {
            let errors = crate::web::pages::problems::by_field(&t, Some(&e), str::to_string);
            let message = errors.into_values().flatten().collect::<Vec<_>>().join(" ");
            let chrome = Chrome::new(t, Some(&p), &uri);
            let page = page(&st, chrome, &slug, Some(&p), month, Some(message)).await?;
            Ok((StatusCode::UNPROCESSABLE_ENTITY, render(&page)).into_response())
        }
        Err(e) => Err(e.into()),
    }
}
