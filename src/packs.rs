//! The standard rule packs, compiled into the binary from the repository's `rules/`, and the
//! loading of packs alone (for `claimlint rules` and `claimlint explain`).

use crate::findings::Finding;
use crate::load::{self, RawCorpus, Reader};
use crate::model::Corpus;
use crate::source::Sources;
use std::path::PathBuf;

/// (pack name, TOML text), in load order: vocabulary first.
pub const BUILTIN: &[(&str, &str)] = &[
    ("news", include_str!("../rules/news.toml")),
    ("consistency", include_str!("../rules/consistency.toml")),
    ("inference", include_str!("../rules/inference.toml")),
];

/// Which packs to load: the standard ones unless left out, and those under `dirs`.
#[derive(Debug, Clone)]
pub struct PackSettings {
    pub dirs: Vec<PathBuf>,
    pub default_rules: bool,
    pub max_file_size: u64,
}

/// Loads and resolves rule packs without a corpus: a [`Corpus`] with predicates and rules only,
/// and every problem met on the way. The same packs `claimlint check` would load.
pub fn load(settings: &PackSettings) -> (Corpus, Vec<Finding>) {
    let mut sources = Sources::default();
    let mut problems = Vec::new();
    let mut raw = RawCorpus::default();
    if settings.default_rules {
        for (name, text) in BUILTIN {
            let file = sources.add(format!("<built-in>/rules/{name}.toml"), *text);
            raw.packs.push(load::read_pack(name, file, text, &mut problems));
        }
    }
    {
        let mut reader = Reader::new(&mut sources, &mut problems, settings.max_file_size);
        for dir in &settings.dirs {
            for path in load::find_toml_files(dir, dir, &mut reader) {
                let Some(file) = reader.read(&path, None) else { continue };
                let text = reader.sources.get(file).shared_text();
                let name = path.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default();
                raw.packs.push(load::read_pack(&name, file, &text, reader.problems));
            }
        }
    }
    let corpus = crate::resolve::resolve(raw, sources, &mut problems);
    (corpus, problems)
}
