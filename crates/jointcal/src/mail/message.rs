//! Making one message: text with an optional HTML alternative and attachments, our
//! headers (list headers, RFC 8058 one-click unsubscribe), the date and Message-ID
//! given (the clock and ids are passed in), every header value from user text made
//! safe first. `lettre` encodes the headers (RFC 2047) and the bodies.

use chrono::{DateTime, Utc};
use lettre::message::header::{ContentTransferEncoding, ContentType, HeaderName, HeaderValue};
use lettre::message::{Mailbox, MultiPart, SinglePart};
use lettre::Message;

/// A file attached to a message.
#[derive(Debug, Clone)]
pub struct Attachment {
    pub filename: String,
    /// e.g. `application/pdf`.
    pub content_type: String,
    pub body: Vec<u8>,
}

/// What a message is made of.
#[derive(Debug, Clone)]
pub struct MessageParts<'a> {
    pub from: &'a Mailbox,
    /// The recipient's name (may be empty) and address.
    pub to_name: &'a str,
    pub to: &'a str,
    pub subject: &'a str,
    pub text: &'a str,
    pub html: Option<&'a str>,
    pub attachments: &'a [Attachment],
    /// An iCalendar object shown as an invitation (RFC 6047): its METHOD and text,
    /// sent as a `text/calendar` alternative of the text.
    pub calendar: Option<(&'a str, &'a str)>,
    /// More headers: name and value (values are made safe here).
    pub headers: Vec<(&'static str, String)>,
    pub date: DateTime<Utc>,
    /// The Message-ID without its angle brackets, e.g. `UUID@cal.example.org`.
    pub message_id: String,
}

/// A message ready for the outbox.
#[derive(Debug, Clone)]
pub struct Made {
    pub sender: String,
    pub recipient: String,
    pub bytes: Vec<u8>,
}

#[derive(Debug, thiserror::Error)]
pub enum MessageError {
    #[error("'{0}' is not an e-mail address: {1}")]
    Address(String, String),
    #[error("the message cannot be made: {0}")]
    Build(String),
}

/// A header value from text a user wrote: line breaks and other control characters
/// become spaces (no header can be injected), runs of spaces one, at most 250 characters.
pub fn header_text(s: &str) -> String {
    let cleaned: String = s.chars().map(|c| if c.is_control() { ' ' } else { c }).collect();
    let mut out = cleaned.split_whitespace().collect::<Vec<_>>().join(" ");
    if out.chars().count() > 250 {
        out = out.chars().take(249).collect::<String>() + "…";
    }
    out
}

pub fn make_message(p: &MessageParts<'_>) -> Result<Made, MessageError> {
    let address = p.to.trim().parse().map_err(|e| MessageError::Address(p.to.to_string(), format!("{e}")))?;
    let name = header_text(p.to_name);
    let to = Mailbox::new(Some(name).filter(|n| !n.is_empty()), address);
    let mut b = Message::builder()
        .from(p.from.clone())
        .to(to.clone())
        .subject(header_text(p.subject))
        .date(p.date.into())
        .message_id(Some(format!("<{}>", header_text(&p.message_id))));
    for (name, value) in &p.headers {
        b = b.raw_header(HeaderValue::new(HeaderName::new_from_ascii_str(name), header_text(value)));
    }
    let text = SinglePart::plain(p.text.to_string());
    let body = match (p.html, p.calendar) {
        (None, None) => MultiPart::mixed().singlepart(text),
        (html, calendar) => {
            let mut alt = MultiPart::alternative().singlepart(text);
            if let Some(html) = html {
                alt = alt.singlepart(SinglePart::html(html.to_string()));
            }
            if let Some((method, ics)) = calendar {
                let ct = ContentType::parse(&format!("text/calendar; method={}; charset=utf-8", header_text(method)))
                    .map_err(|e| MessageError::Build(e.to_string()))?;
                // Base64 whatever the text: iCalendar's CRLF line ends and folding reach
                // the client untouched.
                let part = SinglePart::builder().header(ct).header(ContentTransferEncoding::Base64);
                alt = alt.singlepart(part.body(ics.to_string()));
            }
            alt
        }
    };
    let body = if p.attachments.is_empty() {
        body
    } else {
        let mut mixed = MultiPart::mixed().multipart(body);
        for a in p.attachments {
            let ct = ContentType::parse(&a.content_type).map_err(|e| MessageError::Build(e.to_string()))?;
            let name = header_text(&a.filename).replace(['"', '\\', '/'], "_");
            mixed = mixed.singlepart(lettre::message::Attachment::new(name).body(a.body.clone(), ct));
        }
        mixed
    };
    let message = b.multipart(body).map_err(|e| MessageError::Build(e.to_string()))?;
    Ok(Made { sender: p.from.email.to_string(), recipient: to.email.to_string(), bytes: message.formatted() })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parts<'a>(from: &'a Mailbox, subject: &'a str, name: &'a str) -> MessageParts<'a> {
        MessageParts {
            from,
            to_name: name,
            to: "aigerim@example.org",
            subject,
            text: "Plain text — Қазақ тілі",
            html: Some("<p>Hello</p>"),
            attachments: &[],
            calendar: None,
            headers: vec![("List-Unsubscribe", "<https://cal.example.org/unsubscribe/x>".into())],
            date: DateTime::from_timestamp(1_188_000_000, 0).unwrap(),
            message_id: "m1@cal.example.org".into(),
        }
    }

    #[test]
    fn no_header_can_be_injected_from_user_text() {
        let from: Mailbox = "Calendar <cal@example.org>".parse().unwrap();
        let m =
            make_message(&parts(&from, "Hi\r\nBcc: evil@example.com\r\n\r\nbody", "Eve\nBcc: x@example.com")).unwrap();
        let text = String::from_utf8_lossy(&m.bytes);
        let headers = text.split("\r\n\r\n").next().unwrap();
        assert!(!headers.lines().any(|l| l.to_ascii_lowercase().starts_with("bcc:")), "{headers}");
        assert!(headers.contains("List-Unsubscribe: <https://cal.example.org/unsubscribe/x>"), "{headers}");
        assert!(headers.contains("Message-ID: <m1@cal.example.org>"), "{headers}");
        assert!(headers.contains("Date: Sat, 25 Aug 2007"), "{headers}");
        assert_eq!(m.recipient, "aigerim@example.org");
    }

    #[test]
    fn header_text_is_one_line_and_bounded() {
        assert_eq!(header_text(" a\r\n\tb \u{0} c "), "a b c");
        assert_eq!(header_text(&"я".repeat(400)).chars().count(), 250);
    }

    #[test]
    fn a_bad_address_is_named() {
        let from: Mailbox = "cal@example.org".parse().unwrap();
        let mut p = parts(&from, "s", "");
        p.to = "not-an-address";
        let e = make_message(&p).unwrap_err();
        assert!(e.to_string().contains("not-an-address"), "{e}");
    }
}
