//! "Did you mean" suggestions for misspelt keys, names and values.

/// Levenshtein distance, counting characters.
fn distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut prev = row[0];
        row[0] = i + 1;
        for (j, &cb) in b.iter().enumerate() {
            let cur = row[j + 1];
            row[j + 1] = if ca == cb { prev } else { 1 + prev.min(row[j]).min(row[j + 1]) };
            prev = cur;
        }
    }
    row[b.len()]
}

/// The candidate closest to `word`, if close enough to be a plausible typo (ties: the first).
pub fn closest<'a>(word: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let word_l = word.to_lowercase();
    // Long inputs are not typos of short names; bail out before quadratic work on huge strings.
    if word_l.chars().count() > 200 {
        return None;
    }
    let mut best: Option<(usize, &str)> = None;
    for c in candidates {
        let c_l = c.to_lowercase();
        let d = distance(&word_l, &c_l);
        let limit = (word_l.chars().count().max(c_l.chars().count()) / 3).max(1);
        let close = d <= limit || (c_l.len() >= 3 && (c_l.contains(&word_l) || word_l.contains(&c_l)));
        if close && best.is_none_or(|(bd, _)| d < bd) {
            best = Some((d, c));
        }
    }
    best.map(|(_, c)| c)
}

/// ` (did you mean `x`?)`, or nothing.
pub fn did_you_mean<'a>(word: &str, candidates: impl IntoIterator<Item = &'a str>) -> String {
    closest(word, candidates).map(|c| format!("did you mean `{c}`?")).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggests_close_names_only() {
        let keys = ["subject", "predicate", "certainty", "negated"];
        assert_eq!(closest("subjet", keys), Some("subject"));
        assert_eq!(closest("Certainity", keys), Some("certainty"));
        assert_eq!(closest("colour", keys), None);
        assert_eq!(did_you_mean("negate", keys), "did you mean `negated`?");
    }
}
