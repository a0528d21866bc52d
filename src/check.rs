//! One check of a corpus, from files on disk to sorted findings, without printing anything.

use crate::findings::{self, Finding, Origin, Severity};
use crate::graph::ClaimGraph;
use crate::load::{self, Layout, RawCorpus, Reader};
use crate::model::Corpus;
use crate::source::Sources;
use std::path::{Path, PathBuf};

/// Settings for one check.
#[derive(Debug, Clone)]
pub struct Settings {
    /// The corpus root (`claimlint check PATH`).
    pub root: PathBuf,
    /// Extra rule pack directories or files.
    pub rules: Vec<PathBuf>,
    /// Whether the standard packs are loaded.
    pub default_rules: bool,
    pub max_file_size: u64,
}

impl Settings {
    pub fn new(root: impl Into<PathBuf>) -> Settings {
        Settings {
            root: root.into(),
            rules: Vec::new(),
            default_rules: true,
            max_file_size: load::DEFAULT_MAX_FILE_SIZE,
        }
    }
}

/// The outcome of a check: the corpus (for renderers) and its findings in output order.
pub struct Outcome {
    pub corpus: Corpus,
    pub findings: Vec<Finding>,
}

impl Outcome {
    /// Whether the corpus could not be fully read (exit code 2).
    pub fn corpus_errors(&self) -> bool {
        self.findings.iter().any(|f| f.origin == Origin::Corpus)
    }
    /// Whether any finding is at or above `threshold` (`None`: never fail).
    pub fn fails(&self, threshold: Option<Severity>) -> bool {
        threshold.is_some_and(|t| self.findings.iter().any(|f| f.severity.at_least(t)))
    }
}

/// Where the claim files are: `PATH/claims/` if it exists, else PATH itself (DESIGN §2).
pub fn layout(settings: &Settings) -> Layout {
    let claims = settings.root.join("claims");
    let claim_dir = if claims.is_dir() { claims } else { settings.root.clone() };
    Layout {
        root: settings.root.clone(),
        claim_dirs: vec![claim_dir],
        rule_dirs: settings.rules.clone(),
        max_file_size: settings.max_file_size,
    }
}

/// Loads, resolves and checks a corpus.
pub fn run(settings: &Settings) -> Outcome {
    let layout = layout(settings);
    let mut sources = Sources::default();
    let mut problems = Vec::new();
    let mut raw = RawCorpus::default();
    if settings.default_rules {
        for (name, text) in crate::packs::BUILTIN {
            let file = sources.add(format!("<built-in>/rules/{name}.toml"), *text);
            raw.packs.push(load::read_pack(name, file, text, &mut problems));
        }
    }
    {
        let mut reader = Reader::new(&mut sources, &mut problems, layout.max_file_size);
        for dir in &layout.rule_dirs {
            for path in load::find_toml_files(dir, dir, &mut reader) {
                read_pack_file(&path, &mut reader, &mut raw);
            }
        }
        for dir in &layout.claim_dirs {
            for path in load::find_files(dir, &layout.root, &mut reader, &["toml", "jsonl"]) {
                if path.extension().is_some_and(|e| e == "jsonl") {
                    crate::jsonl::read_file(&path, &layout, &mut reader, &mut raw);
                } else {
                    load::read_claim_file(&path, &layout, &mut reader, &mut raw);
                }
            }
        }
    }
    let corpus = crate::resolve::resolve(raw, sources, &mut problems);
    let graph = ClaimGraph::build(&corpus);
    let mut findings = crate::rules::run(&corpus, &graph);
    findings.extend(problems);
    findings::sort(&mut findings, &corpus.sources);
    Outcome { corpus, findings }
}

fn read_pack_file(path: &Path, reader: &mut Reader, raw: &mut RawCorpus) {
    let Some(file) = reader.read(path, None) else { return };
    let text = reader.sources.get(file).text.clone();
    let name = path.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default();
    raw.packs.push(load::read_pack(&name, file, &text, reader.problems));
}
