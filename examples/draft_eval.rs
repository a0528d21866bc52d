//! Measures `claimlint draft` against hand-written claims: `cargo run --example draft_eval
//! [ROOT]` (default: the repository's example corpus) drafts each report text of the corpus,
//! with its `published` date and the corpus's entities and packs, and compares the draft with
//! the report's claims.
//!
//! - A hand-written claim is *found* when a drafted quote overlaps at least half of its quote's
//!   span; recall is the share found, precision the share of drafted claims that find one.
//! - `--details` also lists, for each found claim, the fields the draft got wrong.
//! - On each found claim, the drafted claim compared is one of the overlapping ones: one with
//!   the same predicate when there is one (and of those, one with the same value). Predicate,
//!   negated, certainty, subject and source agreement are over every found claim; value
//!   agreement over those whose predicates agree. A blank never agrees.

use claimlint::check::{self, Settings};
use claimlint::draft::{self, DraftClaim, DraftValue};
use claimlint::model::{Claim, Corpus, Speaker, Value};
use std::path::PathBuf;

#[derive(Default, Clone, Copy)]
struct Tally {
    hand: usize,
    drafted: usize,
    found: usize,
    useful: usize,
    predicate: usize,
    negated: usize,
    certainty: usize,
    subject: usize,
    source: usize,
    value: usize,
    value_of: usize,
}

impl Tally {
    fn add(&mut self, o: &Tally) {
        self.hand += o.hand;
        self.drafted += o.drafted;
        self.found += o.found;
        self.useful += o.useful;
        self.predicate += o.predicate;
        self.negated += o.negated;
        self.certainty += o.certainty;
        self.subject += o.subject;
        self.source += o.source;
        self.value += o.value;
        self.value_of += o.value_of;
    }
}

fn ratio(a: usize, b: usize) -> String {
    if b == 0 {
        "–".to_string()
    } else {
        format!("{:.2}", a as f64 / b as f64)
    }
}

fn overlaps(d: &DraftClaim, h: &Claim) -> bool {
    let (a, b) = (d.offset, d.offset + d.length);
    let common = b.min(h.quote.end).saturating_sub(a.max(h.quote.start));
    2 * common >= h.quote.end - h.quote.start
}

fn value_agrees(corpus: &Corpus, h: &Claim, d: &DraftClaim) -> bool {
    let p = corpus.predicate(h.predicate);
    match (&h.value, &d.value) {
        (Value::None, _) => true,
        (Value::Enum(i), Some(DraftValue::Enum(v))) => p.values.get(*i as usize) == Some(v),
        (Value::Entity(e), Some(DraftValue::Entity(v))) => corpus.lookup_entity(v) == Some(*e),
        (Value::Number(n), Some(DraftValue::Number(lo, hi))) => n.low == *lo && n.high == *hi,
        (Value::Date(t), Some(DraftValue::Date(date))) => t.date == *date,
        (Value::Date(t), Some(DraftValue::DateTime { date, minutes, .. })) => {
            t.date == *date && t.seconds_of_day() == Some(u32::from(*minutes) * 60)
        }
        (Value::Text(t), Some(DraftValue::Text(v))) => t == v,
        _ => false,
    }
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let details = args.iter().any(|a| a == "--details");
    let root = args.iter().find(|a| !a.starts_with("--")).map_or_else(|| PathBuf::from("."), PathBuf::from);
    let outcome = check::run(&Settings::new(&root));
    let corpus = &outcome.corpus;
    let mut rows = Vec::new();
    let mut total = Tally::default();
    for (r, report) in corpus.reports.iter().enumerate() {
        let text = corpus.sources.get(report.text).text();
        let options = draft::Options {
            id: report.id.clone(),
            text_path: String::new(),
            outlet: None,
            published: Some(report.published),
        };
        let proposed = draft::draft(text, corpus, &options);
        let hand: Vec<&Claim> = corpus.claims.iter().filter(|c| c.report.0 as usize == r).collect();
        let mut t = Tally { hand: hand.len(), drafted: proposed.claims.len(), ..Tally::default() };
        t.useful = proposed.claims.iter().filter(|d| hand.iter().any(|h| overlaps(d, h))).count();
        for h in &hand {
            let candidates: Vec<&DraftClaim> = proposed.claims.iter().filter(|d| overlaps(d, h)).collect();
            let name = &corpus.predicate(h.predicate).name;
            let same: Vec<&&DraftClaim> = candidates.iter().filter(|d| &d.predicate == name).collect();
            let best = same
                .iter()
                .find(|d| value_agrees(corpus, h, d))
                .or(same.first())
                .map(|d| **d)
                .or(candidates.first().copied());
            let Some(d) = best else { continue };
            t.found += 1;
            t.predicate += usize::from(&d.predicate == name);
            t.negated += usize::from(d.negated == h.negated);
            t.certainty += usize::from(d.certainty == h.certainty);
            let subject = d.subject.as_deref().and_then(|s| corpus.lookup_entity(s));
            t.subject += usize::from(subject == Some(h.subject));
            // The outlet speaking itself: no `source`, or the outlet's own entity.
            let hand_source = match &h.source {
                Speaker::Entity(e) if Some(*e) != report.outlet_entity => Some(*e),
                _ => None,
            };
            let draft_source = match &d.source {
                None => Ok(None),
                Some(Some(s)) => Ok(corpus.lookup_entity(s).filter(|e| Some(*e) != report.outlet_entity)),
                Some(None) => Err(()),
            };
            t.source += usize::from(draft_source == Ok(hand_source));
            if &d.predicate == name {
                t.value_of += 1;
                t.value += usize::from(value_agrees(corpus, h, d));
            }
            if details {
                let mut wrong = Vec::new();
                if &d.predicate != name {
                    wrong.push(format!("predicate {} (hand: {name})", d.predicate));
                }
                if d.negated != h.negated {
                    wrong.push(format!("negated {} (hand: {})", d.negated, h.negated));
                }
                if d.certainty != h.certainty {
                    wrong.push(format!("certainty {:?} (hand: {:?})", d.certainty, h.certainty));
                }
                if subject != Some(h.subject) {
                    wrong.push(format!("subject {:?} (hand: {})", d.subject, corpus.entity(h.subject).id));
                }
                if draft_source != Ok(hand_source) {
                    wrong.push(format!("source {:?}", d.source));
                }
                if !wrong.is_empty() {
                    eprintln!("{}#{}: {}  [draft {}]", report.id, h.id, wrong.join("; "), d.id);
                }
            }
        }
        total.add(&t);
        rows.push((report.id.clone(), t));
    }
    rows.push(("all".to_string(), total));
    println!("| report | hand | drafted | recall | precision | predicate | polarity | certainty | subject | source | value |");
    println!("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
    for (id, t) in rows {
        println!(
            "| {id} | {} | {} | {} | {} | {} | {} | {} | {} | {} | {} |",
            t.hand,
            t.drafted,
            ratio(t.found, t.hand),
            ratio(t.useful, t.drafted),
            ratio(t.predicate, t.found),
            ratio(t.negated, t.found),
            ratio(t.certainty, t.found),
            ratio(t.subject, t.found),
            ratio(t.source, t.found),
            ratio(t.value, t.value_of),
        );
    }
}
