//! People and their credentials: rules only (hashing and randomness live in the app).

use crate::error::ValidationErrors;
use crate::ids::{OrgId, TokenId, UserId};
use chrono::{DateTime, Duration, Utc};
use serde::Serialize;

/// Failed logins allowed per account and per address within [`LOGIN_WINDOW_MINUTES`].
pub const LOGIN_LIMIT: i64 = 5;
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
    pub lang: String,
    /// Whether two-factor sign-in (TOTP) is on.
    pub totp_enabled: bool,
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
pub fn parse_email(s: &str) -> Result<String, String> {
    let t = s.trim();
    let ok = t.len() <= 254
        && !t.contains(char::is_whitespace)
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
        Err(format!("'{s}' is not an e-mail address"))
    }
}

/// Password rules (NIST SP 800-63B): long enough, not absurdly long, any characters.
pub fn check_password(p: &str) -> Result<(), String> {
    let n = p.chars().count();
    if n < MIN_PASSWORD_CHARS {
        Err(format!("is too short: use at least {MIN_PASSWORD_CHARS} characters (a few words make a good one)"))
    } else if n > MAX_PASSWORD_CHARS {
        Err(format!("is longer than {MAX_PASSWORD_CHARS} characters"))
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
        e.add("display_name", "is required");
    } else if name.chars().count() > 200 || name.chars().any(char::is_control) {
        e.add("display_name", "must be at most 200 characters without control characters");
    }
    if let Err(m) = check_password(password) {
        e.add("password", m);
    }
    match email {
        Some(email) if e.is_empty() => Ok((email, name)),
        _ => Err(e),
    }
}

/// The keys under which failed logins are counted: the account and the address.
pub fn login_keys(email: &str, addr: &str) -> [String; 2] {
    [format!("account:{}", email_key(email)), format!("address:{addr}")]
}

/// Given the failed attempts under one key within the window (oldest first), how
/// long until another attempt is allowed; `None` when it is allowed now.
pub fn login_retry_after(recent: i64, oldest: Option<DateTime<Utc>>, now: DateTime<Utc>) -> Option<Duration> {
    if recent < LOGIN_LIMIT {
        return None;
    }
    let free_at = oldest? + Duration::minutes(LOGIN_WINDOW_MINUTES);
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
        let e = validate_new_user("x", "", "pw").unwrap_err();
        assert_eq!(e.fields.len(), 3);
    }

    #[test]
    fn login_limit_window() {
        let now = Utc.with_ymd_and_hms(2007, 9, 1, 12, 0, 0).unwrap();
        let oldest = now - Duration::minutes(10);
        assert_eq!(login_retry_after(4, Some(oldest), now), None);
        assert_eq!(login_retry_after(5, Some(oldest), now), Some(Duration::minutes(5)));
        assert_eq!(login_retry_after(5, Some(now - Duration::minutes(16)), now), None);
    }
}
