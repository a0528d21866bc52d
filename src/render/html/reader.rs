//! The report reader: each report's text with every claim's quote highlighted. A highlighted
//! quote is a link to its claim, listed under the text with its predicate, value, certainty,
//! source and time and the findings it takes part in; the claim links back to its quote. It
//! works without script: a report is a `<details>` that the browser opens when a link leads
//! into it, and the selected claim stands out by `:target`.

use super::{certainty_name, esc, stance_class, url_html, Page};
use crate::model::ClaimId;
use std::fmt::Write as _;

/// Up to this many reports in the reader, they are open from the start.
const OPEN: usize = 12;
/// Findings linked from one claim of the reader; the rest are counted.
const LINKS: usize = 12;

pub(super) fn reader(page: &Page, h: &mut String) {
    let shown = page.in_reader.iter().filter(|&&b| b).count();
    h.push_str("<section id=\"reader\" aria-labelledby=\"reader-h\">\n<h2 id=\"reader-h\">Reports</h2>\n");
    let _ = writeln!(
        h,
        "<p class=\"intro\">Each report's text, every claim's quote highlighted: select a quote to see its claim \
         and the findings it takes part in.{}</p>",
        if shown < page.reports.len() {
            format!(" Only the {shown} reports with a claim in a finding are here, of {}.", page.reports.len())
        } else {
            String::new()
        }
    );
    for i in 0..page.reports.len() {
        if page.in_reader[i] {
            report(page, i, shown <= OPEN, h);
        }
    }
    h.push_str("</section>\n");
}

fn report(page: &Page, i: usize, open: bool, h: &mut String) {
    let view = page.run.view;
    let r = view.report(page.reports[i]);
    let claims = &page.report_claims[i];
    let _ = write!(
        h,
        "<details class=\"report\" id=\"r{i}\"{}><summary><h3>{}</h3> <span class=\"byline\">{}",
        if open { " open" } else { "" },
        esc(&r.title),
        esc(&r.outlet)
    );
    if !r.via.is_empty() {
        let _ = write!(h, " (via {})", esc(&r.via.join(", ")));
    }
    let _ = writeln!(
        h,
        ", <time>{}</time> · {} · {}</span></summary>",
        r.published,
        crate::findings::count(claims.len(), "claim"),
        crate::findings::count(page.report_entries[i], "finding")
    );
    let text_file = page.run.sources.get(r.text);
    let _ = write!(h, "<p class=\"file\"><code>{}</code>", esc(&text_file.path));
    if let Some(url) = &r.url {
        h.push_str(" · ");
        url_html(url, h);
    }
    h.push_str("</p>\n<div class=\"text\">");
    let text: &str = &text_file.text;
    let mut pos = 0;
    let mut overlapping = Vec::new();
    for &c in claims {
        let claim = page.claim(c);
        let (start, end) = (claim.quote.start, claim.quote.end);
        let inside = claim.quote.file == r.text
            && end <= text.len()
            && text.is_char_boundary(start)
            && text.is_char_boundary(end);
        if !inside || start < pos {
            overlapping.push(c);
            continue;
        }
        let n = page.claim_anchor[c.0 as usize];
        h.push_str(&esc(&text[pos..start]));
        let _ = write!(h, "<a class=\"q {}\" id=\"q{n}\" href=\"#c{n}\"><mark>{}</mark></a>", stance_class(claim), esc(&text[start..end]));
        pos = end;
    }
    h.push_str(&esc(&text[pos..]));
    h.push_str("</div>\n");
    if !claims.is_empty() {
        let _ = writeln!(h, "<h4>Claims of this report</h4>\n<ol class=\"claim-list\">");
        for &c in claims {
            claim_item(page, c, overlapping.contains(&c), h);
        }
        h.push_str("</ol>\n");
    }
    h.push_str("</details>\n");
}

fn claim_item(page: &Page, c: ClaimId, unmarked: bool, h: &mut String) {
    let view = page.run.view;
    let claim = page.claim(c);
    let n = page.claim_anchor[c.0 as usize];
    let quote = page.run.sources.text(claim.quote);
    let _ = write!(h, "<li id=\"c{n}\" class=\"claim {}\">", stance_class(claim));
    if unmarked {
        // Its words overlap another claim's quote, highlighted in the text: shown here.
        let _ = write!(h, "<mark>{}</mark> ", esc(quote));
    } else {
        let _ = write!(h, "<a class=\"back\" href=\"#q{n}\">“{}”</a> ", esc(quote));
    }
    let subject = view.entity(claim.subject);
    let _ = write!(
        h,
        "<span class=\"facts\"><span class=\"label\"><span class=\"k\">subject</span> {}</span> \
         <span class=\"label\"><span class=\"k\">predicate</span> {}</span> \
         <span class=\"label\"><span class=\"k\">value</span> <span class=\"shape\" aria-hidden=\"true\"></span>{}</span> \
         <span class=\"label\"><span class=\"k\">certainty</span> {}</span> \
         <span class=\"label\"><span class=\"k\">source</span> {}</span> \
         <span class=\"label\"><span class=\"k\">time</span> <time>{}</time></span> <code>{}</code></span>",
        esc(&subject.name),
        esc(&view.predicate(claim.predicate).name),
        esc(&page.stance(claim)),
        certainty_name(claim.certainty),
        esc(&page.speaker(claim)),
        claim.as_of,
        esc(&claim.id)
    );
    if let Some(note) = &claim.note {
        let _ = write!(h, " <span class=\"claim-note\">{}</span>", esc(note));
    }
    let entries = &page.claim_entries[c.0 as usize];
    if !entries.is_empty() {
        h.push_str("<ul class=\"in-findings\">");
        for &e in entries.iter().take(LINKS) {
            let f = page.entries[e as usize].finding;
            let sev = f.severity.as_str();
            let _ = write!(h, "<li><a href=\"#f{e}\"><span class=\"sev {sev}\">{sev}</span> {}</a></li>", esc(&f.message));
        }
        if entries.len() > LINKS {
            let _ = write!(h, "<li>and {} more</li>", entries.len() - LINKS);
        }
        h.push_str("</ul>");
    }
    h.push_str("</li>\n");
}
