//! `tipbox-decrypt`: the newsroom's offline tool. It links no network code.
//! Everything it prints passes through the terminal sanitiser
//! (`tipbox_core::terminal`); on Ctrl-C or SIGTERM it removes its unfinished
//! (unauthenticated) outputs before exiting.
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};
use tipbox_core::untrusted_text::terminal_safe;
use tipbox_decrypt::{self as offline, KeyKind, KeygenOutput, OfflineError, Passphrase, RawOutput};

/// Decrypt tipbox tips on the air-gapped machine.
#[derive(Parser)]
#[command(name = "tipbox-decrypt", version, about)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Create a newsroom identity (hybrid post-quantum unless --classic);
    /// prints its age1pq1… (or age1…) recipient.
    Keygen {
        /// Identity file to write (required unless --no-passphrase).
        #[arg(short, long)]
        output: Option<PathBuf>,
        /// Store the key unprotected (tests, or a machine with full-disk encryption).
        #[arg(long)]
        no_passphrase: bool,
        /// Make a classic X25519 key (age1…) instead of a hybrid ML-KEM-768 +
        /// X25519 one (age1pq1…), for tools that do not read hybrid keys.
        #[arg(long)]
        classic: bool,
    },
    /// Decrypt any standard age file (X25519 or hybrid mlkem768x25519
    /// recipients); output appears only on success.
    Raw {
        /// Identity file (age-keygen format, or passphrase-protected).
        #[arg(short, long)]
        identity: PathBuf,
        /// Input file (standard input if absent).
        input: Option<PathBuf>,
        /// Output file (standard output if absent); never overwritten.
        #[arg(short, long)]
        output: Option<PathBuf>,
    },
    /// Open an export bundle or a single tip: one folder per tip.
    Open {
        /// Identity file; repeat for several (after a key rotation, the old
        /// identities open the old tips).
        #[arg(short, long = "identity", required = true)]
        identities: Vec<PathBuf>,
        /// An export bundle (.tar) or a single tip (.age).
        input: PathBuf,
        /// Output folder (created if missing); existing tip folders are never touched.
        #[arg(short, long)]
        output: PathBuf,
    },
    /// Reply to a source: encrypt a reply to the source's reply key and the
    /// newsroom keys, and append it to an outgoing bundle for `tipbox push`.
    Reply {
        #[arg(short, long)]
        identity: PathBuf,
        /// A tip folder written by `open` (its tip.json names the source's mailbox).
        #[arg(long)]
        to: PathBuf,
        /// The reply's text.
        #[arg(short, long, conflicts_with = "message_file")]
        message: Option<String>,
        /// A file holding the reply's text.
        #[arg(long)]
        message_file: Option<PathBuf>,
        /// Files to attach.
        files: Vec<PathBuf>,
        /// The outgoing bundle (created, or appended to).
        #[arg(short, long)]
        output: PathBuf,
    },
    /// Write a copy of an attachment without its identifying metadata
    /// (EXIF/XMP/comments in JPEG, PNG, WebP; document information and XMP
    /// in PDF; properties and comments in OOXML and ODF). Refuses, saying
    /// why, for formats it cannot clean.
    Clean {
        /// The attachment (e.g. TIPS/TIP/files/photo.jpg).
        input: PathBuf,
        /// The clean copy; written only on success, never overwritten.
        #[arg(short, long)]
        output: PathBuf,
    },
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    remove_unfinished_outputs_on_signal();
    match run(cli.command) {
        Ok(code) => code,
        Err(err) => {
            tipbox_core::errln!("tipbox-decrypt: {err}");
            ExitCode::FAILURE
        }
    }
}

/// A thread that waits for SIGINT, SIGTERM or SIGHUP, then removes this
/// run's unfinished outputs (folders of plaintext not yet authenticated)
/// and exits with 128 + the signal's number, as a shell expects.
fn remove_unfinished_outputs_on_signal() {
    use signal_hook::consts::{SIGHUP, SIGINT, SIGTERM};
    let mut signals = match signal_hook::iterator::Signals::new([SIGINT, SIGTERM, SIGHUP]) {
        Ok(signals) => signals,
        Err(err) => {
            tipbox_core::errln!("tipbox-decrypt: warning: cannot watch for Ctrl-C ({err}); an interrupted open is cleaned at the next run");
            return;
        }
    };
    std::thread::spawn(move || {
        if let Some(signal) = signals.forever().next() {
            let removed = offline::abandon_outputs();
            tipbox_core::errln!(
                "tipbox-decrypt: interrupted; removed {removed} unfinished output(s), nothing half-written is left"
            );
            std::process::exit(128 + signal);
        }
    });
}

fn run(command: Command) -> Result<ExitCode, OfflineError> {
    let passphrase = Passphrase::from_env();
    match command {
        Command::Keygen {
            output,
            no_passphrase,
            classic,
        } => {
            let protect = (!no_passphrase).then_some(&passphrase);
            let kind = if classic {
                KeyKind::Classic
            } else {
                KeyKind::Hybrid
            };
            let target = match output {
                Some(path) => KeygenOutput::File(path),
                None => KeygenOutput::Text,
            };
            let (recipient, text) = offline::keygen(target, protect, kind)?;
            match text {
                Some(text) => {
                    // Our own key text, not sanitised: that would leave an
                    // unwiped copy of the secret in memory.
                    print!("{}", text.as_str());
                    tipbox_core::errln!("Public key: {recipient}");
                }
                None => tipbox_core::outln!("{recipient}"),
            }
            // A hybrid key is ~1,960 characters: people compare this instead
            // (the source pages show it beside each newsroom key).
            tipbox_core::errln!("Fingerprint: {}", recipient.fingerprint());
        }
        Command::Raw {
            identity,
            input,
            output,
        } => {
            let identities = offline::load_identities(&identity, &passphrase)?;
            let target = match output {
                Some(path) => RawOutput::File(path),
                None => RawOutput::Stdout,
            };
            offline::decrypt_raw(&identities, input.as_deref(), target)?;
        }
        Command::Open {
            identities,
            input,
            output,
        } => {
            let mut loaded = Vec::new();
            for path in &identities {
                loaded.extend(offline::load_identities(path, &passphrase)?);
            }
            let identities = loaded;
            let report = offline::open(&identities, &input, &output)?;
            if report.removed_partials > 0 {
                tipbox_core::errln!(
                    "tipbox-decrypt: removed {} unfinished folder(s) left in {} by an interrupted open",
                    report.removed_partials,
                    output.display()
                );
            }
            tipbox_core::out!("{}", offline::render_table(&report));
            for tip in &report.opened {
                for warning in &tip.warnings {
                    tipbox_core::errln!(
                        "tipbox-decrypt: warning: tip {}: {}",
                        tip.name,
                        terminal_safe(warning, 200)
                    );
                }
                if let Some(offline::Standing::Unverified(reason)) = report.standings.get(&tip.name)
                {
                    tipbox_core::errln!(
                        "tipbox-decrypt: warning: {} is unverified: {}",
                        tip.name,
                        terminal_safe(reason, 200)
                    );
                }
            }
            if !report.skipped.is_empty() {
                tipbox_core::errln!(
                    "tipbox-decrypt: {} tips were already in {} and were left as they are",
                    report.skipped.len(),
                    output.display()
                );
            }
            tipbox_core::outln!("Reading desk: {}", absolute(&report.index).display());
            if !report.failed.is_empty() {
                let wrong_key = report
                    .failed
                    .iter()
                    .filter(|(_, err)| offline::is_wrong_key(err))
                    .count();
                if wrong_key > 0 && report.needed_key_sets.is_empty() {
                    tipbox_core::errln!(
                        "tipbox-decrypt: {wrong_key} tips are encrypted to other newsroom keys than the identities given (this bundle does not name its key sets)"
                    );
                }
                for (key_set, recipients) in &report.needed_key_sets {
                    tipbox_core::errln!(
                        "tipbox-decrypt: none of the given identities opens the tips of key set {key_set}; they need the identity of one of: {}",
                        recipients.join(", ")
                    );
                }
                tipbox_core::errln!(
                    "tipbox-decrypt: {} of {} tips could not be opened (see the table)",
                    report.failed.len(),
                    report.failed.len() + report.opened.len() + report.skipped.len()
                );
                return Ok(ExitCode::FAILURE);
            }
        }
        Command::Reply {
            identity,
            to,
            message,
            message_file,
            files,
            output,
        } => {
            let message = match (message, message_file) {
                (Some(text), _) => text,
                (None, Some(path)) => std::fs::read_to_string(&path)
                    .map_err(|source| OfflineError::Read { path, source })?,
                (None, None) => {
                    return Err(OfflineError::Usage(
                        "give the reply's text with -m TEXT or --message-file FILE",
                    ))
                }
            };
            let identities = offline::load_identities(&identity, &passphrase)?;
            let id = offline::compose_reply(&offline::ReplyRequest {
                identities: &identities,
                tip_dir: &to,
                message,
                files: &files,
                outgoing: &output,
            })?;
            tipbox_core::outln!("reply {id} added to {}", output.display());
        }
        Command::Clean { input, output } => {
            let cleaned = offline::clean(&input, &output)?;
            tipbox_core::outln!("{}: wrote {}", cleaned.format, output.display());
            for field in &cleaned.removed {
                tipbox_core::outln!(
                    "removed: {}: {}",
                    terminal_safe(&field.name, 80),
                    terminal_safe(&field.value, 120)
                );
            }
            for field in &cleaned.kept {
                tipbox_core::errln!(
                    "tipbox-decrypt: warning: still in the copy: {}: {}",
                    terminal_safe(&field.name, 80),
                    terminal_safe(&field.value, 120)
                );
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// `path` made absolute (against the current folder), so that the line
/// can be pasted into a browser's address bar.
fn absolute(path: &std::path::Path) -> PathBuf {
    std::path::absolute(path).unwrap_or_else(|_| path.to_owned())
}
