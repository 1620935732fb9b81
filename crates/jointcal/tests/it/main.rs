//! The one integration-test binary: storage contract on SQLite and PostgreSQL,
//! the command line, and the HTTP server on a loopback port.

// Test code may panic on what it does not expect: that is how a test fails.
#![allow(clippy::unwrap_used)]

mod support;

mod api;
mod authz;
mod batch;
mod bulletin;
mod cli;
mod demo;
mod feeds;
mod fuzz_replay;
mod gaps;
mod http;
mod imports;
mod jobs;
mod mail;
mod meetings;
mod overlaps;
mod queries;
mod sessions;
mod setup;
mod shape;
mod storage;
