//! One check per kind of field, on every path into the store: the form, an import and a
//! bundle accept the same values and refuse the same values, with the field named.

use outreach_core::bundle::{self, Payload};
use outreach_core::contacts::{self, ContactFields};
use outreach_core::fields::{InputField, Problem};
use outreach_core::import::{import_contacts_csv, ImportAction, ImportChoices};
use outreach_core::rows::ContactRow;
use outreach_core::Store;

mod common;
use common::{city_id, dump};

const HEADER: &str =
    "name,email,phone,bio_url,img_url,city,state,population,city_site_url,next_election\n";

/// A bundle file from another machine carrying one Portland contact with `phone`.
fn bundle_with_phone(store: &Store, dir: &std::path::Path, phone: &str) -> std::path::PathBuf {
    let at = "2026-11-01T10:00:00.000Z";
    let payload = Payload {
        contacts: vec![ContactRow {
            id: "7d0c2d9e-3d7b-4f0e-9a59-1f1f0f3f8a01".into(),
            city_id: city_id(store.conn(), "portland-or"),
            name: "Front desk".into(),
            role: "Mayor's office".into(),
            phone: Some(phone.into()),
            email: None,
            website: None,
            address: None,
            notes: String::new(),
            last_verified: None,
            term_end: None,
            external_id: None,
            source: None,
            origin: "volunteer".into(),
            confidence: None,
            edited_by_hand: 1,
            created_at: at.into(),
            updated_at: at.into(),
            deleted_at: None,
        }],
        ..Payload::default()
    };
    let file = dir.join(format!("bundle-{}.json", phone.len()));
    std::fs::write(&file, bundle::encode(&payload, "other-machine", at, None)).unwrap();
    file
}

fn fields(phone: &str) -> ContactFields {
    ContactFields {
        name: "Front desk".into(),
        role: "Mayor's office".into(),
        phone: Some(phone.into()),
        ..ContactFields::default()
    }
}

#[test]
fn the_form_an_import_and_a_bundle_accept_and_refuse_the_same_phones() {
    for (phone, accepted) in [
        ("503/823-4120", true),
        ("+49 30 1234 5678 9012", true),
        ("503-823-4120 ext: 12", true),
        ("503-823-4120 or ask for Dana", false),
        ("12345", false),
    ] {
        let dir = tempfile::tempdir().unwrap();
        let mut store = Store::open_dir(&dir.path().join("data")).unwrap();
        let before = dump(store.conn());

        // The form.
        let form = contacts::add_contact(store.conn(), "portland-or", &fields(phone));
        // An import.
        let csv = dir.path().join("mayors.csv");
        std::fs::write(
            &csv,
            format!("{HEADER}Dana Whitfield,,{phone},,,Portland,OR,1,,\n"),
        )
        .unwrap();
        let import =
            import_contacts_csv(&mut store, &csv, &[], false, &ImportChoices::default()).unwrap();
        // A bundle.
        let file = bundle_with_phone(&store, dir.path(), phone);
        let merged = bundle::import(&mut store, &file).unwrap();

        let import_row = &import.rows[0];
        if accepted {
            let c = form.unwrap_or_else(|e| panic!("{phone}: the form refused it: {e}"));
            assert_eq!(c.fields.phone.as_deref(), Some(phone));
            assert_eq!(
                import_row.action,
                ImportAction::Add,
                "{phone}: {import_row:?}"
            );
            assert_eq!(merged.contacts_added, 1, "{phone}: {:?}", merged.refused);
        } else {
            let err = form.unwrap_err();
            let payload = err.payload();
            assert_eq!(payload.field, Some(InputField::Phone), "{phone}");
            assert_eq!(payload.code, Some(Problem::NotAPhone), "{phone}");
            let message = err.to_string();
            assert_eq!(import_row.action, ImportAction::Error, "{phone}");
            assert_eq!(import_row.reason, message, "the same words on every path");
            assert_eq!(merged.contacts_added, 0, "{phone}");
            assert_eq!(merged.refused.len(), 1, "{phone}");
            assert!(
                merged.refused[0].detail.contains(&message),
                "{:?}",
                merged.refused
            );
            assert_eq!(dump(store.conn()), before, "{phone}: nothing was written");
        }
    }
}
