//! The command line: arguments are parsed and validated here, once, into settings; the library
//! runs the check and returns data; this module, part of the binary, is where output is written
//! (stdout through the renderers, refusals and timings on stderr). The library never prints.
//! Whatever stderr shows of a corpus or the command line (file names, rule ids, messages) is
//! shown with its control characters escaped ([`claimlint::printable`]).

use claimlint::cache::CacheSetting;
use claimlint::check::{self, Settings};
pub use claimlint::config::FailOn;
use claimlint::findings::count;
use claimlint::printable::{escape, escape_line};
use claimlint::render::{self, Format, Run};
use claimlint::scope::Target;
use claimlint::view::View;
use clap::{Parser, Subcommand, ValueEnum};
use std::io::{IsTerminal, Write};
use std::path::PathBuf;

#[derive(Debug, Parser)]
#[command(
    name = "claimlint",
    version,
    about = "Checks that the claims several news reports make about the same events hang together"
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Check a corpus of reports and claims, or some claim files in their corpus.
    Check(CheckArgs),
    /// Export the entity/claim graph, with findings as edges between claims.
    Graph(GraphArgs),
    /// Explain a rule, rule kind, built-in code or predicate.
    Explain(ExplainArgs),
    /// List the loaded predicates and rules.
    Rules(PackArgs),
    /// Propose a claim file for a report text: rule-based, each claim with the cues behind it.
    Draft(DraftArgs),
    /// Write a starting corpus (config, entities, an example report, a CI workflow).
    Init(InitArgs),
    /// Print a shell completion script: `claimlint completions bash > ~/.local/share/bash-completion/completions/claimlint`.
    Completions(CompletionsArgs),
    /// Print the manual page (roff): `claimlint man > claimlint.1; man ./claimlint.1`.
    Man,
}

#[derive(Debug, clap::Args)]
pub struct CompletionsArgs {
    /// The shell to complete in.
    #[arg(value_enum)]
    pub shell: clap_complete::Shell,
}

#[derive(Debug, clap::Args)]
pub struct GraphArgs {
    /// The corpus root, as for `check`.
    #[arg(default_value = ".")]
    pub path: PathBuf,
    /// Output format: Graphviz DOT (`claimlint graph | dot -Tsvg > graph.svg`) or JSON.
    #[arg(long, value_enum, default_value = "dot")]
    pub format: claimlint::export::GraphFormat,
    /// A directory (or file) of extra rule packs; may be repeated.
    #[arg(long = "rules", value_name = "DIR")]
    pub rules: Vec<PathBuf>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ColorChoice {
    Auto,
    Always,
    Never,
}

#[derive(Debug, clap::Args)]
pub struct CheckArgs {
    /// A corpus root (a directory; default: the current one), or claim files of one corpus.
    ///
    /// A corpus root's `claimlint.toml` says where the claims are; without one, its `claims/`
    /// directory is read if it has one, else the directory itself.
    ///
    /// Claim files (`*.toml`, `*.jsonl`, `*.csv`; as a pre-commit hook or an editor names the files just
    /// edited) are checked in their corpus: its root is the nearest directory above them holding a
    /// `claimlint.toml`, else the parent of the nearest one named `claims`, else the file's own
    /// directory. The whole corpus is read and checked from there, as `claimlint check ROOT`
    /// would, and only what concerns the files is reported: findings involving their claims,
    /// problems in them or in the report texts they name, and problems in the config; for an entity
    /// file, findings about its entities or with them as values. Problems in
    /// the corpus's other files are not shown, but still make the run exit 2 (a line on stderr
    /// counts them). All the files must be of one corpus; naming its `claimlint.toml` or a rule
    /// pack file checks all of it.
    #[arg(value_name = "PATH", default_value = ".")]
    pub paths: Vec<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value = "human")]
    pub format: Format,
    /// The lowest severity that fails the run (exit code 1) [default: the config's `fail-on`, else
    /// error].
    #[arg(long, value_enum)]
    pub fail_on: Option<FailOn>,
    /// The config file [default: ROOT/claimlint.toml, when it exists].
    #[arg(long, value_name = "FILE")]
    pub config: Option<PathBuf>,
    /// When to colour human output (auto: when writing to a terminal and NO_COLOR is unset).
    #[arg(long, value_enum, default_value = "auto")]
    pub color: ColorChoice,
    /// A directory (or file) of extra rule packs, besides the config's `rules`; may be repeated.
    #[arg(long = "rules", value_name = "DIR")]
    pub rules: Vec<PathBuf>,
    /// Leave out the standard rule packs.
    #[arg(long)]
    pub no_default_rules: bool,
    /// Files larger than this many bytes are refused unread.
    #[arg(long, value_name = "BYTES", default_value_t = claimlint::load::DEFAULT_MAX_FILE_SIZE)]
    pub max_file_size: u64,
    /// Neither read nor write the cache: read and resolve every claim file afresh.
    ///
    /// By default a check keeps what it read and resolved of each claim file in
    /// ROOT/.claimlint-cache/, so that the next check re-reads and re-resolves only the files
    /// that changed. The output never depends on it; the directory may be deleted at any time.
    /// Also: CLAIMLINT_NO_CACHE=1 in the environment.
    #[arg(long, conflicts_with = "cache_dir")]
    pub no_cache: bool,
    /// Keep the cache in DIR instead of ROOT/.claimlint-cache/ (also: CLAIMLINT_CACHE_DIR=DIR).
    #[arg(long, value_name = "DIR")]
    pub cache_dir: Option<PathBuf>,
    /// Also print the findings that an `[[allow]]` of the config accepts, marked `allowed: <reason>`
    /// (human and short output; json and sarif always list them, github never annotates them).
    #[arg(long)]
    pub show_allowed: bool,
    /// Write the output to FILE instead of stdout: whole or not at all (written beside it, then
    /// renamed), so a failed run never leaves half a report for CI to upload.
    #[arg(long, short = 'o', value_name = "FILE")]
    pub output_file: Option<PathBuf>,
    /// Print how many findings each rule has, instead of the findings (JSON with `--format json`).
    #[arg(long)]
    pub statistics: bool,
    /// Print the findings and nothing else: no summary line in human output.
    #[arg(long, short = 'q')]
    pub quiet: bool,
    /// Set aside the findings this baseline file lists (written by `--write-baseline`): they are
    /// counted as baselined, shown only with `--show-baselined`, and never fail the run.
    #[arg(long, value_name = "FILE")]
    pub baseline: Option<PathBuf>,
    /// Record the current findings' fingerprints in FILE (JSON), then set them aside as
    /// `--baseline FILE` would: a repository adopts claimlint without first fixing its past.
    #[arg(long, value_name = "FILE")]
    pub write_baseline: Option<PathBuf>,
    /// Also print the findings a baseline sets aside, marked `baselined`.
    #[arg(long)]
    pub show_baselined: bool,
}

/// Which rule packs `explain` and `rules` load: the same as `check` with the same options.
#[derive(Debug, clap::Args)]
pub struct PackArgs {
    /// A directory (or file) of extra rule packs; may be repeated.
    #[arg(long = "rules", value_name = "DIR")]
    pub rules: Vec<PathBuf>,
    /// Leave out the standard rule packs.
    #[arg(long)]
    pub no_default_rules: bool,
}

#[derive(Debug, clap::Args)]
pub struct ExplainArgs {
    /// A rule id, rule kind (`numeric`), built-in code (`quote-not-found`) or predicate (`killed`).
    pub name: String,
    #[command(flatten)]
    pub packs: PackArgs,
}

/// How a run ended, turned into the process exit code in one place.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExitStatus {
    /// Nothing at or above `--fail-on`.
    Success,
    /// Findings at or above `--fail-on`.
    Failure,
    /// The corpus, config or command line could not be read.
    Error,
}

impl From<ExitStatus> for std::process::ExitCode {
    fn from(s: ExitStatus) -> Self {
        std::process::ExitCode::from(match s {
            ExitStatus::Success => 0,
            ExitStatus::Failure => 1,
            ExitStatus::Error => 2,
        })
    }
}

fn color(choice: ColorChoice) -> bool {
    match choice {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => {
            std::io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
        }
    }
}

/// Width of human output: `COLUMNS` when set, else 100 (fixed, so piped output is stable).
fn width() -> usize {
    std::env::var("COLUMNS").ok().and_then(|c| c.parse().ok()).filter(|&w| w >= 40).unwrap_or(100)
}

/// Runs one command.
pub fn run(cli: Cli, out: &mut dyn Write) -> std::io::Result<ExitStatus> {
    match cli.command {
        Command::Check(args) => run_check(&args, out),
        Command::Graph(args) => run_graph(&args, out),
        Command::Explain(args) => run_explain(&args, out),
        Command::Rules(args) => run_rules(&args, out),
        Command::Draft(args) => run_draft(&args, out),
        Command::Init(args) => run_init(&args, out),
        Command::Completions(args) => {
            use clap::CommandFactory;
            clap_complete::generate(args.shell, &mut Cli::command(), "claimlint", out);
            out.flush()?;
            Ok(ExitStatus::Success)
        }
        Command::Man => {
            use clap::CommandFactory;
            clap_mangen::Man::new(Cli::command()).render(out)?;
            out.flush()?;
            Ok(ExitStatus::Success)
        }
    }
}

fn run_graph(args: &GraphArgs, out: &mut dyn Write) -> std::io::Result<ExitStatus> {
    let mut settings = Settings::new(&args.path);
    settings.rules = args.rules.clone();
    let outcome = check::run(&settings);
    let graph = claimlint::graph::EntityGraph::build(&outcome.corpus.entities);
    claimlint::export::render(args.format, &outcome.corpus, &graph, &outcome.findings, out)?;
    out.flush()?;
    // The graph is exported whatever the findings; only an unreadable corpus is an error.
    Ok(if outcome.corpus_errors() { ExitStatus::Error } else { ExitStatus::Success })
}

/// Loads the packs `check` would load; problems go to stderr, one line each, and make exit 2.
fn load_packs(args: &PackArgs) -> std::io::Result<(claimlint::model::Corpus, bool)> {
    let (packs, problems) = claimlint::packs::load(&claimlint::packs::PackSettings {
        dirs: args.rules.clone(),
        default_rules: !args.no_default_rules,
        max_file_size: claimlint::load::DEFAULT_MAX_FILE_SIZE,
    });
    let mut err = std::io::stderr().lock();
    for p in &problems {
        match p.primary() {
            Some(l) => {
                let file = packs.sources.get(l.span.file);
                let at = file.position(l.span.start);
                let (path, rule, message) = (escape_line(&file.path), escape_line(&p.rule), escape(&p.message));
                writeln!(err, "{path}:{}:{}: {}[{rule}]: {message}", at.line, at.column, p.severity)?;
            }
            None => writeln!(err, "{}[{}]: {}", p.severity, escape_line(&p.rule), escape(&p.message))?,
        }
    }
    Ok((packs, !problems.is_empty()))
}

fn run_explain(args: &ExplainArgs, out: &mut dyn Write) -> std::io::Result<ExitStatus> {
    let (packs, problems) = load_packs(&args.packs)?;
    let Some(text) = claimlint::explain::explain(&args.name, &packs) else {
        let names = claimlint::explain::names(&packs);
        let hint = claimlint::suggest::did_you_mean(&args.name, names.iter().map(String::as_str));
        let mut err = std::io::stderr().lock();
        write!(err, "claimlint: no rule, rule kind, built-in code or predicate is named `{}`", escape(&args.name))?;
        if hint.is_empty() {
            writeln!(err, "; `claimlint rules` lists the loaded rules and predicates")?;
        } else {
            writeln!(err, "; {}", escape(&hint))?;
        }
        return Ok(ExitStatus::Error);
    };
    // Packs are corpus files: what they say reaches the terminal escaped.
    write!(out, "{}", escape(&text))?;
    out.flush()?;
    Ok(if problems { ExitStatus::Error } else { ExitStatus::Success })
}

fn run_rules(args: &PackArgs, out: &mut dyn Write) -> std::io::Result<ExitStatus> {
    let (packs, problems) = load_packs(args)?;
    write!(out, "{}", escape(&claimlint::explain::rules_listing(&packs)))?;
    out.flush()?;
    Ok(if problems { ExitStatus::Error } else { ExitStatus::Success })
}

/// Prints command-line problems on stderr, one line each: the run is refused (exit 2).
fn refuse(problems: impl IntoIterator<Item = String>) -> std::io::Result<ExitStatus> {
    let mut err = std::io::stderr().lock();
    for p in problems {
        writeln!(err, "claimlint: {}", escape(&p))?;
    }
    Ok(ExitStatus::Error)
}

/// The settings a check ran with, as a person reads them: the HTML report's summary shows them.
fn run_settings(args: &CheckArgs, settings: &Settings, fail_on: FailOn) -> Vec<(String, String)> {
    let show = |p: &PathBuf| claimlint::load::display_path(p);
    let mut shown = vec![("corpus".to_string(), show(&settings.root))];
    let paths: Vec<String> = args.paths.iter().map(show).collect();
    shown.push(("paths".to_string(), paths.join(" ")));
    let config = args.config.as_ref().map_or_else(|| "claimlint.toml in the corpus, if any".to_string(), show);
    shown.push(("config".to_string(), config));
    shown.push(("fail-on".to_string(), FailOn::NAMES[fail_on as usize].to_string()));
    if !args.rules.is_empty() {
        shown.push(("--rules".to_string(), args.rules.iter().map(show).collect::<Vec<_>>().join(" ")));
    }
    if args.no_default_rules {
        shown.push(("--no-default-rules".to_string(), "yes".to_string()));
    }
    shown
}

/// Where the cache is: `--no-cache`, else `--cache-dir`, else the environment's
/// `CLAIMLINT_NO_CACHE` (set and not `0`) and `CLAIMLINT_CACHE_DIR`, else under the root.
fn cache_setting(args: &CheckArgs) -> CacheSetting {
    let env = |name: &str| std::env::var_os(name).filter(|v| !v.is_empty());
    if args.no_cache {
        return CacheSetting::Off;
    }
    if let Some(dir) = &args.cache_dir {
        return CacheSetting::Dir(dir.clone());
    }
    if env("CLAIMLINT_NO_CACHE").is_some_and(|v| v != "0") {
        return CacheSetting::Off;
    }
    env("CLAIMLINT_CACHE_DIR").map_or(CacheSetting::InRoot, |dir| CacheSetting::Dir(dir.into()))
}

fn run_check(args: &CheckArgs, out: &mut dyn Write) -> std::io::Result<ExitStatus> {
    let (root, files) = match claimlint::scope::target(&args.paths) {
        Ok(Target::Corpus(root)) => (root, Vec::new()),
        Ok(Target::Files { root, files }) => (root, files),
        Err(problems) => return refuse(problems),
    };
    let mut settings = Settings::new(root);
    settings.config = args.config.clone();
    settings.rules = args.rules.clone();
    settings.default_rules = args.no_default_rules.then_some(false);
    settings.fail_on = args.fail_on;
    settings.max_file_size = args.max_file_size;
    settings.cache = cache_setting(args);
    let mut outcome = if files.is_empty() {
        check::run(&settings)
    } else {
        match check::run_files(&settings, &files) {
            Ok(outcome) => outcome,
            Err(not_claim_files) => return refuse(not_claim_files.to_string().lines().map(str::to_string)),
        }
    };
    if let Some(path) = &args.write_baseline {
        if outcome.corpus_errors() {
            return refuse([format!(
                "the corpus could not be fully read: no baseline written to `{}` (`claimlint check` shows why)",
                path.display()
            )]);
        }
        let text = claimlint::baseline::write(&outcome.findings);
        if let Err(e) = write_whole(path, &mut |out| out.write_all(text.as_bytes())) {
            return refuse([format!("cannot write the baseline `{}`: {e}", path.display())]);
        }
    }
    // A baseline just written is applied at once: the run then reports what is new since.
    let mut baselined = Vec::new();
    if let Some(path) = args.baseline.as_ref().or(args.write_baseline.as_ref()) {
        let baseline = std::fs::read_to_string(path)
            .map_err(|e| format!("cannot read the baseline `{}`: {e}", path.display()))
            .and_then(|text| {
                claimlint::baseline::Baseline::parse(&text).map_err(|e| format!("{}: {e}", path.display()))
            });
        match baseline {
            Ok(baseline) => {
                let (kept, set_aside) = baseline.split(std::mem::take(&mut outcome.findings));
                outcome.findings = kept;
                baselined = set_aside;
            }
            Err(problem) => return refuse([problem]),
        }
    }
    let status = if outcome.corpus_errors() {
        ExitStatus::Error
    } else if outcome.fails() {
        ExitStatus::Failure
    } else {
        ExitStatus::Success
    };
    let run = Run {
        sources: &outcome.corpus.sources,
        view: View::narrowed(&outcome.corpus, outcome.scope.as_ref()),
        findings: &outcome.findings,
        allowed: &outcome.allowed,
        baselined: &baselined,
    };
    let to_terminal = args.output_file.is_none();
    let options = render::Options {
        color: color(args.color) && (to_terminal || args.color == ColorChoice::Always),
        width: width(),
        show_allowed: args.show_allowed,
        show_baselined: args.show_baselined,
        baseline: args.baseline.is_some() || args.write_baseline.is_some(),
        quiet: args.quiet,
        fail_on: outcome.fail_on.threshold(),
        settings: run_settings(args, &settings, outcome.fail_on),
    };
    let mut write = |out: &mut dyn Write| -> std::io::Result<()> {
        if args.statistics {
            statistics(&run, args.format, args.quiet, out)?;
        } else {
            render::render(args.format, &run, out, &options)?;
        }
        out.flush()
    };
    let rendered = match &args.output_file {
        None => write(out),
        Some(path) => write_whole(path, &mut write)
            .map_err(|e| std::io::Error::new(e.kind(), format!("cannot write `{}`: {e}", path.display()))),
    };
    outcome.timer.lap("render");
    for lap in &outcome.timer.laps {
        let _ = writeln!(std::io::stderr().lock(), "{lap}");
    }
    for note in &outcome.cache_notes {
        let _ = writeln!(std::io::stderr().lock(), "claimlint: warning: {}", escape(note));
    }
    // When some claim files are checked, problems in the corpus's other files are not shown, but
    // they make the run exit 2 (the corpus could not be fully read): say why on stderr, whatever
    // the format (JSON also counts them, in `summary.corpus`).
    let elsewhere = outcome.scope.as_ref().filter(|s| s.problems_elsewhere > 0).map(|s| {
        format!(
            "claimlint: the corpus could not be fully read: {} in its other files {} not shown here \
             (`claimlint check {}` shows {})",
            count(s.problems_elsewhere, "problem"),
            if s.problems_elsewhere == 1 { "is" } else { "are" },
            s.root,
            if s.problems_elsewhere == 1 { "it" } else { "them" },
        )
    });
    if let Some(line) = elsewhere {
        // As for stdout: a reader that went away does not change the status.
        let _ = writeln!(std::io::stderr().lock(), "{}", escape(&line));
    }
    // The process ends once this returns: what the run holds (at a million claims, millions of
    // small allocations) is left for the system to take back at exit, not freed one by one,
    // which took a twentieth of a 1M-claim run's CPU, on one thread, after the output was written.
    std::mem::forget(outcome);
    std::mem::forget(baselined);
    match rendered {
        // `claimlint check | head -1`: the reader has seen enough. Stop quietly, but keep the
        // check's status, so that `set -o pipefail` still fails a corpus with errors.
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(status),
        Err(e) => Err(e),
        Ok(()) => Ok(status),
    }
}

// -- writing claims: `draft` and `init` (DESIGN §9) ------------------------------------------

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum DraftFormat {
    Toml,
    Json,
    Csv,
}

#[derive(Debug, clap::Args)]
pub struct DraftArgs {
    /// The report text to draft claims for.
    #[arg(value_name = "REPORT.txt")]
    pub report: PathBuf,
    /// The corpus whose entities and rule packs the draft uses [default: the nearest corpus
    /// above the report, as for `claimlint check FILE`].
    #[arg(long, value_name = "ROOT")]
    pub corpus: Option<PathBuf>,
    /// Who published the report [default: read from its dateline, "ANKARA (Reuters) -"].
    #[arg(long, value_name = "NAME")]
    pub outlet: Option<String>,
    /// When it was published (2016-12-13, or 2016-12-13T09:45:00Z): weekdays, "yesterday" and
    /// "tomorrow" are resolved against it.
    #[arg(long, value_name = "DATE")]
    pub published: Option<String>,
    /// Output format.
    #[arg(long, value_enum, default_value = "toml")]
    pub format: DraftFormat,
    /// Write the draft to FILE, which must not exist yet [default: standard output].
    #[arg(long, value_name = "FILE")]
    pub output: Option<PathBuf>,
}

#[derive(Debug, clap::Args)]
pub struct InitArgs {
    /// The directory to write the corpus into (created if missing).
    #[arg(default_value = ".")]
    pub dir: PathBuf,
}

fn run_draft(args: &DraftArgs, out: &mut dyn Write) -> std::io::Result<ExitStatus> {
    use claimlint::draft;
    use claimlint::load::display_path;
    let shown = display_path(&args.report);
    let text = match std::fs::read(&args.report) {
        Ok(bytes) => match String::from_utf8(bytes) {
            Ok(text) => text,
            Err(e) => {
                return refuse([format!("`{shown}` is not UTF-8 (invalid byte at {})", e.utf8_error().valid_up_to())])
            }
        },
        Err(e) => return refuse([format!("cannot read `{shown}`: {e}")]),
    };
    if let Some(output) = &args.output {
        if output.symlink_metadata().is_ok() {
            return refuse([format!(
                "`{}` exists; `claimlint draft` never overwrites a file: name a new one, or remove it first",
                display_path(output)
            )]);
        }
    }
    let published = match args.published.as_deref().map(draft::parse_published) {
        None => None,
        Some(Ok(t)) => Some(t),
        Some(Err(e)) => return refuse([format!("--published: {e}")]),
    };
    let report = draft::absolute(&args.report);
    // A report in no corpus (no `claimlint.toml` above it, no `claims` directory) is drafted
    // with the standard packs alone, rather than reading every claim file around it.
    let in_corpus = report
        .ancestors()
        .skip(1)
        .any(|d| d.join(claimlint::config::FILE_NAME).is_file() || d.file_name().is_some_and(|n| n == "claims"));
    let root = match &args.corpus {
        Some(root) => root.clone(),
        None => claimlint::scope::corpus_root(&report),
    };
    let settings = Settings::new(&root);
    let (corpus, corpus_errors) = if args.corpus.is_some() || in_corpus {
        let outcome = check::run(&settings);
        let errors = outcome.corpus_errors();
        (outcome.corpus, errors)
    } else {
        let (packs, problems) = claimlint::packs::load(&claimlint::packs::PackSettings {
            dirs: Vec::new(),
            default_rules: true,
            max_file_size: claimlint::load::DEFAULT_MAX_FILE_SIZE,
        });
        (packs, !problems.is_empty())
    };
    // The claim file is written next to `--output`, else into the corpus's (first) claims
    // directory: the text path is relative to it.
    let home = match &args.output {
        Some(o) => draft::absolute(o).parent().map(PathBuf::from).unwrap_or_default(),
        None => {
            let layout = check::layout(&settings, None);
            let dir = layout.claim_dirs.first().cloned().unwrap_or(root.clone());
            draft::absolute(&dir)
        }
    };
    let options = draft::Options {
        id: Some(draft::slug(&report.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default()))
            .filter(|id| !id.is_empty())
            .unwrap_or_else(|| "report".to_string()),
        text_path: draft::relative_path(&report, &home),
        outlet: args.outlet.clone(),
        published,
    };
    let proposed = draft::draft(&text, &corpus, &options);
    let rendered = match args.format {
        DraftFormat::Toml => draft::output::toml(&proposed),
        DraftFormat::Json => format!("{:#}\n", draft::output::json(&proposed)),
        DraftFormat::Csv => draft::output::csv(&proposed),
    };
    let mut err = std::io::stderr().lock();
    match &args.output {
        None => {
            out.write_all(rendered.as_bytes())?;
            out.flush()?;
        }
        Some(path) => {
            let file = std::fs::OpenOptions::new().write(true).create_new(true).open(path);
            match file.and_then(|mut f| f.write_all(rendered.as_bytes())) {
                Ok(()) => {}
                Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
                    return refuse([format!(
                        "`{}` exists; `claimlint draft` never overwrites a file",
                        display_path(path)
                    )])
                }
                Err(e) => return refuse([format!("cannot write `{}`: {e}", display_path(path))]),
            }
        }
    }
    let blanks: usize = proposed.claims.iter().map(draft::output::blanks).sum();
    writeln!(
        err,
        "claimlint: drafted {} from `{}`: {} to fill in, {} proposed as {}",
        count(proposed.claims.len(), "claim"),
        escape_line(&shown),
        count(blanks, "blank"),
        count(proposed.entities.len(), "unknown name"),
        if args.format == DraftFormat::Csv { "entities (add them to an entities file)" } else { "[[entity]] stubs" },
    )?;
    if args.format == DraftFormat::Csv {
        for e in &proposed.entities {
            writeln!(err, "claimlint:   unknown name: {} ({})", escape_line(&e.name), escape_line(&e.id))?;
        }
    }
    if published.is_none() {
        writeln!(
            err,
            "claimlint: without `--published`, weekdays, \"yesterday\" and \"tomorrow\" are left unresolved"
        )?;
    }
    if !in_corpus && args.corpus.is_none() {
        writeln!(
            err,
            "claimlint: no corpus above `{}`: drafted with the standard packs and no entities (`--corpus ROOT` names one)",
            escape_line(&shown)
        )?;
    } else if corpus_errors {
        writeln!(
            err,
            "claimlint: the corpus at `{}` has problems (`claimlint check {}` shows them); its readable entities were used",
            escape_line(&display_path(&root)),
            escape_line(&display_path(&root)),
        )?;
    }
    Ok(ExitStatus::Success)
}

fn run_init(args: &InitArgs, out: &mut dyn Write) -> std::io::Result<ExitStatus> {
    use claimlint::load::display_path;
    match claimlint::init::init(&args.dir) {
        Ok(written) => {
            for path in &written {
                writeln!(out, "created {}", escape_line(&display_path(path)))?;
            }
            let shown = display_path(&args.dir);
            let dir = escape_line(&shown);
            writeln!(out, "next: `claimlint check {dir}` checks the example; for a report of your own,")?;
            writeln!(
                out,
                "      `claimlint draft {}/claims/reports/REPORT.txt --published DATE --output {}/claims/REPORT.toml`",
                dir, dir
            )?;
            out.flush()?;
            Ok(ExitStatus::Success)
        }
        Err(claimlint::init::Error::Exists(existing)) => {
            let mut lines: Vec<String> = existing.iter().map(|p| format!("`{}` exists", display_path(p))).collect();
            lines.push("`claimlint init` never overwrites a file: nothing was written".to_string());
            refuse(lines)
        }
        Err(claimlint::init::Error::Io { path, error, written }) => {
            let mut lines: Vec<String> = written.iter().map(|p| format!("created {}", display_path(p))).collect();
            lines.push(format!("cannot write `{}`: {error}", display_path(&path)));
            refuse(lines)
        }
    }
}

/// Writes a file whole or not at all: into a new file beside it, renamed over it once complete,
/// so that a run that fails half-way (a full disk, a broken render) leaves the old file, or none,
/// never half a report.
fn write_whole(
    path: &std::path::Path,
    write: &mut dyn FnMut(&mut dyn Write) -> std::io::Result<()>,
) -> std::io::Result<()> {
    let name = path.file_name().ok_or_else(|| std::io::Error::other("not a file name"))?;
    let mut temp_name = std::ffi::OsString::from(".");
    temp_name.push(name);
    temp_name.push(format!(".{}.tmp", std::process::id()));
    let temp = path.with_file_name(temp_name);
    let result = (|| {
        let file = std::fs::OpenOptions::new().write(true).create_new(true).open(&temp)?;
        let mut buffered = std::io::BufWriter::new(file);
        write(&mut buffered)?;
        let file = buffered.into_inner().map_err(|e| e.into_error())?;
        file.sync_all()?;
        std::fs::rename(&temp, path)
    })();
    if result.is_err() {
        let _ = std::fs::remove_file(&temp);
    }
    result
}

/// `--statistics`: how many findings each rule has, most first; JSON with `--format json`.
fn statistics(run: &Run, format: Format, quiet: bool, out: &mut dyn Write) -> std::io::Result<()> {
    use std::collections::BTreeMap;
    let mut by_rule: BTreeMap<&str, (usize, &str, claimlint::findings::Severity)> = BTreeMap::new();
    for f in run.findings {
        let e = by_rule.entry(&f.rule).or_insert((0, &f.kind, f.severity));
        e.0 += 1;
        e.2 = e.2.min(f.severity);
    }
    let mut rows: Vec<(&str, (usize, &str, claimlint::findings::Severity))> = by_rule.into_iter().collect();
    rows.sort_by(|a, b| b.1 .0.cmp(&a.1 .0).then(a.0.cmp(b.0)));
    if format == Format::Json {
        let rows: Vec<serde_json::Value> = rows
            .iter()
            .map(|(rule, (n, kind, severity))| {
                serde_json::json!({"rule": rule, "kind": kind, "severity": severity.as_str(), "count": n})
            })
            .collect();
        let doc = serde_json::json!({
            "version": 1,
            "statistics": rows,
            "allowed": run.allowed.len(),
            "baselined": run.baselined.len(),
        });
        serde_json::to_writer_pretty(&mut *out, &doc).map_err(std::io::Error::from)?;
        return writeln!(out);
    }
    let width = rows.iter().map(|(_, (n, _, _))| n.to_string().len()).max().unwrap_or(1);
    let rule_width = rows.iter().map(|(rule, _)| escape_line(rule).chars().count()).max().unwrap_or(1);
    for (rule, (n, kind, severity)) in &rows {
        let rule = escape_line(rule);
        writeln!(out, "{n:>width$}  {:<7}  {rule:<rule_width$}  ({})", severity.as_str(), escape_line(kind))?;
    }
    if !quiet {
        let total: usize = rows.iter().map(|(_, (n, _, _))| n).sum();
        let mut line = format!("{} from {}", count(total, "finding"), count(rows.len(), "rule"));
        if !run.allowed.is_empty() {
            line.push_str(&format!(", {} allowed", run.allowed.len()));
        }
        if !run.baselined.is_empty() {
            line.push_str(&format!(", {} baselined", run.baselined.len()));
        }
        writeln!(out, "{line}")?;
    }
    Ok(())
}
