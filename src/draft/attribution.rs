//! Attribution: who a sentence's words are from. "X said", "said X", "X told Reuters",
//! "according to X", and a quotation attributed to its speaker in its paragraph.

use super::entities::Mention;
use super::lexicon::{
    ACCORDING_TO, BODY_NOUNS, DENIAL_VERBS, PERSON_NOUNS, PRONOUNS, REPORTING_VERBS, UNNAMED_SPEAKERS,
};
use super::split::{phrase_at, Word};
use crate::model::{Corpus, EntityId};
use std::ops::Range;

/// The speaker a frame names.
#[derive(Debug, Clone, PartialEq)]
pub enum Speaker {
    /// An entity of the corpus, named in the frame.
    Entity(EntityId),
    /// A description that names no entity ("an official from the rebel brigade"): a stub, or a
    /// speaker named before ("the official").
    Description(Range<usize>),
    /// "he", "they": the last speaker.
    Pronoun,
    /// "unconfirmed reports said": no one named; the outlet relays it.
    Unnamed,
}

/// An attribution frame of a sentence.
#[derive(Debug, Clone)]
pub struct Frame {
    pub speaker: Speaker,
    /// The words of the frame, left out of the sentence's quotes.
    pub range: Range<usize>,
    /// The reporting verb (or "according to").
    pub cue: Range<usize>,
    /// "denied that …": the content is denied.
    pub denial: bool,
    /// "X has not confirmed that …", "X did not say whether …": the speaker does not commit
    /// to the content (FactBank's Uu); the negation's words.
    pub uncommitted: Option<Range<usize>>,
}

/// Whether punctuation stands between `words[k - 1]` and `words[k]` (a clause boundary).
fn boundary_before(text: &str, words: &[Word], k: usize) -> bool {
    k == 0
        || text[words[k - 1].end..words[k].start]
            .chars()
            .any(|c| matches!(c, ',' | ';' | ':' | '"' | '“' | '”' | '—' | '–' | '.' | '(' | ')'))
}

/// The speaker a noun phrase names: the corpus entity it mentions when the mention covers its
/// head (a "fighter with an opposition group" is not the opposition), else a description.
fn speaker(
    text: &str,
    corpus: &Corpus,
    words: &[Word],
    np: Range<usize>,
    mentions: &[Mention],
    lenient: bool,
) -> Option<Speaker> {
    let phrase = &words[np.clone()];
    let first = phrase.first()?;
    let last = phrase.last()?;
    if phrase.len() == 1 && PRONOUNS.contains(&first.lower.as_str()) {
        return Some(Speaker::Pronoun);
    }
    if UNNAMED_SPEAKERS.contains(&last.lower.as_str()) {
        return Some(Speaker::Unnamed);
    }
    if phrase.len() > 12 {
        return None;
    }
    let inside: Vec<&Mention> = mentions.iter().filter(|m| m.start >= first.start && m.end <= last.end).collect();
    let head =
        phrase.iter().find(|w| PERSON_NOUNS.contains(&w.lower.as_str()) || BODY_NOUNS.contains(&w.lower.as_str()));
    let covered = |w: &Word| inside.iter().any(|m| m.start <= w.start && w.end <= m.end);
    // A title before a known name ("Interior Minister Ana Petrov") is that person.
    let named = inside.iter().rev().find(|m| m.end == last.end && corpus.entity(m.entity).kind == "person");
    if let Some(m) = named {
        return Some(Speaker::Entity(m.entity));
    }
    match head {
        Some(h) if !covered(h) => {
            return Some(Speaker::Description(first.start..description_end(text, phrase)));
        }
        _ => {}
    }
    // The last speaker-like entity named (a person before a country: "Turkey's foreign minister
    // Cavusoglu").
    let pick = inside
        .iter()
        .rev()
        .find(|m| corpus.entity(m.entity).kind == "person")
        .or_else(|| inside.last())
        .map(|m| m.entity);
    match pick {
        Some(e) => Some(Speaker::Entity(e)),
        None if lenient
            || text[first.start..last.end].chars().next().is_some_and(char::is_uppercase)
            || head.is_some() =>
        {
            Some(Speaker::Description(first.start..description_end(text, phrase)))
        }
        None => None,
    }
}

/// Where a speaker's description ends: before a relative or participial tail.
fn description_end(_text: &str, phrase: &[Word]) -> usize {
    let cut = phrase
        .iter()
        .position(|w| matches!(w.lower.as_str(), "who" | "which" | "speaking" | "based"))
        .unwrap_or(phrase.len());
    phrase[cut.max(1) - 1].end
}

/// The attribution frame of a sentence, if it has one.
pub fn frame(
    text: &str,
    corpus: &Corpus,
    sentence: Range<usize>,
    words: &[Word],
    mentions: &[Mention],
) -> Option<Frame> {
    // "according to X".
    for (j, _) in words.iter().enumerate() {
        for p in ACCORDING_TO {
            let p: Vec<&str> = p.split(' ').collect();
            if phrase_at(words, j, &p) {
                let np_start = j + p.len();
                let np_end = (np_start..words.len())
                    .find(|&k| k > np_start && boundary_before(text, words, k))
                    .unwrap_or(words.len());
                if np_start < np_end {
                    let speaker = speaker(text, corpus, words, np_start..np_end, mentions, true)?;
                    let start = frame_start(text, words, j);
                    return Some(Frame {
                        speaker,
                        range: start..words[np_end - 1].end,
                        cue: words[j].start..words[j + p.len() - 1].end,
                        denial: false,
                        uncommitted: None,
                    });
                }
            }
        }
    }
    let v = words.iter().position(|w| REPORTING_VERBS.contains(&w.lower.as_str()))?;
    let verb = &words[v];
    let denial = DENIAL_VERBS.contains(&verb.lower.as_str());
    // "X said": X runs back from the verb to a clause boundary.
    let np_start = (0..v).rev().find(|&k| boundary_before(text, words, k)).unwrap_or(0);
    // "Authorities have not yet confirmed": the speaker ends before its auxiliary, and a
    // negation between them leaves the content uncommitted.
    let np_end =
        (np_start..v).find(|&k| AUXILIARIES.contains(&words[k].lower.as_str()) || is_negation(&words[k])).unwrap_or(v);
    let uncommitted = (np_end..v).find(|&k| is_negation(&words[k])).map(|k| words[k].start..words[k].end);
    if np_start < np_end {
        let speaker = speaker(text, corpus, words, np_start..np_end, mentions, false);
        if let Some(speaker) = speaker {
            let leading = np_start == 0;
            let range = if leading {
                // "X told Reuters on Tuesday that …": the frame runs to a "that" in the verb's
                // clause, or covers only the speaker and the verb.
                let that = (v + 1..words.len().min(v + 8)).find(|&k| words[k].lower == "that");
                let end = match that {
                    Some(t) if !(v + 2..=t).any(|k| boundary_before(text, words, k)) => t,
                    _ => v,
                };
                words[np_start].start..words[end].end
            } else {
                // "…, a senior Turkish official said (from inside Syria)." runs to its clause's end.
                let end = (v + 1..words.len()).find(|&k| boundary_before(text, words, k)).unwrap_or(words.len());
                frame_start(text, words, np_start)..words[end - 1].end.max(verb.end)
            };
            return Some(Frame { speaker, range, cue: verb.start..verb.end, denial, uncommitted });
        }
    }
    // "…,” said the official, based in Gaziantep.": the speaker follows the verb.
    if boundary_before(text, words, v) && v + 1 < words.len() {
        let np_end = (v + 2..words.len()).find(|&k| boundary_before(text, words, k)).unwrap_or(words.len());
        let speaker = speaker(text, corpus, words, v + 1..np_end, mentions, false)?;
        let start = frame_start(text, words, v);
        return Some(Frame {
            speaker,
            range: start..sentence.end,
            cue: verb.start..verb.end,
            denial,
            uncommitted: None,
        });
    }
    None
}

/// A frame that follows its content starts at the comma before it.
fn frame_start(text: &str, words: &[Word], k: usize) -> usize {
    let start = words[k].start;
    if k == 0 {
        return start;
    }
    let gap = &text[words[k - 1].end..start];
    match gap.rfind(',') {
        Some(i) => words[k - 1].end + i,
        None => start,
    }
}

/// Auxiliaries that end a speaker's words before its verb ("officials have said").
const AUXILIARIES: &[&str] = &["has", "have", "had", "did", "does", "do", "was", "were", "is", "are", "will", "would"];

fn is_negation(w: &Word) -> bool {
    matches!(w.lower.as_str(), "not" | "n't" | "never")
}
