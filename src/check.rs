//! One check of a corpus, from files on disk to sorted findings, without printing anything.

use crate::cache::{self, Cache, CacheSetting};
use crate::config::{self, Config, FailOn};
use crate::findings::{self, Finding, Origin};
use crate::graph::EntityGraph;
use crate::load::{self, ClaimFiles, Layout, RawCorpus, Reader};
use crate::model::Corpus;
use crate::policy::Policy;
use crate::resolve::Resolver;
use crate::scope::{self, FileScope, Selection};
use crate::source::{FileId, Sources};
use std::collections::HashSet;
use std::path::{Path, PathBuf};

/// Settings for one check, as the command line gives them. `None` and empty fields defer to the
/// corpus's `claimlint.toml`, then to the defaults: command line over config over defaults.
#[derive(Debug, Clone)]
pub struct Settings {
    /// The corpus root (`claimlint check DIR`, or the root found for `claimlint check FILE...`).
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
    /// Where the cache is kept (DESIGN §10; `--no-cache`, `--cache-dir`): off unless asked for.
    pub cache: CacheSetting,
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
            cache: CacheSetting::Off,
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
    /// For a check of some claim files ([`run_files`]): what the findings were narrowed to.
    /// `None`: the whole corpus.
    pub scope: Option<FileScope>,
    /// Time and memory per phase, when `CLAIMLINT_TIMINGS` asks for them (see [`Timer`]).
    pub timer: Timer,
    /// What went wrong with the cache, for the binary to mention: never a problem of the corpus,
    /// and never a change to the findings (a cache that cannot be written is only not written).
    pub cache_notes: Vec<String>,
    /// How many claim files were taken from the cache, neither parsed nor resolved again.
    pub cache_used: usize,
    /// How many parts of the corpus (subjects joined by corrections) had their rules' findings
    /// taken from the cache ([`crate::cache::rules`]).
    pub findings_reused: usize,
}

impl Outcome {
    /// Whether the corpus or its config could not be fully read (exit code 2): a problem shown,
    /// or, when some claim files were checked, one in another file of the corpus.
    pub fn corpus_errors(&self) -> bool {
        self.findings.iter().any(|f| f.origin == Origin::Corpus)
            || self.scope.as_ref().is_some_and(|s| s.problems_elsewhere > 0)
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
    check(find(settings), None)
}

/// Files named to `claimlint check FILE...` that are not claim files of their corpus.
#[derive(Debug, Clone)]
pub struct NotClaimFiles {
    pub files: Vec<PathBuf>,
    /// The corpus root, and where its claims are read from.
    pub root: PathBuf,
    pub claim_dirs: Vec<PathBuf>,
}

impl std::fmt::Display for NotClaimFiles {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let dirs: Vec<String> = self.claim_dirs.iter().map(|d| format!("`{}`", load::display_path(d))).collect();
        let root = load::display_path(&self.root);
        for (i, file) in self.files.iter().enumerate() {
            if i > 0 {
                writeln!(f)?;
            }
            let file = load::display_path(file);
            write!(
                f,
                "`{file}` is not one of the claim files of the corpus at `{root}`, which are read from {}",
                dirs.join(", ")
            )?;
        }
        Ok(())
    }
}

/// Checks the corpus at `settings.root` whole, exactly as [`run`] does, and keeps what concerns
/// the claim files `files` (`claimlint check FILE...`; see [`crate::scope`]). Naming the config
/// or a rule pack the corpus loads checks the whole corpus: they bear on every finding. Files
/// that are none of these are refused before any claim file is read.
pub fn run_files(settings: &Settings, files: &[PathBuf]) -> Result<Outcome, NotClaimFiles> {
    let found = find(settings);
    match scope::select(files, &found.claim_paths, &found.run_wide_paths) {
        Ok(Selection::Whole) => Ok(check(found, None)),
        Ok(Selection::Files(files)) => Ok(check(found, Some(files))),
        Err(files) => Err(NotClaimFiles { files, root: settings.root.clone(), claim_dirs: found.layout.claim_dirs }),
    }
}

/// A corpus found, not read yet: its config and rule packs, and the paths of its claim files.
struct Found {
    timer: Timer,
    sources: Sources,
    problems: Vec<Finding>,
    config: Option<Config>,
    layout: Layout,
    fail_on: FailOn,
    raw: RawCorpus,
    /// The files that configure every check: the config file and the rule pack files read.
    run_wide_paths: Vec<PathBuf>,
    /// How many sources there were before the claim files were looked for: the built-in packs,
    /// the config and the rule packs, and their problems.
    run_wide: usize,
    claim_paths: Vec<PathBuf>,
    /// Where the cache is, if one is used.
    cache_dir: Option<PathBuf>,
}

/// Reads the config and rule packs of the corpus at `settings.root` and lists its claim files.
fn find(settings: &Settings) -> Found {
    let timer = Timer::from_env();
    let mut sources = Sources::default();
    let mut problems = Vec::new();
    let config_path = match &settings.config {
        Some(path) => Some(path.clone()),
        None => Some(settings.root.join(config::FILE_NAME)).filter(|p| p.is_file()),
    };
    let config = {
        let mut reader = Reader::new(&mut sources, &mut problems, settings.max_file_size);
        config_path.as_ref().and_then(|path| config::read(path, &settings.root, &mut reader))
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
    let mut run_wide_paths: Vec<PathBuf> = config_path.into_iter().collect();
    let mut reader = Reader::new(&mut sources, &mut problems, layout.max_file_size);
    // A file below two of the directories named (`claims` and `claims/2016`, or one directory
    // named twice on the command line and in the config) is read once, where it is first found.
    let mut seen = HashSet::new();
    for dir in &layout.rule_dirs {
        for path in load::find_toml_files(dir, dir, &mut reader) {
            if seen.insert(path.clone()) {
                read_pack_file(&path, &mut reader, &mut raw);
                run_wide_paths.push(path);
            }
        }
    }
    let run_wide = reader.sources.len();
    let mut claim_paths = Vec::new();
    for dir in &layout.claim_dirs {
        let found = load::find_files(dir, &layout.root, &mut reader, &load::CLAIM_FILE_EXTENSIONS);
        claim_paths.extend(found.into_iter().filter(|p| seen.insert(p.clone())));
    }
    // A corpus read from its root (no `claims/` there) holds its own claimlint.toml, and may hold
    // its rule packs: they are read as what they are, never as claim files too.
    if !run_wide_paths.is_empty() {
        let cwd = std::env::current_dir().unwrap_or_default();
        let run_wide: Vec<PathBuf> = run_wide_paths.iter().map(|p| scope::absolute(&cwd, p)).collect();
        claim_paths.retain(|p| {
            let named = run_wide.iter().any(|r| r.file_name() == p.file_name());
            !(named && run_wide.contains(&scope::absolute(&cwd, p)))
        });
    }
    let cache_dir = settings.cache.dir(&settings.root);
    Found { timer, sources, problems, config, layout, fail_on, raw, run_wide_paths, run_wide, claim_paths, cache_dir }
}

/// The context of the cache entries of this run (see [`crate::cache`]): the build, the sources
/// read before the claim files (built-in packs, config, rule packs), the layout, and the tables
/// claims are resolved against. `None`: no cache can be used.
fn cache_context(sources: &Sources, run_wide: usize, layout: &Layout, resolver: &Resolver) -> Option<u128> {
    let mut context = cache::Context::new()?;
    for i in 0..run_wide {
        let file = sources.get(crate::source::FileId(i as u32));
        context.add(file.path.as_bytes());
        context.add(file.text().as_bytes());
    }
    context.add(format!("{layout:?}").as_bytes());
    context.add(&resolver.tables_key());
    Some(context.finish())
}

/// Reads, resolves and checks the corpus found; with `files` (claim files, as shown), keeps only
/// the findings that concern them.
fn check(found: Found, files: Option<Vec<String>>) -> Outcome {
    let Found {
        mut timer,
        mut sources,
        mut problems,
        config,
        layout,
        fail_on,
        mut raw,
        run_wide,
        claim_paths,
        cache_dir,
        ..
    } = found;
    let mut claim_files = {
        let mut reader = Reader::new(&mut sources, &mut problems, layout.max_file_size);
        ClaimFiles::read(&claim_paths, &layout, &mut reader, &mut raw)
    };
    timer.lap("read");
    // Claims are parsed and resolved a batch of files at a time, once every entity is known.
    let mut resolver = Resolver::new(&raw);
    drop(raw);
    let context = cache_dir.as_ref().and_then(|_| cache_context(&sources, run_wide, &layout, &resolver));
    let cache = cache_dir.clone().zip(context).map(|(dir, context)| Cache::open(dir, context));
    if let Some(cache) = &cache {
        claim_files.use_cache(cache);
        timer.lap("cache");
    }
    let mut recorder = cache::Recorder::default();
    let mut cache_used = 0;
    while let Some(batch) = claim_files.next_batch_cached(&mut sources, &mut problems) {
        let load::Batch { files, cached, records, used } = batch;
        // The claim files and report texts of the batch are released once their claims are
        // resolved, keeping what findings quote and point at (see `Sources::release`): at a
        // million claims they would be most of what the run holds.
        let done: Vec<FileId> = files.iter().flat_map(|cf| [Some(cf.file), cf.text]).flatten().collect();
        let progress = resolver.progress();
        let mut resolved = resolver.claim_files_cached(files, cached, cache.is_some(), &sources);
        let loaded = problems.iter().flat_map(|f| f.locations.iter().map(|l| l.span));
        sources.release(&done, resolver.kept_spans(progress).chain(loaded));
        recorder.made(
            records
                .into_iter()
                .map(|(record, reports)| (record, resolved[reports].iter_mut().map(Option::take).collect()))
                .collect(),
        );
        cache_used += used.len();
        for key in used {
            recorder.used(key);
        }
    }
    drop(claim_files);
    let mut corpus = resolver.finish(sources, &mut problems);
    give_back_freed();
    timer.lap("resolve");
    let mut cache_notes = Vec::new();
    let mut findings_reused = 0;
    if let Some(cache) = cache {
        let dir = cache.dir().to_path_buf();
        if let Err(why) = recorder.write(cache, &claim_paths) {
            cache_notes.push(format!("the cache in `{}` was not written: {why}", load::display_path(&dir)));
        }
        timer.lap("cache");
        if !timer.laps.is_empty() {
            let files = claim_paths.len();
            timer.laps.push(format!("claimlint:          {cache_used} of {files} claim files taken from the cache"));
        }
    }
    let policy = Policy::new(config.as_ref(), &corpus.rules, &mut problems);
    policy.apply_to_rules(&mut corpus.rules);
    let graph = EntityGraph::build(&corpus.entities);
    timer.lap("graph");
    // With a cache, the findings of the parts of the corpus that did not change are taken from
    // it (see `cache::rules`).
    let findings = match cache_dir.zip(context) {
        Some((dir, context)) => {
            let checked = cache::rules::run(&mut corpus, &graph, &dir, context);
            // One warning for the directory: the claim files' cache was not written either.
            if let Some(why) = checked.note.filter(|_| cache_notes.is_empty()) {
                cache_notes.push(format!("the cache in `{}` was not written: {why}", load::display_path(&dir)));
            }
            if !timer.laps.is_empty() {
                let (reused, parts) = (checked.reused, checked.parts);
                timer
                    .laps
                    .push(format!("claimlint:          {reused} of {parts} parts' findings taken from the cache"));
            }
            findings_reused = checked.reused;
            checked.per_rule
        }
        None => crate::rules::run_per_rule(&corpus, &graph),
    };
    give_back_freed();
    timer.lap("rules");
    let (findings, allowed) = policy.apply_to_rule_findings(findings, problems, &corpus);
    // The whole corpus is checked either way: a claim of the files is checked against every other
    // report, and the config's allows are used or unused whatever the files.
    let (mut findings, allowed, scope) = match files {
        None => (findings, allowed, None),
        Some(files) => {
            let (findings, allowed, scope) = scope::narrow(&corpus, &layout.root, files, run_wide, findings, allowed);
            (findings, allowed, Some(scope))
        }
    };
    findings::sort(&mut findings, &corpus.sources);
    crate::fingerprint::assign(&corpus.sources, &mut findings);
    // An allowed finding keeps the identity it would have had, so viewers see the same alert.
    let mut allowed = allowed;
    crate::fingerprint::assign_in(&corpus.sources, &mut allowed, |a| &mut a.finding);
    timer.lap("sort");
    Outcome { corpus, findings, allowed, fail_on, scope, timer, cache_notes, cache_used, findings_reused }
}

/// Wall time per phase when `CLAIMLINT_TIMINGS` is set: for profiling large corpora (the bench
/// script uses it), never part of normal output. Where the system reports it (Linux), the resident
/// memory and its peak so far are taken too, so that the phase that sets the peak stands out. The
/// laps are kept as lines for the binary to print: the library never prints.
pub struct Timer {
    last: Option<std::time::Instant>,
    /// CPU time of the process (all threads) at the last lap: on a shared machine wall time
    /// varies with the load, CPU time much less.
    cpu: Option<f64>,
    /// One line per lap, `claimlint:     read    0.093 s  cpu …`.
    pub laps: Vec<String>,
}

impl Timer {
    pub fn from_env() -> Timer {
        let last = std::env::var_os("CLAIMLINT_TIMINGS").map(|_| std::time::Instant::now());
        Timer { cpu: last.and_then(|_| cpu_seconds()), last, laps: Vec::new() }
    }
    pub fn lap(&mut self, phase: &str) {
        if let Some(last) = self.last {
            let now = std::time::Instant::now();
            let secs = (now - last).as_secs_f64();
            let cpu = cpu_seconds();
            let spent = cpu.zip(self.cpu).map_or(String::new(), |(c, l)| format!("  cpu {:>7.2} s", c - l));
            let rss = status_mb("VmRSS:").map_or(String::new(), |mb| format!("  rss {mb:>6} MB"));
            let peak = status_mb("VmHWM:").map_or(String::new(), |mb| format!("  peak {mb:>6} MB"));
            let held = heap::lap().map_or(String::new(), |(now, most)| {
                format!("  heap {:>6} MB  heap peak {:>6} MB", now >> 20, most >> 20)
            });
            self.laps.push(format!("claimlint: {phase:>8} {secs:>8.3} s{spent}{rss}{peak}{held}"));
            self.cpu = cpu;
            self.last = Some(now);
        }
    }
}

/// How the binary's allocator gives back to the system the memory freed in a phase, set once by
/// the binary ([`on_phase_end`]); the library never names the allocator.
static GIVE_BACK: std::sync::OnceLock<fn()> = std::sync::OnceLock::new();

/// Sets what is done at the end of the phases that free memory in bulk (resolving, the rules):
/// the binary asks its allocator to give back what every thread freed. Memory a worker thread
/// allocated and another freed stays with the worker's heap until it allocates again; at 1M
/// claims from TOML the parser's freed memory was 350 MB of resident memory that no later phase
/// reused.
pub fn on_phase_end(give_back: fn()) {
    let _ = GIVE_BACK.set(give_back);
}

fn give_back_freed() {
    if let Some(give_back) = GIVE_BACK.get() {
        give_back();
    }
}

/// The bytes the run holds, as the binary's allocator counts them when built with the
/// `heap-stats` feature (see Cargo.toml): for profiling memory, apart from what the allocator
/// keeps of memory freed. Without the feature nothing is counted.
pub mod heap {
    use std::sync::atomic::{AtomicUsize, Ordering::Relaxed};

    static HELD: AtomicUsize = AtomicUsize::new(0);
    /// The most held since the last lap.
    static MOST: AtomicUsize = AtomicUsize::new(0);

    /// `bytes` more are held.
    pub fn grew(bytes: usize) {
        let held = HELD.fetch_add(bytes, Relaxed).wrapping_add(bytes);
        MOST.fetch_max(held, Relaxed);
    }

    /// `bytes` fewer are held.
    pub fn shrank(bytes: usize) {
        HELD.fetch_sub(bytes, Relaxed);
    }

    /// What is held now and the most held since the last lap, which starts the next one; `None`
    /// when nothing is counted.
    pub(super) fn lap() -> Option<(usize, usize)> {
        if !cfg!(feature = "heap-stats") {
            return None;
        }
        let now = HELD.load(Relaxed);
        Some((now, MOST.swap(now, Relaxed).max(now)))
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
    let text = reader.sources.get(file).shared_text();
    let name = path.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default();
    raw.packs.push(load::read_pack(&name, file, &text, reader.problems));
}

#[cfg(test)]
mod tests {
    use std::sync::atomic::{AtomicUsize, Ordering};

    static GIVEN_BACK: AtomicUsize = AtomicUsize::new(0);

    #[test]
    fn the_binary_s_hook_runs_after_resolving_and_after_the_rules() {
        super::on_phase_end(|| {
            GIVEN_BACK.fetch_add(1, Ordering::Relaxed);
        });
        let before = GIVEN_BACK.load(Ordering::Relaxed);
        let outcome =
            super::run(&super::Settings::new(format!("{}/examples/breaking-news", env!("CARGO_MANIFEST_DIR"))));
        assert!(!outcome.findings.is_empty());
        // Other tests running at once may check too: at least this check's two calls.
        assert!(GIVEN_BACK.load(Ordering::Relaxed) >= before + 2);
    }
}
