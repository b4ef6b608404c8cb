//! `tipbox`: encrypt on your own machine, submit through Tor, fetch bundles.
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Duration;

use clap::{Parser, Subcommand};
use tipbox::client::{self, ClientError, Connection, Route, Submission};
use tipbox::envelope::Recipient;

/// The tipbox command-line client.
#[derive(Parser)]
#[command(name = "tipbox", version, about, after_help = AFTER_HELP)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

/// Shown under every `--help`: how the network is reached and what the
/// exit statuses mean.
const AFTER_HELP: &str = "\
Network:
  submit, fetch, confirm and push go through Tor's SOCKS5 port, 127.0.0.1:9050
  unless --socks5 names another (Tor Browser: 127.0.0.1:9150). Host names,
  onions included, are resolved by Tor, never by this machine. --direct
  connects without Tor, to a loopback address only.

Exit status:
  0  success
  1  a failure of tipbox itself
  2  usage: a wrong command line (server URL, key, --socks5, --direct)
  3  network: the server was not reached (is tor running on 127.0.0.1:9050?
     connection refused, onion unreachable, timed out)
  4  server: the server refused, or answered what tipbox does not accept
  5  local I/O: a local file could not be read or written";

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
        #[command(flatten)]
        network: Network,
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
        #[command(flatten)]
        network: Network,
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
        #[command(flatten)]
        network: Network,
        /// File holding the bearer token.
        #[arg(long)]
        token_file: PathBuf,
        /// The export bundle (checked before anything is sent).
        bundle: PathBuf,
    },
    /// Upload an outgoing bundle of replies (from `tipbox-decrypt reply`).
    Push {
        #[command(flatten)]
        network: Network,
        /// File holding the bearer token.
        #[arg(long)]
        token_file: PathBuf,
        /// The outgoing bundle.
        outgoing: PathBuf,
    },
}

/// Where the server is and how to reach it (every command that talks to
/// a server).
#[derive(clap::Args)]
struct Network {
    /// The server's address, e.g. http://….onion/ (the newsroom's source
    /// onion for `submit`, its newsroom onion for the others).
    #[arg(long)]
    server: String,
    /// Tor's SOCKS5 port as IP:PORT; host names, onions included, are
    /// resolved by Tor, never by this machine.
    #[arg(long, value_name = "IP:PORT", default_value = client::DEFAULT_SOCKS5, conflicts_with = "direct")]
    socks5: String,
    /// Connect without Tor; allowed only to a loopback address (a server
    /// on this machine, tests).
    #[arg(long)]
    direct: bool,
    /// Seconds to open a connection (through Tor, the circuit to the onion
    /// included).
    #[arg(long, value_name = "SECS", default_value_t = 120, value_parser = clap::value_parser!(u64).range(1..))]
    connect_timeout: u64,
    /// Seconds to wait for an answer to start, and for each further piece
    /// of it; a stalled transfer fails (fetch and submit try again) after this.
    #[arg(long, value_name = "SECS", default_value_t = 120, value_parser = clap::value_parser!(u64).range(1..))]
    timeout: u64,
}

impl Network {
    fn connect(&self) -> Result<Connection, ClientError> {
        let route = if self.direct {
            Route::Direct
        } else {
            Route::from_flags(Some(&self.socks5), false)?
        };
        let timeouts = client::Timeouts {
            connect: Duration::from_secs(self.connect_timeout),
            idle: Duration::from_secs(self.timeout),
        };
        Connection::with_timeouts(&self.server, route, timeouts)
    }
}

/// A `--language` value: a tag of [`tipbox::language::LANGUAGES`]
/// (case-insensitive), written the way the table spells it.
fn parse_language(tag: &str) -> Result<String, String> {
    match tipbox::language::by_tag(tag) {
        Some(language) => Ok(language.tag.to_owned()),
        None => {
            let known: Vec<&str> = tipbox::language::LANGUAGES.iter().map(|l| l.tag).collect();
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
            report(&err);
            ExitCode::from(err.exit_kind() as u8)
        }
    }
}

/// One line saying what failed; for a network failure, the chain of
/// causes under it and what to do.
fn report(err: &ClientError) {
    tipbox::errln!("tipbox: {err}");
    if let ClientError::Network(network) = err {
        for cause in network.chain() {
            tipbox::errln!("  caused by: {cause}");
        }
        tipbox::errln!("  what to do: {}", network.hint());
    }
}

/// Judges a network failure with the route the connection took.
fn on_route(connection: &Connection) -> impl Fn(ClientError) -> ClientError + '_ {
    move |err| err.on_route(connection.route())
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
            network,
            message,
            pinned,
            language,
            files,
        } => {
            let connection = network.connect()?;
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
                    tipbox::errln!("Encrypting to the newsroom's keys:");
                    for key in keys {
                        // A hybrid key is ~1,960 characters: its start is
                        // enough beside the fingerprint people compare.
                        let text = key.to_string();
                        let shown = if text.len() > 80 {
                            format!("{}…{}", &text[..40], &text[text.len() - 16..])
                        } else {
                            text
                        };
                        tipbox::errln!("  {}  {shown}", key.fingerprint());
                    }
                },
                &mut |progress| show_progress(&bar, progress),
            )
            .map_err(on_route(&connection))?;
            bar.finish_and_clear();
            tipbox::errln!(
                "Sent {} bytes. The server holds only the encrypted tip.",
                report.size
            );
            Ok(())
        }
        Command::Fetch {
            network,
            token_file,
            output,
            confirm,
        } => {
            let token = read_token(&token_file)?;
            let connection = network.connect()?;
            let bar = indicatif::ProgressBar::hidden();
            let report = client::fetch_with(
                &connection,
                &token,
                &output,
                &client::RetryPolicy::default(),
                &mut |progress| show_fetch_progress(&bar, progress),
            )
            .map_err(on_route(&connection))?;
            bar.finish_and_clear();
            tipbox::errln!(
                "Fetched {} tips ({} bytes) into {}",
                report.tips,
                report.bytes,
                output.display()
            );
            if confirm {
                report_confirmed(
                    client::confirm(&connection, &token, &output).map_err(on_route(&connection))?,
                );
            }
            Ok(())
        }
        Command::Confirm {
            network,
            token_file,
            bundle,
        } => {
            let token = read_token(&token_file)?;
            let connection = network.connect()?;
            report_confirmed(
                client::confirm(&connection, &token, &bundle).map_err(on_route(&connection))?,
            );
            Ok(())
        }
        Command::Push {
            network,
            token_file,
            outgoing,
        } => {
            let token =
                std::fs::read_to_string(&token_file).map_err(|source| ClientError::Read {
                    path: token_file.clone(),
                    source,
                })?;
            let connection = network.connect()?;
            let stored = client::push(&connection, token.trim(), &outgoing).map_err(on_route(&connection))?;
            tipbox::outln!("Pushed {stored} replies from {}", outgoing.display());
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
    tipbox::errln!(
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
/// not a terminal), created on the first report, once the size is known;
/// a retry is said on its own line, so the bar never looks frozen.
fn show_progress(bar: &indicatif::ProgressBar, progress: client::Progress) {
    if bar.is_hidden() && bar.length().is_none() {
        start_bar(bar, Some(progress.total));
    }
    bar.set_position(progress.sent);
    if let Some(retrying) = progress.retrying {
        say_retrying(bar, "The upload failed", &retrying.cause, retrying.attempt, retrying.wait);
    }
}

/// `tipbox fetch`'s progress bar (a spinner with the bytes so far when the
/// server gave no length), and its retries.
fn show_fetch_progress(bar: &indicatif::ProgressBar, progress: client::FetchProgress) {
    match progress {
        client::FetchProgress::Received { bytes, total } => {
            if bar.is_hidden() && bar.length().is_none() {
                start_bar(bar, total);
            }
            bar.set_position(bytes);
        }
        client::FetchProgress::Retrying {
            attempt,
            wait,
            cause,
        } => say_retrying(bar, "The download broke off", &cause, attempt, wait),
    }
}

fn start_bar(bar: &indicatif::ProgressBar, total: Option<u64>) {
    bar.set_draw_target(indicatif::ProgressDrawTarget::stderr());
    let template = match total {
        Some(_) => "{bar:30} {binary_bytes}/{binary_total_bytes} {binary_bytes_per_sec} {eta} left",
        None => "{spinner} {binary_bytes} {binary_bytes_per_sec}",
    };
    bar.set_style(indicatif::ProgressStyle::with_template(template).expect("a valid template"));
    bar.set_length(total.unwrap_or(0));
}

/// One line above the bar (or alone, without a terminal).
fn say_retrying(
    bar: &indicatif::ProgressBar,
    what: &str,
    cause: &str,
    attempt: u32,
    wait: Duration,
) {
    let line = format!(
        "{what} ({cause}); trying again in {} s (attempt {} of {})",
        wait.as_secs().max(1),
        attempt + 1,
        client::RetryPolicy::default().max_failures
    );
    bar.suspend(|| tipbox::errln!("{line}"));
}
