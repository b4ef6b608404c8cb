//! `tipbox`: encrypt on your own machine, submit through Tor, fetch,
//! confirm and push bundles on the newsroom's transfer station. `main`
//! parses the command line, runs the command from `tipbox_client`, and
//! maps its error to one line (with causes for a network failure) and an
//! exit status.
use std::fs::File;
use std::io::{self, IsTerminal, Read, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Duration;

use clap::{CommandFactory, Parser, Subcommand};
use tipbox_client::wording::{count, size};
use tipbox_client::{self as client, ClientError, Connection, Route, Submission};
use tipbox_core::envelope::Recipient;

/// The source's and the transfer station's tipbox client: encrypts a tip
/// on this machine and sends it to a newsroom through Tor; fetches,
/// confirms and pushes bundles on the newsroom's transfer station.
#[derive(Parser)]
#[command(name = "tipbox", version, long_about = None, after_help = AFTER_HELP)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

/// Shown under every `--help`: how the network is reached, the
/// environment, and what the exit statuses mean.
const AFTER_HELP: &str = "\
Network:
  submit, fetch, confirm and push go through Tor's SOCKS5 port, 127.0.0.1:9050
  unless --socks5 names another (Tor Browser: 127.0.0.1:9150). Host names,
  onions included, are resolved by Tor, never by this machine. --direct
  connects without Tor, to a loopback address only.

Files:
  - stands for standard input or output wherever a file is named (not for an
  attachment, whose size is sealed first). Binary output is never written to
  a terminal. Output files are never overwritten.

Environment:
  tipbox reads no environment variable: TIPBOX_PASSPHRASE is for
  tipbox-decrypt (tipbox holds no secret key), RUST_LOG for tipbox-server
  (tipbox logs nothing), and HTTP_PROXY/ALL_PROXY are ignored (--socks5 is
  the only proxy).

Exit status:
  0  success
  1  a failure of tipbox itself
  2  usage: a wrong command line (server URL, key, --socks5, --direct, an
     empty tip)
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
        #[arg(short, long = "recipient", value_name = "RECIPIENT", required = true)]
        recipients: Vec<String>,
        /// File to encrypt (standard input if absent or -).
        #[arg(value_name = "INPUT")]
        input: Option<PathBuf>,
        /// Encrypted file to write, never overwritten (standard output if
        /// absent or -, but not a terminal).
        #[arg(short, long, value_name = "FILE")]
        output: Option<PathBuf>,
    },
    /// Encrypt a tip on this machine and send it to a newsroom through Tor.
    ///
    /// The message is read from --message-file, or else from standard input
    /// (type it, then Ctrl-D), so that it stays out of shell history and the
    /// process list.
    #[command(after_help = AFTER_HELP)]
    Submit {
        #[command(flatten)]
        network: Network,
        /// File holding the message (- for standard input).
        #[arg(long, value_name = "FILE", conflicts_with = "message")]
        message_file: Option<PathBuf>,
        /// The message on the command line. Avoid it: shell history and
        /// `ps` keep what is typed there; use --message-file or standard
        /// input.
        #[arg(short, long, value_name = "TEXT", hide_short_help = true)]
        message: Option<String>,
        /// Refuse to send unless the newsroom's keys are exactly these
        /// (repeat for several).
        #[arg(long = "recipient", value_name = "RECIPIENT")]
        pinned: Vec<String>,
        /// The language you write in, recorded in the tip (tip.json
        /// `language`): any of the source pages' languages, e.g. en, fa,
        /// ug, bo, zh-TW, pt-BR.
        #[arg(long, value_name = "TAG", default_value = "en", value_parser = parse_language)]
        language: String,
        /// Files to attach (checked before anything is sent).
        #[arg(value_name = "FILE")]
        files: Vec<PathBuf>,
    },
    /// Download an export bundle from the newsroom listener, through Tor.
    #[command(after_help = AFTER_HELP)]
    Fetch {
        #[command(flatten)]
        network: Network,
        /// File holding the newsroom's bearer token (- for standard input).
        #[arg(long, value_name = "FILE")]
        token_file: PathBuf,
        /// Bundle file to write, never overwritten (- for standard output,
        /// but not a terminal).
        #[arg(short, long, value_name = "FILE")]
        output: PathBuf,
        /// Once the bundle is written and checked, have the server remove
        /// the tips it holds (tips that arrived meanwhile stay).
        #[arg(long)]
        confirm: bool,
    },
    /// Have the server remove the tips of an export bundle the newsroom
    /// holds.
    #[command(after_help = AFTER_HELP)]
    Confirm {
        #[command(flatten)]
        network: Network,
        /// File holding the newsroom's bearer token (- for standard input).
        #[arg(long, value_name = "FILE")]
        token_file: PathBuf,
        /// The export bundle, checked before anything is sent (- for
        /// standard input).
        #[arg(value_name = "BUNDLE")]
        bundle: PathBuf,
    },
    /// Upload an outgoing bundle of replies (from `tipbox-decrypt reply`).
    #[command(after_help = AFTER_HELP)]
    Push {
        #[command(flatten)]
        network: Network,
        /// File holding the newsroom's bearer token (- for standard input).
        #[arg(long, value_name = "FILE")]
        token_file: PathBuf,
        /// The outgoing bundle (- for standard input).
        #[arg(value_name = "OUTGOING")]
        outgoing: PathBuf,
    },
    /// Print a shell completion script (bash, zsh, fish, elvish,
    /// powershell) to standard output.
    Completions {
        /// The shell to complete for.
        shell: clap_complete::Shell,
    },
    /// Write the man pages, tipbox(1) and one per command, into a folder
    /// (what the Debian package installs, from deploy/man/).
    #[command(hide = true)]
    Manpages {
        /// The folder to write the pages into.
        #[arg(long, value_name = "DIR")]
        out_dir: PathBuf,
    },
}

/// Where the server is and how to reach it (every command that talks to
/// a server).
#[derive(clap::Args)]
struct Network {
    /// The server's address, e.g. http://….onion/ (the newsroom's source
    /// onion for `submit`, its newsroom onion for the others).
    #[arg(long, value_name = "URL")]
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
            report(&err);
            ExitCode::from(err.exit_kind() as u8)
        }
    }
}

/// One line saying what failed; for a network failure, the chain of
/// causes under it and what to do.
fn report(err: &ClientError) {
    tipbox_core::errln!("tipbox: {err}");
    if let ClientError::Network(network) = err {
        for cause in network.chain() {
            tipbox_core::errln!("  caused by: {cause}");
        }
        tipbox_core::errln!("  what to do: {}", network.hint());
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
        } => {
            let output = output.filter(|path| !is_dash(path));
            if output.is_none() && io::stdout().is_terminal() {
                return Err(ClientError::BinaryToTerminal);
            }
            client::encrypt(
                &parse_recipients(&recipients)?,
                input.filter(|path| !is_dash(path)).as_deref(),
                output.as_deref(),
            )
        }
        Command::Submit {
            network,
            message_file,
            message,
            pinned,
            language,
            files,
        } => {
            if let Some(dash) = files.iter().find(|path| is_dash(path)) {
                return Err(ClientError::NotAFile(dash.clone()));
            }
            let pinned = parse_recipients(&pinned)?;
            let connection = network.connect()?;
            let message = match (message, message_file) {
                (Some(text), _) => text,
                (None, Some(path)) if !is_dash(&path) => {
                    std::fs::read_to_string(&path).map_err(|source| ClientError::Read {
                        path: path.clone(),
                        source,
                    })?
                }
                (None, _) => read_message_from_stdin()?,
            };
            let submission = Submission {
                message,
                files,
                pinned,
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
            )
            .map_err(on_route(&connection))?;
            bar.finish_and_clear();
            tipbox_core::errln!(
                "Sent {}. The server holds only the encrypted tip.",
                size(report.size)
            );
            Ok(())
        }
        Command::Fetch {
            network,
            token_file,
            output,
            confirm,
        } => {
            let to_stdout = is_dash(&output);
            if to_stdout && io::stdout().is_terminal() {
                return Err(ClientError::BinaryToTerminal);
            }
            let token = read_token(&token_file)?;
            let connection = network.connect()?;
            // Standard output gets the bundle only once it is complete and
            // checked: it is downloaded into a private folder first.
            let spool = tempfile::tempdir()?;
            let path = if to_stdout {
                spool.path().join("bundle.tar")
            } else {
                output.clone()
            };
            let bar = indicatif::ProgressBar::hidden();
            let report = client::fetch_with(
                &connection,
                &token,
                &path,
                &client::RetryPolicy::default(),
                &mut |progress| show_fetch_progress(&bar, progress),
            )
            .map_err(on_route(&connection))?;
            bar.finish_and_clear();
            if to_stdout {
                let mut out = io::stdout().lock();
                io::copy(&mut File::open(&path)?, &mut out)?;
                out.flush()?;
            }
            tipbox_core::errln!(
                "Fetched {} ({}) into {}",
                count(report.tips as u64, "tip", "tips"),
                size(report.bytes),
                if to_stdout {
                    "standard output".into()
                } else {
                    output.display().to_string()
                }
            );
            if confirm {
                report_confirmed(
                    client::confirm(&connection, &token, &path).map_err(on_route(&connection))?,
                );
            }
            Ok(())
        }
        Command::Confirm {
            network,
            token_file,
            bundle,
        } => {
            one_stdin(&[&token_file, &bundle])?;
            let token = read_token(&token_file)?;
            let connection = network.connect()?;
            let spool = tempfile::tempdir()?;
            let bundle = from_stdin_if_dash(&bundle, spool.path())?;
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
            one_stdin(&[&token_file, &outgoing])?;
            let token = read_token(&token_file)?;
            let connection = network.connect()?;
            let spool = tempfile::tempdir()?;
            let bundle = from_stdin_if_dash(&outgoing, spool.path())?;
            let stored =
                client::push(&connection, &token, &bundle).map_err(on_route(&connection))?;
            tipbox_core::outln!(
                "Pushed {} from {}",
                count(stored, "reply", "replies"),
                if is_dash(&outgoing) {
                    "standard input".into()
                } else {
                    outgoing.display().to_string()
                }
            );
            Ok(())
        }
        Command::Completions { shell } => {
            clap_complete::generate(shell, &mut Cli::command(), "tipbox", &mut io::stdout());
            Ok(())
        }
        Command::Manpages { out_dir } => {
            clap_mangen::generate_to(Cli::command(), &out_dir)?;
            Ok(())
        }
    }
}

fn is_dash(path: &Path) -> bool {
    path.as_os_str() == "-"
}

/// Standard input can be read once.
fn one_stdin(paths: &[&Path]) -> Result<(), ClientError> {
    if paths.iter().filter(|path| is_dash(path)).count() > 1 {
        return Err(ClientError::StdinTwice);
    }
    Ok(())
}

/// `path`, or for `-` a file in `spool` holding standard input (the
/// commands read their bundle twice: to check it, then to send it).
fn from_stdin_if_dash(path: &Path, spool: &Path) -> Result<PathBuf, ClientError> {
    if !is_dash(path) {
        return Ok(path.to_owned());
    }
    let spooled = spool.join("stdin");
    let mut file = File::create(&spooled)?;
    io::copy(&mut io::stdin().lock(), &mut file)?;
    file.sync_all()?;
    Ok(spooled)
}

/// The message, from standard input: typed (ended with Ctrl-D) when it is
/// a terminal, else whatever is piped in.
fn read_message_from_stdin() -> Result<String, ClientError> {
    let stdin = io::stdin();
    if stdin.is_terminal() {
        tipbox_core::errln!("Type your message, then press Ctrl-D on a line of its own:");
    }
    let mut message = String::new();
    stdin
        .lock()
        .read_to_string(&mut message)
        .map_err(|source| ClientError::Read {
            path: "standard input".into(),
            source,
        })?;
    Ok(message)
}

fn read_token(path: &Path) -> Result<String, ClientError> {
    let read = if is_dash(path) {
        let mut token = String::new();
        io::stdin().lock().read_to_string(&mut token).map(|_| token)
    } else {
        std::fs::read_to_string(path)
    };
    read.map(|token| token.trim().to_owned())
        .map_err(|source| ClientError::Read {
            path: path.to_owned(),
            source,
        })
}

fn report_confirmed(report: client::ConfirmReport) {
    let gone = match report.absent {
        0 => "none was already gone".to_owned(),
        1 => "1 was already gone".to_owned(),
        n => format!("{n} were already gone"),
    };
    tipbox_core::errln!(
        "The server removed {} of this bundle ({gone}).",
        count(report.removed as u64, "tip", "tips"),
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
        say_retrying(
            bar,
            "The upload failed",
            &retrying.cause,
            retrying.attempt,
            retrying.wait,
        );
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
    bar.suspend(|| tipbox_core::errln!("{line}"));
}
