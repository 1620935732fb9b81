//! People and their credentials: rules only (hashing and randomness live in the app).

use crate::error::{Problem, ValidationErrors};
use crate::ids::{OrgId, TokenId, UserId};
use chrono::{DateTime, Duration, Utc};
use serde::Serialize;

/// Failed sign-ins allowed per account within [`LOGIN_WINDOW_MINUTES`].
pub const LOGIN_LIMIT: i64 = 5;
/// Failed sign-ins allowed per client address within the window: higher than per
/// account, so that an office behind one NAT address keeps working while one of its
/// people mistypes, yet one address cannot try passwords on many accounts.
pub const LOGIN_LIMIT_PER_ADDRESS: i64 = 30;
pub const LOGIN_WINDOW_MINUTES: i64 = 15;
/// Sessions last this long after sign-in.
pub const SESSION_DAYS: i64 = 14;
pub const MIN_PASSWORD_CHARS: usize = 10;
pub const MAX_PASSWORD_CHARS: usize = 1024;

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct User {
    pub id: UserId,
    pub email: String,
    pub display_name: String,
    pub is_admin: bool,
    /// The organization the person is focal point of.
    pub org: Option<OrgId>,
    /// The language the person chose for the pages (a code such as `ru`); `None`
    /// until they use the language switch while signed in (the browser's applies).
    pub lang: Option<String>,
    /// Whether two-factor sign-in (TOTP) is on.
    pub totp_enabled: bool,
    /// The person shows their e-mail address to the other members of their groups.
    pub show_email: bool,
    pub created_at: DateTime<Utc>,
    pub password_changed_at: DateTime<Utc>,
    pub disabled_at: Option<DateTime<Utc>>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ApiToken {
    pub id: TokenId,
    pub user: UserId,
    pub name: String,
    pub created_at: DateTime<Utc>,
    pub expires_at: Option<DateTime<Utc>>,
    pub revoked_at: Option<DateTime<Utc>>,
    pub last_used_at: Option<DateTime<Utc>>,
}

impl ApiToken {
    /// Usable at `now`: not revoked, not expired.
    pub fn is_live(&self, now: DateTime<Utc>) -> bool {
        self.revoked_at.is_none() && self.expires_at.is_none_or(|e| e > now)
    }
}

/// The key that makes e-mail addresses unique regardless of case and spaces.
pub fn email_key(email: &str) -> String {
    email.trim().to_lowercase()
}

/// Checks an e-mail address well enough to catch typing slips.
pub fn parse_email(s: &str) -> Result<String, Problem> {
    let t = s.trim();
    let ok = t.len() <= 254
        && !t.contains(char::is_whitespace)
        && crate::text::check_text(t, crate::text::Lines::One).is_ok()
        && t.split_once('@').is_some_and(|(local, domain)| {
            !local.is_empty()
                && domain.contains('.')
                && !domain.starts_with('.')
                && !domain.ends_with('.')
                && !domain.contains('@')
        });
    if ok {
        Ok(t.to_string())
    } else {
        Err(Problem::new("not_an_email", format!("'{s}' is not an e-mail address")).with("value", s))
    }
}

/// Password rules (NIST SP 800-63B): long enough, not absurdly long, any characters.
pub fn check_password(p: &str) -> Result<(), Problem> {
    let n = p.chars().count();
    if n < MIN_PASSWORD_CHARS {
        Err(Problem::new(
            "password_too_short",
            format!("is too short: use at least {MIN_PASSWORD_CHARS} characters (a few words make a good one)"),
        )
        .with("min", MIN_PASSWORD_CHARS))
    } else if n > MAX_PASSWORD_CHARS {
        Err(Problem::too_long(MAX_PASSWORD_CHARS))
    } else {
        Ok(())
    }
}

/// Validates the fields of a new account.
pub fn validate_new_user(
    email: &str,
    display_name: &str,
    password: &str,
) -> Result<(String, String), ValidationErrors> {
    let mut e = ValidationErrors::new();
    let email = e.take("email", parse_email(email));
    let name = display_name.trim().to_string();
    if name.is_empty() {
        e.add("display_name", Problem::required());
    } else if name.chars().count() > 200 {
        e.add("display_name", Problem::too_long(200));
    } else if let Err(m) = crate::text::check_text(&name, crate::text::Lines::One) {
        e.add("display_name", m);
    }
    if let Err(m) = check_password(password) {
        e.add("password", m);
    }
    match email {
        Some(email) if e.is_empty() => Ok((email, name)),
        _ => Err(e),
    }
}

/// Checks the name of an API token: 1–100 characters on one line.
pub fn check_token_name(name: &str) -> Result<String, Problem> {
    let name = name.trim();
    if name.is_empty() || name.chars().count() > 100 {
        return Err(Problem::new("token_name", "give the token a name of 1–100 characters, e.g. 'reporting script'"));
    }
    crate::text::check_text(name, crate::text::Lines::One)?;
    Ok(name.to_string())
}

/// The keys under which failed logins are counted: the account and the address.
pub fn login_keys(email: &str, addr: &str) -> [String; 2] {
    [format!("account:{}", email_key(email)), format!("address:{addr}")]
}

/// The limit for a counter key of [`login_keys`].
pub fn login_limit(key: &str) -> i64 {
    if key.starts_with("address:") {
        LOGIN_LIMIT_PER_ADDRESS
    } else {
        LOGIN_LIMIT
    }
}

/// Given the earlier failed attempts under one key (any order) and that key's
/// limit, how long until another attempt is allowed; `None` when it is allowed now.
/// An attempt is allowed again when fewer than `limit` failures remain in the window,
/// so the answer is the time until the failure that would make room leaves it.
pub fn login_retry_after(limit: i64, failures: &[DateTime<Utc>], now: DateTime<Utc>) -> Option<Duration> {
    let window = Duration::minutes(LOGIN_WINDOW_MINUTES);
    let mut recent: Vec<DateTime<Utc>> = failures.iter().copied().filter(|t| *t > now - window).collect();
    let n = i64::try_from(recent.len()).unwrap_or(i64::MAX);
    if n < limit {
        return None;
    }
    recent.sort();
    // The (n - limit + 1)-th oldest must leave the window for the count to drop below the limit.
    let idx = usize::try_from(n - limit).unwrap_or(0);
    let free_at = recent[idx] + window;
    (free_at > now).then(|| free_at - now)
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    #[test]
    fn emails_and_passwords() {
        assert_eq!(email_key("  Focal.Point@IOM.int "), "focal.point@iom.int");
        assert!(parse_email("a@b").is_err());
        assert!(parse_email("a b@c.org").is_err());
        assert!(parse_email("focal@iom.int").is_ok());
        assert!(check_password("short").is_err());
        assert!(check_password("correct horse battery").is_ok());
        assert!(parse_email("a\u{1b}b@example.org").is_err() && parse_email("a\0@example.org").is_err());
        assert!(validate_new_user("a@example.org", "Name\u{202E}", "long enough password").is_err());
        let e = validate_new_user("x", "", "pw").unwrap_err();
        assert_eq!(e.fields.len(), 3);
    }

    #[test]
    fn login_limit_window() {
        let now = Utc.with_ymd_and_hms(2007, 9, 1, 12, 0, 0).unwrap();
        let at = |m: i64| now - Duration::minutes(m);
        assert_eq!(login_retry_after(5, &[at(10), at(9), at(8), at(7)], now), None, "four failures");
        let five = [at(8), at(10), at(9), at(7), at(6)];
        assert_eq!(login_retry_after(5, &five, now), Some(Duration::minutes(5)), "free when the oldest leaves");
        let six = [at(12), at(10), at(9), at(8), at(7), at(6)];
        assert_eq!(login_retry_after(5, &six, now), Some(Duration::minutes(5)), "the oldest that makes room");
        assert_eq!(login_retry_after(5, &[at(16), at(17), at(18), at(19), at(20)], now), None, "out of the window");
        assert_eq!(login_limit("address:10.0.0.1"), LOGIN_LIMIT_PER_ADDRESS);
        assert_eq!(login_limit("account:a@b.org"), LOGIN_LIMIT);
    }
}
