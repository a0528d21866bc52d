//! `--format html`: one self-contained HTML document for fact-checkers (DESIGN §8): a summary,
//! a card per finding with every quote in its sentence or paragraph, a reader of the reports'
//! texts with every claim's quote highlighted, a timeline per subject and a picture of the
//! entities involved.
//!
//! Everything taken from the corpus passes through [`esc`] (text and attribute values alike) or,
//! for the script's data, through [`json_block`]; the only links out are reports' `http(s)` urls
//! ([`safe_url`]). The page's one script ([`SCRIPT`]) and its stylesheet are static assets: the
//! Content-Security-Policy allows that script by its SHA-256 and nothing else, so whatever a
//! corpus holds runs nothing. The page reads the same without script; the script only adds
//! filtering, search and keyboard navigation.
//!
//! Large corpora stay usable: past [`CARDS`] findings, each further finding is one row inside
//! closed per-subject `<details>`; past [`READER_ALL`] reports, the reader holds only the
//! reports with a claim in a finding; timelines and the graph are capped, saying what they
//! leave out.

mod cards;
mod graph;
mod reader;
mod timeline;

use super::{Options, Run};
use crate::findings::{count, Allowed, Finding, Severity, Tally};
use crate::model::{Claim, ClaimId, Certainty, EntityId, ReportId, Speaker, Value};
use base64::Engine as _;
use sha2::{Digest, Sha256};
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::fmt::Write as _;
use std::io::{self, Write};

/// Findings drawn as full cards; the rest are one row each, grouped by subject.
pub const CARDS: usize = 2000;
/// Up to this many reports the reader holds them all; above, only those with a quote drawn on
/// a card (of one of the first [`CARDS`] findings).
pub const READER_ALL: usize = 200;

/// Up to this many reports, the summary's table of reports is open from the start.
const REPORTS_OPEN: usize = 50;

/// The page's stylesheet and its one script: static, whatever the corpus.
const STYLE: &str = include_str!("report.css");
pub const SCRIPT: &str = include_str!("report.js");

/// The Content-Security-Policy of every report: no fetch of any kind, inline style, and only
/// the script whose SHA-256 it names.
pub fn content_security_policy() -> String {
    let hash = base64::engine::general_purpose::STANDARD.encode(Sha256::digest(SCRIPT.as_bytes()));
    format!("default-src 'none'; style-src 'unsafe-inline'; script-src 'sha256-{hash}'")
}

/// Text made safe for HTML, in element content and in quoted attribute values alike: `&`, `<`,
/// `>`, `"` and `'` become character references, and characters that would reorder or hide what
/// a reader sees (controls, bidirectional overrides) are shown escaped, `\u{202e}`, as in
/// terminal output ([`crate::printable`]). Line feeds, carriage returns and tabs are kept.
pub fn esc(text: &str) -> std::borrow::Cow<'_, str> {
    let unsafe_char = |c: char| {
        matches!(c, '&' | '<' | '>' | '"' | '\'')
            || (crate::printable::is_unsafe(c) && !matches!(c, '\n' | '\r' | '\t'))
    };
    let Some(first) = text.find(unsafe_char) else {
        return std::borrow::Cow::Borrowed(text);
    };
    let mut out = String::with_capacity(text.len() + 16);
    out.push_str(&text[..first]);
    for c in text[first..].chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c if unsafe_char(c) => {
                let _ = write!(out, "\\u{{{:x}}}", c as u32);
            }
            c => out.push(c),
        }
    }
    std::borrow::Cow::Owned(out)
}

/// A report's url, when it is one a reader may follow: `http` or `https`, with no whitespace or
/// control character in it. Anything else (`javascript:`, `data:`, a relative path) is shown as
/// text, never linked.
pub fn safe_url(url: &str) -> Option<&str> {
    let lower = url.get(..8).unwrap_or(url).to_ascii_lowercase();
    let scheme = lower.starts_with("https://") || lower.starts_with("http://");
    let clean = !url.chars().any(|c| c.is_whitespace() || c.is_control() || crate::printable::is_unsafe(c));
    (scheme && clean && url.len() > 8).then_some(url)
}

/// JSON for a `<script type="application/json">` block: `<`, `>` and `&` written as `\u003c`…,
/// so no text in it can close the block or open a comment.
pub fn json_block(value: &serde_json::Value) -> String {
    let text = value.to_string();
    text.replace('<', "\\u003c").replace('>', "\\u003e").replace('&', "\\u0026")
}

/// One finding of the page: a finding, or one an `[[allow]]` accepts, with what every part of
/// the page asks of it.
struct Entry<'a> {
    finding: &'a Finding,
    /// The reason of the `[[allow]]` that accepts it.
    allowed: Option<&'a Allowed>,
    fingerprint: String,
    /// Its claims as the corpus holds them (`None`: a derived claim, known by its label).
    claims: Vec<Option<ClaimId>>,
    /// The claims whose quotes they stand on: each claim itself, or the one a derived claim
    /// comes from.
    roots: Vec<Option<ClaimId>>,
    subject: Option<EntityId>,
    /// The reader's anchors of the reports its claims are in, sorted.
    reports: Vec<usize>,
}

/// What the parts of the page share: the run, and indexes built once.
struct Page<'a> {
    run: &'a Run<'a>,
    entries: Vec<Entry<'a>>,
    /// Reports in display order (published, then id); `report_index[r]` is report r's place.
    reports: Vec<ReportId>,
    report_index: Vec<usize>,
    /// Claims per report (by display place), in text order.
    report_claims: Vec<Vec<ClaimId>>,
    /// Each claim's anchor number (`c<n>`), in display order of reports and text.
    claim_anchor: Vec<u32>,
    /// For each claim, the entries it takes part in.
    claim_entries: Vec<Vec<u32>>,
    /// For each report (by display place), how many entries involve it.
    report_entries: Vec<usize>,
    /// Whether the reader holds the report (by display place).
    in_reader: Vec<bool>,
    /// The subjects of findings, by name: each has a timeline, `t<place>`.
    subjects: Vec<EntityId>,
    subject_index: HashMap<EntityId, usize>,
}

impl<'a> Page<'a> {
    fn new(run: &'a Run<'a>) -> Page<'a> {
        let view = run.view;
        let claims = view.claims();
        let mut reports: Vec<ReportId> = (0..view.reports().len() as u32).map(ReportId).collect();
        reports.sort_by(|&a, &b| {
            let (ra, rb) = (view.report(a), view.report(b));
            (time_key(&ra.published), &ra.id).cmp(&(time_key(&rb.published), &rb.id))
        });
        let mut report_index = vec![0; reports.len()];
        for (i, r) in reports.iter().enumerate() {
            report_index[r.0 as usize] = i;
        }
        let mut report_claims: Vec<Vec<ClaimId>> = vec![Vec::new(); reports.len()];
        for (i, c) in claims.iter().enumerate() {
            if let Some(list) = report_claims.get_mut(report_index.get(c.report.0 as usize).copied().unwrap_or(usize::MAX))
            {
                list.push(ClaimId(i as u32));
            }
        }
        let mut claim_anchor = vec![0u32; claims.len()];
        let mut next = 0;
        for list in &mut report_claims {
            list.sort_by(|&a, &b| {
                let (ca, cb) = (&claims[a.0 as usize], &claims[b.0 as usize]);
                (ca.quote.start, ca.quote.end, &ca.id).cmp(&(cb.quote.start, cb.quote.end, &cb.id))
            });
            for c in list.iter() {
                claim_anchor[c.0 as usize] = next;
                next += 1;
            }
        }
        let by_name: HashMap<String, ClaimId> =
            (0..claims.len() as u32).map(|i| (view.claim_ref(ClaimId(i)), ClaimId(i))).collect();
        let mut entries = Vec::with_capacity(run.findings.len() + run.allowed.len());
        let listed = run.findings.iter().map(|f| (f, None)).chain(run.allowed.iter().map(|a| (&a.finding, Some(a))));
        for (finding, allowed) in listed {
            let ids: Vec<Option<ClaimId>> = finding.claims.iter().map(|n| by_name.get(n).copied()).collect();
            // A derived claim (`<report>#<claim>><rule>`) stands on the quote of the claim it
            // comes from, the name before its first `>`.
            let roots: Vec<Option<ClaimId>> = finding
                .claims
                .iter()
                .map(|n| by_name.get(n.split('>').next().unwrap_or(n)).copied())
                .collect();
            let mut reports: Vec<usize> =
                roots.iter().flatten().map(|c| report_index[claims[c.0 as usize].report.0 as usize]).collect();
            reports.sort_unstable();
            reports.dedup();
            entries.push(Entry {
                finding,
                allowed,
                fingerprint: crate::fingerprint::text(finding),
                claims: ids,
                roots,
                subject: finding.subject.as_deref().and_then(|s| view.lookup_entity(s)),
                reports,
            });
        }
        let mut claim_entries = vec![Vec::new(); claims.len()];
        let mut report_entries = vec![0; reports.len()];
        for (i, e) in entries.iter().enumerate() {
            for c in e.claims.iter().flatten() {
                let list: &mut Vec<u32> = &mut claim_entries[c.0 as usize];
                if list.last() != Some(&(i as u32)) {
                    list.push(i as u32);
                }
            }
            for &r in &e.reports {
                report_entries[r] += 1;
            }
        }
        // Above READER_ALL reports, the reader holds the reports whose quotes the cards draw: on a
        // large corpus, notes of corroboration alone reach nearly every report, and the reader
        // would be the whole corpus again.
        let all = reports.len() <= READER_ALL;
        let mut in_reader = vec![all; reports.len()];
        for e in entries.iter().take(CARDS) {
            let f = e.finding;
            let drawn = f.locations.iter().take(cards::figures(f)).filter_map(|l| l.claim.and_then(|i| e.roots.get(i)));
            for c in drawn.flatten() {
                in_reader[report_index[claims[c.0 as usize].report.0 as usize]] = true;
            }
        }
        let mut subjects: Vec<EntityId> = entries.iter().filter_map(|e| e.subject).collect();
        subjects.sort_by(|&a, &b| {
            let (ea, eb) = (view.entity(a), view.entity(b));
            (ea.name.to_lowercase(), &ea.id).cmp(&(eb.name.to_lowercase(), &eb.id))
        });
        subjects.dedup();
        let subject_index = subjects.iter().enumerate().map(|(i, &s)| (s, i)).collect();
        Page {
            subjects,
            subject_index,
            run,
            entries,
            reports,
            report_index,
            report_claims,
            claim_anchor,
            claim_entries,
            report_entries,
            in_reader,
        }
    }

    /// The place of a subject's timeline, if it has one (a finding is about it).
    fn timeline_of(&self, subject: EntityId) -> Option<usize> {
        self.subject_index.get(&subject).copied()
    }

    fn claim(&self, id: ClaimId) -> &'a Claim {
        &self.run.view.claims()[id.0 as usize]
    }

    /// The report a claim is in, by display place.
    fn claim_report(&self, id: ClaimId) -> usize {
        self.report_index[self.claim(id).report.0 as usize]
    }

    /// Whether the reader holds a claim (its report is there).
    fn in_reader(&self, id: ClaimId) -> bool {
        self.in_reader[self.claim_report(id)]
    }

    /// A claim's value with its polarity and certainty: `NOT agreed`, `possibly 300`.
    fn stance(&self, c: &Claim) -> String {
        let view = self.run.view;
        let none = view.predicate(c.predicate).value_type == crate::model::ValueType::None;
        if c.value == Value::None && !none {
            // An open question with no candidate: "it is not yet known who fired".
            return "open question (no value)".to_string();
        }
        let value = view.value_text(c.predicate, &c.value);
        let prefix = match (c.certainty, c.negated) {
            (Certainty::Certain, false) => "",
            (Certainty::Certain, true) => "NOT ",
            (Certainty::Probable, false) => "probably ",
            (Certainty::Probable, true) => "probably NOT ",
            (Certainty::Possible, false) => "possibly ",
            (Certainty::Possible, true) => "possibly NOT ",
            (Certainty::Unknown, false) => "unknown whether ",
            (Certainty::Unknown, true) => "unknown whether NOT ",
        };
        format!("{prefix}{value}")
    }

    /// Who asserts a claim, and whom they speak for: `Mevlut Cavusoglu (for Turkish foreign
    /// ministry)`.
    fn speaker(&self, c: &Claim) -> String {
        let view = self.run.view;
        let name = view.speaker_name(&c.source).to_string();
        match &c.source {
            Speaker::Entity(e) => {
                let voices: Vec<&str> = view.entity(*e).speaks_for.iter().map(|v| view.entity(*v).name.as_str()).collect();
                if voices.is_empty() {
                    name
                } else {
                    format!("{name} (for {})", voices.join(", "))
                }
            }
            Speaker::Outlet(_) => name,
        }
    }
}

/// A time as a number for ordering and axes: its instant, else noon UTC of its date.
fn time_key(t: &crate::time::Time) -> i64 {
    t.instant.unwrap_or_else(|| t.date.days_since_epoch() * 86_400 + 43_200)
}

/// `text` cut to at most `chars` characters, an ellipsis ending what was cut.
fn truncate(text: &str, chars: usize) -> String {
    if text.chars().count() <= chars {
        return text.to_string();
    }
    let mut s: String = text.chars().take(chars.saturating_sub(1)).collect();
    s.push('…');
    s
}

fn certainty_name(c: Certainty) -> &'static str {
    Certainty::NAMES[c as usize]
}

/// Whether a claim asserts, denies or hedges: the class every view draws it with.
fn stance_class(c: &Claim) -> &'static str {
    if c.asserts() {
        "asserts"
    } else if c.denies() {
        "denies"
    } else {
        "hedges"
    }
}

pub fn render(run: &Run, out: &mut dyn Write, options: &Options) -> io::Result<()> {
    let page = Page::new(run);
    let mut html = String::with_capacity(1 << 16);
    document(&page, options, &mut html);
    out.write_all(html.as_bytes())
}

fn document(page: &Page, options: &Options, h: &mut String) {
    let view = page.run.view;
    let (reports, claims) = view.checked();
    let tally = Tally::of(page.run.findings);
    h.push_str("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n");
    let _ = writeln!(h, "<meta http-equiv=\"Content-Security-Policy\" content=\"{}\">", content_security_policy());
    h.push_str("<meta name=\"referrer\" content=\"no-referrer\">\n");
    h.push_str("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
    h.push_str("<meta name=\"generator\" content=\"claimlint ");
    h.push_str(env!("CARGO_PKG_VERSION"));
    h.push_str("\">\n");
    let _ = writeln!(
        h,
        "<title>claimlint report: {}, {}, {}</title>",
        count(tally.errors, "error"),
        count(tally.warnings, "warning"),
        count(tally.notes, "note")
    );
    let _ = writeln!(h, "<style>\n{STYLE}</style>\n</head>\n<body>");
    h.push_str("<a class=\"skip\" href=\"#findings\">Skip to the findings</a>\n");
    h.push_str("<header class=\"top\">\n<h1>claimlint report</h1>\n");
    let _ = writeln!(
        h,
        "<p class=\"lede\">{} and {} checked: <span class=\"sev error\">{}</span> \
         <span class=\"sev warning\">{}</span> <span class=\"sev note\">{}</span>{}</p>",
        count(reports, "report"),
        count(claims, "claim"),
        count(tally.errors, "error"),
        count(tally.warnings, "warning"),
        count(tally.notes, "note"),
        if page.run.allowed.is_empty() { String::new() } else { format!(", {} allowed", page.run.allowed.len()) }
    );
    h.push_str(
        "<nav aria-label=\"Sections\"><ul><li><a href=\"#summary\">Summary</a></li>\
         <li><a href=\"#findings\">Findings</a></li><li><a href=\"#reader\">Reports</a></li>\
         <li><a href=\"#timelines\">Timelines</a></li><li><a href=\"#graph\">Graph</a></li></ul></nav>\n</header>\n",
    );
    h.push_str("<main>\n");
    summary(page, options, h);
    cards::findings(page, h);
    reader::reader(page, h);
    timeline::timelines(page, h);
    graph::graph(page, h);
    h.push_str("</main>\n<footer class=\"bottom\"><p>Written by claimlint ");
    h.push_str(env!("CARGO_PKG_VERSION"));
    h.push_str(
        ". Keys: <kbd>j</kbd>/<kbd>k</kbd> next and previous finding, <kbd>/</kbd> search, \
         <kbd>Esc</kbd> clear the filters.</p></footer>\n",
    );
    let _ = writeln!(h, "<script type=\"application/json\" id=\"claimlint-data\">{}</script>", json_block(&data(page)));
    let _ = writeln!(h, "<script>{SCRIPT}</script>\n</body>\n</html>");
}

/// What the script needs besides the document: the names its filters offer.
fn data(page: &Page) -> serde_json::Value {
    let view = page.run.view;
    let mut kinds = BTreeSet::new();
    let mut subjects = BTreeMap::new();
    for e in &page.entries {
        kinds.insert(e.finding.kind.as_str());
        if let Some(s) = e.finding.subject.as_deref() {
            let name = e.subject.map_or(s, |id| view.entity(id).name.as_str());
            subjects.insert(s, name);
        }
    }
    let reports: Vec<serde_json::Value> = (0..page.reports.len())
        .filter(|&i| page.report_entries[i] > 0 && page.in_reader[i])
        .map(|i| {
            let r = view.report(page.reports[i]);
            serde_json::json!([format!("r{i}"), format!("{} ({}, {})", r.title, r.outlet, r.published)])
        })
        .collect();
    let mut subjects: Vec<(&str, &str)> = subjects.into_iter().collect();
    subjects.sort_by(|a, b| a.1.to_lowercase().cmp(&b.1.to_lowercase()).then(a.0.cmp(b.0)));
    serde_json::json!({
        "version": 1,
        "kinds": kinds.into_iter().collect::<Vec<_>>(),
        "subjects": subjects.into_iter().map(|(id, name)| serde_json::json!([id, name])).collect::<Vec<_>>(),
        "reports": reports,
    })
}

fn summary(page: &Page, options: &Options, h: &mut String) {
    let view = page.run.view;
    h.push_str("<section id=\"summary\" aria-labelledby=\"summary-h\">\n<h2 id=\"summary-h\">Summary</h2>\n");
    if let Some(scope) = view.scope() {
        let _ = writeln!(
            h,
            "<p class=\"scope\">Only what concerns {} is shown: {} checked against the whole corpus at <code>{}</code> \
             ({} and {}){}.</p>",
            count(scope.files.len(), "claim file"),
            scope.files.iter().map(|f| format!("<code>{}</code>", esc(f))).collect::<Vec<_>>().join(", "),
            esc(&scope.root),
            count(scope.corpus_reports, "report"),
            count(scope.corpus_claims, "claim"),
            if scope.problems_elsewhere > 0 {
                format!("; {} in other files of the corpus not shown", count(scope.problems_elsewhere, "problem"))
            } else {
                String::new()
            }
        );
    }
    // Counts by kind and severity.
    let mut by_kind: BTreeMap<&str, [usize; 4]> = BTreeMap::new();
    for e in &page.entries {
        let row = by_kind.entry(e.finding.kind.as_str()).or_default();
        match (e.allowed.is_some(), e.finding.severity) {
            (true, _) => row[3] += 1,
            (false, Severity::Error) => row[0] += 1,
            (false, Severity::Warning) => row[1] += 1,
            (false, Severity::Note) => row[2] += 1,
        }
    }
    h.push_str("<div class=\"summary-grid\">\n<table class=\"counts\">\n<caption>Findings by kind and severity</caption>\n");
    h.push_str(
        "<thead><tr><th scope=\"col\">kind</th><th scope=\"col\">errors</th><th scope=\"col\">warnings</th>\
         <th scope=\"col\">notes</th><th scope=\"col\">allowed</th></tr></thead>\n<tbody>\n",
    );
    let mut total = [0usize; 4];
    for (kind, row) in &by_kind {
        let _ = write!(h, "<tr><th scope=\"row\">{}</th>", esc(kind));
        for (i, n) in row.iter().enumerate() {
            total[i] += n;
            let _ = write!(h, "<td>{n}</td>");
        }
        h.push_str("</tr>\n");
    }
    h.push_str("</tbody>\n<tfoot><tr><th scope=\"row\">all</th>");
    for n in total {
        let _ = write!(h, "<td>{n}</td>");
    }
    h.push_str("</tr></tfoot>\n</table>\n");
    // The options of the run.
    h.push_str("<dl class=\"options\">\n");
    let _ = write!(h, "<dt>format</dt><dd>html</dd>");
    for (name, value) in &options.settings {
        let _ = write!(h, "<dt>{}</dt><dd><code>{}</code></dd>", esc(name), esc(value));
    }
    let mut packs: Vec<&str> = view.rules().iter().map(|r| r.pack.as_str()).collect();
    packs.sort_unstable();
    packs.dedup();
    let _ = write!(
        h,
        "<dt>rules</dt><dd>{} from {}: {}</dd>",
        view.rules().len(),
        count(packs.len(), "pack"),
        packs.iter().map(|p| esc(p).into_owned()).collect::<Vec<_>>().join(", ")
    );
    h.push_str("\n</dl>\n</div>\n");
    // The reports.
    let shown = page.in_reader.iter().filter(|&&b| b).count();
    // A long table is laid out only when asked for.
    let _ = writeln!(
        h,
        "<details class=\"reports-table\"{}><summary>The {} reports</summary>",
        if shown <= REPORTS_OPEN { " open" } else { "" },
        shown
    );
    h.push_str("<div class=\"table-wrap\"><table class=\"reports\">\n");
    let _ = writeln!(
        h,
        "<caption>Reports{}</caption>",
        if shown < page.reports.len() {
            format!(
                ": the {} whose quotes the finding cards show, of {} (above {READER_ALL} reports the others are left \
                 out)",
                shown,
                page.reports.len()
            )
        } else {
            String::new()
        }
    );
    h.push_str(
        "<thead><tr><th scope=\"col\">report</th><th scope=\"col\">outlet</th><th scope=\"col\">published</th>\
         <th scope=\"col\">claims</th><th scope=\"col\">findings</th></tr></thead>\n<tbody>\n",
    );
    for (i, &r) in page.reports.iter().enumerate() {
        if !page.in_reader[i] {
            continue;
        }
        let report = view.report(r);
        let _ = write!(h, "<tr><td><a href=\"#r{i}\">{}</a>", esc(&report.title));
        if let Some(url) = &report.url {
            h.push(' ');
            url_html(url, h);
        }
        let via = if report.via.is_empty() {
            String::new()
        } else {
            format!(" (via {})", esc(&report.via.join(", ")))
        };
        let _ = writeln!(
            h,
            "</td><td>{}{via}</td><td><time>{}</time></td><td>{}</td><td>{}</td></tr>",
            esc(&report.outlet),
            report.published,
            page.report_claims[i].len(),
            page.report_entries[i]
        );
    }
    h.push_str("</tbody>\n</table></div></details>\n</section>\n");
}

/// A report's url: a link when it is `http(s)` ([`safe_url`]), else its text.
fn url_html(url: &str, h: &mut String) {
    match safe_url(url) {
        Some(u) => {
            let _ = write!(h, "<a class=\"out\" href=\"{}\" rel=\"noopener noreferrer\">source</a>", esc(u));
        }
        None => {
            let _ = write!(h, "<span class=\"url-text\" title=\"not a web address: not linked\">{}</span>", esc(url));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_markup_quotes_and_controls() {
        assert_eq!(esc("plain “text”, café"), "plain “text”, café");
        assert!(matches!(esc("plain"), std::borrow::Cow::Borrowed(_)));
        assert_eq!(
            esc("<script>alert('x')</script> & \"onerror=\""),
            "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;onerror=&quot;"
        );
        assert_eq!(esc("a\u{202e}b\u{1b}c\nd\te"), "a\\u{202e}b\\u{1b}c\nd\te");
        // An already escaped text is escaped again, never taken as markup.
        assert_eq!(esc("&lt;"), "&amp;lt;");
    }

    #[test]
    fn only_web_urls_are_linked() {
        assert_eq!(safe_url("https://example.org/a?b=1&c=2"), Some("https://example.org/a?b=1&c=2"));
        assert_eq!(safe_url("HTTP://example.org/"), Some("HTTP://example.org/"));
        for bad in [
            "javascript:alert(1)",
            " javascript:alert(1)",
            "JaVaScRiPt:alert(1)",
            "data:text/html,<script>alert(1)</script>",
            "https://exa mple.org",
            "https://example.org/\nx",
            "http://",
            "//example.org",
            "reports/a.txt",
            "",
        ] {
            assert_eq!(safe_url(bad), None, "{bad:?}");
        }
    }

    #[test]
    fn json_blocks_cannot_close_their_script() {
        let v = serde_json::json!({"t": "</script><script>alert(1)</script><!--&"});
        let block = json_block(&v);
        assert!(!block.contains('<') && !block.contains('>') && !block.contains('&'), "{block}");
        let back: serde_json::Value = serde_json::from_str(&block).unwrap();
        assert_eq!(back, v);
    }

    #[test]
    fn the_policy_names_the_script_by_its_hash() {
        let csp = content_security_policy();
        assert!(csp.starts_with("default-src 'none'; style-src 'unsafe-inline'; script-src 'sha256-"), "{csp}");
        // 32 bytes in base64: 44 characters.
        let hash = csp.rsplit("'sha256-").next().unwrap().trim_end_matches('\'');
        assert_eq!(hash.len(), 44, "{hash}");
        assert!(!SCRIPT.contains("</script"), "the script must not close its own element");
    }
}
