//! Team sync against a real PostgreSQL server started by the tests (no mock): the
//! server's own checks (authorship, append-only history, undo by author or coordinator),
//! push and pull (repeatable, resumable, a cursor that skips nothing), convergence of
//! several volunteers in any order, and the errors a volunteer sees.

#[path = "common/postgres.rs"]
mod pg;

use std::sync::Arc;

use outreach_core::calls::{self, CallInput};
use outreach_core::contacts;
use outreach_core::fields::InputField;
use outreach_core::rows::CallRow;
use outreach_core::team::{self, server, CredentialsFile, ServerAddress, SyncOptions};
use outreach_core::vocab::CallOutcome;
use outreach_core::{ErrorKind, Store};
use pg::Pg;

/// A campaign on the shared test server: its own database, groups and volunteers.
struct Campaign {
    pg: Arc<Pg>,
    db: String,
    owner: ServerAddress,
}

impl Campaign {
    fn new(db: &str) -> Campaign {
        let pg = pg::server();
        pg.create_database(db);
        let owner = ServerAddress::parse(&pg.owner_url(db), InputField::Server).unwrap();
        let report = server::init(&owner).unwrap();
        assert_eq!(report.version, server::SERVER_SCHEMA);
        Campaign {
            pg,
            db: db.to_string(),
            owner,
        }
    }

    /// A volunteer's role name, unique on the server (roles are cluster-wide).
    fn role(&self, name: &str) -> String {
        format!("{}_{name}", self.db)
    }

    fn invite(&self, name: &str, coordinator: bool) -> String {
        server::add_volunteer(&self.owner, &self.role(name), coordinator)
            .unwrap()
            .invite
    }

    /// A volunteer's machine: its own data folder and config folder, joined.
    fn volunteer(&self, name: &str) -> Volunteer {
        self.volunteer_as(name, false)
    }

    fn volunteer_as(&self, name: &str, coordinator: bool) -> Volunteer {
        let dir = tempfile::tempdir().unwrap();
        let mut store = Store::open_dir(&dir.path().join("data")).unwrap();
        let creds = CredentialsFile::in_dir(&dir.path().join("config"));
        let invite = self.invite(name, coordinator);
        team::join(store.conn_mut(), &creds, &invite).unwrap();
        Volunteer {
            _dir: dir,
            store,
            creds,
            invite,
            role: self.role(name),
        }
    }

    fn owner_sql(&self) -> postgres::Client {
        self.pg.owner(&self.db)
    }

    fn count(&self, sql: &str) -> i64 {
        self.owner_sql().query_one(sql, &[]).unwrap().get(0)
    }
}

struct Volunteer {
    _dir: tempfile::TempDir,
    store: Store,
    creds: CredentialsFile,
    invite: String,
    role: String,
}

impl Volunteer {
    fn sync(&mut self) -> team::SyncReport {
        team::sync(&mut self.store, &self.creds).unwrap()
    }

    fn try_sync(&mut self) -> outreach_core::Result<team::SyncReport> {
        team::sync(&mut self.store, &self.creds)
    }

    fn call(&mut self, slug: &str, notes: &str) -> String {
        let mut input = CallInput::new(slug, CallOutcome::Voicemail);
        input.notes = notes.to_string();
        calls::log_call(self.store.conn_mut(), &input).unwrap().id
    }

    /// Logs a call to each of the first `n` cities (by slug); returns their slugs.
    fn call_cities(&mut self, n: usize) -> Vec<String> {
        let s = slugs(&self.store, n);
        for slug in &s {
            self.call(slug, "");
        }
        s
    }

    fn find_call(&self, id: &str) -> Option<CallRow> {
        CallRow::find(self.store.conn(), id).unwrap()
    }

    /// A raw connection to the server as this volunteer (what a hostile client could do).
    fn raw(&self) -> postgres::Client {
        postgres::Client::connect(&self.invite, postgres::NoTls).unwrap()
    }

    /// The calls (id, who, undone) this store holds, sorted.
    fn calls(&self) -> Vec<(String, String, bool)> {
        let mut stmt = self
            .store
            .conn()
            .prepare("SELECT id, volunteer, undone_at IS NOT NULL FROM calls ORDER BY id")
            .unwrap();
        stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
            .unwrap()
            .collect::<Result<_, _>>()
            .unwrap()
    }
}

fn slugs(store: &Store, n: usize) -> Vec<String> {
    let mut stmt = store
        .conn()
        .prepare("SELECT slug FROM cities ORDER BY slug LIMIT ?1")
        .unwrap();
    stmt.query_map([n as i64], |r| r.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap()
}

#[test]
fn two_volunteers_see_each_others_calls_with_their_authors() {
    let c = Campaign::new("t_two");
    let mut ana = c.volunteer("ana");
    let mut ben = c.volunteer("ben");
    let s = slugs(&ana.store, 2);
    let a1 = ana.call(&s[0], "left a message");
    let b1 = ben.call(&s[1], "no answer");

    let r = ana.sync();
    assert_eq!((r.pushed, r.pulled, r.pending), (1, 0, 0), "{r:?}");
    let r = ben.sync();
    assert_eq!((r.pushed, r.pulled, r.pending), (1, 1, 0), "{r:?}");
    let r = ana.sync();
    assert_eq!((r.pushed, r.pulled), (0, 1), "{r:?}");

    for v in [&ana, &ben] {
        assert_eq!(v.find_call(&a1).unwrap().volunteer, ana.role);
        assert_eq!(v.find_call(&b1).unwrap().volunteer, ben.role);
    }
    let status = team::status(ana.store.conn(), &ana.creds).unwrap();
    assert!(status.joined);
    assert_eq!(status.volunteer.as_deref(), Some(ana.role.as_str()));
    let names: Vec<&str> = status.teammates.iter().map(|t| t.name.as_str()).collect();
    assert!(
        names.contains(&ben.role.as_str()) && names.contains(&ana.role.as_str()),
        "{names:?}"
    );
    let ben_mate = status
        .teammates
        .iter()
        .find(|t| t.name == ben.role)
        .unwrap();
    assert_eq!(ben_mate.last_city.as_deref(), Some(s[1].as_str()));

    // Neither the report nor the status carries the password.
    let password = ServerAddress::parse(&ana.invite, InputField::Invite).unwrap();
    let secret = password
        .expose()
        .split(':')
        .nth(2)
        .unwrap()
        .split('@')
        .next()
        .unwrap()
        .to_string();
    let shown = format!("{r:?} {status:?}");
    assert!(!shown.contains(&secret), "{shown}");
}

#[test]
fn the_server_refuses_a_forged_author_and_any_change_to_history() {
    let c = Campaign::new("t_forge");
    let mut ana = c.volunteer("ana");
    let ben = c.volunteer("ben");
    let s = slugs(&ana.store, 1);
    let call = ana.call(&s[0], "");
    ana.sync();
    let before = c.count("SELECT count(*) FROM outreach.events");

    let mut raw = ben.raw();
    // Naming another author (or the pull cursor) is refused.
    let forged = raw.execute(
        "INSERT INTO outreach.events (id, kind, body, author) VALUES ('call:forged', 'call', '{}', $1)",
        &[&ana.role],
    );
    assert!(forged.is_err(), "a forged author was accepted");
    let forged = raw.execute(
        "INSERT INTO outreach.events (id, kind, body, txid) VALUES ('call:forged2', 'call', '{}', '1')",
        &[],
    );
    assert!(forged.is_err(), "a forged cursor position was accepted");
    // Acting as another role is refused.
    assert!(raw
        .batch_execute(&format!("SET ROLE \"{}\"", ana.role))
        .is_err());
    // No update, no delete, no truncate, even of one's own rows.
    let id = format!("call:{call}");
    assert!(raw
        .execute(
            "UPDATE outreach.events SET body = '{}' WHERE id = $1",
            &[&id]
        )
        .is_err());
    assert!(raw
        .execute("DELETE FROM outreach.events WHERE id = $1", &[&id])
        .is_err());
    assert!(raw.batch_execute("TRUNCATE outreach.events").is_err());
    let mut ana_raw = ana.raw();
    assert!(ana_raw
        .execute("DELETE FROM outreach.events WHERE id = $1", &[&id])
        .is_err());
    assert!(ana_raw
        .execute(
            "UPDATE outreach.events SET author = $2 WHERE id = $1",
            &[&id, &ben.role]
        )
        .is_err());

    assert_eq!(c.count("SELECT count(*) FROM outreach.events"), before);
    let author: String = c
        .owner_sql()
        .query_one(
            "SELECT author::text FROM outreach.events WHERE id = $1",
            &[&id],
        )
        .unwrap()
        .get(0);
    assert_eq!(author, ana.role);
    // What a volunteer inserts carries its own name, whatever it claims in the body.
    raw.execute(
        "INSERT INTO outreach.events (id, kind, body) VALUES ('call:mine', 'call', '{\"volunteer\":\"someone else\"}')",
        &[],
    )
    .unwrap();
    let author: String = c
        .owner_sql()
        .query_one(
            "SELECT author::text FROM outreach.events WHERE id = 'call:mine'",
            &[],
        )
        .unwrap()
        .get(0);
    assert_eq!(author, ben.role);
}

#[test]
fn a_repeated_push_is_a_no_op() {
    let c = Campaign::new("t_dup");
    let mut ana = c.volunteer("ana");
    ana.call_cities(3);
    assert_eq!(ana.sync().pushed, 3);
    let on_server = c.count("SELECT count(*) FROM outreach.events");
    // The acknowledgements are lost (e.g. a crash right after the server committed):
    // the same events go again, and the server keeps one of each.
    ana.store
        .conn()
        .execute("DELETE FROM team_events", [])
        .unwrap();
    let r = ana.sync();
    assert_eq!((r.pushed, r.pending), (3, 0), "{r:?}");
    assert_eq!(c.count("SELECT count(*) FROM outreach.events"), on_server);
    assert_eq!(ana.calls().len(), 3);
}

#[test]
fn an_interrupted_push_resumes_where_it_stopped() {
    let c = Campaign::new("t_resume");
    let mut ana = c.volunteer("ana");
    ana.call_cities(7);
    // The server fails the batch holding the fifth event pushed (as a dropped connection would).
    let fifth = team::events::pending(ana.store.conn()).unwrap()[4]
        .id
        .clone();
    c.owner_sql()
        .batch_execute(&format!(
            "CREATE FUNCTION outreach.boom() RETURNS trigger LANGUAGE plpgsql AS $$
             BEGIN IF NEW.id = '{fifth}' THEN RAISE EXCEPTION 'connection lost'; END IF;
             RETURN NEW; END $$;
             CREATE TRIGGER boom BEFORE INSERT ON outreach.events FOR EACH ROW EXECUTE FUNCTION outreach.boom();"
        ))
        .unwrap();
    let options = SyncOptions {
        push_batch: 2,
        pull_page: 100,
    };
    let address = ServerAddress::parse(&ana.invite, InputField::Invite).unwrap();
    let e = team::sync_with(&mut ana.store, &address, options).unwrap_err();
    assert_eq!(e.kind(), ErrorKind::TeamServer, "{e}");
    // Two batches of two made it; the rest is still pending here.
    assert_eq!(c.count("SELECT count(*) FROM outreach.events"), 4);
    let status = team::status(ana.store.conn(), &ana.creds).unwrap();
    assert_eq!(status.pending, 3);

    c.owner_sql()
        .batch_execute("DROP TRIGGER boom ON outreach.events")
        .unwrap();
    let r = team::sync_with(&mut ana.store, &address, options).unwrap();
    assert_eq!((r.pushed, r.pending), (3, 0), "{r:?}");
    assert_eq!(c.count("SELECT count(*) FROM outreach.events"), 7);
}

#[test]
fn three_volunteers_with_offline_work_converge_in_any_sync_order() {
    for (n, order) in [[0, 1, 2], [2, 0, 1], [1, 2, 0]].iter().enumerate() {
        let c = Campaign::new(&format!("t_conv{n}"));
        let mut v = [c.volunteer("ana"), c.volunteer("ben"), c.volunteer("cat")];
        let s = slugs(&v[0].store, 4);
        // Offline: each calls, two of them the same city; one undoes a call of its own.
        let mut undone = None;
        for (i, vol) in v.iter_mut().enumerate() {
            vol.call(&s[i], "first");
            let id = vol.call(&s[3], "same city");
            if i == 1 {
                calls::undo_call(vol.store.conn_mut(), &id).unwrap();
                undone = Some(id);
            }
        }
        // Interleaved: sync in this order, more offline work, then everyone syncs twice.
        for &i in order {
            v[i].sync();
        }
        v[order[0]].call(&s[2], "after the first round");
        for _ in 0..2 {
            for &i in order {
                v[i].sync();
            }
        }
        let first = v[0].calls();
        assert_eq!(first.len(), 7, "order {order:?}");
        for vol in &v[1..] {
            assert_eq!(vol.calls(), first, "order {order:?}");
        }
        let undone = undone.unwrap();
        assert!(first
            .iter()
            .any(|(id, who, u)| *id == undone && *u && *who == v[1].role));
        for vol in &v {
            let st = team::status(vol.store.conn(), &vol.creds).unwrap();
            assert_eq!(st.pending, 0);
            let queue_row: i64 = vol
                .store
                .conn()
                .query_row("SELECT count(*) FROM city_last_calls", [], |r| r.get(0))
                .unwrap();
            assert_eq!(queue_row, 4, "each called city has its latest call");
        }
    }
}

#[test]
fn only_the_author_or_a_coordinator_can_undo_a_call() {
    let c = Campaign::new("t_undo");
    let mut ana = c.volunteer("ana");
    let mut ben = c.volunteer("ben");
    let mut cora = c.volunteer_as("cora", true);
    let s = slugs(&ana.store, 2);
    let a1 = ana.call(&s[0], "");
    let a2 = ana.call(&s[1], "");
    ana.sync();
    ben.sync();
    cora.sync();

    // Ben's raw undo of Ana's call is refused by the server.
    let body = format!("{{\"call_id\":\"{a1}\",\"undone_at\":\"2026-01-01T00:00:00.000Z\"}}");
    let e = ben.raw().execute(
        "INSERT INTO outreach.events (id, kind, body) VALUES ($1, 'undo', $2::text::json)",
        &[&format!("undo:{a1}"), &body],
    );
    assert!(e.is_err(), "a teammate's undo was accepted");
    // The app refuses it too, naming who logged the call.
    let e = calls::undo_call(ben.store.conn_mut(), &a1).unwrap_err();
    assert!(e.to_string().contains(&ana.role), "{e}");
    assert!(ben.find_call(&a1).unwrap().undone_at.is_none());
    // An undo the server refuses anyway (here: written behind the app's back) stays on
    // that machine only and is not pushed again.
    ben.store
        .conn()
        .execute(
            "UPDATE calls SET undone_at = '2026-01-01T00:00:00.000Z' WHERE id = ?1",
            [&a1],
        )
        .unwrap();
    let r = ben.sync();
    assert_eq!((r.refused, r.pending), (1, 0), "{r:?}");
    assert_eq!(ben.sync().refused, 0);
    // A coordinator's undo is accepted and reaches Ana.
    calls::undo_call(cora.store.conn_mut(), &a2).unwrap();
    let r = cora.sync();
    assert_eq!((r.pushed, r.refused), (1, 0), "{r:?}");
    ana.sync();
    assert!(
        ana.find_call(&a1).unwrap().undone_at.is_none(),
        "Ben's undo reached Ana"
    );
    assert!(
        ana.find_call(&a2).unwrap().undone_at.is_some(),
        "the coordinator's undo did not"
    );
    // The author's own undo is accepted.
    calls::undo_call(ana.store.conn_mut(), &a1).unwrap();
    assert_eq!(ana.sync().pushed, 1);
    cora.sync();
    assert!(cora.find_call(&a1).unwrap().undone_at.is_some());
}

/// A response and a status change undone on one machine are undone on the others after a
/// sync (issue 11); a teammate's undo of them is refused by the server and by the app, a
/// coordinator's is taken.
#[test]
fn an_undone_response_or_status_change_is_undone_everywhere_and_only_by_its_author_or_a_coordinator(
) {
    use outreach_core::city_view::get_city;
    use outreach_core::responses::{self, ResponseInput};
    use outreach_core::vocab::{CityResponse, RelationshipStatus};
    let c = Campaign::new("t_undo_resp");
    let mut ana = c.volunteer("ana");
    let mut ben = c.volunteer("ben");
    let mut cora = c.volunteer_as("cora", true);
    let s = slugs(&ana.store, 2);
    let before = get_city(ana.store.conn(), &s[0]).unwrap().summary;
    let before_second = get_city(ana.store.conn(), &s[1]).unwrap().summary;
    let respond = |v: &mut Volunteer, slug: &str, response, status| {
        responses::record_response(
            v.store.conn_mut(),
            &ResponseInput {
                slug: slug.into(),
                response: Some(response),
                relationship: Some(status),
                date: "2026-03-01".into(),
                ..Default::default()
            },
        )
        .unwrap()
    };
    let a1 = respond(
        &mut ana,
        &s[0],
        CityResponse::Committed,
        RelationshipStatus::Suspended,
    );
    let a2 = respond(
        &mut ana,
        &s[1],
        CityResponse::Declined,
        RelationshipStatus::Severed,
    );
    ana.sync();
    ben.sync();
    cora.sync();
    let on_ben = get_city(ben.store.conn(), &s[0]).unwrap().summary;
    assert_eq!(
        (on_ben.response, on_ben.relationship_status),
        (CityResponse::Committed, RelationshipStatus::Suspended)
    );

    // Ana undoes her first save; Ben sees the city as it was before.
    responses::undo_recorded(ana.store.conn_mut(), &a1).unwrap();
    let r = ana.sync();
    assert_eq!(
        (r.pushed, r.refused, r.pending),
        (1 + a1.status_change_ids.len() as u32, 0, 0),
        "{r:?}"
    );
    ben.sync();
    let on_ben = get_city(ben.store.conn(), &s[0]).unwrap();
    assert_eq!(on_ben.summary.response, before.response);
    assert_eq!(
        on_ben.summary.relationship_status,
        before.relationship_status
    );
    assert!(on_ben.responses.is_empty());
    assert_eq!(
        on_ben.summary,
        get_city(ana.store.conn(), &s[0]).unwrap().summary
    );

    // Ben may not undo Ana's second save: the app refuses it, and so does the server.
    let e = responses::undo_recorded(ben.store.conn_mut(), &a2).unwrap_err();
    assert!(e.to_string().contains(&ana.role), "{e}");
    let body = format!(
        "{{\"id\":\"{}\",\"undone_at\":\"2026-03-02T00:00:00.000Z\"}}",
        a2.response_id.as_deref().unwrap()
    );
    let e = ben.raw().execute(
        "INSERT INTO outreach.events (id, kind, body) VALUES ($1, 'undo_response', $2::text::json)",
        &[
            &format!("undo_response:{}", a2.response_id.as_deref().unwrap()),
            &body,
        ],
    );
    assert!(e.is_err(), "a teammate's undo of a response was accepted");
    // Written behind the app's back, it stays on Ben's machine, refused.
    ben.store
        .conn()
        .execute(
            "UPDATE responses SET undone_at = '2026-03-02T00:00:00.000Z' WHERE id = ?1",
            [a2.response_id.as_deref().unwrap()],
        )
        .unwrap();
    let r = ben.sync();
    assert_eq!((r.refused, r.pending), (1, 0), "{r:?}");
    ana.sync();
    assert_eq!(
        get_city(ana.store.conn(), &s[1]).unwrap().summary.response,
        CityResponse::Declined,
        "Ben's undo did not reach Ana"
    );

    // A coordinator's undo of the status change is taken everywhere.
    for id in &a2.status_change_ids {
        responses::undo_status_change(cora.store.conn_mut(), id).unwrap();
    }
    let r = cora.sync();
    assert_eq!(
        (r.pushed, r.refused),
        (a2.status_change_ids.len() as u32, 0),
        "{r:?}"
    );
    ana.sync();
    let on_ana = get_city(ana.store.conn(), &s[1]).unwrap();
    assert_eq!(
        on_ana.summary.relationship_status,
        before_second.relationship_status
    );
    assert_eq!(on_ana.summary.response, CityResponse::Declined);
}

#[test]
fn concurrent_edits_of_a_contact_are_both_kept() {
    let c = Campaign::new("t_contact");
    let mut ana = c.volunteer("ana");
    let mut ben = c.volunteer("ben");
    let id: String = ana
        .store
        .conn()
        .query_row(
            "SELECT id FROM contacts WHERE deleted_at IS NULL ORDER BY id LIMIT 1",
            [],
            |r| r.get(0),
        )
        .unwrap();
    let edit = |v: &mut Volunteer, notes: &str| {
        let mut f = contacts::get_contact(v.store.conn(), &id).unwrap().fields;
        f.notes = notes.to_string();
        contacts::edit_contact(v.store.conn_mut(), &id, &f).unwrap();
    };
    edit(&mut ana, "Ana: ask for the chief of staff");
    std::thread::sleep(std::time::Duration::from_millis(5));
    edit(&mut ben, "Ben: the office closes at 4");
    ana.sync();
    ben.sync();
    ana.sync();
    let a = contacts::get_contact(ana.store.conn(), &id).unwrap();
    let b = contacts::get_contact(ben.store.conn(), &id).unwrap();
    assert_eq!(a, b, "both machines show the same current version");
    assert_eq!(
        a.fields.notes, "Ben: the office closes at 4",
        "the later edit is current"
    );
    for v in [&ana, &ben] {
        let history: Vec<String> = contacts::revisions(v.store.conn(), &id)
            .unwrap()
            .into_iter()
            .map(|r| r.notes)
            .collect();
        assert!(
            history
                .iter()
                .any(|n| n == "Ana: ask for the chief of staff"),
            "the other edit is kept in the history: {history:?}"
        );
    }
}

/// The server's transaction ids (the pull cursor) as numbers, past a power of ten: a cursor
/// that compared or ordered them as text ("1000" < "999") jumped over events there (seen
/// in the 1,000,000-call benchmark: a new volunteer got 486,000 of them, with no error).
#[test]
fn events_on_both_sides_of_a_power_of_ten_in_transaction_ids_are_all_pulled() {
    let c = Campaign::new("t_txid_digits");
    let mut ana = c.volunteer("ana");
    let mut ben = c.volunteer("ben");
    // Bring the cluster's next transaction id to 40 below a power of ten (other tests on the
    // shared server use some too; 80 one-call pushes still straddle it).
    let mut owner = c.owner_sql();
    let now: i64 = owner
        .query_one("SELECT pg_current_xact_id()::text::bigint", &[])
        .unwrap()
        .get(0);
    let mut boundary = 10_i64.pow(now.to_string().len() as u32);
    if boundary - now < 60 {
        boundary *= 10;
    }
    let burn = boundary - 40 - now;
    owner
        .batch_execute(&format!(
            "CREATE TEMP TABLE burn (x int);
             DO $$ BEGIN FOR i IN 1..{burn} LOOP
                 BEGIN INSERT INTO burn VALUES (i); EXCEPTION WHEN others THEN NULL; END;
             END LOOP; END $$;"
        ))
        .unwrap();
    let s = slugs(&ana.store, 10);
    let mut ids = Vec::new();
    for i in 0..80 {
        ids.push(ana.call(&s[i % s.len()], &format!("call {i}")));
    }
    let address = ServerAddress::parse(&ana.invite, InputField::Invite).unwrap();
    let one_by_one = SyncOptions {
        push_batch: 1,
        pull_page: 7,
    };
    let r = team::sync_with(&mut ana.store, &address, one_by_one).unwrap();
    assert_eq!(r.pushed, 80);
    let (shortest, longest): (i32, i32) = {
        let row = owner
            .query_one(
                "SELECT min(length(txid::text)), max(length(txid::text)) FROM outreach.events
                 WHERE kind = 'call'",
                &[],
            )
            .unwrap();
        (row.get(0), row.get(1))
    };
    assert!(
        shortest < longest,
        "the pushes straddle {boundary} (ids of {shortest} and {longest} digits)"
    );
    let address = ServerAddress::parse(&ben.invite, InputField::Invite).unwrap();
    let r = team::sync_with(&mut ben.store, &address, one_by_one).unwrap();
    assert_eq!(r.pulled, 80, "{r:?}");
    for id in &ids {
        assert!(ben.find_call(id).is_some(), "call {id} was not pulled");
    }
}

#[test]
fn a_row_committed_out_of_order_is_still_pulled() {
    let c = Campaign::new("t_order");
    let ana = c.volunteer("ana");
    let mut ben = c.volunteer("ben");
    let mut cat = c.volunteer("cat");
    let s = slugs(&ana.store, 2);
    let city_id: String = ana
        .store
        .conn()
        .query_row("SELECT id FROM cities WHERE slug = ?1", [&s[0]], |r| {
            r.get(0)
        })
        .unwrap();
    let slow_id = uuid::Uuid::new_v4().to_string();
    let body = serde_json::to_string(&CallRow {
        id: slow_id.clone(),
        city_id,
        channel: "phone".into(),
        outcome: "voicemail".into(),
        volunteer: "ana".into(),
        called_at: "2026-01-01T10:00:00.000Z".into(),
        created_at: "2026-01-01T10:00:00.000Z".into(),
        ..CallRow::default()
    })
    .unwrap();

    // Ana's push starts first (takes the lower sequence number) and commits last.
    let mut raw = ana.raw();
    let mut slow = raw.transaction().unwrap();
    slow.execute(
        "INSERT INTO outreach.events (id, kind, body) VALUES ($1, 'call', $2::text::json)",
        &[&format!("call:{slow_id}"), &body],
    )
    .unwrap();
    let fast = ben.call(&s[1], "");
    ben.sync();
    let r = cat.sync();
    assert_eq!(r.pulled, 1);
    assert!(cat.find_call(&fast).is_some());
    assert!(cat.find_call(&slow_id).is_none());
    slow.commit().unwrap();
    let (slow_seq, fast_seq): (i64, i64) = {
        let mut o = c.owner_sql();
        let q = |o: &mut postgres::Client, id: String| -> i64 {
            o.query_one("SELECT seq FROM outreach.events WHERE id = $1", &[&id])
                .unwrap()
                .get(0)
        };
        (
            q(&mut o, format!("call:{slow_id}")),
            q(&mut o, format!("call:{fast}")),
        )
    };
    assert!(
        slow_seq < fast_seq,
        "a sequence cursor would have skipped it"
    );

    let r = cat.sync();
    assert_eq!(r.pulled, 1, "{r:?}");
    assert_eq!(cat.find_call(&slow_id).unwrap().volunteer, ana.role);
}

#[test]
fn a_removed_volunteer_can_no_longer_sync_and_keeps_its_work() {
    let c = Campaign::new("t_removed");
    let mut ana = c.volunteer("ana");
    let s = slugs(&ana.store, 2);
    ana.call(&s[0], "");
    ana.sync();
    let removed = server::remove_volunteer(&c.owner, &ana.role).unwrap();
    assert_eq!(removed.events_kept, 1);
    ana.call(&s[1], "offline");
    let e = ana.try_sync().unwrap_err();
    assert_eq!(e.kind(), ErrorKind::TeamCredentialsRefused, "{e}");
    assert!(!e.to_string().contains(&ana.invite));
    assert_eq!(ana.calls().len(), 2, "nothing logged is lost");
    assert_eq!(
        team::status(ana.store.conn(), &ana.creds).unwrap().pending,
        1
    );
    assert_eq!(c.count("SELECT count(*) FROM outreach.events"), 1);
}

#[test]
fn a_server_schema_newer_than_the_app_is_refused() {
    let c = Campaign::new("t_newer");
    // Running init again changes nothing.
    let again = server::init(&c.owner).unwrap();
    assert!(again.actions.is_empty(), "{:?}", again.actions);
    let mut ana = c.volunteer("ana");
    c.owner_sql()
        .batch_execute("UPDATE outreach.meta SET value = '99' WHERE key = 'schema_version'")
        .unwrap();
    let s = slugs(&ana.store, 1);
    ana.call(&s[0], "");
    let e = ana.try_sync().unwrap_err();
    assert_eq!(e.kind(), ErrorKind::TeamSchemaTooNew);
    assert!(e.to_string().contains("update Outreach Desk"), "{e}");
    assert_eq!(c.count("SELECT count(*) FROM outreach.events"), 0);
    assert_eq!(
        server::init(&c.owner).unwrap_err().kind(),
        ErrorKind::TeamSchemaTooNew
    );
}

#[test]
fn an_unreachable_server_or_wrong_password_gets_a_clear_error() {
    let c = Campaign::new("t_errors");
    let ana = c.volunteer("ana");
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open_dir(dir.path()).unwrap();
    // Nothing listens on this port.
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let gone = ServerAddress::parse(
        &format!("postgres://x:y@127.0.0.1:{port}/t_errors"),
        InputField::Invite,
    )
    .unwrap();
    let e = team::sync_with(&mut store, &gone, SyncOptions::default()).unwrap_err();
    assert_eq!(e.kind(), ErrorKind::TeamUnreachable, "{e}");
    let wrong = ServerAddress::parse(&ana.invite, InputField::Invite)
        .unwrap()
        .with_credentials(&ana.role, "not-the-password");
    let e = team::sync_with(&mut store, &wrong, SyncOptions::default()).unwrap_err();
    assert_eq!(e.kind(), ErrorKind::TeamCredentialsRefused, "{e}");
    assert!(!e.to_string().contains("not-the-password"), "{e}");
    // Not joined at all.
    let none = CredentialsFile::in_dir(&dir.path().join("nowhere"));
    assert_eq!(
        team::sync(&mut store, &none).unwrap_err().kind(),
        ErrorKind::TeamNotJoined
    );
}

#[test]
fn a_server_that_accepts_and_says_nothing_is_reported_not_waited_on_for_ever() {
    // A stalled server or a tarpit: the TCP connection is accepted, then silence.
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    let held = std::thread::spawn(move || {
        let (socket, _) = listener.accept().unwrap();
        std::thread::sleep(std::time::Duration::from_secs(90));
        drop(socket);
    });
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().to_path_buf();
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let mut store = Store::open_dir(&data).unwrap();
        let silent = ServerAddress::parse(
            &format!("postgres://x:y@127.0.0.1:{port}/t_silent"),
            InputField::Invite,
        )
        .unwrap();
        tx.send(team::sync_with(&mut store, &silent, SyncOptions::default()))
            .unwrap();
    });
    // Not a timing assertion: without the handshake deadline the sync never returns.
    let e = rx
        .recv_timeout(std::time::Duration::from_secs(80))
        .expect("the sync returned instead of waiting for the silent server")
        .unwrap_err();
    assert_eq!(e.kind(), ErrorKind::TeamUnreachable, "{e}");
    assert!(e.to_string().contains("did not answer"), "{e}");
    drop(held);
}

#[test]
fn a_week_offline_with_500_calls_pushes_them_all_when_back() {
    let c = Campaign::new("t_week");
    let mut ana = c.volunteer("ana");
    let mut ben = c.volunteer("ben");
    let s = slugs(&ana.store, 20);
    for i in 0..500 {
        ana.call(&s[i % s.len()], &format!("call {i}"));
    }
    // While offline, a sync fails clearly and changes nothing here.
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let offline = ServerAddress::parse(
        &format!("postgres://x:y@127.0.0.1:{port}/t_week"),
        InputField::Invite,
    )
    .unwrap();
    let before = ana.calls();
    let e = team::sync_with(&mut ana.store, &offline, SyncOptions::default()).unwrap_err();
    assert_eq!(e.kind(), ErrorKind::TeamUnreachable);
    assert_eq!(ana.calls(), before);
    // Back online: everything goes, in several batches, and a teammate gets it all.
    let options = SyncOptions {
        push_batch: 128,
        pull_page: 100,
    };
    let address = ServerAddress::parse(&ana.invite, InputField::Invite).unwrap();
    let r = team::sync_with(&mut ana.store, &address, options).unwrap();
    assert_eq!((r.pushed, r.pending), (500, 0), "{r:?}");
    let r = ben.sync();
    assert_eq!(r.pulled, 500);
    assert_eq!(ben.calls(), ana.calls());
}

/// Slugs in a volunteer's Call next queue now.
fn queued(v: &Volunteer) -> Vec<String> {
    outreach_core::queue::call_queue(v.store.conn(), None)
        .unwrap()
        .entries
        .into_iter()
        .map(|e| e.slug)
        .collect()
}

#[test]
fn a_teammates_call_shows_on_the_city_and_keeps_it_out_of_the_queue() {
    use outreach_core::{cities, city_view, queue, time};
    let c = Campaign::new("t_called_by");
    let mut ana = c.volunteer("ana");
    let mut ben = c.volunteer("ben");
    // Ana wants cities back at once (no "called in the last days" rule of her own).
    queue::set_recent_days(ana.store.conn(), 0).unwrap();
    let before = queued(&ana);
    let (x, y, old, mine) = (&before[0], &before[1], &before[2], &before[3]);
    // Ana's window has its list in memory before the sync.
    assert!(ana
        .store
        .list_cities()
        .unwrap()
        .iter()
        .all(|c| c.teammate_call.is_none()));

    // Ben calls x and asks to call again today (the follow-up travels too), calls y, and
    // calls `old` two days ago (logged offline); Ana calls `mine` herself.
    let mut input = CallInput::new(x, CallOutcome::CallbackRequested);
    input.follow_up = Some(time::today());
    calls::log_call(ben.store.conn_mut(), &input).unwrap();
    ben.call(y, "");
    let old_call = ben.call(old, "");
    let two_days_ago = (jiff::Timestamp::now() - jiff::SignedDuration::from_hours(48))
        .strftime("%Y-%m-%dT%H:%M:%S%.3fZ")
        .to_string();
    ben.store
        .conn()
        .execute(
            "UPDATE calls SET called_at = ?1 WHERE id = ?2",
            [&two_days_ago, &old_call],
        )
        .unwrap();
    ana.call(mine, "");
    ben.sync();
    ana.sync();

    // The city in full and the (cached) list say who called, when and how it went.
    let detail = city_view::get_city(ana.store.conn(), x).unwrap();
    let t = detail.summary.teammate_call.expect("a teammate called x");
    assert_eq!(t.volunteer, ben.role);
    assert_eq!(t.outcome, CallOutcome::CallbackRequested);
    let listed = ana.store.list_cities().unwrap();
    let of = |slug: &str| {
        listed
            .iter()
            .find(|c| c.slug == slug)
            .unwrap()
            .teammate_call
            .clone()
    };
    assert_eq!(of(x).unwrap().volunteer, ben.role);
    assert_eq!(of(old).unwrap().called_at, two_days_ago);
    assert!(of(mine).is_none(), "Ana's own call is no teammate's");
    assert_eq!(listed, cities::list_cities(ana.store.conn()).unwrap());
    // Ben sees no teammate on the cities he called himself.
    assert!(city_view::get_city(ben.store.conn(), x)
        .unwrap()
        .summary
        .teammate_call
        .is_none());

    // The queue leaves out what Ben called in the last day, even x with its follow-up due;
    // the call two days old no longer keeps `old` out.
    let after = queued(&ana);
    assert!(!after.contains(x) && !after.contains(y), "{after:?}");
    assert!(after.contains(old) && after.contains(mine), "{after:?}");
    // With the follow-up due, x would otherwise be first.
    assert!(queued(&ben).first() == Some(x), "{:?}", queued(&ben));
}

#[test]
fn campaign_settings_written_by_a_coordinator_are_pulled_by_all() {
    use outreach_core::{campaign, settings};
    let c = Campaign::new("t_settings");
    let mut coord = c.volunteer_as("cora", true);
    let mut ana = c.volunteer("ana");
    let script =
        "Hello {mayor_name}, this is {volunteer_name}: please end the tie with {sister_city}.";
    campaign::set_goal(coord.store.conn(), 30_000).unwrap();
    settings::set(coord.store.conn(), "campaign.call_script", script).unwrap();
    settings::set(
        coord.store.conn(),
        "signatures.url",
        "https://www.change.org/p/example",
    )
    .unwrap();
    coord.sync();
    // A volunteer's own edit stays on her machine: it is not pushed, and nothing fails.
    settings::set(ana.store.conn(), "campaign.goal", "20000").unwrap();
    let before = team::status(ana.store.conn(), &ana.creds).unwrap().pending;
    let r = ana.sync();
    assert_eq!(
        (r.pushed, r.pending),
        (0, 0),
        "{r:?} (pending before: {before})"
    );
    // ... until a coordinator publishes a newer one: then every machine has the campaign's.
    assert_eq!(campaign::goal(ana.store.conn()).unwrap(), 20_000);
    assert_eq!(
        settings::get(ana.store.conn(), "campaign.call_script")
            .unwrap()
            .as_deref(),
        Some(script)
    );
    assert_eq!(
        settings::get(ana.store.conn(), "signatures.url")
            .unwrap()
            .as_deref(),
        Some("https://www.change.org/p/example")
    );
    campaign::set_goal(coord.store.conn(), 35_000).unwrap();
    coord.sync();
    ana.sync();
    assert_eq!(campaign::goal(ana.store.conn()).unwrap(), 35_000);
    // A volunteer cannot write a setting on the server.
    let refused = ana.raw().execute(
        "INSERT INTO outreach.events (id, kind, body) VALUES ('setting:x@1', 'setting', '{}')",
        &[],
    );
    assert!(refused.is_err());
    // Pulled again, nothing changes.
    let again = ana.sync();
    assert_eq!(again.pulled, 0);
}

#[test]
fn signature_totals_are_shared() {
    use outreach_core::signatures::history;
    let c = Campaign::new("t_signatures");
    let mut ana = c.volunteer("ana");
    let mut ben = c.volunteer("ben");
    let entered = history::enter_total(ana.store.conn_mut(), "19,250").unwrap();
    ana.sync();
    ben.sync();
    let bens = history::history(ben.store.conn()).unwrap();
    let got = bens
        .iter()
        .find(|s| s.id == entered.id)
        .expect("Ana's total reached Ben");
    assert_eq!((got.total, got.provider.as_str()), (19_250, "manual"));
    assert_eq!(
        history::latest(ben.store.conn()).unwrap().unwrap().total,
        19_250
    );
    // The seed's figure (the same id everywhere) is not doubled.
    assert_eq!(
        bens.len(),
        history::history(ana.store.conn()).unwrap().len()
    );
    assert_eq!(ben.sync().pulled, 0);
}

#[test]
fn a_campaign_made_by_server_schema_1_is_migrated_and_then_takes_signature_totals() {
    let c = Campaign::new("t_migrate");
    // The campaign as schema 1 made it: no `signature` kind.
    c.owner_sql()
        .batch_execute(
            "ALTER TABLE outreach.events DROP CONSTRAINT events_kind_check;
             ALTER TABLE outreach.events ADD CONSTRAINT events_kind_check CHECK (kind IN
               ('city','tie','contact','revision','call','undo','response','status','follow_up','setting'));
             UPDATE outreach.meta SET value = '1' WHERE key = 'schema_version';",
        )
        .unwrap();
    let mut ana = c.volunteer("ana");
    // A total entered while the server is still at schema 1 waits; the rest goes.
    outreach_core::signatures::history::enter_total(ana.store.conn_mut(), "19,000").unwrap();
    ana.call_cities(1);
    let r = ana.sync();
    assert_eq!((r.pushed, r.pending), (1, 1), "{r:?}");
    let r = server::init(&c.owner).unwrap();
    assert_eq!((r.from_version, r.version), (1, server::SERVER_SCHEMA));
    assert_eq!(
        r.actions,
        ["applied server migration 2", "applied server migration 3"]
    );
    let r = ana.sync();
    assert_eq!((r.pushed, r.pending), (1, 0), "{r:?}");
    assert_eq!(server::init(&c.owner).unwrap().actions.len(), 0);
}
