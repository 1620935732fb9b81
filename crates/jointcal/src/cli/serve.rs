//! `jointcal serve`: the web server.

use super::demo::print_demo_accounts;
use crate::config::{Config, Overrides};
use crate::startup::Application;
use clap::Args;

#[derive(Debug, Args)]
pub struct ServeArgs {
    /// Address and port to listen on. Default 127.0.0.1:8080 (this computer only);
    /// 0.0.0.0:8080 listens on every network. Or set JOINTCAL_BIND.
    #[arg(long, value_name = "HOST:PORT")]
    pub bind: Option<String>,
    /// Load the demo group when the database has none, and run the clock from
    /// 15 August 2007 so that the demo opens on its own period. Or set JOINTCAL_DEMO=true.
    #[arg(long)]
    pub demo: bool,
    /// The URL people use to reach this server; with https:// cookies are marked Secure.
    /// Default: the address the server listens on (http://HOST:PORT of --bind); or set
    /// JOINTCAL_PUBLIC_URL. Set it behind a proxy, or the sign-in form refuses browsers.
    #[arg(long, value_name = "URL")]
    pub public_url: Option<String>,
    /// Request bodies larger than this many bytes are refused (413). Default 1048576
    /// (1 MiB); or set JOINTCAL_MAX_BODY_BYTES.
    #[arg(long, value_name = "BYTES")]
    pub max_body_bytes: Option<usize>,
    /// Behind a reverse proxy: count failed sign-ins by the client address the proxy
    /// puts last in X-Forwarded-For (only when every request comes through the proxy).
    /// Or set JOINTCAL_TRUST_FORWARDED_FOR=true.
    #[arg(long)]
    pub trust_forwarded_for: bool,
    /// What the log shows, e.g. info, debug, or info,sqlx=warn (the default). Or set
    /// JOINTCAL_LOG. The log goes to standard error.
    #[arg(long, value_name = "FILTER")]
    pub log: Option<String>,
}

impl ServeArgs {
    /// The flags that were given; the others come from the environment, the file or
    /// the defaults.
    pub fn overrides(&self) -> Overrides {
        Overrides {
            bind: self.bind.clone(),
            public_url: self.public_url.clone(),
            max_body_bytes: self.max_body_bytes,
            trust_forwarded_for: self.trust_forwarded_for.then_some(true),
            demo: self.demo.then_some(true),
            log: self.log.clone(),
            ..Overrides::default()
        }
    }
}

pub async fn run(cfg: &Config) -> anyhow::Result<()> {
    let app = Application::build(cfg).await?;
    let report = app.report();
    if report.demo_clock_refused {
        eprintln!("warning: the database holds other groups than the demo: the calendar opens on today's date");
    }
    if report.demo_loaded.is_some() {
        print_demo_accounts();
    }
    if let Some(link) = &report.setup_link {
        println!("first run: open {link} to create the administrator and the first group (the link works once)");
    }
    // The last line before serving: scripts and tests wait for it.
    println!("jointcal is serving http://{}/ (database {})", app.addr(), cfg.database_shown());
    app.run_until(crate::signals::shutdown_signal()).await?;
    Ok(())
}
