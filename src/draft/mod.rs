//! `claimlint draft`: proposes a claim file from a report's text, by rules a fact-checker can
//! follow. Each proposed claim carries the cues that produced it; what the rules cannot tell is
//! left blank; names the corpus does not know are proposed as entity stubs. No network, no model.
//!
//! The text is cut into sentences ([`split`]); each sentence's attribution frame ("a senior
//! official said") gives its source ([`attribution`]), and is cut out of its clauses. In each
//! clause the loaded packs' `triggers` propose predicates; the corpus's names and aliases
//! ([`entities`]) give subjects and entity values; numbers and dates ([`numbers`]) give values,
//! bounds and times; negation and hedge cues ([`cues`]) give polarity and certainty. The claim's
//! quote is its clause, checked to anchor where the check will look for it ([`crate::quote`]).
//! [`output`] writes the draft as TOML, JSON or CSV.

mod around;
pub mod attribution;
pub mod cues;
pub mod entities;
pub mod lexicon;
pub mod numbers;
pub mod output;
pub mod split;

pub use around::{absolute, parse_published, relative_path, slug};
use around::{after_under, context, dateline, inside_quotation, name_claims, strip_article};

use crate::model::{Bound, Certainty, Corpus, EntityId, Predicate, ValueType};
use crate::quote::{self, Anchor};
use crate::time::{Date, Time};
use attribution::{Frame, Speaker};
use entities::Mention;
use split::Word;
use std::collections::HashMap;
use std::ops::Range;

/// What a draft is made with, besides the text and the corpus.
#[derive(Debug, Clone)]
pub struct Options {
    /// The report's id (by default, its file stem).
    pub id: String,
    /// The report text's path as the claim file names it (relative to the claim file).
    pub text_path: String,
    /// `--outlet`; else read from the dateline ("ANKARA (Reuters) -").
    pub outlet: Option<String>,
    /// `--published`: weekdays and "yesterday" are resolved against it.
    pub published: Option<Time>,
}

/// A proposed claim file.
#[derive(Debug, Clone, PartialEq)]
pub struct Draft {
    pub report: DraftReport,
    pub claims: Vec<DraftClaim>,
    /// Names the corpus does not know, proposed as entities.
    pub entities: Vec<Stub>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct DraftReport {
    pub id: String,
    pub title: Option<String>,
    pub outlet: Option<String>,
    /// Where the outlet was read from, when not given.
    pub outlet_cue: Option<Cue>,
    pub published: Option<Time>,
    pub text: String,
}

/// A proposed value; `None` in [`DraftClaim::value`] is a blank, except for predicates of type
/// `none`, which take no value.
#[derive(Debug, Clone, PartialEq)]
pub enum DraftValue {
    Enum(String),
    /// An entity id (of the corpus, or of a stub).
    Entity(String),
    Number(f64, f64),
    Date(Date),
    /// A date and a time of day (minutes after midnight), in UTC when `utc`, else the report's
    /// local time (written without an offset: `[report] offset` says which).
    DateTime {
        date: Date,
        minutes: u16,
        utc: bool,
    },
    Text(String),
}

#[derive(Debug, Clone, PartialEq)]
pub struct DraftClaim {
    pub id: String,
    /// An entity id, or a blank.
    pub subject: Option<String>,
    pub predicate: String,
    pub value_type: ValueType,
    pub value: Option<DraftValue>,
    pub negated: bool,
    pub certainty: Certainty,
    /// `None`: the outlet speaks; `Some(None)`: a blank (a speaker the rules could not find).
    pub source: Option<Option<String>>,
    pub as_of: Option<Date>,
    pub bound: Option<Bound>,
    pub quote: String,
    pub prefix: Option<String>,
    pub suffix: Option<String>,
    /// The quote's byte range in the text.
    pub offset: usize,
    pub length: usize,
    pub cues: Vec<Cue>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum CueKind {
    Trigger,
    Subject,
    Value,
    Negation,
    Hedge,
    Attribution,
    Number,
    Bound,
    Date,
    Dateline,
}

impl CueKind {
    pub fn as_str(self) -> &'static str {
        match self {
            CueKind::Trigger => "trigger",
            CueKind::Subject => "subject",
            CueKind::Value => "value",
            CueKind::Negation => "negation",
            CueKind::Hedge => "hedge",
            CueKind::Attribution => "attribution",
            CueKind::Number => "number",
            CueKind::Bound => "bound",
            CueKind::Date => "date",
            CueKind::Dateline => "dateline",
        }
    }
}

/// A cue: what in the text made the draft say something, and where (bytes of the text).
#[derive(Debug, Clone, PartialEq)]
pub struct Cue {
    pub kind: CueKind,
    pub text: String,
    pub offset: usize,
}

/// A name the corpus does not know, proposed as an `[[entity]]`.
#[derive(Debug, Clone, PartialEq)]
pub struct Stub {
    pub id: String,
    pub name: String,
    /// Guessed from the name's head noun ("official": person), else a blank.
    pub kind: Option<String>,
}

/// A source as the draft knows it.
#[derive(Debug, Clone, PartialEq)]
enum Source {
    Entity(String),
    /// Not named ("unconfirmed reports said"): the outlet relays it.
    Outlet,
    Blank,
}

/// Words that end a report: its credit line.
const CREDITS: &[&str] = &["reporting by", "additional reporting", "writing by", "editing by", "compiled by"];

/// Drafts the claims of `text` against `corpus` (its entities and predicates).
pub fn draft(text: &str, corpus: &Corpus, options: &Options) -> Draft {
    Drafter::new(text, corpus, options).run()
}

struct Drafter<'a> {
    text: &'a str,
    corpus: &'a Corpus,
    options: &'a Options,
    published: Option<Date>,
    mentions: Vec<Mention>,
    folded: quote::Folded,
    stubs: Vec<Stub>,
    /// The last entity mentioned of each kind, for "the deal", "the attack".
    salient: HashMap<String, EntityId>,
    /// Speakers so far, latest last, with the words that named them (for "the official").
    speakers: Vec<(Source, String)>,
    claims: Vec<DraftClaim>,
}

/// A trigger found in a clause.
struct Hit<'p> {
    predicate: &'p Predicate,
    value: Option<u16>,
    /// Word indices in the clause.
    at: usize,
    len: usize,
}

impl<'a> Drafter<'a> {
    fn new(text: &'a str, corpus: &'a Corpus, options: &'a Options) -> Drafter<'a> {
        let finder = entities::Finder::new(corpus);
        Drafter {
            text,
            corpus,
            options,
            published: options.published.map(|p| p.date),
            mentions: finder.find(text),
            folded: quote::fold(text),
            stubs: Vec::new(),
            salient: HashMap::new(),
            speakers: Vec::new(),
            claims: Vec::new(),
        }
    }

    fn run(mut self) -> Draft {
        let text = self.text;
        let paragraphs = split::paragraphs(text);
        // A first paragraph whose lines end in no full stop, followed by more, is the headline
        // (and perhaps a picture caption): its first line is the title, and no claim is drafted
        // from it.
        let head = paragraphs.first().filter(|p| {
            paragraphs.len() > 1
                && text[(*p).clone()].lines().count() <= 3
                && text[(*p).clone()].lines().all(|l| !l.trim_end().ends_with('.'))
        });
        let title = head.map(|p| {
            let first = text[p.clone()].lines().next().unwrap_or("");
            p.start..p.start + first.trim_end().len()
        });
        let body_start = head.map_or(0, |t| t.end);
        let (outlet, outlet_cue) = match &self.options.outlet {
            Some(o) => (Some(o.clone()), None),
            None => dateline(text, body_start),
        };
        let sentences: Vec<Range<usize>> =
            split::sentences(text).into_iter().filter(|s| s.start >= body_start).collect();
        let mut frames: Vec<Option<Frame>> = Vec::new();
        let mut words_of: Vec<Vec<Word>> = Vec::new();
        for s in &sentences {
            let words = split::words(text, s.clone());
            frames.push(attribution::frame(text, self.corpus, s.clone(), &words, self.mentions_in(s.clone())));
            words_of.push(words);
        }
        let credits = sentences.iter().position(|s| {
            let lower = text[s.clone()].to_lowercase();
            CREDITS.iter().any(|c| lower.starts_with(c))
        });
        for (i, s) in sentences.iter().enumerate() {
            if credits.is_some_and(|c| i >= c) {
                break;
            }
            let source = self.source_of(i, &sentences, &frames, &paragraphs);
            let frame = frames[i].as_ref();
            let frame_ranges: Vec<Range<usize>> = frame.map(|f| f.range.clone()).into_iter().collect();
            for clause in split::clauses(text, s.clone(), &frame_ranges) {
                self.clause(clause, s.clone(), frame, source.as_ref());
            }
            for m in self.mentions_in(s.clone()).to_vec() {
                self.salient.insert(self.corpus.entity(m.entity).kind.clone(), m.entity);
            }
        }
        let mut claims = std::mem::take(&mut self.claims);
        name_claims(&mut claims);
        // Only the names a claim uses are proposed (a speaker whose words gave no claim is not).
        let used = |id: &str| {
            claims.iter().any(|c| {
                c.subject.as_deref() == Some(id)
                    || matches!(&c.source, Some(Some(s)) if s == id)
                    || matches!(&c.value, Some(DraftValue::Entity(v)) if v == id)
            })
        };
        self.stubs.retain(|s| used(&s.id));
        let report = DraftReport {
            id: self.options.id.clone(),
            title: title.map(|t| text[t.clone()].to_string()),
            outlet,
            outlet_cue,
            published: self.options.published,
            text: self.options.text_path.clone(),
        };
        Draft { report, claims, entities: self.stubs }
    }

    /// The source of sentence `i`: its own frame's speaker; else, inside a quotation, the speaker
    /// its paragraph attributes the quotation to; else the outlet (`None`).
    fn source_of(
        &mut self,
        i: usize,
        sentences: &[Range<usize>],
        frames: &[Option<Frame>],
        paragraphs: &[Range<usize>],
    ) -> Option<(Source, Option<Cue>)> {
        let s = &sentences[i];
        if let Some(f) = &frames[i] {
            let source = self.speaker(&f.speaker);
            let cue =
                Cue { kind: CueKind::Attribution, text: self.text[f.range.clone()].to_string(), offset: f.range.start };
            self.speakers.push((source.clone(), self.text[f.range.clone()].to_lowercase()));
            return Some((source, Some(cue)));
        }
        let para = paragraphs.iter().find(|p| p.start <= s.start && s.end <= p.end)?;
        if !inside_quotation(&self.text[para.start..s.end], s.start - para.start) {
            return None;
        }
        // The paragraph's attributed sentence, the nearest after this one first ("“…,” he said").
        let in_para = |j: &usize| para.start <= sentences[*j].start && sentences[*j].end <= para.end;
        let j = (i + 1..sentences.len())
            .filter(in_para)
            .find(|&j| frames[j].is_some())
            .or_else(|| (0..i).rev().filter(in_para).find(|&j| frames[j].is_some()))?;
        let f = frames[j].as_ref()?;
        let source = self.speaker(&f.speaker);
        let cue =
            Cue { kind: CueKind::Attribution, text: self.text[f.range.clone()].to_string(), offset: f.range.start };
        Some((source, Some(cue)))
    }

    /// The source a frame's speaker is: an entity, a speaker named before, or a new stub.
    fn speaker(&mut self, speaker: &Speaker) -> Source {
        match speaker {
            Speaker::Entity(e) => Source::Entity(self.corpus.entity(*e).id.clone()),
            Speaker::Pronoun => self.speakers.last().map_or(Source::Blank, |(s, _)| s.clone()),
            Speaker::Unnamed => Source::Outlet,
            Speaker::Description(range) => {
                let phrase = &self.text[range.clone()];
                let lower = phrase.to_lowercase();
                let definite = lower.starts_with("the ");
                let head = lower
                    .split_whitespace()
                    .find(|w| lexicon::PERSON_NOUNS.contains(w) || lexicon::BODY_NOUNS.contains(w));
                // "the official": the last speaker described with the same head noun.
                if definite {
                    if let Some(head) = head {
                        let earlier = self.speakers.iter().rev().find(|(s, words)| {
                            words.split(|c: char| !c.is_alphanumeric()).any(|w| w == head)
                                || matches!(s, Source::Entity(id) if self.corpus.lookup_entity(id).is_some_and(|e| self.corpus.entity(e).name.to_lowercase().contains(head)))
                        });
                        if let Some((s, _)) = earlier {
                            return s.clone();
                        }
                    }
                }
                let name = strip_article(phrase);
                let id = slug(name);
                if id.is_empty() {
                    return Source::Blank;
                }
                if let Some(e) = self.corpus.lookup_entity(&id) {
                    return Source::Entity(self.corpus.entity(e).id.clone());
                }
                let kind = head.map(|h| if lexicon::PERSON_NOUNS.contains(&h) { "person" } else { "body" });
                self.stub(&id, name, kind.map(str::to_string));
                Source::Entity(id)
            }
        }
    }

    fn stub(&mut self, id: &str, name: &str, kind: Option<String>) {
        if !self.stubs.iter().any(|s| s.id == id) {
            self.stubs.push(Stub { id: id.to_string(), name: name.to_string(), kind });
        }
    }

    /// The claims of one clause.
    fn clause(
        &mut self,
        clause: Range<usize>,
        sentence: Range<usize>,
        frame: Option<&Frame>,
        source: Option<&(Source, Option<Cue>)>,
    ) {
        let text = self.text;
        let words = split::words(text, clause.clone());
        let mut hits: Vec<Hit> = Vec::new();
        for p in &self.corpus.predicates {
            for t in &p.triggers {
                let pattern: Vec<&str> = t.words.iter().map(String::as_str).collect();
                for at in 0..words.len() {
                    if split::phrase_at(&words, at, &pattern) {
                        let same = |h: &Hit| {
                            std::ptr::eq(h.predicate, p) && (p.value_type != ValueType::Enum || h.value == t.value)
                        };
                        match hits.iter_mut().find(|h| same(h)) {
                            // The longest trigger of a predicate (and value) stands for it.
                            Some(h) if h.len < pattern.len() => {
                                *h = Hit { predicate: p, value: t.value, at, len: pattern.len() }
                            }
                            Some(_) => {}
                            None => hits.push(Hit { predicate: p, value: t.value, at, len: pattern.len() }),
                        }
                    }
                }
            }
        }
        hits.sort_by_key(|h| (h.at, h.predicate.name.clone()));
        let mentions: Vec<Mention> = self.mentions_in(clause.clone()).to_vec();
        let dates = numbers::dates(&words, self.published);
        let mut times = numbers::times(text, &words);
        // "at 6:00 p.m. local time (1500 GMT)": the time again in GMT, just after the clause's
        // local time but cut off by the parenthesis, is the one to draft.
        if let Some(last) = times.last().filter(|t| !t.utc) {
            let tail = last.span.end..(last.span.end + 40).min(sentence.end);
            let tail =
                tail.start..(tail.start..=tail.end).rev().find(|&i| text.is_char_boundary(i)).unwrap_or(tail.start);
            let again = numbers::times(text, &split::words(text, tail)).into_iter().find(|t| t.utc);
            times.extend(again);
        }
        // Neither a date nor a time of day ("at 8:30") is a figure.
        let date_spans: Vec<Range<usize>> =
            dates.iter().map(|d| d.span.clone()).chain(times.iter().map(|t| t.span.clone())).collect();
        let nums = numbers::numbers(&words, &date_spans);
        for hit in hits {
            self.claim(&hit, &words, &clause, &sentence, &mentions, (&dates, &times), &nums, frame, source);
        }
    }

    #[allow(clippy::too_many_arguments)]
    fn claim(
        &mut self,
        hit: &Hit,
        words: &[Word],
        clause: &Range<usize>,
        sentence: &Range<usize>,
        mentions: &[Mention],
        (dates, times): (&[numbers::FoundDate], &[numbers::FoundTime]),
        nums: &[numbers::Found],
        frame: Option<&Frame>,
        source: Option<&(Source, Option<Cue>)>,
    ) {
        let text = self.text;
        let p = hit.predicate;
        let trigger = words[hit.at].start..words[hit.at + hit.len - 1].end;
        let mut cues =
            vec![Cue { kind: CueKind::Trigger, text: text[trigger.clone()].to_string(), offset: trigger.start }];
        let kind_of = |m: &Mention| self.corpus.entity(m.entity).kind.as_str();
        let nouns: Vec<&str> = words.iter().map(|w| w.lower.as_str()).collect();
        let has_noun = |list: &[&str]| {
            nouns.iter().any(|n| list.contains(n) || list.iter().any(|l| n.strip_suffix('s') == Some(l)))
        };
        // The subject.
        let mut subject: Option<Mention>;
        let mut subject_salient: Option<EntityId> = None;
        if !p.subject_kinds.is_empty() {
            let fits = |m: &&Mention| p.subject_kinds.iter().any(|k| k == kind_of(m));
            subject = mentions.iter().filter(fits).min_by_key(|m| m.start.abs_diff(trigger.start)).copied();
            if subject.is_none() {
                subject = self.mentions_in(sentence.clone()).iter().find(fits).copied();
            }
            if subject.is_none() {
                // "the deal": the last agreement mentioned; with no such noun, the predicate
                // is not about this clause ("rebel defences collapsed").
                let nouns = if p.subject_kinds.iter().any(|k| k == "event") {
                    lexicon::EVENT_NOUNS
                } else {
                    lexicon::AGREEMENT_NOUNS
                };
                if !has_noun(nouns) {
                    return;
                }
                subject_salient = match self.loose(sentence.clone(), &p.subject_kinds) {
                    Some((e, words)) => {
                        cues.extend(words);
                        // "the deal" in a later sentence is this one.
                        self.salient.insert(self.corpus.entity(e).kind.clone(), e);
                        Some(e)
                    }
                    None => p.subject_kinds.iter().find_map(|k| self.salient.get(k).copied()),
                };
            }
        } else if matches!(p.value_type, ValueType::None | ValueType::Number) {
            subject = mentions.iter().find(|m| kind_of(m) == "event").copied();
            // A figure under a deal ("13 hostages were released under the deal") is the deal's.
            if subject.is_none() && p.value_type == ValueType::Number {
                subject = mentions.iter().find(|m| kind_of(m) == "agreement" && after_under(words, m.start)).copied();
            }
            // A figure (a toll, the evacuated) without an event named is the last event's; an
            // event word without a name ("the attack") refers back to it too.
            if subject.is_none() && (p.value_type == ValueType::Number || has_noun(lexicon::EVENT_NOUNS)) {
                subject_salient = match self.loose(sentence.clone(), &["event".to_string()]) {
                    Some((e, words)) => {
                        cues.extend(words);
                        Some(e)
                    }
                    None => self.salient.get("event").copied(),
                };
            }
        } else {
            // An entity predicate of no declared subject kind (talks-with, responsible): the
            // event the clause names, else the actor named before the trigger; without one the
            // trigger alone ("in", "by the") says too little to propose a claim.
            subject =
                mentions.iter().find(|m| kind_of(m) == "event").copied().or_else(|| {
                    mentions.iter().rev().find(|m| m.end <= trigger.start && kind_of(m) != "place").copied()
                });
            // "talks between Russia and Turkey": two actors after the trigger, the first the
            // subject.
            if subject.is_none() && p.value_type == ValueType::Entity {
                let actors: Vec<&Mention> =
                    mentions.iter().filter(|m| m.start >= trigger.end && kind_of(m) != "place").collect();
                if actors.len() >= 2 {
                    subject = Some(*actors[0]);
                }
            }
            // "We are planning to …" in a speaker's words: whom the speaker speaks for.
            if subject.is_none() {
                let we = words[..hit.at].iter().find(|w| matches!(w.lower.as_str(), "we" | "i"));
                let speaker = match source {
                    Some((Source::Entity(id), _)) => self.corpus.lookup_entity(id),
                    _ => None,
                };
                if let (Some(we), Some(e)) = (we, speaker) {
                    let whom = self.corpus.entity(e).speaks_for.first().copied().unwrap_or(e);
                    cues.push(Cue {
                        kind: CueKind::Subject,
                        text: text[we.start..we.end].to_string(),
                        offset: we.start,
                    });
                    subject_salient = Some(whom);
                }
            }
            if subject.is_none()
                && subject_salient.is_none()
                && matches!(p.value_type, ValueType::Entity | ValueType::Text)
            {
                return;
            }
        }
        let subject_id = subject.map(|m| m.entity).or(subject_salient);
        if let Some(m) = subject {
            cues.push(Cue { kind: CueKind::Subject, text: text[m.start..m.end].to_string(), offset: m.start });
        }
        // The value.
        let mut bound = None;
        let mut used_date = None;
        // One cue per proposed value (an entity predicate of cardinality many proposes several).
        let mut value_cues: Vec<Cue> = Vec::new();
        let values: Vec<Option<DraftValue>> = match p.value_type {
            ValueType::None => vec![None],
            ValueType::Enum => {
                vec![hit.value.and_then(|v| p.values.get(v as usize)).map(|v| DraftValue::Enum(v.clone()))]
            }
            ValueType::Text => {
                let after: Vec<&str> = words[hit.at + hit.len..].iter().take(8).map(|w| w.lower.as_str()).collect();
                vec![(!after.is_empty()).then(|| DraftValue::Text(after.join(" ")))]
            }
            ValueType::Number => {
                let Some(n) = nums.iter().min_by_key(|n| n.span.start.abs_diff(trigger.start)) else { return };
                cues.push(Cue { kind: CueKind::Number, text: text[n.span.clone()].to_string(), offset: n.span.start });
                if let Some(b) = &n.bound_cue {
                    cues.push(Cue { kind: CueKind::Bound, text: text[b.clone()].to_string(), offset: b.start });
                }
                bound = (n.high == n.low).then_some(n.bound);
                vec![Some(DraftValue::Number(n.low, n.high))]
            }
            ValueType::Date => {
                let d = dates.iter().min_by_key(|d| d.span.start.abs_diff(trigger.start));
                if let Some(d) = d {
                    cues.push(Cue {
                        kind: CueKind::Date,
                        text: text[d.span.clone()].to_string(),
                        offset: d.span.start,
                    });
                    used_date = Some(d.span.clone());
                }
                // A time of day: one written in GMT or UTC first ("6:00 p.m. local time (1500
                // GMT)"), else the nearest; on the date found, else on the day of publication.
                let time = times
                    .iter()
                    .find(|t| t.utc)
                    .or_else(|| times.iter().min_by_key(|t| t.span.start.abs_diff(trigger.start)));
                let day = d.map(|d| d.date).or(self.published);
                match (time, day) {
                    (Some(t), Some(date)) => {
                        cues.push(Cue {
                            kind: CueKind::Date,
                            text: text[t.span.clone()].to_string(),
                            offset: t.span.start,
                        });
                        vec![Some(DraftValue::DateTime { date, minutes: t.minutes, utc: t.utc })]
                    }
                    _ => vec![d.map(|d| DraftValue::Date(d.date))],
                }
            }
            ValueType::Entity => {
                let not_subject = |m: &&Mention| Some(m.entity) != subject_id;
                let after: Vec<&Mention> =
                    mentions.iter().filter(|m| m.start >= trigger.end).filter(not_subject).collect();
                // A place is where an event happened, not where a party is ("Northland … in
                // Riverton"): with a subject that is no event, it proposes nothing.
                let subject_is_event = subject_id.is_some_and(|e| self.corpus.entity(e).kind == "event");
                let after: Vec<&Mention> = after
                    .into_iter()
                    .filter(|m| !p.subject_kinds.is_empty() || subject_is_event || kind_of(m) != "place")
                    .collect();
                // With nothing after the trigger, the value comes before it: "the strike was carried
                // out by …" names it after, "the minister ordered the strike" before (for an event,
                // whatever the cardinality).
                let chosen: Vec<&Mention> = if after.is_empty() && (p.one || subject_is_event) {
                    mentions.iter().filter(|m| m.end <= trigger.start).rfind(not_subject).into_iter().collect()
                } else if p.one {
                    after.into_iter().take(1).collect()
                } else {
                    after.into_iter().take(3).collect()
                };
                if chosen.is_empty() {
                    // A name the corpus does not know, after the trigger: a stub.
                    let names =
                        entities::unknown_names(text, trigger.end..clause.end, self.mentions_in(clause.clone()));
                    let Some(name) = names.first() else { return };
                    let name_text = &text[name.clone()];
                    let id = slug(strip_article(name_text));
                    if id.is_empty() {
                        return;
                    }
                    self.stub(&id, strip_article(name_text), None);
                    cues.push(Cue { kind: CueKind::Value, text: name_text.to_string(), offset: name.start });
                    vec![Some(DraftValue::Entity(id))]
                } else {
                    chosen
                        .iter()
                        .map(|m| {
                            value_cues.push(Cue {
                                kind: CueKind::Value,
                                text: text[m.start..m.end].to_string(),
                                offset: m.start,
                            });
                            Some(DraftValue::Entity(self.corpus.entity(m.entity).id.clone()))
                        })
                        .collect()
                }
            }
        };
        // Polarity: negation cues in scope, and a denying frame.
        let hedges = cues::hedges(words, hit.at);
        let negations: Vec<cues::Negation> = cues::negations(words, hit.at)
            .into_iter()
            .filter(|n| !hedges.iter().any(|(h, _)| h.start <= n.range.start && n.range.end <= h.end))
            .collect();
        let mut negated = negations.len() % 2 == 1;
        for n in &negations {
            cues.push(Cue { kind: CueKind::Negation, text: text[n.range.clone()].to_string(), offset: n.range.start });
        }
        if let Some(f) = frame.filter(|f| f.denial) {
            negated = !negated;
            cues.push(Cue { kind: CueKind::Negation, text: text[f.cue.clone()].to_string(), offset: f.cue.start });
        }
        // Hedges of the frame bear on all it attributes ("unconfirmed reports said").
        let mut all_hedges = hedges.clone();
        if let Some(f) = frame {
            let frame_words = split::words(text, f.range.clone());
            all_hedges.extend(cues::hedges(&frame_words, frame_words.len()));
        }
        if let Some(u) = frame.and_then(|f| f.uncommitted.clone()) {
            all_hedges.push((u, Certainty::Unknown));
        }
        // A stage of a progression under "will" or "would" is not reached yet: at most probable.
        if p.has_progression() {
            let from = hit.at.saturating_sub(3);
            if let Some(w) = words[from..hit.at].iter().find(|w| matches!(w.lower.as_str(), "will" | "would" | "shall"))
            {
                all_hedges.push((w.start..w.end, Certainty::Probable));
            }
        }
        let certainty = cues::certainty(&all_hedges);
        let hedges = all_hedges;
        for (h, _) in &hedges {
            cues.push(Cue { kind: CueKind::Hedge, text: text[h.clone()].to_string(), offset: h.start });
        }
        let as_of = dates.iter().find(|d| Some(&d.span) != used_date.as_ref()).map(|d| {
            cues.push(Cue { kind: CueKind::Date, text: text[d.span.clone()].to_string(), offset: d.span.start });
            d.date
        });
        let source = source.and_then(|(s, cue)| {
            if let Some(c) = cue {
                cues.push(c.clone());
            }
            match s {
                Source::Entity(id) => Some(Some(id.clone())),
                Source::Outlet => None,
                Source::Blank => Some(None),
            }
        });
        let Some((quote, prefix, suffix)) = self.anchored(clause.clone()) else { return };
        for (k, value) in values.into_iter().enumerate() {
            let mut cues = cues.clone();
            cues.extend(value_cues.get(k).cloned());
            cues.sort_by_key(|c| (c.offset, c.kind));
            cues.dedup();
            let claim = DraftClaim {
                id: String::new(),
                subject: subject_id.map(|e| self.corpus.entity(e).id.clone()),
                predicate: p.name.clone(),
                value_type: p.value_type,
                value,
                negated,
                certainty,
                source: source.clone(),
                as_of,
                bound,
                quote: quote.clone(),
                prefix: prefix.clone(),
                suffix: suffix.clone(),
                offset: clause.start,
                length: clause.end - clause.start,
                cues,
            };
            let duplicate = self.claims.iter().any(|c| {
                c.predicate == claim.predicate
                    && c.subject == claim.subject
                    && c.value == claim.value
                    && c.offset == claim.offset
            });
            if !duplicate {
                self.claims.push(claim);
            }
        }
    }

    /// The mentions that lie within `range` (mentions are in text order and do not overlap).
    fn mentions_in(&self, range: Range<usize>) -> &[Mention] {
        let from = self.mentions.partition_point(|m| m.start < range.start);
        let to = self.mentions.partition_point(|m| m.end <= range.end);
        self.mentions.get(from..to.max(from)).unwrap_or(&[])
    }

    /// An entity of one of `kinds` whose name or alias the sentence holds word for word, in
    /// any order ("a ceasefire deal … in eastern Aleppo" for "Aleppo ceasefire deal"): the
    /// one of the longest such name (two content words at least), unless two entities tie.
    /// The sentence's words that matched are its cues.
    fn loose(&self, sentence: Range<usize>, kinds: &[String]) -> Option<(EntityId, Vec<Cue>)> {
        const STOP: &[&str] = &["the", "a", "an", "of", "in", "on", "and", "for", "to", "with", "from", "at", "by"];
        let words = split::words(self.text, sentence);
        let same = |w: &str, c: &str| w == c || w.strip_suffix('s') == Some(c) || c.strip_suffix('s') == Some(w);
        let mut best: Option<(usize, EntityId, Vec<usize>)> = None;
        let mut tie = false;
        for (i, e) in self.corpus.entities.iter().enumerate() {
            if !kinds.contains(&e.kind) {
                continue;
            }
            for name in std::iter::once(&e.name).chain(&e.aliases) {
                let lower = name.to_lowercase();
                let content: Vec<&str> = lower
                    .split(|c: char| !c.is_alphanumeric() && c != '-')
                    .filter(|w| !w.is_empty() && !STOP.contains(w))
                    .collect();
                if content.len() < 2 {
                    continue;
                }
                let found: Vec<usize> =
                    content.iter().filter_map(|c| words.iter().position(|w| same(&w.lower, c))).collect();
                if found.len() != content.len() {
                    continue;
                }
                let id = EntityId(i as u32);
                match &best {
                    Some((n, e, _)) if content.len() == *n && *e != id => tie = true,
                    Some((n, _, _)) if content.len() <= *n => {}
                    _ => {
                        best = Some((content.len(), id, found));
                        tie = false;
                    }
                }
            }
        }
        let (_, e, found) = best.filter(|_| !tie)?;
        let cues = found
            .into_iter()
            .map(|k| Cue {
                kind: CueKind::Subject,
                text: self.text[words[k].start..words[k].end].to_string(),
                offset: words[k].start,
            })
            .collect();
        Some((e, cues))
    }

    /// The quote for `range`, with a prefix or suffix when the words occur more than once;
    /// `None` if even those do not single it out.
    fn anchored(&self, range: Range<usize>) -> Option<(String, Option<String>, Option<String>)> {
        let quote = &self.text[range.clone()];
        let found = |prefix: Option<&str>, suffix: Option<&str>| {
            quote::anchor(&self.folded, quote, prefix, suffix) == Anchor::Found(range.start, range.end)
        };
        if found(None, None) {
            return Some((quote.to_string(), None, None));
        }
        let before = &self.text[..range.start];
        let prefix = context(before.chars().rev().collect::<String>().as_str()).chars().rev().collect::<String>();
        let after = context(&self.text[range.end..]);
        if !prefix.trim().is_empty() && found(Some(&prefix), None) {
            return Some((quote.to_string(), Some(prefix), None));
        }
        if !after.trim().is_empty() && found(None, Some(&after)) {
            return Some((quote.to_string(), None, Some(after)));
        }
        found(Some(&prefix), Some(&after)).then(|| (quote.to_string(), Some(prefix), Some(after)))
    }
}
