//! Sending an edition: one message per recipient (the group's members and its
//! distribution list, less those who unsubscribed), each in the recipient's language,
//! with a plain-text part, an HTML alternative, the PDF attached, and a one-click unsubscribe link
//! (RFC 8058). The edition is archived and its messages queued in one transaction;
//! the edition's unique key (group, month) makes a second send of the same month
//! fail, whoever tries, so every recipient gets each month's edition once.

use crate::bulletin::{bulletin, html, pdf, pdf_name, text, title, Flavour, READER};
use crate::i18n::Lang;
use crate::mail::{make_message, Attachment, MessageParts};
use crate::services::{host_of, NewEdition, ServiceError, Services};
use crate::web::lang::{escape, Tr};
use chrono::NaiveDate;
use jointcal_db::OutboxMail;
use jointcal_domain::access::Viewer;
use jointcal_domain::audit::Actor;
use jointcal_domain::group::Group;
use std::collections::BTreeMap;

/// The outbox kind of bulletin messages; their reference is the month, `YYYY-MM`.
pub const MAIL_KIND: &str = "bulletin";

#[derive(Debug, thiserror::Error)]
pub enum SendError {
    #[error("no mail server is configured: set smtp_url and mail_from (see `jointcal config show`)")]
    NoMail,
    #[error("the group has nobody to send the bulletin to: no member with an address and an empty distribution list (or all unsubscribed)")]
    NoRecipients,
    #[error("{0}")]
    Message(String),
    #[error(transparent)]
    Service(#[from] ServiceError),
}

/// What a send queued.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sent {
    pub month: NaiveDate,
    /// Messages queued, one per recipient.
    pub queued: usize,
    /// Recipients left out because they unsubscribed.
    pub unsubscribed: usize,
}

/// The `List-Id` of a group's bulletin: `<slug.bulletin.HOST>`.
fn list_id(group: &Group, public_url: &str) -> String {
    format!("<{}.bulletin.{}>", group.fields.slug, host_of(public_url))
}

/// The language a recipient reads: theirs if we speak it, else the group's first.
pub(crate) fn language_of(recipient_lang: Option<&str>, group: &Group) -> Lang {
    recipient_lang
        .and_then(Lang::from_tag)
        .or_else(|| group.fields.languages.iter().find_map(|l| Lang::from_tag(l.as_str())))
        .unwrap_or_default()
}

/// Archives the edition of `month` and queues it for every recipient (coordinators).
pub async fn send_edition(
    s: &Services,
    viewer: &Viewer,
    actor: &Actor,
    group: &Group,
    month: NaiveDate,
) -> Result<Sent, SendError> {
    let from = s.mail_from().cloned().ok_or(SendError::NoMail)?;
    let everyone = s.bulletin_recipients(viewer, group).await?;
    let unsubscribed = everyone.iter().filter(|r| r.unsubscribed_at.is_some()).count();
    let recipients: Vec<_> = everyone.into_iter().filter(|r| r.unsubscribed_at.is_none()).collect();
    if recipients.is_empty() {
        return Err(SendError::NoRecipients);
    }
    let group_lang = language_of(None, group);
    let mut made = BTreeMap::new();
    for lang in std::iter::once(group_lang).chain(recipients.iter().map(|r| language_of(r.lang.as_deref(), group))) {
        if let std::collections::btree_map::Entry::Vacant(e) = made.entry(lang.code()) {
            let t = Tr::new(lang);
            let b = bulletin(s, &READER, group, month, &t).await?;
            let attachment = Attachment {
                filename: pdf_name(&b),
                content_type: "application/pdf".into(),
                body: pdf(&t, &b).map_err(|e| SendError::Message(e.to_string()))?,
            };
            e.insert((t, b, [attachment]));
        }
    }
    let Some((t0, first, _)) = made.get(group_lang.code()) else {
        return Err(SendError::Message("the bulletin could not be made".into()));
    };
    let snapshot = first.snapshot.clone();
    let archived_body = text(t0, first, Flavour::Markdown);
    let month = first.month;
    let now = s.now();
    let public_url = s.public_url().to_string();
    let mut mails = Vec::with_capacity(recipients.len());
    for r in &recipients {
        let Some((t, b, attachments)) = made.get(language_of(r.lang.as_deref(), group).code()) else { continue };
        let unsubscribe = format!("{public_url}/unsubscribe/{}", r.token);
        let why = if r.member { "bulletin-mail-why-member" } else { "bulletin-mail-why-list" };
        let why = t.args(why, &[("group", group.fields.name.clone().into())]);
        let link_words = t.t("bulletin-mail-unsubscribe");
        let plain = format!("{}\n-- \n{why}\n{link_words}: {unsubscribe}\n", text(t, b, Flavour::Plain).trim_end());
        let footer = format!(
            "{} <a href=\"{u}\" style=\"color:#52606d\">{}</a>",
            escape(&why),
            escape(&link_words),
            u = escape(&unsubscribe)
        );
        let html_body = html(t, b, &footer);
        let id = s.ids.new_uuid(u64::try_from(now.timestamp_millis()).unwrap_or(0));
        let subject = title(t, b);
        let m = make_message(&MessageParts {
            from: &from,
            to_name: &r.name,
            to: &r.email,
            subject: &subject,
            text: &plain,
            html: Some(&html_body),
            attachments: attachments.as_slice(),
            calendar: None,
            headers: vec![
                ("List-Id", list_id(group, &public_url)),
                ("List-Unsubscribe", format!("<{unsubscribe}>")),
                ("List-Unsubscribe-Post", "List-Unsubscribe=One-Click".into()),
                ("Auto-Submitted", "auto-generated".into()),
                ("Precedence", "bulk".into()),
            ],
            date: now,
            message_id: format!("{id}@{}", s.mail_host()),
        });
        let m = match m {
            Ok(m) => m,
            Err(e) => {
                // One bad address on the list must not stop the others: say so and go on.
                tracing::warn!(recipient = %r.email, error = %e, "bulletin recipient left out");
                continue;
            }
        };
        mails.push(OutboxMail {
            id,
            kind: MAIL_KIND.into(),
            reference: month.format("%Y-%m").to_string(),
            group_id: Some(group.id.0),
            recipient: m.recipient,
            sender: m.sender,
            subject,
            message: m.bytes,
            created_at: now,
        });
    }
    let edition = NewEdition { month, snapshot: &snapshot, body: &archived_body, mails: &mails };
    s.record_edition(viewer, actor, group, &edition).await?;
    Ok(Sent { month, queued: mails.len(), unsubscribed })
}
