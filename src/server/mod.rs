//! The intake server (actix-web).
