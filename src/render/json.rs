//! `--format json`: versioned, for scripts (DESIGN §5). Lines and columns are 1-based, columns
//! count characters; `offset`/`length` are bytes of the file at `path`. Findings an `[[allow]]`
//! accepts are listed apart, in `allowed`, each with the entry that accepts it in `allow`; with
//! `--show-baselined`, findings a baseline lists follow in `baselined`.
//!
//! The output is serde_json's pretty printing of one [`Output`] value. On a large corpus it is
//! hundreds of megabytes, so the findings are not printed in one pass: chunks of them are printed
//! in parallel, each into its own buffer, with exactly the indentation and separators they would
//! have had in place, and the buffers are written in order (see [`render`]); the allowed findings
//! the same way (an allow by kind can accept most findings of a large corpus). Measured against
//! one serde pass over the same `Output`: −22% wall time at 1M claims (3 alternating runs each,
//! 2 cores); a unit test checks that both print the same bytes.
//!
//! The findings themselves are printed by hand ([`Pretty`]), byte for byte as serde_json prints
//! a [`JsonFinding`]: serde's path (a flattened place is a map serialised key by key, each
//! string and number through its formatter) was most of the time of the render. The derived
//! `Serialize` stays the definition of the output: the frame is printed with it, and the tests
//! check the hand printer against it on findings of every shape.

use super::Run;
use crate::findings::{Allowed, DerivationStep, Finding, Tally};
use crate::source::Sources;
use crate::view::View;
use rayon::prelude::*;
use serde::{Serialize, Serializer};
use std::io::{self, Write};

#[derive(Serialize)]
struct Output<'a> {
    version: u32,
    summary: Summary<'a>,
    findings: Findings<'a, Finding>,
    /// Findings an `[[allow]]` accepts, apart from `findings`, so that a script that reads
    /// `findings` as what is wrong with the corpus stays right. Always present, maybe empty.
    allowed: Findings<'a, Allowed>,
}

/// Some findings, each converted as it is written: a million locations held at once as
/// `JsonLocation`s would add a hundred megabytes to the peak for nothing.
struct Findings<'a, T> {
    sources: &'a Sources,
    /// For the labels of claims' locations, built as they are written ([`Run::label`]).
    view: View<'a>,
    findings: &'a [T],
}

// By hand: a derive would ask for `T: Clone`/`T: Copy`, and only references are copied.
impl<T> Clone for Findings<'_, T> {
    fn clone(&self) -> Self {
        *self
    }
}
impl<T> Copy for Findings<'_, T> {}

/// What a finding of either list is printed as.
trait ToJson {
    fn to_json<'a>(&'a self, sources: &'a Sources, view: View<'a>) -> JsonFinding<'a>;
}

impl ToJson for Finding {
    fn to_json<'a>(&'a self, sources: &'a Sources, view: View<'a>) -> JsonFinding<'a> {
        json_finding(sources, view, self, None)
    }
}

impl ToJson for Allowed {
    fn to_json<'a>(&'a self, sources: &'a Sources, view: View<'a>) -> JsonFinding<'a> {
        let allow = JsonAllow { reason: &self.reason, place: JsonPlace::of(sources, self.span) };
        json_finding(sources, view, &self.finding, Some(allow))
    }
}

impl<T: ToJson> Serialize for Findings<'_, T> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_seq(self.findings.iter().map(|f| f.to_json(self.sources, self.view)))
    }
}

/// How [`Output`] ends when both lists are empty: each list is printed in its `[]`.
const EMPTY_END: &[u8] = b"[],\n  \"allowed\": []\n}";
const ALLOWED_KEY: &[u8] = b",\n  \"allowed\": ";
/// What comes before, between and after the findings of a non-empty list.
const FIRST: &[u8] = b"[\n    ";
const BETWEEN: &[u8] = b",\n    ";
const END: &[u8] = b"\n  ]";

/// Findings per chunk printed by one thread (about a megabyte of output each).
const CHUNK: usize = 256;
/// Chunks printed before any of them is written: this bounds the extra memory to about 16 MB
/// (two windows: one written while the next is printed) however large the output. Chunks of 1024
/// held 64 MB at 1M claims, the peak of the run, and printed no faster.
const WINDOW: usize = 8;

#[derive(Serialize)]
struct Summary<'a> {
    /// Reports and claims checked: the corpus's, or, when some claim files were checked, theirs.
    reports: usize,
    claims: usize,
    errors: usize,
    warnings: usize,
    notes: usize,
    /// Findings an `[[allow]]` accepts, of any severity; not in the counts above.
    allowed: usize,
    /// Findings a `--baseline` file lists, of any severity; not in the counts above.
    baselined: usize,
    /// Only when some claim files were checked: the files, as shown.
    #[serde(skip_serializing_if = "Option::is_none")]
    files: Option<&'a [String]>,
    /// Only when some claim files were checked: the corpus they were checked against.
    #[serde(skip_serializing_if = "Option::is_none")]
    corpus: Option<CorpusSummary>,
}

/// The whole corpus behind a check of some of its claim files.
#[derive(Serialize)]
struct CorpusSummary {
    reports: usize,
    claims: usize,
    /// Problems reading its other files: not in `findings`, but they make the run exit 2.
    problems_elsewhere: usize,
}

impl Summary<'_> {
    /// Counts of a run: reports and claims as stated (derived claims are not counted), findings
    /// by severity, and allowed findings; and what a check of some claim files was narrowed to.
    fn of<'a>(view: View<'a>, findings: &[Finding], allowed: &[Allowed], baselined: usize) -> Summary<'a> {
        let tally = Tally::of(findings);
        let (reports, claims) = view.checked();
        let scope = view.scope();
        Summary {
            reports,
            claims,
            errors: tally.errors,
            warnings: tally.warnings,
            notes: tally.notes,
            allowed: allowed.len(),
            baselined,
            files: scope.map(|s| s.files.as_slice()),
            corpus: scope.map(|s| CorpusSummary {
                reports: s.corpus_reports,
                claims: s.corpus_claims,
                problems_elsewhere: s.problems_elsewhere,
            }),
        }
    }
}

#[derive(Serialize)]
struct JsonFinding<'a> {
    rule: &'a str,
    kind: &'a str,
    severity: &'a str,
    message: &'a str,
    help: Option<&'a str>,
    subject: Option<&'a str>,
    predicate: Option<&'a str>,
    claims: &'a [String],
    /// The finding's identity across runs (`crate::fingerprint`): what baselines and code
    /// scanning match findings by.
    fingerprint: String,
    locations: Vec<JsonLocation<'a>>,
    notes: &'a [String],
    derivation: &'a [DerivationStep],
    /// Which claims oppose which (DESIGN §5 v2): indexes into `claims`, the first of each pair
    /// the one that asserts, or the earlier; at most 4096, `pairs_total` counts them all.
    pairs: Vec<[usize; 2]>,
    pairs_total: usize,
    /// How many claims the finding involves; `claims` lists at most 4096.
    claims_total: usize,
    /// Whether the finding is a dispute one report relays between its sources.
    dispute: bool,
    /// corroboration: the claims that contradict the fact elsewhere in the corpus.
    #[serde(skip_serializing_if = "Option::is_none")]
    contested_by: Option<&'a [String]>,
    /// unresolved: the later claims that answer the question.
    #[serde(skip_serializing_if = "Option::is_none")]
    answered_by: Option<&'a [String]>,
    /// a dispute: the claims of later reports that take one side.
    #[serde(skip_serializing_if = "Option::is_none")]
    resolved_by: Option<&'a [String]>,
    /// a `corrected` note: the claims that correct the ones it retired.
    #[serde(skip_serializing_if = "Option::is_none")]
    corrected_by: Option<&'a [String]>,
    /// Only in `allowed`: the entry that accepts the finding.
    #[serde(skip_serializing_if = "Option::is_none")]
    allow: Option<JsonAllow<'a>>,
}

/// An `[[allow]]` entry: its reason, and where its header is in the config.
#[derive(Serialize)]
struct JsonAllow<'a> {
    reason: &'a str,
    #[serde(flatten)]
    place: JsonPlace<'a>,
}

#[derive(Serialize)]
struct JsonLocation<'a> {
    #[serde(flatten)]
    place: JsonPlace<'a>,
    label: std::borrow::Cow<'a, str>,
    claim: Option<&'a str>,
}

/// A span as every place in the output gives it: path, 1-based lines and character columns,
/// and the byte offset and length in the file.
#[derive(Serialize)]
struct JsonPlace<'a> {
    path: &'a str,
    line: usize,
    column: usize,
    end_line: usize,
    end_column: usize,
    offset: usize,
    length: usize,
}

impl<'a> JsonPlace<'a> {
    fn of(sources: &'a Sources, span: crate::source::Span) -> JsonPlace<'a> {
        let file = sources.get(span.file);
        let (line, column) = file.line_column(span.start);
        let (end_line, end_column) = file.line_column(span.end);
        JsonPlace { path: &file.path, line, column, end_line, end_column, offset: span.start, length: span.len() }
    }
}

fn json_finding<'a>(sources: &'a Sources, view: View<'a>, f: &'a Finding, allow: Option<JsonAllow<'a>>) -> JsonFinding<'a> {
    let corrected = f.rule == crate::codes::Code::Corrected.as_str();
    JsonFinding {
        rule: &f.rule,
        kind: &f.kind,
        severity: f.severity.as_str(),
        message: &f.message,
        help: super::help(view, f),
        subject: f.subject.as_deref(),
        predicate: f.predicate.as_deref(),
        claims: &f.claims,
        fingerprint: crate::fingerprint::text(f),
        locations: f
            .locations
            .iter()
            .map(|l| JsonLocation {
                place: JsonPlace::of(sources, l.span),
                label: super::label(view, f, l),
                claim: l.claim_index().and_then(|i| f.claims.get(i)).map(String::as_str),
            })
            .collect(),
        notes: &f.notes,
        derivation: &f.derivation,
        pairs: f.pairs.iter().map(|&(a, b)| [a, b]).collect(),
        pairs_total: f.pairs_total,
        claims_total: f.claims_total.max(f.claims.len()),
        dispute: f.dispute,
        contested_by: (f.kind == "corroboration" && !corrected).then_some(f.links.contested_by.as_slice()),
        answered_by: (f.kind == "unresolved").then_some(f.links.answered_by.as_slice()),
        resolved_by: f.dispute.then_some(f.links.resolved_by.as_slice()),
        corrected_by: corrected.then_some(f.links.corrected_by.as_slice()),
        allow,
    }
}

/// A printer of JSON that writes exactly what serde_json's pretty printer does (two spaces an
/// indent, `": "` after a key, `[]` for an empty list, strings escaped as it escapes them), into
/// a buffer, without a formatter per value.
struct Pretty<'o> {
    out: &'o mut Vec<u8>,
    /// Indents of the current line.
    depth: usize,
    /// Whether nothing has been written yet in the innermost object or list open.
    first: bool,
}

impl Pretty<'_> {
    fn finding(&mut self, f: &JsonFinding) {
        self.open(b'{');
        self.key("rule");
        self.str(f.rule);
        self.key("kind");
        self.str(f.kind);
        self.key("severity");
        self.str(f.severity);
        self.key("message");
        self.str(f.message);
        self.key("help");
        self.opt_str(f.help);
        self.key("subject");
        self.opt_str(f.subject);
        self.key("predicate");
        self.opt_str(f.predicate);
        self.key("claims");
        self.strs(f.claims);
        self.key("fingerprint");
        self.str(&f.fingerprint);
        self.key("locations");
        self.open(b'[');
        for l in &f.locations {
            self.item();
            self.open(b'{');
            self.place(&l.place);
            self.key("label");
            self.str(&l.label);
            self.key("claim");
            self.opt_str(l.claim);
            self.close(b'}');
        }
        self.close(b']');
        self.key("notes");
        self.strs(f.notes);
        self.key("derivation");
        self.open(b'[');
        for step in f.derivation {
            self.item();
            self.open(b'{');
            self.key("claim");
            self.str(&step.claim);
            self.key("rule");
            self.str(&step.rule);
            self.key("from");
            self.str(&step.from);
            self.close(b'}');
        }
        self.close(b']');
        self.key("pairs");
        self.open(b'[');
        for pair in &f.pairs {
            self.item();
            self.open(b'[');
            for &i in pair {
                self.item();
                self.uint(i);
            }
            self.close(b']');
        }
        self.close(b']');
        self.key("pairs_total");
        self.uint(f.pairs_total);
        self.key("claims_total");
        self.uint(f.claims_total);
        self.key("dispute");
        self.out.extend_from_slice(if f.dispute { b"true" } else { b"false" });
        let links = [
            ("contested_by", f.contested_by),
            ("answered_by", f.answered_by),
            ("resolved_by", f.resolved_by),
            ("corrected_by", f.corrected_by),
        ];
        for (key, claims) in links {
            if let Some(claims) = claims {
                self.key(key);
                self.strs(claims);
            }
        }
        if let Some(allow) = &f.allow {
            self.key("allow");
            self.open(b'{');
            self.key("reason");
            self.str(allow.reason);
            self.place(&allow.place);
            self.close(b'}');
        }
        self.close(b'}');
    }

    /// The fields of a place, in an object open.
    fn place(&mut self, p: &JsonPlace) {
        self.key("path");
        self.str(p.path);
        let numbers = [
            ("line", p.line),
            ("column", p.column),
            ("end_line", p.end_line),
            ("end_column", p.end_column),
            ("offset", p.offset),
            ("length", p.length),
        ];
        for (key, n) in numbers {
            self.key(key);
            self.uint(n);
        }
    }

    fn newline(&mut self) {
        self.out.push(b'\n');
        for _ in 0..self.depth {
            self.out.extend_from_slice(b"  ");
        }
    }

    /// Opens an object (`{`) or a list (`[`).
    fn open(&mut self, bracket: u8) {
        self.out.push(bracket);
        self.depth += 1;
        self.first = true;
    }

    /// Closes what [`Pretty::open`] opened: on a line of its own, unless it is empty.
    fn close(&mut self, bracket: u8) {
        self.depth -= 1;
        if !self.first {
            self.newline();
        }
        self.out.push(bracket);
        self.first = false;
    }

    /// Starts an item of a list, or a field of an object.
    fn item(&mut self) {
        if !self.first {
            self.out.push(b',');
        }
        self.newline();
        self.first = false;
    }

    /// Starts a field: its key (never one that needs escaping) and `: `.
    fn key(&mut self, key: &str) {
        self.item();
        self.out.push(b'"');
        self.out.extend_from_slice(key.as_bytes());
        self.out.extend_from_slice(b"\": ");
    }

    fn uint(&mut self, n: usize) {
        self.out.extend_from_slice(itoa::Buffer::new().format(n).as_bytes());
    }

    fn opt_str(&mut self, s: Option<&str>) {
        match s {
            Some(s) => self.str(s),
            None => self.out.extend_from_slice(b"null"),
        }
    }

    fn strs<S: AsRef<str>>(&mut self, items: &[S]) {
        self.open(b'[');
        for s in items {
            self.item();
            self.str(s.as_ref());
        }
        self.close(b']');
    }

    /// A string, quoted and escaped as serde_json escapes it: `"` and `\\`, the control
    /// characters with a short escape as such, the others as `\u00XX`; nothing else.
    fn str(&mut self, s: &str) {
        let bytes = s.as_bytes();
        self.out.push(b'"');
        let mut start = 0;
        let mut i = 0;
        while i < bytes.len() {
            // Eight bytes at a time, while none of them needs an escape (most strings: none does).
            if let Some(word) = bytes.get(i..i + 8).and_then(|w| <[u8; 8]>::try_from(w).ok()) {
                if !may_need_escape(u64::from_le_bytes(word)) {
                    i += 8;
                    continue;
                }
            }
            let b = bytes[i];
            let escape = ESCAPE[b as usize];
            if escape != 0 {
                self.out.extend_from_slice(&bytes[start..i]);
                if escape == b'u' {
                    const HEX: &[u8; 16] = b"0123456789abcdef";
                    self.out.extend_from_slice(b"\\u00");
                    self.out.push(HEX[(b >> 4) as usize]);
                    self.out.push(HEX[(b & 0xf) as usize]);
                } else {
                    self.out.push(b'\\');
                    self.out.push(escape);
                }
                start = i + 1;
            }
            i += 1;
        }
        self.out.extend_from_slice(&bytes[start..]);
        self.out.push(b'"');
    }
}

/// Whether any of the eight bytes of `word` may need an escape: a control character (below
/// 0x20), `"` or `\\`. Never false for one that does; may be true for one that does not (a
/// borrow between bytes), whose bytes are then looked at one by one.
fn may_need_escape(word: u64) -> bool {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    // A byte below `n` (n <= 0x80): subtracting `n` sets its high bit, which it did not have.
    let below = |x: u64, n: u64| x.wrapping_sub(ONES * n) & !x & HIGH;
    below(word, 0x20) | below(word ^ (ONES * u64::from(b'"')), 1) | below(word ^ (ONES * u64::from(b'\\')), 1) != 0
}

/// For each byte, 0 if a string holds it as it is, else the letter of its escape (`u`: `\u00XX`),
/// as serde_json's table has it.
static ESCAPE: [u8; 256] = {
    let mut table = [0u8; 256];
    let mut b = 0;
    while b < 0x20 {
        table[b] = b'u';
        b += 1;
    }
    table[0x08] = b'b';
    table[0x09] = b't';
    table[0x0a] = b'n';
    table[0x0c] = b'f';
    table[0x0d] = b'r';
    table[b'"' as usize] = b'"';
    table[b'\\' as usize] = b'\\';
    table
};

pub fn render(run: &Run, out: &mut dyn Write, options: &super::Options) -> io::Result<()> {
    render_in_chunks(run, out, CHUNK, options.show_baselined)
}

/// Writes the run; with `show_baselined`, the findings a baseline lists follow in `baselined`.
fn render_in_chunks(run: &Run, out: &mut dyn Write, chunk: usize, show_baselined: bool) -> io::Result<()> {
    let output = Output {
        version: 1,
        summary: Summary::of(run.view, run.findings, run.allowed, run.baselined.len()),
        findings: Findings { sources: run.sources, view: run.view, findings: &[] },
        allowed: Findings { sources: run.sources, view: run.view, findings: &[] },
    };
    // Everything but the two lists, printed as if both were empty: it ends with `[],…[]\n}`.
    let frame = serde_json::to_vec_pretty(&output).map_err(io::Error::from)?;
    debug_assert!(frame.ends_with(EMPTY_END));
    out.write_all(&frame[..frame.len() - EMPTY_END.len()])?;
    write_list(run.sources, run.view, run.findings, out, chunk)?;
    out.write_all(ALLOWED_KEY)?;
    write_list(run.sources, run.view, run.allowed, out, chunk)?;
    if show_baselined {
        out.write_all(b",\n  \"baselined\": ")?;
        write_list(run.sources, run.view, run.baselined, out, chunk)?;
    }
    writeln!(out, "\n}}")
}

/// Writes one list of findings, `[` to `]`, as serde_json's pretty printer would in [`Output`].
fn write_list<T: ToJson + Sync>(
    sources: &Sources,
    view: View,
    findings: &[T],
    out: &mut dyn Write,
    chunk: usize,
) -> io::Result<()> {
    if findings.is_empty() {
        return out.write_all(b"[]");
    }
    // Streamed a window at a time, not serialised to one string: on a large corpus the output is
    // hundreds of megabytes. Chunks are printed into memory; errors writing them to `out` are
    // returned as they were, so a broken pipe is still seen as one.
    let print = |findings: &[T]| -> Vec<u8> {
        let mut text = Vec::with_capacity(findings.len() * 4096);
        for (i, f) in findings.iter().enumerate() {
            if i > 0 {
                text.extend_from_slice(BETWEEN);
            }
            // A finding is an item of a list that is a field of the top-level object.
            Pretty { out: &mut text, depth: 2, first: true }.finding(&f.to_json(sources, view));
        }
        text
    };
    // Each window is printed while the one before it is written.
    let print_window = |window: &[T]| -> Vec<Vec<u8>> { window.par_chunks(chunk).map(print).collect() };
    let mut windows = findings.chunks(chunk * WINDOW);
    let mut printed = windows.next().map(print_window);
    let mut first = true;
    while let Some(texts) = printed.take() {
        let next = windows.next();
        let written = rayon::in_place_scope(|scope| {
            if let Some(next) = next {
                scope.spawn(|_| printed = Some(print_window(next)));
            }
            texts.into_iter().try_for_each(|text| {
                out.write_all(if first { FIRST } else { BETWEEN })?;
                first = false;
                out.write_all(&text)
            })
        });
        written?;
    }
    out.write_all(END)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::check::{self, Settings};
    use crate::findings::Location;

    #[test]
    fn chunks_print_exactly_what_one_pass_does() {
        let outcome = check::run(&Settings::new(env!("CARGO_MANIFEST_DIR")));
        let all = &outcome.findings;
        assert!(all.len() > 3, "the example corpus has a few findings");
        // The example corpus has no allows: some of its findings stand in for allowed ones.
        let allowed: Vec<Allowed> = all
            .iter()
            .map(|f| Allowed { finding: f.clone(), reason: "a reason".to_string(), span: f.locations[0].span })
            .collect();
        for findings in [&all[..0], &all[..1], &all[..]] {
            for allowed in [&allowed[..0], &allowed[..1], &allowed[..]] {
                let run = Run {
                    sources: &outcome.corpus.sources,
                    view: View::of(&outcome.corpus),
                    findings,
                    allowed,
                    baselined: &[],
                };
                let whole = Output {
                    version: 1,
                    summary: Summary::of(run.view, findings, allowed, 0),
                    findings: Findings { sources: run.sources, view: run.view, findings },
                    allowed: Findings { sources: run.sources, view: run.view, findings: allowed },
                };
                let mut expected = serde_json::to_vec_pretty(&whole).unwrap();
                expected.push(b'\n');
                // Chunks of one, of two with a last one short, one window and several windows.
                for chunk in [1, 2, findings.len().max(1)] {
                    let mut printed = Vec::new();
                    render_in_chunks(&run, &mut printed, chunk, false).unwrap();
                    assert_eq!(String::from_utf8(printed).unwrap(), String::from_utf8(expected.clone()).unwrap());
                }
            }
        }
    }

    #[test]
    fn a_word_that_needs_an_escape_is_always_seen() {
        // Every byte value in every one of the eight places, among bytes that need none.
        for b in 0..=255u8 {
            for place in 0..8 {
                let mut word = *b"abcdefgh";
                word[place] = b;
                let needs = ESCAPE[b as usize] != 0;
                assert_eq!(may_need_escape(u64::from_le_bytes(word)), needs, "byte {b:#x} at {place}");
            }
        }
    }

    /// The hand printer against serde's: strings that need every kind of escape, fields absent
    /// (`null`) and present, every list of links, derivations, pairs, and allowed findings.
    #[test]
    fn the_hand_printer_prints_what_serde_does_on_findings_of_every_shape() {
        let outcome = check::run(&Settings::new(format!("{}/examples/breaking-news", env!("CARGO_MANIFEST_DIR"))));
        assert!(outcome.findings.iter().any(|f| !f.derivation.is_empty()), "some finding has a derivation");
        assert!(outcome.findings.iter().any(|f| f.dispute), "some finding is a dispute");
        let odd = "\u{0}\u{1}\u{8}\t\n\u{b}\u{c}\r\u{1f} \"quoted\" back\\slash / \u{7f} é € 😀";
        let mut findings = outcome.findings.clone();
        for (i, f) in findings.iter_mut().enumerate() {
            match i % 4 {
                0 => {
                    f.message = format!("{odd} {}", f.message);
                    f.help = None;
                    f.subject = None;
                    f.predicate = Some(odd.to_string());
                    f.notes.push(odd.to_string());
                    f.locations.push(Location { span: f.locations[0].span, label: odd.into(), claim: None });
                }
                1 => {
                    f.kind = "corroboration".to_string();
                    f.links.contested_by = vec![odd.to_string(), "r#c".to_string()];
                    f.dispute = true;
                    f.links.resolved_by = vec!["a#b".to_string()];
                }
                2 => {
                    f.kind = "unresolved".to_string();
                    f.links.answered_by = vec!["a#b".to_string()];
                    f.rule = crate::codes::Code::Corrected.as_str().to_string();
                    f.links.corrected_by = vec![odd.to_string()];
                    f.claims.clear();
                    f.pairs.clear();
                }
                _ => {
                    f.derivation.push(DerivationStep { claim: odd.to_string(), rule: "r".to_string(), from: "f".to_string() });
                    f.pairs.push((0, 12345678));
                }
            }
        }
        let allowed: Vec<Allowed> = findings
            .iter()
            .map(|f| Allowed { finding: f.clone(), reason: odd.to_string(), span: f.locations[0].span })
            .collect();
        let run = Run {
            sources: &outcome.corpus.sources,
            view: View::of(&outcome.corpus),
            findings: &findings,
            allowed: &allowed,
            baselined: &[],
        };
        let whole = Output {
            version: 1,
            summary: Summary::of(run.view, &findings, &allowed, 0),
            findings: Findings { sources: run.sources, view: run.view, findings: &findings },
            allowed: Findings { sources: run.sources, view: run.view, findings: &allowed },
        };
        let mut expected = serde_json::to_vec_pretty(&whole).unwrap();
        expected.push(b'\n');
        let mut printed = Vec::new();
        render_in_chunks(&run, &mut printed, 3, false).unwrap();
        assert_eq!(String::from_utf8(printed).unwrap(), String::from_utf8(expected).unwrap());
    }
}
