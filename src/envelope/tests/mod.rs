//! Tests of the envelope against the specification and the age crate.
