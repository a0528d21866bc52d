//! `unresolved`: a claim of certainty `unknown` is an open question ("nothing final over whether
//! Iran will sign"); it is shown with the claims on the same subject and predicate (up to
//! [`LISTED_AROUND`]), so the reader sees what is settled around it.

use super::context::{Context, Group};
use super::meetings::{own, Atom, ValueKey};
use super::pairs::LISTED_CLAIMS;
use super::spec::KindSpec;
use crate::doc::Doc;
use crate::findings::{Finding, Severity};
use crate::model::{Certainty, ClaimId, KindInfo, Rule, Value};
use std::collections::BTreeMap;

/// Documentation of the kind, read by `claimlint explain`, SARIF and the README.
pub const DOC: Doc = Doc {
    name: "unresolved",
    summary: "a source leaves a question open (certainty `unknown`)",
    what: "Fires for each open question, a claim of certainty `unknown` (\"nothing final over \
whether Iran will also sign\"): the open questions of one subject, predicate and value are one \
finding, and those without a value (\"it is not yet known who fired\") one more. Every other \
claim on the same subject and predicate is shown with it, so the reader sees what is settled \
around it: up to 64 of them, the answers first when there are more (`claims_total` counts them \
all). When a later claim commits an answer (asserting or denying that value; for a \
question without a value, asserting some value, since denying one candidate leaves it open), \
the finding is a note that names the answer (`answered_by`).",
    why: "Open questions are what a fact-checker follows up; listing them with what is known keeps \
them from being forgotten or silently read as settled.",
    example: "[[claim]]\nsubject = \"syria-countrywide-ceasefire\"\npredicate = \"guarantor\"\nvalue = \"iran\"\n\
certainty = \"unknown\"\nquote = \"nothing final\"",
    fix: "Follow the question up. When a report settles it, add that report and its claim; the \
open claim then stands with the answer beside it. Accept a question that will stay open with an \
`[[allow]]`, or turn the kind down in `[severity]`.",
};

/// Everything about the kind; listed in the registry (`rules::KINDS`).
pub const KIND: KindSpec = KindSpec {
    info: KindInfo {
        doc: DOC,
        default_severity: Severity::Warning,
        milder_when_probable: false,
        disputes: false,
        reports: true,
        default_message: "open question: {phrase} ({value})",
    },
    params: super::spec::no_params,
    check,
};

pub fn check(ctx: &Context, rule: &Rule) -> Vec<Finding> {
    ctx.per_group(rule, |group| {
        // unresolved(s, p, v) :- claim(c, s, p, v), certainty(c, unknown).
        // A claim a correction retired is left out: neither asked nor shown around a question.
        let open: Vec<ClaimId> = group
            .claims
            .iter()
            .copied()
            .filter(|&c| ctx.claim(c).certainty == Certainty::Unknown && !ctx.is_retired(c))
            .collect();
        if open.is_empty() {
            return Vec::new();
        }
        // The open questions of one subject, predicate and value are one finding (DESIGN §4 v2);
        // the questions without a value ("who fired?") are one more. "Sunday?" and "Sunday
        // 08:30?" are two questions, as they are two facts. In first-seen order.
        let mut questions: Vec<(&Value, Vec<ClaimId>)> = Vec::new();
        let mut by_value: BTreeMap<ValueKey, usize> = BTreeMap::new();
        for &c in &open {
            let value = &ctx.claim(c).value;
            let next = questions.len();
            let q = *by_value.entry(ValueKey::of(value)).or_insert(next);
            if q == next {
                questions.push((value, Vec::new()));
            }
            questions[q].1.push(c);
        }
        let around = Around::new(ctx, group);
        let answers = around.answers(ctx, group, &questions);
        questions
            .into_iter()
            .zip(answers)
            .map(|((value, asked), answers)| question(ctx, rule, group, &around, value, &asked, answers))
            .collect()
    })
}

/// How many claims a question lists around it, beyond those asking it. DESIGN §4 shows every
/// claim of the subject and predicate with a question; a group of thousands of questions
/// listing its whole self with each would grow with the square of the group (20,000 claims
/// gave 6 GB of JSON). Beyond this many, the answers come first, then the claims in group order,
/// and the rest are counted (`claims_total`).
const LISTED_AROUND: usize = 64;

/// A group's claims as a question sees them: how many are not retired, and the committed ones
/// filed by what their values say, so that a question's answers are looked up, not searched for
/// among every claim: an affirmed claim under every value its value reaches, a negated one
/// under its own value (`Context::bears_on`).
struct Around<'v> {
    /// The places in the group of the claims not retired, ascending.
    shown: Vec<u32>,
    affirmed: Vec<(Atom<'v>, u32)>,
    negated: Vec<(Atom<'v>, u32)>,
    /// The claims that assert, which answer a question without a value.
    asserting: Vec<u32>,
}

impl<'v> Around<'v> {
    fn new(ctx: &'v Context, group: &Group) -> Around<'v> {
        let (mut affirmed, mut negated, mut asserting) = (Vec::new(), Vec::new(), Vec::new());
        let mut shown = Vec::new();
        for (p, &c) in group.claims.iter().enumerate() {
            if ctx.is_retired(c) {
                continue;
            }
            shown.push(p as u32);
            let claim = ctx.claim(c);
            if !claim.certainty.commits() {
                continue;
            }
            if claim.negated {
                negated.push((own(&claim.value), p as u32));
            } else {
                asserting.push(p as u32);
                affirmed.extend(ctx.reach(group.predicate, &claim.value).into_iter().map(|a| (a, p as u32)));
            }
        }
        affirmed.sort_unstable();
        negated.sort_unstable();
        Around { shown, affirmed, negated, asserting }
    }

    /// The lists of places in the group (each ascending) of the claims that may bear on
    /// `value`: all those that do, and for stages every stage. A claim is in one list at most.
    fn bearing<'s>(&'s self, ctx: &Context, group: &Group, value: &'v Value) -> Vec<&'s [(Atom<'v>, u32)]> {
        fn filed<'a, 'v>(list: &'a [(Atom<'v>, u32)], atom: &Atom) -> &'a [(Atom<'v>, u32)] {
            let start = list.partition_point(|(a, _)| a < atom);
            &list[start..start + list[start..].partition_point(|(a, _)| a == atom)]
        }
        let mut lists = vec![filed(&self.affirmed, &own(value))];
        let mut atoms = ctx.reach(group.predicate, value);
        atoms.sort_unstable();
        atoms.dedup();
        lists.extend(atoms.iter().map(|atom| filed(&self.negated, atom)));
        lists.retain(|l| !l.is_empty());
        lists
    }

    /// Each question's answers: how many, and the first [`LISTED_AROUND`] in group order. An
    /// answer is a committed claim bearing on the question's value (asserting one, for a
    /// question without a value) later than every claim asking it ([`later_than_all`]).
    ///
    /// Claims are filed by what their values say, so for an entity, a date or a text the claims
    /// filed under its atoms are exactly those bearing on it, and what is left to ask is time.
    /// Thousands of questions on the villages of a region, each borne on by thousands of denials
    /// of the region, would read those denials once per question; they are read once per list
    /// instead ([`answers_by_time`]). Other values (stages, a handful of questions at most;
    /// figures, filed by their exact value) and the question without a value (one) are read
    /// claim by claim.
    fn answers(&self, ctx: &Context, group: &Group, questions: &[(&'v Value, Vec<ClaimId>)]) -> Vec<Answers> {
        let mut found: Vec<Answers> = vec![Answers::default(); questions.len()];
        // The questions reading each list, by where the list starts (filed lists do not overlap).
        let mut readers: BTreeMap<usize, (Filed<'_, 'v>, Vec<usize>)> = BTreeMap::new();
        for (q, (value, asked)) in questions.iter().enumerate() {
            let after_every_question = later_than_all(ctx, asked);
            let answers = |p: &u32| after_every_question(&ctx.claim(group.claims[*p as usize]).as_of);
            match value {
                Value::Unstated => found[q] = Answers::of(self.asserting.iter().copied().filter(answers).collect()),
                Value::Entity(_) | Value::Date(_) | Value::Text(_) => {
                    for list in self.bearing(ctx, group, value) {
                        readers.entry(list.as_ptr() as usize).or_insert_with(|| (list, Vec::new())).1.push(q);
                    }
                }
                _ => {
                    let mut places: Vec<u32> = self
                        .bearing(ctx, group, value)
                        .into_iter()
                        .flatten()
                        .map(|e| e.1)
                        .filter(|&p| ctx.bears_on(ctx.claim(group.claims[p as usize]), value))
                        .filter(answers)
                        .collect();
                    places.sort_unstable();
                    found[q] = Answers::of(places);
                }
            }
        }
        for (list, qs) in readers.into_values() {
            let places: Vec<u32> = list.iter().map(|e| e.1).collect();
            for (q, part) in answers_by_time(ctx, group, &places, questions, &qs) {
                found[q].total += part.total;
                found[q].first.extend(part.first);
            }
        }
        for answers in &mut found {
            answers.first.sort_unstable();
            answers.first.truncate(LISTED_AROUND);
        }
        found
    }
}

/// A list of claims filed under one atom: the atom, and each claim's place in the group.
type Filed<'a, 'v> = &'a [(Atom<'v>, u32)];

/// A question's answers: how many there are, and the first [`LISTED_AROUND`] places in the
/// group, ascending.
#[derive(Debug, Clone, Default)]
struct Answers {
    total: usize,
    first: Vec<u32>,
}

impl Answers {
    fn of(mut places: Vec<u32>) -> Answers {
        let total = places.len();
        places.truncate(LISTED_AROUND);
        Answers { total, first: places }
    }
}

/// The answers each of `qs` (places in `questions`) finds in one list of claims filed under an
/// atom they look up (places in the group, ascending). The group is in time order, day first,
/// so a claim dated by day alone answers when its day is after the last day asked: those are a
/// suffix of the list. A timed claim answers when its day is after every day asked without a
/// time and its instant after every instant asked: the questions are taken by instant, latest
/// first, the timed claims after each question's instant marked in a Fenwick tree by their place
/// in the list, and those after its last untimed day are a suffix of the list. Each question
/// costs a few searches, not a reading of the list.
fn answers_by_time(
    ctx: &Context,
    group: &Group,
    places: &[u32],
    questions: &[(&Value, Vec<ClaimId>)],
    qs: &[usize],
) -> Vec<(usize, Answers)> {
    let time = |p: u32| ctx.claim(group.claims[p as usize]).as_of;
    let (untimed, timed): (Vec<u32>, Vec<u32>) = places.iter().partition(|&&p| time(p).instant.is_none());
    // The claims dated by day whose day is after `day`, and the timed ones likewise: suffixes.
    let after =
        |list: &[u32], day: Option<crate::time::Date>| day.map_or(0, |d| list.partition_point(|&p| time(p).date <= d));
    let mut by_instant: Vec<usize> = (0..timed.len()).collect();
    by_instant.sort_by_key(|&i| std::cmp::Reverse(time(timed[i]).instant));
    let mut order: Vec<(LastAsked, usize)> = qs.iter().map(|&q| (LastAsked::of(ctx, &questions[q].1), q)).collect();
    order.sort_unstable_by_key(|(last, q)| std::cmp::Reverse((last.instant, *q)));
    let mut marked = super::fenwick::Fenwick::new(timed.len());
    let mut next = 0;
    let mut out = Vec::with_capacity(qs.len());
    for (last, q) in order {
        while let Some(&i) = by_instant.get(next) {
            if last.instant.is_some_and(|l| time(timed[i]).instant.is_some_and(|t| t <= l)) {
                break;
            }
            marked.add(i);
            next += 1;
        }
        let from_untimed = after(&untimed, last.day);
        let from_timed = after(&timed, last.untimed_day);
        let firsts = marked.first_from(from_timed, LISTED_AROUND);
        let mut first: Vec<u32> = untimed[from_untimed..].iter().take(LISTED_AROUND).copied().collect();
        first.extend(firsts.into_iter().map(|i| timed[i]));
        let total = (untimed.len() - from_untimed) + marked.from(from_timed);
        out.push((q, Answers { total, first }));
    }
    out
}

/// The finding of one open question: the claims that ask it, the other claims on the subject
/// and predicate (up to [`LISTED_AROUND`]), and the later claims that answer it, if any.
fn question(
    ctx: &Context,
    rule: &Rule,
    group: &Group,
    around: &Around,
    value: &Value,
    asked: &[ClaimId],
    answers: Answers,
) -> Finding {
    // answered(q, a) :- later(a, q), commits(a), (no value: asserts(a) ; bears_on(a, value)).
    // Denying one candidate of a question without a value leaves it open.
    let Answers { total: answered, first: answers } = answers;
    let text = match value {
        Value::Unstated => "no candidate named".to_string(),
        v => format!("{}?", ctx.corpus.value_text(group.predicate, v)),
    };
    // The claims asking first, then the rest of the group in its order: all of them, or the
    // answers and the first others up to `LISTED_AROUND`.
    let mut asking: Vec<ClaimId> = asked.to_vec();
    asking.sort_unstable();
    let others_total = around.shown.len() - asked.len();
    let mut others: Vec<u32> = answers.iter().copied().take(LISTED_AROUND).collect();
    let room = if others_total <= LISTED_AROUND { others_total } else { LISTED_AROUND };
    let mut rest = around.shown.iter().copied().filter(|&p| asking.binary_search(&group.claims[p as usize]).is_err());
    while others.len() < room {
        let Some(p) = rest.next() else { break };
        if answers.binary_search(&p).is_err() {
            others.push(p);
        }
    }
    others.sort_unstable();
    let mut shown: Vec<ClaimId> = asked.to_vec();
    shown.extend(others.iter().map(|&p| group.claims[p as usize]));
    let total = asked.len() + others_total;
    shown.truncate(LISTED_CLAIMS);
    let severity = if answers.is_empty() { rule.base_severity() } else { Severity::Note };
    let message_value = if answers.is_empty() { text.clone() } else { format!("{text}; answered since") };
    let mut f = ctx.finding(rule, group, &shown, severity, &[("value", message_value)]);
    // The fingerprint's value is the question's, answered or not.
    f.value = Some(text);
    f.claims_total = total;
    // `shown` lists the claims asking first.
    let listed = &shown[asked.len().min(shown.len())..];
    let more =
        |listed: usize, of: usize| if of > listed { format!("; and {} more", of - listed) } else { String::new() };
    if answers.is_empty() {
        if listed.is_empty() {
            f.notes.push("no report settles it".to_string());
        } else {
            let said: Vec<String> = listed.iter().map(|&c| ctx.label(c)).collect();
            f.notes.push(format!("stated around it: {}{}", said.join("; "), more(listed.len(), others_total)));
        }
    } else {
        let first = &answers[..answers.len().min(LISTED_AROUND)];
        let names: Vec<String> = first.iter().map(|&p| ctx.claim_ref(group.claims[p as usize])).collect();
        let said: Vec<String> = first.iter().map(|&p| ctx.label(group.claims[p as usize])).collect();
        let more = more(first.len(), answered);
        f.notes.push(format!("answered by {}: {}{more}", names.join(", "), said.join("; ")));
        f.links.answered_by = names;
    }
    f
}

/// Whether a time is later than that of every claim of `asked`, times compared at the coarser
/// precision of the two (an answer at 11:15 does not settle a question dated only by that day).
/// The bounds are taken once, so each claim of a group is tested in constant time: a date-only
/// time must fall after every question's day; a timed one after every timed question's instant
/// and every date-only question's day.
fn later_than_all(ctx: &Context, asked: &[ClaimId]) -> impl Fn(&crate::time::Time) -> bool {
    let last = LastAsked::of(ctx, asked);
    move |t| match t.instant {
        None => last.day.is_none_or(|d| t.date > d),
        Some(i) => last.untimed_day.is_none_or(|d| t.date > d) && last.instant.is_none_or(|l| i > l),
    }
}

/// When a question was last asked, as `Time::compare` reads a later claim against it: its last
/// day (for claims dated by day), its last day asked without a time and its last instant (for
/// timed claims).
#[derive(Clone, Copy)]
struct LastAsked {
    day: Option<crate::time::Date>,
    untimed_day: Option<crate::time::Date>,
    instant: Option<i64>,
}

impl LastAsked {
    fn of(ctx: &Context, asked: &[ClaimId]) -> LastAsked {
        let times = || asked.iter().map(|&q| ctx.claim(q).as_of);
        LastAsked {
            day: times().map(|t| t.date).max(),
            untimed_day: times().filter(|t| t.instant.is_none()).map(|t| t.date).max(),
            instant: times().filter_map(|t| t.instant).max(),
        }
    }
}
