//! `outreach signatures ...`: sync the petition's total, enter it by hand, its history,
//! and the settings. Each is a thin adapter over `outreach_core::signatures`.

use std::io::Write;

use clap::{Args, Subcommand};
use outreach_core::checks;
use outreach_core::fields::InputField;
use outreach_core::signatures::config::{self, SignatureConfig, TokenChange};
use outreach_core::signatures::count::{format_count, parse_in};
use outreach_core::signatures::fetch::check_url;
use outreach_core::signatures::fetch::Limits;
use outreach_core::signatures::history::{self, Snapshot};
use outreach_core::signatures::sync::{self, fetch_blocking, SyncRequest};
use outreach_core::signatures::token::{resolve_config_dir, BoundToken, Token, TokenFile};
use outreach_core::signatures::ProviderKind;
use outreach_core::{Error, Store};
use serde::Serialize;

use crate::output::print_json;

#[derive(Subcommand)]
pub enum SignaturesCommand {
    /// Fetch the petition's total now and store it (with no flags: the saved settings).
    Sync {
        /// The petition's address (this run only; `config set --url` saves one).
        #[arg(long, value_name = "URL")]
        source: Option<String>,
        /// auto, changeorg, actionnetwork or json.
        #[arg(long, value_name = "PROVIDER")]
        provider: Option<String>,
        /// Where the count is in a JSON answer, e.g. /data/attributes/signature_count.
        #[arg(long, value_name = "PTR")]
        pointer: Option<String>,
        /// Read the API token from this environment variable (else the saved token file).
        /// With --source it is sent to that address only; without, to Action Network only.
        #[arg(long, value_name = "VAR")]
        token_env: Option<String>,
        /// The total timeout in milliseconds (default 15 s; for tests).
        #[arg(long, hide = true, value_name = "MS")]
        timeout_ms: Option<u64>,
    },
    /// Enter the total by hand, e.g. `outreach signatures set 18,900`.
    Set {
        /// The total, e.g. 18900, 18,900 or 1.2M.
        #[arg(allow_hyphen_values = true)]
        total: String,
    },
    /// Every stored total, oldest first (a drop is flagged).
    History,
    /// The latest total against the goal, and the date the goal will be reached.
    Status,
    /// Show or change the settings.
    Config {
        #[command(subcommand)]
        command: ConfigCommand,
    },
}

#[derive(Subcommand)]
pub enum ConfigCommand {
    /// The settings, and whether an API token is set (never the token).
    Show,
    /// Change some settings; the others stay as they are.
    Set(ConfigSet),
}

#[derive(Args)]
pub struct ConfigSet {
    /// The petition's address ("" to clear).
    #[arg(long, value_name = "URL")]
    url: Option<String>,
    #[arg(long, value_name = "PROVIDER")]
    provider: Option<String>,
    /// JSON pointer to the count ("" to clear).
    #[arg(long, value_name = "PTR")]
    pointer: Option<String>,
    #[arg(long, value_name = "N", allow_hyphen_values = true)]
    goal: Option<String>,
    /// 1 to 1440.
    #[arg(long, value_name = "MINUTES", allow_hyphen_values = true)]
    interval_minutes: Option<String>,
    /// Save the API token held in this environment variable (to a file only you can read).
    #[arg(long, value_name = "VAR")]
    token_env: Option<String>,
    /// The token is for the petition's address (its scheme, host and port), not Action
    /// Network's API host: it is sent there and nowhere else.
    #[arg(long, requires = "token_env")]
    token_for_url: bool,
    /// Remove the saved API token.
    #[arg(long, conflicts_with = "token_env")]
    clear_token: bool,
}

/// What `--json` prints for a stored total.
#[derive(Serialize)]
struct Stored<'a> {
    total: u64,
    goal: Option<u64>,
    fetched_at: &'a str,
    provider: &'a str,
    source: &'a str,
    decreased: bool,
}

impl<'a> From<&'a Snapshot> for Stored<'a> {
    fn from(s: &'a Snapshot) -> Self {
        Stored {
            total: s.total,
            goal: s.goal,
            fetched_at: &s.fetched_at,
            provider: &s.provider,
            source: &s.source,
            decreased: s.decreased,
        }
    }
}

#[derive(Serialize)]
struct ConfigView {
    #[serde(flatten)]
    config: SignatureConfig,
    token_set: bool,
    token_file: String,
}

fn token_from_env(var: &str) -> Result<Token, Error> {
    let value = std::env::var(var).map_err(|_| {
        Error::invalid(
            InputField::TokenEnvOption,
            format!("the environment variable {var} is not set"),
        )
    })?;
    Token::new(&value).map_err(|e| match e {
        Error::InvalidInput { code, problem, .. } => Error::invalid_as(
            InputField::TokenEnvOption,
            code,
            format!("{var}: {problem}"),
        ),
        other => other,
    })
}

fn token_file() -> Result<TokenFile, Error> {
    Ok(TokenFile::in_dir(&resolve_config_dir()?))
}

pub fn run(store: &mut Store, cmd: SignaturesCommand, json: bool) -> Result<(), Error> {
    let mut out = std::io::stdout().lock();
    match cmd {
        SignaturesCommand::Sync {
            source,
            provider,
            pointer,
            token_env,
            timeout_ms,
        } => {
            let mut cfg = store.read(config::load)?;
            // A token given with the address in this command is for that address.
            let token_for_this_address = source.is_some() && token_env.is_some();
            if let Some(url) = source {
                cfg.url = Some(url);
            }
            if let Some(p) = provider {
                cfg.provider = ProviderKind::parse(&p)?;
            }
            if let Some(p) = pointer {
                cfg.pointer = Some(p);
            }
            let cfg = config::validate(&cfg)?;
            let mut req = SyncRequest::from_config(&cfg, None)?;
            if let Some(var) = token_env {
                let token = token_from_env(&var)?;
                req.token = Some(if token_for_this_address {
                    BoundToken::for_url(token, &check_url(&req.url)?)
                } else {
                    BoundToken::for_action_network(token)
                });
            } else if req.wants_token() {
                req.token = token_file()?.read()?;
            }
            let mut limits = Limits::default();
            if let Some(ms) = timeout_ms {
                limits.timeout = std::time::Duration::from_millis(ms);
            }
            let fetched = fetch_blocking(&req, &limits)?;
            let snap = store.write(|c| sync::store(c, &fetched, cfg.goal))?;
            if json {
                print_json(&Stored::from(&snap));
            } else {
                print_snapshot(&mut out, &snap);
            }
        }
        SignaturesCommand::Set { total } => {
            let snap = store.write(|c| history::enter_total(c, &total))?;
            if json {
                print_json(&Stored::from(&snap));
            } else {
                print_snapshot(&mut out, &snap);
            }
        }
        SignaturesCommand::History => {
            let all = store.read(history::history)?;
            if json {
                print_json(&all.iter().map(Stored::from).collect::<Vec<_>>());
            } else if all.is_empty() {
                let _ = writeln!(out, "No signature total stored yet: run `outreach signatures sync` or `outreach signatures set N`.");
            } else {
                let _ = writeln!(
                    out,
                    "{:<25} {:>12} {:>12}  {:<13} SOURCE",
                    "FETCHED AT", "TOTAL", "GOAL", "PROVIDER"
                );
                for s in &all {
                    let _ = writeln!(
                        out,
                        "{:<25} {:>12} {:>12}  {:<13} {}{}",
                        s.fetched_at,
                        format_count(s.total),
                        s.goal.map(format_count).unwrap_or_else(|| "-".into()),
                        s.provider,
                        if s.source.is_empty() { "-" } else { &s.source },
                        if s.decreased {
                            "  (lower than before)"
                        } else {
                            ""
                        }
                    );
                }
            }
        }
        SignaturesCommand::Status => {
            let goal = store.read(config::load)?.goal;
            let o = store.read(|c| history::overview(c, goal))?;
            if json {
                print_json(&o);
            } else {
                match &o.latest {
                    None => {
                        let _ =
                            writeln!(out, "No signature total yet (goal {}).", format_count(goal));
                    }
                    Some(s) => {
                        let _ = writeln!(
                            out,
                            "{} of {} signatures, as of {}",
                            format_count(s.total),
                            format_count(goal),
                            s.fetched_at
                        );
                        match o.projection.as_ref().map(|p| p.reach_date.as_deref()) {
                            Some(Some(d)) => {
                                let _ =
                                    writeln!(out, "At the recent rate the goal is reached on {d}.");
                            }
                            Some(None) => {
                                let _ = writeln!(out, "The goal is reached.");
                            }
                            None => {}
                        }
                    }
                }
            }
        }
        SignaturesCommand::Config { command } => match command {
            ConfigCommand::Show => show_config(&mut out, store, json)?,
            ConfigCommand::Set(set) => {
                let mut cfg = store.read(config::load)?;
                if let Some(u) = set.url {
                    cfg.url = Some(u);
                }
                if let Some(p) = set.provider {
                    cfg.provider = ProviderKind::parse(&p)?;
                }
                if let Some(p) = set.pointer {
                    cfg.pointer = Some(p);
                }
                if let Some(g) = set.goal {
                    cfg.goal = parse_in(&checks::GOAL, &g)?;
                }
                if let Some(i) = set.interval_minutes {
                    cfg.interval_minutes = checks::SYNC_INTERVAL_MINUTES.parse(&i)? as u32;
                }
                let change = match set.token_env.as_deref() {
                    Some(var) if set.token_for_url => TokenChange::SetForUrl(token_from_env(var)?),
                    Some(var) => TokenChange::Set(token_from_env(var)?),
                    None if set.clear_token => TokenChange::Clear,
                    None => TokenChange::Keep,
                };
                store.write(|c| config::save_with_token(c, &cfg, change, token_file))?;
                show_config(&mut out, store, json)?;
            }
        },
    }
    Ok(())
}

fn show_config(out: &mut impl Write, store: &Store, json: bool) -> Result<(), Error> {
    let cfg = store.read(config::load)?;
    let file = token_file()?;
    let view = ConfigView {
        config: cfg,
        token_set: file.is_set(),
        token_file: file.path().display().to_string(),
    };
    if json {
        print_json(&view);
    } else {
        let c = &view.config;
        let _ = writeln!(
            out,
            "url:       {}",
            c.url.as_deref().unwrap_or("(not set)")
        );
        let _ = writeln!(out, "provider:  {}", c.provider.as_str());
        let _ = writeln!(
            out,
            "pointer:   {}",
            c.pointer.as_deref().unwrap_or("(none)")
        );
        let _ = writeln!(out, "goal:      {}", format_count(c.goal));
        let _ = writeln!(out, "interval:  {} min", c.interval_minutes);
        let _ = writeln!(
            out,
            "token:     {}",
            if view.token_set {
                "set (in a file only you can read)"
            } else {
                "not set"
            }
        );
    }
    Ok(())
}

fn print_snapshot(out: &mut impl Write, s: &Snapshot) {
    let _ = writeln!(
        out,
        "{} signatures{} ({}{}){}",
        format_count(s.total),
        s.goal
            .map(|g| format!(" of {}", format_count(g)))
            .unwrap_or_default(),
        s.provider,
        if s.source.is_empty() {
            String::new()
        } else {
            format!(", {}", s.source)
        },
        if s.decreased {
            ": lower than the previous total (kept and flagged)"
        } else {
            ""
        }
    );
}
