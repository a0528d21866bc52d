//! The resolved corpus: what the rules see. Every name is resolved to an index, every quote to a
//! span in its report, every time to a [`Time`]. Nothing here refers back to TOML.

use crate::doc::Doc;
use crate::severity::Severity;
use crate::source::{FileId, Sources, Span};
use crate::time::Time;
use std::fmt;

/// A hash map with a fast hash (FxHash, as rustc and ruff use) for the tables every claim is
/// looked up in: SipHash's resistance to crafted keys is not worth its cost on a claim corpus.
pub type FastMap<K, V> = std::collections::HashMap<K, V, rustc_hash::FxBuildHasher>;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct EntityId(pub u32);
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct PredicateId(pub u32);
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct ReportId(pub u32);
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct ClaimId(pub u32);

/// A relation between two entities, as the entity files declare it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Relation {
    /// entity → a larger entity it belongs to (a district of a city, a ministry of a government)
    PartOf,
    /// source entity → whose position its statements express
    SpeaksFor,
}

impl Relation {
    pub const ALL: [Relation; 2] = [Relation::PartOf, Relation::SpeaksFor];
    /// The relation's name in entity files, packs (`entails`) and exports.
    pub fn as_str(self) -> &'static str {
        match self {
            Relation::PartOf => "part-of",
            Relation::SpeaksFor => "speaks-for",
        }
    }
    pub fn parse(s: &str) -> Option<Relation> {
        Relation::ALL.into_iter().find(|r| r.as_str() == s)
    }
}

#[derive(Debug, Clone)]
pub struct Entity {
    pub id: String,
    pub name: String,
    pub kind: String,
    pub aliases: Vec<String>,
    pub part_of: Vec<EntityId>,
    pub speaks_for: Vec<EntityId>,
    /// The entity's `id` value in its file.
    pub span: Span,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ValueType {
    Enum,
    Entity,
    Number,
    Date,
    Text,
    None,
}

impl ValueType {
    pub const NAMES: [&'static str; 6] = ["enum", "entity", "number", "date", "text", "none"];
    pub fn parse(s: &str) -> Option<ValueType> {
        Some(match s {
            "enum" => ValueType::Enum,
            "entity" => ValueType::Entity,
            "number" => ValueType::Number,
            "date" => ValueType::Date,
            "text" => ValueType::Text,
            "none" => ValueType::None,
            _ => return None,
        })
    }
    pub fn as_str(self) -> &'static str {
        Self::NAMES[self as usize]
    }
}

#[derive(Debug, Clone)]
pub struct Predicate {
    pub name: String,
    pub description: String,
    pub subject_kinds: Vec<String>,
    pub value_type: ValueType,
    pub values: Vec<String>,
    /// `true` for cardinality `one`: a subject has one value at a time.
    pub one: bool,
    /// Indices into `values`, in the order stages are reached.
    pub progression: Vec<u16>,
    pub stable: bool,
    pub growing: bool,
    /// Numbers: the figure counts people or things, so it is a whole number (a toll of 0.5 is
    /// a mistake, not a figure).
    pub count: bool,
    pub tolerance: f64,
    /// The words `claimlint draft` reads as stating this predicate (the pack's `triggers`).
    pub triggers: Vec<Trigger>,
    /// How messages name the predicate of a subject, with `{subject}` in it ("who was
    /// responsible for {subject}"); `None`: "the {predicate} of {subject}".
    pub phrase: Option<String>,
    /// Entity values: the relations along which a value entails others (DESIGN §4 v2: "Putin is
    /// responsible" asserts "Russia is responsible" along `speaks-for`). Sorted, no repeats.
    pub entails: Vec<Relation>,
    /// Progressions: indices into `values` of the stages a later stage does not assert ("in
    /// force" asserts "agreed", not "signed").
    pub optional: Vec<u16>,
    pub pack: String,
    pub span: Span,
}

/// A trigger of a predicate: a phrase of lowercase words, each word matched whole or, when it
/// ends in `*`, as a prefix (`negotiat*`); for an enum predicate, the value it states
/// (written `"agreed: deal"` in a pack).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Trigger {
    pub words: Vec<String>,
    pub value: Option<u16>,
}

impl Predicate {
    /// Position of an enum value in the progression, if it is a stage.
    pub fn stage(&self, value: &Value) -> Option<usize> {
        match (self.value_type, value) {
            (ValueType::None, Value::None) => Some(0),
            (_, Value::Enum(i)) => self.progression.iter().position(|s| s == i),
            _ => None,
        }
    }
    /// Whether a value is an optional stage of the progression.
    pub fn is_optional(&self, value: &Value) -> bool {
        matches!(value, Value::Enum(i) if self.optional.contains(i))
    }
    /// How messages name this predicate of `subject` (already quoted as the message shows it).
    pub fn phrase(&self, subject: &str) -> String {
        match &self.phrase {
            Some(p) => p.replace("{subject}", subject),
            None => format!("the {} of {subject}", self.name),
        }
    }
    /// Whether the predicate orders its values over time: an enum with a progression, or `none`.
    pub fn has_progression(&self) -> bool {
        self.value_type == ValueType::None || !self.progression.is_empty()
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Bound {
    Exact,
    About,
    AtLeast,
    AtMost,
}

impl Bound {
    pub fn parse(s: &str) -> Option<Bound> {
        Some(match s {
            "exact" => Bound::Exact,
            "about" => Bound::About,
            "at-least" => Bound::AtLeast,
            "at-most" => Bound::AtMost,
            _ => return None,
        })
    }
}

/// A number as claimed: a value with a bound, or a range.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Number {
    pub low: f64,
    pub high: f64,
    pub bound: Bound,
    pub range: bool,
}

impl Number {
    /// The interval the claim allows (DESIGN §4): exact [v, v]; about [0.9v, 1.1v];
    /// at-least [v, ∞); at-most [0, v]; a range is itself.
    pub fn interval(&self) -> (f64, f64) {
        if self.range {
            return (self.low, self.high);
        }
        let v = self.low;
        match self.bound {
            Bound::Exact => (v, v),
            Bound::About => (0.9 * v, 1.1 * v),
            Bound::AtLeast => (v, f64::INFINITY),
            Bound::AtMost => (0.0, v),
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    None,
    /// No value given: an open question with no candidate ("it is not yet known who fired"),
    /// which only a claim of certainty `unknown` may leave (DESIGN §3 v2).
    Unstated,
    /// Index into the predicate's `values`.
    Enum(u16),
    Entity(EntityId),
    Number(Number),
    Date(Time),
    /// Normalised: lowercase, whitespace runs folded.
    Text(String),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Certainty {
    Certain,
    Probable,
    Possible,
    Unknown,
}

impl Certainty {
    /// How a committed or hedged claim's value is introduced: `NOT `, `probably `, `possibly NOT `.
    /// None for `unknown`, which each text words its own way ("open whether", "unknown whether").
    pub fn stance_prefix(self, negated: bool) -> Option<&'static str> {
        Some(match (self, negated) {
            (Certainty::Certain, false) => "",
            (Certainty::Certain, true) => "NOT ",
            (Certainty::Probable, false) => "probably ",
            (Certainty::Probable, true) => "probably NOT ",
            (Certainty::Possible, false) => "possibly ",
            (Certainty::Possible, true) => "possibly NOT ",
            (Certainty::Unknown, _) => return None,
        })
    }

    pub const NAMES: [&'static str; 4] = ["certain", "probable", "possible", "unknown"];
    pub fn parse(s: &str) -> Option<Certainty> {
        Some(match s {
            "certain" => Certainty::Certain,
            "probable" => Certainty::Probable,
            "possible" => Certainty::Possible,
            "unknown" => Certainty::Unknown,
            _ => return None,
        })
    }
    /// Certain and probable claims commit their source; the others hedge.
    pub fn commits(self) -> bool {
        matches!(self, Certainty::Certain | Certainty::Probable)
    }
}

/// Who asserts a claim inside its report.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Speaker {
    Entity(EntityId),
    /// The outlet speaking itself, when it is not declared as an entity.
    /// Shared by the claims of one report.
    Outlet(std::sync::Arc<str>),
}

#[derive(Debug, Clone)]
pub struct Report {
    pub id: String,
    pub title: String,
    pub outlet: String,
    pub outlet_entity: Option<EntityId>,
    pub via: Vec<String>,
    pub published: Time,
    pub url: Option<String>,
    /// The report text.
    pub text: FileId,
    /// The claim file that declares the report, and its `[report]` header.
    pub file: FileId,
    pub span: Span,
}

impl Report {
    /// A report's origin for independence: its first wire service, else its outlet (lowercased).
    pub fn origin(&self) -> String {
        self.via.first().unwrap_or(&self.outlet).trim().to_lowercase()
    }
}

/// How a derived claim came about: the claim it was derived from and the `implies` rule.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Derivation {
    pub from: ClaimId,
    pub rule: String,
}

#[derive(Debug, Clone)]
pub struct Claim {
    pub report: ReportId,
    /// A `Box<str>`, not a `String`: a million claims are held at once, and an id never grows.
    pub id: Box<str>,
    pub subject: EntityId,
    pub predicate: PredicateId,
    pub value: Value,
    pub negated: bool,
    pub certainty: Certainty,
    pub source: Speaker,
    pub as_of: Time,
    /// The quoted words in the report text.
    pub quote: Span,
    /// Its note, derivation and corrections, boxed together and `None` when it has none: a
    /// million claims are held at once, and most have no note, no derivation and correct
    /// nothing (three boxes of their own cost 40 bytes a claim, one 8). Read them with
    /// [`Claim::note`], [`Claim::derived`] and [`Claim::corrects`].
    pub rare: Option<Box<Rare>>,
}

/// The rarer parts of a [`Claim`].
#[derive(Debug, Clone, Default)]
pub struct Rare {
    pub note: Option<Box<str>>,
    pub derived: Option<Derivation>,
    /// The claims this one corrects or retracts (`corrects`, DESIGN §3 v2), resolved once every
    /// claim is known; they take part in no contradiction, tension or corroboration.
    pub corrects: Box<[ClaimId]>,
}

impl Rare {
    /// The rare parts of a claim with this note and derivation and no corrections yet: `None`
    /// when it has neither.
    pub fn of(note: Option<Box<str>>, derived: Option<Derivation>) -> Option<Box<Rare>> {
        (note.is_some() || derived.is_some()).then(|| Box::new(Rare { note, derived, corrects: Box::default() }))
    }
}

impl Claim {
    /// The claim's note, if it has one.
    pub fn note(&self) -> Option<&str> {
        self.rare.as_ref()?.note.as_deref()
    }
    /// How an `implies` rule derived the claim; `None` for a claim a report states.
    pub fn derived(&self) -> Option<&Derivation> {
        self.rare.as_ref()?.derived.as_ref()
    }
    /// The claims this one corrects or retracts (`corrects`, DESIGN §3 v2).
    pub fn corrects(&self) -> &[ClaimId] {
        self.rare.as_ref().map_or(&[], |r| &r.corrects)
    }
    /// Sets the claims this one corrects, once every claim is known.
    pub fn set_corrects(&mut self, corrects: Box<[ClaimId]>) {
        if corrects.is_empty() && self.rare.is_none() {
            return;
        }
        self.rare.get_or_insert_with(Box::default).corrects = corrects;
    }
    /// Affirmed and committed: the claim asserts its fact.
    pub fn asserts(&self) -> bool {
        !self.negated && self.certainty.commits()
    }
    /// Negated and committed: the claim denies its fact.
    pub fn denies(&self) -> bool {
        self.negated && self.certainty.commits()
    }
    /// Neither: possible, or unknown.
    pub fn hedges(&self) -> bool {
        !self.certainty.commits()
    }
}

/// What the model and people need to know about a rule kind, as data: its name and
/// documentation, how loud it is, the message its findings give. Each kind declares it in its
/// own file (`rules/<kind>.rs`, as part of its `KindSpec`), and the registry of kinds
/// (`rules::KINDS`) lists them.
#[derive(Debug)]
pub struct KindInfo {
    /// The kind's documentation; its `name` is the kind's name.
    pub doc: Doc,
    /// The severity of its rules when their pack and the config set none.
    pub default_severity: Severity,
    /// Whether `claimlint explain` tells that its findings go one step milder when a claim
    /// involved is only probable.
    pub milder_when_probable: bool,
    /// Whether two of its claims in one report, from sources that are not one voice, are a
    /// dispute the report relays (DESIGN §4 v2: conflict, negation, numeric), one step milder.
    pub disputes: bool,
    /// Whether its rules report findings: `implies` derives claims and reports nothing, so it
    /// has no severity to set.
    pub reports: bool,
    /// The message template of its findings when the rule gives none.
    pub default_message: &'static str,
}

/// A rule kind: a handle on its [`KindInfo`], numbered by its place in the registry of kinds
/// (`rules::KINDS`), which alone makes them (`RuleKind::ALL`, `RuleKind::parse`). Kinds compare
/// and order by that place.
#[derive(Clone, Copy)]
pub struct RuleKind {
    index: u8,
    info: &'static KindInfo,
}

impl RuleKind {
    /// The kind at `index` in the registry, described by `info`.
    pub(crate) const fn new(index: usize, info: &'static KindInfo) -> RuleKind {
        RuleKind { index: index as u8, info }
    }
    /// The kind's place in the registry.
    pub fn index(self) -> usize {
        self.index as usize
    }
    pub fn info(self) -> &'static KindInfo {
        self.info
    }
    pub fn as_str(self) -> &'static str {
        self.info.doc.name
    }
    pub fn default_severity(self) -> Severity {
        self.info.default_severity
    }
}

impl PartialEq for RuleKind {
    fn eq(&self, other: &Self) -> bool {
        self.index == other.index
    }
}
impl Eq for RuleKind {}
impl PartialOrd for RuleKind {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}
impl Ord for RuleKind {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        self.index.cmp(&other.index)
    }
}
impl std::hash::Hash for RuleKind {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        self.index.hash(state);
    }
}

impl fmt::Debug for RuleKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl fmt::Display for RuleKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A pattern of an `implies` rule: a predicate and, optionally, a value and polarity.
#[derive(Debug, Clone)]
pub struct Pattern {
    pub predicate: PredicateId,
    pub value: Option<Value>,
    pub negated: bool,
}

/// The parameters of a rule that belong to its kind, as the kind's own check of its pack's
/// keys (`KindSpec::params`) resolved them.
#[derive(Debug, Clone)]
pub enum RuleParams {
    /// The kind takes none.
    None,
    /// `implies`: derive the claim of `then` from each claim that matches `when` (`if`).
    Implies { when: Pattern, then: Pattern },
}

impl RuleParams {
    /// The pattern claims are matched against (`if`), for a rule that has one.
    pub fn when(&self) -> Option<&Pattern> {
        match self {
            RuleParams::Implies { when, .. } => Some(when),
            RuleParams::None => None,
        }
    }
    /// The pattern of the claims derived (`then`), for a rule that has one.
    pub fn then(&self) -> Option<&Pattern> {
        match self {
            RuleParams::Implies { then, .. } => Some(then),
            RuleParams::None => None,
        }
    }
}

#[derive(Debug, Clone)]
pub struct Rule {
    pub id: String,
    pub kind: RuleKind,
    /// `None`: every predicate the kind applies to.
    pub predicates: Option<Vec<PredicateId>>,
    /// `None`: the kind's default.
    pub severity: Option<Severity>,
    pub message: Option<String>,
    pub help: Option<String>,
    pub params: RuleParams,
    pub pack: String,
    pub span: Span,
}

impl Rule {
    pub fn applies_to(&self, p: PredicateId) -> bool {
        self.predicates.as_ref().is_none_or(|ps| ps.contains(&p))
    }
    pub fn base_severity(&self) -> Severity {
        self.severity.unwrap_or(self.kind.default_severity())
    }
}

/// Everything the rules see.
#[derive(Debug, Default)]
pub struct Corpus {
    pub sources: Sources,
    pub entities: Vec<Entity>,
    pub predicates: Vec<Predicate>,
    pub rules: Vec<Rule>,
    pub reports: Vec<Report>,
    /// The claims as stated in the reports; claims derived by `implies` rules live in the rules'
    /// context (`rules::Context::derived`), never here.
    pub claims: Vec<Claim>,
    /// Lowercased ids, names and aliases → entity.
    pub names: FastMap<String, EntityId>,
    pub predicate_names: FastMap<String, PredicateId>,
}

impl Corpus {
    pub fn entity(&self, id: EntityId) -> &Entity {
        &self.entities[id.0 as usize]
    }
    pub fn predicate(&self, id: PredicateId) -> &Predicate {
        &self.predicates[id.0 as usize]
    }
    pub fn report(&self, id: ReportId) -> &Report {
        &self.reports[id.0 as usize]
    }
    pub fn claim(&self, id: ClaimId) -> &Claim {
        &self.claims[id.0 as usize]
    }
    pub fn lookup_entity(&self, name: &str) -> Option<EntityId> {
        self.names.get(name_key(name, &mut String::new())).copied()
    }
    /// `<report>#<claim>`, the claim's global name.
    pub fn claim_ref(&self, id: ClaimId) -> String {
        self.claim_name(self.claim(id))
    }
    /// `<report>#<claim>` for any claim of the corpus's reports, derived ones too (whose ids
    /// read `toll>rule`); the one place claims are named. Plain `format!`: building the name by
    /// hand is 2-3× faster per name, but a run of a million claims names about a million, a
    /// tenth of a second of CPU in a run of 40 seconds.
    pub fn claim_name(&self, c: &Claim) -> String {
        format!("{}#{}", self.report(c.report).id, c.id)
    }
    pub fn speaker_name<'s>(&'s self, s: &'s Speaker) -> &'s str {
        match s {
            Speaker::Entity(e) => &self.entity(*e).name,
            Speaker::Outlet(o) => o,
        }
    }
    /// `Subject, 2016-12-13: NOT agreed` — how a quoted claim's label reads under its quote
    /// (`rules::Context::label` adds what a derived claim is implied by).
    pub fn claim_label(&self, c: &Claim) -> String {
        // Written into one string, piece by piece: a renderer writes a label for every location
        // of every finding (a million at a million claims), and the stance and value made as
        // strings of their own were three more allocations each.
        let mut label = String::with_capacity(64);
        self.write_claim_label(c, &mut label);
        label
    }
    /// [`Corpus::claim_label`], appended to `out`.
    pub fn write_claim_label(&self, c: &Claim, out: &mut String) {
        use std::fmt::Write;
        out.push_str(self.speaker_name(&c.source));
        let _ = write!(out, ", {}: ", c.as_of);
        self.write_stance(c, out);
    }
    /// `NOT agreed`, `possibly 300`: the claim's value with its polarity and certainty.
    pub fn stance(&self, c: &Claim) -> String {
        let mut stance = String::new();
        self.write_stance(c, &mut stance);
        stance
    }
    /// [`Corpus::stance`], appended to `out`.
    fn write_stance(&self, c: &Claim, out: &mut String) {
        let before = match c.certainty.stance_prefix(c.negated) {
            Some(prefix) => prefix,
            None if c.value == Value::Unstated => return out.push_str("open, no candidate named"),
            None => "open whether ",
        };
        out.push_str(before);
        self.write_value_text(c.predicate, &c.value, out);
    }
    /// A value as a person reads it.
    pub fn value_text(&self, p: PredicateId, v: &Value) -> String {
        let mut text = String::new();
        self.write_value_text(p, v, &mut text);
        text
    }
    /// [`Corpus::value_text`], appended to `out`.
    fn write_value_text(&self, p: PredicateId, v: &Value, out: &mut String) {
        use std::fmt::Write;
        match v {
            Value::None => out.push_str("happened"),
            Value::Unstated => out.push_str("(no value given)"),
            Value::Enum(i) => out.push_str(self.predicate(p).values.get(*i as usize).map_or("", String::as_str)),
            Value::Entity(e) => out.push_str(&self.entity(*e).name),
            Value::Number(n) => out.push_str(&number_text(n)),
            Value::Date(t) => {
                let _ = write!(out, "{t}");
            }
            Value::Text(t) => out.push_str(t),
        }
    }
}

/// The key an entity's id, name or alias is declared and looked up under: trimmed and lowercase,
/// since names match case-insensitively (DESIGN §3). The one place names are folded.
///
/// Most names are ids, already lowercase: they are returned as they are, and `buffer` (reused
/// from name to name by callers resolving many) holds the lowercase copy of the others.
pub fn name_key<'n>(name: &'n str, buffer: &'n mut String) -> &'n str {
    let name = name.trim();
    if name.bytes().all(|b| b.is_ascii() && !b.is_ascii_uppercase()) {
        return name;
    }
    buffer.clear();
    if name.is_ascii() {
        buffer.push_str(name);
        buffer.make_ascii_lowercase();
    } else {
        buffer.push_str(&name.to_lowercase());
    }
    buffer
}

/// The largest integer every smaller one of which a figure (an `f64`) holds exactly: 2^53.
/// Integers beyond it are not read ([`crate::load`]), so a figure shown is the figure written.
pub const MAX_EXACT_INTEGER: f64 = 9_007_199_254_740_992.0;

fn number_text(n: &Number) -> String {
    // Whole numbers as written; others as Rust writes them, in scientific notation when large
    // (`1.7e308`, not 309 digits).
    let fmt = |v: f64| {
        if v.fract() == 0.0 && v.abs() <= MAX_EXACT_INTEGER {
            format!("{}", v as i64)
        } else if v.abs() >= 1e15 {
            format!("{v:e}")
        } else {
            format!("{v}")
        }
    };
    if n.range {
        return format!("{}–{}", fmt(n.low), fmt(n.high));
    }
    let v = fmt(n.low);
    match n.bound {
        Bound::Exact => v,
        Bound::About => format!("about {v}"),
        Bound::AtLeast => format!("at least {v}"),
        Bound::AtMost => format!("at most {v}"),
    }
}
