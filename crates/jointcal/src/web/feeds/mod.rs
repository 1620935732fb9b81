//! Calendar feeds (iCalendar) that Outlook, Google Calendar and Thunderbird
//! subscribe to: `GET /feeds/{group}.ics` with the activity list's filters (`org`,
//! `kind`, `pillar`, `target_group`, `region`, `status`, `q`, `from`, `to`), `lang`,
//! and `token` (the person's feed token: the feed shows what that person may see).
//! Without a token the feed shows what anyone may see: the public activities.
//!
//! A feed made is kept in memory with the state it was made from
//! ([`FeedState`]: two small reads per request); while that state, the reader and the
//! day are the same, the same bytes are served again (and for a second after an
//! answer, the same address is answered from memory without asking the database:
//! [`WebConfig::feed_fresh_for`](crate::web::WebConfig)), with a strong ETag (the
//! SHA-256 of the bytes) and Last-Modified (the last change), 304 on `If-None-Match`
//! or `If-Modified-Since`, and gzip when asked (made once per feed).

pub mod cache;
pub mod content;
pub mod ical;

use crate::i18n::Lang;
use crate::services::{ActivityFilter, FeedState, Principal, Services};
use crate::web::caller::Reader;
use crate::web::error::HttpError;
use crate::web::filters::{filter, ListParams};
use crate::web::lang::Tr;
use crate::web::state::AppState;
use axum::extract::{FromRequestParts, Path, RawQuery, State};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use cache::MadeFeed;
use chrono::{DateTime, Duration, NaiveDate, Utc};
use content::{EventContext, CANCELLED_KEPT_DAYS};
use jointcal_domain::access::Viewer;
use jointcal_domain::group::Group;
use jointcal_domain::ids::OrgId;
use jointcal_domain::vocab::Status;
use serde::Deserialize;
use sha2::{Digest, Sha256};
use std::collections::HashMap;
use std::io::Write;
use std::sync::{Arc, Mutex, OnceLock};

/// How often calendar applications are asked to fetch a feed again.
pub const REFRESH_MINUTES: u32 = 60;

/// The query of a feed: the list's filters, the language and the token.
#[derive(Deserialize)]
pub struct FeedParams {
    token: Option<String>,
    lang: Option<String>,
    #[serde(flatten)]
    list: ListParams,
}

fn http_date(t: DateTime<Utc>) -> String {
    t.format("%a, %d %b %Y %H:%M:%S GMT").to_string()
}

fn header_value(s: &str) -> HeaderValue {
    HeaderValue::from_str(s).unwrap_or_else(|_| HeaderValue::from_static(""))
}

/// `GET /feeds/{slug}.ics`.
pub async fn feed(
    State(st): State<AppState>,
    Path(file): Path<String>,
    RawQuery(query): RawQuery,
    req: axum::extract::Request,
) -> Result<Response, HttpError> {
    let (mut parts, _) = req.into_parts();
    let headers = &parts.headers;
    // A calendar application polling again within the freshness window is answered
    // from memory (requests that carry who they are, cookie or bearer, are not).
    let anonymous = !headers.contains_key(header::COOKIE) && !headers.contains_key(header::AUTHORIZATION);
    let address = format!("{file}?{}", query.as_deref().unwrap_or(""));
    if anonymous {
        if let Some(made) = st.feeds.recent(&address, st.feed_fresh_for) {
            return Ok(answer(&made, headers));
        }
    }
    let Reader(signed_in) = Reader::from_request_parts(&mut parts, &st).await?;
    let headers = &parts.headers;
    let s = &st.services;
    let slug = file.strip_suffix(".ics").ok_or_else(|| HttpError::not_found("feed"))?;
    let params: FeedParams = serde_urlencoded::from_str(query.as_deref().unwrap_or(""))
        .map_err(|e| HttpError::bad_request(format!("the feed's query cannot be read: {e}")))?;
    let principal = match params.token.as_deref().filter(|t| !t.is_empty()) {
        Some(token) => Some(s.principal_from_feed_token(token).await?.ok_or_else(|| {
            HttpError::new(
                StatusCode::UNAUTHORIZED,
                "unknown_feed_token",
                "this feed link is no longer valid (its token was replaced); copy the new link from your account page",
            )
        })?),
        None => signed_in,
    };
    let (group, viewer) = s.group_for(slug, principal.as_ref()).await?;
    let lang = feed_lang(params.lang.as_deref(), principal.as_ref(), &group);
    let mut list_filter = filter(s, &group, params.list).await?;
    list_filter.after = None;
    list_filter.limit = None;

    let state = s.feed_state(&group).await?;
    let today = s.now().date_naive();
    // The query without the token, in its order: the same link gives the same key.
    let canonical: Vec<&str> = query.as_deref().unwrap_or("").split('&').filter(|p| !p.starts_with("token=")).collect();
    let key = format!(
        "{}|{:?}|{:?}|{}|{}|{}",
        group.id,
        viewer.user,
        viewer.role,
        viewer.admin,
        lang.code(),
        canonical.join("&")
    );
    let made = match st.feeds.get(&key).filter(|f| f.state == state && f.day == today) {
        Some(f) => f,
        None => {
            let f = Arc::new(make(&st, &group, &viewer, &list_filter, lang, state, today, principal.is_some()).await?);
            st.feeds.put(key, f.clone());
            f
        }
    };
    if anonymous {
        st.feeds.answered(address, made.clone());
    }
    Ok(answer(&made, headers))
}

/// The subscriber's language: `lang` in the link, else the person's choice, else the
/// group's first language.
fn feed_lang(asked: Option<&str>, p: Option<&Principal>, group: &Group) -> Lang {
    asked
        .and_then(Lang::from_tag)
        .or_else(|| p.and_then(|p| p.user.lang.as_deref()).and_then(Lang::from_tag))
        .or_else(|| group.fields.languages.first().and_then(|l| Lang::from_tag(l.as_str())))
        .unwrap_or_default()
}

#[allow(clippy::too_many_arguments)]
async fn make(
    st: &AppState,
    group: &Group,
    viewer: &Viewer,
    list_filter: &ActivityFilter,
    lang: Lang,
    state: FeedState,
    today: NaiveDate,
    private: bool,
) -> Result<MadeFeed, HttpError> {
    let s: &Services = &st.services;
    let now = s.now();
    let mut list = s.list_activities(viewer, group, list_filter).await?;
    // Cancelled activities stay a while after their end, so subscribers see them
    // cancelled; deleted ones are not listed at all.
    list.retain(|v| {
        let f = &v.activity.fields;
        f.status != Status::Cancelled || f.schedule.end_utc + Duration::days(CANCELLED_KEPT_DAYS) > now
    });
    list.sort_by(|a, b| {
        (a.activity.fields.schedule.start_utc, a.activity.id)
            .cmp(&(b.activity.fields.schedule.start_utc, b.activity.id))
    });
    let orgs: HashMap<OrgId, (String, String)> =
        s.list_orgs().await?.into_iter().map(|o| (o.id, (o.fields.acronym, o.fields.name))).collect();
    let tr = Tr::new(lang);
    let cx =
        EventContext { tr: &tr, orgs: &orgs, group_url: format!("{}/groups/{}", st.public_url, group.fields.slug) };
    let mut name = group.fields.name.clone();
    if let Some(o) = list_filter.org.and_then(|o| orgs.get(&o)) {
        name.push_str(&format!(" — {}", o.0));
    }
    let calendar = ical::FeedCalendar {
        description: tr.args("feed-description", &[("group", group.fields.name.clone().into())]),
        name,
        timezone: group.fields.timezone,
        refresh_minutes: REFRESH_MINUTES,
        events: list.iter().map(|v| content::event(v, &cx)).collect(),
    };
    let body = tokio::task::spawn_blocking(move || ical::write(&calendar).into_bytes())
        .await
        .map_err(|e| HttpError::internal(format!("writing the feed: {e}")))?;
    let etag = format!("\"{}\"", &hex::encode(Sha256::digest(&body))[..32]);
    Ok(MadeFeed {
        state,
        day: today,
        body: Arc::new(body),
        gzip: OnceLock::new(),
        etag,
        // HTTP dates count whole seconds.
        last_modified: DateTime::from_timestamp(state.changed_at.timestamp(), 0).unwrap_or(state.changed_at),
        private,
        used: Mutex::new(std::time::Instant::now()),
    })
}

fn wants_gzip(headers: &HeaderMap) -> bool {
    headers.get_all(header::ACCEPT_ENCODING).iter().filter_map(|v| v.to_str().ok()).any(|v| {
        v.split(',').any(|part| {
            let mut it = part.split(';');
            let coding = it.next().unwrap_or("").trim();
            let refused = it.any(|p| p.trim().replace(' ', "") == "q=0" || p.trim().replace(' ', "") == "q=0.0");
            coding.eq_ignore_ascii_case("gzip") && !refused
        })
    })
}

fn gzip(body: &[u8]) -> Vec<u8> {
    let mut e = flate2::write::GzEncoder::new(Vec::with_capacity(body.len() / 4), flate2::Compression::default());
    // Writing to a Vec cannot fail.
    let _ = e.write_all(body);
    e.finish().unwrap_or_default()
}

/// The answer to one request for a made feed: 304 when the client has it, else the
/// bytes (gzip when asked).
fn answer(f: &MadeFeed, headers: &HeaderMap) -> Response {
    let gz = wants_gzip(headers);
    // The gzip bytes are another representation: another strong ETag.
    let etag = if gz { format!("{}-gzip\"", f.etag.trim_end_matches('"')) } else { f.etag.clone() };
    let matches_etag = |v: &str| v.split(',').map(str::trim).any(|t| t == "*" || t.trim_start_matches("W/") == etag);
    let not_modified = match headers.get(header::IF_NONE_MATCH).and_then(|v| v.to_str().ok()) {
        Some(v) => matches_etag(v),
        None => headers
            .get(header::IF_MODIFIED_SINCE)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| DateTime::parse_from_rfc2822(v).ok())
            .is_some_and(|since| f.last_modified <= since.with_timezone(&Utc)),
    };
    let mut h = HeaderMap::new();
    h.insert(header::ETAG, header_value(&etag));
    h.insert(header::LAST_MODIFIED, header_value(&http_date(f.last_modified)));
    h.insert(
        header::CACHE_CONTROL,
        HeaderValue::from_static(if f.private { "private, no-cache" } else { "public, no-cache" }),
    );
    h.insert(header::VARY, HeaderValue::from_static("Accept-Encoding, Cookie, Authorization"));
    if not_modified {
        return (StatusCode::NOT_MODIFIED, h).into_response();
    }
    h.insert(header::CONTENT_TYPE, HeaderValue::from_static("text/calendar; charset=utf-8"));
    let body = if gz {
        h.insert(header::CONTENT_ENCODING, HeaderValue::from_static("gzip"));
        f.gzip.get_or_init(|| Arc::new(gzip(&f.body))).clone()
    } else {
        f.body.clone()
    };
    (StatusCode::OK, h, axum::body::Bytes::from_owner(ArcBytes(body))).into_response()
}

/// Shares a made feed's bytes with the answers that send them (no copy).
struct ArcBytes(Arc<Vec<u8>>);

impl AsRef<[u8]> for ArcBytes {
    fn as_ref(&self) -> &[u8] {
        self.0.as_slice()
    }
}
