//! The input formats of claim files, in one table that every dispatcher reads: which files are
//! claim files (the walk of the claim directories, `claimlint check FILE`), how each is parsed,
//! the code of its syntax errors, and whether a file may declare entities (read before any
//! claim is resolved). A new format is one file in `load/` and one line here.

use super::csv;
use super::fs::{add_text, display_path};
use super::jsonl;
use super::raw::{RawClaimFile, RawCorpus, S};
use super::toml;
use crate::codes::Code;
use crate::findings::Finding;
use crate::source::{FileId, Sources};
use std::path::Path;

/// A format's parser: reads the claim file `file` (its text, and where it stands) into `out`: its
/// entities, and its claim files (one per report it holds) with their claims, reporting every
/// problem into `problems`. Returns, for each claim file pushed, the `text` its report names:
/// report texts are read by the caller, confined to the corpus root.
pub type ParseClaimFile = fn(
    file: FileId,
    text: &str,
    path: &Path,
    problems: &mut Vec<Finding>,
    out: &mut RawCorpus,
) -> Vec<Option<S<String>>>;

/// A format's parser of a file whose bytes are not all UTF-8 text: as [`ParseClaimFile`], reading
/// every record that is UTF-8 and reporting the others.
pub type ParseClaimBytes = fn(
    file: FileId,
    bytes: &[u8],
    path: &Path,
    problems: &mut Vec<Finding>,
    out: &mut RawCorpus,
) -> Vec<Option<S<String>>>;

/// One input format of claim files.
pub struct Format {
    /// The extension (without the dot) of the claim files written in it.
    pub extension: &'static str,
    /// Parses a claim file of this format.
    pub parse: ParseClaimFile,
    /// The code of its syntax errors.
    pub syntax_error: Code,
    /// Whether a file's text may declare entities, which must be known before any claim is
    /// resolved: the files that may are parsed first, the rest (most files) only when their
    /// batch comes. It must never say no to a file that declares one, however its key is
    /// escaped, and it is cheap: a byte search.
    pub may_declare_entities: fn(&str) -> bool,
    /// For a format whose records are read one by one (a JSON line, a CSV row), the parser of a
    /// file that is not all UTF-8 text: its records that are not are reported and left out, the
    /// others still read. Without one, such a file is reported and not read.
    pub parse_not_utf8: Option<ParseClaimBytes>,
}

/// The formats. The first is also that of a claim file named without one of their extensions.
pub const FORMATS: &[Format] = &[
    Format {
        extension: "toml",
        parse: toml::parse_claim_file,
        syntax_error: toml::SYNTAX_ERROR,
        may_declare_entities: toml::may_declare_entities,
        parse_not_utf8: None,
    },
    Format {
        extension: "jsonl",
        parse: jsonl::parse_claim_file,
        syntax_error: jsonl::SYNTAX_ERROR,
        may_declare_entities: jsonl::may_declare_entities,
        parse_not_utf8: Some(jsonl::parse_claim_bytes),
    },
    Format {
        extension: "csv",
        parse: csv::parse_claim_file,
        syntax_error: csv::SYNTAX_ERROR,
        may_declare_entities: csv::may_declare_entities,
        parse_not_utf8: Some(csv::parse_claim_bytes),
    },
];

/// The extensions of claim files, in the order of [`FORMATS`].
pub const CLAIM_FILE_EXTENSIONS: [&str; FORMATS.len()] = {
    let mut extensions = [""; FORMATS.len()];
    let mut i = 0;
    while i < FORMATS.len() {
        extensions[i] = FORMATS[i].extension;
        i += 1;
    }
    extensions
};

impl Format {
    /// The format whose extension `path` has, if any.
    pub fn named_by(path: &Path) -> Option<&'static Format> {
        let extension = path.extension()?;
        FORMATS.iter().find(|f| extension == f.extension)
    }

    /// The format a claim file is read in: that of its extension, or the first (a file named
    /// as a claim directory, whatever its extension, is read as TOML).
    pub fn of(path: &Path) -> &'static Format {
        Format::named_by(path).unwrap_or(&FORMATS[0])
    }
}

/// Whether `path` is named as a claim file (has the extension of a format).
pub fn is_claim_file_name(path: &Path) -> bool {
    Format::named_by(path).is_some()
}

/// The claim-file names, for messages: "`*.toml`, `*.jsonl` or `*.csv`".
pub fn claim_file_patterns() -> String {
    let patterns: Vec<String> = FORMATS.iter().map(|f| format!("`*.{}`", f.extension)).collect();
    match patterns.split_last() {
        Some((last, [])) => last.clone(),
        Some((last, rest)) => format!("{} or {last}", rest.join(", ")),
        None => String::new(),
    }
}

/// Reads one claim file from memory instead of disk, as if it stood at `path`: the loader as the
/// fuzz targets and property tests drive it. The text its reports name is `report_text`
/// (`None`: as if it could not be read); nothing is read from disk and no path is confined.
pub fn read_claim_bytes(
    path: &Path,
    bytes: &[u8],
    report_text: Option<&str>,
    sources: &mut Sources,
    problems: &mut Vec<Finding>,
    out: &mut RawCorpus,
) {
    let format = Format::of(path);
    let first = out.claim_files.len();
    let text_paths = match (std::str::from_utf8(bytes), format.parse_not_utf8) {
        (Err(_), Some(parse)) => {
            let file = sources.add(display_path(path), substitute_not_utf8(bytes));
            parse(file, bytes, path, problems, out)
        }
        _ => {
            let Some(file) = add_text(sources, problems, display_path(path), bytes.to_vec(), None) else { return };
            let text = sources.get(file).shared_text();
            (format.parse)(file, &text, path, problems, out)
        }
    };
    for (claim_file, text_path) in out.claim_files[first..].iter_mut().zip(text_paths) {
        attach(claim_file, text_path, path, report_text, sources);
    }
}

/// The claims of the `index`th report of the claim file at `path` (as `file`, of text `text`),
/// parsed again: for a report whose claims were taken from the cache but must be resolved again.
/// The file's problems were reported when it was first read.
pub(crate) fn reparse_claims(path: &Path, file: FileId, text: &str, index: usize) -> Vec<super::raw::RawClaim> {
    let mut out = RawCorpus::default();
    (Format::of(path).parse)(file, text, path, &mut Vec::new(), &mut out);
    out.claim_files.into_iter().nth(index).map(|cf| cf.claims).unwrap_or_default()
}

/// The text shown for a file whose bytes are not all UTF-8, offset for offset: each byte that is
/// not UTF-8 becomes U+001A SUBSTITUTE (one byte, and shown escaped), so that every span of the
/// file's records points at the same place in the text shown.
pub(super) fn substitute_not_utf8(bytes: &[u8]) -> String {
    let mut text = String::with_capacity(bytes.len());
    for chunk in bytes.utf8_chunks() {
        text.push_str(chunk.valid());
        text.extend(chunk.invalid().iter().map(|_| '\u{1a}'));
    }
    text
}

/// Gives `claim_file` the report text `report_text`, as if read from where its report names it.
fn attach(
    claim_file: &mut RawClaimFile,
    text_path: Option<S<String>>,
    path: &Path,
    report_text: Option<&str>,
    sources: &mut Sources,
) {
    if let (Some(text_path), Some(report_text)) = (text_path, report_text) {
        let named = path.parent().unwrap_or(Path::new(".")).join(&text_path.v);
        claim_file.text = Some(sources.add(display_path(&named), report_text));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_format_is_found_by_its_extension_and_toml_is_the_default() {
        for format in FORMATS {
            let path = format!("claims/a.{}", format.extension);
            assert_eq!(Format::of(Path::new(&path)).extension, format.extension);
            assert!(is_claim_file_name(Path::new(&path)));
        }
        assert_eq!(Format::of(Path::new("claims/a.txt")).extension, "toml");
        assert!(!is_claim_file_name(Path::new("claims/a.txt")));
        assert_eq!(CLAIM_FILE_EXTENSIONS.as_slice(), FORMATS.iter().map(|f| f.extension).collect::<Vec<_>>());
    }

    #[test]
    fn each_format_has_its_own_syntax_error_code() {
        let mut codes: Vec<&str> = FORMATS.iter().map(|f| f.syntax_error.as_str()).collect();
        assert!(codes.iter().all(|c| c.ends_with("-syntax")), "{codes:?}");
        codes.sort_unstable();
        codes.dedup();
        assert_eq!(codes.len(), FORMATS.len());
    }

    #[test]
    fn messages_name_the_claim_files_of_every_format() {
        assert_eq!(claim_file_patterns(), "`*.toml`, `*.jsonl` or `*.csv`");
    }
}
