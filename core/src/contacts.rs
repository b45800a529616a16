//! A city's contacts (mayors, staff, offices): added, edited and removed by hand.
//!
//! Every input is checked field by field before anything is written, and a bad field is
//! named in the error (`phone: "call me" cannot be dialled ...`). An edit keeps the
//! previous version in `contact_revisions` and marks the contact `edited_by_hand`, so an
//! import never silently overwrites it; removal is a tombstone (`deleted_at`).

use rusqlite::{params, Connection, OptionalExtension, TransactionBehavior};
use serde::{Deserialize, Serialize};
use ts_rs::TS;
use uuid::Uuid;

use crate::cities::{city_id_of, Contact};
use crate::error::{Error, Result};
use crate::settings;
use crate::time::{check_date, now, today};
use crate::vocab::Origin;

/// A contact as a volunteer types it (add and edit take the whole contact).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, TS)]
#[serde(default)]
#[ts(export)]
pub struct ContactInput {
    pub name: String,
    /// e.g. "Mayor", "Chief of staff", "Mayor's office".
    pub role: String,
    pub phone: Option<String>,
    pub email: Option<String>,
    pub website: Option<String>,
    pub address: Option<String>,
    pub notes: String,
    /// `YYYY-MM-DD`: when someone last checked these details.
    pub last_verified: Option<String>,
    /// `YYYY-MM-DD`: when the person's term ends (past means stale).
    pub term_end: Option<String>,
}

/// How long a contact stays fresh after it was last verified.
pub const STALE_AFTER_DAYS: i64 = 365;

/// A contact is stale when its term has ended or nobody verified it in a year.
/// A contact with no verification date is not called stale for that alone.
pub fn is_stale(last_verified: Option<&str>, term_end: Option<&str>, today: &str) -> bool {
    let Ok(today_d) = today.parse::<jiff::civil::Date>() else {
        return false;
    };
    if let Some(Ok(end)) = term_end.map(str::parse::<jiff::civil::Date>) {
        if end < today_d {
            return true;
        }
    }
    if let Some(Ok(checked)) = last_verified.map(str::parse::<jiff::civil::Date>) {
        if let Ok(limit) = today_d.checked_sub(jiff::Span::new().days(STALE_AFTER_DAYS)) {
            return checked < limit;
        }
    }
    false
}

/// The checked, normalised form of an input: trimmed, empty optional fields as `None`,
/// a website without a scheme given `https://`.
fn validate(input: &ContactInput) -> Result<ContactInput> {
    let opt = |v: &Option<String>| {
        v.as_deref()
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(str::to_string)
    };
    let name = input.name.trim().to_string();
    if name.is_empty() {
        return Err(Error::invalid("name", "a contact needs a name"));
    }
    let phone = opt(&input.phone);
    if let Some(p) = &phone {
        check_phone(p)?;
    }
    let email = opt(&input.email);
    if let Some(e) = &email {
        check_email(e)?;
    }
    let website = opt(&input.website)
        .map(|w| normalise_website(&w))
        .transpose()?;
    let last_verified = opt(&input.last_verified);
    if let Some(d) = &last_verified {
        check_date("last verified", d)?;
        if d.as_str() > today().as_str() {
            return Err(Error::invalid(
                "last verified",
                format!("\"{d}\" is in the future"),
            ));
        }
    }
    let term_end = opt(&input.term_end);
    if let Some(d) = &term_end {
        check_date("term end", d)?;
    }
    Ok(ContactInput {
        name,
        role: input.role.trim().to_string(),
        phone,
        email,
        website,
        address: opt(&input.address),
        notes: input.notes.trim().to_string(),
        last_verified,
        term_end,
    })
}

/// A dialable number: digits, spaces, `+` (first only), `-`, `(`, `)`, `.`, with 7 to 15
/// digits, optionally followed by an extension (`x12`, `ext. 12`, `extension 12`).
pub fn check_phone(phone: &str) -> Result<()> {
    let bad = |why: &str| {
        Error::invalid(
            "phone",
            format!("\"{phone}\" cannot be dialled: {why} (e.g. +1 (503) 823-4120 ext. 5)"),
        )
    };
    let lower = phone.to_ascii_lowercase();
    let (main, ext) = match ["extension", "ext.", "ext", "x"]
        .iter()
        .filter_map(|m| lower.find(m).map(|i| (i, m.len())))
        .min_by_key(|(i, _)| *i)
    {
        Some((i, len)) => (&phone[..i], Some(lower[i + len..].trim())),
        None => (phone, None),
    };
    if let Some(ext) = ext {
        if ext.is_empty() || ext.len() > 6 || !ext.bytes().all(|b| b.is_ascii_digit()) {
            return Err(bad("the extension must be 1 to 6 digits"));
        }
    }
    let main = main.trim();
    if let Some(c) = main
        .chars()
        .find(|c| !(c.is_ascii_digit() || " +-().".contains(*c)))
    {
        return Err(bad(&format!("'{c}' is not a digit or + - ( ) .")));
    }
    if main.rfind('+').is_some_and(|i| i > 0) {
        return Err(bad("'+' may only come first"));
    }
    let digits = main.bytes().filter(u8::is_ascii_digit).count();
    if !(7..=15).contains(&digits) {
        return Err(bad(&format!("it has {digits} digits, not 7 to 15")));
    }
    Ok(())
}

/// An e-mail address with a name, one `@` and a domain with a dot.
pub fn check_email(email: &str) -> Result<()> {
    let bad = |why: &str| {
        Error::invalid(
            "email",
            format!("\"{email}\" is not an e-mail address: {why} (e.g. mayor@portland.gov)"),
        )
    };
    if email
        .chars()
        .any(|c| c.is_whitespace() || c == '<' || c == '>')
    {
        return Err(bad("it contains spaces or angle brackets"));
    }
    let Some((local, domain)) = email.split_once('@') else {
        return Err(bad("it has no @ and no domain"));
    };
    if local.is_empty() {
        return Err(bad("nothing before the @"));
    }
    if domain.contains('@') {
        return Err(bad("more than one @"));
    }
    if domain.is_empty() {
        return Err(bad("it has no domain after the @"));
    }
    if !domain.contains('.') || domain.split('.').any(str::is_empty) {
        return Err(bad(&format!(
            "the domain \"{domain}\" is not a full domain"
        )));
    }
    Ok(())
}

fn normalise_website(url: &str) -> Result<String> {
    let bad = || {
        Error::invalid(
            "website",
            format!("\"{url}\" is not a web address (e.g. https://www.portland.gov)"),
        )
    };
    if url.contains(char::is_whitespace) {
        return Err(bad());
    }
    let full = if url.starts_with("https://") || url.starts_with("http://") {
        url.to_string()
    } else if url.contains("://") {
        return Err(bad());
    } else {
        format!("https://{url}")
    };
    let host = full.split("://").nth(1).unwrap_or("");
    let host = host.split(['/', '?', '#']).next().unwrap_or("");
    if !host.contains('.') || host.starts_with('.') || host.ends_with('.') {
        return Err(bad());
    }
    Ok(full)
}

const CONTACT_COLUMNS: &str = "id, name, role, phone, email, website, address, notes, last_verified, term_end, source, edited_by_hand, confidence, external_id, seed_offer";

/// Whom to credit for a contact that came from an Open States record.
pub const OPEN_STATES_CREDIT: &str = "Open States (CC0)";

fn contact_from_row(row: &rusqlite::Row<'_>, today: &str) -> rusqlite::Result<Contact> {
    let last_verified: Option<String> = row.get(8)?;
    let term_end: Option<String> = row.get(9)?;
    Ok(Contact {
        id: row.get(0)?,
        name: row.get(1)?,
        role: row.get(2)?,
        phone: row.get(3)?,
        email: row.get(4)?,
        website: row.get(5)?,
        address: row.get(6)?,
        notes: row.get(7)?,
        stale: is_stale(last_verified.as_deref(), term_end.as_deref(), today),
        last_verified,
        term_end,
        source: row.get(10)?,
        edited_by_hand: row.get::<_, i64>(11)? != 0,
        confidence: row.get(12)?,
        credit: row
            .get::<_, Option<String>>(13)?
            .filter(|x| x.starts_with("ocd-person/"))
            .map(|_| OPEN_STATES_CREDIT.to_string()),
        external_id: row.get(13)?,
        seed_offer: row
            .get::<_, Option<String>>(14)?
            .and_then(|json| serde_json::from_str(&json).ok()),
    })
}

/// A city's contacts that were not removed, by name.
pub fn list_for_city(conn: &Connection, city_id: &str) -> Result<Vec<Contact>> {
    let today = today();
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT {CONTACT_COLUMNS} FROM contacts WHERE city_id = ?1 AND deleted_at IS NULL
         ORDER BY name COLLATE NOCASE, id"
    ))?;
    let rows = stmt.query_map([city_id], |r| contact_from_row(r, &today))?;
    Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
}

/// One contact that was not removed.
pub fn get_contact(conn: &Connection, id: &str) -> Result<Contact> {
    let today = today();
    conn.query_row(
        &format!("SELECT {CONTACT_COLUMNS} FROM contacts WHERE id = ?1 AND deleted_at IS NULL"),
        [id],
        |r| contact_from_row(r, &today),
    )
    .optional()?
    .ok_or_else(|| Error::UnknownContact { id: id.to_string() })
}

/// Adds a contact to the city with `slug`. A contact typed by a volunteer is
/// `edited_by_hand` from the start, so no import overwrites it.
pub fn add_contact(conn: &Connection, slug: &str, input: &ContactInput) -> Result<Contact> {
    let city_id = city_id_of(conn, slug)?;
    let c = validate(input)?;
    let id = Uuid::new_v4().to_string();
    let at = now();
    conn.execute(
        "INSERT INTO contacts (id, city_id, name, role, phone, email, website, address, notes,
                               last_verified, term_end, origin, edited_by_hand, created_at, updated_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, 1, ?13, ?13)",
        params![
            id,
            city_id,
            c.name,
            c.role,
            c.phone,
            c.email,
            c.website,
            c.address,
            c.notes,
            c.last_verified,
            c.term_end,
            Origin::Volunteer,
            at
        ],
    )?;
    get_contact(conn, &id)
}

/// Replaces a contact's fields, keeping the previous version as a revision.
pub fn edit_contact(conn: &mut Connection, id: &str, input: &ContactInput) -> Result<Contact> {
    let c = validate(input)?;
    let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
    let previous = get_contact(&tx, id)?;
    let snapshot = serde_json::to_string(&previous).expect("a contact serialises");
    let at = now();
    let volunteer = settings::get(&tx, crate::campaign::VOLUNTEER_NAME_KEY)?;
    tx.execute(
        "INSERT INTO contact_revisions (id, contact_id, snapshot, edited_at, volunteer, created_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?4)",
        params![Uuid::new_v4().to_string(), id, snapshot, at, volunteer],
    )?;
    tx.execute(
        "UPDATE contacts SET name = ?2, role = ?3, phone = ?4, email = ?5, website = ?6,
                address = ?7, notes = ?8, last_verified = ?9, term_end = ?10,
                edited_by_hand = 1, updated_at = ?11
         WHERE id = ?1",
        params![
            id,
            c.name,
            c.role,
            c.phone,
            c.email,
            c.website,
            c.address,
            c.notes,
            c.last_verified,
            c.term_end,
            at
        ],
    )?;
    let contact = get_contact(&tx, id)?;
    tx.commit()?;
    Ok(contact)
}

/// Removes a contact (a tombstone: the row stays for merges and for old calls' names).
pub fn remove_contact(conn: &Connection, id: &str) -> Result<()> {
    let at = now();
    let n = conn.execute(
        "UPDATE contacts SET deleted_at = ?2, updated_at = ?2 WHERE id = ?1 AND deleted_at IS NULL",
        params![id, at],
    )?;
    if n == 0 {
        return Err(Error::UnknownContact { id: id.to_string() });
    }
    Ok(())
}

/// The previous versions of a contact, oldest first, as JSON snapshots.
pub fn revisions(conn: &Connection, id: &str) -> Result<Vec<serde_json::Value>> {
    let mut stmt = conn.prepare_cached(
        "SELECT snapshot FROM contact_revisions WHERE contact_id = ?1 ORDER BY edited_at, id",
    )?;
    let rows = stmt.query_map([id], |r| r.get::<_, String>(0))?;
    let mut out = Vec::new();
    for s in rows {
        out.push(serde_json::from_str(&s?).unwrap_or(serde_json::Value::Null));
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Store;

    fn input(name: &str) -> ContactInput {
        ContactInput {
            name: name.into(),
            role: "Mayor".into(),
            phone: Some("+1 (503) 823-4120".into()),
            email: Some("mayor@portlandoregon.gov".into()),
            ..Default::default()
        }
    }

    #[test]
    fn phones_a_dialler_accepts_pass_and_others_are_named() {
        for ok in [
            "+1 (503) 823-4120",
            "503.823.4120",
            "503-823-4120 ext. 12",
            "5038234120x3",
            "(907) 343-7100 extension 4",
        ] {
            check_phone(ok).unwrap_or_else(|e| panic!("{ok}: {e}"));
        }
        for (bad, why) in [
            ("call the front desk", "is not a digit"),
            ("503-823", "digits"),
            ("1+503-823-4120", "'+' may only come first"),
            ("503-823-4120 ext. twelve", "extension"),
        ] {
            let err = check_phone(bad).unwrap_err().to_string();
            assert!(err.starts_with("phone: "), "{err}");
            assert!(err.contains(bad) && err.contains(why), "{err}");
        }
    }

    #[test]
    fn an_email_without_a_domain_is_refused_by_name() {
        check_email("mayor@portlandoregon.gov").unwrap();
        for bad in [
            "mayor@",
            "mayor",
            "mayor@portland",
            "@portland.gov",
            "a b@x.org",
        ] {
            let err = check_email(bad).unwrap_err().to_string();
            assert!(err.starts_with("email: "), "{err}");
            assert!(err.contains(bad), "{err}");
        }
        assert!(check_email("mayor@")
            .unwrap_err()
            .to_string()
            .contains("no domain"));
    }

    #[test]
    fn stale_means_term_ended_or_not_verified_in_a_year() {
        let today = "2026-11-28";
        assert!(!is_stale(None, None, today));
        assert!(!is_stale(Some("2026-01-01"), Some("2028-12-31"), today));
        assert!(is_stale(Some("2025-11-27"), None, today));
        assert!(!is_stale(Some("2025-11-28"), None, today));
        assert!(is_stale(Some("2026-11-01"), Some("2026-11-27"), today));
    }

    #[test]
    fn a_contact_is_added_edited_with_a_revision_and_removed() {
        let mut store = Store::open_in_memory().unwrap();
        let added = add_contact(store.conn(), "portland-or", &input("Keith Wilson")).unwrap();
        assert!(added.edited_by_hand);
        assert!(!added.stale);
        let mut changed = input("Keith Wilson");
        changed.phone = Some("503-823-4000".into());
        changed.website = Some("www.portland.gov/mayor".into());
        changed.last_verified = Some("2020-01-01".into());
        let edited = edit_contact(store.conn_mut(), &added.id, &changed).unwrap();
        assert_eq!(edited.phone.as_deref(), Some("503-823-4000"));
        assert_eq!(
            edited.website.as_deref(),
            Some("https://www.portland.gov/mayor")
        );
        assert!(edited.stale, "verified six years ago");
        let revs = revisions(store.conn(), &added.id).unwrap();
        assert_eq!(revs.len(), 1);
        assert_eq!(revs[0]["phone"], "+1 (503) 823-4120");

        remove_contact(store.conn(), &added.id).unwrap();
        let city_id = crate::seed::city_id("portland-or");
        assert!(!list_for_city(store.conn(), &city_id)
            .unwrap()
            .iter()
            .any(|c| c.id == added.id));
        let err = remove_contact(store.conn(), &added.id).unwrap_err();
        assert_eq!(err.kind(), crate::ErrorKind::UnknownContact);
    }

    #[test]
    fn a_bad_field_is_named_and_nothing_is_written() {
        let mut store = Store::open_in_memory().unwrap();
        let count = |s: &Store| -> i64 {
            s.conn()
                .query_row("SELECT count(*) FROM contacts", [], |r| r.get(0))
                .unwrap()
        };
        let mut bad = input("Keith Wilson");
        bad.last_verified = Some("28/11/2026".into());
        let seeded = count(&store);
        let err = add_contact(store.conn(), "portland-or", &bad).unwrap_err();
        assert!(err.to_string().starts_with("last verified: "), "{err}");
        assert_eq!(count(&store), seeded);
        let err = add_contact(store.conn(), "atlantis-ga", &input("X")).unwrap_err();
        assert_eq!(err.kind(), crate::ErrorKind::UnknownCity);

        let added = add_contact(store.conn(), "portland-or", &input("Keith Wilson")).unwrap();
        let mut bad = input("");
        bad.name = "  ".into();
        let err = edit_contact(store.conn_mut(), &added.id, &bad).unwrap_err();
        assert_eq!(err.to_string(), "name: a contact needs a name");
        assert!(revisions(store.conn(), &added.id).unwrap().is_empty());
        assert_eq!(get_contact(store.conn(), &added.id).unwrap(), added);
    }
}
