//! `tipbox-server [--config FILE]`: the intake server.
//! `tipbox-server token`: a fresh newsroom bearer token and its config line.
//! `tipbox-server check`: is the configuration ready for production?
//! `tipbox-server backup -o FILE` / `restore FILE`: the store, server stopped.
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

/// Every heap block is zeroed before it is freed, and a block that grows is
/// moved and its old place zeroed: what a source sent (a no-JavaScript
/// message, file names, a codename) does not outlive the buffer that held
/// it, whichever crate allocated it (actix's read and write buffers, the
/// multipart parser, askama). `tipbox_server::wiped` says what else is done,
/// `cargo bench --bench load` what it costs.
#[global_allocator]
static ALLOCATOR: zeroizing_alloc::ZeroAlloc<std::alloc::System> =
    zeroizing_alloc::ZeroAlloc(std::alloc::System);
use tipbox_server::config::TokenHash;
use tipbox_server::{logging, operations, Application, Settings};

#[derive(Parser)]
#[command(
    version,
    about = "Anonymous tip intake for newsrooms (serve behind a Tor onion service)"
)]
struct Cli {
    /// Configuration file (TOML); keys it omits keep the documented defaults.
    /// Accepted before or after the subcommand (`tipbox-server check --config F`).
    #[arg(long, value_name = "FILE", global = true)]
    config: Option<PathBuf>,
    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Subcommand)]
enum Command {
    /// Print a fresh random bearer token and the `token_sha256` line for it.
    Token,
    /// Check keys, token hashes, storage and socket folders; one line each.
    Check,
    /// Write every stored tip to a backup file (stop the server first).
    Backup {
        /// Backup file to write; never overwritten.
        #[arg(short, long)]
        output: PathBuf,
    },
    /// Restore a backup (or an export bundle) into an empty storage folder.
    Restore {
        /// The backup file.
        input: PathBuf,
    },
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    if let Some(Command::Token) = cli.command {
        let token = hex::encode(rand::random::<[u8; 32]>());
        tipbox_core::outln!("{token}");
        tipbox_core::outln!(
            "token_sha256 = [\"{}\"]",
            hex::encode(TokenHash::of(&token).0)
        );
        tipbox_core::errln!(
            "Give the first line to the newsroom's fetch station; put the second in [admin]."
        );
        return ExitCode::SUCCESS;
    }
    if let Some(command) = cli.command {
        return operate(cli.config, command);
    }
    logging::init(std::io::stderr, logging::stderr_is_the_journal());
    match run(cli.config) {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            tipbox_core::errln!("tipbox-server: {message}");
            ExitCode::FAILURE
        }
    }
}

/// `check`, `backup`, `restore`: one line per outcome.
fn operate(config: Option<PathBuf>, command: Command) -> ExitCode {
    let settings = match Settings::load(config.as_deref()) {
        Ok(settings) => settings,
        Err(err) => {
            tipbox_core::errln!("tipbox-server: {}", one_line(&err.to_string()));
            return ExitCode::FAILURE;
        }
    };
    let outcome = match command {
        Command::Token => unreachable!("handled before the configuration is read"),
        Command::Check => {
            let checks = operations::check(&settings);
            let failed = checks.iter().filter(|c| c.outcome.is_err()).count();
            for check in &checks {
                match &check.outcome {
                    Ok(found) => tipbox_core::outln!("ok    {}: {found}", check.subject),
                    Err(wrong) => tipbox_core::outln!("FAIL  {}: {wrong}", check.subject),
                }
            }
            if failed == 0 {
                return ExitCode::SUCCESS;
            }
            Err(format!("{failed} of {} checks failed", checks.len()))
        }
        Command::Backup { output } => operations::backup(&settings, &output)
            .map(|done| {
                tipbox_core::outln!(
                    "backed up {} tips ({} bytes of ciphertext) to {}",
                    done.tips,
                    done.bytes,
                    output.display()
                )
            })
            .map_err(|e| e.to_string()),
        Command::Restore { input } => operations::restore(&settings, &input)
            .map(|done| {
                tipbox_core::outln!(
                    "restored {} tips ({} bytes of ciphertext) into {}",
                    done.tips,
                    done.bytes,
                    settings.storage.path.display()
                )
            })
            .map_err(|e| e.to_string()),
    };
    match outcome {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            tipbox_core::errln!("tipbox-server: {message}");
            ExitCode::FAILURE
        }
    }
}

/// TOML errors span several lines (the key path on its own line); an
/// operator's terminal and systemd's journal get one.
fn one_line(message: &str) -> String {
    message
        .lines()
        .map(str::trim)
        .filter(|line| !line.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

#[tokio::main]
async fn run(config: Option<PathBuf>) -> Result<(), String> {
    let settings = Settings::load(config.as_deref()).map_err(|e| e.to_string())?;
    // Listened for before anything starts: a `systemctl stop` that arrives
    // while the listeners start is not lost (actix installs its own signal
    // handling only once its servers run, and a SIGTERM before that was
    // swallowed, leaving the server running until systemd killed it).
    use tokio::signal::unix::{signal, SignalKind};
    let mut terminate = signal(SignalKind::terminate()).map_err(|e| e.to_string())?;
    let mut interrupt = signal(SignalKind::interrupt()).map_err(|e| e.to_string())?;
    let (source, admin) = (
        settings.server.listen.clone(),
        settings.admin.listen.clone(),
    );
    let app = Application::build(settings)
        .await
        .map_err(|e| e.to_string())?;
    tracing::info!(
        version = env!("CARGO_PKG_VERSION"),
        "tipbox-server started: source pages and API on {source}, newsroom API on {admin}"
    );
    if let Some(identity) = app.demo_identity() {
        tipbox_core::errln!(
            "tipbox-server: DEMO KEY, NOT FOR PRODUCTION: tips are encrypted to the demo identity in {path}.\n\
             \x20 Decrypt an export with: tipbox-decrypt open -i {path} BUNDLE -o DIR\n\
             \x20 Before real use, put [newsroom] recipients in a configuration file (--config).",
            path = identity.display()
        );
    }
    if let Some(token) = app.demo_token() {
        tipbox_core::errln!(
            "tipbox-server: DEMO newsroom token in {path}. Export the tips with:\n\
             \x20 tipbox fetch --direct --server http://{admin} --token-file {path} -o bundle.tar",
            path = token.display()
        );
    }
    let handles = app.handles();
    tokio::spawn(async move {
        tokio::select! {
            _ = terminate.recv() => {}
            _ = interrupt.recv() => {}
        }
        tracing::info!("tipbox-server stopping: finishing the requests in progress");
        futures_util::future::join_all(handles.iter().map(|h| h.stop(true))).await;
    });
    let outcome = app.run_until_stopped().await.map_err(|e| e.to_string());
    match &outcome {
        Ok(()) => tracing::info!("tipbox-server stopped"),
        Err(err) => tracing::error!(error = %err, "tipbox-server stopped on an error"),
    }
    outcome
}
