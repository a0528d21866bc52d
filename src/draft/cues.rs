//! Negation and hedge cues, with their scope: which cues bear on a trigger word of a clause.

use super::lexicon::{HEDGES, NEAR_MISSES, NEGATIONS, SCOPE_BREAKS};
use super::split::{phrase_at, Word};
use crate::model::Certainty;
use std::ops::Range;

/// How many words before its trigger a negation cue reaches ("no agreement has yet been
/// reached": one; "did not want to leave": two).
const NEGATION_REACH: usize = 8;

/// Auxiliaries after which a negation follows its noun ("agreement has not been reached").
const AUXILIARIES: &[&str] =
    &["has", "have", "had", "was", "were", "is", "are", "did", "does", "do", "will", "would", "could", "can", "been"];

fn phrases(list: &'static [&'static str]) -> impl Iterator<Item = (&'static str, Vec<&'static str>)> {
    list.iter().map(|p| (*p, p.split(' ').collect()))
}

/// A cue found, and whether it is a near miss ("on the verge of") rather than a plain negation.
#[derive(Debug, Clone, PartialEq)]
pub struct Negation {
    pub range: Range<usize>,
    pub near_miss: bool,
}

/// The negation cues whose scope holds `words[trigger]`: before it in its clause, within reach
/// and with no scope break ("but", "although") between; or just after a noun trigger, after an
/// auxiliary ("agreement has not been reached").
pub fn negations(words: &[Word], trigger: usize) -> Vec<Negation> {
    let mut out = Vec::new();
    let from = trigger.saturating_sub(NEGATION_REACH);
    let mut j = trigger;
    while j > from {
        j -= 1;
        if SCOPE_BREAKS.contains(&words[j].lower.as_str()) {
            break;
        }
        for (near_miss, list) in [(false, NEGATIONS), (true, NEAR_MISSES)] {
            for (_, p) in phrases(list) {
                if j + p.len() <= trigger && phrase_at(words, j, &p) {
                    out.push(Negation { range: words[j].start..words[j + p.len() - 1].end, near_miss });
                }
            }
        }
    }
    // "the deal has not been agreed", "an agreement was never reached".
    let mut k = trigger + 1;
    while k < words.len() && k <= trigger + 3 && AUXILIARIES.contains(&words[k].lower.as_str()) {
        k += 1;
        if let Some(w) = words.get(k).filter(|w| matches!(w.lower.as_str(), "not" | "n't" | "never")) {
            out.push(Negation { range: w.start..w.end, near_miss: false });
            break;
        }
    }
    out.reverse();
    out
}

/// The hedge cues before `words[trigger]` in its clause, with the certainty each leaves.
pub fn hedges(words: &[Word], trigger: usize) -> Vec<(Range<usize>, Certainty)> {
    let mut out = Vec::new();
    for j in 0..trigger {
        for &(phrase, certainty) in HEDGES {
            let p: Vec<&str> = phrase.split(' ').collect();
            if j + p.len() <= trigger && phrase_at(words, j, &p) {
                // "not clear" is a hedge, not also a negation: callers drop negations inside it.
                out.push((words[j].start..words[j + p.len() - 1].end, certainty));
            }
        }
    }
    out
}

/// The least certain of the hedges (FactBank's order), or certain with none.
pub fn certainty(hedges: &[(Range<usize>, Certainty)]) -> Certainty {
    hedges.iter().map(|h| h.1).max().unwrap_or(Certainty::Certain)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::draft::split::words;

    fn at(ws: &[Word], word: &str) -> usize {
        ws.iter().position(|w| w.lower == word).unwrap_or(usize::MAX)
    }

    #[test]
    fn negation_scope_stops_at_a_break_and_reaches_after_an_auxiliary() {
        let s = "no agreement has yet been reached";
        let ws = words(s, 0..s.len());
        assert_eq!(negations(&ws, at(&ws, "agreement")).len(), 1);
        let s = "there was no fighting, but a deal was agreed";
        let ws = words(s, 0..s.len());
        assert!(negations(&ws, at(&ws, "agreed")).is_empty());
        let s = "the agreement has not been signed";
        let ws = words(s, 0..s.len());
        assert_eq!(negations(&ws, at(&ws, "agreement")).len(), 1);
        let s = "rebels didn't want to leave";
        let ws = words(s, 0..s.len());
        assert_eq!(negations(&ws, at(&ws, "leave")).len(), 1);
        let s = "we are on the verge of an agreement";
        let ws = words(s, 0..s.len());
        assert!(negations(&ws, at(&ws, "agreement"))[0].near_miss);
    }

    #[test]
    fn the_least_certain_hedge_wins() {
        let s = "officials are expected to meet, though it is unclear whether they will sign";
        let ws = words(s, 0..s.len());
        assert_eq!(certainty(&hedges(&ws, at(&ws, "meet"))), Certainty::Probable);
        assert_eq!(certainty(&hedges(&ws, at(&ws, "sign"))), Certainty::Unknown);
    }
}
