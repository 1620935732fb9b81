//! One organization in a group: what it does (its activities, coming and past,
//! with its role in each) and, for coordinators, its people in the group.

use crate::i18n::Catalogue;
use crate::services::ServiceError;
use crate::web::caller::Reader;
use crate::web::chrome::Chrome;
use crate::web::error::{render, HttpError};
use crate::web::lang::Tr;
use crate::web::state::AppState;
use askama::Template;
use axum::extract::{OriginalUri, Path, State};
use axum::response::Response;
use chrono::Duration;

pub struct OrgActivity {
    pub href: String,
    pub title: String,
    pub when: String,
    pub role: String,
    pub kind: String,
    pub status: String,
}

#[derive(Template)]
#[template(path = "org.html")]
pub struct OrgPage {
    chrome: Chrome,
    group_name: String,
    back_href: String,
    name: String,
    acronym: String,
    kind: String,
    iati: Option<String>,
    /// Coming and under way, then done.
    sections: Vec<(String, Vec<OrgActivity>)>,
    people: Option<Vec<(String, String, String)>>,
    /// The organization's public feed in this group: (https, webcal).
    feed: (String, String),
}

/// `GET /groups/{slug}/orgs/{org}`: by acronym, id or IATI identifier.
pub async fn org_page(
    State(st): State<AppState>,
    Reader(principal): Reader,
    t: Tr,
    OriginalUri(uri): OriginalUri,
    Path((slug, reference)): Path<(String, String)>,
) -> Result<Response, HttpError> {
    let s = &st.services;
    let (group, viewer) = s.group_for(&slug, principal.as_ref()).await?;
    let org = match s.find_org(&reference).await {
        Err(ServiceError::NotFound(_)) => return Err(HttpError::not_found("organization")),
        other => other?,
    };
    let filter = crate::services::ActivityFilter { org: Some(org.id), ..Default::default() };
    let list = s.list_activities(&viewer, &group, &filter).await?;
    let tz = group.fields.timezone;
    let today = s.calendar_now();
    let cat = Catalogue::get();
    let mut coming = Vec::new();
    let mut past = Vec::new();
    for v in &list {
        let f = &v.activity.fields;
        let (start, end) = (f.schedule.start_utc.with_timezone(&tz), f.schedule.end_utc.with_timezone(&tz));
        let first = start.date_naive();
        let last = (end - Duration::seconds(1)).date_naive().max(first);
        let when = if first == last {
            cat.day(t.lang, first, true)
        } else {
            t.args(
                "date-range",
                &[("from", cat.day(t.lang, first, true).into()), ("to", cat.day(t.lang, last, true).into())],
            )
        };
        let roles: Vec<String> = f.organizations.iter().filter(|o| o.org == org.id).map(|o| t.vocab(o.role)).collect();
        let item = OrgActivity {
            href: format!("/groups/{}/activities/{}{}", group.fields.slug, v.activity.id, t.with_lang()),
            title: f.title.get(t.lang.code()).to_string(),
            when,
            role: roles.join(", "),
            kind: t.vocab(f.kind),
            status: t.vocab(f.status),
        };
        if f.schedule.end_utc >= today {
            coming.push(item);
        } else {
            past.push(item);
        }
    }
    past.reverse();
    let people = if viewer.is_coordinator() {
        let members = s.members(&viewer, &group).await?;
        Some(
            members
                .into_iter()
                .filter(|m| m.user.org == Some(org.id))
                .map(|m| (m.user.display_name, t.vocab(m.role), m.email.unwrap_or_default()))
                .collect(),
        )
    } else {
        None
    };
    let feed_query =
        serde_urlencoded::to_string([("org", org.fields.acronym.as_str()), ("lang", t.code())]).unwrap_or_default();
    let feed = crate::web::api::feeds::feed_links(&st.public_url, &group.fields.slug, &feed_query);
    let page = OrgPage {
        feed,
        group_name: group.fields.name.clone(),
        back_href: format!("/groups/{}{}", group.fields.slug, t.with_lang()),
        name: org.fields.name.clone(),
        acronym: org.fields.acronym.clone(),
        kind: t.vocab(org.fields.kind),
        iati: org.fields.iati_org_id.clone(),
        sections: vec![(t.t("org-coming"), coming), (t.t("org-past"), past)],
        people,
        chrome: Chrome::new(t, principal.as_ref(), &uri),
    };
    Ok(render(&page))
}
