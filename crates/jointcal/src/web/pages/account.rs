//! One's own account (`/account`): whether the other members see one's e-mail
//! address, API tokens (create — shown once — and revoke), and two-factor sign-in
//! (enrolled with a QR code and a code from the app, so a bad scan cannot lock
//! anyone out).

use crate::services::{Principal, ServiceError};
use crate::web::api::feeds::feed_links;
use crate::web::caller::{FormWriter, Reader};
use crate::web::chrome::Chrome;
use crate::web::error::{render, HttpError};
use crate::web::lang::Tr;
use crate::web::state::AppState;
use askama::Template;
use axum::extract::{OriginalUri, Path, State};
use axum::http::{StatusCode, Uri};
use axum::response::{IntoResponse, Redirect, Response};
use jointcal_domain::ids::TokenId;
use serde::Deserialize;

pub struct TokenRow {
    pub id: String,
    pub name: String,
    pub created: String,
    pub state: String,
    pub live: bool,
}

#[derive(Template)]
#[template(path = "account.html")]
pub struct AccountPage {
    chrome: Chrome,
    name: String,
    email: String,
    show_email: bool,
    two_factor: bool,
    tokens: Vec<TokenRow>,
    /// A token just made: shown once.
    new_token: Option<String>,
    error: Option<String>,
    /// Each group's feed with the person's feed token: (name, https, webcal); empty
    /// until they make their feed links.
    feeds: Vec<(String, String, String)>,
}

fn signed_in(p: Option<Principal>) -> Result<Principal, HttpError> {
    p.ok_or_else(HttpError::unauthenticated)
}

async fn account_page(
    st: &AppState,
    t: Tr,
    uri: &Uri,
    p: &Principal,
    new_token: Option<String>,
    error: Option<String>,
) -> Result<AccountPage, HttpError> {
    let s = &st.services;
    let user = s.user(p.user.id).await?;
    let now = s.now();
    let tokens = s
        .tokens_of(user.id)
        .await?
        .into_iter()
        .map(|tk| TokenRow {
            id: tk.id.to_string(),
            name: tk.name.clone(),
            created: tk.created_at.format("%Y-%m-%d").to_string(),
            state: if tk.revoked_at.is_some() {
                t.t("account-token-revoked")
            } else if !tk.is_live(now) {
                t.t("account-token-expired")
            } else {
                tk.last_used_at.map_or_else(
                    || t.t("account-token-unused"),
                    |u| t.args("account-token-used", &[("day", u.format("%Y-%m-%d").to_string().into())]),
                )
            },
            live: tk.is_live(now),
        })
        .collect();
    let feeds = match s.existing_feed_token(user.id).await? {
        Some(token) => s
            .list_groups()
            .await?
            .into_iter()
            .map(|g| {
                let (https, webcal) = feed_links(&st.public_url, &g.fields.slug, &format!("token={token}"));
                (g.fields.name, https, webcal)
            })
            .collect(),
        None => Vec::new(),
    };
    Ok(AccountPage {
        feeds,
        name: user.display_name.clone(),
        email: user.email.clone(),
        show_email: user.show_email,
        two_factor: user.totp_enabled,
        tokens,
        new_token,
        error,
        chrome: Chrome::new(t, Some(p), uri),
    })
}

/// `GET /account`
pub async fn account(
    State(st): State<AppState>,
    Reader(principal): Reader,
    t: Tr,
    OriginalUri(uri): OriginalUri,
) -> Result<Response, HttpError> {
    let p = signed_in(principal)?;
    Ok(render(&account_page(&st, t, &uri, &p, None, None).await?))
}

#[derive(Deserialize)]
pub struct ShowEmailForm {
    #[serde(default)]
    show_email: String,
}

/// `POST /account/settings`
pub async fn settings(
    State(st): State<AppState>,
    t: Tr,
    FormWriter(p, f): FormWriter<ShowEmailForm>,
) -> Result<Response, HttpError> {
    let viewer = st.services.instance_viewer(Some(&p));
    st.services.set_show_email(&viewer, &p.actor(), p.user.id, !f.show_email.is_empty()).await?;
    Ok(Redirect::to(&format!("/account{}", t.with_lang())).into_response())
}

#[derive(Deserialize)]
pub struct TokenForm {
    #[serde(default)]
    name: String,
}

/// `POST /account/feeds`: new feed links (the old ones stop working).
pub async fn new_feed_links(
    State(st): State<AppState>,
    t: Tr,
    FormWriter(p, _): FormWriter<Empty>,
) -> Result<Response, HttpError> {
    let s = &st.services;
    s.new_feed_token(&s.instance_viewer(Some(&p)), &p.actor(), p.user.id).await?;
    st.feeds.forget_recent();
    Ok(Redirect::to(&format!("/account{}#feeds", t.with_lang())).into_response())
}

/// `POST /account/tokens`: a new token, shown once.
pub async fn create_token(
    State(st): State<AppState>,
    t: Tr,
    OriginalUri(uri): OriginalUri,
    FormWriter(p, f): FormWriter<TokenForm>,
) -> Result<Response, HttpError> {
    match st.services.create_own_token(&p, &f.name, None).await {
        Ok((_, secret)) => Ok(render(&account_page(&st, t, &uri, &p, Some(secret), None).await?)),
        Err(ServiceError::Invalid(e)) => {
            let text = crate::web::pages::problems::in_one_line(&t, &e);
            let page = account_page(&st, t, &uri, &p, None, Some(text)).await?;
            Ok((StatusCode::UNPROCESSABLE_ENTITY, render(&page)).into_response())
        }
        Err(e) => Err(e.into()),
    }
}

#[derive(Deserialize)]
pub struct Empty {}

/// `POST /account/tokens/{id}/revoke`
pub async fn revoke_token(
    State(st): State<AppState>,
    t: Tr,
    Path(id): Path<String>,
    FormWriter(p, _): FormWriter<Empty>,
) -> Result<Response, HttpError> {
    let id: TokenId = id.parse().map_err(|_| HttpError::not_found("token"))?;
    let viewer = st.services.instance_viewer(Some(&p));
    st.services.revoke_token(&viewer, &p.actor(), id).await?;
    Ok(Redirect::to(&format!("/account{}", t.with_lang())).into_response())
}

#[derive(Template)]
#[template(path = "two_factor.html")]
pub struct TwoFactorPage {
    chrome: Chrome,
    secret: String,
    qr_svg: String,
    error: Option<String>,
}

fn two_factor_page(
    t: Tr,
    uri: &Uri,
    p: &Principal,
    secret: String,
    error: Option<String>,
) -> Result<TwoFactorPage, HttpError> {
    let link = crate::secrets::totp_uri(&secret, &p.user.email)
        .ok_or_else(|| HttpError::internal("cannot make a two-factor secret"))?;
    let qr = qrcode::QrCode::new(link.as_bytes()).map_err(|e| HttpError::internal(format!("QR code: {e}")))?;
    let qr_svg = qr
        .render::<qrcode::render::svg::Color<'_>>()
        .min_dimensions(200, 200)
        .dark_color(qrcode::render::svg::Color("#000000"))
        .light_color(qrcode::render::svg::Color("#ffffff"))
        .build();
    // The SVG declares itself an image: no XML prolog inside HTML.
    let qr_svg = qr_svg.trim_start_matches(|c| c != '<').replacen("<?xml version=\"1.0\" standalone=\"yes\"?>", "", 1);
    Ok(TwoFactorPage { secret, qr_svg, error, chrome: Chrome::new(t, Some(p), uri) })
}

/// `GET /account/two-factor`: a fresh secret as a QR code.
pub async fn two_factor(
    Reader(principal): Reader,
    t: Tr,
    OriginalUri(uri): OriginalUri,
) -> Result<Response, HttpError> {
    let p = signed_in(principal)?;
    Ok(render(&two_factor_page(t, &uri, &p, crate::secrets::new_totp_secret(), None)?))
}

#[derive(Deserialize)]
pub struct EnrolForm {
    #[serde(default)]
    secret: String,
    #[serde(default)]
    code: String,
}

/// `POST /account/two-factor`: on, once the app's code matches.
pub async fn enrol(
    State(st): State<AppState>,
    t: Tr,
    OriginalUri(uri): OriginalUri,
    FormWriter(p, f): FormWriter<EnrolForm>,
) -> Result<Response, HttpError> {
    let viewer = st.services.instance_viewer(Some(&p));
    match st.services.enable_totp_checked(&viewer, &p.actor(), p.user.id, &f.secret, &f.code).await {
        Ok(()) => Ok(Redirect::to(&format!("/account{}", t.with_lang())).into_response()),
        Err(ServiceError::Invalid(e)) => {
            let text = crate::web::pages::problems::in_one_line(&t, &e);
            let page = two_factor_page(t, &uri, &p, f.secret, Some(text))?;
            Ok((StatusCode::UNPROCESSABLE_ENTITY, render(&page)).into_response())
        }
        Err(e) => Err(e.into()),
    }
}

/// `POST /account/two-factor/off`
pub async fn two_factor_off(
    State(st): State<AppState>,
    t: Tr,
    FormWriter(p, _): FormWriter<Empty>,
) -> Result<Response, HttpError> {
    let viewer = st.services.instance_viewer(Some(&p));
    st.services.disable_totp(&viewer, &p.actor(), p.user.id).await?;
    Ok(Redirect::to(&format!("/account{}", t.with_lang())).into_response())
}
