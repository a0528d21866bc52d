//! The word lists `claimlint draft` reads a report with. They are general news language, not
//! the words of any one report, built from:
//! - reporting verbs: the AP Stylebook's entry on "said" and its alternatives, and the reporting
//!   verbs of Bergler, "Conveying attitude with reported speech" (2006) and of the PARC 3.0
//!   attribution corpus (Pareti 2016);
//! - hedges and their certainty: FactBank's event-selecting predicates and modality markers
//!   (Saurí & Pustejovsky 2009, "FactBank: a corpus annotated with event factuality"), with
//!   Hyland's list of hedges (Hyland 1998, "Hedging in scientific research articles");
//! - negation cues: the cue list of the *SEM 2012 shared task on negation (Morante & Blanco
//!   2012) and of the BioScope corpus (Vincze et al. 2008), with "yet to" and "failed to";
//! - numbers and their bounds: the approximators of Channell, "Vague Language" (1994);
//! - the vocabulary of conflict and disaster reporting (in the standard packs' `triggers`):
//!   the event types of ACE 2005 (Attack, Die, Injure, Meet, Transport, Arrest-Jail) and the
//!   event codes of CAMEO (Gerner et al. 2002: negotiate, agree, sign, reject, mediate).
//!
//! Every entry is a phrase of lowercase words; a word ending in `*` matches any word it begins.

use crate::model::{Bound, Certainty};

/// Verbs that attribute what follows (or precedes) to a speaker: "X said", "said X".
pub const REPORTING_VERBS: &[&str] = &[
    "said",
    "says",
    "say",
    "told",
    "tells",
    "added",
    "adds",
    "stated",
    "states",
    "announced",
    "announces",
    "confirmed",
    "confirms",
    "denied",
    "denies",
    "declared",
    "claimed",
    "claims",
    "insisted",
    "noted",
    "warned",
    "explained",
    "reported",
    "acknowledged",
    "admitted",
    "estimated",
    "alleged",
    "stressed",
    "argued",
    "wrote",
    "tweeted",
    "quoted",
    "asserted",
    "maintained",
    "disclosed",
    "revealed",
    "predicted",
    "suggested",
    "urged",
];

/// Reporting verbs that deny their content: "X denied that Y" is Y, negated.
pub const DENIAL_VERBS: &[&str] = &["denied", "denies", "deny", "rejected", "dismissed", "refuted"];

/// Phrases before a speaker: "according to X", "X's spokesman".
pub const ACCORDING_TO: &[&str] = &["according to", "quoting", "citing"];

/// Pronouns that refer back to the last speaker.
pub const PRONOUNS: &[&str] = &["he", "she", "they", "it", "we", "i"];

/// Head nouns of a speaker who is a person, and of one who is a body.
pub const PERSON_NOUNS: &[&str] = &[
    "official",
    "officials",
    "minister",
    "spokesman",
    "spokeswoman",
    "spokesperson",
    "fighter",
    "commander",
    "president",
    "source",
    "sources",
    "diplomat",
    "resident",
    "witness",
    "activist",
    "leader",
    "envoy",
    "ambassador",
    "general",
    "officer",
    "mayor",
    "governor",
    "secretary",
    "analyst",
    "doctor",
    "medic",
    "worker",
    "survivor",
    "chief",
    "adviser",
    "advisor",
    "aide",
    "director",
    "head",
    "manager",
    "chairman",
    "chairwoman",
    "negotiator",
    "mediator",
    "prosecutor",
    "judge",
    "lawyer",
    "rescuer",
    "paramedic",
    "journalist",
    "correspondent",
    "monitor",
    "observer",
    "representative",
    "delegate",
    "member",
    "lawmaker",
    "senator",
    "mp",
];

/// Nouns that say a report does not name its speaker ("unconfirmed reports said"): the outlet
/// relays them, and their hedges still apply.
pub const UNNAMED_SPEAKERS: &[&str] = &["reports", "report", "rumours", "rumors", "accounts", "claims"];
pub const BODY_NOUNS: &[&str] = &[
    "ministry",
    "agency",
    "government",
    "army",
    "military",
    "police",
    "observatory",
    "office",
    "council",
    "committee",
    "group",
    "organisation",
    "organization",
    "brigade",
    "faction",
    "media",
    "television",
    "tv",
    "newspaper",
    "monitor",
    "service",
    "command",
    "coalition",
    "embassy",
    "kremlin",
];

/// Negation cues: a cue before a trigger in its clause negates it.
pub const NEGATIONS: &[&str] = &[
    "no",
    "not",
    "n't",
    "never",
    "none",
    "neither",
    "nor",
    "without",
    "nothing",
    "nobody",
    "cannot",
    "yet to",
    "failed to",
    "fail to",
    "fails to",
    "no longer",
    "lack of",
    "absence of",
    "denied",
    "denies",
    "deny",
    "refused to",
    "ruled out",
];

/// Approximators that say a state was nearly but not reached ("on the verge of an agreement":
/// no agreement yet): they negate the stage they precede.
pub const NEAR_MISSES: &[&str] = &["verge of", "close to", "nearly", "almost", "brink of", "edge of", "short of"];

/// Words that end a negation's scope within a clause.
pub const SCOPE_BREAKS: &[&str] = &["but", "although", "though", "however", "while", "whereas", "yet", "which", "who"];

/// Hedge cues and the certainty they leave a claim with (FactBank: PR, PS, Uu).
pub const HEDGES: &[(&str, Certainty)] = &[
    ("nothing final", Certainty::Unknown),
    ("unclear", Certainty::Unknown),
    ("not clear", Certainty::Unknown),
    ("not known", Certainty::Unknown),
    ("unknown", Certainty::Unknown),
    ("uncertain", Certainty::Unknown),
    ("undecided", Certainty::Unknown),
    ("no decision", Certainty::Unknown),
    ("remains to be seen", Certainty::Unknown),
    ("whether", Certainty::Unknown),
    ("may", Certainty::Possible),
    ("might", Certainty::Possible),
    ("could", Certainty::Possible),
    ("possibly", Certainty::Possible),
    ("possible", Certainty::Possible),
    ("perhaps", Certainty::Possible),
    ("unconfirmed", Certainty::Possible),
    ("rumour*", Certainty::Possible),
    ("rumor*", Certainty::Possible),
    ("speculat*", Certainty::Possible),
    ("alleged*", Certainty::Possible),
    ("hope*", Certainty::Possible),
    ("little hope", Certainty::Possible),
    ("expected to", Certainty::Probable),
    ("expects", Certainty::Probable),
    ("likely", Certainty::Probable),
    ("probably", Certainty::Probable),
    ("believed to", Certainty::Probable),
    ("believe*", Certainty::Probable),
    ("appear* to", Certainty::Probable),
    ("seem* to", Certainty::Probable),
    ("reportedly", Certainty::Probable),
    ("apparently", Certainty::Probable),
    ("set to", Certainty::Probable),
    ("should", Certainty::Probable),
    ("understood to", Certainty::Probable),
    ("thought to", Certainty::Probable),
    ("due to", Certainty::Probable),
];

/// Bound cues before a number (Channell's approximators).
pub const BOUNDS: &[(&str, Bound)] = &[
    ("at least", Bound::AtLeast),
    ("more than", Bound::AtLeast),
    ("over", Bound::AtLeast),
    ("upwards of", Bound::AtLeast),
    ("in excess of", Bound::AtLeast),
    ("no fewer than", Bound::AtLeast),
    ("about", Bound::About),
    ("around", Bound::About),
    ("approximately", Bound::About),
    ("roughly", Bound::About),
    ("some", Bound::About),
    ("nearly", Bound::About),
    ("almost", Bound::About),
    ("an estimated", Bound::About),
    ("estimated", Bound::About),
    ("up to", Bound::AtMost),
    ("as many as", Bound::AtMost),
    ("at most", Bound::AtMost),
    ("fewer than", Bound::AtMost),
    ("less than", Bound::AtMost),
    ("no more than", Bound::AtMost),
    ("under", Bound::AtMost),
];

/// Number words and their values; the plural vague quantities are lower bounds ("dozens": at
/// least 24).
pub const NUMBER_WORDS: &[(&str, f64, Bound)] = &[
    ("one", 1.0, Bound::Exact),
    ("two", 2.0, Bound::Exact),
    ("three", 3.0, Bound::Exact),
    ("four", 4.0, Bound::Exact),
    ("five", 5.0, Bound::Exact),
    ("six", 6.0, Bound::Exact),
    ("seven", 7.0, Bound::Exact),
    ("eight", 8.0, Bound::Exact),
    ("nine", 9.0, Bound::Exact),
    ("ten", 10.0, Bound::Exact),
    ("eleven", 11.0, Bound::Exact),
    ("twelve", 12.0, Bound::Exact),
    ("fifteen", 15.0, Bound::Exact),
    ("twenty", 20.0, Bound::Exact),
    ("thirty", 30.0, Bound::Exact),
    ("forty", 40.0, Bound::Exact),
    ("fifty", 50.0, Bound::Exact),
    ("hundred", 100.0, Bound::Exact),
    ("a dozen", 12.0, Bound::About),
    ("dozens", 24.0, Bound::AtLeast),
    ("scores", 40.0, Bound::AtLeast),
    ("hundreds", 200.0, Bound::AtLeast),
    ("thousands", 2000.0, Bound::AtLeast),
    ("tens of thousands", 20000.0, Bound::AtLeast),
];

/// Multipliers after a number: "1.5 million".
pub const MULTIPLIERS: &[(&str, f64)] = &[("thousand", 1e3), ("million", 1e6), ("billion", 1e9)];

pub const MONTHS: &[&str] = &[
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
];
pub const MONTH_ABBREVIATIONS: &[&str] =
    &["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sept", "oct", "nov", "dec"];
pub const WEEKDAYS: &[&str] = &["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"];
/// Days relative to publication.
pub const RELATIVE_DAYS: &[(&str, i64)] = &[("yesterday", -1), ("today", 0), ("tonight", 0), ("tomorrow", 1)];
/// Words that put a weekday ahead of publication rather than behind it ("will meet on Thursday").
pub const FUTURE_CUES: &[&str] = &["will", "would", "expected", "next", "scheduled", "planned", "due", "set"];

/// Abbreviations after which a full stop does not end a sentence.
pub const ABBREVIATIONS: &[&str] = &[
    "mr", "mrs", "ms", "dr", "prof", "gen", "lt", "col", "capt", "sgt", "maj", "adm", "sen", "rep", "gov", "pres",
    "st", "mt", "no", "vs", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec", "u.s",
    "u.n", "u.k", "e.u", "inc", "corp", "ltd", "co", "jr", "sr", "rev", "hon", "approx", "est", "dept",
];

/// Nouns that refer back to an agreement or to an event mentioned before ("the deal", "the
/// attack"): with one, a claim without a named subject takes the last one mentioned.
pub const AGREEMENT_NOUNS: &[&str] = &[
    "deal",
    "agreement",
    "ceasefire",
    "truce",
    "accord",
    "pact",
    "corridor",
    "plan",
    "arrangement",
    "armistice",
    "treaty",
    "terms",
    "evacuation",
];
pub const EVENT_NOUNS: &[&str] = &[
    "attack",
    "strike",
    "bombing",
    "shelling",
    "offensive",
    "explosion",
    "blast",
    "crash",
    "fire",
    "meeting",
    "summit",
    "clashes",
    "fighting",
    "massacre",
    "siege",
    "evacuation",
    "earthquake",
    "flood",
    "this",
    "it",
];

/// Whether the lowercase word `word` matches the pattern word `pattern` (`negotiat*`).
pub fn word_matches(pattern: &str, word: &str) -> bool {
    match pattern.strip_suffix('*') {
        Some(prefix) => word.starts_with(prefix),
        None => word == pattern,
    }
}
