//! No import circles between a crate's modules: a module that uses another must not be used by it, directly
//! or through others, so each file can be read (and moved) knowing what it stands on. Reads the `crate::`
//! and `super::` paths of every module file (outside its `#[cfg(test)]` tests) of the four crates. A module
//! and its own submodules are one unit here (a `mod.rs` re-exporting its children is not a circle).

#![cfg(not(target_arch = "wasm32"))]

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// Module path (`outbox::handoff`) of each `.rs` file under `src`, with the file's text.
fn modules(src: &Path) -> BTreeMap<String, String> {
    let mut out = BTreeMap::new();
    let mut stack = vec![src.to_path_buf()];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).expect("readable source dir") {
            let path: PathBuf = entry.expect("entry").path();
            if path.is_dir() {
                stack.push(path);
                continue;
            }
            if path.extension().is_none_or(|e| e != "rs") {
                continue;
            }
            let rel = path.strip_prefix(src).unwrap().with_extension("");
            let mut parts: Vec<String> = rel
                .components()
                .map(|c| c.as_os_str().to_string_lossy().into_owned())
                .collect();
            if matches!(
                parts.last().map(String::as_str),
                Some("mod" | "lib" | "main")
            ) {
                parts.pop();
            }
            let text = std::fs::read_to_string(&path).expect("readable source");
            let body = match text.find("#[cfg(test)]\nmod tests") {
                Some(i) => text[..i].to_string(),
                None => text,
            };
            out.insert(parts.join("::"), body);
        }
    }
    out
}

/// The modules `name`'s text refers to by path, as the longest known module prefix of each path.
fn uses(name: &str, text: &str, known: &BTreeSet<String>) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    let parent: Vec<&str> = name.split("::").filter(|s| !s.is_empty()).collect();
    let code = text
        .lines()
        .filter(|l| !l.trim_start().starts_with("//"))
        .collect::<Vec<_>>()
        .join("\n");
    for (prefix, base) in [
        ("crate::", Vec::new()),
        ("super::", parent[..parent.len().saturating_sub(1)].to_vec()),
    ] {
        for (i, _) in code.match_indices(prefix) {
            if i > 0 && code[..i].ends_with(|c: char| c.is_alphanumeric() || c == '_' || c == ':') {
                continue;
            }
            let rest = &code[i + prefix.len()..];
            for path in paths(rest) {
                let mut full: Vec<&str> = base.clone();
                let mut path = path.into_iter().peekable();
                while path.peek() == Some(&"super") {
                    path.next();
                    full.pop();
                }
                full.extend(path);
                while !full.is_empty() && !known.contains(&full.join("::")) {
                    full.pop();
                }
                let target = full.join("::");
                let related = target.is_empty()
                    || target == name
                    || name.starts_with(&format!("{target}::"))
                    || target.starts_with(&format!("{name}::"));
                if !related {
                    out.insert(target);
                }
            }
        }
    }
    out
}

/// The paths at the start of `rest` (the text after `crate::`): one, or each of a `{a, b::c}` group.
fn paths(rest: &str) -> Vec<Vec<&str>> {
    fn one(p: &str) -> Vec<&str> {
        p.split(|c: char| !(c.is_alphanumeric() || c == '_' || c == ':'))
            .next()
            .unwrap_or("")
            .split("::")
            .filter(|s| !s.is_empty())
            .collect()
    }
    let Some(group) = rest.strip_prefix('{') else {
        return vec![one(rest)];
    };
    let mut out = Vec::new();
    let (mut depth, mut start) = (0, 0);
    for (i, c) in group.char_indices() {
        match c {
            '{' => depth += 1,
            '}' if depth == 0 => {
                out.push(one(group[start..i].trim()));
                break;
            }
            '}' => depth -= 1,
            ',' if depth == 0 => {
                out.push(one(group[start..i].trim()));
                start = i + 1;
            }
            _ => {}
        }
    }
    out
}

/// A circle in the graph, if any, as the modules along it.
fn circle(graph: &BTreeMap<String, BTreeSet<String>>) -> Option<Vec<String>> {
    fn visit(
        n: &str,
        graph: &BTreeMap<String, BTreeSet<String>>,
        state: &mut BTreeMap<String, u8>,
        path: &mut Vec<String>,
    ) -> Option<Vec<String>> {
        state.insert(n.to_string(), 1);
        path.push(n.to_string());
        for m in graph.get(n).into_iter().flatten() {
            match state.get(m.as_str()).copied().unwrap_or(0) {
                1 => {
                    let at = path.iter().position(|p| p == m).unwrap();
                    let mut c = path[at..].to_vec();
                    c.push(m.clone());
                    return Some(c);
                }
                0 => {
                    if let Some(c) = visit(m, graph, state, path) {
                        return Some(c);
                    }
                }
                _ => {}
            }
        }
        path.pop();
        state.insert(n.to_string(), 2);
        None
    }
    let mut state = BTreeMap::new();
    for n in graph.keys() {
        if state.get(n.as_str()).copied().unwrap_or(0) == 0 {
            if let Some(c) = visit(n, graph, &mut state, &mut Vec::new()) {
                return Some(c);
            }
        }
    }
    None
}

fn graph_of(src: &Path) -> BTreeMap<String, BTreeSet<String>> {
    let mods = modules(src);
    let known: BTreeSet<String> = mods.keys().cloned().collect();
    mods.iter()
        .map(|(name, text)| (name.clone(), uses(name, text, &known)))
        .collect()
}

#[test]
fn no_crate_has_an_import_circle() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    for krate in ["src", "core/src", "stats/src", "report/src"] {
        let graph = graph_of(&root.join(krate));
        assert!(
            graph.len() > 1 || krate == "report/src",
            "{krate}: modules found"
        );
        if let Some(c) = circle(&graph) {
            panic!("{krate}: import circle {}", c.join(" -> "));
        }
    }
}

#[test]
fn the_check_sees_a_circle() {
    let known: BTreeSet<String> = ["a", "b", "b::c"].map(String::from).into();
    let mut graph = BTreeMap::new();
    graph.insert(
        "a".to_string(),
        uses("a", "use crate::{b::c::X, a};", &known),
    );
    graph.insert(
        "b::c".to_string(),
        uses("b::c", "use super::super::a::Y;", &known),
    );
    graph.insert(
        "b".to_string(),
        uses("b", "pub use c::X; // crate::a", &known),
    );
    assert_eq!(graph["a"], BTreeSet::from(["b::c".to_string()]));
    assert_eq!(
        circle(&graph),
        Some(["a", "b::c", "a"].map(String::from).to_vec())
    );
    graph.insert("b::c".to_string(), BTreeSet::new());
    assert_eq!(circle(&graph), None);
}
