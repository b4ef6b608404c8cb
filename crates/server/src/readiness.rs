//! The production checks of `tipbox-server check` that look past the
//! configuration file: where the listeners bind, whether the disk can hold
//! `max_store_bytes`, and whether tor keeps the newsroom onion behind client
//! authorization. Each returns `Ok(what was found)` or `Err(one line: what is
//! wrong and what to change)`; [`super::operations::check`] prints them.
use std::fs;
use std::io;
use std::net::IpAddr;
use std::path::{Path, PathBuf};

use tipbox_core::units::binary_size;

use super::config::{Listen, Settings};

/// A listener's address: a valid port, and loopback only, since tor is the
/// only client either listener should have. `role` names the listener in
/// the message; `socket` is the Unix socket the deployment uses for it.
pub fn check_address(address: &str, role: &str, socket: &str) -> Result<String, String> {
    let Some((host, port)) = address.rsplit_once(':') else {
        return Err(format!("{address} is not host:port"));
    };
    match port.parse::<u16>() {
        Ok(port) if port != 0 => {}
        _ => {
            return Err(format!(
                "port {port:?} of {address} is not a number from 1 to 65535: write host:port, e.g. 127.0.0.1:8081, or {socket}"
            ))
        }
    }
    let host = host.trim_start_matches('[').trim_end_matches(']');
    let loopback = host == "localhost" || host.parse::<IpAddr>().is_ok_and(|ip| ip.is_loopback());
    if !loopback {
        return Err(format!(
            "{address} is not a loopback address: anyone who reaches this machine could use the {role}; \
             listen on {socket} (or 127.0.0.1:PORT) and let tor reach it"
        ));
    }
    Ok(format!("TCP {address} (loopback)"))
}

/// Room on the store's disk for `max_store_bytes`, with a tenth more for
/// sled's log and the no-JavaScript spool: tips already stored count as
/// room, since they are part of the cap.
pub fn check_space(settings: &Settings) -> Result<String, String> {
    let path = &settings.storage.path;
    let existing = nearest_existing(path);
    let free = free_bytes(&existing).map_err(|err| {
        format!(
            "cannot read the free space of {}: {err}",
            existing.display()
        )
    })?;
    let stored = folder_bytes(path);
    let cap = settings.limits.max_store_bytes;
    let needed = cap.saturating_add(cap / 10);
    let room = free.saturating_add(stored);
    if room < needed {
        return Err(format!(
            "[limits] max_store_bytes is {} but {} has {} free ({} already stored): the disk would fill \
             before the cap; lower max_store_bytes to at most {} (a tenth is kept for sled's log and the spool) \
             or give the store more space",
            binary_size(cap),
            existing.display(),
            binary_size(free),
            binary_size(stored),
            binary_size(room / 11 * 10),
        ));
    }
    Ok(format!(
        "max_store_bytes {} fits: {} free on the disk of {}",
        binary_size(cap),
        binary_size(free),
        existing.display()
    ))
}

/// The newsroom onion in `[admin] torrc` points at the newsroom listener,
/// and its `authorized_clients/` holds at least one valid client key and
/// nothing malformed: with none, tor publishes the onion to anyone.
pub fn check_newsroom_onion(settings: &Settings) -> Result<String, String> {
    let torrc = &settings.admin.torrc;
    let text = fs::read_to_string(torrc).map_err(|err| {
        format!(
            "cannot read the torrc {} ({err}): install deploy/torrc (/usr/share/tipbox/torrc) \
             as /etc/tor/torrc, or point [admin] torrc at tor's configuration",
            torrc.display()
        )
    })?;
    let listener = &settings.admin.listen;
    let Some(service) = hidden_service_of(&text, listener) else {
        return Err(format!(
            "no HiddenServicePort in {} points at the newsroom listener {listener}: \
             add the newsroom onion of deploy/torrc (HiddenServicePort 80 {listener})",
            torrc.display()
        ));
    };
    let clients = service.join("authorized_clients");
    let entries = match fs::read_dir(&clients) {
        Ok(entries) => entries,
        Err(err) if err.kind() == io::ErrorKind::PermissionDenied => {
            return Ok(format!(
                "newsroom onion {}; its authorized_clients/ is readable by tor only: run check as root \
                 to count its client keys (tor's tipbox drop-in refuses to start without one)",
                service.display()
            ))
        }
        Err(err) => {
            return Err(format!(
                "{}: {err}: without client keys tor publishes the newsroom onion to anyone; \
                 add a transfer station's key (AIRGAP.md, part D)",
                clients.display()
            ))
        }
    };
    let mut keys = 0;
    for entry in entries.flatten() {
        let path = entry.path();
        if path.extension().is_none_or(|ext| ext != "auth") {
            continue;
        }
        let text = fs::read_to_string(&path).unwrap_or_default();
        if !is_client_key(&text) {
            return Err(format!(
                "{} is not one line descriptor:x25519:<base32 key>: tor skips it; \
                 copy the station's .auth line again (AIRGAP.md, step 11)",
                path.display()
            ));
        }
        keys += 1;
    }
    if keys == 0 {
        return Err(format!(
            "no client key (*.auth) in {}: tor would publish the newsroom onion without client \
             authorization; add a transfer station's key (AIRGAP.md, part D)",
            clients.display()
        ));
    }
    Ok(format!(
        "newsroom onion {} restricted to {keys} authorized client(s)",
        service.display()
    ))
}

/// Bytes free for an unprivileged user on the file system holding `path`.
// fsblkcnt_t and c_ulong are u32 on some platforms, u64 here.
#[allow(clippy::useless_conversion)]
pub fn free_bytes(path: &Path) -> nix::Result<u64> {
    let stat = nix::sys::statvfs::statvfs(path)?;
    Ok(u64::from(stat.blocks_available()).saturating_mul(u64::from(stat.fragment_size())))
}

/// The `HiddenServiceDir` whose `HiddenServicePort` targets `listener`.
fn hidden_service_of(torrc: &str, listener: &Listen) -> Option<PathBuf> {
    let mut current: Option<PathBuf> = None;
    for line in torrc.lines() {
        let mut words = line.split_whitespace();
        let (Some(key), Some(value)) = (words.next(), words.next()) else {
            continue;
        };
        if key.eq_ignore_ascii_case("HiddenServiceDir") {
            current = Some(PathBuf::from(value));
        } else if key.eq_ignore_ascii_case("HiddenServicePort") {
            // `VIRTPORT [TARGET]`; without a target, the same port on 127.0.0.1.
            let target = words.next().unwrap_or(value).trim_matches('"');
            let matches = match listener {
                Listen::Unix(path) => target
                    .strip_prefix("unix:")
                    .is_some_and(|t| Path::new(t.trim_matches('"')) == path),
                Listen::Tcp(address) => {
                    target == address
                        || (target.parse::<u16>().is_ok()
                            && address == &format!("127.0.0.1:{target}"))
                }
            };
            if matches {
                return current;
            }
        }
    }
    None
}

/// Tor's client-authorization file: one line, `descriptor:x25519:` and a
/// 52-character base32 public key.
fn is_client_key(text: &str) -> bool {
    let line = text.strip_suffix('\n').unwrap_or(text);
    let Some(key) = line.strip_prefix("descriptor:x25519:") else {
        return false;
    };
    !line.contains('\n')
        && key.len() == 52
        && key
            .bytes()
            .all(|b| b.is_ascii_alphabetic() || (b'2'..=b'7').contains(&b))
}

fn nearest_existing(path: &Path) -> PathBuf {
    let mut candidate = if path.as_os_str().is_empty() {
        PathBuf::from(".")
    } else {
        path.to_owned()
    };
    while !candidate.exists() {
        match candidate.parent() {
            Some(parent) if !parent.as_os_str().is_empty() => candidate = parent.to_owned(),
            _ => return PathBuf::from("."),
        }
    }
    candidate
}

/// Bytes of the files under `path` (0 when it does not exist).
fn folder_bytes(path: &Path) -> u64 {
    let Ok(entries) = fs::read_dir(path) else {
        return 0;
    };
    entries
        .flatten()
        .map(|entry| match entry.file_type() {
            Ok(kind) if kind.is_dir() => folder_bytes(&entry.path()),
            Ok(kind) if kind.is_file() => entry.metadata().map_or(0, |m| m.len()),
            _ => 0,
        })
        .sum()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn loopback_and_valid_ports_pass_other_addresses_fail() {
        let tcp = |a: &'static str| a;
        let sock = "unix:/run/tipbox/admin.sock";
        assert!(check_address(tcp("127.0.0.1:8081"), "newsroom API", sock).is_ok());
        assert!(check_address(tcp("[::1]:8081"), "newsroom API", sock).is_ok());
        assert!(check_address(tcp("localhost:8081"), "newsroom API", sock).is_ok());
        let public = check_address(tcp("0.0.0.0:8081"), "newsroom API", sock).unwrap_err();
        assert!(public.contains("not a loopback address"), "{public}");
        assert!(public.contains(sock), "{public}");
        for bad in ["127.0.0.1:0", "127.0.0.1:99999", "127.0.0.1:http"] {
            let err = check_address(tcp(bad), "newsroom API", sock).unwrap_err();
            assert!(err.contains("not a number from 1 to 65535"), "{err}");
        }
    }

    #[test]
    fn client_keys_are_one_line_of_the_tor_format() {
        let key = format!("descriptor:x25519:{}", "A2".repeat(26));
        assert!(is_client_key(&key));
        assert!(is_client_key(&format!("{key}\n")));
        assert!(!is_client_key(&format!("{key}\n{key}\n")));
        assert!(!is_client_key(&key.replace("A2", "A1")), "1 is not base32");
        assert!(!is_client_key(&key[..key.len() - 1]));
    }

    #[test]
    fn the_hidden_service_is_found_by_its_port_target() {
        let torrc = "HiddenServiceDir /var/lib/tor/a/\nHiddenServicePort 80 unix:/run/s.sock\n\
                     HiddenServiceDir /var/lib/tor/b/\nhiddenserviceport 80 unix:/run/n.sock\n\
                     HiddenServiceDir /var/lib/tor/c/\nHiddenServicePort 8081\n";
        let unix = Listen::Unix("/run/n.sock".into());
        assert_eq!(
            hidden_service_of(torrc, &unix),
            Some(PathBuf::from("/var/lib/tor/b/"))
        );
        let tcp = Listen::Tcp("127.0.0.1:8081".into());
        assert_eq!(
            hidden_service_of(torrc, &tcp),
            Some(PathBuf::from("/var/lib/tor/c/"))
        );
        assert_eq!(hidden_service_of(torrc, &Listen::Unix("/x".into())), None);
    }

    #[test]
    fn sizes_read_naturally() {
        assert_eq!(binary_size(512), "512 B");
        assert_eq!(binary_size(20 * 1024 * 1024 * 1024), "20.0 GiB");
    }
}
