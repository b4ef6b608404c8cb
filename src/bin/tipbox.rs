//! `tipbox`: encrypt on your own machine, submit through Tor, fetch bundles.
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};
use tipbox_client::{self as client, ClientError, Connection, Submission};
use tipbox_core::envelope::Recipient;

/// The tipbox command-line client.
#[derive(Parser)]
#[command(name = "tipbox", version, about)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Encrypt a file to age recipients (opens with age; hybrid age1pq1…
    /// files need age ≥ 1.3 or typage, not rage 0.12).
    Encrypt {
        /// An age1pq1… (hybrid post-quantum) or age1… (X25519) recipient;
        /// repeat for several, all of one kind.
        #[arg(short, long = "recipient", required = true)]
        recipients: Vec<String>,
        /// Input file (standard input if absent).
        input: Option<PathBuf>,
        /// Output file (standard output if absent); never overwritten.
        #[arg(short, long)]
        output: Option<PathBuf>,
    },
    /// Encrypt a tip on this machine and send it to a newsroom.
    Submit {
        /// The newsroom's address, e.g. http://….onion/
        #[arg(long)]
        server: String,
        /// Tor's SOCKS port, e.g. 127.0.0.1:9050 (host names are resolved by Tor).
        #[arg(long)]
        socks5: Option<String>,
        /// The message.
        #[arg(short, long, default_value = "")]
        message: String,
        /// Refuse to send unless the newsroom's keys are exactly these (repeat for several).
        #[arg(long = "recipient")]
        pinned: Vec<String>,
        /// The language you write in, recorded in the tip (tip.json
        /// `language`): any of the source pages' languages, e.g. en, fa,
        /// ug, bo, zh-TW, pt-BR.
        #[arg(long, default_value = "en", value_parser = parse_language)]
        language: String,
        /// Files to attach.
        files: Vec<PathBuf>,
    },
    /// Download an export bundle from the newsroom listener.
    Fetch {
        #[arg(long)]
        server: String,
        #[arg(long)]
        socks5: Option<String>,
        /// File holding the bearer token.
        #[arg(long)]
        token_file: PathBuf,
        /// Bundle file to write; never overwritten.
        #[arg(short, long)]
        output: PathBuf,
        /// Once the bundle is written and checked, have the server remove
        /// the tips it holds (tips that arrived meanwhile stay).
        #[arg(long)]
        confirm: bool,
    },
    /// Have the server remove the tips of an export bundle the newsroom holds.
    Confirm {
        #[arg(long)]
        server: String,
        #[arg(long)]
        socks5: Option<String>,
        /// File holding the bearer token.
        #[arg(long)]
        token_file: PathBuf,
        /// The export bundle (checked before anything is sent).
        bundle: PathBuf,
    },
    /// Upload an outgoing bundle of replies (from `tipbox-decrypt reply`).
    Push {
        #[arg(long)]
        server: String,
        #[arg(long)]
        socks5: Option<String>,
        /// File holding the bearer token.
        #[arg(long)]
        token_file: PathBuf,
        /// The outgoing bundle.
        outgoing: PathBuf,
    },
}

/// A `--language` value: a tag of [`tipbox_core::language::LANGUAGES`]
/// (case-insensitive), written the way the table spells it.
fn parse_language(tag: &str) -> Result<String, String> {
    match tipbox_core::language::by_tag(tag) {
        Some(language) => Ok(language.tag.to_owned()),
        None => {
            let known: Vec<&str> = tipbox_core::language::LANGUAGES
                .iter()
                .map(|l| l.tag)
                .collect();
            Err(format!(
                "not a tipbox language; use one of: {}",
                known.join(", ")
            ))
        }
    }
}

fn main() -> ExitCode {
    match run(Cli::parse().command) {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => {
            tipbox_core::errln!("tipbox: {err}");
            ExitCode::FAILURE
        }
    }
}

fn run(command: Command) -> Result<(), ClientError> {
    match command {
        Command::Encrypt {
            recipients,
            input,
            output,
        } => client::encrypt(
            &parse_recipients(&recipients)?,
            input.as_deref(),
            output.as_deref(),
        ),
        Command::Submit {
            server,
            socks5,
            message,
            pinned,
            language,
            files,
        } => {
            let connection = Connection::new(&server, socks5.as_deref())?;
            let submission = Submission {
                message,
                files,
                pinned: parse_recipients(&pinned)?,
                language,
            };
            let bar = indicatif::ProgressBar::hidden();
            let report = client::submit_with(
                &connection,
                &submission,
                &client::RetryPolicy::default(),
                &mut |keys| {
                    tipbox_core::errln!("Encrypting to the newsroom's keys:");
                    for key in keys {
                        // A hybrid key is ~1,960 characters: its start is
                        // enough beside the fingerprint people compare.
                        let text = key.to_string();
                        let shown = if text.len() > 80 {
                            format!("{}…{}", &text[..40], &text[text.len() - 16..])
                        } else {
                            text
                        };
                        tipbox_core::errln!("  {}  {shown}", key.fingerprint());
                    }
                },
                &mut |progress| show_progress(&bar, progress),
            )?;
            bar.finish_and_clear();
            tipbox_core::errln!(
                "Sent {} bytes. The server holds only the encrypted tip.",
                report.size
            );
            Ok(())
        }
        Command::Fetch {
            server,
            socks5,
            token_file,
            output,
            confirm,
        } => {
            let token = read_token(&token_file)?;
            let connection = Connection::new(&server, socks5.as_deref())?;
            let report = client::fetch(&connection, &token, &output)?;
            tipbox_core::errln!(
                "Fetched {} tips ({} bytes) into {}",
                report.tips,
                report.bytes,
                output.display()
            );
            if confirm {
                report_confirmed(client::confirm(&connection, &token, &output)?);
            }
            Ok(())
        }
        Command::Confirm {
            server,
            socks5,
            token_file,
            bundle,
        } => {
            let token = read_token(&token_file)?;
            let connection = Connection::new(&server, socks5.as_deref())?;
            report_confirmed(client::confirm(&connection, &token, &bundle)?);
            Ok(())
        }
        Command::Push {
            server,
            socks5,
            token_file,
            outgoing,
        } => {
            let token =
                std::fs::read_to_string(&token_file).map_err(|source| ClientError::Read {
                    path: token_file.clone(),
                    source,
                })?;
            let connection = Connection::new(&server, socks5.as_deref())?;
            let stored = client::push(&connection, token.trim(), &outgoing)?;
            tipbox_core::outln!("Pushed {stored} replies from {}", outgoing.display());
            Ok(())
        }
    }
}

fn read_token(path: &std::path::Path) -> Result<String, ClientError> {
    std::fs::read_to_string(path)
        .map(|token| token.trim().to_owned())
        .map_err(|source| ClientError::Read {
            path: path.to_owned(),
            source,
        })
}

fn report_confirmed(report: client::ConfirmReport) {
    tipbox_core::errln!(
        "The server removed {} tips of this bundle ({} were already gone).",
        report.removed,
        report.absent
    );
}

/// Parsed here rather than by clap so that a bad key is one clear line.
fn parse_recipients(texts: &[String]) -> Result<Vec<Recipient>, ClientError> {
    texts
        .iter()
        .map(|text| text.parse::<Recipient>().map_err(ClientError::from))
        .collect()
}

/// Draws `tipbox submit`'s progress bar on stderr (hidden when stderr is
/// not a terminal), created on the first report, once the size is known.
fn show_progress(bar: &indicatif::ProgressBar, progress: client::Progress) {
    if bar.is_hidden() && bar.length().is_none() {
        bar.set_draw_target(indicatif::ProgressDrawTarget::stderr());
        bar.set_style(
            indicatif::ProgressStyle::with_template(
                "{bar:30} {binary_bytes}/{binary_total_bytes} {binary_bytes_per_sec} {eta} left",
            )
            .expect("a valid template"),
        );
        bar.set_length(progress.total);
    }
    bar.set_position(progress.sent);
}
