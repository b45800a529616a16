//! The rules of the code's layout that a reviewer would otherwise have to remember: the
//! window's and the command line's commands go through the store's doors, and the core's
//! modules depend on each other one way only.

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::{Path, PathBuf};

fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .unwrap()
        .to_path_buf()
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// The source of a file without its `#[cfg(test)]` module and comments (tests may set a
/// store up by hand; comments may name anything).
fn code_of(path: &Path) -> String {
    let text = fs::read_to_string(path).unwrap();
    let text = match text.find("#[cfg(test)]") {
        Some(i) => &text[..i],
        None => &text[..],
    };
    text.lines()
        .filter(|l| !l.trim_start().starts_with("//"))
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn commands_reach_the_store_only_through_its_read_and_write_doors() {
    let root = workspace();
    let mut files = Vec::new();
    rust_files(&root.join("cli/src"), &mut files);
    rust_files(&root.join("src-tauri/src"), &mut files);
    let mut offenders = Vec::new();
    for file in files {
        let name = file.file_name().unwrap().to_string_lossy();
        if name.ends_with("tests.rs") || file.components().any(|c| c.as_os_str() == "tests") {
            continue;
        }
        for (n, line) in code_of(&file).lines().enumerate() {
            if line.contains(".conn()") || line.contains(".conn_mut()") {
                offenders.push(format!("{}:{}: {}", file.display(), n + 1, line.trim()));
            }
        }
    }
    assert!(
        offenders.is_empty(),
        "commands must use store.read(...) / store.write(...), not the connection:\n{}",
        offenders.join("\n")
    );
}
