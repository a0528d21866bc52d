//! `claimlint.toml`: where a corpus keeps its claims and rule packs, which severity fails the run,
//! how loud each rule is, and which known findings are accepted (DESIGN §5).
//!
//! The file is read with the same spanned walker as claim files ([`crate::load::FieldReader`]), so its
//! problems are findings with codes and places, all reported at once, and the run exits 2.
//! Names of rules in `[severity]` and `[[allow]]` can only be checked against the rules actually
//! loaded; [`crate::policy`] does that after the corpus is resolved.

use crate::codes::Code;
use crate::findings::{Finding, Severity};
use crate::load::{confine, FieldReader, Fields, Reader, Value, S};
use crate::source::{FileId, Span};
use crate::suggest::did_you_mean;
use std::path::{Path, PathBuf};
use toml::de::DeValue;

/// The name of the config file looked for in the corpus root.
pub const FILE_NAME: &str = "claimlint.toml";

/// The lowest severity that fails a run (`--fail-on`, `fail-on =`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum FailOn {
    Error,
    Warning,
    Note,
    Never,
}

impl FailOn {
    pub const NAMES: [&'static str; 4] = ["error", "warning", "note", "never"];
    pub fn parse(s: &str) -> Option<FailOn> {
        Some(match s {
            "error" => FailOn::Error,
            "warning" => FailOn::Warning,
            "note" => FailOn::Note,
            "never" => FailOn::Never,
            _ => return None,
        })
    }
    pub fn threshold(self) -> Option<Severity> {
        match self {
            FailOn::Error => Some(Severity::Error),
            FailOn::Warning => Some(Severity::Warning),
            FailOn::Note => Some(Severity::Note),
            FailOn::Never => None,
        }
    }
}

/// What `[severity]` sets a rule to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Level {
    Severity(Severity),
    /// The rule does not run.
    Off,
}

impl Level {
    pub const NAMES: [&'static str; 4] = ["error", "warning", "note", "off"];
    pub fn parse(s: &str) -> Option<Level> {
        if s == "off" {
            return Some(Level::Off);
        }
        Severity::parse(s).map(Level::Severity)
    }
}

/// One `[severity]` entry: a rule id, a kind or `unused-allow`, and its level.
#[derive(Debug, Clone)]
pub struct SeverityOverride {
    pub key: S<String>,
    pub level: S<Level>,
}

/// One `[[allow]]` entry: a known finding, accepted for a reason.
#[derive(Debug, Clone)]
pub struct Allow {
    /// A rule id or kind.
    pub rule: S<String>,
    /// `<report>#<claim>`: the finding must involve every one of them (none: every finding of the rule).
    pub claims: Vec<S<String>>,
    pub reason: S<String>,
    /// The `[[allow]]` header, where `unused-allow` points.
    pub span: Span,
}

/// A config as read: every value keeps its span. `None` fields were not set.
#[derive(Debug, Clone)]
pub struct Config {
    pub file: FileId,
    /// Claim directories, resolved against the config file's directory.
    pub claims: Option<Vec<PathBuf>>,
    /// Rule pack directories, resolved against the config file's directory.
    pub rules: Option<Vec<PathBuf>>,
    pub default_rules: Option<bool>,
    pub fail_on: Option<FailOn>,
    pub severity: Vec<SeverityOverride>,
    pub allow: Vec<Allow>,
}

const CONFIG_KEYS: &[&str] = &["claims", "rules", "default-rules", "fail-on", "severity", "allow"];
const ALLOW_KEYS: &[&str] = &["rule", "claims", "reason"];

/// Reads a config file. Paths in it are relative to its directory and must stay inside the corpus
/// `root`: a pull request that edits the config must not make claimlint read, and print, files
/// elsewhere on the machine. Every problem is appended to the reader's problems; what could be
/// read is still returned, so one broken entry does not hide the rest of the config.
pub fn read(path: &Path, root: &Path, reader: &mut Reader) -> Option<Config> {
    let file = reader.read(path, None)?;
    let text = reader.sources.get(file).shared_text();
    let dir = path.parent().map(Path::to_path_buf).unwrap_or_default();
    let dir = if dir.as_os_str().is_empty() { PathBuf::from(".") } else { dir };
    Some(parse(file, &text, &dir, root, reader.problems))
}

/// Reads the config `text` (source `file`, in directory `dir` of the corpus at `root`), every
/// problem into `problems`; what could be read is returned.
pub fn parse(file: FileId, text: &str, dir: &Path, root: &Path, problems: &mut Vec<Finding>) -> Config {
    let mut doc = FieldReader::new(file, problems);
    let mut recovered = None;
    let parsed = doc.parse(text, &mut recovered);
    let fields = doc.document(&parsed, "config", CONFIG_KEYS);

    let claims = dirs(&mut doc, &fields, "claims", dir, root);
    let rules = dirs(&mut doc, &fields, "rules", dir, root);
    let default_rules = doc.boolean(&fields, "default-rules").ok().flatten().map(|b| b.v);
    let fail_on = doc.string(&fields, "fail-on").ok().flatten().and_then(|s| match FailOn::parse(&s.v) {
        Some(f) => Some(f),
        None => {
            invalid(&mut doc, s.span, format!("unknown `fail-on` level `{}`", s.v), &s.v, &FailOn::NAMES);
            None
        }
    });
    let severity = match fields.get("severity") {
        Some(v) => severities(&mut doc, v),
        None => Vec::new(),
    };
    let allow = doc.tables(&fields, "allow").iter().filter_map(|v| read_allow(&mut doc, v)).collect();
    Config { file, claims, rules, default_rules, fail_on, severity, allow }
}

/// An `invalid-value` problem listing the allowed values, with a suggestion when one is close.
fn invalid(doc: &mut FieldReader, span: Span, msg: String, value: &str, allowed: &[&str]) {
    let hint = did_you_mean(value, allowed.iter().copied());
    let label = if hint.is_empty() { "not allowed here".to_string() } else { hint };
    let f = Finding::corpus(Code::InvalidValue, span, msg, label)
        .with_help(format!("expected one of {}", allowed.join(", ")));
    doc.problems.push(f);
}

/// `claims = [...]` / `rules = [...]`: directories (or files) relative to the config's directory,
/// each read once however often it is named. Both must be arrays (a single string is a mistake
/// the other keys would not forgive either), and `claims` must name something: an empty list
/// would check nothing and pass (DESIGN §5 v2).
fn dirs(doc: &mut FieldReader, fields: &Fields<Value>, key: &str, dir: &Path, root: &Path) -> Option<Vec<PathBuf>> {
    let value = fields.get(key)?;
    if let DeValue::String(s) = value.get_ref() {
        let msg = format!("`{key}` must be an array of paths, found a string");
        let f = Finding::corpus(Code::WrongType, doc.span(value.span()), msg, "expected an array")
            .with_help(format!("write `{key} = [{:?}]`", s.as_ref()));
        doc.problems.push(f);
        return None;
    }
    let entries = doc.strings(fields, key).ok()?;
    if entries.is_empty() && key == "claims" {
        let msg = "`claims` is empty: no claim would be checked".to_string();
        let f = Finding::corpus(Code::InvalidValue, doc.span(value.span()), msg, "no directory named")
            .with_help("name the directories that hold the claim files, e.g. `claims = [\"claims\"]`, or leave `claims` out to read `claims/`");
        doc.problems.push(f);
        return None;
    }
    let mut out: Vec<PathBuf> = Vec::new();
    for e in entries {
        // `confine` speaks of report texts; say the same thing in the config's own terms.
        let confined = if Path::new(&e.v).is_absolute() {
            Err(format!("`{}` is an absolute path; paths in claimlint.toml are relative to its directory", e.v))
        } else {
            confine(dir, &e.v, root)
        };
        // `claims/`, `./claims` and `claims/reports/..` are one directory: named as it is.
        let confined = confined.map(|path| crate::load::lexical_from(None, &path));
        match confined {
            // Named twice: read once.
            Ok(path) if out.contains(&path) => {}
            Ok(path) if path.exists() => out.push(path),
            Ok(_) => {
                let msg = format!("`{}` in `{key}` does not exist", e.v);
                doc.problems.push(
                    Finding::corpus(Code::UnreadableFile, e.span, msg, "no such file or directory")
                        .with_help("paths in claimlint.toml are relative to the directory it is in"),
                );
            }
            Err(why) => {
                let msg = format!("{why}; it was not read");
                doc.problems.push(
                    Finding::corpus(Code::OutsideCorpus, e.span, msg, "outside the corpus")
                        .with_help("claims and rule packs named in claimlint.toml must lie inside the corpus root"),
                );
            }
        }
    }
    Some(out)
}

fn severities(doc: &mut FieldReader, v: &toml::Spanned<DeValue>) -> Vec<SeverityOverride> {
    let DeValue::Table(table) = v.get_ref() else {
        let msg = "`severity` must be a table of rule ids or kinds and levels ([severity])".to_string();
        doc.problems.push(Finding::corpus(Code::WrongType, doc.span(v.span()), msg, "expected a table"));
        return Vec::new();
    };
    let mut out = Vec::new();
    for (key, value) in table.iter() {
        let key = S { v: key.get_ref().to_string(), span: doc.span(key.span()) };
        let span = doc.span(value.span());
        let DeValue::String(s) = value.get_ref() else {
            let msg = format!("the level of `{}` must be a string: error, warning, note or off", key.v);
            doc.problems.push(Finding::corpus(Code::WrongType, span, msg, "expected a string"));
            continue;
        };
        match Level::parse(s) {
            Some(level) => out.push(SeverityOverride { key, level: S { v: level, span } }),
            None => invalid(doc, span, format!("unknown level `{s}` for `{}`", key.v), s, &Level::NAMES),
        }
    }
    out
}

fn read_allow(doc: &mut FieldReader, v: &toml::Spanned<DeValue>) -> Option<Allow> {
    let f = doc.fields(v, "allow entry", ALLOW_KEYS)?;
    let rule = doc.required_string(&f, "rule");
    let claims = doc.strings(&f, "claims");
    let reason = doc.required_string(&f, "reason");
    let mut ok = true;
    if let Ok(claims) = &claims {
        for c in claims {
            let well_formed =
                c.v.split_once('#').is_some_and(|(r, id)| !r.is_empty() && !id.is_empty() && !id.contains('#'));
            if !well_formed {
                let msg = format!("`{}` is not a claim name; claims are named `<report>#<claim>`", c.v);
                doc.problems.push(Finding::corpus(Code::InvalidValue, c.span, msg, "expected <report>#<claim>"));
                ok = false;
            }
        }
    }
    if let Ok(reason) = &reason {
        if reason.v.trim().is_empty() {
            let msg = "an allow entry's `reason` must say why the finding is accepted".to_string();
            doc.problems.push(Finding::corpus(Code::InvalidValue, reason.span, msg, "empty reason"));
            ok = false;
        }
    }
    let allow = Allow { rule: rule.ok()?, claims: claims.ok()?, reason: reason.ok()?, span: f.span };
    ok.then_some(allow)
}
