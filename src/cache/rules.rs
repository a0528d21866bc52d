//! The findings of the rules, kept per part of the corpus (DESIGN §10): a repeat run runs the
//! rules only over the parts whose claims changed.
//!
//! Every rule kind works within one subject: claims are grouped by (subject, predicate), claims
//! `implies` rules derive keep their origin's subject, and what a finding of one kind does to
//! another (a corroboration contested by a contradiction) joins claims of one group. What
//! crosses subjects is a `corrects`: a claim retires a claim that may be about another subject.
//! So the corpus is cut into *parts*, the subjects joined by their corrections, and a part's
//! findings are a function of its claims (every field, with their reports, the paths and the
//! words of their quotes) and of the run's context (claimlint's build, the config, every pack,
//! the entities and predicates: [`super::Context`]). A part's *digest* hashes all of these, and
//! its findings are kept under that digest: a part whose digest is found takes its findings
//! from the cache; the others are checked together, as a corpus of their claims alone, and
//! their findings kept for the next run.
//!
//! What the rules give is reassembled as the whole run gives it: each rule's findings in the
//! order of their subjects (the order of the rules' groups). That order, and that every finding
//! names a subject of one part, is checked on what the rules give, and a run where it does not
//! hold checks the whole corpus and keeps nothing. What comes after the rules (the config's
//! policy, `[[allow]]`s, sorting, fingerprints, rendering) is done on every finding in every
//! run.
//!
//! The files, `DIR/findings-NN.bin` (the parts spread over [`SHARDS`] files by their first
//! subject), are trusted in nothing, as the claim files' cache is not: a magic
//! header, a format, the context, the length and a checksum, and each entry must decode and
//! point only into files of this run at places that exist; anything else is ignored.

use crate::findings::{DerivationStep, Finding, Links, Location, Origin, Severity};
use crate::graph::EntityGraph;
use crate::model::*;
use crate::source::{FileId, Sources};
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use std::path::Path;

const MAGIC: &[u8; 16] = b"claimlint-rules\n";
/// The layout of the file and its entries, and of what a part's digest hashes.
const FORMAT: u32 = 1;
/// How many files the findings are spread over (`DIR/findings-NN.bin`), by the part's first
/// subject, so that a run after one claim changed rewrites one of them, not all.
pub const SHARDS: usize = 64;

fn shard_path(dir: &Path, shard: usize) -> std::path::PathBuf {
    dir.join(format!("findings-{shard:02}.bin"))
}

/// What the rules gave, one list per rule in rule order (as [`crate::rules::run_per_rule`]),
/// and how many parts of how many came from the cache.
pub struct Checked {
    pub per_rule: Vec<Vec<Finding>>,
    pub reused: usize,
    pub parts: usize,
    /// Why the cache was not written, if it was not.
    pub note: Option<String>,
}

/// Runs the rules over `corpus`, taking the findings of the parts whose digest is in the cache
/// in `dir` (made in `context`) from there, and keeping those of the others.
pub fn run(corpus: &mut Corpus, graph: &EntityGraph, dir: &Path, context: u128) -> Checked {
    use rayon::prelude::*;
    let parts = Parts::of(corpus);
    let digests = parts.digests(corpus, context);
    let files: Vec<Option<Vec<u8>>> =
        (0..SHARDS).into_par_iter().map(|i| std::fs::read(shard_path(dir, i)).ok()).collect();
    let stored: Vec<HashMap<u128, &[u8]>> =
        files.iter().map(|b| b.as_deref().and_then(|b| decode_file(b, context)).unwrap_or_default()).collect();
    let keys = Keys::of(corpus);
    let rules = corpus.rules.len();
    let entry = |p: usize| stored[parts.shard(p)].get(&digests[p]).copied();
    let opened: Vec<Option<Vec<Vec<Finding>>>> = (0..parts.claims.len())
        .into_par_iter()
        .map(|p| open(entry(p)?, &parts.claims[p], corpus, &keys, rules))
        .collect();
    let dirty: Vec<usize> = (0..opened.len()).filter(|&p| opened[p].is_none()).collect();
    let fresh = if dirty.is_empty() {
        Some(vec![Vec::new(); rules])
    } else if dirty.len() == parts.claims.len() {
        Some(crate::rules::run_per_rule(corpus, graph))
    } else {
        run_on(corpus, graph, &parts, &dirty)
    };
    // What the rules gave of the parts checked now, per part, if it is the whole run's.
    let fresh = fresh.and_then(|per_rule| split(per_rule, corpus, &parts, &keys));
    let Some(mut fresh) = fresh else {
        // Not as the parts were assumed to be: the whole corpus is checked, and nothing kept.
        let per_rule = crate::rules::run_per_rule(corpus, graph);
        return Checked { per_rule, reused: 0, parts: parts.claims.len(), note: None };
    };
    // Each cache file's entries: those taken from it, and those made now.
    let mut shards: Vec<Vec<(u128, std::borrow::Cow<[u8]>)>> = vec![Vec::new(); SHARDS];
    let mut changed = [false; SHARDS];
    let mut per_part: Vec<Vec<Vec<Finding>>> = Vec::with_capacity(parts.claims.len());
    for (p, opened) in opened.into_iter().enumerate() {
        let shard = parts.shard(p);
        match opened {
            Some(found) => {
                shards[shard].push((digests[p], entry(p).unwrap_or_default().into()));
                per_part.push(found);
            }
            None => {
                let found = fresh.remove(&p).unwrap_or_else(|| vec![Vec::new(); rules]);
                changed[shard] = true;
                if let Some(bytes) = encode(&found, &parts.claims[p], corpus) {
                    shards[shard].push((digests[p], bytes.into()));
                }
                per_part.push(found);
            }
        }
    }
    let reused = parts.claims.len() - dirty.len();
    let mut note = None;
    for (i, entries) in shards.iter_mut().enumerate() {
        // Entries of parts gone or changed are dropped: their file is written without them.
        if changed[i] || entries.len() != stored[i].len() {
            note = note.or(write(dir, i, context, entries).err());
        }
    }
    Checked { per_rule: assemble(per_part, rules, &keys), reused, parts: parts.claims.len(), note }
}

// -- parts ------------------------------------------------------------------------------------

/// The corpus cut into parts: subjects joined by the corrections between their claims.
struct Parts {
    /// Each part's claims, in corpus order.
    claims: Vec<Vec<ClaimId>>,
    /// Per claim: its part, and its place among the part's claims.
    place: Vec<(u32, u32)>,
    /// Each subject's part.
    of_subject: HashMap<EntityId, u32>,
    /// Each part's first subject (the lowest entity id), which says its cache file.
    first: Vec<u32>,
}

impl Parts {
    fn of(corpus: &Corpus) -> Parts {
        let mut parent: Vec<u32> = (0..corpus.entities.len() as u32).collect();
        fn root(parent: &mut [u32], mut e: u32) -> u32 {
            while parent[e as usize] != e {
                parent[e as usize] = parent[parent[e as usize] as usize];
                e = parent[e as usize];
            }
            e
        }
        for c in &corpus.claims {
            for &x in c.corrects() {
                let (a, b) = (root(&mut parent, c.subject.0), root(&mut parent, corpus.claim(x).subject.0));
                // The smaller root wins, so that the parts do not depend on the order of joining.
                let (lo, hi) = (a.min(b), a.max(b));
                parent[hi as usize] = lo;
            }
        }
        let mut part_of_root: HashMap<u32, u32> = HashMap::new();
        let mut claims: Vec<Vec<ClaimId>> = Vec::new();
        let mut first = Vec::new();
        let mut place = Vec::with_capacity(corpus.claims.len());
        let mut of_subject = HashMap::new();
        for (i, c) in corpus.claims.iter().enumerate() {
            let r = root(&mut parent, c.subject.0);
            let p = *part_of_root.entry(r).or_insert_with(|| {
                first.push(r);
                claims.push(Vec::new());
                (claims.len() - 1) as u32
            });
            place.push((p, claims[p as usize].len() as u32));
            claims[p as usize].push(ClaimId(i as u32));
            of_subject.insert(c.subject, p);
        }
        Parts { claims, place, of_subject, first }
    }

    /// The cache file of part `p`.
    fn shard(&self, p: usize) -> usize {
        self.first[p] as usize % SHARDS
    }

    /// Each part's digest: the context, then every claim of the part, in order.
    fn digests(&self, corpus: &Corpus, context: u128) -> Vec<u128> {
        use rayon::prelude::*;
        let sources = &corpus.sources;
        let reports: Vec<u128> = corpus.reports.par_iter().map(|r| report_digest(r, sources)).collect();
        let claims: Vec<u128> = corpus.claims.par_iter().map(|c| claim_digest(c, corpus, &reports)).collect();
        self.claims
            .par_iter()
            .map(|part| {
                let mut d = Digest(Vec::with_capacity(40 + 16 * part.len()));
                d.int(FORMAT.into()).int(context as i128).int((context >> 64) as i128).int(part.len() as i128);
                for c in part {
                    d.0.extend_from_slice(&claims[c.0 as usize].to_le_bytes());
                }
                d.finish()
            })
            .collect()
    }
}

/// Hashes what it is given, each piece delimited, so that two pieces never read as one. The
/// pieces are gathered and hashed at once: a claim is a few dozen small pieces, and a million
/// claims fed piece by piece to a streaming hash took most of a repeat run's rules phase.
struct Digest(Vec<u8>);

impl Digest {
    fn new() -> Digest {
        Digest(Vec::with_capacity(256))
    }
    fn bytes(&mut self, b: &[u8]) -> &mut Digest {
        self.0.extend_from_slice(&(b.len() as u64).to_le_bytes());
        self.0.extend_from_slice(b);
        self
    }
    fn str(&mut self, s: &str) -> &mut Digest {
        self.bytes(s.as_bytes())
    }
    fn int(&mut self, n: i128) -> &mut Digest {
        self.0.extend_from_slice(&n.to_le_bytes());
        self
    }
    fn opt<T>(&mut self, x: Option<T>, f: impl FnOnce(&mut Digest, T)) -> &mut Digest {
        match x {
            None => self.int(0),
            Some(v) => {
                self.int(1);
                f(self, v);
                self
            }
        }
    }
    fn time(&mut self, t: &crate::time::Time) -> &mut Digest {
        // Every field, by name: a field added to times must be hashed too.
        let crate::time::Time { date: crate::time::Date { year, month, day }, instant, offset_minutes, local } = *t;
        self.int(year.into()).int(month.into()).int(day.into());
        self.opt(instant, |d, v| {
            d.int(v.into());
        });
        self.opt(offset_minutes, |d, v| {
            d.int(v.into());
        });
        self.int(local.into())
    }
    fn finish(&self) -> u128 {
        xxhash_rust::xxh3::xxh3_128(&self.0)
    }
}

fn report_digest(r: &Report, sources: &Sources) -> u128 {
    // Every field, by name: a field added to reports must be hashed too.
    let Report { id, title, outlet, outlet_entity, via, published, url, text, file, span } = r;
    let mut d = Digest::new();
    d.str(id).str(title).str(outlet);
    d.opt(*outlet_entity, |d, e| {
        d.int(e.0.into());
    });
    d.int(via.len() as i128);
    for v in via {
        d.str(v);
    }
    d.time(published);
    d.opt(url.as_deref(), |d, u| {
        d.str(u);
    });
    // Where the report's header is in its claim file is not read by any rule (findings point at
    // quotes, in report texts): a line of a JSON Lines file growing moves every later report's
    // header, and must not make their findings be found again.
    let _ = span;
    d.str(&sources.get(*text).path).str(&sources.get(*file).path);
    d.finish()
}

fn claim_digest(c: &Claim, corpus: &Corpus, reports: &[u128]) -> u128 {
    // Every field, by name: a field added to claims must be hashed too.
    let Claim { report, id, subject, predicate, value, negated, certainty, source, as_of, quote, rare } = c;
    let mut d = Digest::new();
    d.int(reports[report.0 as usize] as i128).int((reports[report.0 as usize] >> 64) as i128);
    d.str(id).int(subject.0.into()).int(predicate.0.into());
    match value {
        Value::None => d.int(0),
        Value::Unstated => d.int(1),
        Value::Enum(i) => d.int(2).int((*i).into()),
        Value::Entity(e) => d.int(3).int(e.0.into()),
        Value::Number(Number { low, high, bound, range }) => {
            let bound = match bound {
                Bound::Exact => 0,
                Bound::About => 1,
                Bound::AtLeast => 2,
                Bound::AtMost => 3,
            };
            d.int(4).int(low.to_bits().into()).int(high.to_bits().into()).int(bound).int((*range).into())
        }
        Value::Date(t) => d.int(5).time(t),
        Value::Text(t) => d.int(6).str(t),
    };
    d.int((*negated).into());
    d.int(match certainty {
        Certainty::Certain => 0,
        Certainty::Probable => 1,
        Certainty::Possible => 2,
        Certainty::Unknown => 3,
    });
    match source {
        Speaker::Entity(e) => d.int(0).int(e.0.into()),
        Speaker::Outlet(o) => d.int(1).str(o),
    };
    d.time(as_of);
    // The quote: its file as shown, its place, and its words (rules quote them).
    let sources = &corpus.sources;
    d.str(&sources.get(quote.file).path).int(quote.start as i128).int(quote.end as i128).str(sources.text(*quote));
    d.opt(rare.as_deref(), |d, Rare { note, derived, corrects }| {
        d.opt(note.as_deref(), |d, n| {
            d.str(n);
        });
        d.opt(derived.as_ref(), |d, Derivation { from, rule }| {
            d.str(&corpus.claim_ref(*from)).str(rule);
        });
        d.int(corrects.len() as i128);
        for &x in corrects.iter() {
            d.str(&corpus.claim_ref(x));
        }
    });
    d.finish()
}

// -- running the rules over some parts --------------------------------------------------------

/// Runs the rules over the claims of the parts `dirty` alone, their ids given back in the
/// corpus's numbering (claims `implies` rules derive numbered after the corpus's claims). `None`
/// if a claim corrects one of another part (never, as parts are made).
fn run_on(corpus: &mut Corpus, graph: &EntityGraph, parts: &Parts, dirty: &[usize]) -> Option<Vec<Vec<Finding>>> {
    let mut ids: Vec<ClaimId> = dirty.iter().flat_map(|&p| parts.claims[p].iter().copied()).collect();
    ids.sort_unstable();
    let mut here: HashMap<ClaimId, u32> = HashMap::with_capacity(ids.len());
    for (i, &id) in ids.iter().enumerate() {
        here.insert(id, i as u32);
    }
    let mut claims = Vec::with_capacity(ids.len());
    for &id in &ids {
        let mut c = corpus.claim(id).clone();
        if !c.corrects().is_empty() {
            let corrects = c.corrects().iter().map(|x| here.get(x).map(|&i| ClaimId(i))).collect::<Option<_>>()?;
            c.set_corrects(corrects);
        }
        claims.push(c);
    }
    let all = std::mem::replace(&mut corpus.claims, claims);
    let mut per_rule = crate::rules::run_per_rule(corpus, graph);
    corpus.claims = all;
    let (some, whole) = (ids.len() as u32, corpus.claims.len() as u32);
    for f in per_rule.iter_mut().flatten() {
        for c in f.claim_ids.iter_mut() {
            *c = match ids.get(c.0 as usize) {
                Some(&id) => id,
                None => ClaimId(c.0.checked_sub(some)?.checked_add(whole)?),
            };
        }
    }
    Some(per_rule)
}

/// What identifies the subjects of findings: entity id → entity, and how claims are numbered.
struct Keys {
    /// `None` for an id two entities share.
    entities: HashMap<String, Option<EntityId>>,
    /// Path as shown → file; `None` for a path two files share.
    files: HashMap<String, Option<FileId>>,
}

impl Keys {
    fn of(corpus: &Corpus) -> Keys {
        let mut entities = HashMap::with_capacity(corpus.entities.len());
        for (i, e) in corpus.entities.iter().enumerate() {
            entities.entry(e.id.clone()).and_modify(|x| *x = None).or_insert(Some(EntityId(i as u32)));
        }
        let mut files = HashMap::with_capacity(corpus.sources.len());
        for i in 0..corpus.sources.len() {
            let id = FileId(i as u32);
            files.entry(corpus.sources.get(id).path.clone()).and_modify(|x| *x = None).or_insert(Some(id));
        }
        Keys { entities, files }
    }
    fn subject(&self, f: &Finding) -> Option<EntityId> {
        *self.entities.get(f.subject.as_deref()?)?
    }
}

/// The findings of the rules over some parts, split by part (each part's one list per rule), if
/// they are as the whole run's would be: rule findings, each about a subject of a part, every
/// claim it names of that part, in the order of their subjects.
#[allow(clippy::type_complexity)]
fn split(
    per_rule: Vec<Vec<Finding>>,
    corpus: &Corpus,
    parts: &Parts,
    keys: &Keys,
) -> Option<HashMap<usize, Vec<Vec<Finding>>>> {
    let rules = per_rule.len();
    let whole = corpus.claims.len();
    let mut out: HashMap<usize, Vec<Vec<Finding>>> = HashMap::new();
    for (r, list) in per_rule.into_iter().enumerate() {
        let mut last = None;
        for f in list {
            let subject = keys.subject(&f)?;
            if f.origin != Origin::Rule || last.is_some_and(|l| l > subject) || f.claim_ids.is_empty() {
                return None;
            }
            last = Some(subject);
            // The part of its subject, which its quoted claims must all be of (derived claims are
            // of their origin's subject).
            let part = *parts.of_subject.get(&subject)?;
            let part_of = |c: &ClaimId| parts.place.get(c.0 as usize).map(|p| p.0);
            if f.claim_ids.iter().any(|c| (c.0 as usize) < whole && part_of(c) != Some(part)) {
                return None;
            }
            out.entry(part as usize).or_insert_with(|| vec![Vec::new(); rules])[r].push(f);
        }
    }
    Some(out)
}

/// Each rule's findings, in the order of their subjects, as the whole run gives them.
fn assemble(per_part: Vec<Vec<Vec<Finding>>>, rules: usize, keys: &Keys) -> Vec<Vec<Finding>> {
    let mut per_rule: Vec<Vec<Finding>> = vec![Vec::new(); rules];
    for part in per_part {
        for (r, list) in part.into_iter().enumerate() {
            per_rule[r].extend(list);
        }
    }
    for list in &mut per_rule {
        // Stable: the findings of one subject are all of one part, in the order the rules gave.
        list.sort_by_cached_key(|f| keys.subject(f));
    }
    per_rule
}

// -- the file and its entries -----------------------------------------------------------------

/// A rule's finding as kept: claims by their place in the part, places by file path.
#[derive(Serialize, Deserialize)]
struct Kept {
    rule: String,
    kind: String,
    severity: u8,
    message: String,
    help: Option<String>,
    rule_help: Option<u16>,
    subject: Option<String>,
    predicate: Option<String>,
    claims: Vec<String>,
    /// Each claim's place among the part's claims; derived claims after them.
    claim_ids: Vec<u32>,
    /// (path, start, end, label, claim)
    locations: Vec<(u32, u64, u64, String, Option<u32>)>,
    notes: Vec<String>,
    derivation: Vec<(String, String, String)>,
    value: Option<String>,
    fingerprint: u64,
    pairs: Vec<(u64, u64)>,
    pairs_total: u64,
    claims_total: u64,
    dispute: bool,
    links: [Vec<String>; 4],
}

/// A part's entry: the paths its findings point into, and its findings, one list per rule.
#[derive(Serialize, Deserialize)]
struct Entry {
    paths: Vec<String>,
    per_rule: Vec<Vec<Kept>>,
}

fn encode(per_rule: &[Vec<Finding>], part: &[ClaimId], corpus: &Corpus) -> Option<Vec<u8>> {
    let whole = corpus.claims.len() as u32;
    let place: HashMap<ClaimId, u32> = part.iter().enumerate().map(|(i, &c)| (c, i as u32)).collect();
    let mut paths: Vec<String> = Vec::new();
    let mut path_index: HashMap<FileId, u32> = HashMap::new();
    let mut kept_rules = Vec::with_capacity(per_rule.len());
    for list in per_rule {
        let mut kept = Vec::with_capacity(list.len());
        for f in list {
            // Every field, by name: a field added to findings must be kept here too.
            let Finding {
                rule,
                kind,
                origin: _,
                severity,
                message,
                help,
                rule_help,
                subject,
                predicate,
                claims,
                claim_ids,
                locations,
                notes,
                derivation,
                value,
                fingerprint,
                pairs,
                pairs_total,
                claims_total,
                dispute,
                links,
            } = f;
            let claim_ids = claim_ids
                .iter()
                .map(|c| match c.0.checked_sub(whole) {
                    None => place.get(c).copied(),
                    Some(k) => k.checked_add(part.len() as u32),
                })
                .collect::<Option<Vec<u32>>>()?;
            let locations = locations
                .iter()
                .map(|Location { span, label, claim }| {
                    let i = *path_index.entry(span.file).or_insert_with(|| {
                        paths.push(corpus.sources.get(span.file).path.clone());
                        (paths.len() - 1) as u32
                    });
                    (i, span.start as u64, span.end as u64, label.to_string(), *claim)
                })
                .collect();
            let Links { contested_by, answered_by, resolved_by, corrected_by } = &**links;
            kept.push(Kept {
                rule: rule.clone(),
                kind: kind.clone(),
                severity: match severity {
                    Severity::Error => 0,
                    Severity::Warning => 1,
                    Severity::Note => 2,
                },
                message: message.clone(),
                help: help.clone(),
                rule_help: *rule_help,
                subject: subject.clone(),
                predicate: predicate.clone(),
                claims: claims.clone(),
                claim_ids,
                locations,
                notes: notes.clone(),
                derivation: derivation.iter().map(|s| (s.claim.clone(), s.rule.clone(), s.from.clone())).collect(),
                value: value.clone(),
                fingerprint: *fingerprint,
                pairs: pairs.iter().map(|&(a, b)| (a as u64, b as u64)).collect(),
                pairs_total: *pairs_total as u64,
                claims_total: *claims_total as u64,
                dispute: *dispute,
                links: [contested_by.clone(), answered_by.clone(), resolved_by.clone(), corrected_by.clone()],
            });
        }
        kept_rules.push(kept);
    }
    postcard::to_stdvec(&Entry { paths, per_rule: kept_rules }).ok()
}

/// A part's findings from its entry, if the entry decodes and fits this run: as many rules,
/// claims of the part, places inside files of this run.
fn open(bytes: &[u8], part: &[ClaimId], corpus: &Corpus, keys: &Keys, rules: usize) -> Option<Vec<Vec<Finding>>> {
    let entry: Entry = postcard::from_bytes(bytes).ok()?;
    if entry.per_rule.len() != rules {
        return None;
    }
    let whole = corpus.claims.len() as u32;
    let files = entry.paths.iter().map(|p| *keys.files.get(p)?).collect::<Option<Vec<FileId>>>()?;
    let mut per_rule = Vec::with_capacity(rules);
    for list in entry.per_rule {
        let mut found = Vec::with_capacity(list.len());
        for k in list {
            let claim_ids = k
                .claim_ids
                .iter()
                .map(|&i| match part.get(i as usize) {
                    Some(&c) => Some(c),
                    None => Some(ClaimId(i.checked_sub(part.len() as u32)?.checked_add(whole)?)),
                })
                .collect::<Option<Vec<_>>>()?;
            let locations = k
                .locations
                .into_iter()
                .map(|(file, start, end, label, claim)| {
                    let file = *files.get(file as usize)?;
                    let (start, end) = (usize::try_from(start).ok()?, usize::try_from(end).ok()?);
                    corpus.sources.get(file).slice(start, end)?;
                    if claim.is_some_and(|c| c as usize >= k.claims.len()) {
                        return None;
                    }
                    let span = crate::source::Span { file, start, end };
                    Some(Location { span, label: label.into_boxed_str(), claim })
                })
                .collect::<Option<Vec<_>>>()?;
            if k.rule_help.is_some_and(|i| usize::from(i) >= corpus.rules.len()) {
                return None;
            }
            let [contested_by, answered_by, resolved_by, corrected_by] = k.links;
            found.push(Finding {
                rule: k.rule,
                kind: k.kind,
                origin: Origin::Rule,
                severity: match k.severity {
                    0 => Severity::Error,
                    1 => Severity::Warning,
                    2 => Severity::Note,
                    _ => return None,
                },
                message: k.message,
                help: k.help,
                rule_help: k.rule_help,
                subject: k.subject,
                predicate: k.predicate,
                claims: k.claims,
                claim_ids,
                locations,
                notes: k.notes,
                derivation: k
                    .derivation
                    .into_iter()
                    .map(|(claim, rule, from)| DerivationStep { claim, rule, from })
                    .collect(),
                value: k.value,
                fingerprint: k.fingerprint,
                pairs: k
                    .pairs
                    .into_iter()
                    .map(|(a, b)| Some((usize::try_from(a).ok()?, usize::try_from(b).ok()?)))
                    .collect::<Option<Vec<_>>>()?,
                pairs_total: usize::try_from(k.pairs_total).ok()?,
                claims_total: usize::try_from(k.claims_total).ok()?,
                dispute: k.dispute,
                links: Links { contested_by, answered_by, resolved_by, corrected_by }.into(),
            });
        }
        per_rule.push(found);
    }
    // A part's findings are about its subjects.
    let subjects: std::collections::HashSet<EntityId> = part.iter().map(|&c| corpus.claim(c).subject).collect();
    if !per_rule.iter().flatten().all(|f| keys.subject(f).is_some_and(|s| subjects.contains(&s))) {
        return None;
    }
    Some(per_rule)
}

/// The entries of the file, by digest, if it is one whole, undamaged, of this format and
/// context. The layout: the magic, the format (u32), the context (u128), the length of the rest
/// (u64), the XXH3-64 of the context and the rest (u64), then the rest: for each entry, its
/// digest (u128) and its bytes after their length (u32). All little-endian.
fn decode_file(bytes: &[u8], context: u128) -> Option<HashMap<u128, &[u8]>> {
    let mut body = super::checked_body(bytes, MAGIC, FORMAT, context)?;
    let mut entries = HashMap::new();
    while !body.is_empty() {
        let (digest, rest) = body.split_first_chunk::<16>()?;
        let (len, rest) = rest.split_first_chunk::<4>()?;
        let (entry, rest) = rest.split_at_checked(u32::from_le_bytes(*len) as usize)?;
        entries.insert(u128::from_le_bytes(*digest), entry);
        body = rest;
    }
    Some(entries)
}

/// Writes cache file `shard` with `entries` (sorted by digest), or removes it if there are none.
fn write(
    dir: &Path,
    shard: usize,
    context: u128,
    entries: &mut [(u128, std::borrow::Cow<[u8]>)],
) -> Result<(), String> {
    let path = shard_path(dir, shard);
    let fail = |e: std::io::Error| format!("cannot write `{}`: {e}", path.display());
    if entries.is_empty() {
        return match std::fs::remove_file(&path) {
            Err(e) if e.kind() != std::io::ErrorKind::NotFound => Err(fail(e)),
            _ => Ok(()),
        };
    }
    entries.sort_unstable_by_key(|e| e.0);
    let mut body = Vec::with_capacity(entries.iter().map(|e| e.1.len() + 20).sum());
    for (digest, bytes) in entries.iter() {
        let Ok(len) = u32::try_from(bytes.len()) else { continue };
        body.extend_from_slice(&digest.to_le_bytes());
        body.extend_from_slice(&len.to_le_bytes());
        body.extend_from_slice(bytes);
    }
    let out = super::with_header(MAGIC, FORMAT, context, &body);
    std::fs::create_dir_all(dir).and_then(|()| super::write_atomic(&path, &out)).map_err(fail)
}
