//! jointcal, the application: configuration, start-up, command line, services
//! (validate → authorize → write + audit in one transaction), web pages and API,
//! the demo, and the developers' generator and benchmark.

pub mod bench;
pub mod cli;
pub mod clock;
pub mod config;
pub mod demo;
pub mod generate;
pub mod secrets;
pub mod services;
pub mod startup;
pub mod web;

pub use services::{ServiceError, Services};
