//! The JSON API under `/api/v1`, and its OpenAPI 3.1 document at `/api/openapi.json`.
//! Each route is registered once, with its OpenAPI description (utoipa-axum), so the
//! document and the router cannot disagree.
//!
//! Authentication: a bearer token (`Authorization: Bearer jct_…`) or the session
//! cookie of the pages; with the cookie, writes must carry the session's CSRF token
//! in `X-CSRF-Token` (from `GET /api/v1/me` or `POST /api/v1/session`).

pub mod activities;
pub mod audit;
pub mod bulletins;
pub mod coverage;
pub mod feeds;
pub mod groups;
pub mod health;
pub mod imports;
pub mod json;
pub mod me;
pub mod meetings;
pub mod members;
pub mod orgs;
pub mod overlaps;
pub mod precondition;
pub(crate) mod schema;

use crate::web::cookies::SESSION_COOKIE;
use crate::web::state::AppState;
use utoipa::openapi::security::{ApiKey, ApiKeyValue, HttpAuthScheme, HttpBuilder, SecurityScheme};
use utoipa::{Modify, OpenApi};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

#[derive(OpenApi)]
#[openapi(
    info(
        title = "jointcal API",
        description = "The Joint Activity Calendar for donor coordination: groups, organizations, members, activities and their audit log.\n\nErrors are JSON `{\"error\": {\"code\", \"message\", \"fields\"}}`. Updates and deletes of an activity, and updates of a group, carry its version in `If-Match` (the `ETag` of its last read).",
        license(name = "AGPL-3.0-or-later")
    ),
    modifiers(&SecuritySchemes),
    tags(
        (name = "session", description = "Who you are: sign-in, tokens"),
        (name = "groups", description = "Coordination groups and their members"),
        (name = "organizations", description = "Organizations, shared by all groups"),
        (name = "activities", description = "The calendar"),
        (name = "audit", description = "Who changed what, when (coordinators)"),
        (name = "overlaps", description = "Where two organizations may plan the same effort, or could work together; where nobody works (coverage and gaps)"),
        (name = "bulletins", description = "The monthly bulletin: a month's text, the editions sent"),
        (name = "meetings", description = "Coordination meetings: agenda, minutes, attendance, decisions, action items"),
        (name = "imports", description = "Import IATI activity files, HXL-tagged 3W sheets and JSON; export the same"),
        (name = "feeds", description = "Your calendar feeds (iCalendar at /feeds/{group}.ics) and their token"),
        (name = "health", description = "Liveness and readiness"),
    )
)]
struct ApiDoc;

struct SecuritySchemes;

impl Modify for SecuritySchemes {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let c = openapi.components.get_or_insert_with(Default::default);
        c.add_security_scheme(
            "bearer",
            SecurityScheme::Http(
                HttpBuilder::new()
                    .scheme(HttpAuthScheme::Bearer)
                    .bearer_format("jct_…")
                    .description(Some("An API token from `jointcal token create` or POST /api/v1/me/tokens"))
                    .build(),
            ),
        );
        c.add_security_scheme(
            "session",
            SecurityScheme::ApiKey(ApiKey::Cookie(ApiKeyValue::with_description(
                SESSION_COOKIE,
                "The session cookie of the web pages (named __Host-jointcal_session behind https); writes also need the X-CSRF-Token header",
            ))),
        );
    }
}

/// Every API route with its description, and the document route itself.
pub fn router() -> OpenApiRouter<AppState> {
    let api = OpenApiRouter::with_openapi(ApiDoc::openapi())
        .routes(routes!(health::healthz))
        .routes(routes!(health::readyz))
        .routes(routes!(me::me))
        .routes(routes!(me::update_settings))
        .routes(routes!(me::login, me::logout))
        .routes(routes!(me::list_tokens, me::create_token))
        .routes(routes!(me::revoke_token))
        .routes(routes!(feeds::my_feeds))
        .routes(routes!(feeds::new_feed_token))
        .routes(routes!(groups::list_groups, groups::create_group))
        .routes(routes!(groups::get_group, groups::update_group))
        .routes(routes!(orgs::list_orgs, orgs::create_org))
        .routes(routes!(orgs::get_org, orgs::update_org))
        .routes(routes!(members::list_members))
        .routes(routes!(members::set_member, members::remove_member))
        .routes(routes!(audit::group_audit))
        .routes(routes!(activities::list_activities, activities::create_activity))
        .routes(routes!(activities::get_activity, activities::update_activity, activities::delete_activity))
        .routes(routes!(audit::activity_audit))
        .routes(routes!(overlaps::list_overlaps))
        .routes(routes!(overlaps::resolve_overlap))
        .routes(routes!(coverage::coverage))
        .routes(routes!(imports::import_file))
        .routes(routes!(imports::export))
        .routes(routes!(bulletins::list_editions))
        .routes(routes!(bulletins::bulletin_text))
        .routes(routes!(meetings::list_meetings, meetings::schedule_meeting))
        .routes(routes!(meetings::list_actions))
        .routes(routes!(meetings::update_action))
        .routes(routes!(meetings::list_decisions))
        .routes(routes!(meetings::get_meeting, meetings::update_meeting))
        .routes(routes!(meetings::draft_meeting_agenda))
        .routes(routes!(meetings::meeting_agenda))
        .routes(routes!(meetings::meeting_minutes))
        .routes(routes!(meetings::minutes_revisions))
        .routes(routes!(meetings::list_attendance, meetings::record_attendance))
        .routes(routes!(meetings::answer_invitation))
        .routes(routes!(meetings::create_action))
        .routes(routes!(meetings::send_invitations));
    let doc = std::sync::Arc::new(api.get_openapi().clone());
    api.route("/api/openapi.json", axum::routing::get(move || async move { axum::Json(doc.as_ref().clone()) }))
}

/// The OpenAPI document, as served.
pub fn openapi() -> utoipa::openapi::OpenApi {
    router().split_for_parts().1
}
