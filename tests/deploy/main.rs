//! The files in `deploy/` are checked by the tools that will read them in
//! production, not only read by people: tor parses the torrc, systemd parses
//! the units and the sysusers file, AppArmor's parser compiles the profile
//! additions, the helper scripts run, and the Debian package metadata is
//! checked against the paths those files name. Each check has a companion test that
//! feeds a deliberately broken copy and expects the tool to refuse it, so a
//! check that cannot fail would show up here.
//!
//! The tools come from Debian packages (`tor`, `systemd`, `apparmor`,
//! `openssl`); a missing tool fails the test with the package to install,
//! it never skips.

mod apparmor;
mod debs;
mod onion_auth;
mod packaging;
mod production;
mod support;
mod torrc;
mod units;
