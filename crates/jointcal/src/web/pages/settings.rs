//! A group's settings (coordinators): name, theme, description, time zone, the
//! bulletin's day, the meeting cadence, the languages, and whether coordinators
//! need two-factor sign-in. Saved over the version the form was filled from.

use crate::services::{IfMatch, ServiceError};
use crate::web::caller::{FormWriter, Reader};
use crate::web::chrome::Chrome;
use crate::web::error::{render, HttpError};
use crate::web::lang::Tr;
use crate::web::pages::filter_form::Choice;
use crate::web::state::AppState;
use askama::Template;
use axum::extract::{OriginalUri, Path, State};
use axum::http::{StatusCode, Uri};
use axum::response::{IntoResponse, Redirect, Response};
use jointcal_domain::group::{Group, GroupInput};
use jointcal_domain::vocab::{MeetingCadence, Vocabulary};
use jointcal_domain::ValidationErrors;
use serde::Deserialize;
use std::collections::BTreeMap;

#[derive(Deserialize, Default, Clone)]
pub struct SettingsForm {
    #[serde(default)]
    name: String,
    #[serde(default)]
    theme: String,
    #[serde(default)]
    description: String,
    #[serde(default)]
    timezone: String,
    #[serde(default)]
    bulletin_day: String,
    #[serde(default)]
    meeting_cadence: String,
    #[serde(default)]
    languages: String,
    #[serde(default)]
    require_totp: String,
    #[serde(default)]
    version: String,
}

impl SettingsForm {
    fn of(g: &Group) -> SettingsForm {
        let f = &g.fields;
        SettingsForm {
            name: f.name.clone(),
            theme: f.theme.clone().unwrap_or_default(),
            description: f.description.clone().unwrap_or_default(),
            timezone: f.timezone.name().into(),
            bulletin_day: f.bulletin_day.to_string(),
            meeting_cadence: f.meeting_cadence.code().into(),
            languages: f.languages.iter().map(|l| l.as_str()).collect::<Vec<_>>().join(", "),
            require_totp: if f.require_totp_for_coordinators { "on".into() } else { String::new() },
            version: g.version.to_string(),
        }
    }

    fn input(&self, g: &Group) -> Result<GroupInput, ValidationErrors> {
        let some = |s: &str| Some(s.trim().to_string()).filter(|s| !s.is_empty());
        let bulletin_day = match self.bulletin_day.trim().parse::<u8>() {
            Ok(d) => Some(d),
            Err(_) => {
                let m = format!("{} is not a day from 1 to 28", self.bulletin_day.trim());
                let p = jointcal_domain::Problem::new("not_a_bulletin_day", m).with("value", self.bulletin_day.trim());
                return Err(ValidationErrors::single("bulletin_day", p));
            }
        };
        Ok(GroupInput {
            slug: g.fields.slug.clone(),
            name: self.name.clone(),
            country: g.fields.country.clone(),
            theme: some(&self.theme),
            timezone: self.timezone.trim().to_string(),
            bulletin_day,
            meeting_cadence: some(&self.meeting_cadence),
            languages: self
                .languages
                .split([',', ' '])
                .map(str::trim)
                .filter(|l| !l.is_empty())
                .map(String::from)
                .collect(),
            description: some(&self.description),
            require_totp_for_coordinators: Some(!self.require_totp.is_empty()),
        })
    }
}

#[derive(Template)]
#[template(path = "settings.html")]
pub struct SettingsPage {
    chrome: Chrome,
    group_name: String,
    slug: String,
    country: String,
    back_href: String,
    action: String,
    form: SettingsForm,
    cadences: Vec<Choice>,
    errors: BTreeMap<String, Vec<String>>,
    conflict: bool,
    saved: bool,
}

impl SettingsPage {
    fn err(&self, key: &str) -> Vec<String> {
        self.errors.get(key).cloned().unwrap_or_default()
    }

    fn is(&self, a: &str, b: &str) -> bool {
        a == b
    }

    /// The one-line fields: name, label key, value.
    fn inputs(&self) -> Vec<(&'static str, &'static str, String)> {
        let f = &self.form;
        vec![
            ("name", "setup-group-name", f.name.clone()),
            ("theme", "setup-theme", f.theme.clone()),
            ("timezone", "setup-timezone", f.timezone.clone()),
            ("bulletin_day", "settings-bulletin-day", f.bulletin_day.clone()),
            ("languages", "settings-languages", f.languages.clone()),
        ]
    }
}

struct Frame<'a> {
    t: Tr,
    uri: &'a Uri,
    principal: Option<&'a crate::services::Principal>,
}

fn page(
    fr: Frame<'_>,
    g: &Group,
    form: SettingsForm,
    problems: Option<&ValidationErrors>,
    conflict: bool,
    saved: bool,
) -> SettingsPage {
    let t = fr.t;
    let errors = crate::web::pages::problems::by_field(&t, problems, |field| {
        if field.starts_with("languages") {
            "languages".to_string()
        } else {
            field.to_string()
        }
    });
    SettingsPage {
        group_name: g.fields.name.clone(),
        slug: g.fields.slug.clone(),
        country: g.fields.country.clone(),
        back_href: format!("/groups/{}{}", g.fields.slug, t.with_lang()),
        action: format!("/groups/{}/settings{}", g.fields.slug, t.with_lang()),
        form,
        cadences: MeetingCadence::all()
            .iter()
            .map(|c| Choice { value: c.code().into(), label: t.vocab(*c), selected: false })
            .collect(),
        errors,
        conflict,
        saved,
        chrome: Chrome::new(t, fr.principal, fr.uri),
    }
}

/// `GET /groups/{slug}/settings` (coordinators).
pub async fn settings(
    State(st): State<AppState>,
    Reader(principal): Reader,
    t: Tr,
    OriginalUri(uri): OriginalUri,
    Path(slug): Path<String>,
) -> Result<Response, HttpError> {
    let (group, viewer) = st.services.group_for(&slug, principal.as_ref()).await?;
    st.services.may_manage_group(&viewer)?;
    let saved = uri.query().is_some_and(|q| q.split('&').any(|p| p == "saved=1"));
    let fr = Frame { t, uri: &uri, principal: principal.as_ref() };
    Ok(render(&page(fr, &group, SettingsForm::of(&group), None, false, saved)))
}

/// `POST /groups/{slug}/settings`
pub async fn save(
    State(st): State<AppState>,
    t: Tr,
    OriginalUri(uri): OriginalUri,
    Path(slug): Path<String>,
    FormWriter(p, f): FormWriter<SettingsForm>,
) -> Result<Response, HttpError> {
    let (group, viewer) = st.services.group_for(&slug, Some(&p)).await?;
    let if_match = f.version.trim().parse().map_or(IfMatch::Missing, IfMatch::Version);
    let result = match f.input(&group) {
        Err(e) => Err(ServiceError::Invalid(e)),
        Ok(input) => st.services.update_group(&viewer, &p.actor(), &group, if_match, &input).await,
    };
    let fr = Frame { t, uri: &uri, principal: Some(&p) };
    match result {
        Ok(_) => {
            let sep = if t.with_lang().is_empty() { "?" } else { "&" };
            Ok(Redirect::to(&format!("/groups/{slug}/settings{}{sep}saved=1", t.with_lang())).into_response())
        }
        Err(ServiceError::Invalid(e)) => {
            Ok((StatusCode::UNPROCESSABLE_ENTITY, render(&page(fr, &group, f, Some(&e), false, false))).into_response())
        }
        Err(ServiceError::VersionConflict { current, .. }) => {
            // The form keeps what was typed and now names the stored version.
            let form = SettingsForm { version: current.to_string(), ..f };
            Ok((StatusCode::CONFLICT, render(&page(fr, &group, form, None, true, false))).into_response())
        }
        Err(e) => Err(e.into()),
    }
}
