//! The corpus's entities found in a report text by their names and aliases (one Aho-Corasick
//! automaton over all of them, leftmost-longest, whole words only), and the names in the text
//! that no entity has, proposed as stubs.

use crate::model::{Corpus, EntityId};
use aho_corasick::{AhoCorasick, AhoCorasickBuilder, MatchKind};
use std::ops::Range;

/// An entity named in the text.
#[derive(Debug, Clone, Copy)]
pub struct Mention {
    pub start: usize,
    pub end: usize,
    pub entity: EntityId,
}

pub struct Finder {
    automaton: Option<AhoCorasick>,
    /// Per pattern: its entity, and the exact form it must match when it is an acronym ("US"
    /// must not match "us").
    patterns: Vec<(EntityId, Option<String>)>,
}

impl Finder {
    pub fn new(corpus: &Corpus) -> Finder {
        let mut names = Vec::new();
        let mut patterns = Vec::new();
        for (i, e) in corpus.entities.iter().enumerate() {
            let id = EntityId(i as u32);
            let mut all: Vec<&str> = vec![e.name.as_str()];
            all.extend(e.aliases.iter().map(String::as_str));
            for name in all {
                let name = name.trim();
                // "the United Nations" is also found as "United Nations".
                for form in [name, name.strip_prefix("the ").unwrap_or(name)] {
                    if form.chars().count() < 2 {
                        continue;
                    }
                    let acronym = form.chars().filter(|c| c.is_alphabetic()).all(char::is_uppercase);
                    names.push(form.to_string());
                    patterns.push((id, acronym.then(|| form.to_string())));
                }
            }
        }
        let automaton = AhoCorasickBuilder::new()
            .ascii_case_insensitive(true)
            .match_kind(MatchKind::LeftmostLongest)
            .build(&names)
            .ok();
        Finder { automaton, patterns }
    }

    /// Every whole-word mention in `text`, in order.
    pub fn find(&self, text: &str) -> Vec<Mention> {
        let Some(automaton) = &self.automaton else { return Vec::new() };
        let mut out = Vec::new();
        for m in automaton.find_iter(text) {
            let (start, end) = (m.start(), m.end());
            let before = text[..start].chars().next_back();
            let after = text[end..].chars().next();
            if before.is_some_and(char::is_alphanumeric) || after.is_some_and(char::is_alphanumeric) {
                continue;
            }
            let (entity, exact) = &self.patterns[m.pattern().as_usize()];
            if exact.as_deref().is_some_and(|exact| exact != &text[start..end]) {
                continue;
            }
            let entity = *entity;
            out.push(Mention { start, end, entity });
        }
        out
    }
}

/// Capitalised names in `text[range]` that start no sentence and are no entity's: runs of
/// capitalised words ("Sultan Murad", "Gaziantep"), with "al-" and "of" inside.
pub fn unknown_names(text: &str, range: Range<usize>, mentions: &[Mention]) -> Vec<Range<usize>> {
    let words = super::split::words(text, range.clone());
    let mut out = Vec::new();
    let mut run: Option<Range<usize>> = None;
    let capital = |w: &super::split::Word| text[w.start..w.end].chars().next().is_some_and(char::is_uppercase);
    for (i, w) in words.iter().enumerate() {
        let known = mentions.iter().any(|m| m.start < w.end && w.start < m.end);
        let starts_sentence = i == 0;
        if capital(w) && !known && !starts_sentence {
            run = Some(run.map_or(w.start..w.end, |r| r.start..w.end));
        } else if let Some(r) = run.take() {
            out.push(r);
        }
    }
    out.extend(run);
    out
}
