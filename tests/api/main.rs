//! Integration tests: the real server on port 0 with a temporary data folder.
mod api;
mod conversations;
mod headers;
mod helpers;
mod hostile;
mod logging;
mod metadata;
mod metadata_fixtures;
mod newsroom;
mod nojs;
mod operations;
mod pages;
mod startup;
mod storage;
mod submit_cli;
mod uploads;
