//! The campaign server's side, created and migrated by the app: the schema `outreach`
//! (versioned migrations in `outreach.meta`), the two group roles of a campaign
//! (`<campaign>_volunteers`, `<campaign>_coordinators`), one login role per volunteer, and
//! the invites that hand a volunteer its credentials.
//!
//! The synced data is one append-only table of events, `outreach.events`. Authorship is the
//! server's: `author` defaults to `current_user`, a volunteer may insert only the columns
//! `id`, `kind` and `body` (so neither `author` nor the pull cursor `txid` can be forged),
//! row-level security checks `author = current_user` on every insert, and nobody but the
//! owner may update or delete. An undo names a call (or, from schema 3, a response or a
//! status change); the server accepts it from the row's author or a coordinator only.
//! Campaign settings are written by coordinators only.

use postgres::Client;
use serde::Serialize;
use ts_rs::TS;
use uuid::Uuid;

use super::address::ServerAddress;
use crate::error::{Error, Result};
use crate::fields::InputField;

/// The newest server schema this build knows. Version N is the first N migrations.
pub const SERVER_SCHEMA: i64 = 3;

/// The kinds of events the server stores (its `CHECK`), in the order a push sends them
/// (and a pull reads them): what a row points at goes before it, an undo after its row.
/// Each with the server schema that added it: migration 2 added `signature` (shared
/// signature totals), migration 3 the undos of a response and of a status change
/// (`undo_response`, `undo_status`, issue 11). A shipped migration's list never changes.
const KINDS_SINCE: &[(&str, i64)] = &[
    ("city", 1),
    ("tie", 1),
    ("contact", 1),
    ("revision", 1),
    ("call", 1),
    ("undo", 1),
    ("response", 1),
    ("undo_response", 3),
    ("status", 1),
    ("undo_status", 3),
    ("follow_up", 1),
    ("setting", 1),
    ("signature", 2),
];

/// The kinds a server of schema `version` takes, in push order (a push holds back the
/// others until a coordinator runs `team init`, which migrates the server).
pub fn kinds_at(version: i64) -> Vec<&'static str> {
    let version = version.max(1);
    KINDS_SINCE
        .iter()
        .filter(|(_, since)| *since <= version)
        .map(|(kind, _)| *kind)
        .collect()
}

/// The campaign's group roles.
#[derive(Debug, Clone)]
pub struct Groups {
    pub volunteers: String,
    pub coordinators: String,
}

impl Groups {
    fn of(campaign: &str) -> Result<Groups> {
        if campaign.len() > 48 {
            return Err(Error::invalid(
                InputField::Server,
                "the campaign's database name is longer than 48 characters",
            ));
        }
        Ok(Groups {
            volunteers: format!("{campaign}_volunteers"),
            coordinators: format!("{campaign}_coordinators"),
        })
    }
}

/// A role or other name in SQL, quoted.
fn ident(name: &str) -> String {
    format!("\"{}\"", name.replace('"', "\"\""))
}

/// A string literal in SQL, quoted.
fn literal(text: &str) -> String {
    format!("'{}'", text.replace('\'', "''"))
}

/// The migrations, in order: each is SQL run by the owner in one transaction.
fn migrations(g: &Groups) -> Vec<String> {
    let vol = ident(&g.volunteers);
    let coord_lit = literal(&g.coordinators);
    let list = |kinds: &[&str]| {
        kinds
            .iter()
            .map(|k| literal(k))
            .collect::<Vec<_>>()
            .join(", ")
    };
    let kinds = list(&kinds_at(1));
    let kinds_v2 = list(&kinds_at(2));
    let kinds_v3 = list(&kinds_at(3));
    vec![
        format!(
            r#"
CREATE SCHEMA outreach;
REVOKE ALL ON SCHEMA outreach FROM PUBLIC;
CREATE TABLE outreach.meta (key text PRIMARY KEY, value text NOT NULL);
CREATE TABLE outreach.events (
    seq         bigint GENERATED ALWAYS AS IDENTITY,
    id          text PRIMARY KEY CHECK (length(id) BETWEEN 1 AND 200),
    kind        text NOT NULL CHECK (kind IN ({kinds})),
    body        json NOT NULL CHECK (json_typeof(body) = 'object'),
    author      name NOT NULL DEFAULT current_user,
    txid        xid8 NOT NULL DEFAULT pg_current_xact_id(),
    recorded_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX events_pull ON outreach.events (kind, txid, seq);
CREATE INDEX events_author ON outreach.events (author);

-- Whether `who` may undo the call `call_id`: its author, or a coordinator.
CREATE FUNCTION outreach.may_undo(call_id text, who name) RETURNS boolean
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
    SELECT pg_has_role(who, {coord_lit}, 'MEMBER')
        OR EXISTS (SELECT 1 FROM outreach.events e
                   WHERE e.id = 'call:' || call_id AND e.author = who)
$$;
REVOKE ALL ON FUNCTION outreach.may_undo(text, name) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION outreach.may_undo(text, name) TO {vol};

ALTER TABLE outreach.events ENABLE ROW LEVEL SECURITY;
GRANT USAGE ON SCHEMA outreach TO {vol};
GRANT SELECT ON outreach.meta TO {vol};
GRANT SELECT ON outreach.events TO {vol};
GRANT INSERT (id, kind, body) ON outreach.events TO {vol};
REVOKE UPDATE, DELETE, TRUNCATE ON outreach.events FROM {vol};
GRANT USAGE ON SEQUENCE outreach.events_seq_seq TO {vol};
CREATE POLICY events_read ON outreach.events FOR SELECT TO {vol} USING (true);
CREATE POLICY events_insert ON outreach.events FOR INSERT TO {vol} WITH CHECK (
    author = current_user
    AND (kind <> 'undo' OR outreach.may_undo(body->>'call_id', current_user))
    AND (kind <> 'setting' OR pg_has_role(current_user, {coord_lit}, 'MEMBER'))
);
INSERT INTO outreach.meta (key, value) VALUES ('schema_version', '0');
"#
        ),
        // 2: signature totals are shared (any volunteer may add one; totals are facts with
        // their time and source, kept side by side).
        format!(
            r#"
ALTER TABLE outreach.events DROP CONSTRAINT events_kind_check;
ALTER TABLE outreach.events ADD CONSTRAINT events_kind_check CHECK (kind IN ({kinds_v2}));
"#
        ),
        // 3: a response and a change of a tie's status can be undone (issue 11), each by its
        // own event naming the row (`{ id, undone_at }`), accepted from the row's author or
        // a coordinator, as an undo of a call is.
        format!(
            r#"
ALTER TABLE outreach.events DROP CONSTRAINT events_kind_check;
ALTER TABLE outreach.events ADD CONSTRAINT events_kind_check CHECK (kind IN ({kinds_v3}));

-- Whether `who` may undo the row of the event `event_id`: its author, or a coordinator.
CREATE OR REPLACE FUNCTION outreach.may_undo_row(event_id text, who name) RETURNS boolean
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
    SELECT pg_has_role(who, {coord_lit}, 'MEMBER')
        OR EXISTS (SELECT 1 FROM outreach.events e WHERE e.id = event_id AND e.author = who)
$$;
REVOKE ALL ON FUNCTION outreach.may_undo_row(text, name) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION outreach.may_undo_row(text, name) TO {vol};

DROP POLICY IF EXISTS events_insert ON outreach.events;
CREATE POLICY events_insert ON outreach.events FOR INSERT TO {vol} WITH CHECK (
    author = current_user
    AND (kind <> 'undo' OR outreach.may_undo(body->>'call_id', current_user))
    AND (kind <> 'undo_response'
         OR outreach.may_undo_row('response:' || (body->>'id'), current_user))
    AND (kind <> 'undo_status'
         OR outreach.may_undo_row('status:' || (body->>'id'), current_user))
    AND (kind <> 'setting' OR pg_has_role(current_user, {coord_lit}, 'MEMBER'))
);
"#
        ),
    ]
}

/// What `team init` did.
#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct InitReport {
    /// `host:port/campaign` (no credentials).
    pub server: String,
    /// The server schema before and after.
    pub from_version: i64,
    pub version: i64,
    /// What was done, one line each; empty when nothing needed doing.
    pub actions: Vec<String>,
}

/// The server schema's version, or `None` when the database holds no campaign.
pub fn schema_version(client: &mut Client, address: &ServerAddress) -> Result<Option<i64>> {
    let exists: bool = client
        .query_one("SELECT to_regclass('outreach.meta') IS NOT NULL", &[])
        .map_err(|e| address.classify(&e))?
        .get(0);
    if !exists {
        return Ok(None);
    }
    let row = client
        .query_opt(
            "SELECT value FROM outreach.meta WHERE key = 'schema_version'",
            &[],
        )
        .map_err(|e| address.classify(&e))?;
    Ok(Some(
        row.and_then(|r| r.get::<_, String>(0).parse().ok())
            .unwrap_or(0),
    ))
}

/// Refuses a server with no campaign or a schema newer than this build knows.
pub fn check_schema(client: &mut Client, address: &ServerAddress) -> Result<i64> {
    match schema_version(client, address)? {
        None => Err(Error::TeamNoCampaign {
            server: address.server(),
        }),
        Some(v) if v > SERVER_SCHEMA => Err(Error::TeamSchemaTooNew {
            server: address.server(),
            found: v,
            known: SERVER_SCHEMA,
        }),
        Some(v) => Ok(v),
    }
}

fn role_exists(client: &mut Client, address: &ServerAddress, role: &str) -> Result<bool> {
    Ok(client
        .query_one(
            "SELECT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = $1)",
            &[&role],
        )
        .map_err(|e| address.classify(&e))?
        .get(0))
}

fn run(client: &mut Client, address: &ServerAddress, sql: &str, what: &str) -> Result<()> {
    client
        .batch_execute(sql)
        .map_err(|e| address.failed(&e, &format!("{what} failed and was rolled back")))
}

/// Creates or migrates the campaign's schema and group roles, as the owner in `address`.
/// Running it again changes nothing.
pub fn init(address: &ServerAddress) -> Result<InitReport> {
    let mut client = address.connect()?;
    let groups = Groups::of(address.database())?;
    let mut actions = Vec::new();
    let from = schema_version(&mut client, address)?;
    if let Some(v) = from.filter(|v| *v > SERVER_SCHEMA) {
        return Err(Error::TeamSchemaTooNew {
            server: address.server(),
            found: v,
            known: SERVER_SCHEMA,
        });
    }
    for (role, member_of) in [
        (&groups.volunteers, None),
        (&groups.coordinators, Some(&groups.volunteers)),
    ] {
        if !role_exists(&mut client, address, role)? {
            let mut sql = format!("CREATE ROLE {} NOLOGIN", ident(role));
            if let Some(parent) = member_of {
                sql.push_str(&format!(" IN ROLE {}", ident(parent)));
            }
            run(&mut client, address, &sql, "creating a group role")?;
            actions.push(format!("created the group role {role}"));
        }
    }
    let from_version = from.unwrap_or(0);
    let all = migrations(&groups);
    let mut version = from_version;
    // A database with no campaign starts at migration 1; version 0 means a schema made by
    // an interrupted first migration, which cannot exist (each runs in one transaction).
    let start = if from.is_none() {
        0
    } else {
        from_version as usize
    };
    for (i, sql) in all.iter().enumerate().skip(start) {
        let n = i as i64 + 1;
        let step = format!(
            "BEGIN;\n{sql}\nUPDATE outreach.meta SET value = '{n}' WHERE key = 'schema_version';\nCOMMIT;"
        );
        if let Err(e) = run(
            &mut client,
            address,
            &step,
            &format!("server migration {n}"),
        ) {
            let _ = client.batch_execute("ROLLBACK");
            return Err(e);
        }
        actions.push(format!("applied server migration {n}"));
        version = n;
    }
    Ok(InitReport {
        server: address.server(),
        from_version,
        version,
        actions,
    })
}

/// An invite: what a coordinator hands a volunteer (it holds the password).
#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct Invite {
    pub volunteer: String,
    pub coordinator: bool,
    pub server: String,
    /// `postgres://ROLE:PASSWORD@HOST:PORT/CAMPAIGN`, for `outreach team join`.
    pub invite: String,
    /// Whether the role existed (its password is new; the old invite no longer works).
    pub renewed: bool,
}

/// Checks a volunteer's name as a role name: letters, digits, `_` and `-`, 1-48 bytes.
pub fn check_volunteer(name: &str) -> Result<String> {
    let name = name.trim();
    if name.is_empty() || name.len() > 48 {
        return Err(Error::invalid(
            InputField::TeamVolunteer,
            "it must be 1 to 48 characters long",
        ));
    }
    if !name
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
    {
        return Err(Error::invalid(
            InputField::TeamVolunteer,
            "use letters, digits, _ and - only (it is the volunteer's login on the server)",
        ));
    }
    if name.starts_with("pg_") {
        return Err(Error::invalid(
            InputField::TeamVolunteer,
            "names starting with pg_ are reserved by PostgreSQL",
        ));
    }
    Ok(name.to_string())
}

/// Creates (or renews) a volunteer's login role with a generated password, member of the
/// campaign's volunteers (and coordinators, with `coordinator`), and returns its invite.
pub fn add_volunteer(address: &ServerAddress, name: &str, coordinator: bool) -> Result<Invite> {
    let name = check_volunteer(name)?;
    let mut client = address.connect()?;
    check_schema(&mut client, address)?;
    let groups = Groups::of(address.database())?;
    if name == groups.volunteers || name == groups.coordinators || name == address.role() {
        return Err(Error::invalid(
            InputField::TeamVolunteer,
            "it is the name of one of the campaign's own roles",
        ));
    }
    // 244 random bits, hex only (nothing to escape in SQL or a URL).
    let password = format!("{}{}", Uuid::new_v4().simple(), Uuid::new_v4().simple());
    let renewed = role_exists(&mut client, address, &name)?;
    let role = ident(&name);
    let group = if coordinator {
        ident(&groups.coordinators)
    } else {
        ident(&groups.volunteers)
    };
    let mut sql = String::from("BEGIN;\n");
    if renewed {
        sql.push_str(&format!(
            "ALTER ROLE {role} LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOBYPASSRLS PASSWORD '{password}';\n"
        ));
    } else {
        sql.push_str(&format!(
            "CREATE ROLE {role} LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOBYPASSRLS PASSWORD '{password}';\n"
        ));
    }
    sql.push_str(&format!("GRANT {group} TO {role};\n"));
    if !coordinator {
        sql.push_str(&format!(
            "REVOKE {} FROM {role};\n",
            ident(&groups.coordinators)
        ));
    }
    sql.push_str(&format!(
        "GRANT CONNECT ON DATABASE {} TO {role};\nCOMMIT;",
        ident(address.database())
    ));
    if let Err(e) = client.batch_execute(&sql) {
        let _ = client.batch_execute("ROLLBACK");
        return Err(match address.failed(&e, "the volunteer was not added") {
            Error::TeamServer {
                server,
                reason,
                what,
            } => Error::TeamServer {
                server,
                reason: reason.replace(&password, "<hidden>"),
                what,
            },
            other => other,
        });
    }
    Ok(Invite {
        volunteer: name.clone(),
        coordinator,
        server: address.server(),
        invite: address
            .with_credentials(&name, &password)
            .expose()
            .to_string(),
        renewed,
    })
}

/// What `team remove-volunteer` did.
#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct Removed {
    pub volunteer: String,
    pub server: String,
    /// Events the volunteer synced, which stay.
    pub events_kept: i64,
}

/// Disables a volunteer's login and takes it out of the campaign's groups; what it synced
/// stays.
pub fn remove_volunteer(address: &ServerAddress, name: &str) -> Result<Removed> {
    let name = check_volunteer(name)?;
    let mut client = address.connect()?;
    check_schema(&mut client, address)?;
    if !role_exists(&mut client, address, &name)? {
        return Err(Error::invalid(
            InputField::TeamVolunteer,
            format!("no volunteer named {name} on this server"),
        ));
    }
    let groups = Groups::of(address.database())?;
    let role = ident(&name);
    let sql = format!(
        "BEGIN;\nALTER ROLE {role} NOLOGIN PASSWORD NULL;\nREVOKE {} FROM {role};\nREVOKE {} FROM {role};\nCOMMIT;",
        ident(&groups.coordinators),
        ident(&groups.volunteers)
    );
    if let Err(e) = run(&mut client, address, &sql, "removing the volunteer") {
        let _ = client.batch_execute("ROLLBACK");
        return Err(e);
    }
    // End the sessions it has open, where the owner may.
    let _ = client.execute(
        "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE usename = $1",
        &[&name],
    );
    let events_kept: i64 = client
        .query_one(
            "SELECT count(*) FROM outreach.events WHERE author = $1",
            &[&name],
        )
        .map_err(|e| address.classify(&e))?
        .get(0);
    Ok(Removed {
        volunteer: name,
        server: address.server(),
        events_kept,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn migration_1_allows_the_ten_first_kinds_and_migration_2_adds_signature() {
        let g = Groups {
            volunteers: "v".into(),
            coordinators: "c".into(),
        };
        let m = migrations(&g);
        let v1 = "'city', 'tie', 'contact', 'revision', 'call', 'undo', 'response', \
                  'status', 'follow_up', 'setting')";
        assert!(m[0].contains(&format!("CHECK (kind IN ({v1}")), "{}", m[0]);
        assert!(!m[0].contains("'signature'"));
        assert!(m[1].contains("'setting', 'signature')"), "{}", m[1]);
        assert!(!m[1].contains("undo_response"));
        assert!(m[2].contains("'undo_response'") && m[2].contains("'undo_status'"));
        assert_eq!(kinds_at(1).len(), 10);
        assert_eq!(
            kinds_at(2),
            &kinds_at(1)
                .iter()
                .chain(["signature"].iter())
                .copied()
                .collect::<Vec<_>>()[..]
        );
        assert_eq!(
            kinds_at(3),
            [
                "city",
                "tie",
                "contact",
                "revision",
                "call",
                "undo",
                "response",
                "undo_response",
                "status",
                "undo_status",
                "follow_up",
                "setting",
                "signature"
            ]
        );
        assert_eq!(kinds_at(SERVER_SCHEMA), kinds_at(3));
        for k in kinds_at(2) {
            assert!(kinds_at(3).contains(&k), "{k}");
        }
    }
}
