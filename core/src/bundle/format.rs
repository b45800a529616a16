//! The bundle file: a JSON envelope (format, version, machine, time, checksum) around the
//! payload, gzip-compressed when the name ends in `.gz`. Reading refuses anything that is
//! not an intact bundle of a version this build reads.

use std::io::{Read, Write};
use std::path::Path;

use serde::Deserialize;
use serde_json::value::RawValue;
use sha2::{Digest, Sha256};

use super::{Payload, FORMAT, FORMAT_VERSION, MAX_BUNDLE_BYTES};
use crate::error::{Error, Result};
use crate::output::{self, Existing, Protected};

#[derive(Deserialize)]
struct Probe {
    format: Option<String>,
    version: Option<u64>,
}

#[derive(Deserialize)]
struct Envelope<'a> {
    machine_id: String,
    created_at: String,
    /// The volunteer who exported it (absent in bundles of earlier builds).
    #[serde(default)]
    volunteer: Option<String>,
    checksum: String,
    #[serde(borrow)]
    payload: &'a RawValue,
}

fn sha256_hex(bytes: &[u8]) -> String {
    format!("{:x}", Sha256::digest(bytes))
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

/// Reads and checks a bundle file, with who exported it.
pub fn read_bundle(path: &Path) -> Result<Bundle> {
    let file = path.display().to_string();
    let refuse = |problem: String| Error::BundleRefused {
        file: file.clone(),
        problem,
    };
    let bytes = read_capped(path).map_err(refuse)?;
    decode(&bytes).map_err(|e| match e {
        Decode::Refused(p) => refuse(p),
        Decode::TooNew(found) => Error::BundleTooNew {
            file: file.clone(),
            found,
            known: FORMAT_VERSION,
        },
    })
}

/// How much of the start is looked at before the rest is read: a bundle's header (format,
/// version, machine, times, checksum) comes first and is far smaller.
const HEAD_BYTES: usize = 4096;
/// A bundle is read this much at a time.
const STEP_BYTES: u64 = 8 * 1024 * 1024;
/// A packed bundle unpacking to more than this many times its size is refused...
const MAX_PACK_RATIO: u64 = 50;
/// ...once it has unpacked this much (a small bundle may pack very well).
const RATIO_AFTER_BYTES: u64 = 32 * 1024 * 1024;

/// The bundle's bytes, decompressed, at most `MAX_BUNDLE_BYTES` of them (counted as
/// unpacked); a regular file only; a file whose start is not a bundle's is refused before
/// the rest is read (a gzip bomb of zeros, a large file of another kind).
fn read_capped(path: &Path) -> std::result::Result<Vec<u8>, String> {
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
        .map_err(|e| {
            if gz {
                format!("it is truncated or corrupted (gzip: {e})")
            } else {
                format!("it cannot be read ({e})")
            }
        })?;
    if head.len() == HEAD_BYTES && !looks_like_a_bundle(&head) {
        return Err(
            "it is not an Outreach Desk bundle (no \"format\": \"outreach-desk-bundle\" at its start)"
                .into(),
        );
    }
    if !gz {
        // One allocation of the file's size, not a doubling vector's twice that.
        head.reserve(len.min(MAX_BUNDLE_BYTES + 1) as usize);
    }
    let io = |e: std::io::Error| {
        if gz {
            format!("it is truncated or corrupted (gzip: {e})")
        } else {
            format!("it cannot be read ({e})")
        }
    };
    // Read in steps; a packed bundle is also refused once it unpacks far beyond what a
    // bundle's JSON packs to (random ids pack a few times; a bomb a thousand times).
    loop {
        let room = (MAX_BUNDLE_BYTES + 1 - head.len() as u64).min(STEP_BYTES);
        if room == 0 {
            break;
        }
        let n = (&mut reader)
            .take(room)
            .read_to_end(&mut head)
            .map_err(io)?;
        if n == 0 {
            break;
        }
        if gz && head.len() as u64 > RATIO_AFTER_BYTES && head.len() as u64 > len * MAX_PACK_RATIO {
            return Err(format!(
                "it unpacks to over {MAX_PACK_RATIO} times its packed size, which no bundle does (a \"zip bomb\"); check it is the right file"
            ));
        }
    }
    if head.len() as u64 > MAX_BUNDLE_BYTES {
        return Err(format!(
            "it unpacks to more than {} (the most a bundle may be); check it is the right file",
            crate::input::size_words(MAX_BUNDLE_BYTES)
        ));
    }
    Ok(head)
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

fn decode(bytes: &[u8]) -> std::result::Result<Bundle, Decode> {
    let probe: Probe = match serde_json::from_slice(bytes) {
        Ok(p) => p,
        Err(e) if e.is_eof() => {
            return Err(Decode::Refused(if bytes.starts_with(b"{") {
                "it is truncated (the file ends early); export it again".into()
            } else {
                "it is not an Outreach Desk bundle (empty or not JSON)".into()
            }))
        }
        Err(e) if e.is_data() => {
            return Err(Decode::Refused(
                "it is not an Outreach Desk bundle (no format field)".into(),
            ))
        }
        Err(e) => {
            return Err(Decode::Refused(
                if bytes.starts_with(b"{\"format\":\"outreach-desk-bundle\"") {
                    format!("it is corrupted ({e})")
                } else {
                    format!("it is not an Outreach Desk bundle (not JSON: {e})")
                },
            ))
        }
    };
    if probe.format.as_deref() != Some(FORMAT) {
        return Err(Decode::Refused(
            "it is not an Outreach Desk bundle (no \"format\": \"outreach-desk-bundle\")".into(),
        ));
    }
    let version = probe
        .version
        .ok_or_else(|| Decode::Refused("it has no format version".into()))?;
    if version > FORMAT_VERSION {
        return Err(Decode::TooNew(version));
    }
    let env: Envelope<'_> = serde_json::from_slice(bytes)
        .map_err(|e| Decode::Refused(format!("its header is incomplete ({e})")))?;
    if sha256_hex(env.payload.get().as_bytes()) != env.checksum {
        return Err(Decode::Refused(
            "its checksum does not match its content: it was corrupted or edited; ask for a fresh export".into(),
        ));
    }
    let payload: Payload = serde_json::from_str(env.payload.get())
        .map_err(|e| Decode::Refused(format!("its content is not what a bundle holds ({e})")))?;
    Ok(Bundle {
        machine_id: env.machine_id,
        created_at: env.created_at,
        volunteer: env.volunteer.filter(|v| !v.trim().is_empty()),
        payload,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_bundle_round_trips_and_a_flipped_byte_is_caught() {
        let p = Payload::default();
        let bytes = encode(&p, "m1", "2026-01-01T00:00:00.000Z", None);
        let Bundle {
            machine_id: m,
            created_at: at,
            payload: back,
            ..
        } = decode(&bytes).ok().unwrap();
        assert_eq!(
            (m.as_str(), at.as_str()),
            ("m1", "2026-01-01T00:00:00.000Z")
        );
        assert!(back.calls.is_empty());
        let text = String::from_utf8(bytes)
            .unwrap()
            .replace("\"calls\":[]", "\"calls\":[ ]");
        match decode(text.as_bytes()) {
            Err(Decode::Refused(p)) => assert!(p.contains("checksum"), "{p}"),
            _ => panic!("an edited bundle was accepted"),
        }
    }
}
