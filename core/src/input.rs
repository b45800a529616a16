//! Files the app reads because the user named them: contact lists, Open States data,
//! bundles, call scripts. One bounded way to read them, used by every reader:
//!
//! - only a regular file (links followed) is read: a device (`/dev/zero`), a pipe, a
//!   socket or a folder is refused before any byte is read;
//! - at most `limit` bytes are read, counted on the bytes actually read (after
//!   decompression, whatever a header or a zip directory claims), and one more byte
//!   means the file is refused;
//! - every refusal names the limit.

use std::fs::File;
use std::io::Read;
use std::path::Path;

/// A size as people read it: `16 MB`, `512 KB`.
pub fn size_words(bytes: u64) -> String {
    const MB: u64 = 1024 * 1024;
    if bytes >= MB && bytes % MB == 0 {
        format!("{} MB", bytes / MB)
    } else if bytes >= MB {
        format!("{:.1} MB", bytes as f64 / MB as f64)
    } else if bytes >= 1024 {
        format!("{} KB", bytes / 1024)
    } else {
        format!("{bytes} bytes")
    }
}

/// Opens `path` for reading when it is a regular file; the error says why not.
pub fn open_regular(path: &Path) -> Result<File, String> {
    let meta = std::fs::metadata(path).map_err(|e| format!("it cannot be read ({e})"))?;
    if meta.is_dir() {
        return Err("it is a folder, not a file".into());
    }
    if !meta.is_file() {
        return Err("it is not a regular file (a device, pipe or socket); choose a file".into());
    }
    let file = File::open(path).map_err(|e| format!("it cannot be read ({e})"))?;
    // The name may have changed between the look and the open: look again at what is open.
    match file.metadata() {
        Ok(m) if m.is_file() => Ok(file),
        Ok(_) => Err("it is not a regular file (a device, pipe or socket); choose a file".into()),
        Err(e) => Err(format!("it cannot be read ({e})")),
    }
}

/// Reads all of `r`, refusing more than `limit` bytes; `what` names the content in the
/// error (`"a contact list"`).
pub fn read_capped(r: impl Read, limit: u64, what: &str) -> Result<Vec<u8>, String> {
    let mut out = Vec::new();
    r.take(limit + 1)
        .read_to_end(&mut out)
        .map_err(|e| format!("it cannot be read ({e})"))?;
    if out.len() as u64 > limit {
        return Err(format!(
            "it is larger than {} (the most {what} may be); check it is the right file",
            size_words(limit)
        ));
    }
    Ok(out)
}

/// Reads a regular file of at most `limit` bytes.
pub fn read_file(path: &Path, limit: u64, what: &str) -> Result<Vec<u8>, String> {
    let file = open_regular(path)?;
    if let Ok(m) = file.metadata() {
        if m.len() > limit {
            return Err(format!(
                "it is {}, larger than {} (the most {what} may be); check it is the right file",
                size_words(m.len()),
                size_words(limit)
            ));
        }
    }
    read_capped(file, limit, what)
}

/// Reads a regular UTF-8 text file of at most `limit` bytes.
pub fn read_text(path: &Path, limit: u64, what: &str) -> Result<String, String> {
    String::from_utf8(read_file(path, limit, what)?).map_err(|e| {
        format!(
            "it is not UTF-8 text (byte {})",
            e.utf8_error().valid_up_to()
        )
    })
}

/// The deepest nesting a YAML document the app reads may have (an Open States person file
/// nests four levels).
pub const YAML_MAX_DEPTH: usize = 64;

/// Refuses YAML nested deeper than `max` levels (flow `[`/`{` or indentation) before a
/// parser sees it: the parser's time grows far faster than the file.
pub fn yaml_nesting(text: &str, max: usize) -> Result<(), String> {
    let too_deep = || format!("it is nested more than {max} levels deep (the most the app reads)");
    let mut depth = 0usize;
    for line in text.lines() {
        let indent = line.len() - line.trim_start_matches([' ', '-']).len();
        if indent / 2 > max {
            return Err(too_deep());
        }
        let mut quote: Option<char> = None;
        for c in line.chars() {
            match (quote, c) {
                (Some(q), c) if c == q => quote = None,
                (Some(_), _) => {}
                (None, '"' | '\'') => quote = Some(c),
                (None, '#') => break,
                (None, '[' | '{') => {
                    depth += 1;
                    if depth > max {
                        return Err(too_deep());
                    }
                }
                (None, ']' | '}') => depth = depth.saturating_sub(1),
                _ => {}
            }
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn devices_folders_and_pipes_are_refused_before_reading() {
        let d = tempfile::tempdir().unwrap();
        let folder = read_file(d.path(), 10, "a test").unwrap_err();
        assert!(folder.contains("folder"), "{folder}");
        #[cfg(unix)]
        for dev in ["/dev/zero", "/dev/urandom"] {
            let e = read_file(Path::new(dev), 10, "a test").unwrap_err();
            assert!(e.contains("not a regular file"), "{dev}: {e}");
        }
    }

    #[test]
    fn the_cap_counts_bytes_read_and_names_the_limit() {
        let d = tempfile::tempdir().unwrap();
        let f = d.path().join("f");
        std::fs::write(&f, vec![b'x'; 2048]).unwrap();
        assert_eq!(read_file(&f, 2048, "a test").unwrap().len(), 2048);
        let e = read_file(&f, 1024, "a test").unwrap_err();
        assert!(e.contains("1 KB") && e.contains("a test"), "{e}");
        // A stream that is longer than it claims (a decompressor) stops at the cap.
        let e = read_capped(std::io::repeat(0).take(1 << 30), 4096, "a bundle").unwrap_err();
        assert!(e.contains("4 KB"), "{e}");
    }

    #[test]
    fn yaml_nesting_is_bounded() {
        yaml_nesting(
            "name: Jo\nroles:\n  - type: mayor\n    end: [a, {b: c}]\n",
            64,
        )
        .unwrap();
        yaml_nesting("note: \"[[[[[[[[[[\" # [[[[[[[[\n", 4).unwrap();
        let flow = format!("roles: {}{}", "[".repeat(200_000), "]".repeat(200_000));
        assert!(yaml_nesting(&flow, 64).unwrap_err().contains("64 levels"));
        let block: String = (0..200)
            .map(|i| format!("{}- \n", "  ".repeat(i)))
            .collect();
        assert!(yaml_nesting(&block, 64).is_err());
    }
}
