//! Mail to one person: the invitation into a group (with the link that sets their
//! password, for a new account) and the password-reset link. Plain text in the
//! person's language; queued in the outbox and handed to the mail server at once.
//! Without a mail server nothing is queued and the caller shows the link instead.

use crate::services::{PlainMail, ServiceError, Services};
use crate::web::lang::Tr;
use chrono::{DateTime, Utc};
use chrono_tz::Tz;
use jointcal_domain::account::User;
use jointcal_domain::group::Group;

fn when(at: DateTime<Utc>, tz: Tz) -> String {
    format!("{} ({})", at.with_timezone(&tz).format("%Y-%m-%d %H:%M"), tz.name())
}

/// Queues one plain-text message to `user` and starts its delivery. False when no
/// mail server is configured (nothing queued).
async fn send_one(
    s: &Services,
    kind: &str,
    reference: String,
    group: Option<&Group>,
    user: &User,
    subject: &str,
    text: &str,
) -> Result<bool, ServiceError> {
    let m = PlainMail {
        kind,
        reference: Some(reference),
        group: group.map(|g| g.id),
        to_name: &user.display_name,
        to: &user.email,
        subject,
        text,
    };
    let Some((id, _)) = s.queue_plain_mail(&m).await? else { return Ok(false) };
    let s = s.clone();
    tokio::spawn(async move {
        if let Err(e) = s.deliver_due_mail(&format!("notify-{id}")).await {
            tracing::warn!(error = %e, "delivering mail");
        }
    });
    Ok(true)
}

/// Tells a person they were made a member of `group` by `inviter`; with `link` (a new
/// account: the secret and its expiry) they set their password through it.
pub async fn invitation(
    s: &Services,
    group: &Group,
    user: &User,
    link: Option<&(String, DateTime<Utc>)>,
    inviter: &str,
) -> Result<bool, ServiceError> {
    let lang = user
        .lang
        .as_deref()
        .or_else(|| group.fields.languages.first().map(|l| l.as_str()))
        .and_then(crate::i18n::Lang::from_tag)
        .unwrap_or_default();
    let t = Tr::new(lang);
    let base = s.public_url().to_string();
    let args = |extra: Vec<(&'static str, String)>| {
        let mut a = vec![
            ("group", group.fields.name.clone()),
            ("inviter", inviter.to_string()),
            ("name", user.display_name.clone()),
        ];
        a.extend(extra);
        a
    };
    let (text, reference) = match link {
        Some((token, expires)) => {
            let a = args(vec![
                ("link", format!("{base}/invite/{token}")),
                ("until", when(*expires, group.fields.timezone)),
            ]);
            let a: Vec<_> = a.iter().map(|(k, v)| (*k, v.clone().into())).collect();
            (t.args("invitation-mail-new", &a), format!("{}:{}", group.id, &crate::secrets::digest(token)[..16]))
        }
        None => {
            let a = args(vec![("link", format!("{base}/groups/{}", group.fields.slug))]);
            let a: Vec<_> = a.iter().map(|(k, v)| (*k, v.clone().into())).collect();
            (t.args("invitation-mail-member", &a), format!("{}:{}", group.id, user.id))
        }
    };
    let subject = t.args("invitation-mail-subject", &[("group", group.fields.name.clone().into())]);
    send_one(s, "invitation", reference, Some(group), user, &subject, &text).await
}

/// Sends the password-reset link to the person, in `t`'s language unless they chose one.
pub async fn password_reset(
    s: &Services,
    t: Tr,
    user: &User,
    token: &str,
    expires: DateTime<Utc>,
) -> Result<bool, ServiceError> {
    let t = user.lang.as_deref().and_then(crate::i18n::Lang::from_tag).map_or(t, Tr::new);
    let text = t.args(
        "reset-mail-body",
        &[
            ("name", user.display_name.clone().into()),
            ("link", format!("{}/reset/{token}", s.public_url()).into()),
            ("until", when(expires, chrono_tz::UTC).into()),
            ("minutes", crate::services::RESET_MINUTES.into()),
        ],
    );
    let reference = crate::secrets::digest(token)[..16].to_string();
    send_one(s, "password_reset", reference, None, user, &t.t("reset-mail-subject"), &text).await
}
