//! Settings, from three layers where the later wins: an optional TOML file
//! (`--config FILE` or `JOINTCAL_CONFIG`), then `JOINTCAL_*` environment variables,
//! then command-line flags. Anything unset keeps its default.
//!
//! The database URL may carry a password: it can also come from a file
//! (`database_file`, `JOINTCAL_DATABASE_FILE`), as container secrets do, and it is
//! shown only through [`jointcal_db::redact_url`] (including by `Debug`).

use std::collections::BTreeMap;
use std::net::SocketAddr;
use std::path::{Path, PathBuf};

pub const DEFAULT_DATABASE: &str = "sqlite://jointcal.db";
pub const DEFAULT_BIND: &str = "127.0.0.1:8080";
pub const DEFAULT_PUBLIC_URL: &str = "http://127.0.0.1:8080";
pub const DEFAULT_MAX_BODY_BYTES: usize = 1024 * 1024;
/// The largest file an import by the API takes (the command line reads any size).
pub const DEFAULT_MAX_IMPORT_BYTES: usize = 64 * 1024 * 1024;
pub const DEFAULT_LOG: &str = "info,sqlx=warn";

/// The keys a configuration file may hold, with the environment variable of each.
const KEYS: [(&str, &str); 14] = [
    ("database", "JOINTCAL_DATABASE"),
    ("database_file", "JOINTCAL_DATABASE_FILE"),
    ("bind", "JOINTCAL_BIND"),
    ("public_url", "JOINTCAL_PUBLIC_URL"),
    ("max_body_bytes", "JOINTCAL_MAX_BODY_BYTES"),
    ("max_import_bytes", "JOINTCAL_MAX_IMPORT_BYTES"),
    ("trust_forwarded_for", "JOINTCAL_TRUST_FORWARDED_FOR"),
    ("demo", "JOINTCAL_DEMO"),
    ("log", "JOINTCAL_LOG"),
    ("smtp_url", "JOINTCAL_SMTP_URL"),
    ("smtp_user", "JOINTCAL_SMTP_USER"),
    ("smtp_password_file", "JOINTCAL_SMTP_PASSWORD_FILE"),
    ("mail_from", "JOINTCAL_MAIL_FROM"),
    // Read only from the environment or `--config`; listed for its variable.
    ("config", "JOINTCAL_CONFIG"),
];

/// What `jointcal config example` prints: every setting of a configuration file,
/// commented out at its default, with what it does (a test checks every key is here,
/// that the file as printed gives the defaults, and that each value shown is valid).
pub const EXAMPLE: &str = r##"# jointcal settings (TOML). Save as e.g. /etc/jointcal/jointcal.toml and run
#   jointcal --config /etc/jointcal/jointcal.toml serve
# or set JOINTCAL_CONFIG to its path. Each setting can also come from the
# environment variable named above it, which overrides the file; a command-line
# flag overrides both. `jointcal config check` shows what is in effect and why.
# Every line below is commented out at its default: remove the "# " to change one.

# Where the data lives: sqlite://FILE (created if missing; the embedded default)
# or postgres://USER[:PASSWORD]@HOST[:PORT]/DATABASE. JOINTCAL_DATABASE, --database.
# database = "sqlite://jointcal.db"

# Or: a file that holds the database URL (e.g. a container secret), so the
# password is not in this file. Set database or database_file, not both.
# JOINTCAL_DATABASE_FILE.
# database_file = "/run/secrets/jointcal-db-url"

# The address and port the web server listens on. Behind a reverse proxy on the
# same machine keep 127.0.0.1. JOINTCAL_BIND, --bind.
# bind = "127.0.0.1:8080"

# The address people open: used in links of mails, feeds and invitations.
# Default: the bind address over http. JOINTCAL_PUBLIC_URL, --public-url.
# public_url = "https://calendar.example.org"

# The largest request body the API and the forms take, in bytes (at least 1024).
# JOINTCAL_MAX_BODY_BYTES, --max-body-bytes.
# max_body_bytes = 1048576

# The largest file an import through the API or the page takes, in bytes (the
# command line reads any size). Larger uploads get 413. JOINTCAL_MAX_IMPORT_BYTES.
# max_import_bytes = 67108864

# Take the client's address from X-Forwarded-For (for the sign-in limit and the
# logs). Only behind a reverse proxy that sets it; otherwise anyone can forge it.
# JOINTCAL_TRUST_FORWARDED_FOR, --trust-forwarded-for.
# trust_forwarded_for = false

# Load the demo group (the 2007 Kazakhstan donor meeting) at start if it is not
# there. JOINTCAL_DEMO, --demo.
# demo = false

# What the server logs: a level (error, warn, info, debug) or per-module filters.
# JOINTCAL_LOG, --log.
# log = "info,sqlx=warn"

# Mail (bulletins, invitations, reminders, password resets). Without smtp_url no
# mail leaves: messages wait in the outbox (`jointcal mail outbox`).
#   smtps://HOST[:465]                   TLS from the first byte
#   smtp://HOST[:587]?tls=required       STARTTLS, refusing a server without it
#   smtp://HOST[:25]?tls=opportunistic   STARTTLS when offered
#   smtp://HOST:PORT                     no encryption (a relay on this machine)
# JOINTCAL_SMTP_URL.
# smtp_url = "smtp://mail.example.org:587?tls=required"

# The account on the mail server, if it asks for one. JOINTCAL_SMTP_USER.
# smtp_user = "calendar@example.org"

# A file that holds the mail password (or set JOINTCAL_SMTP_PASSWORD; never in
# this file). JOINTCAL_SMTP_PASSWORD_FILE.
# smtp_password_file = "/run/secrets/jointcal-smtp-password"

# The sender of every message; needed with smtp_url. JOINTCAL_MAIL_FROM.
# mail_from = "Joint Activity Calendar <calendar@example.org>"
"##;

/// A configuration that cannot be used; the message names the setting and where it came from.
#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    #[error("cannot read the configuration file {path}: {reason}")]
    Read { path: String, reason: String },
    #[error("the configuration file {path} is not valid TOML: {reason}")]
    Syntax { path: String, reason: String },
    #[error("the configuration file {path} has an unknown setting '{key}'; known settings: {known}")]
    UnknownKey { path: String, key: String, known: String },
    #[error("{origin}: {message}")]
    Value { origin: String, message: String },
}

/// Command-line values; `None` when the flag was not given.
#[derive(Debug, Clone, Default)]
pub struct Overrides {
    pub config: Option<PathBuf>,
    pub database: Option<String>,
    pub bind: Option<String>,
    pub public_url: Option<String>,
    pub max_body_bytes: Option<usize>,
    /// `Some(true)` when the flag was given (a flag cannot turn a setting off).
    pub trust_forwarded_for: Option<bool>,
    pub demo: Option<bool>,
    pub log: Option<String>,
}

/// Where a setting's value came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Origin {
    Default,
    File(String),
    Env(&'static str),
    Flag(&'static str),
}

impl std::fmt::Display for Origin {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Origin::Default => f.write_str("default"),
            Origin::File(p) => write!(f, "file {p}"),
            Origin::Env(v) => write!(f, "environment {v}"),
            Origin::Flag(n) => write!(f, "flag {n}"),
        }
    }
}

/// The effective settings.
#[derive(Clone)]
pub struct Config {
    /// The configuration file read, if any.
    pub file: Option<PathBuf>,
    /// Secret: show it only through [`Config::database_shown`].
    pub database: String,
    pub bind: SocketAddr,
    pub public_url: String,
    pub max_body_bytes: usize,
    /// The largest file an import through the API takes (413 above).
    pub max_import_bytes: usize,
    pub trust_forwarded_for: bool,
    pub demo: bool,
    pub log: String,
    /// How mail leaves (None: no mail is sent; messages wait in the outbox).
    pub mail: Option<crate::mail::MailSettings>,
    /// Where each setting came from, by key.
    pub origins: BTreeMap<&'static str, Origin>,
}

impl std::fmt::Debug for Config {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Config")
            .field("file", &self.file)
            .field("database", &self.database_shown())
            .field("bind", &self.bind)
            .field("public_url", &self.public_url)
            .field("max_body_bytes", &self.max_body_bytes)
            .field("max_import_bytes", &self.max_import_bytes)
            .field("trust_forwarded_for", &self.trust_forwarded_for)
            .field("demo", &self.demo)
            .field("log", &self.log)
            .field("mail", &self.mail)
            .finish()
    }
}

/// One layer's raw values, before they are checked.
#[derive(Debug, Default)]
struct Layer {
    values: BTreeMap<&'static str, (String, Origin)>,
}

impl Config {
    /// The database URL without its password.
    pub fn database_shown(&self) -> String {
        jointcal_db::redact_url(&self.database)
    }

    /// Builds the settings from the file (if any), the environment as read by `env`,
    /// and the flags.
    pub fn load(env: &dyn Fn(&str) -> Option<String>, flags: &Overrides) -> Result<Config, ConfigError> {
        let env = |k: &str| env(k).filter(|v| !v.is_empty());
        // The mail password: from the environment (never a file setting or a flag)
        // or from the file named by smtp_password_file.
        let smtp_password = env("JOINTCAL_SMTP_PASSWORD");
        let file = flags.config.clone().or_else(|| env("JOINTCAL_CONFIG").map(PathBuf::from));
        let mut raw = match &file {
            Some(p) => read_file(p)?,
            None => Layer::default(),
        };
        // The environment: a database URL given directly or by file replaces both file keys.
        let db_env = ("JOINTCAL_DATABASE", env("JOINTCAL_DATABASE"));
        let db_file_env = ("JOINTCAL_DATABASE_FILE", env("JOINTCAL_DATABASE_FILE"));
        if let (Some(_), Some(_)) = (&db_env.1, &db_file_env.1) {
            return Err(ConfigError::Value {
                origin: "environment".into(),
                message: "set JOINTCAL_DATABASE or JOINTCAL_DATABASE_FILE, not both".into(),
            });
        }
        for (var, value) in [db_env, db_file_env] {
            if let Some(v) = value {
                raw.values.remove("database");
                raw.values.remove("database_file");
                let key = if var == "JOINTCAL_DATABASE" { "database" } else { "database_file" };
                raw.values.insert(key, (v, Origin::Env(var)));
            }
        }
        for (key, var) in KEYS {
            if matches!(key, "database" | "database_file" | "config") {
                continue;
            }
            if let Some(v) = env(var) {
                raw.values.insert(key, (v, Origin::Env(var)));
            }
        }
        // The flags.
        let flag = |v: Option<String>, name: &'static str| v.map(|v| (v, Origin::Flag(name)));
        let flagged = [
            ("database", flag(flags.database.clone(), "--database")),
            ("bind", flag(flags.bind.clone(), "--bind")),
            ("public_url", flag(flags.public_url.clone(), "--public-url")),
            ("max_body_bytes", flag(flags.max_body_bytes.map(|n| n.to_string()), "--max-body-bytes")),
            ("trust_forwarded_for", flag(flags.trust_forwarded_for.map(|b| b.to_string()), "--trust-forwarded-for")),
            ("demo", flag(flags.demo.map(|b| b.to_string()), "--demo")),
            ("log", flag(flags.log.clone(), "--log")),
        ];
        for (key, v) in flagged {
            if let Some(v) = v {
                if key == "database" {
                    raw.values.remove("database_file");
                }
                raw.values.insert(key, v);
            }
        }
        Config::check(file, raw, smtp_password)
    }

    /// Turns raw values into settings; a bad value names its key and origin.
    fn check(file: Option<PathBuf>, mut raw: Layer, smtp_password: Option<String>) -> Result<Config, ConfigError> {
        let mut origins = BTreeMap::new();
        let mut take = |key: &'static str, default: &str| -> (String, Origin) {
            let (v, o) = raw.values.remove(key).unwrap_or_else(|| (default.to_string(), Origin::Default));
            if key != "database_file" {
                origins.insert(key, o.clone());
            }
            (v, o)
        };
        let bad = |key: &str, o: &Origin, message: String| ConfigError::Value { origin: named(key, o), message };

        let (database, database_origin) = match take("database_file", "") {
            (path, o) if o != Origin::Default => {
                let url = std::fs::read_to_string(&path)
                    .map_err(|e| bad("database_file", &o, format!("cannot read {path}: {}", io_reason(&e))))?;
                let url = url.trim().to_string();
                if url.is_empty() {
                    return Err(bad("database_file", &o, format!("{path} is empty; it should hold the database URL")));
                }
                (url, o)
            }
            _ => take("database", DEFAULT_DATABASE),
        };
        jointcal_db::Backend::of_url(&database).map_err(|e| bad("database", &database_origin, e.to_string()))?;

        let (bind_s, o) = take("bind", DEFAULT_BIND);
        let bind: SocketAddr = bind_s.trim().parse().map_err(|_| {
            bad("bind", &o, format!("'{bind_s}' is not an address to listen on; use HOST:PORT, e.g. {DEFAULT_BIND}"))
        })?;

        let (public_url, o) = take("public_url", DEFAULT_PUBLIC_URL);
        let public_url = public_url.trim().trim_end_matches('/').to_string();
        let host = ["https://", "http://"].iter().find_map(|scheme| {
            public_url
                .get(..scheme.len())
                .filter(|p| p.eq_ignore_ascii_case(scheme))
                .map(|_| &public_url[scheme.len()..])
        });
        if host.is_none_or(|h| h.is_empty() || h.contains(char::is_whitespace)) {
            return Err(bad(
                "public_url",
                &o,
                format!("'{public_url}' is not a URL people can open; use http://HOST or https://HOST"),
            ));
        }

        let (n, o) = take("max_body_bytes", &DEFAULT_MAX_BODY_BYTES.to_string());
        let max_body_bytes = n
            .trim()
            .parse::<usize>()
            .ok()
            .filter(|n| *n >= 1024)
            .ok_or_else(|| bad("max_body_bytes", &o, format!("'{n}' is not a number of bytes of at least 1024")))?;

        let (n, o) = take("max_import_bytes", &DEFAULT_MAX_IMPORT_BYTES.to_string());
        let max_import_bytes =
            n.trim().parse::<usize>().ok().filter(|n| *n >= 1024).ok_or_else(|| {
                bad("max_import_bytes", &o, format!("'{n}' is not a number of bytes of at least 1024"))
            })?;

        let (b, o) = take("trust_forwarded_for", "false");
        let trust_forwarded_for = parse_bool(&b).ok_or_else(|| bad("trust_forwarded_for", &o, not_bool(&b)))?;
        let (b, o) = take("demo", "false");
        let demo = parse_bool(&b).ok_or_else(|| bad("demo", &o, not_bool(&b)))?;

        let (log, o) = take("log", DEFAULT_LOG);
        tracing_subscriber::EnvFilter::try_new(&log)
            .map_err(|e| bad("log", &o, format!("'{log}' is not a log filter ({e}); e.g. info or debug,sqlx=warn")))?;

        let mail = mail_settings(&mut take, smtp_password).map_err(|(key, o, m)| bad(key, &o, m))?;

        origins.insert("database", database_origin);
        Ok(Config {
            file,
            database,
            bind,
            public_url,
            max_body_bytes,
            max_import_bytes,
            trust_forwarded_for,
            demo,
            log,
            mail,
            origins,
        })
    }

    /// The settings as `key value (origin)` lines, the database URL redacted.
    pub fn describe(&self) -> Vec<String> {
        let origin = |k: &str| self.origins.get(k).map_or_else(|| "default".to_string(), ToString::to_string);
        let file = self.file.as_ref().map_or_else(|| "none".to_string(), |p| p.display().to_string());
        [
            ("config file", file, String::new()),
            ("database", self.database_shown(), origin("database")),
            ("bind", self.bind.to_string(), origin("bind")),
            match self.origins.get("public_url") {
                None | Some(Origin::Default) => {
                    ("public_url", format!("http://{}", self.bind), "default: the address it listens on".to_string())
                }
                Some(_) => ("public_url", self.public_url.clone(), origin("public_url")),
            },
            ("max_body_bytes", self.max_body_bytes.to_string(), origin("max_body_bytes")),
            ("max_import_bytes", self.max_import_bytes.to_string(), origin("max_import_bytes")),
            ("trust_forwarded_for", self.trust_forwarded_for.to_string(), origin("trust_forwarded_for")),
            ("demo", self.demo.to_string(), origin("demo")),
            ("log", self.log.clone(), origin("log")),
            match &self.mail {
                None => {
                    ("mail", "none: messages wait in the outbox (set smtp_url and mail_from)".into(), String::new())
                }
                Some(m) => ("mail", m.describe(), origin("smtp_url")),
            },
        ]
        .into_iter()
        .map(|(k, v, o)| if o.is_empty() { format!("{k:<20} {v}") } else { format!("{k:<20} {v:<40} ({o})") })
        .collect()
    }
}

/// The mail settings: none without `smtp_url`; with it, `mail_from` is needed. A bad
/// value comes back as (key, origin, message).
fn mail_settings(
    take: &mut impl FnMut(&'static str, &str) -> (String, Origin),
    password_env: Option<String>,
) -> Result<Option<crate::mail::MailSettings>, (&'static str, Origin, String)> {
    let (url, url_origin) = take("smtp_url", "");
    let (user, _) = take("smtp_user", "");
    let (password_file, pf_origin) = take("smtp_password_file", "");
    let (from, from_origin) = take("mail_from", "");
    if url.trim().is_empty() {
        return Ok(None);
    }
    let password = match (password_env, password_file.trim()) {
        (Some(_), f) if !f.is_empty() => {
            let m = "set JOINTCAL_SMTP_PASSWORD or smtp_password_file, not both".to_string();
            return Err(("smtp_password_file", pf_origin, m));
        }
        (Some(p), _) => Some(p),
        (None, "") => None,
        (None, path) => {
            let p = std::fs::read_to_string(path).map_err(|e| {
                ("smtp_password_file", pf_origin.clone(), format!("cannot read {path}: {}", io_reason(&e)))
            })?;
            Some(p.trim_end_matches(['\r', '\n']).to_string())
        }
    };
    if from.trim().is_empty() {
        let m = "mail needs a sender: set mail_from, e.g. \"Joint Activity Calendar <calendar@example.org>\"".into();
        return Err(("mail_from", from_origin, m));
    }
    let user = Some(user.trim().to_string()).filter(|u| !u.is_empty());
    let settings = crate::mail::MailSettings::new(url.trim(), user, password, from.trim()).map_err(|e| {
        let (key, o) = match e {
            crate::mail::MailSettingsError::From(..) => ("mail_from", from_origin.clone()),
            _ => ("smtp_url", url_origin.clone()),
        };
        (key, o, e.to_string())
    })?;
    Ok(Some(settings))
}

/// `bind (from JOINTCAL_BIND)`-style names for messages.
fn named(key: &str, o: &Origin) -> String {
    match o {
        Origin::Default => format!("the default {key}"),
        Origin::File(p) => format!("{key} in {p}"),
        Origin::Env(v) => (*v).to_string(),
        Origin::Flag(n) => (*n).to_string(),
    }
}

fn parse_bool(s: &str) -> Option<bool> {
    match s.trim().to_ascii_lowercase().as_str() {
        "true" | "1" | "yes" | "on" => Some(true),
        "false" | "0" | "no" | "off" => Some(false),
        _ => None,
    }
}

fn not_bool(s: &str) -> String {
    format!("'{s}' is not true or false")
}

fn io_reason(e: &std::io::Error) -> String {
    match e.kind() {
        std::io::ErrorKind::NotFound => "no such file".into(),
        std::io::ErrorKind::PermissionDenied => "permission denied".into(),
        _ => e.to_string(),
    }
}

/// Reads a TOML file of settings: every key known, every value of its type.
fn read_file(path: &Path) -> Result<Layer, ConfigError> {
    let shown = path.display().to_string();
    let text =
        std::fs::read_to_string(path).map_err(|e| ConfigError::Read { path: shown.clone(), reason: io_reason(&e) })?;
    let table: toml::Table = toml::from_str(&text).map_err(|e| {
        let line = e.span().map(|s| text[..s.start.min(text.len())].lines().count().max(1));
        let reason = e.message().trim().to_string();
        ConfigError::Syntax {
            path: shown.clone(),
            reason: match line {
                Some(l) => format!("line {l}: {reason}"),
                None => reason,
            },
        }
    })?;
    let mut layer = Layer::default();
    for (key, value) in table {
        let Some((known, _)) = KEYS.iter().find(|(k, _)| *k == key && *k != "config") else {
            let known = KEYS.iter().filter(|(k, _)| *k != "config").map(|(k, _)| *k).collect::<Vec<_>>().join(", ");
            return Err(ConfigError::UnknownKey { path: shown, key, known });
        };
        let origin = Origin::File(shown.clone());
        let text = match (*known, value) {
            ("max_body_bytes" | "max_import_bytes", toml::Value::Integer(n)) => n.to_string(),
            ("trust_forwarded_for" | "demo", toml::Value::Boolean(b)) => b.to_string(),
            ("max_body_bytes" | "max_import_bytes" | "trust_forwarded_for" | "demo", v) => {
                let want = if known.starts_with("max_") { "a whole number" } else { "true or false" };
                return Err(ConfigError::Value {
                    origin: format!("{known} in {shown}"),
                    message: format!("{} is not {want}", v.type_str()),
                });
            }
            (_, toml::Value::String(s)) => s,
            (_, v) => {
                return Err(ConfigError::Value {
                    origin: format!("{known} in {shown}"),
                    message: format!("{} is not a string; put the value in quotes", v.type_str()),
                })
            }
        };
        layer.values.insert(known, (text, origin));
    }
    if layer.values.contains_key("database") && layer.values.contains_key("database_file") {
        return Err(ConfigError::Value { origin: shown, message: "set database or database_file, not both".into() });
    }
    Ok(layer)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn env_of(pairs: &[(&str, &str)]) -> impl Fn(&str) -> Option<String> {
        let m: BTreeMap<String, String> = pairs.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect();
        move |k| m.get(k).cloned()
    }

    fn file(text: &str) -> (tempfile::TempDir, PathBuf) {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("jointcal.toml");
        std::fs::write(&p, text).unwrap();
        (dir, p)
    }

    /// The example names every setting, gives the defaults as printed, and each value
    /// it shows is accepted.
    #[test]
    fn the_example_names_every_setting_and_its_values_are_valid() {
        for (key, var) in KEYS.iter().filter(|(k, _)| *k != "config") {
            assert!(EXAMPLE.contains(&format!("\n# {key} = ")), "{key} is in the example");
            assert!(EXAMPLE.contains(var), "{var} is named in the example");
        }
        let (_d, p) = file(EXAMPLE);
        let flags = Overrides { config: Some(p), ..Default::default() };
        let c = Config::load(&env_of(&[]), &flags).unwrap();
        assert_eq!(c.database, DEFAULT_DATABASE);
        assert_eq!(c.bind.to_string(), DEFAULT_BIND);
        assert_eq!((c.max_body_bytes, c.max_import_bytes), (DEFAULT_MAX_BODY_BYTES, DEFAULT_MAX_IMPORT_BYTES));
        assert_eq!(c.log, DEFAULT_LOG);
        assert!(c.mail.is_none() && !c.demo && !c.trust_forwarded_for);
        // Every value shown, uncommented (the two that name files of secrets aside).
        let dir = tempfile::tempdir().unwrap();
        let secret = dir.path().join("smtp-password");
        std::fs::write(&secret, "pw\n").unwrap();
        let text: String = EXAMPLE
            .lines()
            .filter_map(|l| l.strip_prefix("# ").filter(|l| l.contains(" = ")))
            .filter(|l| !l.starts_with("database_file"))
            .map(|l| match l.strip_prefix("smtp_password_file") {
                Some(_) => format!("smtp_password_file = {:?}\n", secret.display().to_string()),
                None => format!("{l}\n"),
            })
            .collect();
        assert_eq!(text.lines().count(), KEYS.len() - 2, "{text}");
        let (_d, p) = file(&text);
        let flags = Overrides { config: Some(p), ..Default::default() };
        let c = Config::load(&env_of(&[]), &flags).unwrap();
        assert_eq!(c.public_url, "https://calendar.example.org");
        assert!(c.mail.is_some());
    }

    #[test]
    fn defaults_without_file_env_or_flags() {
        let c = Config::load(&env_of(&[]), &Overrides::default()).unwrap();
        assert_eq!(c.database, DEFAULT_DATABASE);
        assert_eq!(c.bind.to_string(), DEFAULT_BIND);
        assert_eq!(c.max_body_bytes, DEFAULT_MAX_BODY_BYTES);
        assert!(!c.demo && !c.trust_forwarded_for);
        assert_eq!(c.origins["bind"], Origin::Default);
    }

    #[test]
    fn layers_file_then_env_then_flags() {
        let (_d, p) = file("bind = \"127.0.0.1:1\"\npublic_url = \"https://cal.example.org\"\ndemo = true\n");
        let flags = Overrides { config: Some(p.clone()), ..Default::default() };
        let c = Config::load(&env_of(&[]), &flags).unwrap();
        assert_eq!(c.bind.port(), 1);
        assert!(c.demo);
        let c = Config::load(&env_of(&[("JOINTCAL_BIND", "127.0.0.1:2")]), &flags).unwrap();
        assert_eq!(c.bind.port(), 2);
        assert_eq!(c.public_url, "https://cal.example.org");
        let flags = Overrides { bind: Some("127.0.0.1:3".into()), ..flags };
        let c = Config::load(&env_of(&[("JOINTCAL_BIND", "127.0.0.1:2")]), &flags).unwrap();
        assert_eq!(c.bind.port(), 3);
        assert_eq!(c.origins["bind"], Origin::Flag("--bind"));
    }

    #[test]
    fn the_database_from_a_secret_file_is_never_shown() {
        let dir = tempfile::tempdir().unwrap();
        let secret = dir.path().join("db-url");
        std::fs::write(&secret, "postgres://u:hunter2@db.example.org/jc\n").unwrap();
        let env = env_of(&[("JOINTCAL_DATABASE_FILE", secret.to_str().unwrap())]);
        let c = Config::load(&env, &Overrides::default()).unwrap();
        assert_eq!(c.database, "postgres://u:hunter2@db.example.org/jc");
        assert!(!format!("{c:?}").contains("hunter2"));
        assert!(!c.describe().join("\n").contains("hunter2"));
        // A flag replaces the file.
        let flags = Overrides { database: Some("sqlite://x.db".into()), ..Default::default() };
        assert_eq!(Config::load(&env, &flags).unwrap().database, "sqlite://x.db");
    }

    #[test]
    fn bad_values_and_keys_are_named() {
        let (_d, p) = file("bind = \"x\"\n");
        let flags = Overrides { config: Some(p), ..Default::default() };
        let e = Config::load(&env_of(&[]), &flags).unwrap_err().to_string();
        assert!(e.starts_with("bind in ") && e.contains("is not an address"), "{e}");
        let (_d, p) = file("max_body_bytes = \"big\"\n");
        let e = Config::load(&env_of(&[]), &Overrides { config: Some(p), ..Default::default() }).unwrap_err();
        assert!(e.to_string().contains("max_body_bytes in"), "{e}");
        let (_d, p) = file("[mail]\nhost = \"x\"\n");
        let e = Config::load(&env_of(&[]), &Overrides { config: Some(p), ..Default::default() }).unwrap_err();
        assert!(e.to_string().contains("unknown setting 'mail'"), "{e}");
        let e = Config::load(&env_of(&[("JOINTCAL_DEMO", "maybe")]), &Overrides::default()).unwrap_err();
        assert_eq!(e.to_string(), "JOINTCAL_DEMO: 'maybe' is not true or false");
        let (_d, p) = file("bind = \n");
        let e = Config::load(&env_of(&[]), &Overrides { config: Some(p), ..Default::default() }).unwrap_err();
        assert!(e.to_string().contains("line 1"), "{e}");
        let e = Config::load(&env_of(&[("JOINTCAL_DATABASE", "postgres://u:pw@h:1/x?x")]), &Overrides::default())
            .map(|c| c.database_shown())
            .unwrap();
        assert!(!e.contains(":pw@"));
    }

    #[test]
    fn mail_settings_need_a_sender_and_keep_the_password_out_of_sight() {
        let none = Config::load(&env_of(&[]), &Overrides::default()).unwrap();
        assert!(none.mail.is_none());
        assert!(none.describe().iter().any(|l| l.contains("messages wait in the outbox")));

        let url = ("JOINTCAL_SMTP_URL", "smtp://mail.example.org:587?tls=required");
        let e = Config::load(&env_of(&[url]), &Overrides::default()).unwrap_err();
        assert!(e.to_string().contains("mail_from"), "{e}");

        let dir = tempfile::tempdir().unwrap();
        let secret = dir.path().join("smtp-password");
        std::fs::write(&secret, "hunter2\n").unwrap();
        let env = env_of(&[
            url,
            ("JOINTCAL_SMTP_USER", "calendar@example.org"),
            ("JOINTCAL_SMTP_PASSWORD_FILE", secret.to_str().unwrap()),
            ("JOINTCAL_MAIL_FROM", "Joint Activity Calendar <calendar@example.org>"),
        ]);
        let c = Config::load(&env, &Overrides::default()).unwrap();
        assert!(c.mail.is_some());
        let shown = format!("{c:?} {}", c.describe().join("\n"));
        assert!(!shown.contains("hunter2") && shown.contains("calendar@example.org"), "{shown}");

        let both = env_of(&[
            url,
            ("JOINTCAL_SMTP_PASSWORD", "x"),
            ("JOINTCAL_SMTP_PASSWORD_FILE", secret.to_str().unwrap()),
            ("JOINTCAL_MAIL_FROM", "calendar@example.org"),
        ]);
        let e = Config::load(&both, &Overrides::default()).unwrap_err();
        assert!(e.to_string().contains("not both"), "{e}");
        let bad = env_of(&[("JOINTCAL_SMTP_URL", "http://mail.example.org"), ("JOINTCAL_MAIL_FROM", "c@example.org")]);
        let e = Config::load(&bad, &Overrides::default()).unwrap_err();
        assert!(e.to_string().contains("JOINTCAL_SMTP_URL") && e.to_string().contains("smtp://"), "{e}");
    }
}
