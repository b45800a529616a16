//! `outreach import`, `outreach export`, `outreach bundle` and `outreach backup`.

use std::io::Write;
use std::path::{Path, PathBuf};

use clap::{Subcommand, ValueEnum};
use outreach_core::export::{self, ExportFormat, ExportKind};
use outreach_core::fields::InputField;
use outreach_core::import::{self, ConflictChoice, ImportAction, ImportChoices, ImportReport};
use outreach_core::output::Existing;
use outreach_core::{bundle, journal, Error, Store};

use crate::output::{print, print_json, show};

#[derive(Subcommand)]
pub enum ImportCommand {
    /// Import mayor contacts from a CSV: the US Conference of Mayors columns, or any
    /// columns mapped with --map COLUMN=FIELD.
    Contacts {
        file: PathBuf,
        /// Map a column to a contact field (name, email, phone, website, address, city,
        /// state, role, term_end, external_id, notes). Repeat for several.
        #[arg(long = "map", value_name = "COLUMN=FIELD")]
        map: Vec<String>,
        /// Show what would change without writing anything.
        #[arg(long)]
        dry_run: bool,
        /// For contacts a volunteer edited by hand: keep them (default) or take the file's.
        #[arg(long, value_enum, default_value_t = OnConflict::Keep)]
        on_conflict: OnConflict,
    },
    /// Import the mayors of Open States `people` data: the repository folder, a
    /// data/<state>/municipalities folder, or a .zip of either.
    Openstates {
        path: PathBuf,
        #[arg(long)]
        dry_run: bool,
        #[arg(long, value_enum, default_value_t = OnConflict::Keep)]
        on_conflict: OnConflict,
    },
    /// List the contact imports this store made, latest first, with their ids.
    List,
    /// Undo an import (the latest one when no ID is given): the contacts it added are
    /// removed, the ones it replaced put back as they were; contacts edited or called since
    /// are kept and listed.
    Undo { id: Option<String> },
}

#[derive(Clone, Copy, ValueEnum)]
pub enum OnConflict {
    Keep,
    Take,
}

#[derive(Clone, Copy, ValueEnum)]
pub enum What {
    Cities,
    Contacts,
    Calls,
    Responses,
}

#[derive(Clone, Copy, ValueEnum)]
pub enum Format {
    Csv,
    Json,
}

#[derive(Subcommand)]
pub enum BundleCommand {
    /// Write the calls, responses, status changes, contact edits and follow-ups made since
    /// the last bundle (or all of them, with --all) to a file (.json, or .json.gz).
    Export {
        #[arg(short = 'o', long = "output", value_name = "FILE")]
        output: PathBuf,
        #[arg(long)]
        all: bool,
        /// Replace FILE when it exists (never the store or its backups).
        #[arg(long)]
        force: bool,
    },
    /// Merge another volunteer's bundle into this store. Rows that fail their checks are
    /// refused and counted by reason (the first few shown; all with --json).
    Import {
        file: PathBuf,
        /// The bundle comes from a campaign coordinator: its undo of any volunteer's call
        /// is taken (otherwise only the call's own volunteer may undo it).
        #[arg(long)]
        from_coordinator: bool,
    },
    /// List the bundle merges this store made, latest first, with their ids.
    Merges,
    /// Undo a bundle merge (the latest one when no ID is given): the rows it added are
    /// removed, the ones it replaced put back; rows worked on since are kept and listed.
    UndoMerge { id: Option<String> },
}

#[derive(Subcommand, Clone)]
pub enum BackupCommand {
    /// List the backups, newest first (the default).
    List,
    /// Make a backup now.
    Create,
    /// Replace the store with a backup (the current store is backed up first).
    Restore { id: String },
}

fn parse_map(map: &[String]) -> Result<Vec<(String, String)>, Error> {
    map.iter()
        .map(|m| {
            m.split_once('=')
                .map(|(c, f)| (c.trim().to_string(), f.trim().to_string()))
                .filter(|(c, f)| !c.is_empty() && !f.is_empty())
                .ok_or_else(|| {
                    Error::invalid(
                        InputField::MapOption,
                        format!("\"{m}\" is not of the form COLUMN=FIELD"),
                    )
                })
        })
        .collect()
}

fn choices(on_conflict: OnConflict) -> ImportChoices {
    ImportChoices {
        on_conflict: match on_conflict {
            OnConflict::Keep => ConflictChoice::Keep,
            OnConflict::Take => ConflictChoice::Take,
        },
        ..ImportChoices::default()
    }
}

pub fn run_import(store: &mut Store, cmd: ImportCommand, json: bool) -> Result<(), Error> {
    let report = match cmd {
        ImportCommand::Contacts {
            file,
            map,
            dry_run,
            on_conflict,
        } => {
            let map = parse_map(&map)?;
            import::import_contacts_csv(store, &file, &map, dry_run, &choices(on_conflict))?
        }
        ImportCommand::Openstates {
            path,
            dry_run,
            on_conflict,
        } => import::import_openstates(store, &path, dry_run, &choices(on_conflict))?,
        ImportCommand::List => return list_imports(store, json),
        ImportCommand::Undo { id } => return undo_import(store, id.as_deref(), json),
    };
    // Buffered: a preview of 20,000 rows is one write, not 20,000.
    print(json, &report, |out, report| print_import(out, report));
    if report.all_failed() {
        return Err(report.all_failed_error());
    }
    Ok(())
}

fn list_imports(store: &Store, json: bool) -> Result<(), Error> {
    print_journal(import::list_imports(store)?, "no contact import yet", json);
    Ok(())
}

/// The journal's entries (bundle merges or contact imports), a line each, latest first.
fn print_journal(entries: Vec<journal::MergeEntry>, none: &str, json: bool) {
    if json {
        print_json(&entries);
    } else if entries.is_empty() {
        println!("{none}");
    } else {
        for m in entries {
            println!(
                "{}  {}  {} ({} rows){}",
                m.id,
                m.merged_at,
                m.file,
                m.changes,
                m.undone_at
                    .map(|at| format!(", undone {at}"))
                    .unwrap_or_default()
            );
        }
    }
}

/// The rows an undo kept because they were worked on since (`since`: "the import", "the merge").
fn print_kept(kept: &[String], since: &str) {
    if !kept.is_empty() {
        println!("kept {} rows worked on since {since}:", kept.len());
        for k in kept {
            println!("  {k}");
        }
    }
}

fn undo_import(store: &mut Store, id: Option<&str>, json: bool) -> Result<(), Error> {
    let u = import::undo_import(store, id)?;
    if json {
        print_json(&u);
    } else {
        println!(
            "undid the import of {}: removed {} contacts it added, put back {} it replaced",
            u.file, u.removed, u.restored
        );
        print_kept(&u.kept, "the import");
    }
    Ok(())
}

fn action_word(a: ImportAction) -> &'static str {
    match a {
        ImportAction::Add => "add",
        ImportAction::Update => "update",
        ImportAction::Unchanged => "unchanged",
        ImportAction::Skipped => "skipped",
        ImportAction::Error => "error",
        ImportAction::Conflict => "conflict",
    }
}

fn print_import(out: &mut impl Write, r: &ImportReport) {
    for row in &r.rows {
        let _ = writeln!(
            out,
            "{:<10} {:<22} {:<24} {}: {}",
            action_word(row.action),
            row.city.as_deref().unwrap_or("-"),
            row.name.as_deref().unwrap_or("-"),
            row.location,
            row.reason
        );
    }
    let c = &r.counts;
    let _ = writeln!(
        out,
        "{}: {} to add, {} to update, {} unchanged, {} skipped, {} errors, {} conflicts",
        r.source, c.add, c.update, c.unchanged, c.skipped, c.error, c.conflict
    );
    if r.applied {
        let _ = writeln!(
            out,
            "wrote {} contacts{}{}",
            r.written,
            if r.conflicts_kept > 0 {
                format!(
                    "; kept {} contacts edited by hand (--on-conflict take to take the file's version)",
                    r.conflicts_kept
                )
            } else {
                String::new()
            },
            r.import_id
                .as_deref()
                .map(|id| format!("\nto undo this import: outreach import undo {id}"))
                .unwrap_or_default()
        );
    } else {
        let _ = writeln!(out, "dry run: nothing was written");
    }
}

pub fn run_export(
    store: &Store,
    what: What,
    format: Option<Format>,
    output: Option<&Path>,
    force: bool,
    json: bool,
) -> Result<(), Error> {
    // With --json and no --format, the rows are JSON.
    let format = match (format, json) {
        (Some(f), _) => f,
        (None, true) => Format::Json,
        (None, false) => {
            return Err(Error::invalid_as(
                InputField::FormatOption,
                outreach_core::fields::Problem::Missing,
                "give --format csv or --format json (or --json)",
            ))
        }
    };
    let kind = match what {
        What::Cities => ExportKind::Cities,
        What::Contacts => ExportKind::Contacts,
        What::Calls => ExportKind::Calls,
        What::Responses => ExportKind::Responses,
    };
    let format = match format {
        Format::Csv => ExportFormat::Csv,
        Format::Json => ExportFormat::Json,
    };
    match output {
        Some(path) => {
            let s = store
                .read(|c| export::write_file(c, kind, format, path, Existing::replace_if(force)))?;
            if json {
                print_json(&s);
            } else {
                let _ = writeln!(std::io::stderr(), "wrote {} rows to {}", s.rows, s.file);
            }
        }
        None => {
            let mut buf = Vec::new();
            store.read(|c| export::write(c, kind, format, &mut buf))?;
            let _ = std::io::stdout().lock().write_all(&buf);
        }
    }
    Ok(())
}

pub fn run_bundle(store: &mut Store, cmd: BundleCommand, json: bool) -> Result<(), Error> {
    match cmd {
        BundleCommand::Export { output, all, force } => {
            let e =
                store.write(|c| bundle::export(c, &output, all, Existing::replace_if(force)))?;
            show(json, &e, |e| {
                format!(
                    "wrote {}: {} calls, {} responses, {} status changes, {} contacts, {} contact revisions, {} follow-ups{}",
                    e.file,
                    e.calls,
                    e.responses,
                    e.status_events,
                    e.contacts,
                    e.contact_revisions,
                    e.follow_ups,
                    e.since
                        .as_deref()
                        .map(|s| format!(" (changes since {s})"))
                        .unwrap_or_default()
                )
            });
        }
        BundleCommand::Import {
            file,
            from_coordinator,
        } => {
            let r = bundle::import_from(store, &file, from_coordinator)?;
            if json {
                print_json(&r);
            } else {
                println!(
                    "merged {} (machine {}, {}): added {} calls ({} already here, {} undone), {} responses ({} undone), {} status changes ({} undone), {} contacts, {} follow-ups",
                    r.file,
                    r.machine_id,
                    r.created_at,
                    r.calls_added,
                    r.calls_known,
                    r.calls_undone,
                    r.responses_added,
                    r.responses_undone,
                    r.status_events_added,
                    r.status_events_undone,
                    r.contacts_added,
                    r.follow_ups_added
                );
                println!(
                    "resolved: {} contacts took the bundle's newer version, {} kept this store's; {} follow-ups took the bundle's, {} kept this store's; {} older versions kept in history",
                    r.contacts_theirs, r.contacts_ours, r.follow_ups_theirs, r.follow_ups_ours, r.revisions_added
                );
                print_refused(&mut std::io::stdout().lock(), &r);
                if let Some(m) = &r.merge_id {
                    println!("to undo this merge: outreach bundle undo-merge {m}");
                }
            }
        }
        BundleCommand::Merges => {
            print_journal(store.read(journal::list)?, "no bundle merged yet", json);
        }
        BundleCommand::UndoMerge { id } => {
            let u = store.write_step(|c| journal::undo(c, id.as_deref()))?;
            if json {
                print_json(&u);
            } else {
                println!(
                    "undid the merge of {}: removed {} rows it added, put back {} it changed",
                    u.file, u.removed, u.restored
                );
                print_kept(&u.kept, "the merge");
            }
        }
    }
    Ok(())
}

/// How many rows were refused, by reason, and the first few of them (all with --json).
fn print_refused(out: &mut impl Write, r: &bundle::MergeReport) {
    const SHOWN: usize = 10;
    if r.refused.is_empty() {
        return;
    }
    let counts: Vec<String> = r
        .refused_by_reason
        .iter()
        .map(|c| {
            let reason = serde_json::to_value(c.reason).expect("serialises");
            format!("{} {}", c.count, reason.as_str().unwrap_or_default())
        })
        .collect();
    let _ = writeln!(
        out,
        "refused {} rows ({}); nothing of them was written",
        r.refused_count(),
        counts.join(", ")
    );
    for x in r.refused.iter().take(SHOWN) {
        let _ = writeln!(out, "refused: {} {}: {}", x.row, x.id, x.detail);
    }
    if r.refused.len() > SHOWN {
        let _ = writeln!(
            out,
            "... and {} more (--json lists them all)",
            r.refused.len() - SHOWN
        );
    }
}

pub fn run_backup(store: &mut Store, cmd: Option<BackupCommand>, json: bool) -> Result<(), Error> {
    match cmd.unwrap_or(BackupCommand::List) {
        BackupCommand::List => {
            let list = store.backups()?;
            if json {
                print_json(&list);
            } else {
                for b in &list {
                    println!("{:<40} {:<16} {:>10} bytes", b.id, b.reason, b.bytes);
                }
                if list.is_empty() {
                    println!("no backups yet");
                }
            }
        }
        BackupCommand::Create => {
            let b = store
                .backup("manual")?
                .ok_or_else(|| Error::Backup("a store in memory cannot be backed up".into()))?;
            show(json, &b, |b| format!("made backup {}", b.id));
        }
        BackupCommand::Restore { id } => {
            let r = store.restore_backup(&id)?;
            show(json, &r, |r| {
                format!(
                    "restored {}; the store as it was is in backup {}",
                    r.restored.id, r.previous.id
                )
            });
        }
    }
    Ok(())
}
