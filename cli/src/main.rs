//! `outreach`: the command line over outreach-core, for scripts, tests and benchmarks.
//! Each command is a thin adapter: parse arguments, call one core function, print.

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};
use outreach_core::{store, Error, Store};

mod cities;
mod output;
mod signatures;

#[derive(Parser)]
#[command(
    name = "outreach",
    version,
    about = "Outreach Desk on the command line"
)]
struct Cli {
    /// The data folder holding outreach.db (default: $OUTREACH_DATA_DIR, else the
    /// platform's data folder, the same one the app uses).
    #[arg(long, global = true, value_name = "DIR")]
    data_dir: Option<PathBuf>,

    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// List the target cities: US city, Russian sister city, status, response, last call.
    Cities {
        /// Print a JSON array instead of a table.
        #[arg(long)]
        json: bool,
    },
    /// Show one city with its ties' history, sources and contacts.
    City {
        /// The city's slug, e.g. portland-or (see `outreach cities`).
        slug: String,
        #[arg(long)]
        json: bool,
    },
    /// The petition's signature total: sync, enter by hand, history, settings.
    Signatures {
        #[command(subcommand)]
        command: signatures::SignaturesCommand,
    },
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let json = match &cli.command {
        Command::Cities { json } | Command::City { json, .. } => *json,
        Command::Signatures { command } => command.json(),
    };
    match run(cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            if json {
                let _ = writeln!(
                    std::io::stderr(),
                    "{}",
                    serde_json::to_string(&e.payload()).expect("serialises")
                );
            } else {
                let _ = writeln!(std::io::stderr(), "outreach: {e}");
            }
            ExitCode::FAILURE
        }
    }
}

fn run(cli: Cli) -> Result<(), Error> {
    let dir = store::resolve_data_dir(cli.data_dir.as_deref())?;
    let mut store = Store::open_dir(&dir)?;
    match cli.command {
        Command::Cities { json } => cities::list(&store, json),
        Command::City { slug, json } => cities::show(&store, &slug, json),
        Command::Signatures { command } => signatures::run(&mut store, command),
    }
}
