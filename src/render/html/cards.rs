//! The findings: a card each for the first [`CARDS`], then one row each inside closed
//! `<details>` per subject. Every card and row is an element of class `finding` with the
//! finding's `data-fingerprint` (the one JSON and SARIF give), and the data attributes the
//! script filters on.

use super::page::{esc, figures, stance_class, Entry, Folds, Page, CARDS};
use crate::findings::Location;
use crate::model::ClaimId;
use std::fmt::Write as _;

/// A paragraph up to this long (in bytes) is shown whole around a quote; a longer one is cut to
/// the quote's sentence, and a sentence longer than this on either side of the quote to this
/// much of it.
const CONTEXT: usize = 240;
/// Claims linked from one row.
const ROW_CLAIMS: usize = 2;

pub(super) fn findings(page: &Page, h: &mut String) {
    h.push_str("<section id=\"findings\" aria-labelledby=\"findings-h\">\n<h2 id=\"findings-h\">Findings</h2>\n");
    h.push_str(
        "<form id=\"filters\" class=\"filters\" hidden role=\"search\" aria-label=\"Filter the findings\">\n\
         <fieldset><legend>Severity</legend>\
         <label><input type=\"checkbox\" name=\"sev\" value=\"error\" checked> errors</label>\
         <label><input type=\"checkbox\" name=\"sev\" value=\"warning\" checked> warnings</label>\
         <label><input type=\"checkbox\" name=\"sev\" value=\"note\" checked> notes</label>\
         <label><input type=\"checkbox\" name=\"allowed\" value=\"allowed\" checked> allowed</label></fieldset>\n\
         <label>Kind <select name=\"kind\"><option value=\"\">all kinds</option></select></label>\n\
         <label>Subject <select name=\"subject\"><option value=\"\">all subjects</option></select></label>\n\
         <label>Report <select name=\"report\"><option value=\"\">all reports</option></select></label>\n\
         <label>Search <input type=\"search\" name=\"q\" placeholder=\"words in a finding\" autocomplete=\"off\"></label>\n\
         <output name=\"shown\" aria-live=\"polite\"></output>\n</form>\n",
    );
    if page.entries.is_empty() {
        h.push_str("<p class=\"empty\">No findings: the claims hang together.</p>\n</section>\n");
        return;
    }
    h.push_str("<div class=\"cards\">\n");
    for (i, e) in page.entries.iter().enumerate().take(CARDS) {
        card(page, i, e, h);
    }
    h.push_str("</div>\n");
    if page.entries.len() > CARDS {
        rows(page, h);
    }
    h.push_str("</section>\n");
}

/// The attributes every finding element carries: id, class (with its severity, `sev-error`),
/// fingerprint and filter data. A row leaves its subject to its group's `data-subject`; the
/// script makes an element focusable when it moves to it. (A hundred thousand bytes less per
/// five thousand rows: the parser's time is much of the time a large page takes to load.)
fn attributes(i: usize, e: &Entry, extra: &str, subject: bool, h: &mut String) {
    let f = e.finding;
    let sev = f.severity.as_str();
    let _ = write!(
        h,
        " id=\"f{i}\" class=\"finding {extra} sev-{sev}{}\" data-fingerprint=\"{}\" data-kind=\"{}\"",
        if e.allowed.is_some() { " allowed" } else { "" },
        esc(&e.fingerprint),
        esc(&f.kind),
    );
    if subject {
        let _ = write!(h, " data-subject=\"{}\"", esc(f.subject.as_deref().unwrap_or("")));
    }
    h.push_str(" data-reports=\"");
    for (k, r) in e.reports.iter().enumerate() {
        let _ = write!(h, "{}r{r}", if k > 0 { " " } else { "" });
    }
    h.push('"');
    if e.allowed.is_some() {
        h.push_str(" data-allowed=\"1\"");
    }
}

fn card(page: &Page, i: usize, e: &Entry, h: &mut String) {
    let f = e.finding;
    let sev = f.severity.as_str();
    h.push_str("<article");
    attributes(i, e, "card", true, h);
    let _ = write!(h, " aria-labelledby=\"f{i}-h\">\n<h3 id=\"f{i}-h\"><span class=\"sev {sev}\">{sev}</span> ");
    let _ = writeln!(h, "<span class=\"rule\">[{}]</span> {}</h3>", esc(&f.rule), esc(&f.message));
    if let Some(a) = e.allowed {
        let _ = writeln!(h, "<p class=\"allowed-mark\"><strong>Allowed</strong> by the config: {}</p>", esc(&a.reason));
    }
    marks(f, h);
    // The finding's claims, each quote in its sentence; when its pairs split them in two, side
    // by side (DESIGN §8: never two claims of one side presented as disagreeing), and which
    // oppose which in a list after them.
    let drawn = figures(f);
    match f.sides() {
        Some(side) => {
            let side_of = |l: &Location| l.claim_index().and_then(|i| side.get(i).copied().flatten());
            h.push_str("<div class=\"sides\">\n");
            for (s, name) in [(0u8, "A"), (1, "B")] {
                let here: Vec<&Location> = f.locations.iter().take(drawn).filter(|l| side_of(l) == Some(s)).collect();
                let _ = writeln!(
                    h,
                    "<section class=\"side side-{}\" aria-label=\"side {name}\"><h4>Side {name}</h4><div class=\"claims\">",
                    name.to_lowercase()
                );
                for loc in here {
                    quote_figure(page, e, loc, h);
                }
                h.push_str("</div></section>\n");
            }
            h.push_str("</div>\n");
            let others: Vec<&Location> = f.locations.iter().take(drawn).filter(|l| side_of(l).is_none()).collect();
            if !others.is_empty() {
                h.push_str("<div class=\"claims\">");
                for loc in others {
                    quote_figure(page, e, loc, h);
                }
                h.push_str("</div>\n");
            }
        }
        None => {
            let _ = writeln!(h, "<div class=\"claims\" aria-label=\"{} involved\">", plural(f.locations.len(), "place"));
            for loc in f.locations.iter().take(drawn) {
                quote_figure(page, e, loc, h);
            }
            h.push_str("</div>\n");
        }
    }
    pairs(f, h);
    if f.locations.len() > drawn {
        let _ = write!(h, "<p class=\"more-claims\">and {} more: ", f.locations.len() - drawn);
        let rest: Vec<ClaimId> =
            f.locations[drawn..].iter().filter_map(|l| l.claim_index().and_then(|i| e.claims.get(i).copied().flatten())).collect();
        claim_links(page, &rest, usize::MAX, h);
        h.push_str("</p>\n");
    }
    if let Some(help) = page.run.help(f) {
        let _ = writeln!(h, "<p class=\"help\"><strong>help:</strong> {}</p>", esc(help));
    }
    if !f.notes.is_empty() {
        h.push_str("<ul class=\"notes\">");
        for n in &f.notes {
            let _ = write!(h, "<li><strong>note:</strong> {}</li>", esc(n));
        }
        h.push_str("</ul>\n");
    }
    if !f.derivation.is_empty() {
        h.push_str("<ol class=\"derivation\" aria-label=\"Derivation\">");
        for d in &f.derivation {
            let _ = write!(
                h,
                "<li><code>{}</code> derived by <code>{}</code> from <code>{}</code></li>",
                esc(&d.claim),
                esc(&d.rule),
                esc(&d.from)
            );
        }
        h.push_str("</ol>\n");
    }
    h.push_str("<p class=\"meta\">");
    let _ = write!(h, "kind <code>{}</code>", esc(&f.kind));
    if let Some(s) = &f.subject {
        let name = e.subject.map_or(s.as_str(), |id| page.run.view.entity(id).name.as_str());
        let _ = write!(h, " · subject {} (<code>{}</code>)", esc(name), esc(s));
        if let Some(t) = e.subject.and_then(|id| page.timeline_of(id)) {
            let _ = write!(h, " · <a href=\"#t{t}\">timeline</a>");
        }
    }
    if let Some(p) = &f.predicate {
        let _ = write!(h, " · predicate <code>{}</code>", esc(p));
    }
    if f.claims.len() > f.locations.iter().filter(|l| l.claim.is_some()).count() {
        let _ = write!(h, " · {}", plural(f.claims.len(), "claim"));
    }
    let _ = writeln!(h, " · fingerprint <code>{}</code></p>\n</article>", esc(&e.fingerprint));
}

/// The marks of a finding, each with what it points to: a dispute one report relays (and the
/// later report that settled it), a contested fact, an answered question, a correction.
fn marks(f: &crate::findings::Finding, h: &mut String) {
    let names = |claims: &[String]| claims.iter().map(|c| format!("<code>{}</code>", esc(c))).collect::<Vec<_>>().join(", ");
    if f.dispute {
        h.push_str("<p class=\"mark dispute-mark\"><strong>Dispute</strong> relayed by one report between sources that are not one voice");
        if !f.links.resolved_by.is_empty() {
            let _ = write!(h, "; settled since by {}", names(&f.links.resolved_by));
        }
        h.push_str("</p>\n");
    }
    if !f.links.contested_by.is_empty() {
        let _ = writeln!(h, "<p class=\"mark contested-mark\"><strong>Contested</strong>: contradicted by {}</p>", names(&f.links.contested_by));
    }
    if !f.links.answered_by.is_empty() {
        let _ = writeln!(h, "<p class=\"mark answered-mark\"><strong>Answered</strong> since by {}</p>", names(&f.links.answered_by));
    }
    if !f.links.corrected_by.is_empty() {
        let _ = writeln!(h, "<p class=\"mark corrected-mark\"><strong>Corrected</strong> by {}: kept on record only</p>", names(&f.links.corrected_by));
    }
}

/// Which claims oppose which, as a list (the first [`PAIRS_LISTED`]; the rest are counted).
fn pairs(f: &crate::findings::Finding, h: &mut String) {
    if f.pairs.is_empty() {
        return;
    }
    let total = f.pairs_total.max(f.pairs.len());
    let _ = write!(h, "<details class=\"pairs\"><summary>{}: which claims oppose which</summary><ol>", plural(total, "pair"));
    for &(a, b) in f.pairs.iter().take(PAIRS_LISTED) {
        let (Some(a), Some(b)) = (f.claims.get(a), f.claims.get(b)) else { continue };
        let _ = write!(h, "<li><code>{}</code> against <code>{}</code></li>", esc(a), esc(b));
    }
    h.push_str("</ol>");
    if total > PAIRS_LISTED.min(f.pairs.len()) {
        let _ = write!(h, "<p>and {} more</p>", total - PAIRS_LISTED.min(f.pairs.len()));
    }
    h.push_str("</details>\n");
}

/// At most this many pairs are listed on a card.
const PAIRS_LISTED: usize = 50;

fn plural(n: usize, word: &str) -> String {
    crate::findings::count(n, word)
}

/// One place of a finding: the quote in its sentence or paragraph, the quoted words in a
/// `<mark>`, labelled with who said it, when, what and how surely, and where to read it.
fn quote_figure(page: &Page, e: &Entry, loc: &Location, h: &mut String) {
    let view = page.run.view;
    let claim: Option<ClaimId> = loc.claim_index().and_then(|i| e.claims.get(i).copied().flatten());
    let class = claim.map_or("place", |c| stance_class(page.claim(c)));
    let _ = write!(h, "<figure class=\"quote {class}\">");
    let _ = write!(h, "<blockquote>");
    in_context(page.run.sources, loc.span, h);
    h.push_str("</blockquote><figcaption>");
    match claim {
        Some(c) => {
            let claim = page.claim(c);
            let report = view.report(claim.report);
            let r = page.claim_report(c);
            // Few elements: a card has up to eight of these, and two thousand cards are parsed
            // before the page is shown. The stance's shape is the figure's class's (CSS).
            let _ = write!(
                h,
                "<b class=\"stance\">{}</b> · source {} · time {} · certainty {} ",
                esc(&page.stance(claim)),
                esc(&page.speaker(claim)),
                claim.as_of,
                super::page::certainty_name(claim.certainty)
            );
            let _ = write!(
                h,
                "<span class=\"where\">in <a href=\"#r{r}\">{}</a> ({}, {})",
                esc(&report.title),
                esc(&report.outlet),
                report.published
            );
            if page.in_reader(c) {
                let _ = write!(h, " · <a href=\"#c{}\">claim {}</a>", page.claim_anchor[c.0 as usize], esc(&claim.id));
            }
            h.push_str("</span>");
        }
        None if loc.claim.is_some() => {
            // A derived claim: its label says what it states and whence; its quote is the claim's
            // it comes from.
            let _ = write!(h, "<b class=\"stance\">{}</b>", esc(&page.run.label(e.finding, loc)));
            if let Some(root) = loc.claim_index().and_then(|i| e.roots.get(i).copied().flatten()).filter(|&r| page.in_reader(r)) {
                let _ = write!(h, " <span class=\"where\"><a href=\"#c{}\">the claim it comes from</a></span>", page.claim_anchor[root.0 as usize]);
            }
        }
        None => {
            let place = crate::render::Place::of(page.run.sources, loc.span);
            let _ = write!(
                h,
                "<span class=\"label\">{}</span> <span class=\"where\"><code>{}:{}:{}</code></span>",
                esc(&page.run.label(e.finding, loc)),
                esc(place.path),
                place.start.line,
                place.start.column
            );
        }
    }
    h.push_str("</figcaption></figure>\n");
}

/// The text around a span, the span itself in a `<mark>`: the line (a paragraph of a report
/// text) it stands in, cut to its sentence when the paragraph is long.
pub(super) fn in_context(sources: &crate::source::Sources, span: crate::source::Span, h: &mut String) {
    let text: &str = sources.get(span.file).text();
    let (start, end) = (floor(text, span.start), floor(text, span.end.max(span.start)));
    let (from, to) = context(text, start, end);
    // An ellipsis where the context cuts a paragraph, not where one begins or ends.
    if from > 0 && !text[..from].ends_with(['\n', '\r']) {
        h.push('…');
    }
    h.push_str(&esc(text[from..start].trim_start()));
    h.push_str("<mark>");
    h.push_str(&esc(&text[start..end]));
    h.push_str("</mark>");
    h.push_str(&esc(text[end..to].trim_end()));
    if to < text.len() && !text[to..].starts_with(['\n', '\r']) {
        h.push('…');
    }
}

/// The largest char boundary at or below `i`, within the text.
fn floor(text: &str, i: usize) -> usize {
    let mut i = i.min(text.len());
    while !text.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// Where the context of `start..end` begins and ends: its line; if that is long, its sentence;
/// if that is long too, [`CONTEXT`] bytes either side, cut at a space.
fn context(text: &str, start: usize, end: usize) -> (usize, usize) {
    let line_from = text[..start].rfind(['\n', '\r']).map_or(0, |i| i + 1);
    let line_to = text[end..].find(['\n', '\r']).map_or(text.len(), |i| end + i);
    if line_to - line_from <= CONTEXT + (end - start) {
        return (line_from, line_to);
    }
    const ENDS: [&str; 3] = [". ", "? ", "! "];
    let mut from = line_from;
    if start > line_from {
        let before = &text[line_from..start];
        from = ENDS.iter().filter_map(|p| before.rfind(p)).max().map_or(line_from, |i| line_from + i + 2);
        if start - from > CONTEXT {
            from = floor(text, start - CONTEXT);
            from = text[from..start].find(' ').map_or(from, |i| from + i + 1);
        }
    }
    let mut to = line_to;
    if line_to > end {
        let after = &text[end..line_to];
        to = ENDS.iter().filter_map(|p| after.find(p)).min().map_or(line_to, |i| end + i + 1);
        if to - end > CONTEXT {
            to = floor(text, end + CONTEXT);
            to = text[end..to].rfind(' ').map_or(to, |i| end + i);
        }
    }
    (from, to)
}

/// Findings past the first [`CARDS`]: one row each, in a closed `<details>` per subject.
fn rows(page: &Page, h: &mut String) {
    let rest = &page.entries[CARDS..];
    let _ = writeln!(
        h,
        "<h3 class=\"more\">{} more, by subject</h3>\n<p>Past the first {CARDS} findings, each is one row: \
         open a subject to see its findings, and follow a claim into the reports.</p>",
        plural(rest.len(), "finding")
    );
    // Groups in the order of the subjects' timelines; findings without a subject last.
    let mut groups: Vec<(usize, Vec<usize>)> = Vec::new();
    let mut index = std::collections::HashMap::new();
    for (k, e) in rest.iter().enumerate() {
        let key = e.subject.and_then(|s| page.timeline_of(s)).unwrap_or(usize::MAX);
        let g = *index.entry(key).or_insert_with(|| {
            groups.push((key, Vec::new()));
            groups.len() - 1
        });
        groups[g].1.push(CARDS + k);
    }
    groups.sort_by_key(|g| g.0);
    // Groups in folds (a closed one is about 2.8 rem high).
    let mut folds = Folds::new(groups.len(), 28);
    for (key, members) in groups {
        folds.item(h);
        let name = match page.subjects.get(key) {
            Some(&s) => esc(&page.run.view.entity(s).name).into_owned(),
            None => "Without a subject".to_string(),
        };
        // The subject the rows' filter data leave out (`""`: findings without one).
        let subject = page.entries[members[0]].finding.subject.as_deref().unwrap_or("");
        let mut tally = [0usize; 3];
        for &i in &members {
            tally[page.entries[i].finding.severity as usize] += 1;
        }
        let _ = writeln!(
            h,
            "<details class=\"group\" data-subject=\"{}\"><summary>{name}: {} ({} errors, {} warnings, {} notes)</summary>\
             <ul class=\"rows\">",
            esc(subject),
            plural(members.len(), "finding"),
            tally[0],
            tally[1],
            tally[2]
        );
        for i in members {
            row(page, i, &page.entries[i], subject, h);
        }
        h.push_str("</ul></details>\n");
    }
    folds.end(h);
}

fn row(page: &Page, i: usize, e: &Entry, group_subject: &str, h: &mut String) {
    let f = e.finding;
    let sev = f.severity.as_str();
    h.push_str("<li");
    // Its subject is its group's, unless it names one no entity has (those are grouped apart).
    attributes(i, e, "row", f.subject.as_deref().unwrap_or("") != group_subject, h);
    let _ = write!(h, "><span class=\"sev {sev}\">{sev}</span> <span class=\"rule\">[{}]</span> {}", esc(&f.rule), esc(&f.message));
    if let Some(a) = e.allowed {
        let _ = write!(h, " <span class=\"allowed-mark\">allowed: {}</span>", esc(&a.reason));
    }
    let shown: Vec<ClaimId> = e.claims.iter().flatten().copied().collect();
    if !shown.is_empty() {
        h.push_str(" · ");
        claim_links(page, &shown, ROW_CLAIMS, h);
    }
    h.push_str("</li>\n");
}

/// Claims as short links into the reader (`Reuters, 2016-12-13: NOT agreed`), the first `max`
/// of them; plain text for a claim whose report the reader leaves out.
fn claim_links(page: &Page, claims: &[ClaimId], max: usize, h: &mut String) {
    for (k, &c) in claims.iter().enumerate().take(max) {
        let claim = page.claim(c);
        let report = page.run.view.report(claim.report);
        let text = format!("{}, {}: {}", esc(&report.outlet), claim.as_of, esc(&page.stance(claim)));
        h.push_str(if k > 0 { "; " } else { "" });
        if page.in_reader(c) {
            let _ = write!(h, "<a href=\"#c{}\">{text}</a>", page.claim_anchor[c.0 as usize]);
        } else {
            h.push_str(&text);
        }
    }
    if claims.len() > max {
        let _ = write!(h, "; and {} more", claims.len() - max);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn context_is_the_line_or_the_sentence() {
        let text = "Title\n\nFirst sentence. The quoted words here. Last one.\nNext";
        let start = text.find("quoted").unwrap();
        let end = start + "quoted words".len();
        let (from, to) = context(text, start, end);
        assert_eq!(&text[from..to], "First sentence. The quoted words here. Last one.");
        let long = format!("{}Before it. The quoted words stand here. After it.{}", "x ".repeat(400), " y".repeat(400));
        let start = long.find("quoted").unwrap();
        let (from, to) = context(&long, start, start + 12);
        assert_eq!(&long[from..to], "The quoted words stand here.");
        // No sentence ends: cut near the limit, at a space, and never inside a character.
        let plain = format!("{}quoted{}", "é ".repeat(300), " ü".repeat(300));
        let start = plain.find("quoted").unwrap();
        let (from, to) = context(&plain, start, start + 6);
        assert!(start - from <= CONTEXT && to - start - 6 <= CONTEXT);
        assert!(plain.is_char_boundary(from) && plain.is_char_boundary(to));
    }
}
