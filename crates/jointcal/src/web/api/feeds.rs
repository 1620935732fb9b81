//! The caller's calendar feeds: their links (with the caller's feed token) and a
//! new token that ends the old links.

use crate::web::caller::{Reader, Writer};
use crate::web::error::{ApiError, ApiResult, ErrorBody};
use crate::web::state::AppState;
use axum::extract::State;
use axum::Json;
use serde::Serialize;
use utoipa::ToSchema;

/// One group's feed for the caller.
#[derive(Serialize, ToSchema)]
pub struct FeedLink {
    pub group: String,
    pub name: String,
    /// For calendar applications that subscribe by link (Outlook, Google Calendar).
    pub https: String,
    /// The same as a `webcal://` link, which opens the calendar application.
    pub webcal: String,
}

#[derive(Serialize, ToSchema)]
pub struct FeedsOut {
    /// The caller's feed token: it reads these feeds and nothing else. Anyone with a
    /// link can read what the caller may see; a new token ends every old link.
    pub token: String,
    /// A feed per group; add the activity list's filters (`org`, `kind`, `pillar`,
    /// `target_group`, `region`, `status`, `q`, `from`, `to`) and `lang` to a link for a
    /// narrower feed. Without `token`, a link reads the public activities only.
    pub feeds: Vec<FeedLink>,
}

/// `https://…` and `webcal://…` forms of a feed's address.
pub fn feed_links(public_url: &str, slug: &str, query: &str) -> (String, String) {
    let https =
        format!("{public_url}/feeds/{slug}.ics{}", if query.is_empty() { String::new() } else { format!("?{query}") });
    let webcal = match https.split_once("://") {
        Some((_, rest)) => format!("webcal://{rest}"),
        None => https.clone(),
    };
    (https, webcal)
}

async fn feeds_out(st: &AppState, token: String) -> ApiResult<FeedsOut> {
    let groups = st.services.list_groups().await?;
    let feeds = groups
        .iter()
        .map(|g| {
            let (https, webcal) = feed_links(&st.public_url, &g.fields.slug, &format!("token={token}"));
            FeedLink { group: g.fields.slug.clone(), name: g.fields.name.clone(), https, webcal }
        })
        .collect();
    Ok(FeedsOut { token, feeds })
}

/// The caller's feed links (their feed token is made the first time).
#[utoipa::path(get, path = "/api/v1/me/feeds", tag = "feeds",
    responses((status = 200, body = FeedsOut), (status = 401, body = ErrorBody)),
    security(("bearer" = []), ("session" = [])))]
pub async fn my_feeds(State(st): State<AppState>, Reader(p): Reader) -> ApiResult<Json<FeedsOut>> {
    let p = p.ok_or_else(ApiError::unauthenticated)?;
    let s = &st.services;
    let token = s.feed_token(&s.instance_viewer(Some(&p)), &p.actor(), p.user.id).await?;
    Ok(Json(feeds_out(&st, token).await?))
}

/// A new feed token: the old links stop working at once.
#[utoipa::path(post, path = "/api/v1/me/feeds/token", tag = "feeds",
    responses((status = 200, body = FeedsOut), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody)),
    security(("bearer" = []), ("session" = [])))]
pub async fn new_feed_token(State(st): State<AppState>, Writer(p): Writer) -> ApiResult<Json<FeedsOut>> {
    let s = &st.services;
    let token = s.new_feed_token(&s.instance_viewer(Some(&p)), &p.actor(), p.user.id).await?;
    st.feeds.forget_recent();
    Ok(Json(feeds_out(&st, token).await?))
}
