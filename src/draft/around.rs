//! What the drafter reads around a sentence and how it names what it writes: the words just
//! before or after a quote, whether a place is inside a quotation, a report's dateline, claim
//! names and slugs, and the paths and dates a draft is written with.

use super::split::Word;
use super::{Cue, CueKind, DraftClaim, DraftValue};
use crate::time::Time;
use std::collections::HashMap;

/// Up to three words of `s` from its start (for a prefix, `s` is reversed), whole words only.
pub(super) fn context(s: &str) -> String {
    let mut words = 0;
    let mut in_word = false;
    for (i, c) in s.char_indices() {
        if c.is_whitespace() {
            if in_word {
                words += 1;
                if words == 3 {
                    return s[..i].to_string();
                }
            }
            in_word = false;
        } else {
            in_word = true;
        }
    }
    s.to_string()
}

/// Whether the sentence at `at` of a paragraph (`before` is the paragraph up to the sentence's
/// end) lies inside a quotation: an opening mark before it is not closed before it, or it opens
/// with one.
pub(super) fn inside_quotation(before: &str, at: usize) -> bool {
    let head = &before[..at];
    let opens = head.matches('“').count() as i64 - head.matches('”').count() as i64;
    let straight = head.matches('"').count() % 2 == 1;
    let sentence = before[at..].trim_start();
    opens > 0 || straight || sentence.starts_with('“') || sentence.starts_with('"')
}

/// The outlet a dateline names: "ANKARA/ISTANBUL (Reuters) -".
pub(super) fn dateline(text: &str, from: usize) -> (Option<String>, Option<Cue>) {
    let head: String = text[from..].chars().take(200).collect();
    let Some(open) = head.find('(') else { return (None, None) };
    let Some(close) = head[open..].find(')').map(|c| open + c) else { return (None, None) };
    let before = head[..open].trim();
    let after = head[close + 1..].trim_start();
    let caps = !before.is_empty() && before.chars().filter(|c| c.is_alphabetic()).all(char::is_uppercase);
    let dash = after.starts_with('-') || after.starts_with('—') || after.starts_with('–');
    let name = head[open + 1..close].trim();
    if caps && dash && !name.is_empty() && name.split_whitespace().count() <= 4 {
        let lead = head.len() - head.trim_start().len();
        let cue = Cue { kind: CueKind::Dateline, text: head[lead..close + 1].to_string(), offset: from + lead };
        return (Some(name.to_string()), Some(cue));
    }
    (None, None)
}

pub(super) fn strip_article(s: &str) -> &str {
    let s = s.trim();
    for a in ["the ", "The ", "a ", "A ", "an ", "An "] {
        if let Some(rest) = s.strip_prefix(a) {
            return rest.trim_start();
        }
    }
    s
}

/// A lowercase kebab-case id for a name (accents dropped from common Latin letters).
pub fn slug(name: &str) -> String {
    let mut out = String::new();
    for c in name.chars() {
        let c = match c {
            'à' | 'á' | 'â' | 'ä' | 'ã' | 'å' | 'À' | 'Á' | 'Â' | 'Ä' => 'a',
            'ç' | 'Ç' | 'č' | 'Č' | 'ć' => 'c',
            'è' | 'é' | 'ê' | 'ë' | 'È' | 'É' => 'e',
            'ğ' | 'Ğ' => 'g',
            'ì' | 'í' | 'î' | 'ï' | 'ı' | 'İ' => 'i',
            'ñ' | 'Ñ' => 'n',
            'ò' | 'ó' | 'ô' | 'ö' | 'õ' | 'Ö' | 'Ó' => 'o',
            'ş' | 'Ş' | 'š' | 'Š' => 's',
            'ù' | 'ú' | 'û' | 'ü' | 'Ü' | 'Ú' => 'u',
            c => c,
        };
        if c.is_ascii_alphanumeric() {
            out.push(c.to_ascii_lowercase());
        } else if !out.is_empty() && !out.ends_with('-') {
            out.push('-');
        }
    }
    while out.ends_with('-') {
        out.pop();
    }
    out
}

/// Gives each claim an id from its predicate and value (or subject), unique in the file.
pub(super) fn name_claims(claims: &mut [DraftClaim]) {
    let mut seen: HashMap<String, usize> = HashMap::new();
    for c in claims.iter_mut() {
        let what = match &c.value {
            Some(DraftValue::Enum(v)) | Some(DraftValue::Entity(v)) => v.clone(),
            _ => c.subject.clone().unwrap_or_default(),
        };
        let mut base = if what.is_empty() { c.predicate.clone() } else { format!("{}-{}", c.predicate, what) };
        if c.negated {
            base = format!("not-{base}");
        }
        let n = seen.entry(base.clone()).or_insert(0);
        *n += 1;
        c.id = if *n == 1 { base } else { format!("{base}-{n}") };
    }
}

/// `path` made absolute against the current directory and normalised (`.` and `..` resolved
/// without following links), as `claimlint check` sees paths.
pub fn absolute(path: &std::path::Path) -> std::path::PathBuf {
    let cwd = std::env::current_dir().unwrap_or_default();
    crate::load::lexical_from(Some(&cwd), path)
}

/// The path of `file` relative to the directory `dir` (both absolute and normalised), with `/`
/// between its parts, as a claim file's `text` names its report.
pub fn relative_path(file: &std::path::Path, dir: &std::path::Path) -> String {
    use std::path::Component;
    let f: Vec<Component> = file.components().collect();
    let d: Vec<Component> = dir.components().collect();
    let common = f.iter().zip(&d).take_while(|(a, b)| a == b).count();
    let mut parts: Vec<String> = std::iter::repeat_n("..".to_string(), d.len() - common).collect();
    parts.extend(f[common..].iter().map(|c| c.as_os_str().to_string_lossy().into_owned()));
    parts.join("/")
}

/// A `--published` date or datetime, as TOML writes them (2016-12-13, 2016-12-13T09:45:00Z).
pub fn parse_published(s: &str) -> Result<Time, String> {
    let dt: toml::value::Datetime = s
        .trim()
        .parse()
        .map_err(|_| format!("`{s}` is not a date (2016-12-13) or a datetime (2016-12-13T09:45:00Z)"))?;
    Time::from_toml(&dt).map_err(|e| format!("`{s}`: {e}"))
}

/// Whether the words just before `start` are "under" or "under the" ("released under the deal").
pub(super) fn after_under(words: &[Word], start: usize) -> bool {
    let before: Vec<&str> = words.iter().take_while(|w| w.end <= start).map(|w| w.lower.as_str()).collect();
    matches!(before.as_slice(), [.., "under"] | [.., "under", "the"])
}
