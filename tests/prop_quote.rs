//! Properties of quote matching, on texts built from words that fold (typographic quotes, dashes,
//! odd whitespace, both normalisation forms, invisible characters, ellipses): a quote found is the
//! report's own words, and so is every occurrence of an ambiguous one. The `quote` fuzz target checks the same on arbitrary input.

use claimlint::quote::{anchor, closest_passage, fold, Anchor, MAX_PLACES};
use proptest::prelude::*;

const WORDS: &[&str] = &[
    "deal",
    "agreed",
    "“deal”",
    "\"deal\"",
    "it’s",
    "it's",
    "—",
    "-",
    "no",
    "é",
    "𝄞",
    " ",
    "\u{a0}",
    "\n",
    "\t\t",
    "a",
    // What text pasted from the web differs in (DESIGN §3 v2): both normalisation forms, soft
    // hyphens, zero-width and directional marks, "…" against "...".
    "café",
    "cafe\u{301}",
    "soft\u{ad}ware",
    "software",
    "\u{200b}",
    "\u{202e}x\u{202c}",
    "\u{feff}",
    "wait…",
    "wait...",
    ".",
];

fn text() -> impl Strategy<Value = String> {
    prop::collection::vec(prop::sample::select(WORDS), 0..60).prop_map(|w| w.join(" "))
}

fn check(text: &str, quote: &str, a: usize, b: usize) {
    assert!(a < b && b <= text.len(), "{a}..{b} outside {} bytes", text.len());
    let words = text.get(a..b).unwrap_or_else(|| panic!("{a}..{b} splits a character"));
    assert_eq!(fold(words).text, fold(quote.trim()).text, "{words:?} is not {quote:?}");
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 512, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn found_places_are_the_quoted_words(
        text in text(),
        quote in prop::collection::vec(prop::sample::select(WORDS), 1..4).prop_map(|w| w.join(" ")),
        prefix in prop::option::of(prop::sample::select(WORDS)),
        suffix in prop::option::of(prop::sample::select(WORDS)),
    ) {
        match anchor(&fold(&text), &quote, prefix, suffix) {
            Anchor::Found(a, b) => check(&text, &quote, a, b),
            Anchor::NotFound => {}
            Anchor::Ambiguous { places, count } => {
                prop_assert!(count >= 2 && places.len() == count.min(MAX_PLACES));
                for (a, b) in places {
                    check(&text, &quote, a, b);
                }
            }
        }
        if let Some((a, b)) = closest_passage(&text, &quote) {
            prop_assert!(a < b && text.get(a..b).is_some());
        }
    }

    /// A quote cut from the text itself is always found, once or more.
    #[test]
    fn words_of_the_text_are_found(text in text(), from in any::<prop::sample::Index>(), len in 1usize..40) {
        let bounds: Vec<usize> = (0..=text.len()).filter(|&i| text.is_char_boundary(i)).collect();
        let a = bounds[from.index(bounds.len())];
        let b = bounds.iter().copied().find(|&b| b >= a + len).unwrap_or(text.len());
        let quote = &text[a..b];
        // A cut through "e\u{301}" (a decomposed "é") is not the report's words: "cafe" is not "café".
        prop_assume!(!text[a..].starts_with('\u{301}') && !text[b..].starts_with('\u{301}'));
        // A quote of nothing but whitespace and invisible characters says nothing to look for.
        prop_assume!(!fold(quote).text.trim().is_empty());
        prop_assert_ne!(anchor(&fold(&text), quote, None, None), Anchor::NotFound, "{:?} in {:?}", quote, text);
    }
}
