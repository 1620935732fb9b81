//! The pure core of jointcal: types and rules, no IO, no async, no SQL.
//!
//! Time is always a parameter (see [`clock::Clock`]); identifiers come from an
//! injected [`ids::IdSource`].

pub mod access;
pub mod account;
pub mod activity;
pub mod audit;
pub mod bulletin;
pub mod clock;
pub mod coverage;
pub mod error;
pub mod geo;
pub mod group;
pub mod ids;
pub mod meeting;
pub mod org;
pub mod overlap;
pub mod schedule;
pub mod strict;
pub mod text;
pub mod vocab;

pub use error::{FieldError, Problem, ValidationErrors};
