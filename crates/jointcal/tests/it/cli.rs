//! The command line: help, one-sentence errors, non-zero exits, and the happy path.

use std::process::{Command, Output};

fn jointcal(dir: &std::path::Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_jointcal"))
        .args(args)
        .current_dir(dir)
        .env_remove("JOINTCAL_DATABASE")
        .env("JOINTCAL_LOG", "error")
        .output()
        .expect("run jointcal")
}

fn text(o: &Output) -> (String, String) {
    (String::from_utf8_lossy(&o.stdout).into_owned(), String::from_utf8_lossy(&o.stderr).into_owned())
}

/// Fails unless the command failed with exactly one `error:` line containing `needle`.
fn assert_one_sentence_error(o: &Output, needle: &str) {
    let (_, err) = text(o);
    assert!(!o.status.success(), "should fail: {err}");
    assert_eq!(o.status.code(), Some(1), "{err}");
    let lines: Vec<&str> = err.lines().filter(|l| !l.trim().is_empty()).collect();
    assert_eq!(lines.len(), 1, "one line expected, got: {err}");
    assert!(lines[0].starts_with("error: "), "{err}");
    assert!(err.contains(needle), "expected '{needle}' in: {err}");
    assert!(!err.contains("panicked") && !err.contains("backtrace") && !err.contains("Caused by"), "{err}");
}

#[test]
fn every_command_has_help() {
    let dir = tempfile::tempdir().unwrap();
    let paths = jointcal::cli::command_paths();
    assert!(paths.len() >= 20, "{paths:?}");
    for path in std::iter::once(Vec::new()).chain(paths) {
        let mut args: Vec<&str> = path.iter().map(String::as_str).collect();
        args.push("--help");
        let o = jointcal(dir.path(), &args);
        assert!(o.status.success(), "{args:?}");
        let out = text(&o).0;
        assert!(out.contains("Usage:"), "{args:?}");
        // Every command says what it does.
        assert!(out.lines().next().is_some_and(|l| !l.trim().is_empty() && !l.starts_with("Usage")), "{args:?}: {out}");
    }
}

#[test]
fn the_database_can_come_from_the_environment() {
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}", dir.path().join("from-env.db").display());
    let o = Command::new(env!("CARGO_BIN_EXE_jointcal"))
        .args(["migrate"])
        .current_dir(dir.path())
        .env("JOINTCAL_DATABASE", &url)
        .env("JOINTCAL_LOG", "error")
        .output()
        .unwrap();
    assert!(o.status.success(), "{:?}", text(&o));
    assert!(dir.path().join("from-env.db").exists());
    assert!(!dir.path().join("jointcal.db").exists());
}

#[test]
fn default_database_is_a_sqlite_file_in_the_working_directory() {
    let dir = tempfile::tempdir().unwrap();
    let o = jointcal(dir.path(), &["migrate"]);
    assert!(o.status.success(), "{:?}", text(&o));
    assert!(dir.path().join("jointcal.db").exists());
}

#[test]
fn happy_path_from_the_terminal() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    assert!(jointcal(d, &["demo"]).status.success());
    let o = jointcal(d, &["activity", "list", "--group", "kz-tip", "--from", "2007-09-01", "--to", "2007-09-30"]);
    let (out, err) = text(&o);
    assert!(o.status.success(), "{err}");
    assert!(out.contains("Fraudulent document training for Border Guards"), "{out}");
    assert!(!out.contains("2007-04-24"), "the April meeting is not in September: {out}");
    let o = jointcal(
        d,
        &[
            "group",
            "add",
            "--slug",
            "kg-tip",
            "--name",
            "Kyrgyzstan TIP",
            "--country",
            "KG",
            "--timezone",
            "Asia/Bishkek",
        ],
    );
    assert!(o.status.success(), "{:?}", text(&o));
    let o = jointcal(
        d,
        &["org", "add", "--acronym", "ILO", "--name", "International Labour Organization", "--kind", "un_agency"],
    );
    assert!(o.status.success(), "{:?}", text(&o));
    let (out, _) = text(&jointcal(d, &["group", "list"]));
    assert!(out.contains("kg-tip") && out.contains("kz-tip"), "{out}");
    let o =
        jointcal(d, &["activity", "list", "--group", "kz-tip", "--json", "--from", "2007-04-24", "--to", "2007-04-24"]);
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).expect("JSON output");
    assert!(v.as_array().is_some_and(|a| !a.is_empty()));
}

#[test]
fn errors_are_one_clear_sentence() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    assert_one_sentence_error(&jointcal(d, &["activity", "list", "--group", "nope"]), "group 'nope' not found");
    assert_one_sentence_error(&jointcal(d, &["--database", "mysql://x", "migrate"]), "is not a database URL");
    assert_one_sentence_error(&jointcal(d, &["--database", "sqlite:///no/such/dir/x.db", "migrate"]), "cannot open");
    assert_one_sentence_error(
        &jointcal(d, &["--database", "postgres://nobody@127.0.0.1:1/x", "migrate"]),
        "cannot reach postgres://nobody@127.0.0.1:1/x",
    );
    assert_one_sentence_error(
        &jointcal(d, &["--database", "postgres://u:secret@127.0.0.1:1/x", "migrate"]),
        "postgres://u:***@127.0.0.1:1/x",
    );
    assert!(!text(&jointcal(d, &["--database", "postgres://u:secret@127.0.0.1:1/x", "migrate"])).1.contains("secret"));
    assert!(jointcal(d, &["demo"]).status.success());
    assert_one_sentence_error(
        &jointcal(d, &["activity", "list", "--group", "kz-tip", "--from", "2007-02-30"]),
        "--from '2007-02-30' is not a date",
    );
    assert_one_sentence_error(
        &jointcal(d, &["activity", "list", "--group", "kz-tip", "--from", "2007-09-30", "--to", "2007-09-01"]),
        "is before --from",
    );
    assert_one_sentence_error(
        &jointcal(d, &["group", "add", "--slug", "x y", "--name", "X", "--country", "KZ", "--timezone", "Mars/Base"]),
        "timezone: 'Mars/Base' is not an IANA time zone",
    );
    assert_one_sentence_error(
        &jointcal(d, &["org", "add", "--acronym", "IOM", "--name", "Again", "--kind", "ngo"]),
        "an organization with this acronym already exists",
    );
    assert_one_sentence_error(
        &jointcal(d, &["org", "add", "--acronym", "X", "--name", "X", "--kind", "club"]),
        "unknown organization kind code 'club'",
    );
    // An unreadable database file.
    let bad = d.join("garbage.db");
    std::fs::write(&bad, b"this is not a database, just text that is long enough to have a header page").unwrap();
    let url = format!("sqlite://{}", bad.display());
    let o = jointcal(d, &["--database", &url, "migrate"]);
    assert_one_sentence_error(&o, "garbage.db");
    // A port in use.
    let taken = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = taken.local_addr().unwrap().to_string();
    assert_one_sentence_error(&jointcal(d, &["serve", "--bind", &addr]), "the port is in use");
    assert_one_sentence_error(&jointcal(d, &["serve", "--bind", "localhost"]), "is not an address to listen on");
}

fn jointcal_stdin(dir: &std::path::Path, args: &[&str], input: &str) -> Output {
    use std::io::Write;
    let mut child = Command::new(env!("CARGO_BIN_EXE_jointcal"))
        .args(args)
        .current_dir(dir)
        .env_remove("JOINTCAL_DATABASE")
        .env("JOINTCAL_LOG", "error")
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("run jointcal");
    child.stdin.take().unwrap().write_all(input.as_bytes()).unwrap();
    child.wait_with_output().unwrap()
}

#[test]
fn accounts_from_the_terminal() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    assert!(jointcal(d, &["demo"]).status.success());
    let add =
        ["user", "add", "--email", "iom@example.org", "--name", "IOM focal point", "--org", "IOM", "--password-stdin"];
    let o = jointcal_stdin(d, &add, "a long enough passphrase\n");
    assert!(o.status.success(), "{:?}", text(&o));
    assert_one_sentence_error(
        &jointcal_stdin(d, &add, "another long passphrase\n"),
        "a user with this e-mail address already exists",
    );
    assert_one_sentence_error(
        &jointcal_stdin(d, &["user", "add", "--email", "x@example.org", "--name", "X", "--password-stdin"], "short\n"),
        "password: is too short",
    );
    assert_one_sentence_error(
        &jointcal_stdin(d, &["user", "add", "--email", "y@example.org", "--name", "Y", "--password-stdin"], ""),
        "no password on standard input",
    );
    let o = jointcal(d, &["member", "set", "--group", "kz-tip", "--email", "iom@example.org", "--role", "editor"]);
    assert!(o.status.success(), "{:?}", text(&o));
    assert_one_sentence_error(
        &jointcal(d, &["member", "set", "--group", "kz-tip", "--email", "iom@example.org", "--role", "boss"]),
        "unknown member role code 'boss'",
    );
    let (out, _) = text(&jointcal(d, &["member", "list", "--group", "kz-tip"]));
    assert!(out.contains("editor") && out.contains("iom@example.org"), "{out}");
    let o = jointcal(
        d,
        &["token", "create", "--email", "iom@example.org", "--name", "report script", "--expires-in-days", "30"],
    );
    let (out, err) = text(&o);
    assert!(o.status.success(), "{err}");
    let secret = out.lines().last().unwrap();
    assert!(secret.starts_with("jct_") && secret.len() == 68, "{out}");
    let id = out.split_whitespace().nth(1).unwrap();
    let (list, _) = text(&jointcal(d, &["token", "list", "--email", "iom@example.org"]));
    assert!(list.contains("live") && !list.contains(secret), "{list}");
    assert!(jointcal(d, &["token", "revoke", "--id", id]).status.success());
    let (list, _) = text(&jointcal(d, &["token", "list", "--email", "iom@example.org"]));
    assert!(list.contains("revoked"), "{list}");
    assert_one_sentence_error(&jointcal(d, &["token", "revoke", "--id", id]), "not found");
    assert_one_sentence_error(&jointcal(d, &["token", "revoke", "--id", "nonsense"]), "is not a token id");
    let o = jointcal_stdin(
        d,
        &["user", "reset-password", "--email", "iom@example.org", "--password-stdin"],
        "a different passphrase\n",
    );
    assert!(o.status.success(), "{:?}", text(&o));
    let (users, _) = text(&jointcal(d, &["user", "list"]));
    assert!(users.contains("iom@example.org") && users.contains("IOM"), "{users}");
    // The password never appears in the output, nor as an argument anywhere.
    assert!(!users.contains("passphrase"));
    let o = jointcal(d, &["user", "totp", "enable", "--email", "iom@example.org"]);
    assert!(text(&o).0.contains("otpauth://totp/"), "{:?}", text(&o));
}

/// `jointcal ARGS` with extra environment variables.
fn jointcal_env(dir: &std::path::Path, args: &[&str], env: &[(&str, &str)]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_jointcal"))
        .args(args)
        .current_dir(dir)
        .env_remove("JOINTCAL_DATABASE")
        .env_remove("JOINTCAL_CONFIG")
        .env("JOINTCAL_LOG", "error")
        .envs(env.iter().copied())
        .output()
        .expect("run jointcal")
}

/// The value of `key` in `config check` output.
fn setting(out: &str, key: &str) -> String {
    out.lines()
        .find_map(|l| l.strip_prefix(key).filter(|r| r.starts_with(' ')))
        .map(|r| r.trim().to_string())
        .unwrap_or_else(|| panic!("no {key} in: {out}"))
}

fn config_file(dir: &std::path::Path, text: &str) -> String {
    let p = dir.join("jointcal.toml");
    std::fs::write(&p, text).unwrap();
    p.display().to_string()
}

/// `config example` prints a file that `config check` accepts as it is, with the
/// defaults; it prints even when the settings in effect are broken.
#[test]
fn config_example_is_a_file_config_check_accepts() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let o = jointcal_env(d, &["config", "example"], &[("JOINTCAL_BIND", "not an address")]);
    let (example, err) = text(&o);
    assert!(o.status.success(), "{err}");
    assert!(example.contains("# bind = \"127.0.0.1:8080\"") && example.contains("JOINTCAL_SMTP_URL"), "{example}");
    let f = config_file(d, &example);
    let o = jointcal_env(d, &["config", "check", "--config", &f], &[]);
    let (out, err) = text(&o);
    assert!(o.status.success(), "{err}");
    assert!(setting(&out, "bind").starts_with("127.0.0.1:8080"), "{out}");
    assert!(out.contains("the settings are usable"), "{out}");
    // The same file with one setting changed, badly: the check names it.
    let bad = example.replace("# max_body_bytes = 1048576", "max_body_bytes = 12");
    let f = config_file(d, &bad);
    assert_one_sentence_error(&jointcal_env(d, &["config", "check", "--config", &f], &[]), "max_body_bytes");
}

#[test]
fn config_file_values_are_used() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let f = config_file(d, "bind = \"127.0.0.1:4242\"\npublic_url = \"https://cal.example.org\"\ndemo = true\n");
    let o = jointcal_env(d, &["config", "check", "--config", &f], &[]);
    let (out, err) = text(&o);
    assert!(o.status.success(), "{err}");
    assert!(setting(&out, "bind").starts_with("127.0.0.1:4242") && out.contains(&format!("(file {f})")), "{out}");
    assert!(setting(&out, "public_url").starts_with("https://cal.example.org"), "{out}");
    assert!(setting(&out, "demo").starts_with("true"), "{out}");
    assert!(setting(&out, "max_body_bytes").starts_with("1048576"), "defaults stay: {out}");
    // The file can be named by the environment too.
    let (out, _) = text(&jointcal_env(d, &["config", "check"], &[("JOINTCAL_CONFIG", &f)]));
    assert!(setting(&out, "bind").starts_with("127.0.0.1:4242"), "{out}");
}

#[test]
fn config_environment_beats_the_file() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let f = config_file(d, "bind = \"127.0.0.1:4242\"\ndatabase = \"sqlite://file.db\"\n");
    let env = [("JOINTCAL_BIND", "127.0.0.1:4343"), ("JOINTCAL_DATABASE", "sqlite://env.db")];
    let (out, err) = text(&jointcal_env(d, &["--config", &f, "config", "check"], &env));
    assert!(setting(&out, "bind").starts_with("127.0.0.1:4343"), "{out}{err}");
    assert!(setting(&out, "bind").contains("JOINTCAL_BIND"), "{out}");
    assert!(setting(&out, "database").starts_with("sqlite://env.db"), "{out}");
}

#[test]
fn config_flags_beat_the_environment() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let f = config_file(d, "database = \"sqlite://file.db\"\n");
    let env = [("JOINTCAL_DATABASE", "sqlite://env.db")];
    let (out, _) = text(&jointcal_env(d, &["--config", &f, "--database", "sqlite://flag.db", "config", "check"], &env));
    assert!(setting(&out, "database").starts_with("sqlite://flag.db"), "{out}");
    // serve's flags: the environment's address is unusable, the flag's is taken (so
    // the error is about the flag's port, not the variable).
    let taken = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = taken.local_addr().unwrap().to_string();
    let o = jointcal_env(d, &["serve", "--bind", &addr], &[("JOINTCAL_BIND", "nonsense")]);
    assert_one_sentence_error(&o, "the port is in use");
    // Without the flag, the variable is used, and its error names it.
    let o = jointcal_env(d, &["serve"], &[("JOINTCAL_BIND", "nonsense")]);
    assert_one_sentence_error(&o, "JOINTCAL_BIND: 'nonsense' is not an address to listen on");
}

#[test]
fn config_errors_name_the_key_in_one_sentence() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let f = config_file(d, "bind = \"127.0.0.1:4242\"\nlisten = \"0.0.0.0:80\"\n");
    let o = jointcal_env(d, &["config", "check", "--config", &f], &[]);
    assert_one_sentence_error(&o, "unknown setting 'listen'");
    assert!(text(&o).1.contains(&f), "the file is named: {:?}", text(&o));
    // Every command reads the same settings, so none runs on a broken file.
    assert_one_sentence_error(&jointcal_env(d, &["--config", &f, "group", "list"], &[]), "unknown setting 'listen'");
    let f = config_file(d, "max_body_bytes = \"large\"\n");
    assert_one_sentence_error(&jointcal_env(d, &["config", "check", "--config", &f], &[]), "max_body_bytes in");
    let f = config_file(d, "[mail]\nhost = \"smtp.example.org\"\n");
    assert_one_sentence_error(&jointcal_env(d, &["config", "check", "--config", &f], &[]), "unknown setting 'mail'");
    let f = config_file(d, "bind = \n");
    assert_one_sentence_error(&jointcal_env(d, &["config", "check", "--config", &f], &[]), "line 1");
    let missing = d.join("nope.toml").display().to_string();
    assert_one_sentence_error(&jointcal_env(d, &["config", "check", "--config", &missing], &[]), "no such file");
    assert_one_sentence_error(
        &jointcal_env(d, &["config", "check"], &[("JOINTCAL_MAX_BODY_BYTES", "lots")]),
        "JOINTCAL_MAX_BODY_BYTES: 'lots'",
    );
}

#[test]
fn config_check_never_shows_the_database_password() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let url = "postgres://jointcal:s3cret-pw@db.example.org:5432/jointcal";
    let o = jointcal_env(d, &["config", "check"], &[("JOINTCAL_DATABASE", url)]);
    let (out, err) = text(&o);
    assert!(o.status.success(), "{err}");
    assert!(out.contains("postgres://jointcal:***@db.example.org:5432/jointcal"), "{out}");
    assert!(!out.contains("s3cret") && !err.contains("s3cret"), "{out}{err}");
    // From a secret file, named in the configuration file.
    let secret = d.join("db-url");
    std::fs::write(&secret, format!("{url}\n")).unwrap();
    let f = config_file(d, &format!("database_file = \"{}\"\n", secret.display()));
    let o = jointcal_env(d, &["config", "check", "--config", &f], &[]);
    let (out, err) = text(&o);
    assert!(o.status.success(), "{err}");
    assert!(out.contains("jointcal:***@db.example.org") && !out.contains("s3cret"), "{out}");
    // And from the environment's file; a flag on the command line is redacted too.
    let o = jointcal_env(d, &["config", "check"], &[("JOINTCAL_DATABASE_FILE", secret.to_str().unwrap())]);
    assert!(!text(&o).0.contains("s3cret") && text(&o).0.contains("JOINTCAL_DATABASE_FILE"), "{:?}", text(&o));
    let o = jointcal_env(d, &["--database", url, "config", "check"], &[]);
    assert!(o.status.success() && !text(&o).0.contains("s3cret"), "{:?}", text(&o));
}

#[test]
fn jobs_are_listed_and_run_by_hand() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let (out, _) = text(&jointcal(d, &["jobs", "list"]));
    assert!(out.contains("housekeeping") && out.contains("daily at 03:17 UTC") && out.contains("never ran"), "{out}");
    let o = jointcal(d, &["jobs", "run", "housekeeping"]);
    assert!(o.status.success(), "{}", text(&o).1);
    assert!(text(&o).0.contains("housekeeping: done (expired_sessions=0, failed_logins=0, import_uploads=0)"));
    let (out, _) = text(&jointcal(d, &["jobs", "list"]));
    assert!(out.contains("1 runs, 0 failed"), "{out}");
    assert_one_sentence_error(&jointcal(d, &["jobs", "run", "nope"]), "no job is named 'nope'");
}

/// `jointcal overlaps` on the demo: the two Merke trainings for Border Guards of
/// the cable's paragraph 10 at the top, and HIV testing next to legal counselling
/// for the same labour migrants in Shymkent (paragraph 9) offered as joint work.
#[test]
fn overlaps_of_the_demo() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    assert!(jointcal(d, &["demo"]).status.success());
    let o = jointcal(d, &["overlaps", "--group", "kz-tip", "--json"]);
    let (out, err) = text(&o);
    assert!(o.status.success(), "{err}");
    let flags: serde_json::Value = serde_json::from_str(&out).unwrap();
    let flags = flags.as_array().unwrap();
    assert!(!flags.is_empty());
    let top = &flags[0];
    assert_eq!(top["kind"], "duplicate");
    let codes: Vec<&str> = top["reasons"].as_array().unwrap().iter().map(|r| r["code"].as_str().unwrap()).collect();
    for c in ["same_place", "same_target_group", "similar_titles", "days_apart"] {
        assert!(codes.contains(&c), "{c} in {codes:?}");
    }
    let place = top["reasons"].as_array().unwrap().iter().find(|r| r["code"] == "same_place").unwrap();
    assert_eq!(place["place"], "Merke railway station");
    let scores: Vec<f64> = flags.iter().map(|f| f["score"].as_f64().unwrap()).collect();
    assert!(scores.windows(2).all(|w| w[0] >= w[1]), "highest first: {scores:?}");
    assert!(flags.iter().any(|f| f["kind"] == "complementary"), "{out}");

    let o = jointcal(d, &["overlaps", "--group", "kz-tip"]);
    let (out, _) = text(&o);
    let first: Vec<&str> = out.lines().take(4).collect();
    assert!(first[1].contains("Merke") && first[2].contains("Merke"), "{out}");
    assert!(first[3].contains("same target group (border_guards)") && first[3].contains("days apart"), "{out}");
    assert!(out.contains("complementary") && out.contains("Shymkent"), "{out}");
    // A window with nothing in it, and bad input.
    let (none, _) =
        text(&jointcal(d, &["overlaps", "--group", "kz-tip", "--from", "1999-01-01", "--to", "1999-12-31"]));
    assert_eq!(none.trim(), "0 flags");
    assert_one_sentence_error(&jointcal(d, &["overlaps", "--group", "kz-tip", "--threshold", "2"]), "--threshold 2");
    assert_one_sentence_error(&jointcal(d, &["overlaps", "--group", "nope"]), "nope");
    let (kept, err) = text(&jointcal(d, &["overlaps", "--group", "kz-tip", "--refresh"]));
    assert!(kept.starts_with("group 'kz-tip' keeps ") && kept.trim().ends_with(" overlap flags"), "{kept} {err}");
}

#[test]
fn gaps_of_the_demo() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    assert!(jointcal(d, &["demo"]).status.success());
    let (out, err) = text(&jointcal(d, &["gaps", "--group", "kz-tip", "--year", "2007"]));
    assert!(out.starts_with("kz-tip: ") && out.contains("activities in 2007"), "{out} {err}");
    assert!(out.contains("- No activity at all in Akmola region in 2007."), "{out}");
    assert!(out.lines().any(|l| l.starts_with("- No ") && l.contains("expected here")), "{out}");
    let (ru, _) = text(&jointcal(d, &["gaps", "--group", "kz-tip", "--year", "2007", "--lang", "ru"]));
    assert!(ru.contains("ни одного мероприятия в 2007 году"), "{ru}");
    let (csv_text, _) = text(&jointcal(d, &["gaps", "--group", "kz-tip", "--year", "2007", "--format", "csv"]));
    let mut rd = csv::Reader::from_reader(csv_text.as_bytes());
    assert_eq!(rd.headers().unwrap().get(6), Some("target_group"));
    assert!(rd.records().map(Result::unwrap).any(|r| &r[4] == "KZ-31" && &r[6] == "border_guards"));
    let (json, _) = text(&jointcal(d, &["gaps", "--group", "kz-tip", "--year", "2007", "--format", "json"]));
    let v: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(v["quarters"].as_array().map(Vec::len), Some(4));
    assert_one_sentence_error(&jointcal(d, &["gaps", "--group", "kz-tip", "--year", "20x7"]), "--year");
    assert_one_sentence_error(&jointcal(d, &["gaps", "--group", "kz-tip", "--lang", "fr"]), "--lang 'fr'");
}

/// `jointcal bulletin`: the month as the members will read it (snapshot), in each
/// format and language; a bad month or language is one clear sentence.
#[test]
fn bulletin_of_the_demo() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    assert!(jointcal(d, &["demo"]).status.success());
    let o = jointcal(d, &["bulletin", "--group", "kz-tip", "--month", "2007-09"]);
    let (md, err) = text(&o);
    assert!(o.status.success(), "{err}");
    insta::assert_snapshot!("bulletin_2007_09_md", md);
    // The Merke overlap is named to the members, with its reasons.
    let overlaps = md.split("## Possible overlaps to look at").nth(1).expect("an overlaps section");
    assert!(overlaps.contains("Merke") && overlaps.contains("same place"), "{overlaps}");
    // The next coordination meeting, and where nobody works in the quarter.
    let meeting = md.split("## Next coordination meeting").nth(1).expect("a meeting section");
    assert!(meeting.trim_start().starts_with("- 23 Oct") && meeting.contains("Quarterly TIP donor coordination"));
    assert!(md.contains("## Where nobody works") && md.contains("more gaps are on the group's gaps page"), "{md}");

    let out = d.join("bulletin.txt");
    let o = jointcal(
        d,
        &[
            "bulletin",
            "--group",
            "kz-tip",
            "--month",
            "2007-09",
            "--format",
            "txt",
            "--lang",
            "ru",
            "--out",
            out.to_str().unwrap(),
        ],
    );
    assert!(o.status.success(), "{}", text(&o).1);
    let txt = std::fs::read_to_string(&out).unwrap();
    assert!(txt.starts_with("Совместный календарь мероприятий"), "{txt}");
    assert!(!txt.contains("**") && !txt.contains("## "), "plain text: {txt}");
    insta::assert_snapshot!("bulletin_2007_09_ru_txt", txt);

    // The mail's HTML: inline styles, nothing from outside, user text escaped.
    let o = jointcal(d, &["bulletin", "--group", "kz-tip", "--month", "2007-09", "--format", "html"]);
    let (html, err) = text(&o);
    assert!(o.status.success(), "{err}");
    insta::assert_snapshot!("bulletin_2007_09_html", html);
    assert!(html.starts_with("<!DOCTYPE html>") && html.contains("<h1 style="), "{html}");
    for outside in ["<script", "<img", "<link", "src=", "class="] {
        assert!(!html.contains(outside), "{outside} in {html}");
    }
    // Without a mail server, sending is refused in one sentence and nothing is archived.
    assert_one_sentence_error(
        &jointcal(d, &["bulletin", "--group", "kz-tip", "--month", "2007-09", "--send"]),
        "no mail server is configured",
    );

    assert_one_sentence_error(
        &jointcal(d, &["bulletin", "--group", "kz-tip", "--month", "2007-13"]),
        "--month '2007-13'",
    );
    assert_one_sentence_error(&jointcal(d, &["bulletin", "--group", "kz-tip", "--lang", "de"]), "--lang 'de'");

    // Recorded as sent: once per month; October's then compares with it.
    let o = jointcal(d, &["bulletin", "--group", "kz-tip", "--month", "2007-09", "--record"]);
    assert!(o.status.success() && text(&o).1.contains("recorded the edition of 2007-09"), "{}", text(&o).1);
    let again = jointcal(d, &["bulletin", "--group", "kz-tip", "--month", "2007-09", "--record"]);
    assert_one_sentence_error(&again, "the edition of 2007-09 was already sent");
    let (october, _) = text(&jointcal(d, &["bulletin", "--group", "kz-tip", "--month", "2007-10"]));
    assert!(
        october.contains("## Since the last edition") && october.contains("Nothing new, changed or cancelled"),
        "{october}"
    );
}

/// `jointcal import -` reads a generated IATI stream piped into it (the writer keeps
/// writing while the import reads), reports every activity, and `export` writes the
/// group back; a bad file ends with one sentence naming the refusals, nothing written.
#[test]
fn import_from_a_pipe_and_export() {
    use std::io::Write;
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let o = jointcal(
        d,
        &["group", "add", "--slug", "pipe", "--name", "Pipe", "--country", "KZ", "--timezone", "Asia/Almaty"],
    );
    assert!(o.status.success(), "{:?}", text(&o));
    let mut child = Command::new(env!("CARGO_BIN_EXE_jointcal"))
        .args(["import", "-", "--group", "pipe", "--format", "iati"])
        .current_dir(d)
        .env_remove("JOINTCAL_DATABASE")
        .env("JOINTCAL_LOG", "error")
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdin = child.stdin.take().unwrap();
    let n = 3000;
    let writer = std::thread::spawn(move || {
        stdin.write_all(b"<?xml version=\"1.0\"?><iati-activities version=\"2.03\">\n").unwrap();
        for i in 0..n {
            let a = format!(
                "<iati-activity><iati-identifier>XM-DAC-47066-P{i}</iati-identifier>\
                 <reporting-org ref=\"XM-DAC-47066\" type=\"40\"><narrative>IOM</narrative></reporting-org>\
                 <title><narrative>Training {i} for border guards</narrative></title>\
                 <activity-date type=\"1\" iso-date=\"2008-0{}-1{}\"/></iati-activity>\n",
                1 + i % 9,
                i % 10
            );
            stdin.write_all(a.as_bytes()).unwrap();
        }
        stdin.write_all(b"</iati-activities>\n").unwrap();
    });
    let out = child.wait_with_output().unwrap();
    writer.join().unwrap();
    let (stdout, stderr) = text(&out);
    assert!(out.status.success(), "{stdout}\n{stderr}");
    assert!(stdout.contains(&format!("{n} records: {n} created")), "{stdout}");
    let o = jointcal(d, &["export", "--group", "pipe", "--format", "csv", "--out", "pipe.csv"]);
    assert!(o.status.success(), "{:?}", text(&o));
    let csv = std::fs::read_to_string(d.join("pipe.csv")).unwrap();
    assert_eq!(csv.lines().count(), n + 2, "headers, tags, one row each");
    let o = jointcal(d, &["export", "--group", "pipe", "--format", "xlsx"]);
    assert_one_sentence_error(&o, "give --out FILE.xlsx");

    std::fs::write(d.join("bad.csv"), "#activity+code,#activity,#org,#date+start\nB-1,Bad,IOM,2024-02-30\n").unwrap();
    let o = jointcal(d, &["import", "bad.csv", "--group", "pipe"]);
    let (stdout, _) = text(&o);
    assert!(
        stdout.contains("bad.csv:2\tREFUSED\tB-1\t#date+start: '2024-02-30' is not a day of the calendar"),
        "{stdout}"
    );
    assert_one_sentence_error(&o, "nothing was written: 1 refused");
}
