//! Integration tests: the real server on port 0 with a temporary data folder.
mod abuse;
mod api;
mod conversations;
mod headers;
mod helpers;
mod hostile;
mod hybrid;
mod logging;
mod memory;
mod newsroom;
mod nojs;
mod operations;
mod pages;
mod startup;
mod storage;
mod submit_cli;
mod uploads;
