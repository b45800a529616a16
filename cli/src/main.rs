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
// Issue 3: the outreach workflow.
mod calls;
mod campaign;
mod contacts;
mod followups;
mod generate;
mod responses;
mod signatures;
mod stats;
// Issue 9: call next.
mod queue;
// Issue 12: team sync.
mod team;

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

    /// Print the result as JSON (and an error as `{ "kind", "message" }` on stderr).
    /// Goes before or after the command: `outreach --json cities`, `outreach cities --json`.
    #[arg(long, global = true)]
    json: bool,

    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// List the target cities: US city, Russian sister city, status, response, last call.
    #[command(args_conflicts_with_subcommands = true)]
    Cities {
        #[command(flatten)]
        query: cities::QueryArgs,
        #[command(subcommand)]
        action: Option<cities::CitiesCommand>,
    },
    /// Show one city with its ties' history, sources and contacts.
    City {
        /// The city's slug, e.g. portland-or (see `outreach cities`).
        slug: String,
    },
    /// Log a call or e-mail to a city; prints the new call's id.
    LogCall(calls::LogCallArgs),
    /// Undo a logged call (it disappears from every list and count).
    UndoCall { id: String },
    /// Record a city's response and/or a change of its tie's status.
    Respond(responses::RespondArgs),
    /// Undo a recorded response (the city shows the one before, or none).
    UndoResponse { id: String },
    /// Undo a change of a tie's status (the tie is back at its previous status).
    UndoStatus { id: String },
    /// Follow-ups due today and overdue.
    FollowUps,
    /// Counts by relationship status and response, calls in the last 7 days, follow-ups due.
    Stats,
    /// Add, edit, remove or list a city's contacts.
    #[command(subcommand)]
    Contacts(contacts::ContactsCommand),
    /// A city's calls, newest first.
    Calls { slug: String },
    /// The city to call next: the queue in its order, with the reason, contact and phone.
    Next(queue::NextArgs),
    /// Skip a city in the queue for today, with a reason (not a call; back tomorrow).
    Skip(queue::SkipArgs),
    /// The call script for a city's tie status, filled in (gaps shown as [field?]).
    Script {
        slug: String,
        /// The contact spoken of (default: the city's mayor).
        #[arg(long, value_name = "ID")]
        contact: Option<String>,
    },
    /// Show or change the campaign settings: your name, the call script, the goal.
    Campaign(campaign::CampaignArgs),
    /// Add a large synthetic data set to the store, for benchmarks.
    Generate(generate::GenerateArgs),
    /// Import mayor contacts (US Conference of Mayors CSV, mapped CSV, Open States).
    Import {
        #[command(subcommand)]
        what: exchange::ImportCommand,
    },
    /// Export cities, contacts, calls or responses as CSV or JSON (to stdout, or -o FILE).
    Export {
        #[arg(value_enum)]
        what: exchange::What,
        /// csv or json (json when --json is given without it).
        #[arg(long, value_enum)]
        format: Option<exchange::Format>,
        #[arg(short = 'o', long = "output", value_name = "FILE")]
        output: Option<PathBuf>,
        /// Replace FILE when it exists (never the store or its backups).
        #[arg(long, requires = "output")]
        force: bool,
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
    },
    /// The petition's signature total: sync, enter by hand, history, settings.
    Signatures {
        #[command(subcommand)]
        command: signatures::SignaturesCommand,
    },
    /// Team sync through the campaign's PostgreSQL server: init, add-volunteer,
    /// remove-volunteer (coordinators), join, status.
    Team {
        #[command(subcommand)]
        command: team::TeamCommand,
    },
    /// Push this machine's pending work to the campaign server and pull the team's.
    Sync,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let json = cli.json;
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
    // The campaign server's own commands need no store on this machine.
    if let Command::Team { command } = cli.command {
        if command.is_server_side() {
            return team::run_server_side(command, cli.json);
        }
        return run_with_store(cli.data_dir, cli.json, Command::Team { command });
    }
    run_with_store(cli.data_dir, cli.json, cli.command)
}

fn run_with_store(data_dir: Option<PathBuf>, json: bool, command: Command) -> Result<(), Error> {
    let dir = store::resolve_data_dir(data_dir.as_deref())?;
    let mut store = Store::open_dir(&dir)?;
    if let Err(e) = store.daily_backup_if_due() {
        let _ = writeln!(
            std::io::stderr(),
            "outreach: warning: today's backup was not made: {e}"
        );
    }
    match command {
        Command::Cities {
            action: Some(action),
            ..
        } => cities::run(&mut store, action, json),
        Command::Cities { query, .. } => cities::list(&store, json, query),
        Command::City { slug } => cities::show(&store, &slug, json),
        Command::LogCall(a) => calls::log(&mut store, a, json),
        Command::UndoCall { id } => calls::undo(&mut store, &id, json),
        Command::Respond(a) => responses::respond(&mut store, a, json),
        Command::UndoResponse { id } => {
            responses::undo(&mut store, responses::Undo::Response, &id, json)
        }
        Command::UndoStatus { id } => {
            responses::undo(&mut store, responses::Undo::StatusChange, &id, json)
        }
        Command::Next(a) => queue::next(&store, a, json),
        Command::Skip(a) => queue::skip(&mut store, a, json),
        Command::FollowUps => followups::due(&store, json),
        Command::Stats => stats::stats(&store, json),
        Command::Contacts(c) => contacts::run(&mut store, c, json),
        Command::Calls { slug } => calls::list(&store, &slug, json),
        Command::Script { slug, contact } => {
            campaign::show_script(&store, &slug, contact.as_deref(), json)
        }
        Command::Campaign(a) => campaign::campaign(&mut store, a, json),
        Command::Generate(a) => generate::run(&mut store, a, json),
        Command::Import { what } => exchange::run_import(&mut store, what, json),
        Command::Export {
            what,
            format,
            output,
            force,
        } => exchange::run_export(&store, what, format, output.as_deref(), force, json),
        Command::Bundle { action } => exchange::run_bundle(&mut store, action, json),
        Command::Backup { action } => exchange::run_backup(&mut store, action, json),
        Command::Signatures { command } => signatures::run(&mut store, command, json),
        Command::Team { command } => team::run(&mut store, command, json),
        Command::Sync => team::sync(&mut store, json),
    }
}
