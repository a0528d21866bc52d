//! One check of a corpus, from files on disk to sorted findings, without printing anything.

use crate::config::{self, Config, FailOn};
use crate::findings::{self, Finding, Origin};
use crate::graph::ClaimGraph;
use crate::load::{self, ClaimFiles, Layout, RawCorpus, Reader};
use crate::model::Corpus;
use crate::policy::Policy;
use crate::resolve::Resolver;
use crate::source::Sources;
use std::path::{Path, PathBuf};

/// Settings for one check, as the command line gives them. `None` and empty fields defer to the
/// corpus's `claimlint.toml`, then to the defaults: command line over config over defaults.
#[derive(Debug, Clone)]
pub struct Settings {
    /// The corpus root (`claimlint check PATH`).
    pub root: PathBuf,
    /// `--config FILE`; `None`: `ROOT/claimlint.toml` when there is one.
    pub config: Option<PathBuf>,
    /// Extra rule pack directories or files (`--rules`), loaded besides the config's `rules`.
    pub rules: Vec<PathBuf>,
    /// Whether the standard packs are loaded (`--no-default-rules`; config `default-rules`).
    pub default_rules: Option<bool>,
    /// `--fail-on`; config `fail-on`; default `error`.
    pub fail_on: Option<FailOn>,
    pub max_file_size: u64,
}

impl Settings {
    pub fn new(root: impl Into<PathBuf>) -> Settings {
        Settings {
            root: root.into(),
            config: None,
            rules: Vec::new(),
            default_rules: None,
            fail_on: None,
            max_file_size: load::DEFAULT_MAX_FILE_SIZE,
        }
    }
}

/// The outcome of a check: the corpus (for renderers), its findings in output order, and the
/// severity that fails the run.
pub struct Outcome {
    pub corpus: Corpus,
    pub findings: Vec<Finding>,
    /// Findings an `[[allow]]` accepts, in output order: shown and counted apart, never failing.
    pub allowed: Vec<findings::Allowed>,
    pub fail_on: FailOn,
}

impl Outcome {
    /// Whether the corpus or its config could not be fully read (exit code 2).
    pub fn corpus_errors(&self) -> bool {
        self.findings.iter().any(|f| f.origin == Origin::Corpus)
    }
    /// Whether any finding is at or above the run's `fail-on`.
    pub fn fails(&self) -> bool {
        self.fail_on.threshold().is_some_and(|t| self.findings.iter().any(|f| f.severity.at_least(t)))
    }
}

/// Where the claim files and rule packs are. Claims: the config's `claims`, else `PATH/claims/`
/// if it exists, else PATH itself (DESIGN §2). Rule packs: the config's `rules` and `--rules`.
pub fn layout(settings: &Settings, config: Option<&Config>) -> Layout {
    let claim_dirs = match config.and_then(|c| c.claims.clone()) {
        Some(dirs) => dirs,
        None => {
            let claims = settings.root.join("claims");
            vec![if claims.is_dir() { claims } else { settings.root.clone() }]
        }
    };
    let mut rule_dirs = config.and_then(|c| c.rules.clone()).unwrap_or_default();
    rule_dirs.extend(settings.rules.iter().cloned());
    Layout { root: settings.root.clone(), claim_dirs, rule_dirs, max_file_size: settings.max_file_size }
}

/// Loads, resolves and checks a corpus, then applies its config's policy to the findings.
pub fn run(settings: &Settings) -> Outcome {
    let mut timer = Timer::from_env();
    let mut sources = Sources::default();
    let mut problems = Vec::new();
    let config = {
        let mut reader = Reader::new(&mut sources, &mut problems, settings.max_file_size);
        match &settings.config {
            Some(path) => config::read(path, &settings.root, &mut reader),
            None => {
                let path = settings.root.join(config::FILE_NAME);
                path.is_file().then(|| config::read(&path, &settings.root, &mut reader)).flatten()
            }
        }
    };
    let layout = layout(settings, config.as_ref());
    let default_rules = settings.default_rules.or(config.as_ref().and_then(|c| c.default_rules)).unwrap_or(true);
    let fail_on = settings.fail_on.or(config.as_ref().and_then(|c| c.fail_on)).unwrap_or(FailOn::Error);
    let mut raw = RawCorpus::default();
    if default_rules {
        for (name, text) in crate::packs::BUILTIN {
            let file = sources.add(format!("<built-in>/rules/{name}.toml"), *text);
            raw.packs.push(load::read_pack(name, file, text, &mut problems));
        }
    }
    let claim_paths = {
        let mut reader = Reader::new(&mut sources, &mut problems, layout.max_file_size);
        for dir in &layout.rule_dirs {
            for path in load::find_toml_files(dir, dir, &mut reader) {
                read_pack_file(&path, &mut reader, &mut raw);
            }
        }
        let mut paths = Vec::new();
        for dir in &layout.claim_dirs {
            paths.extend(load::find_files(dir, &layout.root, &mut reader, &["toml", "jsonl"]));
        }
        paths
    };
    let mut claim_files = {
        let mut reader = Reader::new(&mut sources, &mut problems, layout.max_file_size);
        ClaimFiles::read(&claim_paths, &layout, &mut reader, &mut raw)
    };
    timer.lap("read");
    // Claims are parsed and resolved a batch of files at a time, once every entity is known.
    let mut resolver = Resolver::new(&raw);
    drop(raw);
    while let Some(batch) = claim_files.next_batch(&mut sources, &mut problems) {
        resolver.claim_files(batch, &sources);
    }
    drop(claim_files);
    let mut corpus = resolver.finish(sources, &mut problems);
    timer.lap("resolve");
    let policy = Policy::new(config.as_ref(), &corpus.rules, &mut problems);
    policy.apply_to_rules(&mut corpus.rules);
    let graph = ClaimGraph::build(&corpus);
    timer.lap("graph");
    let findings = crate::rules::run(&corpus, &graph);
    timer.lap("rules");
    let (mut findings, allowed) = policy.apply_to_findings(findings, &corpus);
    findings.extend(problems);
    findings::sort(&mut findings, &corpus.sources);
    timer.lap("sort");
    Outcome { corpus, findings, allowed, fail_on }
}

/// Wall time per phase on stderr when `CLAIMLINT_TIMINGS` is set: for profiling large corpora
/// (the bench script uses it), never part of normal output. Where the system reports it (Linux),
/// the resident memory and its peak so far are shown too, so that the phase that sets the peak stands out.
pub struct Timer {
    last: Option<std::time::Instant>,
    /// CPU time of the process (all threads) at the last lap: on a shared machine wall time
    /// varies with the load, CPU time much less.
    cpu: Option<f64>,
}

impl Timer {
    pub fn from_env() -> Timer {
        let last = std::env::var_os("CLAIMLINT_TIMINGS").map(|_| std::time::Instant::now());
        Timer { cpu: last.and_then(|_| cpu_seconds()), last }
    }
    pub fn lap(&mut self, phase: &str) {
        if let Some(last) = self.last {
            let now = std::time::Instant::now();
            #[allow(clippy::print_stderr)]
            {
                let secs = (now - last).as_secs_f64();
                let cpu = cpu_seconds();
                let spent = cpu.zip(self.cpu).map_or(String::new(), |(c, l)| format!("  cpu {:>7.2} s", c - l));
                let rss = status_mb("VmRSS:").map_or(String::new(), |mb| format!("  rss {mb:>6} MB"));
                let peak = status_mb("VmHWM:").map_or(String::new(), |mb| format!("  peak {mb:>6} MB"));
                eprintln!("claimlint: {phase:>8} {secs:>8.3} s{spent}{rss}{peak}");
                self.cpu = cpu;
            }
            self.last = Some(now);
        }
    }
}

/// User and system CPU time of the process so far, in seconds, if `/proc` says (in clock ticks,
/// taken to be the usual 100 a second).
fn cpu_seconds() -> Option<f64> {
    let stat = std::fs::read_to_string("/proc/self/stat").ok()?;
    // The command name (field 2) may hold spaces; the fields after it are plain numbers.
    let rest = stat.get(stat.rfind(')')? + 2..)?;
    let mut fields = rest.split_whitespace().skip(11);
    let user: f64 = fields.next()?.parse().ok()?;
    let system: f64 = fields.next()?.parse().ok()?;
    Some((user + system) / 100.0)
}

/// A memory figure of the process in MB, if `/proc` says: `VmRSS:` (resident now) or `VmHWM:`
/// (the peak so far).
fn status_mb(key: &str) -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with(key))?;
    let kb: u64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kb / 1024)
}

fn read_pack_file(path: &Path, reader: &mut Reader, raw: &mut RawCorpus) {
    let Some(file) = reader.read(path, None) else { return };
    let text = reader.sources.get(file).text.clone();
    let name = path.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default();
    raw.packs.push(load::read_pack(&name, file, &text, reader.problems));
}
