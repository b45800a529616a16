//! The bundle file: a JSON envelope (format, version, machine, time, checksum) around the
//! payload, gzip-compressed when the name ends in `.gz`. Reading refuses anything that is
//! not an intact bundle of a version this build reads.

use std::cell::{Cell, RefCell};
use std::io::{Read, Write};
use std::path::Path;
use std::rc::Rc;

use serde::de::{self, DeserializeSeed, MapAccess, SeqAccess, Visitor};
use sha2::{Digest as _, Sha256};

use super::{Payload, FORMAT, FORMAT_VERSION, MAX_BUNDLE_BYTES};
use crate::error::{Error, Result};
use crate::output::{self, Existing, Protected};

fn sha256_hex(bytes: &[u8]) -> String {
    hex::encode(Sha256::digest(bytes))
}

/// A bundle as read: who wrote it, when, and what it carries.
#[derive(Debug)]
pub struct Bundle {
    pub machine_id: String,
    pub created_at: String,
    /// The volunteer who exported it (the setting `volunteer.name` of its store).
    pub volunteer: Option<String>,
    pub payload: Payload,
}

/// The bundle's bytes (uncompressed).
pub fn encode(payload: &Payload, machine: &str, created_at: &str, since: Option<&str>) -> Vec<u8> {
    encode_by(payload, machine, created_at, since, None)
}

/// The bundle's bytes (uncompressed), naming the volunteer who exported it.
pub fn encode_by(
    payload: &Payload,
    machine: &str,
    created_at: &str,
    since: Option<&str>,
    volunteer: Option<&str>,
) -> Vec<u8> {
    let body = serde_json::to_string(payload).expect("a payload serialises");
    let head = serde_json::json!({
        "format": FORMAT,
        "version": FORMAT_VERSION,
        "machine_id": machine,
        "created_at": created_at,
        "since": since,
        "volunteer": volunteer,
        "checksum": sha256_hex(body.as_bytes()),
    })
    .to_string();
    let mut out = Vec::with_capacity(head.len() + body.len() + 16);
    out.extend_from_slice(&head.as_bytes()[..head.len() - 1]);
    out.extend_from_slice(b",\"payload\":");
    out.extend_from_slice(body.as_bytes());
    out.extend_from_slice(b"}\n");
    out
}

pub(super) fn write_file(
    out: &Path,
    bytes: &[u8],
    protected: &Protected,
    existing: Existing,
) -> Result<()> {
    let gz = out
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("gz"));
    output::write_file(out, protected, existing, |w| {
        if gz {
            let mut enc = flate2::write::GzEncoder::new(w, flate2::Compression::fast());
            enc.write_all(bytes)?;
            enc.finish().map(|_| ())
        } else {
            w.write_all(bytes)
        }
    })
}

/// Reads and checks a bundle file: a bundle, of a version this build reads, intact.
pub fn read(path: &Path) -> Result<(String, String, Payload)> {
    read_bundle(path).map(|b| (b.machine_id, b.created_at, b.payload))
}

/// Reads and checks a bundle file, with who exported it, all its rows in memory (a merge
/// reads it a batch at a time instead: [`read_batches`]).
pub fn read_bundle(path: &Path) -> Result<Bundle> {
    let mut payload = Payload::default();
    let header = read_batches(path, |_, part| {
        let Payload {
            cities,
            ties,
            contacts,
            contact_revisions,
            calls,
            responses,
            status_events,
            follow_ups,
        } = part;
        payload.cities.extend(cities);
        payload.ties.extend(ties);
        payload.contacts.extend(contacts);
        payload.contact_revisions.extend(contact_revisions);
        payload.calls.extend(calls);
        payload.responses.extend(responses);
        payload.status_events.extend(status_events);
        payload.follow_ups.extend(follow_ups);
        Ok(())
    })?;
    Ok(Bundle {
        machine_id: header.machine_id,
        created_at: header.created_at,
        volunteer: header.volunteer,
        payload,
    })
}

/// Who wrote a bundle, and when: its header, read before its rows.
#[derive(Debug, Clone, Default)]
pub struct Header {
    pub machine_id: String,
    pub created_at: String,
    /// The volunteer who exported it (absent in bundles of earlier builds).
    pub volunteer: Option<String>,
}

/// The most rows of one kind handed over at a time by [`read_batches`].
pub const BATCH_ROWS: usize = 10_000;

/// Reads a bundle file a batch at a time, so a bundle of a million calls never sits in
/// memory whole: the header first (format, version, who, when, checksum), then the
/// payload's rows in the file's order, handed to `each` as a [`Payload`] holding at most
/// [`BATCH_ROWS`] rows of one kind. The checksum covers the payload's bytes, so it is
/// known only at the end: when this returns an error, whatever `each` did must be undone
/// (a merge runs inside one transaction and rolls it back). An error `each` returns stops
/// the reading and is returned as it is.
pub fn read_batches(
    path: &Path,
    each: impl FnMut(&Header, Payload) -> Result<()>,
) -> Result<Header> {
    read_batches_reading_whole(path, WHOLE_BYTES, each)
}

/// [`read_batches`], reading a bundle whole up to `whole_bytes` (tests stream small ones).
fn read_batches_reading_whole(
    path: &Path,
    whole_bytes: u64,
    mut each: impl FnMut(&Header, Payload) -> Result<()>,
) -> Result<Header> {
    let file = path.display().to_string();
    let refuse = |problem: String| Error::BundleRefused {
        file: file.clone(),
        problem,
    };
    let (mut head, mut rest) = open_capped(path).map_err(refuse)?;
    let starts_as_a_bundle = head.starts_with(b"{\"format\":\"outreach-desk-bundle\"");
    let starts_with_brace = head.trim_ascii_start().starts_with(b"{");
    // A bundle up to WHOLE_BYTES (nearly all of them) is read whole: JSON parses several
    // times faster from memory than from a reader. A larger one is streamed, so memory
    // stays flat however large it is.
    // A plain file's size is known: a large one is streamed without reading ahead (the
    // bytes read ahead would stay in memory until the end).
    let large = !rest.gz && rest.packed > whole_bytes;
    if !large {
        let room = whole_bytes.saturating_sub(head.len() as u64) + 1;
        (&mut rest)
            .take(room)
            .read_to_end(&mut head)
            .map_err(|e| refuse(e.to_string()))?;
    }
    let whole = !large && head.len() as u64 <= whole_bytes;
    let hashing = Rc::new(Cell::new(false));
    let digest = Rc::new(RefCell::new(Sha256::new()));
    let failed = RefCell::new(None);
    let mut phase = Phase::Head;
    let visitor = EnvelopeVisitor {
        each: &mut each,
        failed: &failed,
        hashing: &hashing,
        phase: &mut phase,
    };
    let (outcome, actual) = if whole {
        // The payload's own bytes, found before anything is merged: a bundle that does not
        // match its checksum is refused before any work.
        #[derive(serde::Deserialize)]
        struct Raw<'a> {
            format: Option<String>,
            version: Option<u64>,
            #[serde(borrow)]
            payload: Option<&'a serde_json::value::RawValue>,
            checksum: Option<String>,
        }
        let actual = match serde_json::from_slice::<Raw<'_>>(&head) {
            Ok(Raw {
                format: Some(f),
                version: Some(v),
                payload: Some(p),
                checksum: Some(c),
            }) if f == FORMAT && v <= FORMAT_VERSION => {
                let actual = sha256_hex(p.get().as_bytes());
                if actual != c {
                    return Err(refuse(CHECKSUM_MISMATCH.into()));
                }
                Some(actual)
            }
            // Not a whole bundle: the reading below says what is wrong.
            _ => None,
        };
        (
            run(serde_json::Deserializer::from_slice(&head), visitor),
            actual,
        )
    } else {
        let reader = Tap {
            inner: std::io::Cursor::new(head).chain(rest),
            buf: vec![0; 256 * 1024].into_boxed_slice(),
            pos: 0,
            end: 0,
            hashing: Rc::clone(&hashing),
            on: false,
            from: 0,
            digest: Rc::clone(&digest),
        };
        (
            run(serde_json::Deserializer::from_reader(reader), visitor),
            None,
        )
    };
    if let Some(e) = failed.into_inner() {
        return Err(e);
    }
    let env = match outcome {
        Ok(env) => env,
        Err(e) => {
            return Err(
                match classify(e, phase, starts_as_a_bundle, starts_with_brace) {
                    Decode::Refused(p) => refuse(p),
                    Decode::TooNew(found) => Error::BundleTooNew {
                        file: file.clone(),
                        found,
                        known: FORMAT_VERSION,
                    },
                },
            )
        }
    };
    let Some(checksum) = env.checksum else {
        return Err(refuse(
            "its header is incomplete (missing field `checksum`)".into(),
        ));
    };
    if !env.payload_seen {
        return Err(refuse(
            "its header is incomplete (missing field `payload`)".into(),
        ));
    }
    let actual =
        actual.unwrap_or_else(|| hex::encode(std::mem::take(&mut *digest.borrow_mut()).finalize()));
    if actual != checksum {
        return Err(refuse(CHECKSUM_MISMATCH.into()));
    }
    Ok(env.header)
}

/// Where in the file reading stopped (for the message).
#[derive(Clone, Copy, PartialEq)]
enum Phase {
    Head,
    Payload,
    After,
}

/// A reading error in words.
fn classify(
    e: serde_json::Error,
    phase: Phase,
    starts_as_a_bundle: bool,
    starts_with_brace: bool,
) -> Decode {
    if e.is_io() {
        // The size caps and gzip errors, worded where they were found.
        return Decode::Refused(
            std::error::Error::source(&e)
                .map(|s| s.to_string())
                .unwrap_or_else(|| e.to_string()),
        );
    }
    let message = e.to_string();
    if let Some(found) = message
        .strip_prefix(TOO_NEW)
        .and_then(|rest| rest.split_whitespace().next())
        .and_then(|v| v.parse().ok())
    {
        return Decode::TooNew(found);
    }
    if let Some(problem) = message.strip_prefix(REFUSED) {
        let problem = problem.rsplit_once(" at line ").map_or(problem, |(p, _)| p);
        return Decode::Refused(problem.to_string());
    }
    Decode::Refused(if e.is_eof() {
        if starts_with_brace {
            "it is truncated (the file ends early); export it again".into()
        } else {
            "it is not an Outreach Desk bundle (empty or not JSON)".into()
        }
    } else if e.is_syntax() {
        if starts_as_a_bundle {
            format!("it is corrupted ({e})")
        } else {
            format!("it is not an Outreach Desk bundle (not JSON: {e})")
        }
    } else if phase == Phase::Payload {
        format!("its content is not what a bundle holds ({e})")
    } else if !starts_with_brace {
        "it is not an Outreach Desk bundle (not a JSON object)".into()
    } else {
        format!("its header is incomplete ({e})")
    })
}

/// Messages the visitors raise, recognised by [`classify`].
const TOO_NEW: &str = "bundle format version ";
const REFUSED: &str = "refused: ";

const CHECKSUM_MISMATCH: &str =
    "its checksum does not match its content: it was corrupted or edited; ask for a fresh export";

/// A bundle up to this size (unpacked) is read whole; a larger one is streamed.
const WHOLE_BYTES: u64 = 48 * 1024 * 1024;

/// Reads the envelope (and through it, the payload's rows) and checks nothing follows it.
fn run<'de, R: serde_json::de::Read<'de>, F: FnMut(&Header, Payload) -> Result<()>>(
    mut de: serde_json::Deserializer<R>,
    visitor: EnvelopeVisitor<'_, F>,
) -> serde_json::Result<Envelope> {
    let env = serde::Deserializer::deserialize_map(&mut de, visitor)?;
    de.end()?;
    Ok(env)
}

/// A buffered reader for the JSON reader that hashes the bytes it hands out while
/// `hashing` is set (the payload's). The JSON reader takes a byte at a time and never
/// reads ahead of the value it parses, so the flag, set when the payload starts and
/// cleared when it ends, marks exactly its bytes; they are hashed a buffer at a time.
struct Tap<R> {
    inner: R,
    buf: Box<[u8]>,
    pos: usize,
    end: usize,
    hashing: Rc<Cell<bool>>,
    /// Whether bytes from `from` on are being hashed.
    on: bool,
    from: usize,
    digest: Rc<RefCell<Sha256>>,
}

impl<R: Read> Read for Tap<R> {
    fn read(&mut self, out: &mut [u8]) -> std::io::Result<usize> {
        let on = self.hashing.get();
        if on != self.on {
            if on {
                self.from = self.pos;
            } else {
                self.digest
                    .borrow_mut()
                    .update(&self.buf[self.from..self.pos]);
            }
            self.on = on;
        }
        if self.pos == self.end {
            if self.on {
                self.digest
                    .borrow_mut()
                    .update(&self.buf[self.from..self.end]);
                self.from = 0;
            }
            self.end = self.inner.read(&mut self.buf)?;
            self.pos = 0;
        }
        let n = out.len().min(self.end - self.pos);
        out[..n].copy_from_slice(&self.buf[self.pos..self.pos + n]);
        self.pos += n;
        Ok(n)
    }
}

/// What the header said.
#[derive(Default)]
struct Envelope {
    header: Header,
    checksum: Option<String>,
    payload_seen: bool,
}

struct EnvelopeVisitor<'a, F> {
    each: &'a mut F,
    failed: &'a RefCell<Option<Error>>,
    hashing: &'a Rc<Cell<bool>>,
    phase: &'a mut Phase,
}

impl<'de, F: FnMut(&Header, Payload) -> Result<()>> Visitor<'de> for EnvelopeVisitor<'_, F> {
    type Value = Envelope;

    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("an Outreach Desk bundle")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> std::result::Result<Envelope, A::Error> {
        let mut env = Envelope::default();
        let (mut format, mut version) = (None::<String>, None::<u64>);
        let (mut machine, mut created) = (None::<String>, None::<String>);
        while let Some(key) = map.next_key::<String>()? {
            match key.as_str() {
                "format" => format = map.next_value()?,
                "version" => version = map.next_value()?,
                "machine_id" => machine = Some(map.next_value()?),
                "created_at" => created = Some(map.next_value()?),
                "volunteer" => {
                    env.header.volunteer = map
                        .next_value::<Option<String>>()?
                        .filter(|v| !v.trim().is_empty())
                }
                "checksum" => env.checksum = Some(map.next_value()?),
                "payload" => {
                    // The header comes first in every bundle this app writes: what the rows
                    // are merged as must be known before they are.
                    known_format(format.as_deref(), version)?;
                    let (Some(m), Some(c)) = (machine.take(), created.take()) else {
                        return Err(de::Error::custom(format!(
                            "{REFUSED}its header is incomplete (it has no machine_id or created_at before its payload)"
                        )));
                    };
                    if env.checksum.is_none() {
                        return Err(de::Error::custom(format!(
                            "{REFUSED}its header is incomplete (missing field `checksum`)"
                        )));
                    }
                    env.header.machine_id = m;
                    env.header.created_at = c;
                    *self.phase = Phase::Payload;
                    map.next_value_seed(PayloadSeed {
                        each: &mut *self.each,
                        header: &env.header,
                        failed: self.failed,
                        hashing: self.hashing,
                    })?;
                    *self.phase = Phase::After;
                    env.payload_seen = true;
                }
                _ => {
                    map.next_value::<de::IgnoredAny>()?;
                }
            }
        }
        if !env.payload_seen {
            // A file with no payload: still say first what it is not.
            known_format(format.as_deref(), version)?;
        }
        Ok(env)
    }
}

/// The header names this app's bundle format, in a version this build reads.
fn known_format<E: de::Error>(
    format: Option<&str>,
    version: Option<u64>,
) -> std::result::Result<(), E> {
    if format != Some(FORMAT) {
        return Err(E::custom(format!(
            "{REFUSED}it is not an Outreach Desk bundle (no \"format\": \"{FORMAT}\")"
        )));
    }
    match version {
        None => Err(E::custom(format!("{REFUSED}it has no format version"))),
        Some(v) if v > FORMAT_VERSION => Err(E::custom(format!("{TOO_NEW}{v}"))),
        Some(_) => Ok(()),
    }
}

/// The payload object: each of its lists read a batch at a time.
struct PayloadSeed<'a, F> {
    each: &'a mut F,
    header: &'a Header,
    failed: &'a RefCell<Option<Error>>,
    hashing: &'a Rc<Cell<bool>>,
}

impl<'de, F: FnMut(&Header, Payload) -> Result<()>> DeserializeSeed<'de> for PayloadSeed<'_, F> {
    type Value = ();

    fn deserialize<D: serde::Deserializer<'de>>(self, d: D) -> std::result::Result<(), D::Error> {
        // Here the reader has taken the `:` before the payload and nothing of it: its
        // bytes, from its `{` to its `}`, are the ones read until the map is done.
        let hashing = Rc::clone(self.hashing);
        hashing.set(true);
        let done = d.deserialize_map(self);
        hashing.set(false);
        done
    }
}

impl<'de, F: FnMut(&Header, Payload) -> Result<()>> Visitor<'de> for PayloadSeed<'_, F> {
    type Value = ();

    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("a bundle's payload")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> std::result::Result<(), A::Error> {
        macro_rules! rows {
            ($field:ident) => {
                map.next_value_seed(Rows {
                    each: &mut *self.each,
                    header: self.header,
                    failed: self.failed,
                    put: |p: &mut Payload, rows| p.$field = rows,
                    row: std::marker::PhantomData,
                })?
            };
        }
        while let Some(key) = map.next_key::<String>()? {
            match key.as_str() {
                "cities" => rows!(cities),
                "ties" => rows!(ties),
                "contacts" => rows!(contacts),
                "contact_revisions" => rows!(contact_revisions),
                "calls" => rows!(calls),
                "responses" => rows!(responses),
                "status_events" => rows!(status_events),
                "follow_ups" => rows!(follow_ups),
                _ => {
                    map.next_value::<de::IgnoredAny>()?;
                }
            }
        }
        Ok(())
    }
}

/// One list of the payload, handed over [`BATCH_ROWS`] rows at a time.
struct Rows<'a, F, P, T> {
    each: &'a mut F,
    header: &'a Header,
    failed: &'a RefCell<Option<Error>>,
    put: P,
    row: std::marker::PhantomData<fn() -> T>,
}

impl<'de, F, P, T> DeserializeSeed<'de> for Rows<'_, F, P, T>
where
    F: FnMut(&Header, Payload) -> Result<()>,
    P: Fn(&mut Payload, Vec<T>),
    T: serde::Deserialize<'de>,
{
    type Value = ();

    fn deserialize<D: serde::Deserializer<'de>>(self, d: D) -> std::result::Result<(), D::Error> {
        d.deserialize_seq(self)
    }
}

impl<'de, F, P, T> Visitor<'de> for Rows<'_, F, P, T>
where
    F: FnMut(&Header, Payload) -> Result<()>,
    P: Fn(&mut Payload, Vec<T>),
    T: serde::Deserialize<'de>,
{
    type Value = ();

    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("a list of rows")
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> std::result::Result<(), A::Error> {
        let mut batch = Vec::new();
        let mut hand_over = |batch: &mut Vec<T>| -> std::result::Result<(), A::Error> {
            let mut part = Payload::default();
            (self.put)(&mut part, std::mem::take(batch));
            (self.each)(self.header, part).map_err(|e| {
                *self.failed.borrow_mut() = Some(e);
                de::Error::custom("the merge stopped")
            })
        };
        while let Some(row) = seq.next_element::<T>()? {
            batch.push(row);
            if batch.len() == BATCH_ROWS {
                hand_over(&mut batch)?;
            }
        }
        if !batch.is_empty() {
            hand_over(&mut batch)?;
        }
        Ok(())
    }
}

/// How much of the start is looked at before the rest is read: a bundle's header (format,
/// version, machine, times, checksum) comes first and is far smaller.
const HEAD_BYTES: usize = 4096;
/// A packed bundle unpacking to more than this many times its size is refused...
const MAX_PACK_RATIO: u64 = 50;
/// ...once it has unpacked this much (a small bundle may pack very well).
const RATIO_AFTER_BYTES: u64 = 32 * 1024 * 1024;

/// Opens a bundle: a regular file only, unpacked when it is gzip; its first bytes, and a
/// reader of the rest that stops with an error past `MAX_BUNDLE_BYTES` (counted as
/// unpacked) or when a packed file unpacks far beyond what a bundle's JSON packs to
/// (random ids pack a few times; a bomb a thousand times). A file whose start is not a
/// bundle's is refused before the rest is read (a gzip bomb of zeros, a large file of
/// another kind).
fn open_capped(path: &Path) -> std::result::Result<(Vec<u8>, Capped), String> {
    let file = crate::input::open_regular(path)?;
    let len = file.metadata().map(|m| m.len()).unwrap_or(0);
    let mut file = std::io::BufReader::new(file);
    let gz = std::io::BufRead::fill_buf(&mut file)
        .map_err(|e| format!("it cannot be read ({e})"))?
        .starts_with(&[0x1f, 0x8b]);
    let mut reader: Box<dyn Read> = if gz {
        Box::new(flate2::read::GzDecoder::new(file))
    } else {
        Box::new(file)
    };
    let mut head = Vec::with_capacity(HEAD_BYTES);
    (&mut reader)
        .take(HEAD_BYTES as u64)
        .read_to_end(&mut head)
        .map_err(|e| io_problem(gz, &e))?;
    if head.len() == HEAD_BYTES && !looks_like_a_bundle(&head) {
        return Err(
            "it is not an Outreach Desk bundle (no \"format\": \"outreach-desk-bundle\" at its start)"
                .into(),
        );
    }
    let read = head.len() as u64;
    Ok((
        head,
        Capped {
            inner: reader,
            read,
            packed: len,
            gz,
        },
    ))
}

fn io_problem(gz: bool, e: &std::io::Error) -> String {
    if gz {
        format!("it is truncated or corrupted (gzip: {e})")
    } else {
        format!("it cannot be read ({e})")
    }
}

/// The rest of a bundle, refused past the caps (see [`open_capped`]).
struct Capped {
    inner: Box<dyn Read>,
    read: u64,
    packed: u64,
    gz: bool,
}

impl Read for Capped {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self
            .inner
            .read(buf)
            .map_err(|e| std::io::Error::other(io_problem(self.gz, &e)))?;
        self.read += n as u64;
        if self.read > MAX_BUNDLE_BYTES {
            return Err(std::io::Error::other(format!(
                "it unpacks to more than {} (the most a bundle may be); check it is the right file",
                crate::input::size_words(MAX_BUNDLE_BYTES)
            )));
        }
        if self.gz && self.read > RATIO_AFTER_BYTES && self.read > self.packed * MAX_PACK_RATIO {
            return Err(std::io::Error::other(format!(
                "it unpacks to over {MAX_PACK_RATIO} times its packed size, which no bundle does (a \"zip bomb\"); check it is the right file"
            )));
        }
        Ok(n)
    }
}

/// A JSON object whose start names the bundle format.
fn looks_like_a_bundle(head: &[u8]) -> bool {
    let text = head.trim_ascii_start();
    text.starts_with(b"{") && memchr::memmem::find(text, FORMAT.as_bytes()).is_some()
}

enum Decode {
    Refused(String),
    TooNew(u64),
}

#[cfg(test)]
mod tests {
    use super::*;

    fn decode(bytes: &[u8]) -> Result<Bundle> {
        let dir = tempfile::tempdir().unwrap();
        let f = dir.path().join("b.json");
        std::fs::write(&f, bytes).unwrap();
        read_bundle(&f)
    }

    #[test]
    fn a_bundle_round_trips_and_a_flipped_byte_is_caught() {
        let p = Payload::default();
        let bytes = encode(&p, "m1", "2026-01-01T00:00:00.000Z", None);
        let Bundle {
            machine_id: m,
            created_at: at,
            payload: back,
            ..
        } = decode(&bytes).unwrap();
        assert_eq!(
            (m.as_str(), at.as_str()),
            ("m1", "2026-01-01T00:00:00.000Z")
        );
        assert!(back.calls.is_empty());
        let text = String::from_utf8(bytes)
            .unwrap()
            .replace("\"calls\":[]", "\"calls\":[ ]");
        let e = decode(text.as_bytes()).unwrap_err().to_string();
        assert!(e.contains("checksum"), "{e}");
    }

    #[test]
    fn rows_come_in_batches_and_the_checksum_covers_them_all() {
        let calls: Vec<crate::rows::CallRow> = (0..BATCH_ROWS + 5)
            .map(|i| crate::rows::CallRow {
                id: format!("{i}"),
                ..Default::default()
            })
            .collect();
        let p = Payload {
            calls,
            ..Default::default()
        };
        let bytes = encode(&p, "m1", "2026-01-01T00:00:00.000Z", None);
        let dir = tempfile::tempdir().unwrap();
        let f = dir.path().join("b.json");
        let text = String::from_utf8(bytes.clone()).unwrap();
        let edited = text.replacen(&format!("\"id\":\"{}\"", BATCH_ROWS + 4), "\"id\":\"x\"", 1);
        assert_ne!(edited, text);
        // Read whole (the usual size) and streamed (a bundle over WHOLE_BYTES), alike.
        for whole_bytes in [WHOLE_BYTES, 0] {
            std::fs::write(&f, &bytes).unwrap();
            let mut sizes = Vec::new();
            let h = read_batches_reading_whole(&f, whole_bytes, |_, part| {
                sizes.push(part.calls.len());
                Ok(())
            })
            .unwrap();
            assert_eq!(h.machine_id, "m1");
            assert_eq!(sizes, vec![BATCH_ROWS, 5], "{whole_bytes}");
            // The last call edited: refused by its checksum (streamed: after the batches
            // were handed over, which the merge's transaction then rolls back).
            std::fs::write(&f, &edited).unwrap();
            let mut handed = 0;
            let e = read_batches_reading_whole(&f, whole_bytes, |_, _| {
                handed += 1;
                Ok(())
            })
            .unwrap_err()
            .to_string();
            assert!(e.contains("checksum does not match"), "{whole_bytes}: {e}");
            assert_eq!(
                handed,
                if whole_bytes == 0 { 2 } else { 0 },
                "read whole, refused before any work"
            );
            // Cut short: refused as truncated either way.
            std::fs::write(&f, &bytes[..bytes.len() / 2]).unwrap();
            let e = read_batches_reading_whole(&f, whole_bytes, |_, _| Ok(()))
                .unwrap_err()
                .to_string();
            assert!(e.contains("truncated"), "{whole_bytes}: {e}");
        }
    }
}
