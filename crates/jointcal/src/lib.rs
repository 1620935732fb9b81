//! jointcal, the application: configuration, command line, services (validate →
//! authorize → write + audit in one transaction), web pages, and the demo.

pub mod cli;
mod cli_accounts;
pub mod clock;
pub mod demo;
pub mod generate;
pub mod jobs;
pub mod secrets;
pub mod services;
pub mod web;

pub use services::{ServiceError, Services};
