//! jointcal, the application: configuration, command line, services (validate →
//! authorize → write + audit in one transaction), web pages, and the demo.

pub mod cli;
pub mod clock;
pub mod demo;
pub mod generate;
pub mod services;
pub mod web;

pub use services::{ServiceError, Services};
