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

/// The core's modules (a folder counts as one) and the modules each one names.
fn core_module_graph() -> BTreeMap<String, BTreeSet<String>> {
    let src = workspace().join("core/src");
    let mut files = Vec::new();
    rust_files(&src, &mut files);
    let mut graph: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for file in files {
        let rel = file.strip_prefix(&src).unwrap();
        let module = rel
            .components()
            .next()
            .unwrap()
            .as_os_str()
            .to_string_lossy();
        let module = module.trim_end_matches(".rs").to_string();
        if module == "lib" || module == "main" {
            continue;
        }
        let code = code_of(&file);
        let deps = graph.entry(module.clone()).or_default();
        let mut names = Vec::new();
        for (i, _) in code.match_indices("crate::") {
            let rest = &code[i + "crate::".len()..];
            if let Some(group) = rest.strip_prefix('{') {
                // `use crate::{a, b::c, d}`: the first segment of each path in the group.
                let end = group.find('}').unwrap_or(group.len());
                names.extend(
                    group[..end]
                        .split(',')
                        .map(|p| p.trim().split("::").next().unwrap_or("").trim().to_string()),
                );
            } else {
                let name: String = rest
                    .chars()
                    .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
                    .collect();
                names.push(name);
            }
        }
        for name in names {
            // Lower-case names are modules; types re-exported at the root (`crate::Store`,
            // `crate::Error`) are resolved to the module that defines them.
            let name = match name.as_str() {
                "Store" => "store".to_string(),
                "Error" | "Result" | "ErrorKind" | "ErrorPayload" => "error".to_string(),
                "Connection" | "self" | "" => continue,
                n => n.to_string(),
            };
            if name != module {
                deps.insert(name);
            }
        }
    }
    graph
}

/// A cycle in the graph, as the modules along it, if there is one.
fn find_cycle(graph: &BTreeMap<String, BTreeSet<String>>) -> Option<Vec<String>> {
    fn visit(
        node: &str,
        graph: &BTreeMap<String, BTreeSet<String>>,
        path: &mut Vec<String>,
        done: &mut BTreeSet<String>,
    ) -> Option<Vec<String>> {
        if let Some(at) = path.iter().position(|n| n == node) {
            let mut cycle = path[at..].to_vec();
            cycle.push(node.to_string());
            return Some(cycle);
        }
        if done.contains(node) {
            return None;
        }
        path.push(node.to_string());
        for next in graph.get(node).into_iter().flatten() {
            if let Some(c) = visit(next, graph, path, done) {
                return Some(c);
            }
        }
        path.pop();
        done.insert(node.to_string());
        None
    }
    let mut done = BTreeSet::new();
    for node in graph.keys() {
        if let Some(c) = visit(node, graph, &mut Vec::new(), &mut done) {
            return Some(c);
        }
    }
    None
}

#[test]
fn the_core_modules_depend_on_each_other_one_way_only() {
    let graph = core_module_graph();
    assert!(graph.contains_key("calls") && graph["calls"].contains("error"));
    let mut cycles = Vec::new();
    let mut g = graph.clone();
    // Every cycle, one at a time: report one, cut its last edge, look again.
    while let Some(cycle) = find_cycle(&g) {
        cycles.push(cycle.join(" -> "));
        let (a, b) = (&cycle[cycle.len() - 2], &cycle[cycle.len() - 1]);
        g.get_mut(a).unwrap().remove(b);
    }
    assert!(
        cycles.is_empty(),
        "modules that import each other in a circle (docs/ARCHITECTURE.md shows the layers):\n{}",
        cycles.join("\n")
    );
}

#[test]
fn the_cycle_check_finds_a_cycle() {
    let mut g: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    g.entry("a".into()).or_default().insert("b".into());
    g.entry("b".into()).or_default().insert("c".into());
    g.entry("c".into()).or_default().insert("a".into());
    assert_eq!(find_cycle(&g).unwrap(), ["a", "b", "c", "a"]);
    g.get_mut("c").unwrap().clear();
    assert_eq!(find_cycle(&g), None);
}
