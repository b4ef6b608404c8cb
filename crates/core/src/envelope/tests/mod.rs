//! Tests of the envelope against the specification and the age crate.

mod differential;
mod header_encoding;
mod hybrid;
mod spec_rules;
mod streaming;
mod support;
