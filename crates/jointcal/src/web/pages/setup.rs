//! The first run in the browser: the one-time link `serve` prints on a database
//! without an admin opens a form that creates the admin account and the first
//! group, signs the admin in, and then stops working.

use crate::secrets::constant_time_eq;
use crate::services::{FirstRun, ServiceError};
use crate::web::caller::{ClientKey, SignInForm};
use crate::web::chrome::Chrome;
use crate::web::error::{render, HttpError};
use crate::web::lang::Tr;
use crate::web::signin::signed_in_to;
use crate::web::state::AppState;
use askama::Template;
use axum::extract::{OriginalUri, Path, State};
use axum::http::{StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use jointcal_domain::group::GroupInput;
use jointcal_domain::ValidationErrors;
use serde::Deserialize;
use std::collections::BTreeMap;

#[derive(Deserialize, Default, Clone)]
pub struct SetupForm {
    #[serde(default)]
    email: String,
    #[serde(default)]
    display_name: String,
    #[serde(default)]
    password: String,
    #[serde(default)]
    password_again: String,
    #[serde(default)]
    group_name: String,
    #[serde(default)]
    slug: String,
    #[serde(default)]
    country: String,
    #[serde(default)]
    timezone: String,
    #[serde(default)]
    theme: String,
}

#[derive(Template)]
#[template(path = "setup.html")]
pub struct SetupPage {
    chrome: Chrome,
    action: String,
    form: SetupForm,
    errors: BTreeMap<String, Vec<String>>,
}

/// One input of the form: name, label key, input type, value, autocomplete.
type Input = (&'static str, &'static str, &'static str, String, &'static str);

impl SetupPage {
    fn err(&self, key: &str) -> Vec<String> {
        self.errors.get(key).cloned().unwrap_or_default()
    }

    fn account_inputs(&self) -> Vec<Input> {
        let f = &self.form;
        vec![
            ("email", "setup-email", "email", f.email.clone(), "username"),
            ("display_name", "setup-name", "text", f.display_name.clone(), "name"),
            ("password", "setup-password", "password", String::new(), "new-password"),
            ("password_again", "setup-password-again", "password", String::new(), "new-password"),
        ]
    }

    fn group_inputs(&self) -> Vec<Input> {
        let f = &self.form;
        vec![
            ("group_name", "setup-group-name", "text", f.group_name.clone(), "off"),
            ("slug", "setup-slug", "text", f.slug.clone(), "off"),
            ("theme", "setup-theme", "text", f.theme.clone(), "off"),
            ("country", "setup-country", "text", f.country.clone(), "country"),
            ("timezone", "setup-timezone", "text", f.timezone.clone(), "off"),
        ]
    }
}

fn page(t: Tr, uri: &Uri, token: &str, form: SetupForm, problems: Option<&ValidationErrors>) -> SetupPage {
    let errors = crate::web::pages::problems::by_field(&t, problems, |field| match field {
        "group.name" => "group_name".to_string(),
        f => f.trim_start_matches("group.").to_string(),
    });
    SetupPage { action: format!("/setup/{token}{}", t.with_lang()), form, errors, chrome: Chrome::new(t, None, uri) }
}

/// Whether `token` is the setup link's (and the first run is not done).
async fn valid(st: &AppState, token: &str) -> bool {
    st.setup_token.lock().await.as_deref().is_some_and(|t| constant_time_eq(t.as_bytes(), token.as_bytes()))
}

fn used_or_wrong() -> HttpError {
    HttpError::not_found("setup link (it works once, on a server that has no administrator yet)")
}

/// `GET /setup/{token}`
pub async fn setup_page(
    State(st): State<AppState>,
    t: Tr,
    OriginalUri(uri): OriginalUri,
    Path(token): Path<String>,
) -> Result<Response, HttpError> {
    if !valid(&st, &token).await {
        return Err(used_or_wrong());
    }
    let form = SetupForm { country: "KZ".into(), timezone: "Asia/Almaty".into(), ..SetupForm::default() };
    Ok(render(&page(t, &uri, &token, form, None)))
}

/// `POST /setup/{token}`: anyone holding the link, from our own origin.
pub async fn setup(
    State(st): State<AppState>,
    ClientKey(addr): ClientKey,
    t: Tr,
    OriginalUri(uri): OriginalUri,
    Path(token): Path<String>,
    SignInForm(f): SignInForm<SetupForm>,
) -> Result<Response, HttpError> {
    // Held until the end: a second post waits, then finds the link used.
    let mut held = st.setup_token.lock().await;
    if !held.as_deref().is_some_and(|t| constant_time_eq(t.as_bytes(), token.as_bytes())) {
        return Err(used_or_wrong());
    }
    let input = FirstRun {
        email: f.email.clone(),
        display_name: f.display_name.clone(),
        password: f.password.clone(),
        password_again: f.password_again.clone(),
        group: GroupInput {
            slug: f.slug.trim().to_string(),
            name: f.group_name.clone(),
            country: f.country.clone(),
            theme: Some(f.theme.clone()).filter(|s| !s.trim().is_empty()),
            timezone: f.timezone.clone(),
            ..GroupInput::default()
        },
    };
    match st.services.first_run(&input).await {
        Ok(group) => {
            *held = None;
            drop(held);
            let session = st.services.login(&f.email, &f.password, None, &addr, None).await?;
            Ok(signed_in_to(&st, &session, &format!("/groups/{}{}", group.fields.slug, t.with_lang())))
        }
        Err(ServiceError::Invalid(e)) => {
            let form = SetupForm { password: String::new(), password_again: String::new(), ..f };
            Ok((StatusCode::UNPROCESSABLE_ENTITY, render(&page(t, &uri, &token, form, Some(&e)))).into_response())
        }
        Err(e) => Err(e.into()),
    }
}
