//! `outreach`: the command line over outreach-core, for scripts, tests and benchmarks.
//! Each command is a thin adapter: parse arguments, call one core function, print.

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};
use outreach_core::{store, Error, Store};

mod cities;
mod exchange;
mod output;

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
    /// Import mayor contacts (US Conference of Mayors CSV, mapped CSV, Open States).
    Import {
        #[command(subcommand)]
        what: exchange::ImportCommand,
    },
    /// Export cities, contacts, calls or responses as CSV or JSON (to stdout, or -o FILE).
    Export {
        #[arg(value_enum)]
        what: exchange::What,
        #[arg(long, value_enum)]
        format: exchange::Format,
        #[arg(short = 'o', long = "output", value_name = "FILE")]
        output: Option<PathBuf>,
    },
    /// Volunteer bundles: export this machine's work, merge another volunteer's.
    Bundle {
        #[command(subcommand)]
        action: exchange::BundleCommand,
    },
    /// The store's rotating backups: list (default), create, restore <ID>.
    Backup {
        #[command(subcommand)]
        action: Option<exchange::BackupCommand>,
        #[arg(long, global = true)]
        json: bool,
    },
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let json = match &cli.command {
        Command::Cities { json } | Command::City { json, .. } => *json,
        Command::Import { what } => what.json(),
        Command::Export { .. } => false,
        Command::Bundle { action } => action.json(),
        Command::Backup { json, .. } => *json,
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
    if let Err(e) = outreach_core::backup::daily_if_due(&store) {
        let _ = writeln!(
            std::io::stderr(),
            "outreach: warning: today's backup was not made: {e}"
        );
    }
    match cli.command {
        Command::Cities { json } => cities::list(&store, json),
        Command::City { slug, json } => cities::show(&store, &slug, json),
        Command::Import { what } => exchange::run_import(&mut store, what),
        Command::Export {
            what,
            format,
            output,
        } => exchange::run_export(&store, what, format, output.as_deref()),
        Command::Bundle { action } => exchange::run_bundle(&mut store, action),
        Command::Backup { action, json } => exchange::run_backup(&mut store, action, json),
    }
}
