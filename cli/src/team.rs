//! `outreach team …` and `outreach sync`: team sync through the campaign's PostgreSQL
//! server (thin adapters over `outreach_core::team`). The server-side commands take the
//! owner's address (`--server`, or `$OUTREACH_TEAM_SERVER` to keep it out of the shell's
//! history) and need no store; the others use this machine's store and credentials.

use clap::Subcommand;
use outreach_core::fields::InputField;
use outreach_core::signatures::token::resolve_config_dir;
use outreach_core::team::{self, server, CredentialsFile, ServerAddress};
use outreach_core::{Error, Store};

use crate::output::{print_json, show};

/// The campaign server's owner address, for the server-side commands.
#[derive(clap::Args)]
pub struct OwnerServer {
    /// postgres://OWNER:PASSWORD@HOST:PORT/CAMPAIGN (or $OUTREACH_TEAM_SERVER, kept out of
    /// the shell's history).
    #[arg(
        long = "server",
        env = "OUTREACH_TEAM_SERVER",
        hide_env_values = true,
        value_name = "URL"
    )]
    url: String,
}

#[derive(Subcommand)]
pub enum TeamCommand {
    /// Create or migrate the campaign's schema on its PostgreSQL server (running it again
    /// changes nothing). Needs an owner's address: postgres://OWNER:PASSWORD@HOST:PORT/CAMPAIGN.
    Init {
        #[command(flatten)]
        server: OwnerServer,
    },
    /// Add a volunteer (a PostgreSQL role with a generated password) and print the invite
    /// to give them; again for an existing one makes a new password.
    AddVolunteer {
        /// The volunteer's login: letters, digits, _ and -.
        name: String,
        #[command(flatten)]
        server: OwnerServer,
        /// A coordinator may also undo others' calls and write campaign settings.
        #[arg(long)]
        coordinator: bool,
    },
    /// Disable a volunteer's login; what they already synced stays.
    RemoveVolunteer {
        name: String,
        #[command(flatten)]
        server: OwnerServer,
    },
    /// Join a campaign with an invite (stored in a file only you can read; your volunteer
    /// name becomes the invite's).
    Join {
        /// The invite a coordinator gave you (postgres://…).
        invite: String,
    },
    /// This machine's campaign, pending work, last sync and teammates (no network).
    Status,
}

impl TeamCommand {
    /// Whether the command works on the server alone (no store needed).
    pub fn is_server_side(&self) -> bool {
        matches!(
            self,
            TeamCommand::Init { .. }
                | TeamCommand::AddVolunteer { .. }
                | TeamCommand::RemoveVolunteer { .. }
        )
    }
}

fn owner(url: &str) -> Result<ServerAddress, Error> {
    ServerAddress::parse(url, InputField::Server)
}

fn credentials() -> Result<CredentialsFile, Error> {
    Ok(CredentialsFile::in_dir(&resolve_config_dir()?))
}

/// The commands that need no store.
pub fn run_server_side(command: TeamCommand, json: bool) -> Result<(), Error> {
    match command {
        TeamCommand::Init {
            server: OwnerServer { url },
        } => {
            let r = server::init(&owner(&url)?)?;
            if json {
                print_json(&r);
            } else if r.actions.is_empty() {
                println!(
                    "{}: the campaign's schema is up to date (version {}); nothing changed",
                    r.server, r.version
                );
            } else {
                for a in &r.actions {
                    println!("{}: {a}", r.server);
                }
                println!(
                    "{}: schema version {} (was {})",
                    r.server, r.version, r.from_version
                );
            }
        }
        TeamCommand::AddVolunteer {
            name,
            server: OwnerServer { url },
            coordinator,
        } => {
            let i = server::add_volunteer(&owner(&url)?, &name, coordinator)?;
            if json {
                print_json(&i);
            } else {
                let what = if i.coordinator {
                    "coordinator"
                } else {
                    "volunteer"
                };
                let how = if i.renewed {
                    "renewed (the old invite no longer works)"
                } else {
                    "added"
                };
                println!("{what} {} {how} on {}", i.volunteer, i.server);
                println!(
                    "invite (give it to {} privately; they run `outreach team join INVITE`):",
                    i.volunteer
                );
                println!("{}", i.invite);
            }
        }
        TeamCommand::RemoveVolunteer {
            name,
            server: OwnerServer { url },
        } => {
            let r = server::remove_volunteer(&owner(&url)?, &name)?;
            show(json, &r, |x| {
                format!(
                    "{} can no longer sync with {}; the {} events they synced stay",
                    x.volunteer, x.server, x.events_kept
                )
            })
        }
        TeamCommand::Join { .. } | TeamCommand::Status => unreachable!("needs the store"),
    }
    Ok(())
}

/// The commands on this machine's store.
pub fn run(store: &mut Store, command: TeamCommand, json: bool) -> Result<(), Error> {
    let file = credentials()?;
    match command {
        TeamCommand::Join { invite } => {
            let j = store.write(|c| team::join(c, &file, &invite))?;
            show(json, &j, |x| {
                format!(
                    "joined {} as {}; {} events to push on the next `outreach sync`",
                    x.server, x.volunteer, x.pending
                )
            })
        }
        TeamCommand::Status => {
            let s = store.read(|c| team::status(c, &file))?;
            if json {
                print_json(&s);
            } else if !s.joined {
                println!("not joined to a campaign (outreach team join INVITE); {} events would be pushed", s.pending);
            } else {
                println!(
                    "{} as {}{}",
                    s.server.as_deref().unwrap_or("?"),
                    s.volunteer.as_deref().unwrap_or("?"),
                    if s.coordinator { " (coordinator)" } else { "" }
                );
                println!(
                    "pending: {}; last synced: {}",
                    s.pending,
                    s.last_synced_at.as_deref().unwrap_or("never")
                );
                for t in &s.teammates {
                    println!(
                        "  {}: {} calls, last {} ({})",
                        t.name,
                        t.calls,
                        t.last_call_at.as_deref().unwrap_or("-"),
                        t.last_city.as_deref().unwrap_or("-")
                    );
                }
            }
        }
        other => return run_server_side(other, json),
    }
    Ok(())
}

/// `outreach sync`: push what is pending, pull what is new.
pub fn sync(store: &mut Store, json: bool) -> Result<(), Error> {
    let r = team::sync(store, &credentials()?)?;
    if json {
        print_json(&r);
    } else {
        println!(
            "{} as {}: pushed {}, pulled {}, pending {}",
            r.server, r.volunteer, r.pushed, r.pulled, r.pending
        );
        if r.refused > 0 {
            println!(
                "{} undos of teammates' calls were refused by the server and stay on this machine",
                r.refused
            );
        }
        for s in &r.skipped {
            println!("skipped: {s}");
        }
    }
    Ok(())
}
