//! Tests of the envelope against the age crate and the specification.

mod differential;
mod malformed;
