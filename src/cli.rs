//! The command line: arguments are parsed and validated here, once, into settings; the library
//! runs the check and returns data; this module, part of the binary, is where output is written
//! (stdout through the renderers, refusals and timings on stderr). The library never prints.
//! Whatever stderr shows of a corpus or the command line (file names, rule ids, messages) is
//! shown with its control characters escaped ([`claimlint::printable`]).

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
    /// problems in them or in the report texts they name, and problems in the config. Problems in
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
    /// Also print the findings that an `[[allow]]` of the config accepts, marked `allowed: <reason>`
    /// (human and short output; json and sarif always list them, github never annotates them).
    #[arg(long)]
    pub show_allowed: bool,
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

/// Runs one command. A check of a large corpus leaves it unfreed for the operating system to
/// reclaim at exit (see `LEAK_AT_EXIT`).
pub fn run(cli: Cli, out: &mut dyn Write) -> std::io::Result<ExitStatus> {
    match cli.command {
        Command::Check(args) => run_check(&args, out),
        Command::Graph(args) => run_graph(&args, out),
        Command::Explain(args) => run_explain(&args, out),
        Command::Rules(args) => run_rules(&args, out),
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
    write!(out, "{text}")?;
    out.flush()?;
    Ok(if problems { ExitStatus::Error } else { ExitStatus::Success })
}

fn run_rules(args: &PackArgs, out: &mut dyn Write) -> std::io::Result<ExitStatus> {
    let (packs, problems) = load_packs(args)?;
    write!(out, "{}", claimlint::explain::rules_listing(&packs))?;
    out.flush()?;
    Ok(if problems { ExitStatus::Error } else { ExitStatus::Success })
}

/// Corpora with at least this many claims are not freed after a check (see `run_check`).
const LEAK_AT_EXIT: usize = 100_000;

/// Prints command-line problems on stderr, one line each: the run is refused (exit 2).
fn refuse(problems: impl IntoIterator<Item = String>) -> std::io::Result<ExitStatus> {
    let mut err = std::io::stderr().lock();
    for p in problems {
        writeln!(err, "claimlint: {}", escape(&p))?;
    }
    Ok(ExitStatus::Error)
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
    let mut outcome = if files.is_empty() {
        check::run(&settings)
    } else {
        match check::run_files(&settings, &files) {
            Ok(outcome) => outcome,
            Err(not_claim_files) => return refuse(not_claim_files.to_string().lines().map(str::to_string)),
        }
    };
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
    };
    let options = render::Options { color: color(args.color), width: width(), show_allowed: args.show_allowed };
    let rendered = render::render(args.format, &run, out, &options).and_then(|()| out.flush());
    outcome.timer.lap("render");
    for lap in &outcome.timer.laps {
        let _ = writeln!(std::io::stderr().lock(), "{lap}");
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
    // Freeing a large corpus allocation by allocation takes a noticeable part of the run (about a
    // second for a million claims), just before the process exits and the system takes its memory
    // back at once. Small corpora (tests run checks in a loop) are freed as usual.
    if outcome.corpus.claims.len() >= LEAK_AT_EXIT {
        std::mem::forget(outcome);
    }
    if let Some(line) = elsewhere {
        // As for stdout: a reader that went away does not change the status.
        let _ = writeln!(std::io::stderr().lock(), "{}", escape(&line));
    }
    match rendered {
        // `claimlint check | head -1`: the reader has seen enough. Stop quietly, but keep the
        // check's status, so that `set -o pipefail` still fails a corpus with errors.
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(status),
        Err(e) => Err(e),
        Ok(()) => Ok(status),
    }
}
