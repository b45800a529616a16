//! Merging a bundle's payload into the store, inside the caller's transaction.

use std::collections::HashSet;

use rusqlite::{params, Connection, OptionalExtension};
use uuid::Uuid;

use super::check::{self, RefusalReason, Sender};
use super::{MergeReport, Payload, REVISION_NS};
use crate::contacts;
use crate::error::Result;
use crate::journal;
use crate::rows::{upgrade_snapshot, CallRow, ContactRow, FollowUpRow, RevisionRow, Staged};

fn set_of(conn: &Connection, sql: &str) -> Result<HashSet<String>> {
    let mut stmt = conn.prepare(sql)?;
    let rows = stmt.query_map([], |r| r.get::<_, String>(0))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Equal but for the bookkeeping times.
fn same_content(a: &ContactRow, b: &ContactRow) -> bool {
    let strip = |c: &ContactRow| ContactRow {
        created_at: String::new(),
        updated_at: String::new(),
        ..c.clone()
    };
    strip(a) == strip(b)
}

/// Which version wins: the later `updated_at`, then the higher JSON.
fn theirs_wins(ours_at: &str, ours_json: &str, theirs_at: &str, theirs_json: &str) -> bool {
    (theirs_at, theirs_json) > (ours_at, ours_json)
}

/// Merges a payload into the store inside the caller's transaction. Every row first passes
/// the checks of `check::admit` (the form's checks, seed-only rows, future times, undo by
/// the call's volunteer); the refused ones are reported, never written.
pub fn merge(
    conn: &Connection,
    p: &mut Payload,
    sender: &Sender,
    report: &mut MergeReport,
) -> Result<()> {
    let mut merger = Merger::new(conn)?;
    merger.merge(conn, p, sender, report)?;
    merger.finish(conn)
}

/// A merge that may come in parts (a bundle read a batch at a time, pulled pages): it knows
/// which places, ties and contacts the store has, read once, and adds the ones each part
/// brings.
pub struct Merger {
    cities: HashSet<String>,
    relationships: HashSet<String>,
    contacts: HashSet<String>,
    /// The merge's id in the journal, when it is journalled (bundle merges, which can be
    /// undone: `crate::journal`).
    journal: Option<String>,
    /// The summary triggers held off from the first part on, until [`Merger::finish`].
    deferred: Option<Deferred>,
}

impl Merger {
    /// Reads which places, ties and contacts the store has.
    pub fn new(conn: &Connection) -> Result<Merger> {
        Ok(Merger {
            cities: set_of(conn, "SELECT id FROM cities")?,
            relationships: set_of(conn, "SELECT id FROM relationships")?,
            contacts: set_of(conn, "SELECT id FROM contacts")?,
            journal: None,
            deferred: None,
        })
    }

    /// A merge whose every change is journalled under the merge `id`, so it can be undone.
    pub fn journalled(conn: &Connection, id: String) -> Result<Merger> {
        Ok(Merger {
            journal: Some(id),
            ..Merger::new(conn)?
        })
    }

    /// Merges one part, inside the caller's transaction (see [`merge`]). The part's calls,
    /// responses, status changes and contact revisions are taken from it.
    pub fn merge(
        &mut self,
        conn: &Connection,
        p: &mut Payload,
        sender: &Sender,
        report: &mut MergeReport,
    ) -> Result<()> {
        check::admit(conn, p, sender, report)?;
        if !p.cities.is_empty() || !p.ties.is_empty() {
            merge_places(conn, p, self.journal.as_deref(), report)?;
            self.cities = set_of(conn, "SELECT id FROM cities")?;
            self.relationships = set_of(conn, "SELECT id FROM relationships")?;
        }
        if !p.contacts.is_empty() {
            merge_contacts(
                conn,
                p,
                &self.cities,
                &mut self.contacts,
                self.journal.as_deref(),
                report,
            )?;
        }
        let mut revisions = known(
            &self.contacts,
            std::mem::take(&mut p.contact_revisions),
            report,
            ("contact revision", "contact"),
            |r| (&r.id, &r.contact_id),
        );
        for r in &mut revisions {
            r.snapshot = upgrade_snapshot(conn, &r.contact_id, &r.edited_at, &r.snapshot)?;
        }
        report.revisions_added += self.insert_all(conn, revisions, Touch::Nothing)?;
        // Calls, responses and status changes come by the thousand: their cities' summaries
        // are recomputed once each, at the end (`finish`), instead of by the per-row triggers.
        if self.deferred.is_none() {
            self.deferred = Some(Deferred::start(conn)?);
        }
        self.merge_calls(conn, std::mem::take(&mut p.calls), report)?;
        let responses = known(
            &self.cities,
            std::mem::take(&mut p.responses),
            report,
            ("response", "city"),
            |r| (&r.id, &r.city_id),
        );
        let (fresh, had) = lacking(conn, responses)?;
        report.responses_undone +=
            self.apply_undos(conn, had, |r| r.undone_at.is_some(), Touch::City)?;
        report.responses_added += self.insert_new(conn, &fresh, Touch::City)?;
        let events = known(
            &self.relationships,
            std::mem::take(&mut p.status_events),
            report,
            ("status change", "sister-city tie"),
            |e| (&e.id, &e.relationship_id),
        );
        let (fresh, had) = lacking(conn, events)?;
        report.status_events_undone +=
            self.apply_undos(conn, had, |e| e.undone_at.is_some(), Touch::Tie)?;
        report.status_events_added += self.insert_new(conn, &fresh, Touch::Tie)?;
        merge_follow_ups(conn, p, &self.cities, self.journal.as_deref(), report)
    }

    /// Recomputes the summaries of every city the parts merged so far touched, and puts the
    /// summary triggers back on: to be called after the last part, before the transaction
    /// commits (a merge that is rolled back need not).
    pub fn finish(&mut self, conn: &Connection) -> Result<()> {
        match self.deferred.take() {
            Some(deferred) => deferred.finish(conn),
            None => Ok(()),
        }
    }

    /// Calls: the ones this store lacks added in one statement; a call it has takes the
    /// bundle's undo when that is earlier (or the call was not undone here).
    fn merge_calls(
        &self,
        conn: &Connection,
        calls: Vec<CallRow>,
        report: &mut MergeReport,
    ) -> Result<()> {
        let mut calls = known(&self.cities, calls, report, ("call", "city"), |c| {
            (&c.id, &c.city_id)
        });
        for c in &mut calls {
            c.contact_id = c.contact_id.take().filter(|id| self.contacts.contains(id));
        }
        let total = calls.len() as u32;
        let (fresh, had) = lacking(conn, calls)?;
        // Undos first: they apply to the calls this store had before the merge (a bundle
        // merged again stages nothing).
        report.calls_undone +=
            self.apply_undos(conn, had, |c| c.undone_at.is_some(), Touch::LastCall)?;
        let added = self.insert_new(conn, &fresh, Touch::LastCall)?;
        report.calls_added += added;
        report.calls_known += total - added;
        Ok(())
    }

    /// The undos of rows this store had before the merge (calls, responses, status changes:
    /// `had`, those `undone` says carry one): each taken when it is earlier than this store's
    /// (or the row was not undone here), journalled; how many. A bundle merged again
    /// changes nothing.
    fn apply_undos<T: Staged>(
        &self,
        conn: &Connection,
        had: Vec<T>,
        undone: impl Fn(&T) -> bool,
        touch: Touch,
    ) -> Result<u32> {
        let undos: Vec<T> = had.into_iter().filter(|r| undone(r)).collect();
        if undos.is_empty() {
            return Ok(0);
        }
        T::stage_rows(conn, &undos)?;
        if let Some(merge) = &self.journal {
            journal::undos_staged(conn, merge, T::TABLE_NAME)?;
        }
        touch.undos(conn, T::TABLE_NAME)?;
        Ok(conn
            .prepare_cached(&format!(
                "UPDATE {t} SET undone_at = s.undone_at FROM temp.staged_{t} s
                 WHERE {t}.id = s.id AND s.undone_at IS NOT NULL
                   AND ({t}.undone_at IS NULL OR {t}.undone_at > s.undone_at)",
                t = T::TABLE_NAME
            ))?
            .execute([])? as u32)
    }

    /// Adds the rows this store lacks (by id), in one statement; how many.
    fn insert_all<T: Staged>(&self, conn: &Connection, rows: Vec<T>, touch: Touch) -> Result<u32> {
        let (fresh, _) = lacking(conn, rows)?;
        self.insert_new(conn, &fresh, touch)
    }

    /// Adds rows the store lacked a moment ago (staged, inserted in id order: two copies of
    /// one row in a bundle are added once), journalling them and noting the cities they
    /// touch (`touch`); how many were added.
    fn insert_new<T: Staged>(&self, conn: &Connection, rows: &[T], touch: Touch) -> Result<u32> {
        if rows.is_empty() {
            return Ok(0);
        }
        T::stage_rows(conn, rows)?;
        let last = match (&self.journal, touch) {
            (None, Touch::Nothing) => 0,
            _ => journal::last_rowid(conn, T::TABLE_NAME)?,
        };
        let added = T::insert_staged_rows(conn)? as u32;
        if added > 0 {
            if let Some(merge) = &self.journal {
                journal::added_after(conn, merge, T::TABLE_NAME, last)?;
            }
            touch.added(conn, T::TABLE_NAME, last)?;
        }
        Ok(added)
    }
}

/// Which cities' summaries a merged row changes: none (contact revisions), the city's last
/// call (a call: `city_last_calls`, which the city's summary row follows), or the city's
/// summary row (a response: the row's `city_id`; a status change: its tie's city).
#[derive(Clone, Copy)]
enum Touch {
    Nothing,
    LastCall,
    City,
    Tie,
}

impl Touch {
    /// Notes the cities of `values` (a `SELECT` of [`Touch::column`]'s values) for the
    /// recomputation: `temp.merge_touched_calls` or `temp.merge_touched_cities`.
    fn note(&self, conn: &Connection, values: &str) -> Result<()> {
        let (into, cities) = match self {
            Touch::Nothing => return Ok(()),
            Touch::LastCall => ("merge_touched_calls", values.to_string()),
            Touch::City => ("merge_touched_cities", values.to_string()),
            Touch::Tie => (
                "merge_touched_cities",
                format!("SELECT city_id FROM main.relationships WHERE id IN ({values})"),
            ),
        };
        conn.prepare_cached(&format!(
            "INSERT OR IGNORE INTO temp.{into} (city_id) {cities}"
        ))?
        .execute([])?;
        Ok(())
    }

    /// The row's column naming its city (`city_id`) or its tie (`relationship_id`).
    fn column(&self) -> &'static str {
        match self {
            Touch::Tie => "relationship_id",
            Touch::Nothing => "id",
            Touch::LastCall | Touch::City => "city_id",
        }
    }

    /// Notes the cities of the rows just added to `table` (its staged rows; calls: those
    /// after its rowid `last`). New calls only ever make a city's last call later: each city's newest one not undone
    /// is kept (`temp.merge_new_last_calls`), to be applied as the insert trigger does,
    /// without reading the city's calls again (`NOT INDEXED`: the new rows by their rowids,
    /// not all calls in city order).
    fn added(&self, conn: &Connection, table: &str, last: i64) -> Result<()> {
        if let Touch::LastCall = self {
            conn.prepare_cached(
                "INSERT INTO temp.merge_new_last_calls (city_id, last_call_at)
                 SELECT city_id, max(called_at) FROM main.calls NOT INDEXED
                 WHERE rowid > ?1 AND undone_at IS NULL GROUP BY city_id
                 ON CONFLICT (city_id) DO UPDATE
                 SET last_call_at = max(last_call_at, excluded.last_call_at)",
            )?
            .execute([last])?;
            return Ok(());
        }
        self.note(
            conn,
            &format!("SELECT {} FROM temp.staged_{table}", self.column()),
        )
    }

    /// Notes the cities of the rows of `table` the staged undos are about to undo (this
    /// store's rows: run just before the merge's update of `undone_at`, with the same
    /// condition, as `journal::undos_staged` is).
    fn undos(&self, conn: &Connection, table: &str) -> Result<()> {
        self.note(
            conn,
            &format!(
                "SELECT t.{c} FROM temp.staged_{table} s JOIN main.{table} t ON t.id = s.id
                 WHERE s.undone_at IS NOT NULL
                   AND (t.undone_at IS NULL OR t.undone_at > s.undone_at)",
                c = self.column()
            ),
        )
    }
}

/// The per-row summary triggers of calls, responses and status changes held off (migration
/// 0015: a row in `summaries_deferred`, inside the merge's transaction only) while a merge
/// writes them; [`Deferred::finish`] recomputes each city they touched once, with the
/// statements the triggers use (`city_last_calls_refresh`, `city_summaries_refresh`).
/// Outside a transaction nothing is held off (the flag must never be committed on its own).
struct Deferred {
    on: bool,
}

impl Deferred {
    fn start(conn: &Connection) -> Result<Deferred> {
        conn.execute_batch(
            "CREATE TEMP TABLE IF NOT EXISTS merge_touched_calls (city_id TEXT PRIMARY KEY)
                 WITHOUT ROWID;
             CREATE TEMP TABLE IF NOT EXISTS merge_touched_cities (city_id TEXT PRIMARY KEY)
                 WITHOUT ROWID;
             CREATE TEMP TABLE IF NOT EXISTS merge_new_last_calls (
                 city_id TEXT PRIMARY KEY, last_call_at TEXT NOT NULL) WITHOUT ROWID;
             DELETE FROM temp.merge_touched_calls;
             DELETE FROM temp.merge_touched_cities;
             DELETE FROM temp.merge_new_last_calls;",
        )?;
        let on = !conn.is_autocommit();
        if on {
            conn.prepare_cached("INSERT OR IGNORE INTO main.summaries_deferred (one) VALUES (1)")?
                .execute([])?;
        }
        Ok(Deferred { on })
    }

    /// The triggers back on; each touched city's last call, then its summary row (which
    /// reads the last call), recomputed. A city that only gained calls takes the newest of
    /// them when it is later than its last call, as `city_last_calls_ins` does for one call
    /// (one update of its row instead of reading its calls again: 20,000 cities of a 100,000
    /// call bundle); a city where a call was undone is recomputed from its calls.
    fn finish(self, conn: &Connection) -> Result<()> {
        if !self.on {
            return Ok(());
        }
        conn.prepare_cached("DELETE FROM main.summaries_deferred")?
            .execute([])?;
        conn.prepare_cached(
            "UPDATE main.city_last_calls SET last_call_at = n.last_call_at
             FROM temp.merge_new_last_calls n
             WHERE city_last_calls.city_id = n.city_id
               AND city_last_calls.last_call_at < n.last_call_at",
        )?
        .execute([])?;
        conn.prepare_cached(
            "INSERT INTO main.city_last_calls (city_id, last_call_at)
             SELECT n.city_id, n.last_call_at FROM temp.merge_new_last_calls n
             WHERE NOT EXISTS (SELECT 1 FROM main.city_last_calls l WHERE l.city_id = n.city_id)",
        )?
        .execute([])?;
        conn.prepare_cached(
            "INSERT INTO main.city_last_calls_refresh (city_id)
             SELECT city_id FROM temp.merge_touched_calls",
        )?
        .execute([])?;
        conn.prepare_cached(
            "INSERT INTO main.city_summaries_refresh (city_id)
             SELECT city_id FROM temp.merge_touched_cities",
        )?
        .execute([])?;
        Ok(())
    }
}

/// The rows whose reference (`ids`: the row's id and what it points at) is in `set`; the
/// others are refused as pointing at something this store lacks (`words`: the row, and
/// what it points at). The rows are moved, not copied (100,000 calls are a million strings).
fn known<T>(
    set: &HashSet<String>,
    rows: Vec<T>,
    report: &mut MergeReport,
    (what, target): (&str, &str),
    ids: impl Fn(&T) -> (&String, &String),
) -> Vec<T> {
    let mut kept = Vec::with_capacity(rows.len());
    for r in rows {
        let (id, to) = ids(&r);
        if set.contains(to) {
            kept.push(r);
        } else {
            report.refuse(
                what,
                id,
                RefusalReason::UnknownReference,
                format!("unknown {target} {to}"),
            );
        }
    }
    kept
}

/// Splits rows into those whose id the store lacks and those it has (one lookup each).
/// The lookups go in id order: each one's path down the id index is mostly the previous
/// one's, already in the CPU's caches (the rows are inserted in id order anyway, and an
/// undo does not depend on the order).
fn lacking<T: Staged>(conn: &Connection, mut rows: Vec<T>) -> Result<(Vec<T>, Vec<T>)> {
    rows.sort_by(|a, b| a.key().cmp(b.key())); // stable: copies of one row keep their order
    let mut has = conn.prepare_cached(&format!("SELECT 1 FROM {} WHERE id = ?1", T::TABLE_NAME))?;
    let (mut fresh, mut had) = (Vec::with_capacity(rows.len()), Vec::new());
    for r in rows {
        if has.exists([r.key()])? {
            had.push(r);
        } else {
            fresh.push(r);
        }
    }
    Ok((fresh, had))
}

/// Contacts first (calls and revisions point at them): each checked field by field like
/// the form and imports check them, then the later version wins and the other is kept
/// as a revision.
fn merge_contacts(
    conn: &Connection,
    p: &Payload,
    cities: &HashSet<String>,
    contacts: &mut HashSet<String>,
    journal: Option<&str>,
    report: &mut MergeReport,
) -> Result<()> {
    let mut taken = conn.prepare_cached("SELECT id FROM contacts WHERE external_id = ?1")?;
    for c in &p.contacts {
        if !cities.contains(&c.city_id) {
            report.refuse(
                "contact",
                &c.id,
                RefusalReason::UnknownReference,
                format!("unknown city {}", c.city_id),
            );
            continue;
        }
        let mut c = match contacts::checked_row(c) {
            Ok(c) => c,
            Err(e) => {
                report.refuse("contact", &c.id, RefusalReason::InvalidValue, e.to_string());
                continue;
            }
        };
        contacts.insert(c.id.clone());
        if let Some(ext) = &c.external_id {
            let holder: Option<String> = taken.query_row([ext], |r| r.get(0)).optional()?;
            if holder.is_some_and(|h| h != c.id) {
                c.external_id = None; // another contact already carries this source id
            }
        }
        match ContactRow::find(conn, &c.id)? {
            None => {
                c.upsert(conn)?;
                journal::added(conn, journal, "contacts", &c.id)?;
                report.contacts_added += 1;
            }
            Some(cur) if cur == c => {}
            Some(cur) if same_content(&cur, &c) => {
                // The same contact imported on both machines: only the times differ.
                // Both keep the later times, so they agree, and no history is written.
                if theirs_wins(
                    &cur.updated_at,
                    &cur.snapshot(),
                    &c.updated_at,
                    &c.snapshot(),
                ) {
                    c.upsert(conn)?;
                    journal::changed(conn, journal, "contacts", &c.id, &cur, &c)?;
                }
            }
            Some(cur) => {
                let (ours, theirs) = (cur.snapshot(), c.snapshot());
                let (snapshot, edited_at) =
                    if theirs_wins(&cur.updated_at, &ours, &c.updated_at, &theirs) {
                        c.upsert(conn)?;
                        journal::changed(conn, journal, "contacts", &c.id, &cur, &c)?;
                        report.contacts_theirs += 1;
                        (ours, cur.updated_at)
                    } else {
                        report.contacts_ours += 1;
                        (theirs, c.updated_at.clone())
                    };
                let id = Uuid::new_v5(&REVISION_NS, format!("{}\n{}", c.id, snapshot).as_bytes());
                let loser = RevisionRow {
                    id: id.to_string(),
                    contact_id: c.id.clone(),
                    snapshot,
                    created_at: edited_at.clone(),
                    edited_at,
                    volunteer: None,
                };
                let added = loser.insert_or_ignore(conn)?;
                if added == 1 {
                    journal::added(conn, journal, "contact_revisions", &loser.id)?;
                }
                report.revisions_added += added as u32;
            }
        }
    }
    Ok(())
}

/// Follow-ups: the later version wins; a call it points at that this store lacks is
/// dropped from it.
fn merge_follow_ups(
    conn: &Connection,
    p: &Payload,
    cities: &HashSet<String>,
    journal: Option<&str>,
    report: &mut MergeReport,
) -> Result<()> {
    let known_call = |id: Option<String>| -> Result<Option<String>> {
        match id {
            None => Ok(None),
            Some(id) => Ok(CallRow::find(conn, &id)?.map(|c| c.id)),
        }
    };
    for f in &p.follow_ups {
        if !cities.contains(&f.city_id) {
            report.refuse(
                "follow-up",
                &f.id,
                RefusalReason::UnknownReference,
                format!("unknown city {}", f.city_id),
            );
            continue;
        }
        let mut f = f.clone();
        f.call_id = known_call(f.call_id)?;
        f.closed_by_call_id = known_call(f.closed_by_call_id)?;
        match FollowUpRow::find(conn, &f.id)? {
            None => {
                f.upsert(conn)?;
                journal::added(conn, journal, "follow_ups", &f.id)?;
                report.follow_ups_added += 1;
            }
            Some(cur) if cur == f => {}
            Some(cur) => {
                let ours = serde_json::to_string(&cur).expect("serialises");
                let theirs = serde_json::to_string(&f).expect("serialises");
                if theirs_wins(&cur.updated_at, &ours, &f.updated_at, &theirs) {
                    f.upsert(conn)?;
                    journal::changed(conn, journal, "follow_ups", &f.id, &cur, &f)?;
                    report.follow_ups_theirs += 1;
                } else {
                    report.follow_ups_ours += 1;
                }
            }
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ties_break_the_same_way_from_both_sides() {
        assert!(theirs_wins("t1", "a", "t2", "a"));
        assert!(!theirs_wins("t2", "a", "t1", "b"));
        assert!(theirs_wins("t1", "a", "t1", "b"));
        assert!(!theirs_wins("t1", "b", "t1", "a"));
    }
}

/// Places and ties volunteers added: first, so the calls, responses and status changes to
/// them merge too. Ids come from the place (see [`crate::targets`]), so the same place
/// added on two machines is one row; a row that claims a slug another id holds, or is not
/// a volunteer's, is refused with why.
fn merge_places(
    conn: &Connection,
    p: &Payload,
    journal: Option<&str>,
    report: &mut MergeReport,
) -> Result<()> {
    for c in &p.cities {
        if c.origin != "volunteer" || c.id != crate::seed::city_id(&c.slug) {
            report.refuse(
                "place",
                &c.id,
                RefusalReason::SeedOnly,
                format!(
                    "{}: not a place a volunteer added (origin {})",
                    check::fragment(&c.slug),
                    check::fragment(&c.origin)
                ),
            );
            continue;
        }
        if crate::import::state_code(&c.state) != Some(c.state.as_str())
            || c.kind.parse::<crate::vocab::JurisdictionKind>().is_err()
        {
            report.refuse(
                "place",
                &c.id,
                RefusalReason::InvalidValue,
                format!(
                    "{}: state {} or kind {} is not valid",
                    check::fragment(&c.slug),
                    check::fragment(&c.state),
                    check::fragment(&c.kind)
                ),
            );
            continue;
        }
        let holder: Option<String> = conn
            .query_row("SELECT id FROM cities WHERE slug = ?1", [&c.slug], |r| {
                r.get(0)
            })
            .optional()?;
        match holder {
            Some(id) if id == c.id => {}
            Some(_) => report.refuse(
                "place",
                &c.id,
                RefusalReason::Conflict,
                format!("this store has another place with the slug {}", c.slug),
            ),
            None => {
                let added = c.insert_or_ignore(conn)?;
                if added == 1 {
                    journal::added(conn, journal, "cities", &c.id)?;
                }
                report.cities_added += added as u32;
            }
        }
    }
    let cities = set_of(conn, "SELECT id FROM cities")?;
    for t in &p.ties {
        if t.origin != "volunteer" || !cities.contains(&t.city_id) {
            report.refuse(
                "tie",
                &t.id,
                if t.origin != "volunteer" {
                    RefusalReason::SeedOnly
                } else {
                    RefusalReason::UnknownReference
                },
                format!(
                    "with {}: unknown place {} or not a volunteer's",
                    check::fragment(&t.sister_city),
                    t.city_id
                ),
            );
            continue;
        }
        let same: Option<String> = conn
            .query_row(
                "SELECT id FROM relationships WHERE city_id = ?1 AND sister_city = ?2 COLLATE NOCASE",
                params![t.city_id, t.sister_city],
                |r| r.get(0),
            )
            .optional()?;
        match same {
            Some(id) if id != t.id => report.refuse(
                "tie",
                &t.id,
                RefusalReason::Conflict,
                format!("this store has the tie with {} already", t.sister_city),
            ),
            _ => {
                let added = t.insert_or_ignore(conn)?;
                if added == 1 {
                    journal::added(conn, journal, "relationships", &t.id)?;
                }
                report.ties_added += added as u32;
            }
        }
    }
    Ok(())
}
