//! Passwords, session ids, API tokens and TOTP codes.
//!
//! Passwords are hashed with argon2id (PHC string format). Session ids and API tokens
//! are 256-bit random values; only their SHA-256 is stored, so a copy of the database
//! does not let anyone sign in. TOTP follows RFC 6238 (SHA-1, 6 digits, 30 s).

use argon2::password_hash::rand_core::OsRng;
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::Argon2;
use rand::RngCore;
use sha2::{Digest, Sha256};

/// Hashes a password with argon2id and a random salt.
pub fn hash_password(password: &str) -> anyhow::Result<String> {
    let salt = SaltString::generate(&mut OsRng);
    Argon2::default()
        .hash_password(password.as_bytes(), &salt)
        .map(|h| h.to_string())
        .map_err(|e| anyhow::anyhow!("cannot hash the password: {e}"))
}

/// Checks a password against a stored hash; a damaged hash never matches.
pub fn verify_password(password: &str, hash: &str) -> bool {
    PasswordHash::new(hash).is_ok_and(|h| Argon2::default().verify_password(password.as_bytes(), &h).is_ok())
}

/// A hash to verify against when the account does not exist, so that the answer
/// takes as long as for a real account.
pub fn dummy_hash() -> &'static str {
    static DUMMY: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    DUMMY.get_or_init(|| hash_password("no such account, but the same work").unwrap_or_default())
}

/// 256 random bits as 64 hex digits.
pub fn random_hex() -> String {
    let mut b = [0u8; 32];
    rand::rng().fill_bytes(&mut b);
    hex::encode(b)
}

/// The stored form of a session id or API token.
pub fn digest(secret: &str) -> String {
    hex::encode(Sha256::digest(secret.as_bytes()))
}

/// API tokens carry a prefix so that they are recognisable in configuration files
/// and secret scanners.
pub const TOKEN_PREFIX: &str = "jct_";

pub fn new_api_token() -> String {
    format!("{TOKEN_PREFIX}{}", random_hex())
}

/// Feed tokens: another prefix, so that an API route never mistakes one for an API
/// token (a feed token reads feeds and nothing else).
pub const FEED_TOKEN_PREFIX: &str = "jcf_";

pub fn new_feed_token() -> String {
    format!("{FEED_TOKEN_PREFIX}{}", random_hex())
}

/// The form of a feed token (the prefix and 64 hex digits): anything else is not
/// looked up.
pub fn looks_like_feed_token(s: &str) -> bool {
    s.strip_prefix(FEED_TOKEN_PREFIX).is_some_and(|h| h.len() == 64 && h.bytes().all(|b| b.is_ascii_hexdigit()))
}

/// A new TOTP secret (160 bits, base32 as authenticator apps expect).
pub fn new_totp_secret() -> String {
    let mut b = [0u8; 20];
    rand::rng().fill_bytes(&mut b);
    totp_rs::Secret::Raw(b.to_vec()).to_encoded().to_string()
}

fn totp(secret_b32: &str, account: &str) -> Option<totp_rs::TOTP> {
    let bytes = totp_rs::Secret::Encoded(secret_b32.to_string()).to_bytes().ok()?;
    totp_rs::TOTP::new(totp_rs::Algorithm::SHA1, 6, 1, 30, bytes, Some("jointcal".into()), account.to_string()).ok()
}

/// The `otpauth://` URI an authenticator app reads (as a QR code or pasted).
pub fn totp_uri(secret_b32: &str, account: &str) -> Option<String> {
    totp(secret_b32, account).map(|t| t.get_url())
}

/// The time step (unix time / 30) whose code is `code`, allowing one step of clock
/// drift either way; None when the code is wrong.
pub fn totp_step(secret_b32: &str, code: &str, unix_time: u64) -> Option<i64> {
    let t = totp(secret_b32, "check")?;
    let code = code.trim();
    let now_step = unix_time / 30;
    [now_step.saturating_sub(1), now_step, now_step + 1]
        .into_iter()
        .find(|s| t.generate(s * 30) == code)
        .and_then(|s| i64::try_from(s).ok())
}

/// The current code (for tests and the CLI's enable check).
pub fn totp_code(secret_b32: &str, unix_time: u64) -> Option<String> {
    totp(secret_b32, "check").map(|t| t.generate(unix_time))
}

/// Compares secrets in time that does not depend on where they differ.
pub fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn passwords_and_totp() {
        let h = hash_password("correct horse battery").unwrap();
        assert!(h.starts_with("$argon2id$"));
        assert!(verify_password("correct horse battery", &h));
        assert!(!verify_password("wrong horse battery", &h));
        assert!(!verify_password("x", "not a hash"));
        let s = new_totp_secret();
        let code = totp_code(&s, 1_000_000).unwrap();
        assert_eq!(totp_step(&s, &code, 1_000_000), Some(1_000_000 / 30));
        assert_eq!(totp_step(&s, &code, 1_000_000 + 30), Some(1_000_000 / 30), "one step of drift");
        assert_eq!(totp_step(&s, &code, 1_000_000 + 300), None);
        assert!(totp_uri(&s, "a@b.org").unwrap().starts_with("otpauth://totp/"));
        assert_ne!(random_hex(), random_hex());
        assert_eq!(digest("x").len(), 64);
    }
}
