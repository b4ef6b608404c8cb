//! `tipbox-server [--config FILE]`: the intake server.
//! `tipbox-server token`: a fresh newsroom bearer token and its config line.
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};
use tipbox::server::config::TokenHash;
use tipbox::server::{logging, Application, Settings};

#[derive(Parser)]
#[command(
    version,
    about = "Anonymous tip intake for newsrooms (serve behind a Tor onion service)"
)]
struct Cli {
    /// Configuration file (TOML); keys it omits keep the documented defaults.
    #[arg(long, value_name = "FILE")]
    config: Option<PathBuf>,
    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Subcommand)]
enum Command {
    /// Print a fresh random bearer token and the `token_sha256` line for it.
    Token,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    if let Some(Command::Token) = cli.command {
        let token = hex::encode(rand::random::<[u8; 32]>());
        println!("{token}");
        println!(
            "token_sha256 = [\"{}\"]",
            hex::encode(TokenHash::of(&token).0)
        );
        eprintln!(
            "Give the first line to the newsroom's fetch station; put the second in [admin]."
        );
        return ExitCode::SUCCESS;
    }
    logging::init(std::io::stderr);
    match run(cli.config) {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("tipbox-server: {message}");
            ExitCode::FAILURE
        }
    }
}

#[tokio::main]
async fn run(config: Option<PathBuf>) -> Result<(), String> {
    let settings = Settings::load(config.as_deref()).map_err(|e| e.to_string())?;
    let (source, admin) = (
        settings.server.listen.clone(),
        settings.admin.listen.clone(),
    );
    let app = Application::build(settings)
        .await
        .map_err(|e| e.to_string())?;
    eprintln!("tipbox-server: source pages and API on {source}, newsroom API on {admin}");
    if let Some(identity) = app.demo_identity() {
        eprintln!(
            "tipbox-server: DEMO KEY, NOT FOR PRODUCTION: tips are encrypted to the demo identity in {path}.\n\
             \x20 Decrypt an export with: tipbox-decrypt open -i {path} BUNDLE -o DIR\n\
             \x20 Before real use, set [newsroom] recipients and allow_demo_key = false.",
            path = identity.display()
        );
    }
    if let Some(token) = app.demo_token() {
        eprintln!(
            "tipbox-server: DEMO newsroom token in {path}. Export the tips with:\n\
             \x20 tipbox fetch --server http://{admin} --token-file {path} -o bundle.tar",
            path = token.display()
        );
    }
    app.run_until_stopped().await.map_err(|e| e.to_string())
}
