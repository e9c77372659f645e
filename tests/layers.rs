//! The crate's layering, checked from its sources: each module uses only the modules below it, so
//! there is no import cycle, and nothing reaches past a module through the crate root.
//!
//! The units below are in layer order, bottom first (the order `src/lib.rs` declares them). A file
//! belongs to the longest unit its module path starts with; outside its test modules it may name
//! (`crate::unit::…`) only its own unit and units before it. Files inside one directory module share
//! its private state and may use each other; the error module is split by file because its parse
//! errors sit below the value types that its other errors carry.

use std::path::{Path, PathBuf};

const LAYERS: &[&str] = &[
    "util",
    "data",
    // `error/mod.rs` only declares the error files, each placed by what it carries.
    "error",
    "error::parse",
    "category",
    "language",
    "region",
    "surface",
    "modality",
    "time",
    "message_id",
    "error::interest",
    "error::audience",
    "taxonomy",
    "scored",
    "error::build",
    "error::policy",
    "error::profile",
    "error::conversation",
    "error::export",
    "text",
    "lexicon",
    "matcher",
    "model",
    "classify",
    "policy",
    "profile",
    "export",
];

/// Files that are only tests of the whole crate (they may use everything).
const TEST_ONLY: &[&str] = &["integrity"];

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// `src/matcher/typo.rs` → `matcher::typo`; `src/matcher/mod.rs` → `matcher`.
fn module_path(src: &Path, file: &Path) -> String {
    let rel = file.strip_prefix(src).unwrap().with_extension("");
    let parts: Vec<String> = rel
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .filter(|p| p != "mod")
        .collect();
    parts.join("::")
}

/// The index in [`LAYERS`] of the longest unit `path` starts with.
fn layer(path: &str) -> Option<usize> {
    LAYERS
        .iter()
        .enumerate()
        .filter(|(_, unit)| path == **unit || path.starts_with(&format!("{unit}::")))
        .max_by_key(|(_, unit)| unit.len())
        .map(|(i, _)| i)
}

/// The code of a file outside its `#[cfg(test)]` modules and comments, line by line.
fn code_lines(text: &str) -> Vec<(usize, &str)> {
    let mut out = Vec::new();
    let mut lines = text.lines().enumerate().peekable();
    while let Some((n, line)) = lines.next() {
        let t = line.trim_start();
        if t.starts_with("#[cfg(test)]") {
            // Skip the item that follows: to the end of its braces (or its `;`).
            let mut depth = 0i32;
            let mut opened = false;
            for (_, l) in lines.by_ref() {
                depth += l.matches('{').count() as i32 - l.matches('}').count() as i32;
                opened |= l.contains('{');
                if (opened && depth <= 0) || (!opened && l.trim_end().ends_with(';')) {
                    break;
                }
            }
            continue;
        }
        if t.starts_with("//") {
            continue;
        }
        out.push((n + 1, line));
    }
    out
}

/// Every `crate::name(::name)*` path in `line` (identifiers only).
fn crate_paths(line: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut rest = line;
    while let Some(i) = rest.find("crate::") {
        let tail = &rest[i + "crate::".len()..];
        let end = tail
            .find(|c: char| !(c.is_alphanumeric() || c == '_' || c == ':'))
            .unwrap_or(tail.len());
        out.push(tail[..end].trim_end_matches(':').to_owned());
        rest = &tail[end..];
    }
    out
}

#[test]
fn modules_use_only_the_layers_below_them() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    rust_files(&src, &mut files);
    files.sort();
    let mut problems = Vec::new();
    let mut checked = 0;
    for file in &files {
        let module = module_path(&src, file);
        if module == "lib" || TEST_ONLY.contains(&module.as_str()) {
            continue;
        }
        let Some(own) = layer(&module) else {
            problems.push(format!("{module}: not in LAYERS"));
            continue;
        };
        checked += 1;
        let text = std::fs::read_to_string(file).unwrap();
        for (n, line) in code_lines(&text) {
            if line.contains("crate::{") {
                problems.push(format!("{module}:{n}: imports through the crate root"));
            }
            for path in crate_paths(line) {
                if path.starts_with(char::is_uppercase) || path.is_empty() {
                    problems.push(format!(
                        "{module}:{n}: `crate::{path}` goes through the root"
                    ));
                    continue;
                }
                match layer(&path) {
                    Some(l) if l <= own => {}
                    Some(l) => problems.push(format!(
                        "{module}:{n}: uses `{path}` ({}), above its layer ({})",
                        LAYERS[l], LAYERS[own]
                    )),
                    None => problems.push(format!("{module}:{n}: `crate::{path}` is no module")),
                }
            }
        }
    }
    assert!(checked > 40, "only {checked} files checked");
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn the_root_declares_every_layer_privately_in_order() {
    let lib =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("src/lib.rs")).unwrap();
    assert!(
        !lib.contains("pub mod "),
        "one public path per item: no public modules"
    );
    let declared: Vec<&str> = lib
        .lines()
        .filter_map(|l| l.strip_prefix("mod ")?.strip_suffix(';'))
        .filter(|m| !TEST_ONLY.contains(m))
        .collect();
    let units: Vec<&str> = LAYERS
        .iter()
        .filter(|u| !u.contains("::"))
        .copied()
        .collect();
    assert_eq!(
        declared, units,
        "src/lib.rs declares the layers in this order"
    );
}

#[test]
fn no_source_file_is_over_the_size_limit() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    rust_files(&src, &mut files);
    for file in files {
        let text = std::fs::read_to_string(&file).unwrap();
        // Code outside test modules: one concept per file stays small.
        let code = code_lines(&text).len();
        assert!(code <= 600, "{}: {code} lines of code", file.display());
    }
}
