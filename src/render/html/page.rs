//! What the parts of the HTML report share: the page (the run, its findings as entries, and the
//! indexes built once over reports, claims and subjects), the limits that keep a large corpus's
//! page usable, and escaping. The parts (`cards`, `reader`, `timeline`, `graph`) and the document
//! (`mod.rs`) read it; it reads none of them.

use crate::render::Run;
use crate::findings::{Allowed, Finding};
use crate::model::{Certainty, Claim, ClaimId, EntityId, ReportId, Speaker, Value};
use std::collections::HashMap;
use std::fmt::Write as _;

/// Places drawn with their quote in context on one card (the others are listed as links): all
/// the sides of a disagreement up to 8, a few of the reports that corroborate a fact.
pub(super) fn figures(f: &crate::findings::Finding) -> usize {
    if f.severity == crate::findings::Severity::Note {
        3
    } else {
        8
    }
}

/// Up to this many reports, the summary's table of reports is open from the start.
pub(super) const REPORTS_OPEN: usize = 50;

/// Up to this many reports the reader holds them all; above, only those with a quote drawn on
/// a card (of one of the first [`CARDS`] findings).
pub(super) const READER_ALL: usize = 200;

/// Findings drawn as full cards; the rest are one row each, grouped by subject.
pub(super) const CARDS: usize = 2000;

/// Text made safe for HTML, in element content and in quoted attribute values alike: `&`, `<`,
/// `>`, `"` and `'` become character references, and characters that would reorder or hide what
/// a reader sees (controls, bidirectional overrides) are shown escaped, `\u{202e}`, as in
/// terminal output ([`crate::printable`]). Line feeds, carriage returns and tabs are kept.
pub(super) fn esc(text: &str) -> std::borrow::Cow<'_, str> {
    crate::printable::escape_with(text, |c| match c {
        '&' => Some("&amp;"),
        '<' => Some("&lt;"),
        '>' => Some("&gt;"),
        '"' => Some("&quot;"),
        '\'' => Some("&#39;"),
        // Harmless in HTML, and part of a report's text as written.
        '\r' => Some("\r"),
        '\t' => Some("\t"),
        _ => None,
    })
}

/// A report's url, when it is one a reader may follow: `http` or `https`, with no whitespace or
/// control character in it. Anything else (`javascript:`, `data:`, a relative path) is shown as
/// text, never linked.
pub(super) fn safe_url(url: &str) -> Option<&str> {
    let lower = url.get(..8).unwrap_or(url).to_ascii_lowercase();
    let scheme = lower.starts_with("https://") || lower.starts_with("http://");
    let clean = !url.chars().any(|c| c.is_whitespace() || c.is_control() || crate::printable::is_unsafe(c));
    (scheme && clean && url.len() > 8).then_some(url)
}

/// JSON for a `<script type="application/json">` block: `<`, `>` and `&` written as `\u003c`…,
/// so no text in it can close the block or open a comment.
pub(super) fn json_block(value: &serde_json::Value) -> String {
    let text = value.to_string();
    text.replace('<', "\\u003c").replace('>', "\\u003e").replace('&', "\\u0026")
}

/// One finding of the page: a finding, or one an `[[allow]]` accepts, with what every part of
/// the page asks of it.
pub(super) struct Entry<'a> {
    pub(super) finding: &'a Finding,
    /// The reason of the `[[allow]]` that accepts it.
    pub(super) allowed: Option<&'a Allowed>,
    pub(super) fingerprint: String,
    /// Its claims as the corpus holds them (`None`: a derived claim, known by its label).
    pub(super) claims: Vec<Option<ClaimId>>,
    /// The claims whose quotes they stand on: each claim itself, or the one a derived claim
    /// comes from.
    pub(super) roots: Vec<Option<ClaimId>>,
    pub(super) subject: Option<EntityId>,
    /// The reader's anchors of the reports its claims are in, sorted.
    pub(super) reports: Vec<usize>,
}

/// What the parts of the page share: the run, and indexes built once.
pub(super) struct Page<'a> {
    pub(super) run: &'a Run<'a>,
    pub(super) entries: Vec<Entry<'a>>,
    /// Reports in display order (published, then id); `report_index[r]` is report r's place.
    pub(super) reports: Vec<ReportId>,
    pub(super) report_index: Vec<usize>,
    /// Claims per report (by display place), in text order.
    pub(super) report_claims: Vec<Vec<ClaimId>>,
    /// Each claim's anchor number (`c<n>`), in display order of reports and text.
    pub(super) claim_anchor: Vec<u32>,
    /// For each claim, the entries it takes part in.
    pub(super) claim_entries: Vec<Vec<u32>>,
    /// For each report (by display place), how many entries involve it.
    pub(super) report_entries: Vec<usize>,
    /// Whether the reader holds the report (by display place).
    pub(super) in_reader: Vec<bool>,
    /// The subjects of findings, by name: each has a timeline, `t<place>`.
    pub(super) subjects: Vec<EntityId>,
    pub(super) subject_index: HashMap<EntityId, usize>,
}

impl<'a> Page<'a> {
    pub(super) fn new(run: &'a Run<'a>) -> Page<'a> {
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
            let drawn = f.locations.iter().take(figures(f)).filter_map(|l| l.claim_index().and_then(|i| e.roots.get(i)));
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
    pub(super) fn timeline_of(&self, subject: EntityId) -> Option<usize> {
        self.subject_index.get(&subject).copied()
    }

    pub(super) fn claim(&self, id: ClaimId) -> &'a Claim {
        &self.run.view.claims()[id.0 as usize]
    }

    /// The report a claim is in, by display place.
    pub(super) fn claim_report(&self, id: ClaimId) -> usize {
        self.report_index[self.claim(id).report.0 as usize]
    }

    /// Whether the reader holds a claim (its report is there).
    pub(super) fn in_reader(&self, id: ClaimId) -> bool {
        self.in_reader[self.claim_report(id)]
    }

    /// A claim's value with its polarity and certainty: `NOT agreed`, `possibly 300`.
    pub(super) fn stance(&self, c: &Claim) -> String {
        let view = self.run.view;
        let none = view.predicate(c.predicate).value_type == crate::model::ValueType::None;
        if c.value == Value::Unstated || (c.value == Value::None && !none) {
            // An open question with no candidate: "it is not yet known who fired".
            return "open question (no value)".to_string();
        }
        let value = view.value_text(c.predicate, &c.value);
        let prefix = match c.certainty.stance_prefix(c.negated) {
            Some(prefix) => prefix,
            None if c.negated => "unknown whether NOT ",
            None => "unknown whether ",
        };
        format!("{prefix}{value}")
    }

    /// Who asserts a claim, and whom they speak for: `Mevlut Cavusoglu (for Turkish foreign
    /// ministry)`.
    pub(super) fn speaker(&self, c: &Claim) -> String {
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
pub(super) fn time_key(t: &crate::time::Time) -> i64 {
    t.instant.unwrap_or_else(|| t.date.days_since_epoch() * 86_400 + 43_200)
}

/// `text` cut to at most `chars` characters, an ellipsis ending what was cut.
pub(super) fn truncate(text: &str, chars: usize) -> String {
    if text.chars().count() <= chars {
        return text.to_string();
    }
    let mut s: String = text.chars().take(chars.saturating_sub(1)).collect();
    s.push('…');
    s
}

pub(super) fn certainty_name(c: Certainty) -> &'static str {
    Certainty::NAMES[c as usize]
}

/// Whether a claim asserts, denies or hedges: the class every view draws it with.
pub(super) fn stance_class(c: &Claim) -> &'static str {
    if c.asserts() {
        "asserts"
    } else if c.denies() {
        "denies"
    } else {
        "hedges"
    }
}


/// Opens the body of a closed `<details>` that a large page holds many of (the reports of the
/// reader, timelines, the table of reports): inside `<noscript>`. With scripting off the browser
/// builds it as any markup, so the page reads the same; with script the parser takes it as one
/// run of text, which the page's script turns into elements when the `<details>` opens or a link
/// leads into it. On the 100k-claim corpus this is most of the page the parser need not build.
pub(super) fn lazy_body(lazy: bool, h: &mut String) {
    if lazy {
        h.push_str("<noscript>");
    }
}

/// Closes what [`lazy_body`] opened.
pub(super) fn lazy_end(lazy: bool, h: &mut String) {
    if lazy {
        h.push_str("</noscript>");
    }
}

/// Closed `<details>` laid out together: a page of the 100k-claim corpus has thousands of
/// reports, timelines and groups of rows, each a `<details>`, and styling them, or watching each
/// for when it comes near (`content-visibility: auto` on every one), cost more than a second of
/// its load. A fold of [`FOLD`] of them is one `content-visibility: auto` block, sized by
/// estimate until it is near: the page lays out nothing of it before.
pub(super) struct Folds {
    /// The estimated height of one closed item, in tenths of a `rem`.
    tenths: usize,
    total: usize,
    done: usize,
}

/// Closed `<details>` per fold.
pub(super) const FOLD: usize = 200;

impl Folds {
    /// Folds for `total` items, each about `tenths`/10 rem high when closed.
    pub(super) fn new(total: usize, tenths: usize) -> Folds {
        Folds { tenths, total, done: 0 }
    }

    /// Call before each item: opens a fold when one begins (and closes the one before).
    pub(super) fn item(&mut self, h: &mut String) {
        if self.done % FOLD == 0 {
            if self.done > 0 {
                h.push_str("</div>\n");
            }
            let n = (self.total - self.done).min(FOLD);
            let _ = writeln!(h, "<div class=\"fold\" style=\"contain-intrinsic-size: auto {}rem\">", (n * self.tenths).div_ceil(10));
        }
        self.done += 1;
    }

    /// Closes the last fold.
    pub(super) fn end(self, h: &mut String) {
        if self.done > 0 {
            h.push_str("</div>\n");
        }
    }
}

/// A report's url: a link when it is `http(s)` ([`safe_url`]), else its text.
pub(super) fn url_html(url: &str, h: &mut String) {
    match safe_url(url) {
        Some(u) => {
            let _ = write!(h, "<a class=\"out\" href=\"{}\" rel=\"noopener noreferrer\">source</a>", esc(u));
        }
        None => {
            let _ = write!(h, "<span class=\"url-text\" title=\"not a web address: not linked\">{}</span>", esc(url));
        }
    }
}
