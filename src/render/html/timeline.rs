//! A timeline per subject that has a finding: an inline SVG of the claims of its findings on a
//! time axis, one row per claim grouped by predicate. Asserting, denying and hedging claims are
//! told apart by shape (disc, cross, hollow diamond) as well as colour; each is labelled with
//! its value and links to the claim in the reader; the claims of each finding are joined by a
//! line in the finding's severity colour.

use super::page::{esc, lazy_body, lazy_end, stance_class, time_key, truncate, Folds, Page};
use crate::model::ClaimId;
use std::collections::BTreeMap;
use std::fmt::Write as _;

/// Claims drawn in one timeline (those of its first findings); the rest are counted.
const MAX_CLAIMS: usize = 16;
/// Timelines open from the start; the others open on request (and are not laid out before).
const OPEN: usize = 12;
const WIDTH: i64 = 1010;
const X0: i64 = 120;
const X1: i64 = 560;
const ROW: i64 = 22;
const TOP: i64 = 34;

pub(super) fn timelines(page: &Page, h: &mut String) {
    h.push_str("<section id=\"timelines\" aria-labelledby=\"timelines-h\">\n<h2 id=\"timelines-h\">Timelines</h2>\n");
    if page.subjects.is_empty() {
        h.push_str("<p class=\"empty\">No finding is about a subject.</p>\n</section>\n");
        return;
    }
    h.push_str(
        "<p class=\"intro\">For each subject of a finding, the claims of its findings on a time axis: \
         <span class=\"key asserts\"><span class=\"shape\" aria-hidden=\"true\"></span>asserts</span>, \
         <span class=\"key denies\"><span class=\"shape\" aria-hidden=\"true\"></span>denies</span>, \
         <span class=\"key hedges\"><span class=\"shape\" aria-hidden=\"true\"></span>hedges</span>; \
         a line joins each pair of opposing claims of a finding (the claims of a finding without pairs, in one line).</p>\n",
    );
    let mut by_subject: Vec<Vec<usize>> = vec![Vec::new(); page.subjects.len()];
    for (i, e) in page.entries.iter().enumerate() {
        if let Some(t) = e.subject.and_then(|s| page.timeline_of(s)) {
            by_subject[t].push(i);
        }
    }
    // The closed ones in folds (a closed one is about 3.4 rem high).
    let mut folds = Folds::new(by_subject.len().saturating_sub(OPEN), 34);
    for (t, entries) in by_subject.iter().enumerate() {
        if t >= OPEN {
            folds.item(h);
        }
        timeline(page, t, entries, t < OPEN, h);
    }
    folds.end(h);
    h.push_str("</section>\n");
}

fn timeline(page: &Page, t: usize, entries: &[usize], open: bool, h: &mut String) {
    let view = page.run.view;
    let subject = view.entity(page.subjects[t]);
    // The claims of the subject's findings, once each, in the order their findings come.
    let mut claims: Vec<ClaimId> = Vec::new();
    for &e in entries {
        for c in page.entries[e].claims.iter().flatten() {
            if !claims.contains(c) {
                claims.push(*c);
            }
        }
    }
    let total = claims.len();
    claims.truncate(MAX_CLAIMS);
    let name_of = |c: ClaimId| view.predicate(page.claim(c).predicate).name.as_str();
    claims.sort_by(|&a, &b| {
        let (ca, cb) = (page.claim(a), page.claim(b));
        (name_of(a), time_key(&ca.as_of), page.claim_anchor[a.0 as usize]).cmp(&(
            name_of(b),
            time_key(&cb.as_of),
            page.claim_anchor[b.0 as usize],
        ))
    });
    let _ = writeln!(
        h,
        "<details class=\"timeline\" id=\"t{t}\"{}><summary><h3>{}</h3> <span class=\"byline\">{} in {}{}</span></summary>",
        if open { " open" } else { "" },
        esc(&subject.name),
        crate::findings::count(total, "claim"),
        crate::findings::count(entries.len(), "finding"),
        if total > claims.len() { format!(", the first {} drawn", claims.len()) } else { String::new() }
    );
    // Rows: a header per predicate, then a row per claim.
    let mut y = TOP;
    let mut rows: Vec<(ClaimId, i64)> = Vec::new();
    let mut headers: Vec<(&str, i64)> = Vec::new();
    for &c in &claims {
        let p = name_of(c);
        if headers.last().is_none_or(|&(q, _)| q != p) {
            y += ROW;
            headers.push((p, y));
        }
        y += ROW;
        rows.push((c, y));
    }
    let height = y + 2 * ROW + 8;
    let times: Vec<i64> = claims.iter().map(|&c| time_key(&page.claim(c).as_of)).collect();
    let (lo, hi) = (times.iter().copied().min().unwrap_or(0), times.iter().copied().max().unwrap_or(0));
    let x_of = |t: i64| -> i64 {
        if hi == lo {
            (X0 + X1) / 2
        } else {
            X0 + ((t - lo) as i128 * (X1 - X0) as i128 / (hi - lo) as i128) as i64
        }
    };
    let pos: BTreeMap<ClaimId, (i64, i64)> =
        rows.iter().map(|&(c, y)| (c, (x_of(time_key(&page.claim(c).as_of)), y))).collect();
    lazy_body(!open, h);
    let _ = writeln!(
        h,
        "<svg class=\"tl\" viewBox=\"0 0 {WIDTH} {height}\" width=\"{WIDTH}\" height=\"{height}\" role=\"img\" \
         aria-labelledby=\"t{t}-title\"><title id=\"t{t}-title\">Timeline of the claims about {}</title>",
        esc(&subject.name)
    );
    // Row bands and predicate headers.
    for &(_, y) in rows.iter().step_by(2) {
        let _ = write!(h, "<rect class=\"band\" x=\"0\" y=\"{}\" width=\"{WIDTH}\" height=\"{ROW}\"/>", y - ROW / 2);
    }
    for &(p, y) in &headers {
        let _ = write!(h, "<text class=\"pred\" x=\"4\" y=\"{}\">{}</text>", y + 4, esc(p));
    }
    // The axis, with the distinct times of the claims as ticks where there is room.
    let axis = y + ROW;
    let _ = write!(h, "<line class=\"axis\" x1=\"{X0}\" y1=\"{axis}\" x2=\"{X1}\" y2=\"{axis}\"/>");
    let mut ticks: Vec<(i64, String)> = claims.iter().map(|&c| page.claim(c).as_of).map(|a| (time_key(&a), a.to_string())).collect();
    ticks.sort();
    ticks.dedup();
    let mut last_x: Option<i64> = None;
    for (i, (t, label)) in ticks.iter().enumerate() {
        let x = x_of(*t);
        let room = last_x.is_none_or(|l| x - l >= 110) && (i + 1 == ticks.len() || X1 - x >= 60 || x == X1);
        let _ = write!(h, "<line class=\"tick\" x1=\"{x}\" y1=\"{TOP}\" x2=\"{x}\" y2=\"{}\"/>", axis + 4);
        if room {
            let _ = write!(h, "<text class=\"tick-label\" x=\"{x}\" y=\"{}\">{}</text>", axis + 18, esc(label));
            last_x = Some(x);
        }
    }
    // The pairs of each finding joined, one line per pair (DESIGN §8); a finding without pairs
    // (a corroboration, an open question) joins its claims in one line.
    for &e in entries {
        let entry = &page.entries[e];
        let f = entry.finding;
        if !f.pairs.is_empty() {
            // One group per finding, its message said once: a title per line cost 850 KB on the
            // 100k-claim corpus's page.
            let at = |i: usize| entry.claims.get(i).copied().flatten().and_then(|c| pos.get(&c).copied());
            let _ = write!(h, "<g class=\"join sev-{}\"><title>{}</title>", f.severity.as_str(), esc(&f.message));
            for &(a, b) in f.pairs.iter().take(PAIRS_DRAWN) {
                let (Some((x1, y1)), Some((x2, y2))) = (at(a), at(b)) else { continue };
                let _ = write!(h, "<line x1=\"{x1}\" y1=\"{y1}\" x2=\"{x2}\" y2=\"{y2}\"/>");
            }
            h.push_str("</g>");
            continue;
        }
        let mut points: Vec<(i64, i64)> = entry.claims.iter().flatten().filter_map(|c| pos.get(c).copied()).collect();
        if points.len() < 2 {
            continue;
        }
        points.sort_by_key(|&(x, y)| (y, x));
        points.dedup();
        let _ = write!(h, "<polyline class=\"join sev-{}\" points=\"", entry.finding.severity.as_str());
        for (k, (x, y)) in points.iter().enumerate() {
            let _ = write!(h, "{}{x},{y}", if k > 0 { " " } else { "" });
        }
        let _ = write!(h, "\"><title>{}</title></polyline>", esc(&entry.finding.message));
    }
    // The claims.
    for &(c, y) in &rows {
        let claim = page.claim(c);
        let (x, _) = pos[&c];
        let report = view.report(claim.report);
        let stance = page.stance(claim);
        let class = stance_class(claim);
        let label = format!("{stance} · {} · {}, {}", view.speaker_name(&claim.source), report.outlet, claim.as_of);
        let label = esc(&truncate(&label, 58)).into_owned();
        let text = format!("<text x=\"{}\" y=\"{}\">{label}</text>", X1 + 24, y + 4);
        // A link into the reader when it holds the claim's report.
        if page.in_reader(c) {
            let n = page.claim_anchor[c.0 as usize];
            let _ = write!(h, "<a href=\"#c{n}\" class=\"mk {class}\">{}{text}</a>", shape(class, x, y));
        } else {
            let _ = write!(h, "<g class=\"mk {class}\">{}{text}</g>", shape(class, x, y));
        }
    }
    h.push_str("</svg>\n");
    lazy_end(!open, h);
    h.push_str("</details>\n");
}

/// The marker of a claim: a disc asserts, a cross denies, a hollow diamond hedges.
fn shape(class: &str, x: i64, y: i64) -> String {
    match class {
        "asserts" => format!("<circle cx=\"{x}\" cy=\"{y}\" r=\"6\"/>"),
        "denies" => format!(
            "<path d=\"M{} {}l10 10m0 -10l-10 10\" class=\"cross\"/>",
            x - 5,
            y - 5
        ),
        _ => format!("<path d=\"M{x} {}l7 7l-7 7l-7 -7z\" class=\"diamond\"/>", y - 7),
    }
}

/// At most this many pairs of one finding are drawn on a timeline.
const PAIRS_DRAWN: usize = 200;
