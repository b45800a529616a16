//! Volunteer bundles between two data folders, exports, and backups, on real store files.

mod common;

use common::*;
use outreach_core::export::{self, ExportFormat, ExportKind};
use outreach_core::import::{import_openstates, ImportChoices};
use outreach_core::output::Existing;
use outreach_core::{bundle, journal, ErrorKind, Store};

fn all_exports(store: &Store) -> String {
    let mut out = String::new();
    for kind in [
        ExportKind::Cities,
        ExportKind::Contacts,
        ExportKind::Calls,
        ExportKind::Responses,
    ] {
        for format in [ExportFormat::Csv, ExportFormat::Json] {
            let mut buf = Vec::new();
            export::write(store.conn(), kind, format, &mut buf).unwrap();
            out.push_str(&String::from_utf8(buf).unwrap());
        }
    }
    out
}

/// The merged data: the tables volunteers write (the seeded ones carry each machine's own
/// seeding time; settings hold each machine's id).
fn data(store: &Store) -> String {
    let mut out = dump_except(
        store.conn(),
        &[
            "settings",
            "cities",
            "relationships",
            "relationship_events",
            "signature_snapshots",
            // Each machine's own record of its merges.
            "merges",
            "merge_changes",
        ],
    );
    out.push_str(&rows(
        store.conn(),
        "SELECT id, relationship_id, seq, status, summary, created_at FROM relationship_events WHERE origin <> 'seed' ORDER BY id",
    ));
    out
}

fn assert_same(a: &str, b: &str, what: &str) {
    if a != b {
        let la: std::collections::BTreeSet<&str> = a.lines().collect();
        let lb: std::collections::BTreeSet<&str> = b.lines().collect();
        let only_a: Vec<_> = la.difference(&lb).collect();
        let only_b: Vec<_> = lb.difference(&la).collect();
        panic!("{what} differ:\nonly in the first: {only_a:#?}\nonly in the second: {only_b:#?}");
    }
}

fn contact_id(store: &Store, ext: &str) -> String {
    one(
        store.conn(),
        "SELECT id FROM contacts WHERE external_id = ?1",
        [ext],
    )
}

const PORTLAND_MAYOR: &str = "ocd-person/2f0c3a52-6b1e-4e53-9a57-0c1f3d9b7a10";

/// Two volunteers: both imported the same Open States folder, each logged calls, one
/// recorded a response, both fixed the same mayor's phone, each set a follow-up. Their data
/// folders are `a` and `b` in the folder returned first.
fn two_machines() -> (tempfile::TempDir, Store, Store) {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    let os = fixtures().join("openstates");
    let mut a = Store::open_dir(&root.join("a")).unwrap();
    let mut b = Store::open_dir(&root.join("b")).unwrap();
    import_openstates(&mut a, &os, false, &ImportChoices::default()).unwrap();
    import_openstates(&mut b, &os, false, &ImportChoices::default()).unwrap();
    let a1 = log_call(a.conn(), "portland-or", "voicemail", "left a message");
    log_call(
        a.conn(),
        "chicago-il",
        "contact",
        "spoke with the scheduler",
    );
    add_follow_up(a.conn(), "portland-or", &a1, "2026-12-01");
    record_response(a.conn(), "portland-or", "acknowledged");
    a.conn()
        .execute(
            "INSERT INTO relationship_events (id, relationship_id, seq, status, event_date, summary, sources, origin, volunteer, created_at)
             SELECT ?1, r.id, 99, 'suspended', '2026-11-20', 'Council voted to suspend', '[\"https://example.org/minutes\"]', 'volunteer', 'Dana', ?2
             FROM relationships r JOIN cities c ON c.id = r.city_id WHERE c.slug = 'tulsa-ok'",
            [uuid::Uuid::new_v4().to_string(), outreach_core::time::now()],
        )
        .unwrap();
    let b1 = log_call(
        b.conn(),
        "tulsa-ok",
        "callback_requested",
        "=cmd|' /C calc'!A0",
    );
    add_follow_up(b.conn(), "tulsa-ok", &b1, "2026-12-02");
    edit_contact_by_hand(a.conn(), &contact_id(&a, PORTLAND_MAYOR), "503-555-1111");
    sleep_ms(5);
    edit_contact_by_hand(b.conn(), &contact_id(&b, PORTLAND_MAYOR), "503-555-2222");
    (dir, a, b)
}

/// On A, Dana undoes her Portland call, and A's bundles name her (the call's own
/// volunteer, who may undo it); the call's id.
fn undo_portland_call_as_dana(a: &Store) -> String {
    let call: String = one(
        a.conn(),
        "SELECT id FROM calls WHERE notes = 'left a message'",
        [],
    );
    sleep_ms(5);
    a.conn()
        .execute(
            "UPDATE calls SET undone_at = ?2 WHERE id = ?1",
            [&call, &outreach_core::time::now()],
        )
        .unwrap();
    outreach_core::settings::set(a.conn(), "volunteer.name", "Dana").unwrap();
    call
}

#[test]
fn two_machines_exchanging_bundles_in_either_order_end_identical() {
    let (root, mut a, mut b) = two_machines();
    let fa = root.path().join("a.bundle.json");
    let fb = root.path().join("b.bundle.json.gz");
    let ea = bundle::export(a.conn(), &fa, false, Existing::Refuse).unwrap();
    let eb = bundle::export(b.conn(), &fb, false, Existing::Refuse).unwrap();
    assert_eq!((ea.calls, ea.responses, ea.follow_ups), (2, 1, 1));
    assert_eq!((eb.calls, eb.responses, eb.follow_ups), (1, 0, 1));

    // B merges A's bundle first; A merges B's after.
    let rb = bundle::import(&mut b, &fa).unwrap();
    assert_eq!(rb.calls_added, 2);
    assert_eq!(rb.responses_added, 1);
    assert_eq!(rb.status_events_added, 1);
    assert_eq!(rb.follow_ups_added, 1);
    assert_eq!(
        rb.contacts_ours, 1,
        "B's later edit of the mayor wins on B: {rb:?}"
    );
    assert!(
        rb.merge_id.is_some(),
        "a merge that changed the store can be undone"
    );
    let ra = bundle::import(&mut a, &fb).unwrap();
    assert_eq!(ra.calls_added, 1);
    assert_eq!(
        ra.contacts_theirs, 1,
        "B's later edit wins on A too: {ra:?}"
    );

    assert_same(
        &all_exports(&a),
        &all_exports(&b),
        "the two machines' exports",
    );
    assert_same(&data(&a), &data(&b), "the two stores");
    let tulsa = outreach_core::city_view::get_city(b.conn(), "tulsa-ok").unwrap();
    assert_eq!(
        tulsa.summary.relationship_status.as_str(),
        "suspended",
        "A's status change reached B"
    );
    let phone: String = one(
        a.conn(),
        "SELECT phone FROM contacts WHERE external_id = ?1",
        [PORTLAND_MAYOR],
    );
    assert_eq!(phone, "503-555-2222");
    let lost_edit_kept: i64 = one(
        a.conn(),
        "SELECT count(*) FROM contact_revisions WHERE snapshot LIKE '%503-555-1111%'",
        [],
    );
    assert_eq!(lost_edit_kept, 1, "the losing edit stays in history");

    // Merging the same bundles again changes nothing.
    let before = data(&a);
    let again = bundle::import(&mut a, &fb).unwrap();
    assert!(!again.changed(), "{again:?}");
    assert_eq!(again.calls_known, 1);
    assert!(again.merge_id.is_none(), "nothing to undo");
    assert_eq!(data(&a), before);
}

#[test]
fn the_other_order_ends_identical_too_and_an_undo_travels() {
    let (root, mut a, mut b) = two_machines();
    let fa = root.path().join("a.json");
    let fb = root.path().join("b.json");
    bundle::export(a.conn(), &fa, true, Existing::Refuse).unwrap();
    bundle::export(b.conn(), &fb, true, Existing::Refuse).unwrap();
    bundle::import(&mut a, &fb).unwrap();
    bundle::import(&mut b, &fa).unwrap();
    assert_same(&data(&a), &data(&b), "the two stores");

    // A undoes a call; the next bundle (since the last one) carries the undo.
    undo_portland_call_as_dana(&a);
    let f2 = root.path().join("a2.json");
    let e = bundle::export(a.conn(), &f2, false, Existing::Refuse).unwrap();
    assert_eq!(e.calls, 1, "only what changed since the last bundle");
    let r = bundle::import(&mut b, &f2).unwrap();
    assert_eq!(r.calls_undone, 1);
    assert_same(&all_exports(&a), &all_exports(&b), "the exports");
    assert!(
        !all_exports(&b).contains("left a message"),
        "an undone call is not exported"
    );
}

#[test]
fn bad_bundles_are_refused_with_a_reason_and_change_nothing() {
    let (root, a, mut b) = two_machines();
    let good = root.path().join("good.json");
    bundle::export(a.conn(), &good, true, Existing::Refuse).unwrap();
    let bytes = std::fs::read(&good).unwrap();
    let text = String::from_utf8(bytes.clone()).unwrap();

    let cases: Vec<(&str, Vec<u8>, ErrorKind, &str)> = vec![
        (
            "empty.json",
            vec![],
            ErrorKind::BundleRefused,
            "not an Outreach Desk bundle",
        ),
        (
            "truncated.json",
            bytes[..bytes.len() / 2].to_vec(),
            ErrorKind::BundleRefused,
            "truncated",
        ),
        (
            "edited.json",
            text.replacen("left a message", "left a massage", 1)
                .into_bytes(),
            ErrorKind::BundleRefused,
            "checksum does not match",
        ),
        (
            "newer.json",
            text.replacen("\"version\":1", "\"version\":2", 1)
                .into_bytes(),
            ErrorKind::BundleTooNew,
            "format version 2",
        ),
        (
            "contacts.csv",
            std::fs::read(fixtures().join("uscm.csv")).unwrap(),
            ErrorKind::BundleRefused,
            "not an Outreach Desk bundle",
        ),
        (
            "other.json",
            br#"{"format":"something-else","version":1}"#.to_vec(),
            ErrorKind::BundleRefused,
            "not an Outreach Desk bundle",
        ),
    ];
    let before = dump(b.conn());
    for (name, content, kind, expect) in cases {
        let f = root.path().join(name);
        std::fs::write(&f, content).unwrap();
        let err = bundle::import(&mut b, &f).unwrap_err();
        let msg = err.to_string();
        assert_eq!(err.kind(), kind, "{name}: {msg}");
        assert!(msg.contains(name) && msg.contains(expect), "{name}: {msg}");
        assert!(msg.ends_with("nothing was changed"), "{msg}");
        assert_eq!(dump(b.conn()), before, "{name} changed the store");
    }
    // A gzip bundle cut short is refused the same way.
    let gz = root.path().join("good.json.gz");
    bundle::export(a.conn(), &gz, true, Existing::Refuse).unwrap();
    let gz_bytes = std::fs::read(&gz).unwrap();
    let cut = root.path().join("cut.json.gz");
    std::fs::write(&cut, &gz_bytes[..gz_bytes.len() - 20]).unwrap();
    let err = bundle::import(&mut b, &cut).unwrap_err();
    assert!(err.to_string().contains("truncated or corrupted"), "{err}");
    assert_eq!(dump(b.conn()), before);
}

#[test]
fn csv_exports_neutralise_formulas() {
    let (root, _a, b) = two_machines();
    let out = root.path().join("calls.csv");
    let s = export::write_file(
        b.conn(),
        ExportKind::Calls,
        ExportFormat::Csv,
        &out,
        Existing::Refuse,
    )
    .unwrap();
    assert_eq!(s.rows, 1);
    let text = std::fs::read_to_string(&out).unwrap();
    assert!(text.contains("'=cmd|' /C calc'!A0"), "{text}");
    let mut json = Vec::new();
    export::write(b.conn(), ExportKind::Calls, ExportFormat::Json, &mut json).unwrap();
    let v: serde_json::Value = serde_json::from_slice(&json).unwrap();
    assert_eq!(
        v[0]["notes"], "=cmd|' /C calc'!A0",
        "JSON keeps the text as it is"
    );
    assert_eq!(v[0]["city"], "tulsa-ok");
}

#[test]
fn a_restore_brings_back_the_store_and_backs_up_the_current_one_first() {
    let root = tempfile::tempdir().unwrap();
    let mut store = Store::open_dir(root.path()).unwrap();
    log_call(store.conn(), "portland-or", "contact", "before the backup");
    let made = store.backup("manual").unwrap().unwrap();
    let at_backup = data(&store);
    log_call(store.conn(), "portland-or", "contact", "after the backup");

    let r = store.restore_backup(&made.id).unwrap();
    assert_eq!(r.restored.id, made.id);
    assert_eq!(r.previous.reason, "before-restore");
    assert_eq!(
        data(&store),
        at_backup,
        "the store is as it was at the backup"
    );
    // The work done after the backup is not lost: it is in the before-restore backup.
    let prev = Store::open(
        &root
            .path()
            .join("backups")
            .join(format!("{}.db", r.previous.id)),
    )
    .unwrap();
    let n: i64 = one(
        prev.conn(),
        "SELECT count(*) FROM calls WHERE notes = 'after the backup'",
        [],
    );
    assert_eq!(n, 1);
    // A fresh open of the folder sees the restored store.
    drop(store);
    let reopened = Store::open_dir(root.path()).unwrap();
    assert_eq!(data(&reopened), at_backup);

    let err = Store::open_dir(root.path())
        .unwrap()
        .restore_backup("nope")
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::UnknownBackup);
}

#[test]
fn daily_backups_keep_the_last_seven() {
    let root = tempfile::tempdir().unwrap();
    let store = Store::open_dir(root.path()).unwrap();
    assert!(store.daily_backup_if_due().unwrap().is_some());
    assert!(store.daily_backup_if_due().unwrap().is_none(), "one a day");
    for _ in 0..9 {
        store.backup("daily").unwrap();
    }
    let dailies = store
        .backups()
        .unwrap()
        .into_iter()
        .filter(|b| b.reason == "daily")
        .count();
    assert_eq!(dailies, 7);
}

#[test]
fn the_kept_city_list_shows_the_restored_store_not_the_one_before() {
    let root = tempfile::tempdir().unwrap();
    let mut store = Store::open_dir(root.path()).unwrap();
    let made = store.backup("manual").unwrap().unwrap();
    log_call(store.conn(), "portland-or", "contact", "after the backup");
    let last_call = |s: &Store| {
        s.list_cities()
            .unwrap()
            .into_iter()
            .find(|c| c.slug == "portland-or")
            .unwrap()
            .last_call_at
    };
    assert!(
        last_call(&store).is_some(),
        "the window's list shows the call"
    );
    store.restore_backup(&made.id).unwrap();
    assert_eq!(
        last_call(&store),
        None,
        "after a restore the list must not show a call the restored store does not have"
    );
}

fn undo_merge(store: &mut Store, id: Option<&str>) -> outreach_core::Result<journal::MergeUndo> {
    store.write(|c| journal::undo(c, id))
}

/// Issue 13: a merge is undone by itself (no copy of the store is made first): what it
/// added is removed, the contact it replaced is put back, the city summaries follow, and
/// the store reads as it did before the merge. Undone twice is refused; merged again, the
/// rows come back.
#[test]
fn a_merge_is_undone_by_itself_and_the_store_reads_as_before() {
    let (root, mut a, b) = two_machines();
    let fb = root.path().join("b.json");
    bundle::export(b.conn(), &fb, false, Existing::Refuse).unwrap();
    let before = data(&a);
    let backups = a.backups().unwrap().len();
    let r = bundle::import(&mut a, &fb).unwrap();
    assert_eq!((r.calls_added, r.follow_ups_added), (1, 1), "{r:?}");
    assert_eq!(
        r.contacts_theirs, 1,
        "B's later phone edit replaced A's: {r:?}"
    );
    assert_eq!(
        a.backups().unwrap().len(),
        backups,
        "no copy of the store before a merge"
    );
    assert_ne!(data(&a), before);

    let u = undo_merge(&mut a, None).unwrap();
    assert_eq!(u.merge_id, r.merge_id.clone().unwrap());
    assert!(u.kept.is_empty(), "{u:?}");
    assert!(u.restored >= 1, "the mayor's contact put back: {u:?}");
    let phone: String = one(
        a.conn(),
        "SELECT phone FROM contacts WHERE external_id = ?1",
        [PORTLAND_MAYOR],
    );
    assert_eq!(
        phone, "503-555-1111",
        "A's own version of the mayor is back"
    );
    assert!(
        u.removed >= 3,
        "the call, the follow-up, the losing version: {u:?}"
    );
    assert_same(
        &data(&a),
        &before,
        "the store before the merge and after its undo",
    );
    let tulsa = outreach_core::city_view::get_city(a.conn(), "tulsa-ok").unwrap();
    assert!(
        tulsa.summary.last_call_at.is_none(),
        "B's call is gone from the summary too"
    );

    let err = undo_merge(&mut a, r.merge_id.as_deref()).unwrap_err();
    assert_eq!(err.kind(), ErrorKind::MergeUndone, "{err}");
    let err = undo_merge(&mut a, Some("no-such-merge")).unwrap_err();
    assert_eq!(err.kind(), ErrorKind::UnknownMerge, "{err}");
    assert_same(&data(&a), &before, "a refused undo changes nothing");

    let again = bundle::import(&mut a, &fb).unwrap();
    assert_eq!(
        (again.calls_added, again.contacts_theirs),
        (1, 1),
        "{again:?}"
    );
    let listed = a.read(journal::list).unwrap();
    assert_eq!(listed.len(), 2);
    assert!(
        listed[0].undone_at.is_none() && listed[1].undone_at.is_some(),
        "{listed:?}"
    );
}

/// Work done after a merge survives its undo: a contact edited again keeps the edit, a
/// call a later follow-up points at stays, an undo of a call the merge brought is taken
/// back only while it is as the merge left it. Each kept row is named.
#[test]
fn work_done_after_a_merge_is_kept_when_the_merge_is_undone() {
    let (root, a, mut b) = two_machines();
    let fa = root.path().join("a.json");
    bundle::export(a.conn(), &fa, true, Existing::Refuse).unwrap();
    bundle::import(&mut b, &fa).unwrap();
    // A undoes its Portland call (Dana's), and the next bundle carries the undo.
    let call = undo_portland_call_as_dana(&a);
    let fa2 = root.path().join("a2.json");
    bundle::export(a.conn(), &fa2, false, Existing::Refuse).unwrap();
    let r2 = bundle::import(&mut b, &fa2).unwrap();
    assert_eq!(r2.calls_undone, 1);
    // Undone at once: the call is live again on B.
    let u2 = undo_merge(&mut b, r2.merge_id.as_deref()).unwrap();
    assert_eq!((u2.restored, u2.kept.len()), (1, 0), "{u2:?}");
    let undone: Option<String> = one(
        b.conn(),
        "SELECT undone_at FROM calls WHERE id = ?1",
        [&call],
    );
    assert!(
        undone.is_none(),
        "the merge's undo of the call was taken back"
    );

    // Now the first merge, after B worked on what it brought: a follow-up on A's Chicago
    // call, and the mayor's contact edited again.
    let chicago: String = one(
        b.conn(),
        "SELECT id FROM calls WHERE notes = 'spoke with the scheduler'",
        [],
    );
    add_follow_up(b.conn(), "chicago-il", &chicago, "2026-12-10");
    let mayor = contact_id(&b, PORTLAND_MAYOR);
    sleep_ms(5);
    edit_contact_by_hand(b.conn(), &mayor, "503-555-3333");
    let first = b.read(journal::list).unwrap().pop().unwrap();
    let u = undo_merge(&mut b, Some(&first.id)).unwrap();
    assert!(
        u.kept.iter().any(|k| k.starts_with("call ")
            && k.contains(&chicago)
            && k.contains("later work points at it")),
        "{u:?}"
    );
    let left: i64 = one(
        b.conn(),
        "SELECT count(*) FROM calls WHERE id = ?1",
        [&chicago],
    );
    assert_eq!(left, 1, "the call B's follow-up points at stays");
    let gone: i64 = one(
        b.conn(),
        "SELECT count(*) FROM calls WHERE id = ?1",
        [&call],
    );
    assert_eq!(gone, 0, "A's other call, untouched since, is removed");
    let phone: String = one(
        b.conn(),
        "SELECT phone FROM contacts WHERE id = ?1",
        [&mayor],
    );
    assert_eq!(phone, "503-555-3333", "B's own later edit stays");
}

/// Issue 13: a merge of more calls than one batch, to three cities, two of which have calls
/// of their own (ids time-ordered as this version makes them, and random as earlier ones
/// made them): every call shows in its city's calls, newest first among the store's, and
/// the city's last call (recomputed once at the end of the merge) is its newest call not
/// undone; merged again it adds nothing; undone, the store reads as before.
#[test]
fn a_bundle_of_more_calls_than_a_batch_merges_in_time_order_and_undoes() {
    let (dir, mut store) = new_store();
    let slugs = ["portland-or", "tulsa-ok", "tallahassee-fl"];
    let own: Vec<String> = slugs[..2]
        .iter()
        .map(|s| log_call(store.conn(), s, "voicemail", "before the merge"))
        .collect();
    let before = data(&store);
    let n = bundle::BATCH_ROWS + 2_500;
    let start = jiff::Timestamp::now().as_millisecond() - 30 * 24 * 3_600_000;
    let stamp = |ms: i64| {
        jiff::Timestamp::from_millisecond(ms)
            .unwrap()
            .strftime("%Y-%m-%dT%H:%M:%S%.3fZ")
            .to_string()
    };
    let calls: Vec<outreach_core::rows::CallRow> = (0..n)
        .map(|i| {
            // Three calls a minute, in time order (their v7 ids too).
            let at = start + (i as i64) * 20_000;
            let id = if i % 10 == 0 {
                uuid::Uuid::new_v4()
            } else {
                let ts = uuid::Timestamp::from_unix_time(
                    (at / 1000) as u64,
                    (at % 1000) as u32 * 1_000_000,
                    0,
                    0,
                );
                uuid::Uuid::new_v7(ts)
            };
            outreach_core::rows::CallRow {
                id: id.to_string(),
                city_id: city_id(store.conn(), slugs[i % 3]),
                channel: "phone".into(),
                outcome: "contact".into(),
                volunteer: "Sam".into(),
                called_at: stamp(at),
                created_at: stamp(at),
                // The last call to the third city was undone.
                undone_at: (i + 1 == n).then(|| stamp(at + 5_000)),
                ..Default::default()
            }
        })
        .collect();
    assert_eq!(n % 3, 2, "the bundle's last call is to the third city");
    let payload = bundle::Payload {
        calls: calls.clone(),
        ..Default::default()
    };
    let file = dir.path().join("week.json");
    std::fs::write(
        &file,
        bundle::encode_by(
            &payload,
            "m2",
            &outreach_core::time::now(),
            None,
            Some("Sam"),
        ),
    )
    .unwrap();

    let r = bundle::import(&mut store, &file).unwrap();
    assert_eq!((r.calls_added, r.refused.len()), (n as u32, 0), "{r:?}");
    for (k, slug) in slugs.iter().enumerate() {
        let shown: Vec<(String, String)> = store
            .read(|c| outreach_core::calls::list_calls(c, slug))
            .unwrap()
            .into_iter()
            .map(|c| (c.id, c.called_at))
            .collect();
        let mut expected: Vec<String> = calls
            .iter()
            .skip(k)
            .step_by(3)
            .filter(|c| c.undone_at.is_none())
            .map(|c| c.id.clone())
            .rev() // newest first
            .collect();
        if let Some(own) = own.get(k) {
            expected.insert(0, own.clone()); // logged now: newer than the bundle's
        }
        let ids: Vec<&String> = shown.iter().map(|(id, _)| id).collect();
        assert_eq!(ids, expected.iter().collect::<Vec<_>>(), "{slug}'s calls");
        let last = store
            .read(|c| outreach_core::city_view::get_city(c, slug))
            .unwrap()
            .summary
            .last_call_at;
        assert_eq!(last.as_ref(), Some(&shown[0].1), "{slug}'s last call");
    }

    let again = bundle::import(&mut store, &file).unwrap();
    assert_eq!(
        (again.calls_added, again.calls_known, again.merge_id),
        (0, n as u32, None),
        "merged again: nothing to add"
    );
    undo_merge(&mut store, r.merge_id.as_deref()).unwrap();
    assert_same(
        &data(&store),
        &before,
        "the store before the merge and after its undo",
    );
}
