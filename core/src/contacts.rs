//! A city's contacts (mayors, staff, offices): added, edited and removed by hand.
//!
//! The editable fields of a contact exist once, in [`ContactFields`]: the form's input,
//! the command line's partial edit and imports all fill one, and [`ContactFields::checked`]
//! checks each through the check of its kind (`fields`) before anything is written; a bad
//! field is named in the error (`phone: "call me" cannot be dialled ...`). The stored row
//! is `rows::ContactRow`; what the UI sees is [`Contact`], a view of the row plus whether
//! it is stale. An edit keeps the previous version in `contact_revisions` (the row as
//! JSON) and marks the contact `edited_by_hand`, so an import never silently overwrites
//! it; removal is a tombstone (`deleted_at`).

use rusqlite::{params, Connection, OptionalExtension};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::checks;
use crate::error::{Error, Result};
use crate::fields::{InputField, Problem};
use crate::ids::resolve_city;
use crate::rows::ContactRow;
use crate::time::{now, today};
use crate::vocab::{Confidence, Origin};

/// Defines the contact's editable fields once: [`ContactFields`] (all of them) and
/// [`ContactChanges`] (some of them, the command line's options), and how changes apply.
macro_rules! contact_fields {
    ($( $(#[doc = $doc:literal])* $field:ident : $ty:ty => $apply:ident ),+ $(,)?) => {
        /// A contact's editable fields: what a volunteer types (add and edit take all of
        /// them), what an import reads from a file, and what [`ContactChanges`] changes.
        #[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, TS)]
        #[serde(default)]
        #[ts(export)]
        pub struct ContactFields {
            $( $(#[doc = $doc])* pub $field: $ty ),+
        }

        /// Some of a contact's fields, as the command line's `contacts add` and `contacts
        /// edit` take them: each one given replaces the current value (an empty one clears
        /// it).
        #[derive(Debug, Clone, Default, PartialEq)]
        #[cfg_attr(feature = "clap", derive(clap::Args))]
        pub struct ContactChanges {
            $( $(#[doc = $doc])* #[cfg_attr(feature = "clap", arg(long))] pub $field: Option<String> ),+
        }

        impl ContactFields {
            /// The fields of a stored row.
            pub fn of(row: &ContactRow) -> ContactFields {
                ContactFields { $( $field: row.$field.clone() ),+ }
            }

            /// Sets these fields on a row.
            pub fn write_to(self, row: &mut ContactRow) {
                $( row.$field = self.$field; )+
            }
        }

        impl ContactChanges {
            /// The fields of `base` with these changes.
            pub fn over(self, base: ContactFields) -> ContactFields {
                ContactFields {
                    $( $field: contact_fields!(@apply $apply, self.$field, base.$field) ),+
                }
            }
        }
    };
    (@apply text, $new:expr, $base:expr) => { $new.unwrap_or($base) };
    (@apply optional, $new:expr, $base:expr) => { $new.or($base) };
}

contact_fields! {
    name: String => text,
    /// e.g. "Mayor", "Chief of staff", "Mayor's office".
    role: String => text,
    phone: Option<String> => optional,
    email: Option<String> => optional,
    website: Option<String> => optional,
    address: Option<String> => optional,
    notes: String => text,
    /// `YYYY-MM-DD`: when someone last checked these details.
    last_verified: Option<String> => optional,
    /// `YYYY-MM-DD`: when the person's term ends (past means stale).
    term_end: Option<String> => optional,
}

/// A person or office at city hall, as the UI sees it: the stored row's fields plus
/// whether it is stale.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct Contact {
    pub id: String,
    #[serde(flatten)]
    pub fields: ContactFields,
    pub source: Option<String>,
    /// The term has ended, or nobody verified the details in a year.
    pub stale: bool,
    /// Typed or changed by a volunteer: an import never silently overwrites it.
    pub edited_by_hand: bool,
    /// The research's confidence in a seeded contact (null for others).
    pub confidence: Option<Confidence>,
    /// The record it came from, e.g. `ocd-person/...` for Open States.
    pub external_id: Option<String>,
    /// Whom to credit where the contact is shown ("Open States (CC0)"), or null.
    pub credit: Option<String>,
    /// A newer version from the app's seed data, offered instead of overwriting a contact a
    /// volunteer edited or imported; null when there is none.
    pub seed_offer: Option<crate::rows::SeedContactValues>,
}

/// Whom to credit for a contact that came from an Open States record.
pub const OPEN_STATES_CREDIT: &str = "Open States (CC0)";

impl Contact {
    /// The view of a stored row on `today` (without its seed offer: see [`with_seed_offers`]).
    pub fn view(row: ContactRow, today: &str) -> Contact {
        let fields = ContactFields::of(&row);
        Contact {
            confidence: row.confidence,
            credit: row
                .external_id
                .as_deref()
                .filter(|x| x.starts_with("ocd-person/"))
                .map(|_| OPEN_STATES_CREDIT.to_string()),
            external_id: row.external_id.clone(),
            seed_offer: None,
            stale: is_stale(
                fields.last_verified.as_deref(),
                fields.term_end.as_deref(),
                today,
            ),
            id: row.id,
            fields,
            source: row.source,
            edited_by_hand: row.edited_by_hand != 0,
        }
    }
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

impl ContactFields {
    /// A new contact's row with these fields (not yet written).
    pub fn into_row(self, id: String, city_id: String, origin: Origin, at: &str) -> ContactRow {
        ContactRow {
            id,
            city_id,
            name: self.name,
            role: self.role,
            phone: self.phone,
            email: self.email,
            website: self.website,
            address: self.address,
            notes: self.notes,
            last_verified: self.last_verified,
            term_end: self.term_end,
            external_id: None,
            source: None,
            origin: origin.as_str().to_string(),
            confidence: None,
            edited_by_hand: 0,
            created_at: at.to_string(),
            updated_at: at.to_string(),
            deleted_at: None,
        }
    }

    /// The checked, normalised fields: trimmed, empty optional fields as `None`, each
    /// value through the check of its kind (`fields`), the checks imports and bundle
    /// merges use too.
    pub fn checked(&self) -> Result<ContactFields> {
        let opt = |v: &Option<String>| checks::given(v).map(str::to_string);
        let checked = |v: &Option<String>, check: fn(InputField, &str) -> Result<String>, f| {
            opt(v).map(|v| check(f, &v)).transpose()
        };
        let name = self.name.trim().to_string();
        if name.is_empty() {
            return Err(Error::invalid_as(
                InputField::Name,
                Problem::Missing,
                "a contact needs a name",
            ));
        }
        // Every text within its documented length, with no NUL or control characters.
        checks::text(InputField::Name, &name, checks::NAME_MAX)?;
        checks::text(InputField::Role, self.role.trim(), checks::NAME_MAX)?;
        if let Some(a) = &self.address {
            checks::text(InputField::Address, a.trim(), checks::LINE_MAX)?;
        }
        checks::text(InputField::Notes, self.notes.trim(), checks::TEXT_MAX)?;
        for (field, v) in [
            (InputField::Phone, &self.phone),
            (InputField::Email, &self.email),
            (InputField::Website, &self.website),
        ] {
            if let Some(v) = v {
                checks::text(field, v.trim(), checks::LINE_MAX)?;
            }
        }
        let last_verified = checked(&self.last_verified, checks::date, InputField::LastVerified)?;
        if let Some(d) = &last_verified {
            checks::not_in_the_future(InputField::LastVerified, d)?;
        }
        Ok(ContactFields {
            name,
            role: self.role.trim().to_string(),
            phone: checked(&self.phone, checks::phone, InputField::Phone)?,
            email: checked(&self.email, checks::email, InputField::Email)?,
            website: checked(&self.website, checks::web_address, InputField::Website)?,
            address: opt(&self.address),
            notes: self.notes.trim().to_string(),
            last_verified,
            term_end: checked(&self.term_end, checks::date, InputField::TermEnd)?,
        })
    }
}

/// A row from elsewhere (a bundle) with its fields checked like the form's.
pub fn checked_row(row: &ContactRow) -> Result<ContactRow> {
    let mut out = row.clone();
    ContactFields::of(row).checked()?.write_to(&mut out);
    Ok(out)
}

/// A city's contacts that were not removed, by name.
pub fn list_for_city(conn: &Connection, city_id: &crate::ids::CityId) -> Result<Vec<Contact>> {
    let today = today();
    let rows = ContactRow::list(
        conn,
        "WHERE city_id = ?1 AND deleted_at IS NULL ORDER BY name COLLATE NOCASE, id",
        [city_id],
    )?;
    with_seed_offers(
        conn,
        rows.into_iter().map(|r| Contact::view(r, &today)).collect(),
    )
}

/// The views with the seed's offers the store holds for them (a store-only column, not
/// part of the row that bundles carry).
pub fn with_seed_offers(conn: &Connection, mut list: Vec<Contact>) -> Result<Vec<Contact>> {
    let mut stmt = conn.prepare_cached(
        "SELECT seed_offer FROM contacts WHERE id = ?1 AND seed_offer IS NOT NULL",
    )?;
    for c in &mut list {
        let offer: Option<String> = stmt.query_row([&c.id], |r| r.get(0)).optional()?;
        c.seed_offer = offer.and_then(|json| serde_json::from_str(&json).ok());
    }
    Ok(list)
}

/// The stored row of a contact that was not removed.
fn live_row(conn: &Connection, id: &str) -> Result<ContactRow> {
    ContactRow::find(conn, id)?
        .filter(|r| r.deleted_at.is_none())
        .ok_or_else(|| Error::UnknownContact { id: id.to_string() })
}

/// One contact that was not removed.
pub fn get_contact(conn: &Connection, id: &str) -> Result<Contact> {
    let view = Contact::view(live_row(conn, id)?, &today());
    Ok(with_seed_offers(conn, vec![view])?.remove(0))
}

/// Adds a contact to the city with `slug`. A contact typed by a volunteer is
/// `edited_by_hand` from the start, so no import overwrites it.
pub fn add_contact(conn: &Connection, slug: &str, input: &ContactFields) -> Result<Contact> {
    let city_id = resolve_city(conn, slug)?;
    let fields = input.checked()?;
    let at = now();
    let mut row = fields.into_row(
        crate::ids::new_row_id(),
        city_id.into(),
        Origin::Volunteer,
        &at,
    );
    row.edited_by_hand = 1;
    row.insert(conn)?;
    Ok(Contact::view(row, &today()))
}

/// Replaces a contact's fields, keeping the previous version as a revision.
pub fn edit_contact(conn: &mut Connection, id: &str, input: &ContactFields) -> Result<Contact> {
    let fields = input.checked()?;
    let tx = crate::atomic::begin(conn)?;
    let previous = live_row(&tx, id)?;
    let mut row = previous.clone();
    fields.write_to(&mut row);
    if row == previous {
        // Nothing changed (no field given, or the same values): nothing is written, no
        // revision, no new time that would win a merge.
        return Ok(Contact::view(previous, &today()));
    }
    let at = now();
    let volunteer = crate::volunteer::name(&tx)?;
    previous.keep_as_revision(&tx, &at, volunteer.as_deref())?;
    row.edited_by_hand = 1;
    row.updated_at = at;
    row.upsert(&tx)?;
    tx.commit()?;
    Ok(Contact::view(row, &today()))
}

/// Undoes an edit right after it (the window's Undo): the contact gets back its fields as
/// they were before the edit (its latest revision), as a new version that keeps the edited
/// one as a revision (revisions only grow, and travel as they are). `edited` is what the edit
/// wrote: when the contact changed since (another edit, a merge), nothing is written.
pub fn undo_edit(conn: &mut Connection, id: &str, edited: &ContactFields) -> Result<Contact> {
    let tx = crate::atomic::begin(conn)?;
    let current = live_row(&tx, id)?;
    if ContactFields::of(&current) != *edited {
        return Err(Error::invalid_as(
            InputField::Contact,
            Problem::AlreadyDone,
            format!(
                "contact \"{id}\" changed since this edit (or the edit was undone already); \
                 edit it again instead"
            ),
        ));
    }
    let snapshot: Option<String> = tx
        .query_row(
            "SELECT snapshot FROM contact_revisions WHERE contact_id = ?1
             ORDER BY edited_at DESC, rowid DESC LIMIT 1",
            [id],
            |r| r.get(0),
        )
        .optional()?;
    let before: ContactRow = snapshot
        .and_then(|s| serde_json::from_str(&s).ok())
        .ok_or_else(|| {
            Error::invalid_as(
                InputField::Contact,
                Problem::Unknown,
                format!("contact \"{id}\" has no earlier version to go back to"),
            )
        })?;
    let at = now();
    let volunteer = crate::volunteer::name(&tx)?;
    current.keep_as_revision(&tx, &at, volunteer.as_deref())?;
    let mut row = current;
    ContactFields::of(&before).write_to(&mut row);
    row.edited_by_hand = before.edited_by_hand;
    row.updated_at = at;
    row.upsert(&tx)?;
    tx.commit()?;
    Ok(Contact::view(row, &today()))
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

/// The previous versions of a contact, oldest first (each the row as it was).
pub fn revisions(conn: &Connection, id: &str) -> Result<Vec<ContactRow>> {
    let mut stmt = conn.prepare_cached(
        "SELECT snapshot FROM contact_revisions WHERE contact_id = ?1 ORDER BY edited_at, id",
    )?;
    let rows = stmt.query_map([id], |r| r.get::<_, String>(0))?;
    let mut out = Vec::new();
    for s in rows {
        let s = s?;
        out.push(serde_json::from_str(&s).map_err(|e| {
            Error::Database(rusqlite::Error::FromSqlConversionFailure(
                0,
                rusqlite::types::Type::Text,
                Box::new(e),
            ))
        })?);
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Store;

    fn input(name: &str) -> ContactFields {
        ContactFields {
            name: name.into(),
            role: "Mayor".into(),
            phone: Some("+1 (503) 823-4120".into()),
            email: Some("mayor@portlandoregon.gov".into()),
            ..Default::default()
        }
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
        assert_eq!(edited.fields.phone.as_deref(), Some("503-823-4000"));
        assert_eq!(
            edited.fields.website.as_deref(),
            Some("https://www.portland.gov/mayor")
        );
        assert!(edited.stale, "verified six years ago");
        let revs = revisions(store.conn(), &added.id).unwrap();
        assert_eq!(revs.len(), 1);
        assert_eq!(revs[0].phone.as_deref(), Some("+1 (503) 823-4120"));

        remove_contact(store.conn(), &added.id).unwrap();
        let city_id = crate::ids::resolve_city(store.conn(), "portland-or").unwrap();
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
