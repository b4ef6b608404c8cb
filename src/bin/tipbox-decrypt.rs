//! `tipbox-decrypt`: the newsroom's offline tool. It links no network code.
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};
use tipbox::offline::{self, terminal_safe, KeygenOutput, OfflineError, Passphrase, RawOutput};

/// Decrypt tipbox tips on the air-gapped machine.
#[derive(Parser)]
#[command(name = "tipbox-decrypt", version, about)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Create a newsroom identity; prints its age1… recipient.
    Keygen {
        /// Identity file to write (required unless --no-passphrase).
        #[arg(short, long)]
        output: Option<PathBuf>,
        /// Store the key unprotected (tests, or a machine with full-disk encryption).
        #[arg(long)]
        no_passphrase: bool,
    },
    /// Decrypt any standard age X25519 file; output appears only on success.
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
    match run(cli.command) {
        Ok(code) => code,
        Err(err) => {
            eprintln!("tipbox-decrypt: {err}");
            ExitCode::FAILURE
        }
    }
}

fn run(command: Command) -> Result<ExitCode, OfflineError> {
    let passphrase = Passphrase::from_env();
    match command {
        Command::Keygen {
            output,
            no_passphrase,
        } => {
            let protect = (!no_passphrase).then_some(&passphrase);
            let target = match output {
                Some(path) => KeygenOutput::File(path),
                None => KeygenOutput::Text,
            };
            let (recipient, text) = offline::keygen(target, protect)?;
            match text {
                Some(text) => {
                    print!("{}", text.as_str());
                    eprintln!("Public key: {recipient}");
                }
                None => println!("{recipient}"),
            }
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
            print!("{}", offline::render_table(&report));
            for tip in &report.opened {
                for warning in &tip.warnings {
                    eprintln!(
                        "tipbox-decrypt: warning: tip {}: {}",
                        tip.name,
                        terminal_safe(warning, 200)
                    );
                }
            }
            if !report.failed.is_empty() {
                eprintln!(
                    "tipbox-decrypt: {} of {} tips could not be opened (see the table)",
                    report.failed.len(),
                    report.failed.len() + report.opened.len()
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
            println!("reply {id} added to {}", output.display());
        }
        Command::Clean { input, output } => {
            let cleaned = offline::clean(&input, &output)?;
            println!("{}: wrote {}", cleaned.format, output.display());
            for field in &cleaned.removed {
                println!(
                    "removed: {}: {}",
                    terminal_safe(&field.name, 80),
                    terminal_safe(&field.value, 120)
                );
            }
            for field in &cleaned.kept {
                eprintln!(
                    "tipbox-decrypt: warning: still in the copy: {}: {}",
                    terminal_safe(&field.name, 80),
                    terminal_safe(&field.value, 120)
                );
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}
