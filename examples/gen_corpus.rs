//! Generates a synthetic corpus of news reports and their claims, for benchmarks and tests.
//!
//! `cargo run --release --example gen_corpus -- --claims N --out DIR [--seed S] [--format toml|jsonl]
//! [--v2 [--v2-keys]]`
//!
//! The corpus looks like a wire archive: thousands of agreements (ceasefires, evacuation deals,
//! prisoner exchanges) and violent events (bombings, shelling), each followed by several reports
//! over a few days; entities with aliases, places inside places, officials who speak for their
//! governments, wire copy carried by several outlets, datetimes with offsets, `as-of` dates, figures
//! with bounds. Every report has a text file, and every claim quotes its words.
//!
//! Each subject has a hidden true history (the stage an agreement has reached on each day, an
//! event's death toll as it rises), and the background claims are all consistent with it, so the
//! only contradictions and hedges are the ones the generator plants on purpose. It writes them to
//! `DIR/manifest.json`: for each, the rule that must find it and the claims involved. A correct
//! check finds every planted item, and no error or warning that involves no planted claim.
//!
//! With `--v2`, it also plants what DESIGN v2 gives a meaning to, on about 4% of the subjects (at
//! least one of each kind): culprits named at two levels (a commander who speaks for his group),
//! disputes relayed by one report (settled by a later report or not), one voice contradicting
//! itself, hedges before and after firm claims on a stable predicate, tolls rising through a night,
//! a toll revised down by its own voice, two schedules of one day, the optional stage `approved`,
//! `suspended` against in-force and against an earlier stage; with `--v2-keys` also corrections
//! (`corrects`) and open questions without a value. Situations that must stay silent are made of
//! claims no plant tags (so any error or warning on them is reported as unplanted), or are listed
//! in the manifest's `silent` list. They need the v2 standard packs and engine: both flags are off
//! by default until those land (`--v2-keys` also needs the v2 loader).
//!
//! The output is a function of (claims, seed, format, v2 flags): the same arguments write the same
//! bytes; without the v2 flags, the same bytes as before they existed.
//! Layout: `DIR/claims/entities.toml`, the claim files under `DIR/claims/reports/`, the report texts
//! under `DIR/texts/` (outside `claims/`, so the claim walker never lists them).
#![allow(clippy::print_stdout, clippy::print_stderr)]

use clap::{Parser, ValueEnum};
use serde::Serialize;
use std::collections::{BTreeMap, HashSet};
use std::fmt::Write as _;
use std::fs;
use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// One TOML claim file per report.
    Toml,
    /// JSON Lines: one report per line, a thousand reports per file.
    Jsonl,
}

#[derive(Debug, Clone, Parser)]
#[command(about = "Writes a synthetic news corpus with planted contradictions")]
pub struct Config {
    /// How many claims to write.
    #[arg(long)]
    pub claims: usize,
    /// The corpus root to write (created; refused if it holds anything but an earlier corpus).
    #[arg(long)]
    pub out: PathBuf,
    /// Seed of the generator: the same seed writes the same corpus.
    #[arg(long, default_value_t = 1)]
    pub seed: u64,
    /// Claim file format.
    #[arg(long, value_enum, default_value = "toml")]
    pub format: Format,
}

/// The v2 situations to plant (DESIGN v2). Off by default until the v2 packs and engine land.
#[derive(Debug, Clone, Default, clap::Args)]
pub struct V2Options {
    /// Also plant DESIGN v2 situations (needs the v2 standard packs and engine).
    #[arg(long)]
    pub v2: bool,
    /// With --v2, also plant corrections (`corrects`) and open questions without a value (needs
    /// the v2 loader).
    #[arg(long, requires = "v2")]
    pub v2_keys: bool,
}

#[derive(Debug, Clone, Parser)]
#[command(about = "Writes a synthetic news corpus with planted contradictions")]
struct Cli {
    #[command(flatten)]
    config: Config,
    #[command(flatten)]
    v2: V2Options,
}

#[allow(dead_code)] // The test suite includes this file as a module and calls `generate` itself.
fn main() -> std::process::ExitCode {
    let Cli { config, v2 } = Cli::parse();
    match generate_with(&config, &v2) {
        Ok(summary) => {
            println!(
                "wrote {} claims in {} reports about {} subjects ({} entities), {} planted findings, to {}",
                summary.claims,
                summary.reports,
                summary.subjects,
                summary.entities,
                summary.planted.len(),
                config.out.display()
            );
            std::process::ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("gen_corpus: {e}");
            std::process::ExitCode::from(2)
        }
    }
}

/// What was written; also saved as `manifest.json`.
#[derive(Debug, Clone, Serialize)]
pub struct Manifest {
    pub seed: u64,
    pub format: &'static str,
    pub claims: usize,
    pub reports: usize,
    pub subjects: usize,
    pub entities: usize,
    /// Every planted finding: a check must report each.
    pub planted: Vec<Planted>,
    /// v2: planted claims that a rule must not bring together (no error or warning of `rule` lists
    /// all of `claims`); only written when there are some.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub silent: Vec<Silent>,
}

/// A situation that must not fire: no error or warning of `rule` lists every claim of `claims`.
#[derive(Debug, Clone, Serialize)]
pub struct Silent {
    pub rule: &'static str,
    pub claims: Vec<String>,
    pub what: String,
}

/// A planted finding: the rule that must report it and claims its finding must list (the finding
/// may list more: other claims of the same reports that make the same point are folded in).
#[derive(Debug, Clone, Serialize)]
pub struct Planted {
    pub rule: &'static str,
    pub severity: &'static str,
    pub claims: Vec<String>,
    pub what: String,
}

// ---------------------------------------------------------------------------------------------
// Randomness: SplitMix64, so that a seed means the same corpus on every platform and version.

struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    /// Uniform in `0..n` (`n > 0`).
    fn below(&mut self, n: usize) -> usize {
        (((self.next() >> 11) as u128 * n as u128) >> 53) as usize
    }
    /// Uniform in `lo..=hi`.
    fn range(&mut self, lo: i64, hi: i64) -> i64 {
        lo + self.below((hi - lo + 1) as usize) as i64
    }
    fn chance(&mut self, p: f64) -> bool {
        ((self.next() >> 11) as f64) / ((1u64 << 53) as f64) < p
    }
    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
    fn shuffle<T>(&mut self, items: &mut [T]) {
        for i in (1..items.len()).rev() {
            let j = self.below(i + 1);
            items.swap(i, j);
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Calendar.

/// (year, month, day) of a day number since 1970-01-01 (Howard Hinnant's civil_from_days).
fn civil(days: i64) -> (i64, u32, u32) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    (yoe + era * 400 + i64::from(m <= 2), m, d)
}

fn iso(day: i64) -> String {
    let (y, m, d) = civil(day);
    format!("{y:04}-{m:02}-{d:02}")
}

const MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];
const WEEKDAYS: [&str; 7] = ["Thursday", "Friday", "Saturday", "Sunday", "Monday", "Tuesday", "Wednesday"];

fn spoken_date(day: i64) -> String {
    let (y, m, d) = civil(day);
    format!("{} {d}, {y}", MONTHS[m as usize - 1])
}

fn weekday(day: i64) -> &'static str {
    WEEKDAYS[day.rem_euclid(7) as usize]
}

// ---------------------------------------------------------------------------------------------
// The world: entities with unique names.

struct Ent {
    id: String,
    name: String,
    kind: &'static str,
    aliases: Vec<String>,
    part_of: Vec<usize>,
    speaks_for: Vec<usize>,
}

#[derive(Default)]
struct World {
    ents: Vec<Ent>,
    /// Every id, name and alias, lowercased: two entities never share one (`alias-clash`).
    taken: HashSet<String>,
}

fn slug(s: &str) -> String {
    let mut out = String::new();
    for c in s.chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c.to_ascii_lowercase());
        } else if !out.ends_with('-') && !out.is_empty() {
            out.push('-');
        }
    }
    out.trim_end_matches('-').to_string()
}

impl World {
    /// Adds an entity if its name is free; its id is the name's slug, numbered if taken. Aliases
    /// that are taken are dropped.
    fn add(&mut self, name: String, kind: &'static str, aliases: Vec<String>) -> Option<usize> {
        if self.taken.contains(&name.to_lowercase()) {
            return None;
        }
        let base = slug(&name);
        let mut id = base.clone();
        let mut n = 2;
        while self.taken.contains(&id) {
            id = format!("{base}-{n}");
            n += 1;
        }
        self.taken.insert(id.clone());
        self.taken.insert(name.to_lowercase());
        let mut kept = Vec::new();
        for a in aliases {
            if self.taken.insert(a.to_lowercase()) {
                kept.push(a);
            }
        }
        self.ents.push(Ent { id, name, kind, aliases: kept, part_of: Vec::new(), speaks_for: Vec::new() });
        Some(self.ents.len() - 1)
    }
}

const SYLLABLES: [&str; 32] = [
    "ka", "ro", "vel", "an", "tor", "mi", "sha", "lun", "dor", "es", "ba", "zi", "nor", "qua", "ast", "el", "ri",
    "mon", "gar", "tes", "ul", "pra", "ven", "is", "hol", "dam", "ur", "sel", "ko", "fa", "ith", "bre",
];
const GIVEN: [&str; 16] = [
    "Amir", "Lena", "Yusuf", "Mira", "Karim", "Sana", "Omar", "Irina", "Tarek", "Nadia", "Viktor", "Leyla", "Hasan",
    "Elif", "Rami", "Dana",
];

fn proper(rng: &mut Rng, syllables: usize) -> String {
    let mut s = String::new();
    for _ in 0..syllables {
        s.push_str(rng.pick::<&str>(&SYLLABLES));
    }
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_ascii_uppercase().to_string() + c.as_str(),
        None => s,
    }
}

/// Adds an entity under a fresh random name made by `name`, retrying on clashes.
fn add_named(
    world: &mut World,
    rng: &mut Rng,
    kind: &'static str,
    mut name: impl FnMut(&mut Rng) -> (String, Vec<String>),
) -> usize {
    loop {
        let (n, aliases) = name(rng);
        if let Some(i) = world.add(n, kind, aliases) {
            return i;
        }
    }
}

struct Country {
    ent: usize,
    ministry: usize,
    /// Officials who speak for the ministry, and an anonymous official who speaks for the country.
    officials: Vec<usize>,
    cities: Vec<usize>,
}

struct City {
    ent: usize,
    country: usize,
    districts: Vec<usize>,
}

// ---------------------------------------------------------------------------------------------
// Subjects and their true histories.

/// The `status` values of the standard `news` pack, in its order.
const STATUS: [&str; 8] = ["proposed", "negotiating", "agreed", "signed", "in-force", "ended", "collapsed", "rejected"];
const COLLAPSED: usize = 6;

enum Truth {
    Agreement {
        /// Day each stage (proposed .. in-force) was reached; the last ones may never be.
        stages: Vec<i64>,
        collapse: Option<i64>,
        parties: Vec<usize>,
        guarantors: Vec<usize>,
        mediator: usize,
        covers: Vec<usize>,
        /// An evacuation deal's destination.
        destination: Option<usize>,
        takes_effect: i64,
    },
    Event {
        day: i64,
        responsible: usize,
        /// A district and its city.
        place: (usize, usize),
        /// Figures on the day of the event; they rise over the following days.
        killed: u64,
        injured: u64,
        displaced: u64,
        evacuated: u64,
        arrested: u64,
        growth: u64,
        country: usize,
    },
}

struct Subject {
    ent: usize,
    truth: Truth,
    /// Days on which reports about it come out.
    news_days: Vec<i64>,
}

impl Subject {
    /// The stage reached by `day` (index into STATUS), or `COLLAPSED`; `None` before it was proposed.
    fn status(&self, day: i64) -> Option<usize> {
        let Truth::Agreement { stages, collapse, .. } = &self.truth else { return None };
        if collapse.is_some_and(|c| day >= c) {
            return Some(COLLAPSED);
        }
        stages.iter().rposition(|&d| d <= day)
    }
}

/// A figure on `day`: the first-day figure, rising by `growth` tenths a day for four days.
fn figure(base: u64, growth: u64, event_day: i64, day: i64) -> u64 {
    let k = (day - event_day).clamp(0, 4) as u64;
    base + base * growth * k / 10
}

// ---------------------------------------------------------------------------------------------
// Reports and claims.

#[derive(Clone)]
enum GValue {
    Str(String),
    Num(u64),
    Date(String),
}

#[derive(Clone)]
struct GClaim {
    id: String,
    subject: String,
    predicate: &'static str,
    value: Option<GValue>,
    negated: bool,
    certainty: Option<&'static str>,
    source: Option<String>,
    as_of: Option<String>,
    quote: String,
    prefix: Option<String>,
    bound: Option<&'static str>,
    /// The sentence of the report text that carries the quote.
    sentence: String,
    /// What the claim states, to find it again when planting: (predicate, value, negated).
    key: String,
    /// The planted findings (indices into the manifest's list) that this claim takes part in.
    plants: Vec<usize>,
    /// v2: the silent situations (indices into the manifest's `silent`) it takes part in.
    silent: Vec<usize>,
    /// v2: a claim of a planted situation that trimming must keep, though no finding lists it.
    keep: bool,
    /// v2: a number naming the claim for a correction, and the one this claim corrects.
    uid: Option<usize>,
    corrects: Option<usize>,
    /// The name (`<report>#<claim>`) of the claim it corrects, once ids are given.
    corrects_name: Option<String>,
}

struct GReport {
    id: String,
    day: i64,
    published: String,
    outlet: &'static str,
    via: Option<&'static str>,
    subject: usize,
    title: String,
    claims: Vec<GClaim>,
}

const OUTLETS: [&str; 24] = [
    "Reuters",
    "Agence France-Presse",
    "Associated Press",
    "Al Jazeera",
    "BBC News",
    "The Guardian",
    "Anadolu Agency",
    "TASS",
    "Deutsche Welle",
    "France 24",
    "Middle East Eye",
    "The National",
    "Daily Sabah",
    "Hurriyet Daily News",
    "Asharq Al-Awsat",
    "The New Arab",
    "Euronews",
    "NPR",
    "The Independent",
    "Arab News",
    "Kyiv Independent",
    "Gulf News",
    "The Times",
    "Voice of America",
];
const WIRES: [&str; 3] = ["AFP", "Reuters", "AP"];

/// Builds claims of one report, each with the sentence of the text that carries its quote.
struct ClaimMaker<'w> {
    world: &'w World,
    rng: Rng,
}

impl ClaimMaker<'_> {
    /// How a claim names an entity: its id mostly, sometimes its name or an alias.
    fn refer(&mut self, e: usize) -> String {
        let ent = &self.world.ents[e];
        let r = self.rng.below(20);
        if r < 12 || (r >= 17 && ent.aliases.is_empty()) {
            ent.id.clone()
        } else if r < 17 {
            ent.name.clone()
        } else {
            self.rng.pick(&ent.aliases).clone()
        }
    }

    fn name(&self, e: usize) -> &str {
        &self.world.ents[e].name
    }

    /// A sentence around a quote: who said it, then the quoted clause.
    fn sentence(&mut self, source: Option<usize>, outlet: &str, quote: &str) -> String {
        let lead = match source {
            Some(s) => {
                let who = self.world.ents[s].name.clone();
                match self.rng.below(4) {
                    0 => format!("{who} said {quote}"),
                    1 => format!("According to {who}, {quote}"),
                    2 => format!("“We can confirm that {quote},” {who} told reporters"),
                    _ => format!("{who} told {outlet} that {quote}"),
                }
            }
            None => match self.rng.below(3) {
                0 => format!("{outlet} has learned that {quote}"),
                1 => format!("Officials on the ground said {quote}"),
                _ => {
                    let mut s = quote.to_string();
                    if let Some(f) = s.get_mut(0..1) {
                        f.make_ascii_uppercase();
                    }
                    s
                }
            },
        };
        let lead = lead.trim_end_matches('.').to_string();
        format!("{lead}.")
    }

    #[allow(clippy::too_many_arguments)]
    fn claim(
        &mut self,
        subject: usize,
        predicate: &'static str,
        value: Option<GValue>,
        negated: bool,
        certainty: Option<&'static str>,
        source: Option<usize>,
        outlet: &str,
        quote: String,
        key: String,
    ) -> GClaim {
        let sentence = self.sentence(source, outlet, &quote);
        // A quote at the start of a sentence is capitalised there.
        let quote = if sentence.starts_with(&quote) {
            quote
        } else if sentence.get(..quote.len()).is_some_and(|s| s.eq_ignore_ascii_case(&quote)) {
            sentence[..quote.len()].to_string()
        } else {
            quote
        };
        GClaim {
            id: String::new(),
            subject: self.refer(subject),
            predicate,
            value,
            negated,
            certainty,
            source: source.map(|s| self.refer(s)),
            as_of: None,
            quote,
            prefix: None,
            bound: None,
            sentence,
            key,
            plants: Vec::new(),
            silent: Vec::new(),
            keep: false,
            uid: None,
            corrects: None,
            corrects_name: None,
        }
    }
}

fn stage_quote(name: &str, stage: usize, negated: bool, certainty: Option<&str>) -> String {
    let verb =
        ["proposed", "opened", "agreed", "signed", "brought into force", "ended", "collapsed", "rejected"][stage];
    match (certainty, negated) {
        (Some("unknown"), _) => format!("it is unclear whether the {name} has been {verb}"),
        (Some("possible"), false) => format!("unconfirmed reports say the {name} has been {verb}"),
        (Some("possible"), true) => format!("the {name} may not have been {verb} after all"),
        (_, true) => match stage {
            0 => format!("no {name} has been put forward"),
            1 => format!("no talks on the {name} have begun"),
            2 => format!("no agreement on the {name} has yet been reached"),
            3 => format!("the {name} has not been signed yet"),
            4 => format!("the {name} is not yet in force"),
            _ => format!("the {name} has not {verb}"),
        },
        (_, false) => match stage {
            0 => format!("a {name} was put forward"),
            1 => format!("talks on the {name} were under way"),
            2 => format!("the {name} was agreed"),
            3 => format!("the {name} was signed"),
            4 => format!("the {name} came into force"),
            6 => format!("the {name} had collapsed"),
            _ => format!("the {name} was {verb}"),
        },
    }
}

/// The background claims a report can make about its subject on `day`, all true.
fn candidates(m: &mut ClaimMaker, subject: &Subject, day: i64, outlet: &str, sources: &[usize]) -> Vec<GClaim> {
    let mut out = Vec::new();
    let s = subject.ent;
    let name = m.name(s).to_string();
    let src = |m: &mut ClaimMaker| if m.rng.chance(0.3) { None } else { Some(*m.rng.pick(sources)) };
    match &subject.truth {
        Truth::Agreement { stages, parties, guarantors, mediator, covers, destination, takes_effect, .. } => {
            let status = subject.status(day);
            if let Some(st) = status {
                let certainty = if m.rng.chance(0.1) { Some("probable") } else { None };
                let v = GValue::Str(STATUS[st].into());
                let q = stage_quote(&name, st, false, None);
                let source = src(m);
                out.push(m.claim(s, "status", Some(v), false, certainty, source, outlet, q, format!("status={st}")));
                if st != COLLAPSED && st > 0 {
                    let earlier = m.rng.below(st);
                    let v = GValue::Str(STATUS[earlier].into());
                    let q = stage_quote(&name, earlier, false, None);
                    let source = src(m);
                    out.push(m.claim(
                        s,
                        "status",
                        Some(v),
                        false,
                        None,
                        source,
                        outlet,
                        q,
                        format!("status={earlier}"),
                    ));
                }
                // What has not happened yet is denied: never a stage already reached.
                if st != COLLAPSED && st + 1 < stages.len().max(5) && st < 4 {
                    let next = st + 1;
                    let v = GValue::Str(STATUS[next].into());
                    let q = stage_quote(&name, next, true, None);
                    let source = src(m);
                    out.push(m.claim(s, "status", Some(v), true, None, source, outlet, q, format!("status=!{next}")));
                }
            }
            for &p in parties {
                let q = format!("{} is a party to the {name}", m.name(p));
                let (v, source) = (GValue::Str(m.refer(p)), src(m));
                out.push(m.claim(s, "party", Some(v), false, None, source, outlet, q, format!("party={p}")));
            }
            for &g in guarantors {
                let q = format!("{} will guarantee the {name}", m.name(g));
                let (v, source) = (GValue::Str(m.refer(g)), src(m));
                out.push(m.claim(s, "guarantor", Some(v), false, None, source, outlet, q, format!("guarantor={g}")));
            }
            let q = format!("the {name} was brokered by {}", m.name(*mediator));
            let (v, source) = (GValue::Str(m.refer(*mediator)), src(m));
            out.push(m.claim(s, "mediator", Some(v), false, None, source, outlet, q, format!("mediator={mediator}")));
            for &c in covers {
                let q = format!("the {name} covers {}", m.name(c));
                let (v, source) = (GValue::Str(m.refer(c)), src(m));
                out.push(m.claim(s, "covers", Some(v), false, None, source, outlet, q, format!("covers={c}")));
            }
            if let Some(d) = destination {
                let q = format!("evacuees under the {name} will be taken to {}", m.name(*d));
                let (v, source) = (GValue::Str(m.refer(*d)), src(m));
                out.push(m.claim(
                    s,
                    "destination",
                    Some(v),
                    false,
                    None,
                    source,
                    outlet,
                    q,
                    format!("destination={d}"),
                ));
            }
            if status.is_some_and(|st| st >= 2) {
                // Sometimes with the hour: a datetime on the same day states the same date.
                let (v, q) = if m.rng.chance(0.3) {
                    let v = GValue::Date(format!("{}T12:00:00Z", iso(*takes_effect)));
                    (v, format!("the {name} takes effect at noon GMT on {}", spoken_date(*takes_effect)))
                } else {
                    (
                        GValue::Date(iso(*takes_effect)),
                        format!("the {name} takes effect on {}", spoken_date(*takes_effect)),
                    )
                };
                let source = src(m);
                out.push(m.claim(s, "takes-effect", Some(v), false, None, source, outlet, q, "takes-effect".into()));
            }
            if status.is_some_and(|st| (1..=2).contains(&st)) && parties.len() >= 2 {
                let (a, b) = (parties[0], parties[1]);
                let q = format!("{} is in talks with {}", m.name(a), m.name(b));
                let (v, source) = (GValue::Str(m.refer(b)), src(m));
                let mut c = m.claim(a, "talks-with", Some(v), false, None, source, outlet, q, format!("talks={a}-{b}"));
                c.subject = m.refer(a);
                out.push(c);
            }
        }
        Truth::Event {
            day: event_day,
            responsible,
            place,
            killed,
            injured,
            displaced,
            evacuated,
            arrested,
            growth,
            ..
        } => {
            let q = format!("the {name} took place on {}", weekday(*event_day));
            let source = src(m);
            out.push(m.claim(s, "occurred", None, false, None, source, outlet, q, "occurred".into()));
            let probable = m.rng.chance(0.3);
            let q = if probable {
                format!("{} is believed to have carried out the {name}", m.name(*responsible))
            } else {
                format!("{} carried out the {name}", m.name(*responsible))
            };
            let (v, source) = (GValue::Str(m.refer(*responsible)), src(m));
            let cert = probable.then_some("probable");
            out.push(m.claim(s, "responsible", Some(v), false, cert, source, outlet, q, "responsible".into()));
            // Either the district or the city around it: places one inside the other never conflict.
            for (i, &p) in [place.0, place.1].iter().enumerate() {
                let q = format!("the {name} hit {}", m.name(p));
                let (v, source) = (GValue::Str(m.refer(p)), src(m));
                out.push(m.claim(s, "location", Some(v), false, None, source, outlet, q, format!("location={i}")));
            }
            for (pred, base, verb) in [
                ("killed", *killed, "killed"),
                ("injured", *injured, "injured"),
                ("displaced", *displaced, "displaced"),
                ("evacuated", *evacuated, "led to the evacuation of"),
                ("arrested", *arrested, "led to the arrest of"),
            ] {
                let v = figure(base, *growth, *event_day, day);
                let (bound, shown, words) = match m.rng.below(5) {
                    0 => (Some("at-least"), v * 95 / 100, "at least "),
                    1 => (Some("about"), v, "about "),
                    _ => (None, v, ""),
                };
                let q = format!("the {name} {verb} {words}{shown} people");
                let source = src(m);
                let mut c = m.claim(s, pred, Some(GValue::Num(shown)), false, None, source, outlet, q, pred.into());
                c.bound = bound;
                out.push(c);
            }
        }
    }
    out
}

// ---------------------------------------------------------------------------------------------
// Generation.

/// Writes the corpus described by `config` and returns its manifest.
pub fn generate(config: &Config) -> io::Result<Manifest> {
    generate_with(config, &V2Options::default())
}

/// Writes the corpus described by `config`, with the v2 situations `v2` asks for.
pub fn generate_with(config: &Config, v2: &V2Options) -> io::Result<Manifest> {
    if config.claims == 0 {
        return Err(io::Error::other("--claims must be at least 1"));
    }
    prepare_out(&config.out)?;
    let mut rng = Rng(config.seed ^ 0x6E65_7773_636C_6D74);
    let subjects_wanted = (config.claims / 100).max(8);
    let mut world = World::default();

    // Countries, their foreign ministries, officials and cities; armed groups.
    let n_countries = (subjects_wanted / 40).clamp(12, 250);
    let mut countries: Vec<Country> = Vec::new();
    let mut cities: Vec<City> = Vec::new();
    let cities_per_country = (subjects_wanted / n_countries / 3).clamp(3, 40);
    for _ in 0..n_countries {
        let ent = add_named(&mut world, &mut rng, "country", |r| {
            let syllables = 2 + r.below(2);
            let n = proper(r, syllables);
            let alias = format!("the {n} government");
            (n, vec![alias])
        });
        let cname = world.ents[ent].name.clone();
        let ministry = add_named(&mut world, &mut rng, "body", |_| {
            (format!("{cname} foreign ministry"), vec![format!("{cname} foreign office")])
        });
        world.ents[ministry].part_of.push(ent);
        world.ents[ministry].speaks_for.push(ent);
        let minister = add_named(&mut world, &mut rng, "person", |r| {
            (format!("{} {}", r.pick(&GIVEN), proper(r, 3)), vec![format!("{cname} foreign minister")])
        });
        world.ents[minister].speaks_for.push(ministry);
        let spokesman = add_named(&mut world, &mut rng, "person", |r| {
            (format!("{} {}", r.pick(&GIVEN), proper(r, 3)), vec![format!("{cname} foreign ministry spokesperson")])
        });
        world.ents[spokesman].speaks_for.push(ministry);
        let official = add_named(&mut world, &mut rng, "person", |_| (format!("a senior {cname} official"), vec![]));
        world.ents[official].speaks_for.push(ent);
        let mut mine = Vec::new();
        for _ in 0..cities_per_country {
            let city = add_named(&mut world, &mut rng, "place", |r| {
                let syllables = 2 + r.below(2);
                (proper(r, syllables), vec![])
            });
            world.ents[city].part_of.push(ent);
            let city_name = world.ents[city].name.clone();
            let mut districts = Vec::new();
            for part in ["eastern", "western", "old town of"] {
                let d = world.add(format!("{part} {city_name}"), "place", vec![]);
                if let Some(d) = d {
                    world.ents[d].part_of.push(city);
                    districts.push(d);
                }
            }
            mine.push(cities.len());
            cities.push(City { ent: city, country: countries.len(), districts });
        }
        countries.push(Country { ent, ministry, officials: vec![minister, spokesman, official], cities: mine });
    }
    let n_groups = (subjects_wanted / 20).clamp(10, 500);
    let mut groups = Vec::new();
    for _ in 0..n_groups {
        let suffix = ["Liberation Front", "Brigade", "Popular Army", "Defence Units", "Movement"];
        groups.push(add_named(&mut world, &mut rng, "group", |r| {
            let n = format!("{} {}", proper(r, 2), r.pick(&suffix));
            let acronym: String = n.split_whitespace().filter_map(|w| w.chars().next()).collect();
            (n, vec![acronym])
        }));
    }
    // v2: each group's commander speaks for it (named from a random stream of its own, so that
    // the rest of the corpus is the same with or without v2).
    let mut v2_rng = Rng(config.seed ^ 0x7632_706C_616E_7473);
    let commanders: Vec<usize> = if v2.v2 {
        groups
            .iter()
            .map(|&g| {
                let group = world.ents[g].name.clone();
                let c = add_named(&mut world, &mut v2_rng, "person", |r| {
                    (format!("Commander {} {}", r.pick(&GIVEN), proper(r, 3)), vec![format!("the {group} commander")])
                });
                world.ents[c].speaks_for.push(g);
                c
            })
            .collect()
    } else {
        Vec::new()
    };

    // Subjects: agreements and events, each with its true history.
    let mut subjects: Vec<Subject> = Vec::new();
    let first_day = 14_610; // 2010-01-01
    while subjects.len() < subjects_wanted {
        let ci = rng.below(cities.len());
        let city = &cities[ci];
        let country = city.country;
        let city_name = world.ents[city.ent].name.clone();
        let start = first_day + rng.range(0, 15 * 365);
        if rng.chance(0.6) {
            let kinds =
                ["ceasefire", "evacuation deal", "humanitarian truce", "prisoner exchange", "aid corridor deal"];
            let kind = *rng.pick(&kinds);
            let Some(ent) =
                world.add(format!("{city_name} {kind}"), "agreement", vec![format!("{kind} in {city_name}")])
            else {
                continue;
            };
            let mut stages = vec![start];
            let reached = rng.range(1, 4) as usize;
            for _ in 0..reached {
                let last = *stages.last().unwrap_or(&start);
                stages.push(last + rng.range(1, 3));
            }
            let last = *stages.last().unwrap_or(&start);
            let collapse = rng.chance(0.2).then(|| last + rng.range(2, 5));
            let mut other = rng.below(countries.len());
            if other == country {
                other = (other + 1) % countries.len();
            }
            let mut parties = vec![countries[country].ent, countries[other].ent];
            if rng.chance(0.4) {
                parties.push(*rng.pick(&groups));
            }
            let mut third = rng.below(countries.len());
            while third == country || third == other {
                third = (third + 1) % countries.len();
            }
            let guarantors = if rng.chance(0.5) { vec![countries[third].ent] } else { vec![countries[other].ent] };
            let mediator = countries[third].ent;
            let mut covers = vec![city.ent];
            if !city.districts.is_empty() && rng.chance(0.5) {
                covers = vec![*rng.pick(&city.districts)];
            }
            let destination = (kind == "evacuation deal").then(|| {
                let cs = &countries[country].cities;
                cities[*rng.pick(cs)].ent
            });
            let takes_effect = stages.get(4).copied().unwrap_or(last + 3);
            let end = collapse.unwrap_or(last) + 4;
            let news_days = news_days(&mut rng, start, end);
            subjects.push(Subject {
                ent,
                truth: Truth::Agreement {
                    stages,
                    collapse,
                    parties,
                    guarantors,
                    mediator,
                    covers,
                    destination,
                    takes_effect,
                },
                news_days,
            });
        } else {
            let kinds = ["market bombing", "hospital strike", "convoy attack", "shelling", "checkpoint attack"];
            let kind = *rng.pick(&kinds);
            let Some(ent) = world.add(format!("{city_name} {kind}"), "event", vec![format!("{kind} in {city_name}")])
            else {
                continue;
            };
            let district = if city.districts.is_empty() { city.ent } else { *rng.pick(&city.districts) };
            let killed = rng.range(2, 120) as u64;
            let news_days = news_days(&mut rng, start, start + 6);
            subjects.push(Subject {
                ent,
                truth: Truth::Event {
                    day: start,
                    responsible: *rng.pick(&groups),
                    place: (district, city.ent),
                    killed,
                    injured: killed * rng.range(2, 4) as u64,
                    displaced: killed * rng.range(20, 60) as u64,
                    evacuated: killed * rng.range(5, 15) as u64,
                    arrested: rng.range(1, 12) as u64,
                    growth: rng.range(0, 4) as u64,
                    country,
                },
                news_days,
            });
        }
    }

    // Reports: each about one subject, on one of its news days, about ten claims each.
    let mut maker = ClaimMaker { world: &world, rng: Rng(rng.next()) };
    let mut reports: Vec<GReport> = Vec::new();
    let mut written = 0;
    while written < config.claims {
        let si = rng.below(subjects.len());
        let subject = &subjects[si];
        let day = *rng.pick(&subject.news_days);
        let outlet = *rng.pick(&OUTLETS);
        let via = rng.chance(0.25).then(|| *rng.pick(&WIRES));
        let sources = sources_of(subject, &countries);
        let mut claims = candidates(&mut maker, subject, day, outlet, &sources);
        rng.shuffle(&mut claims);
        let want = (rng.range(8, 14) as usize).min(config.claims - written);
        claims.truncate(want);
        // Some claims say what held on an earlier news day (`as-of`): true then, as the history goes.
        if let Some(&earlier) = subject.news_days.iter().rev().find(|&&d| d < day) {
            if claims.len() >= 2 && rng.chance(0.3) {
                let mut then = candidates(&mut maker, subject, earlier, outlet, &sources);
                rng.shuffle(&mut then);
                let fresh =
                    then.into_iter().find(|c| !claims.iter().any(|x| x.key == c.key || overlaps(&x.quote, &c.quote)));
                if let Some(mut c) = fresh {
                    if c.sentence.starts_with(&c.quote) {
                        c.quote = lower_first(&c.quote);
                    }
                    c.sentence = format!("On {}, {}", weekday(earlier), lower_first(&c.sentence));
                    c.as_of = Some(iso(earlier));
                    let last = claims.len() - 1;
                    claims[last] = c;
                }
            }
        }
        written += claims.len();
        let published = if rng.chance(0.35) {
            let (h, mi) = (rng.range(5, 22), rng.range(0, 59));
            match rng.below(3) {
                0 => format!("{}T{h:02}:{mi:02}:00+03:00", iso(day)),
                _ => format!("{}T{h:02}:{mi:02}:00Z", iso(day)),
            }
        } else {
            iso(day)
        };
        let title = title_of(&world, subject, &mut rng);
        reports.push(GReport {
            id: format!("r{:07}", reports.len() + 1),
            day,
            published,
            outlet,
            via,
            subject: si,
            title,
            claims,
        });
    }

    let mut plants = plant(&mut reports, &subjects, &countries, &groups, &mut maker, config.claims, v2.v2);
    let mut silents = Vec::new();
    if v2.v2 {
        let world = V2World { subjects: &subjects, countries: &countries, groups: &groups, commanders: &commanders };
        let (more, silent) = plant_v2(&mut reports, &world, &mut maker, &mut v2_rng, v2.v2_keys, plants.len());
        plants.extend(more);
        silents = silent;
    }
    trim(&mut reports, config.claims);
    let mut planted: Vec<Planted> = plants
        .into_iter()
        .map(|p| Planted { rule: p.rule, severity: p.severity, claims: Vec::new(), what: p.what })
        .collect();
    let mut silent: Vec<Silent> =
        silents.into_iter().map(|(rule, what)| Silent { rule, claims: Vec::new(), what }).collect();
    let mut names: BTreeMap<usize, String> = BTreeMap::new();
    for (ri, r) in reports.iter_mut().enumerate() {
        r.id = format!("r{:07}", ri + 1);
        for (i, c) in r.claims.iter_mut().enumerate() {
            c.id = format!("c{}", i + 1);
            for &p in &c.plants {
                planted[p].claims.push(format!("{}#{}", r.id, c.id));
            }
            for &p in &c.silent {
                silent[p].claims.push(format!("{}#{}", r.id, c.id));
            }
            if let Some(uid) = c.uid {
                names.insert(uid, format!("{}#{}", r.id, c.id));
            }
        }
    }
    for c in reports.iter_mut().flat_map(|r| r.claims.iter_mut()) {
        c.corrects_name = c.corrects.and_then(|uid| names.get(&uid).cloned());
    }

    let manifest = Manifest {
        seed: config.seed,
        format: match config.format {
            Format::Toml => "toml",
            Format::Jsonl => "jsonl",
        },
        claims: reports.iter().map(|r| r.claims.len()).sum(),
        reports: reports.len(),
        subjects: subjects.len(),
        entities: world.ents.len(),
        planted,
        silent,
    };
    write_corpus(config, &world, &mut reports)?;
    let json = serde_json::to_string_pretty(&manifest).map_err(io::Error::other)?;
    fs::write(config.out.join("manifest.json"), json + "\n")?;
    Ok(manifest)
}

/// Planting adds claims; takes as many unplanted ones off the last reports (and drops reports left
/// empty), so that the corpus has exactly `claims` claims.
fn trim(reports: &mut Vec<GReport>, claims: usize) {
    let mut excess = reports.iter().map(|r| r.claims.len()).sum::<usize>().saturating_sub(claims);
    for r in reports.iter_mut().rev() {
        if excess == 0 {
            break;
        }
        let mut i = r.claims.len();
        while i > 0 && excess > 0 {
            i -= 1;
            if r.claims[i].plants.is_empty() && r.claims[i].silent.is_empty() && !r.claims[i].keep {
                r.claims.remove(i);
                excess -= 1;
            }
        }
    }
    reports.retain(|r| !r.claims.is_empty());
}

/// Whether one quote contains the other: then one could not be told apart in the text.
fn overlaps(a: &str, b: &str) -> bool {
    a.contains(b) || b.contains(a)
}

fn lower_first(s: &str) -> String {
    let mut out = s.to_string();
    // Names stay capitalised; only a sentence-initial article or common word is lowered.
    if ["The ", "A ", "It ", "No ", "Talks ", "Unconfirmed ", "Officials ", "According ", "Reports ", "Evacuees "]
        .iter()
        .any(|w| out.starts_with(w))
    {
        if let Some(f) = out.get_mut(0..1) {
            f.make_ascii_lowercase();
        }
    }
    out
}

/// Three to five days on which a subject is in the news, within `start..=end`.
fn news_days(rng: &mut Rng, start: i64, end: i64) -> Vec<i64> {
    let mut days: Vec<i64> = (0..rng.range(3, 5)).map(|_| rng.range(start, end)).collect();
    days.sort_unstable();
    days.dedup();
    days
}

fn sources_of(subject: &Subject, countries: &[Country]) -> Vec<usize> {
    let involved: Vec<usize> = match &subject.truth {
        Truth::Agreement { parties, mediator, .. } => parties.iter().chain([mediator]).copied().collect(),
        Truth::Event { country, .. } => vec![countries[*country].ent],
    };
    let mut out = Vec::new();
    for c in countries {
        if involved.contains(&c.ent) {
            out.extend(&c.officials);
            out.push(c.ministry);
        }
    }
    out
}

fn title_of(world: &World, subject: &Subject, rng: &mut Rng) -> String {
    let name = &world.ents[subject.ent].name;
    let forms = match subject.truth {
        Truth::Agreement { .. } => ["Talks on the {} continue", "Diplomats push for the {}", "Doubts over the {}"],
        Truth::Event { .. } => ["Death toll rises after the {}", "Questions over the {}", "Aftermath of the {}"],
    };
    rng.pick(&forms).replace("{}", name)
}

// ---------------------------------------------------------------------------------------------
// Planting.

struct Plant {
    rule: &'static str,
    severity: &'static str,
    /// (report index, claim index) while planting; the claims are then tagged with the plant.
    claims: Vec<(usize, usize)>,
    what: String,
}

/// The kinds of planted finding, cycled through in this order.
#[derive(Clone, Copy, PartialEq, Eq)]
enum PlantKind {
    /// A denial of the stage an agreement had reached that day: `negation`.
    DeniedStage,
    /// "collapsed" on a day another report gives a stage: `conflict`.
    Collapsed,
    /// The wrong group blamed for an event (a stable predicate): `conflict`.
    WrongPerpetrator,
    /// An event said not to have happened on a day another report says it did: `negation`.
    DeniedEvent,
    /// "unclear whether" the stage reached was reached: `certainty`, and `unresolved`.
    UnknownStage,
    /// "may not have been" reached, against an assertion: `certainty`.
    DoubtedStage,
    /// A death toll three times the one another report gives that day: `numeric`.
    InflatedToll,
}

const AGREEMENT_PLANTS: [PlantKind; 4] =
    [PlantKind::DeniedStage, PlantKind::Collapsed, PlantKind::UnknownStage, PlantKind::DoubtedStage];
const EVENT_PLANTS: [PlantKind; 3] = [PlantKind::WrongPerpetrator, PlantKind::DeniedEvent, PlantKind::InflatedToll];

impl PlantKind {
    fn for_events(self) -> bool {
        EVENT_PLANTS.contains(&self)
    }
}

/// Plants about one finding per 150 claims, at most one per subject, each on a day with at least two
/// reports on the subject: one report gets (or already has) a true claim, another the contradicting one.
/// With `v2`, the plants are what DESIGN v2 finds (see `plant_one`).
fn plant(
    reports: &mut [GReport],
    subjects: &[Subject],
    countries: &[Country],
    groups: &[usize],
    maker: &mut ClaimMaker,
    claims: usize,
    v2: bool,
) -> Vec<Plant> {
    let wanted = (claims / 150).max(AGREEMENT_PLANTS.len() + EVENT_PLANTS.len());
    // (subject, day) → its reports, in report order.
    let mut by_day: BTreeMap<(usize, i64), Vec<usize>> = BTreeMap::new();
    for (i, r) in reports.iter().enumerate() {
        by_day.entry((r.subject, r.day)).or_default().push(i);
    }
    let mut sites: Vec<((usize, i64), Vec<usize>)> = by_day.into_iter().filter(|(_, rs)| rs.len() >= 2).collect();
    maker.rng.shuffle(&mut sites);
    let mut used = HashSet::new();
    let mut out = Vec::new();
    // The next kind to plant, for agreements and for events: each cycles through its kinds.
    let mut next_kind = [0; 2];
    let mut planted = 0;
    for ((si, day), rs) in sites {
        if planted >= wanted {
            break;
        }
        if used.contains(&si) {
            continue;
        }
        let subject = &subjects[si];
        let site = Site { subject, day, a: rs[0], b: rs[1], sources: sources_of(subject, countries) };
        let (kinds, slot) = match subject.truth {
            Truth::Agreement { .. } => (&AGREEMENT_PLANTS[..], 0),
            Truth::Event { .. } => (&EVENT_PLANTS[..], 1),
        };
        // Try the kinds from the next one in the cycle until one fits this day.
        for k in 0..kinds.len() {
            let kind = kinds[(next_kind[slot] + k) % kinds.len()];
            let made = plant_one(kind, reports, &site, groups, maker, v2);
            if made.is_empty() {
                continue;
            }
            for p in made {
                for &(r, c) in &p.claims {
                    reports[r].claims[c].plants.push(out.len());
                }
                out.push(p);
            }
            used.insert(si);
            planted += 1;
            next_kind[slot] = (next_kind[slot] + k + 1) % kinds.len();
            break;
        }
    }
    out
}

/// Where a finding is planted: a subject, a day, and two reports on it that day.
struct Site<'s> {
    subject: &'s Subject,
    day: i64,
    a: usize,
    b: usize,
    sources: Vec<usize>,
}

/// Plants one finding of `kind` at `site`, or nothing when the kind does not fit it. With `v2`, as
/// DESIGN v2 reads them: `collapsed` only against in-force (a terminal value conflicts with no
/// earlier stage), an inflated toll dated by day is a warning (tolls rise during a day), and an
/// open question is not listed as a warning (a later report may answer it: a note).
fn plant_one(
    kind: PlantKind,
    reports: &mut [GReport],
    site: &Site,
    groups: &[usize],
    maker: &mut ClaimMaker,
    v2: bool,
) -> Vec<Plant> {
    let subject = site.subject;
    let (a, b) = (site.a, site.b);
    let s = subject.ent;
    let name = maker.name(s).to_string();
    let date = iso(site.day);
    let outlet = reports[b].outlet;
    let is_event = matches!(subject.truth, Truth::Event { .. });
    if kind.for_events() != is_event {
        return Vec::new();
    }
    let (rule, severity, truth_key, mut planted, what) = match kind {
        PlantKind::WrongPerpetrator => {
            let Truth::Event { responsible, .. } = subject.truth else { return Vec::new() };
            let wrong = *maker.rng.pick(groups);
            if wrong == responsible {
                return Vec::new();
            }
            let q = format!("{} was behind the {name}", maker.name(wrong));
            let v = Some(GValue::Str(maker.refer(wrong)));
            let c = maker.claim(s, "responsible", v, false, None, None, outlet, q, String::new());
            let what = format!("{name}: blamed on {} instead of {}", maker.name(wrong), maker.name(responsible));
            ("conflict", "error", "responsible".to_string(), c, what)
        }
        PlantKind::InflatedToll => {
            let Truth::Event { day: event_day, killed, growth, .. } = subject.truth else { return Vec::new() };
            let inflated = figure(killed, growth, event_day, site.day) * 3;
            let q = format!("the {name} killed as many as {inflated} people");
            let v = Some(GValue::Num(inflated));
            let c = maker.claim(s, "killed", v, false, None, None, outlet, q, String::new());
            // Dated by day, as every planted claim is: a toll given twice on one day is a
            // warning (DESIGN §4 v2, tolls rise during a day).
            ("numeric", "warning", "killed".to_string(), c, format!("{name}: {inflated} killed on {date}"))
        }
        PlantKind::DeniedEvent => {
            let q = format!("reports of a {name} were false");
            let c = maker.claim(s, "occurred", None, true, None, None, outlet, q, String::new());
            ("negation", "error", "occurred".to_string(), c, format!("{name}: denied on {date}"))
        }
        PlantKind::DeniedStage | PlantKind::Collapsed | PlantKind::UnknownStage | PlantKind::DoubtedStage => {
            let Some(st) = subject.status(site.day).filter(|&st| st != COLLAPSED) else { return Vec::new() };
            let stage = || Some(GValue::Str(STATUS[st].into()));
            let (rule, severity, c, what) = match kind {
                PlantKind::DeniedStage => {
                    let q = stage_quote(&name, st, true, None);
                    let c = maker.claim(s, "status", stage(), true, None, None, outlet, q, String::new());
                    ("negation", "error", c, format!("{name}: {} denied on {date}", STATUS[st]))
                }
                // A terminal value conflicts at a coinciding time only with the last stage
                // before the end (DESIGN §4 v2: a deal cannot be in force and collapsed at once).
                PlantKind::Collapsed if STATUS[st] != "in-force" => return Vec::new(),
                PlantKind::Collapsed => {
                    let q = stage_quote(&name, COLLAPSED, false, None);
                    let v = Some(GValue::Str(STATUS[COLLAPSED].into()));
                    let c = maker.claim(s, "status", v, false, None, None, outlet, q, String::new());
                    ("conflict", "error", c, format!("{name}: collapsed against {} on {date}", STATUS[st]))
                }
                PlantKind::UnknownStage => {
                    let q = stage_quote(&name, st, false, Some("unknown"));
                    let c = maker.claim(s, "status", stage(), false, Some("unknown"), None, outlet, q, String::new());
                    ("certainty", "warning", c, format!("{name}: unclear whether {} on {date}", STATUS[st]))
                }
                _ => {
                    let q = stage_quote(&name, st, true, Some("possible"));
                    let c = maker.claim(s, "status", stage(), true, Some("possible"), None, outlet, q, String::new());
                    ("certainty", "warning", c, format!("{name}: maybe not {} on {date}", STATUS[st]))
                }
            };
            (rule, severity, format!("status={st}"), c, what)
        }
    };
    // The true claim in report A, dated by day so that it coincides with the planted one whatever
    // the reports' times of day: one A already makes, or a new one. A figure must be exact: "at
    // least" one third of the inflated toll would not contradict it.
    let fits = |c: &GClaim| c.key == truth_key && c.certainty.is_none() && c.bound.is_none();
    let existing = reports[a].claims.iter().position(|c| fits(c) && c.as_of.is_none());
    let truth_at = match existing {
        Some(i) => i,
        None => {
            // Candidates are drawn at random; draw until the true claim comes up, firmly stated.
            let found = (0..64).find_map(|_| {
                candidates(maker, subject, site.day, reports[a].outlet, &site.sources).into_iter().find(|c| fits(c))
            });
            let Some(c) = found else { return Vec::new() };
            if reports[a].claims.iter().any(|x| overlaps(&x.quote, &c.quote)) {
                return Vec::new();
            }
            reports[a].claims.push(c);
            reports[a].claims.len() - 1
        }
    };
    if reports[b].claims.iter().any(|x| overlaps(&x.quote, &planted.quote)) {
        return Vec::new();
    }
    reports[a].claims[truth_at].as_of = Some(date.clone());
    planted.as_of = Some(date);
    reports[b].claims.push(planted);
    let claims = vec![(a, truth_at), (b, reports[b].claims.len() - 1)];
    let mut out = vec![Plant { rule, severity, claims: claims.clone(), what: what.clone() }];
    if kind == PlantKind::UnknownStage && !v2 {
        // An `unknown` claim is also an open question.
        out.push(Plant { rule: "unresolved", severity: "warning", claims: vec![claims[1]], what });
    }
    out
}

// ---------------------------------------------------------------------------------------------
// Planting the v2 situations (`--v2`).

/// What the v2 planting reads of the world.
struct V2World<'w> {
    subjects: &'w [Subject],
    countries: &'w [Country],
    groups: &'w [usize],
    /// The commander of each group (in the order of `groups`), who speaks for it.
    commanders: &'w [usize],
}

/// The kinds of v2 situation, cycled through like the v1 plants.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum V2Kind {
    /// "It is unclear whether the deal takes effect on …" before any firm date (stable predicate):
    /// no tension; an open question answered later, a note.
    HedgeBefore,
    /// The same hedge after a firm date: a tension, and an open question not answered.
    HedgeAfter,
    /// Two announced start times of one day (`scheduled`): a conflict warning.
    TwoSchedules,
    /// The optional stage `approved` on a day the deal is agreed: silent.
    Approved,
    /// `suspended` the day the deal came into force: a conflict.
    SuspendedInForce,
    /// `suspended` on a day the deal is only agreed: silent.
    SuspendedEarly,
    /// The culprit's commander (who speaks for the group) named as responsible: silent.
    CulpritTwoLevels,
    /// The commander named, and the group denied: a negation.
    CulpritDenied,
    /// Two countries' officials blame different groups in one report: a dispute (warning).
    Dispute,
    /// The same, and a later report asserts one side: a dispute settled (note).
    DisputeSettled,
    /// Two officials of one ministry blame different groups in one report: a conflict (error).
    OneVoice,
    /// A toll dated by day and a higher one late that night: a numeric warning.
    TollOvernight,
    /// A ministry's toll lowered by the same ministry: a regression warning.
    RevisedDown,
    /// A wrong culprit corrected by a later version of the story (`corrects`): a `corrected` note.
    Corrected,
    /// "It is not yet known who carried out …", after a firm claim and answered later.
    OpenQuestion,
}

const V2_AGREEMENT_KINDS: [V2Kind; 6] = [
    V2Kind::HedgeBefore,
    V2Kind::HedgeAfter,
    V2Kind::TwoSchedules,
    V2Kind::Approved,
    V2Kind::SuspendedInForce,
    V2Kind::SuspendedEarly,
];
const V2_EVENT_KINDS: [V2Kind; 7] = [
    V2Kind::CulpritTwoLevels,
    V2Kind::CulpritDenied,
    V2Kind::Dispute,
    V2Kind::DisputeSettled,
    V2Kind::OneVoice,
    V2Kind::TollOvernight,
    V2Kind::RevisedDown,
];
/// Event kinds that need the v2 loader (`--v2-keys`).
const V2_EVENT_KEY_KINDS: [V2Kind; 2] = [V2Kind::Corrected, V2Kind::OpenQuestion];

/// The reports, plants and silent situations v2 planting adds.
struct V2Plan<'r> {
    reports: &'r mut Vec<GReport>,
    plants: Vec<Plant>,
    silents: Vec<(&'static str, String)>,
    /// How many plants come before these in the manifest.
    offset: usize,
    next_uid: usize,
}

/// Plants v2 situations on about 4% of the subjects (at least one of each kind), each on a subject
/// of its own that no v1 plant touches, in reports of their own published after the subject's
/// news days (or, for hedges before the facts, on its first day). Returns the plants and the
/// silent situations (rule, what).
fn plant_v2(
    reports: &mut Vec<GReport>,
    w: &V2World,
    maker: &mut ClaimMaker,
    rng: &mut Rng,
    keys: bool,
    offset: usize,
) -> (Vec<Plant>, Vec<(&'static str, String)>) {
    let taken: HashSet<usize> =
        reports.iter().filter(|r| r.claims.iter().any(|c| !c.plants.is_empty())).map(|r| r.subject).collect();
    let mut order: Vec<usize> = (0..w.subjects.len()).filter(|s| !taken.contains(s)).collect();
    rng.shuffle(&mut order);
    let mut events: Vec<V2Kind> = V2_EVENT_KINDS.to_vec();
    if keys {
        events.extend(V2_EVENT_KEY_KINDS);
    }
    let wanted = (w.subjects.len() * 4 / 100).max(V2_AGREEMENT_KINDS.len() + events.len());
    let mut plan = V2Plan { reports, plants: Vec::new(), silents: Vec::new(), offset, next_uid: 0 };
    let all = V2_AGREEMENT_KINDS.len() + events.len();
    let mut next = [0usize; 2];
    let mut done: Vec<V2Kind> = Vec::new();
    let mut made = 0;
    for si in order {
        if made >= wanted && done.len() == all {
            break;
        }
        let (kinds, slot): (&[V2Kind], usize) = match w.subjects[si].truth {
            Truth::Agreement { .. } => (&V2_AGREEMENT_KINDS, 0),
            Truth::Event { .. } => (&events, 1),
        };
        // From the next kind in the cycle, kinds not planted yet first: each gets planted once
        // as soon as a subject fits it.
        let mut tries: Vec<usize> = (0..kinds.len()).map(|k| (next[slot] + k) % kinds.len()).collect();
        tries.sort_by_key(|&k| done.contains(&kinds[k]));
        for k in tries {
            if plan.one(kinds[k], si, w, maker, rng) {
                next[slot] = (k + 1) % kinds.len();
                if !done.contains(&kinds[k]) {
                    done.push(kinds[k]);
                }
                made += 1;
                break;
            }
        }
    }
    (plan.plants, plan.silents)
}

/// An outlet other than those in `not`.
fn other_outlet(rng: &mut Rng, not: &[&str]) -> &'static str {
    loop {
        let o = *rng.pick(&OUTLETS);
        if !not.contains(&o) {
            return o;
        }
    }
}

impl V2Plan<'_> {
    /// Adds a report of its own about subject `si`; returns its index.
    fn report(
        &mut self,
        si: usize,
        day: i64,
        published: String,
        outlet: &'static str,
        title: &str,
        claims: Vec<GClaim>,
    ) -> usize {
        // Every claim of a v2 situation stays: trimming takes background claims instead.
        let mut claims = claims;
        for c in &mut claims {
            c.keep = true;
        }
        self.reports.push(GReport {
            id: String::new(),
            day,
            published,
            outlet,
            via: None,
            subject: si,
            title: title.to_string(),
            claims,
        });
        self.reports.len() - 1
    }

    /// A report published on `day` (a date) with one claim; returns the claim's place.
    fn one_claim(&mut self, si: usize, day: i64, outlet: &'static str, title: &str, claim: GClaim) -> (usize, usize) {
        (self.report(si, day, iso(day), outlet, title, vec![claim]), 0)
    }

    fn plant(&mut self, rule: &'static str, severity: &'static str, claims: &[(usize, usize)], what: String) {
        let index = self.offset + self.plants.len();
        for &(r, c) in claims {
            self.reports[r].claims[c].plants.push(index);
        }
        self.plants.push(Plant { rule, severity, claims: claims.to_vec(), what });
    }

    fn silent(&mut self, rule: &'static str, claims: &[(usize, usize)], what: String) {
        let index = self.silents.len();
        for &(r, c) in claims {
            self.reports[r].claims[c].silent.push(index);
        }
        self.silents.push((rule, what));
    }

    /// Plants one situation of `kind` on subject `si`, or nothing when it does not fit.
    fn one(&mut self, kind: V2Kind, si: usize, w: &V2World, m: &mut ClaimMaker, rng: &mut Rng) -> bool {
        let subject = &w.subjects[si];
        let s = subject.ent;
        let world = m.world;
        let name = world.ents[s].name.clone();
        let last = subject.news_days.last().copied().unwrap_or_default();
        let title = title_of(world, subject, rng);
        let o1 = *rng.pick(&OUTLETS);
        let o2 = other_outlet(rng, &[o1]);
        let o3 = other_outlet(rng, &[o1, o2]);
        match &subject.truth {
            Truth::Agreement { stages, takes_effect, .. } => {
                let te = *takes_effect;
                let on = spoken_date(te);
                let date = || Some(GValue::Date(iso(te)));
                let status = |v: &str| Some(GValue::Str(v.into()));
                match kind {
                    V2Kind::HedgeBefore | V2Kind::HedgeAfter => {
                        let q = format!("it is unclear whether the {name} will take effect on {on}");
                        let hedge =
                            m.claim(s, "takes-effect", date(), false, Some("unknown"), None, o1, q, String::new());
                        let q = format!("the {name} will take effect on {on}");
                        let firm = m.claim(s, "takes-effect", date(), false, None, None, o2, q, String::new());
                        if kind == V2Kind::HedgeBefore {
                            // Before any firm date: the first news day, before the deal was agreed.
                            let h = self.one_claim(si, stages[0], o1, &title, hedge);
                            let f = self.one_claim(si, last + 1, o2, &title, firm);
                            self.plant(
                                "unresolved",
                                "note",
                                &[h],
                                format!("{name}: start date unclear, answered later"),
                            );
                            self.silent("certainty", &[f, h], format!("{name}: an earlier hedge on a stable date"));
                        } else {
                            let f = self.one_claim(si, last, o2, &title, firm);
                            let h = self.one_claim(si, last + 1, o1, &title, hedge);
                            self.plant("certainty", "warning", &[f, h], format!("{name}: start date doubted later"));
                            self.plant("unresolved", "warning", &[h], format!("{name}: start date reopened"));
                        }
                    }
                    V2Kind::TwoSchedules => {
                        let at = |t: &str| Some(GValue::Date(format!("{}T{t}:00Z", iso(te))));
                        let q = format!("the {name} is due to take effect at 08:30 GMT on {on}");
                        let a = m.claim(s, "scheduled", at("08:30"), false, None, None, o1, q, String::new());
                        let q = format!("the {name} will take effect at 10:00 GMT on {on}");
                        let b = m.claim(s, "scheduled", at("10:00"), false, None, None, o2, q, String::new());
                        let a = self.one_claim(si, stages[0], o1, &title, a);
                        let b = self.one_claim(si, stages[0], o2, &title, b);
                        self.plant(
                            "conflict",
                            "warning",
                            &[a, b],
                            format!("{name}: two start times announced for {on}"),
                        );
                    }
                    V2Kind::Approved | V2Kind::SuspendedEarly => {
                        // On the day the deal was agreed, before it was signed or in force.
                        let Some(&day) = stages.get(2) else { return false };
                        let c = if kind == V2Kind::Approved {
                            let q = format!("the cabinet approved the {name}");
                            m.claim(s, "status", status("approved"), false, None, None, o1, q, String::new())
                        } else {
                            let q = format!("the {name} was suspended");
                            m.claim(s, "status", status("suspended"), false, None, None, o1, q, String::new())
                        };
                        // No plant lists it: any error or warning on it is unplanted.
                        self.one_claim(si, day, o1, &title, c);
                    }
                    V2Kind::SuspendedInForce => {
                        let Some(&day) = stages.get(4) else { return false };
                        let q = format!("the {name} came into force");
                        let a = m.claim(s, "status", status("in-force"), false, None, None, o1, q, String::new());
                        let q = format!("the {name} was suspended");
                        let b = m.claim(s, "status", status("suspended"), false, None, None, o2, q, String::new());
                        let a = self.one_claim(si, day, o1, &title, a);
                        let b = self.one_claim(si, day, o2, &title, b);
                        self.plant(
                            "conflict",
                            "error",
                            &[a, b],
                            format!("{name}: suspended the day it came into force"),
                        );
                    }
                    _ => return false,
                }
            }
            Truth::Event { day: event_day, responsible, killed, growth, country, .. } => {
                let Some(g) = w.groups.iter().position(|x| x == responsible) else { return false };
                let commander = w.commanders[g];
                let wrong = loop {
                    let x = *rng.pick(w.groups);
                    if x != *responsible {
                        break x;
                    }
                };
                let (group, other) = (world.ents[*responsible].name.clone(), world.ents[wrong].name.clone());
                let culprit = |m: &mut ClaimMaker, e: usize, src: Option<usize>, outlet: &str, q: String| {
                    let v = Some(GValue::Str(m.refer(e)));
                    m.claim(s, "responsible", v, false, None, src, outlet, q, String::new())
                };
                let home = &w.countries[*country];
                let n = w.countries.len();
                let abroad = &w.countries[(*country + 1 + rng.below(n - 1)) % n];
                match kind {
                    V2Kind::CulpritTwoLevels | V2Kind::CulpritDenied => {
                        let q = format!("{} was behind the {name}", world.ents[commander].name);
                        let c = culprit(m, commander, None, o1, q);
                        let c = self.one_claim(si, last + 1, o1, &title, c);
                        // Alone, no plant lists it: any error or warning on it is unplanted.
                        if kind == V2Kind::CulpritDenied {
                            let q = format!("{group} had nothing to do with the {name}");
                            let v = Some(GValue::Str(m.refer(*responsible)));
                            let d = m.claim(s, "responsible", v, true, None, None, o2, q, String::new());
                            let d = self.one_claim(si, last + 1, o2, &title, d);
                            let what = format!("{name}: its commander named, {group} denied");
                            self.plant("negation", "error", &[c, d], what);
                        }
                    }
                    V2Kind::Dispute | V2Kind::DisputeSettled | V2Kind::OneVoice => {
                        let (a_src, b_src) = if kind == V2Kind::OneVoice {
                            (home.officials[0], home.officials[1])
                        } else {
                            (home.officials[2], abroad.officials[2])
                        };
                        let a = culprit(m, *responsible, Some(a_src), o1, format!("{group} carried out the {name}"));
                        let b = culprit(m, wrong, Some(b_src), o1, format!("{other} was behind the {name}"));
                        let r = self.report(si, last + 1, iso(last + 1), o1, &title, vec![a, b]);
                        if kind == V2Kind::OneVoice {
                            self.plant(
                                "conflict",
                                "error",
                                &[(r, 0), (r, 1)],
                                format!("{name}: one ministry blames two groups"),
                            );
                            return true;
                        }
                        let q = format!("{group} was responsible for the {name}");
                        let same_day = culprit(m, *responsible, None, o2, q);
                        let same_day = self.one_claim(si, last + 1, o2, &title, same_day);
                        self.plant(
                            "conflict",
                            "error",
                            &[same_day, (r, 1)],
                            format!("{name}: {other} blamed against {group}"),
                        );
                        if kind == V2Kind::Dispute {
                            self.plant("conflict", "warning", &[(r, 0), (r, 1)], format!("{name}: a dispute relayed"));
                        } else {
                            let q = format!("investigators concluded that {group} carried out the {name}");
                            let later = culprit(m, *responsible, None, o3, q);
                            self.one_claim(si, last + 2, o3, &title, later);
                            self.plant(
                                "conflict",
                                "note",
                                &[(r, 0), (r, 1)],
                                format!("{name}: a dispute settled later"),
                            );
                        }
                    }
                    V2Kind::TollOvernight => {
                        let v = figure(*killed, *growth, *event_day, last);
                        let q = format!("the {name} killed {v} people");
                        let a = m.claim(s, "killed", Some(GValue::Num(v)), false, None, None, o1, q, String::new());
                        let a = self.one_claim(si, last, o1, &title, a);
                        let q = format!("the toll from the {name} rose overnight to {}", 2 * v);
                        let b = m.claim(s, "killed", Some(GValue::Num(2 * v)), false, None, None, o2, q, String::new());
                        let late = format!("{}T23:30:00Z", iso(last));
                        let b = (self.report(si, last, late, o2, &title, vec![b]), 0);
                        self.plant("numeric", "warning", &[a, b], format!("{name}: toll rising through the night"));
                    }
                    V2Kind::RevisedDown => {
                        let v = figure(*killed, *growth, *event_day, last + 1);
                        let high = v * 3 / 2;
                        let q = format!("the {name} killed {high} people");
                        let (minister, spokesman) = (home.officials[0], home.officials[1]);
                        let a = m.claim(
                            s,
                            "killed",
                            Some(GValue::Num(high)),
                            false,
                            None,
                            Some(minister),
                            o1,
                            q,
                            String::new(),
                        );
                        let a = self.one_claim(si, last + 1, o1, &title, a);
                        let q = format!("the revised toll from the {name} stood at {v}");
                        let b = m.claim(
                            s,
                            "killed",
                            Some(GValue::Num(v)),
                            false,
                            None,
                            Some(spokesman),
                            o2,
                            q,
                            String::new(),
                        );
                        let b = self.one_claim(si, last + 2, o2, &title, b);
                        self.plant(
                            "regression",
                            "warning",
                            &[a, b],
                            format!("{name}: toll revised down by its ministry"),
                        );
                    }
                    V2Kind::Corrected => {
                        let wrong_claim = culprit(m, wrong, None, o1, format!("{other} was behind the {name}"));
                        let uid = self.next_uid;
                        self.next_uid += 1;
                        let x = self.one_claim(si, last + 1, o1, &title, wrong_claim);
                        self.reports[x.0].claims[0].uid = Some(uid);
                        let q = format!("{group} carried out the {name}, not {other} as an earlier version said");
                        let mut fix = culprit(m, *responsible, None, o1, q);
                        fix.corrects = Some(uid);
                        self.one_claim(si, last + 2, o1, &title, fix);
                        self.plant("corrected", "note", &[x], format!("{name}: {other} named, then corrected"));
                        self.silent("conflict", &[x], format!("{name}: a corrected culprit"));
                    }
                    V2Kind::OpenQuestion => {
                        let firm = culprit(m, *responsible, None, o1, format!("{group} carried out the {name}"));
                        let firm = self.one_claim(si, last, o1, &title, firm);
                        let q = format!("it is not yet known who carried out the {name}");
                        let open = m.claim(s, "responsible", None, false, Some("unknown"), None, o2, q, String::new());
                        let open = self.one_claim(si, last + 1, o2, &title, open);
                        let answer = culprit(m, *responsible, None, o3, format!("{group} was behind the {name}"));
                        self.one_claim(si, last + 2, o3, &title, answer);
                        self.plant("certainty", "warning", &[firm, open], format!("{name}: culprit doubted later"));
                        self.plant("unresolved", "note", &[open], format!("{name}: who did it, answered later"));
                    }
                    _ => return false,
                }
            }
        }
        true
    }
}

// ---------------------------------------------------------------------------------------------
// Writing.

fn prepare_out(out: &Path) -> io::Result<()> {
    if out.join("manifest.json").is_file() {
        // An earlier generated corpus: replace it.
        for sub in ["claims", "texts"] {
            let p = out.join(sub);
            if p.exists() {
                fs::remove_dir_all(&p)?;
            }
        }
        fs::remove_file(out.join("manifest.json"))?;
    } else if out.exists() && fs::read_dir(out)?.next().is_some() {
        return Err(io::Error::other(format!(
            "`{}` exists and is not an earlier generated corpus; give an empty or new directory",
            out.display()
        )));
    }
    fs::create_dir_all(out.join("claims"))?;
    fs::create_dir_all(out.join("texts"))
}

const FILLER: [&str; 12] = [
    "The situation on the ground remained tense.",
    "Aid agencies called on all sides to allow safe passage for civilians.",
    "Residents’ accounts could not be independently verified.",
    "Diplomats said further meetings were planned for the coming days.",
    "The United Nations urged the parties to respect international humanitarian law.",
    "Hundreds of families were still waiting for news of relatives.",
    "Local officials described “a very difficult night” in the city.",
    "Prices of bread and fuel have risen sharply since the fighting began.",
    "Analysts warned that the next few days would be decisive.",
    "The claims could not be confirmed by other sources.",
    "Opposition activists gave a different account of events.",
    "Schools and markets stayed closed for a third day.",
];

/// A report's text, and for each claim the byte range of its sentence.
fn report_text(r: &GReport, rng: &mut Rng) -> (String, Vec<(usize, usize)>) {
    let mut text = format!("{}\n\n", r.title);
    let (_, m, d) = civil(r.day);
    let _ = write!(text, "{} {d} ({}) – ", &MONTHS[m as usize - 1][..3], r.via.unwrap_or(r.outlet));
    let mut ranges = Vec::with_capacity(r.claims.len());
    let mut in_paragraph = 0;
    for c in &r.claims {
        if in_paragraph > 0 {
            text.push(' ');
        }
        let start = text.len();
        text.push_str(&c.sentence);
        ranges.push((start, text.len()));
        in_paragraph += 1;
        if rng.chance(0.3) {
            text.push(' ');
            text.push_str(rng.pick::<&str>(&FILLER));
        }
        if in_paragraph >= 3 {
            text.push_str("\n\n");
            in_paragraph = 0;
        }
    }
    if in_paragraph > 0 {
        text.push_str("\n\n");
    }
    text.push_str(rng.pick::<&str>(&FILLER));
    text.push('\n');
    (text, ranges)
}

/// Makes each claim's quote pick out its own sentence: as it is, with the start of its sentence as
/// `prefix`, or as the whole sentence.
fn anchor_quotes(r: &mut GReport, text: &str, ranges: &[(usize, usize)]) -> io::Result<()> {
    use claimlint::quote::{anchor, fold, Anchor};
    let folded = fold(text);
    for (c, &(start, end)) in r.claims.iter_mut().zip(ranges) {
        let inside = |found: &Anchor| matches!(*found, Anchor::Found(a, b) if a >= start && b <= end);
        if inside(&anchor(&folded, &c.quote, None, None)) {
            continue;
        }
        if let Some(at) = text[start..end].find(&c.quote).filter(|&at| at > 0) {
            let prefix = text[start..start + at].to_string();
            if inside(&anchor(&folded, &c.quote, Some(&prefix), None)) {
                c.prefix = Some(prefix);
                continue;
            }
        }
        let sentence = text[start..end].to_string();
        if inside(&anchor(&folded, &sentence, None, None)) {
            c.quote = sentence;
            continue;
        }
        return Err(io::Error::other(format!("report {}: no unique quote for `{}`", r.id, c.quote)));
    }
    Ok(())
}

fn write_corpus(config: &Config, world: &World, reports: &mut [GReport]) -> io::Result<()> {
    let claims_dir = config.out.join("claims");
    let mut rng = Rng(config.seed ^ 0x7465_7874_7320_2020);
    match config.format {
        Format::Toml => write_entities_toml(&claims_dir.join("entities.toml"), world)?,
        Format::Jsonl => write_entities_jsonl(&claims_dir.join("entities.jsonl"), world)?,
    }
    let mut jsonl: Option<(usize, BufWriter<fs::File>)> = None;
    for (i, r) in reports.iter_mut().enumerate() {
        let bucket = i / 1000;
        let (text, ranges) = report_text(r, &mut rng);
        anchor_quotes(r, &text, &ranges)?;
        let text_dir = config.out.join("texts").join(format!("{bucket:03}"));
        if i % 1000 == 0 {
            fs::create_dir_all(&text_dir)?;
        }
        fs::write(text_dir.join(format!("{}.txt", r.id)), &text)?;
        match config.format {
            Format::Toml => {
                let dir = claims_dir.join("reports").join(format!("{bucket:03}"));
                if i % 1000 == 0 {
                    fs::create_dir_all(&dir)?;
                }
                let text_path = format!("../../../texts/{bucket:03}/{}.txt", r.id);
                fs::write(dir.join(format!("{}.toml", r.id)), report_toml(r, &text_path))?;
            }
            Format::Jsonl => {
                if jsonl.as_ref().is_none_or(|(b, _)| *b != bucket) {
                    if let Some((_, mut w)) = jsonl.take() {
                        w.flush()?;
                    }
                    let dir = claims_dir.join("reports");
                    fs::create_dir_all(&dir)?;
                    let file = fs::File::create(dir.join(format!("{bucket:03}.jsonl")))?;
                    jsonl = Some((bucket, BufWriter::new(file)));
                }
                let text_path = format!("../../texts/{bucket:03}/{}.txt", r.id);
                if let Some((_, w)) = jsonl.as_mut() {
                    w.write_all(report_json(r, &text_path).as_bytes())?;
                    w.write_all(b"\n")?;
                }
            }
        }
    }
    if let Some((_, mut w)) = jsonl.take() {
        w.flush()?;
    }
    Ok(())
}

/// A string as a TOML or JSON basic string: the escapes both accept.
fn quoted(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            c if (c as u32) < 0x20 || c == '\u{7f}' => {
                let _ = write!(out, "\\u{:04x}", c as u32);
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

fn list(items: &[String]) -> String {
    let quoted: Vec<String> = items.iter().map(|s| quoted(s)).collect();
    format!("[{}]", quoted.join(", "))
}

fn write_entities_toml(path: &Path, world: &World) -> io::Result<()> {
    let mut w = BufWriter::new(fs::File::create(path)?);
    writeln!(w, "# Entities of the generated corpus: places, countries, bodies, people, groups, subjects.")?;
    for e in &world.ents {
        writeln!(w, "\n[[entity]]\nid = {}\nname = {}\nkind = {}", quoted(&e.id), quoted(&e.name), quoted(e.kind))?;
        if !e.aliases.is_empty() {
            writeln!(w, "aliases = {}", list(&e.aliases))?;
        }
        let ids = |v: &[usize]| v.iter().map(|&i| world.ents[i].id.clone()).collect::<Vec<_>>();
        if !e.part_of.is_empty() {
            writeln!(w, "part-of = {}", list(&ids(&e.part_of)))?;
        }
        if !e.speaks_for.is_empty() {
            writeln!(w, "speaks-for = {}", list(&ids(&e.speaks_for)))?;
        }
    }
    w.flush()
}

fn write_entities_jsonl(path: &Path, world: &World) -> io::Result<()> {
    let mut w = BufWriter::new(fs::File::create(path)?);
    for e in &world.ents {
        let ids = |v: &[usize]| v.iter().map(|&i| world.ents[i].id.clone()).collect::<Vec<_>>();
        let mut line =
            format!("{{\"entity\":{{\"id\":{},\"name\":{},\"kind\":{}", quoted(&e.id), quoted(&e.name), quoted(e.kind));
        for (key, items) in
            [("aliases", e.aliases.clone()), ("part-of", ids(&e.part_of)), ("speaks-for", ids(&e.speaks_for))]
        {
            if !items.is_empty() {
                let _ = write!(line, ",\"{key}\":{}", list(&items).replace(", ", ","));
            }
        }
        line.push_str("}}\n");
        w.write_all(line.as_bytes())?;
    }
    w.flush()
}

fn report_toml(r: &GReport, text_path: &str) -> String {
    let mut s = String::with_capacity(256 + r.claims.len() * 200);
    let _ =
        writeln!(s, "[report]\nid = {}\ntitle = {}\noutlet = {}", quoted(&r.id), quoted(&r.title), quoted(r.outlet));
    if let Some(v) = r.via {
        let _ = writeln!(s, "via = [{}]", quoted(v));
    }
    let _ = writeln!(s, "published = {}\ntext = {}", r.published, quoted(text_path));
    for c in &r.claims {
        let _ = write!(
            s,
            "\n[[claim]]\nid = {}\nsubject = {}\npredicate = {}\n",
            quoted(&c.id),
            quoted(&c.subject),
            quoted(c.predicate)
        );
        match &c.value {
            Some(GValue::Str(v)) => _ = writeln!(s, "value = {}", quoted(v)),
            Some(GValue::Num(n)) => _ = writeln!(s, "value = {n}"),
            Some(GValue::Date(d)) => _ = writeln!(s, "value = {d}"),
            None => {}
        }
        if c.negated {
            s.push_str("negated = true\n");
        }
        if let Some(x) = c.certainty {
            let _ = writeln!(s, "certainty = {}", quoted(x));
        }
        if let Some(x) = &c.source {
            let _ = writeln!(s, "source = {}", quoted(x));
        }
        if let Some(x) = &c.as_of {
            let _ = writeln!(s, "as-of = {x}");
        }
        if let Some(x) = c.bound {
            let _ = writeln!(s, "bound = {}", quoted(x));
        }
        let _ = writeln!(s, "quote = {}", quoted(&c.quote));
        if let Some(x) = &c.prefix {
            let _ = writeln!(s, "prefix = {}", quoted(x));
        }
        if let Some(x) = &c.corrects_name {
            let _ = writeln!(s, "corrects = [{}]", quoted(x));
        }
    }
    s
}

fn report_json(r: &GReport, text_path: &str) -> String {
    let mut s = String::with_capacity(256 + r.claims.len() * 200);
    let _ = write!(
        s,
        "{{\"report\":{{\"id\":{},\"title\":{},\"outlet\":{}",
        quoted(&r.id),
        quoted(&r.title),
        quoted(r.outlet)
    );
    if let Some(v) = r.via {
        let _ = write!(s, ",\"via\":[{}]", quoted(v));
    }
    let _ = write!(s, ",\"published\":{},\"text\":{}}},\"claim\":[", quoted(&r.published), quoted(text_path));
    for (i, c) in r.claims.iter().enumerate() {
        if i > 0 {
            s.push(',');
        }
        let _ = write!(
            s,
            "{{\"id\":{},\"subject\":{},\"predicate\":{}",
            quoted(&c.id),
            quoted(&c.subject),
            quoted(c.predicate)
        );
        match &c.value {
            Some(GValue::Str(v)) | Some(GValue::Date(v)) => _ = write!(s, ",\"value\":{}", quoted(v)),
            Some(GValue::Num(n)) => _ = write!(s, ",\"value\":{n}"),
            None => {}
        }
        if c.negated {
            s.push_str(",\"negated\":true");
        }
        if let Some(x) = c.certainty {
            let _ = write!(s, ",\"certainty\":{}", quoted(x));
        }
        if let Some(x) = &c.source {
            let _ = write!(s, ",\"source\":{}", quoted(x));
        }
        if let Some(x) = &c.as_of {
            let _ = write!(s, ",\"as-of\":{}", quoted(x));
        }
        if let Some(x) = c.bound {
            let _ = write!(s, ",\"bound\":{}", quoted(x));
        }
        let _ = write!(s, ",\"quote\":{}", quoted(&c.quote));
        if let Some(x) = &c.prefix {
            let _ = write!(s, ",\"prefix\":{}", quoted(x));
        }
        if let Some(x) = &c.corrects_name {
            let _ = write!(s, ",\"corrects\":[{}]", quoted(x));
        }
        s.push('}');
    }
    s.push_str("]}");
    s
}
