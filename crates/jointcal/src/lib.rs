//! jointcal, the application: configuration, start-up, command line, services
//! (validate → authorize → write + audit in one transaction), web pages and API,
//! background jobs, the demo, and the developers' generator and benchmark.
//!
//! Dependencies inside the crate point one way: `cli` and `startup` use `web`,
//! `jobs` and `services`; `web` and `jobs` use `services`; `services` uses the db
//! and domain crates. `tools/modcycles.py` checks that no module imports back.

pub mod bench;
pub mod bench_overlaps;
pub mod bulletin;
pub mod cli;
pub mod clock;
pub mod config;
pub mod demo;
pub mod evaluate;
pub mod formats;
pub mod generate;
pub mod i18n;
pub mod imports;
pub mod jobs;
pub mod mail;
pub mod meetings;
pub mod notify;
pub mod secrets;
pub mod services;
pub mod signals;
pub mod startup;
pub mod web;

pub use services::{ServiceError, Services};
