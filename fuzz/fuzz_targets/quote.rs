//! Fuzzes quote matching: the input is a report text, a quote, a prefix and a suffix separated by
//! NUL bytes. A quote found must be the report's own words (its place, folded, is the quote
//! folded); every place of an ambiguous quote likewise; the closest passage lies inside the text.
#![no_main]

use claimlint::quote::{anchor, closest_passage, fold, Anchor, MAX_PLACES};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let data = String::from_utf8_lossy(data);
    let mut parts = data.split('\0');
    let text = parts.next().unwrap_or_default();
    let quote = parts.next().unwrap_or_default();
    let prefix = parts.next();
    let suffix = parts.next();
    let folded = fold(text);
    let wanted = fold(quote.trim()).text;
    let check = |a: usize, b: usize| {
        assert!(a < b && b <= text.len(), "{a}..{b} outside {} bytes", text.len());
        let words = text.get(a..b).unwrap_or_else(|| panic!("{a}..{b} splits a character"));
        assert_eq!(fold(words).text, wanted, "the place found is not the quote");
    };
    match anchor(&folded, quote, prefix, suffix) {
        Anchor::Found(a, b) => check(a, b),
        Anchor::NotFound => {}
        Anchor::Ambiguous { places, count } => {
            assert!(count >= 2 && places.len() == count.min(MAX_PLACES));
            for (a, b) in places {
                check(a, b);
            }
        }
    }
    if let Some((a, b)) = closest_passage(text, quote) {
        assert!(a < b && text.get(a..b).is_some(), "closest passage {a}..{b}");
    }
});
