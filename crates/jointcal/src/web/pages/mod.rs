//! The pages: the routes, the list of groups; a group's month in [`month`], its
//! layout in [`grid`]; one activity in [`activity`].

pub mod account;
pub mod activity;
pub mod activity_edit;
pub mod activity_form;
pub mod bulletin;
pub mod colours;
pub mod filter_form;
pub mod gaps;
pub mod grid;
pub mod imports;
pub mod labels;
pub mod meetings;
pub mod members;
pub mod month;
pub mod org;
pub mod overlaps;
pub mod problems;
pub mod reset;
pub mod settings;
pub mod setup;
pub mod timeline;
pub mod unsubscribe;

use crate::web::caller::Reader;
use crate::web::chrome::Chrome;
use crate::web::error::{render, HttpError};
use crate::web::lang::Tr;
use crate::web::state::AppState;
use askama::Template;
use axum::extract::{OriginalUri, State};
use axum::http::Method;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post, MethodRouter};
use axum::Router;

/// One page route. The pages' router is built from [`routes`], and a test reads it
/// to check that every form route refuses a session without its CSRF token.
pub struct PageRoute {
    pub method: Method,
    pub path: &'static str,
    /// Whether anyone may post it (the sign-in form); every other form needs a session.
    pub anonymous: bool,
    handler: MethodRouter<AppState>,
}

fn route(method: Method, path: &'static str, handler: MethodRouter<AppState>) -> PageRoute {
    PageRoute { method, path, anonymous: false, handler }
}

/// Every page route.
pub fn routes() -> Vec<PageRoute> {
    vec![
        route(Method::GET, "/", get(index)),
        route(Method::GET, "/login", get(crate::web::signin::login_form)),
        PageRoute { anonymous: true, ..route(Method::POST, "/login", post(crate::web::signin::login)) },
        route(Method::POST, "/logout", post(crate::web::signin::logout)),
        route(Method::GET, "/account", get(account::account)),
        route(Method::POST, "/account/settings", post(account::settings)),
        route(Method::POST, "/account/tokens", post(account::create_token)),
        route(Method::POST, "/account/feeds", post(account::new_feed_links)),
        route(Method::POST, "/account/tokens/{id}/revoke", post(account::revoke_token)),
        route(Method::GET, "/account/two-factor", get(account::two_factor)),
        route(Method::POST, "/account/two-factor", post(account::enrol)),
        route(Method::POST, "/account/two-factor/off", post(account::two_factor_off)),
        route(Method::GET, "/setup/{token}", get(setup::setup_page)),
        PageRoute { anonymous: true, ..route(Method::POST, "/setup/{token}", post(setup::setup)) },
        route(Method::GET, "/reset", get(reset::ask_page)),
        PageRoute { anonymous: true, ..route(Method::POST, "/reset", post(reset::ask)) },
        route(Method::GET, "/reset/{token}", get(reset::reset_page)),
        PageRoute { anonymous: true, ..route(Method::POST, "/reset/{token}", post(reset::reset)) },
        route(Method::GET, "/unsubscribe/{token}", get(unsubscribe::ask)),
        PageRoute { anonymous: true, ..route(Method::POST, "/unsubscribe/{token}", post(unsubscribe::unsubscribe)) },
        route(Method::GET, "/invite/{token}", get(members::invitation)),
        PageRoute { anonymous: true, ..route(Method::POST, "/invite/{token}", post(members::accept)) },
        route(Method::GET, "/groups/{slug}", get(month::group_month)),
        route(Method::GET, "/groups/{slug}/members", get(members::members)),
        route(Method::GET, "/groups/{slug}/bulletin", get(bulletin::bulletin_page)),
        route(Method::POST, "/groups/{slug}/bulletin/send", post(bulletin::send)),
        route(Method::POST, "/groups/{slug}/bulletin/recipients", post(bulletin::recipients)),
        route(Method::GET, "/groups/{slug}/import", get(imports::import_page)),
        // The upload bounds its own size (max_import_bytes), not the forms' limit.
        route(
            Method::POST,
            "/groups/{slug}/import",
            post(imports::upload).layer(axum::extract::DefaultBodyLimit::disable()),
        ),
        route(Method::POST, "/groups/{slug}/import/{id}", post(imports::confirm)),
        route(Method::GET, "/groups/{slug}/meetings", get(meetings::meetings_page)),
        route(Method::POST, "/groups/{slug}/meetings", post(meetings::schedule)),
        route(Method::POST, "/groups/{slug}/meetings/actions", post(meetings::close_action)),
        route(Method::GET, "/groups/{slug}/meetings/{id}", get(meetings::meeting_page)),
        route(Method::POST, "/groups/{slug}/meetings/{id}/answer", post(meetings::answer)),
        route(Method::POST, "/groups/{slug}/meetings/{id}/draft", post(meetings::draft)),
        route(Method::POST, "/groups/{slug}/meetings/{id}/agenda", post(meetings::agenda)),
        route(Method::POST, "/groups/{slug}/meetings/{id}/invite", post(meetings::invite)),
        route(Method::POST, "/groups/{slug}/meetings/{id}/minutes", post(meetings::minutes)),
        route(Method::POST, "/groups/{slug}/meetings/{id}/actions", post(meetings::assign)),
        route(Method::POST, "/groups/{slug}/meetings/{id}/publish", post(meetings::publish)),
        route(Method::POST, "/groups/{slug}/meetings/{id}/register", post(meetings::register)),
        route(Method::GET, "/groups/{slug}/settings", get(settings::settings)),
        route(Method::POST, "/groups/{slug}/settings", post(settings::save)),
        route(Method::POST, "/groups/{slug}/members", post(members::invite)),
        route(Method::POST, "/groups/{slug}/members/{user}", post(members::change_role)),
        route(Method::POST, "/groups/{slug}/members/{user}/remove", post(members::remove)),
        route(Method::GET, "/groups/{slug}/activities/new", get(activity_edit::add_page)),
        route(Method::POST, "/groups/{slug}/activities", post(activity_edit::add)),
        route(Method::GET, "/groups/{slug}/activities/{id}", get(activity::activity_page)),
        route(Method::POST, "/groups/{slug}/activities/{id}", post(activity_edit::edit)),
        route(Method::GET, "/groups/{slug}/activities/{id}/edit", get(activity_edit::edit_page)),
        route(Method::GET, "/groups/{slug}/activities/{id}/delete", get(activity_edit::delete_page)),
        route(Method::POST, "/groups/{slug}/activities/{id}/delete", post(activity_edit::delete)),
        route(Method::POST, "/groups/{slug}/activities/{id}/cancel", post(activity_edit::cancel)),
        route(Method::GET, "/groups/{slug}/timeline", get(timeline::timeline)),
        route(Method::GET, "/groups/{slug}/overlaps", get(overlaps::overlaps_page)),
        route(Method::GET, "/groups/{slug}/gaps", get(gaps::gaps_page)),
        route(Method::POST, "/groups/{slug}/overlaps/{id}/resolution", post(overlaps::resolve)),
        route(Method::GET, "/groups/{slug}/orgs/{org}", get(org::org_page)),
        route(Method::GET, "/assets/{name}", get(crate::web::assets::serve)),
    ]
}

pub fn router() -> Router<AppState> {
    routes().into_iter().fold(Router::new(), |r, p| r.route(p.path, p.handler))
}

#[derive(Template)]
#[template(path = "groups.html")]
struct GroupsPage {
    chrome: Chrome,
    groups: Vec<(String, String)>,
    none_html: String,
}

pub async fn index(
    State(st): State<AppState>,
    Reader(principal): Reader,
    t: Tr,
    OriginalUri(uri): OriginalUri,
) -> Result<Response, HttpError> {
    let groups = st.services.list_groups().await?;
    Ok(if groups.len() == 1 {
        Redirect::to(&format!("/groups/{}{}", groups[0].fields.slug, t.with_lang())).into_response()
    } else {
        let none_html = t.markup(
            "groups-none",
            &[("add", "<code>jointcal group add</code>".into()), ("demo", "<code>jointcal demo</code>".into())],
        );
        render(&GroupsPage {
            chrome: Chrome::new(t, principal.as_ref(), &uri),
            groups: groups.into_iter().map(|g| (g.fields.slug, g.fields.name)).collect(),
            none_html,
        })
    })
}
