//! The report reader: each report's text with every claim's quote highlighted. A highlighted
//! quote is a link to its claim, listed under the text with its predicate, value, certainty,
//! source and time and the findings it takes part in; the claim links back to its quote. It
//! works without script: a report is a `<details>` that the browser opens when a link leads
//! into it, and the selected claim stands out by `:target`.

use super::page::{certainty_name, esc, lazy_body, lazy_end, stance_class, url_html, Folds, Page};
use crate::model::ClaimId;
use std::fmt::Write as _;

/// Up to this many reports in the reader, they are open from the start.
const OPEN: usize = 12;
/// Findings linked from one claim of the reader; the rest are counted.
const LINKS: usize = 8;

pub(super) fn reader(page: &Page, h: &mut String) {
    let shown = page.in_reader.iter().filter(|&&b| b).count();
    h.push_str("<section id=\"reader\" aria-labelledby=\"reader-h\">\n<h2 id=\"reader-h\">Reports</h2>\n");
    let _ = writeln!(
        h,
        "<p class=\"intro\">Each report's text, every claim's quote highlighted: select a quote to see its claim \
         and the findings it takes part in.{}</p>",
        if shown < page.reports.len() {
            format!(
                " Only the {shown} reports whose quotes the finding cards show are here, of {}.",
                page.reports.len()
            )
        } else {
            String::new()
        }
    );
    let open = shown <= OPEN;
    // Closed reports in folds (a closed one is about 3.4 rem high).
    let mut folds = (!open).then(|| Folds::new(shown, 34));
    for i in 0..page.reports.len() {
        if page.in_reader[i] {
            if let Some(f) = folds.as_mut() {
                f.item(h);
            }
            report(page, i, open, h);
        }
    }
    if let Some(f) = folds {
        f.end(h);
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
    lazy_body(!open, h);
    let _ = write!(h, "<p class=\"file\"><code>{}</code>", esc(&text_file.path));
    if let Some(url) = &r.url {
        h.push_str(" · ");
        url_html(url, h);
    }
    h.push_str("</p>\n<div class=\"report-body\"><div class=\"text\">");
    let text: &str = text_file.text();
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
        let _ = writeln!(
            h,
            "<div class=\"claims-side\"><h4 id=\"r{i}-claims\">Claims of this report</h4>\n\
             <ol class=\"claim-list\" aria-labelledby=\"r{i}-claims\">"
        );
        for &c in claims {
            claim_item(page, c, overlapping.contains(&c), h);
        }
        h.push_str("</ol></div>\n");
    }
    h.push_str("</div>");
    lazy_end(!open, h);
    h.push_str("</details>\n");
}

/// A claim beside its report's text: what it states, how surely, who says it and when, and
/// the findings it takes part in. Kept to one line: a large corpus has a hundred thousand.
fn claim_item(page: &Page, c: ClaimId, unmarked: bool, h: &mut String) {
    let view = page.run.view;
    let claim = page.claim(c);
    let n = page.claim_anchor[c.0 as usize];
    let _ = write!(h, "<li id=\"c{n}\" class=\"claim {}\">", stance_class(claim));
    if unmarked {
        // Its words overlap another claim's quote, highlighted in the text: shown here.
        let _ = write!(h, "<mark>{}</mark> ", esc(page.run.sources.text(claim.quote)));
    }
    let (open, close) = if unmarked { ("<span>".to_string(), "</span>") } else { (format!("<a href=\"#q{n}\">"), "</a>") };
    // Certain is the default: only a hedge is said (`probable`, `possible`, `unknown`).
    let certainty = match claim.certainty {
        crate::model::Certainty::Certain => String::new(),
        c => format!(" · {}", certainty_name(c)),
    };
    let _ = write!(
        h,
        "{open}{}, {}{close} <b>{}</b>{certainty} · {} · {}",
        esc(&view.entity(claim.subject).name),
        esc(&view.predicate(claim.predicate).name),
        esc(&page.stance(claim)),
        esc(view.speaker_name(&claim.source)),
        claim.as_of,
    );
    if let Some(note) = claim.note() {
        let _ = write!(h, " · <i>{}</i>", esc(note));
    }
    let entries = &page.claim_entries[c.0 as usize];
    for &e in entries.iter().take(LINKS) {
        let f = page.entries[e as usize].finding;
        let sev = f.severity.as_str();
        let _ = write!(h, " <a class=\"{sev}\" href=\"#f{e}\">{sev}: {}</a>", esc(&f.kind));
    }
    if entries.len() > LINKS {
        let _ = write!(h, " and {} more", entries.len() - LINKS);
    }
    h.push_str("</li>\n");
}
