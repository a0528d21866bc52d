//! The cache of `claimlint check` (DESIGN §10): a warm run prints exactly what a cold run
//! (`--no-cache`) prints, whatever was done to the cache (bytes flipped, cut short, swapped with
//! another corpus's) or to what it depends on (a claim file, a report text, an entity, a pack,
//! the config); and it is used when nothing changed.

mod common;
#[path = "../examples/gen_corpus.rs"]
#[allow(dead_code)]
mod gen_corpus;

use claimlint::cache::CacheSetting;
use claimlint::check::{self, Settings};
use claimlint::render::{self, Format, Run};
use claimlint::view::View;
use common::{claimlint, code, copy_tree, fixture, scratch, write};
use std::path::{Path, PathBuf};

/// What a check prints (JSON, which shows every finding, place and message, and the human
/// output), its exit status, and how many claim files came from the cache.
fn check_with(root: &Path, cache: CacheSetting, tweak: impl Fn(&mut Settings)) -> (Vec<u8>, usize, Vec<String>) {
    let (out, outcome) = check_outcome(root, cache, tweak);
    (out, outcome.cache_used, outcome.cache_notes)
}

/// [`check_with`], with the whole outcome of the check.
fn check_outcome(root: &Path, cache: CacheSetting, tweak: impl Fn(&mut Settings)) -> (Vec<u8>, check::Outcome) {
    let mut settings = Settings::new(root);
    settings.cache = cache;
    tweak(&mut settings);
    let outcome = check::run(&settings);
    let run = Run {
        sources: &outcome.corpus.sources,
        view: View::narrowed(&outcome.corpus, outcome.scope.as_ref()),
        findings: &outcome.findings,
        allowed: &outcome.allowed,
        baselined: &[],
    };
    let options = render::Options {
        color: false,
        width: 100,
        show_allowed: true,
        settings: Vec::new(),
        show_baselined: false,
        baseline: false,
        quiet: false,
        fail_on: outcome.fail_on.threshold(),
    };
    let mut out = format!("errors {} fails {}\n", outcome.corpus_errors(), outcome.fails()).into_bytes();
    for format in [Format::Json, Format::Human] {
        render::render(format, &run, &mut out, &options).expect("rendered into memory");
    }
    (out, outcome)
}

fn cold(root: &Path) -> Vec<u8> {
    check_with(root, CacheSetting::Off, |_| {}).0
}

/// A warm run's output, after asserting that it matches the cold run's and wrote no warning.
fn warm(root: &Path, dir: &Path) -> usize {
    let (out, used, notes) = check_with(root, CacheSetting::Dir(dir.to_path_buf()), |_| {});
    assert!(notes.is_empty(), "{notes:?}");
    assert_same(&cold(root), &out);
    used
}

/// How many parts of the corpus had their rules' findings taken from the cache in a warm run,
/// after asserting that it prints what a cold run prints and wrote no warning.
fn warm_findings(root: &Path, dir: &Path) -> usize {
    let (out, outcome) = check_outcome(root, CacheSetting::Dir(dir.to_path_buf()), |_| {});
    assert!(outcome.cache_notes.is_empty(), "{:?}", outcome.cache_notes);
    assert_same(&cold(root), &out);
    outcome.findings_reused
}

fn assert_same(cold: &[u8], warm: &[u8]) {
    if cold != warm {
        panic!(
            "a run with the cache prints something else than one without:\n--- cold\n{}\n--- warm\n{}",
            String::from_utf8_lossy(cold),
            String::from_utf8_lossy(warm)
        );
    }
}

/// A copy of the harbour fixture, with a claim file that has problems of its own (a quote not
/// found, an unknown predicate) and a JSON Lines file of two reports.
fn corpus(name: &str) -> PathBuf {
    let root = scratch(name);
    copy_tree(&fixture("harbour"), &root);
    write(
        &root.join("claims/late-edition.toml"),
        br#"[report]
id = "late-edition"
title = "Truce holds"
outlet = "Late Edition"
published = 2016-12-14
text = "reports/late-edition.txt"

[[claim]]
id = "holds"
subject = "harbour-truce"
predicate = "status"
value = "agreed"
quote = "the truce held through the night"

[[claim]]
id = "odd"
subject = "harbour-truce"
predicate = "no-such-predicate"
value = "x"
quote = "Late Edition"
"#,
    );
    write(
        &root.join("claims/reports/late-edition.txt"),
        "Late Edition: the truce held through the night.\n".as_bytes(),
    );
    write(
        &root.join("claims/wire.jsonl"),
        concat!(
            r#"{"report": {"id": "wire-1", "title": "One", "outlet": "Wire", "published": "2016-12-13", "text": "reports/wire-1.txt"}, "claim": [{"id": "c1", "subject": "harbour-truce", "predicate": "status", "value": "signed", "quote": "the truce was signed"}]}"#,
            "\n",
            r#"{"report": {"id": "wire-2", "title": "Two", "outlet": "Wire", "published": "2016-12-15", "text": "reports/wire-2.txt"}, "claim": [{"id": "c1", "subject": "harbour-truce", "predicate": "status", "value": "agreed", "quote": "not in the text"}]}"#,
            "\n"
        )
        .as_bytes(),
    );
    write(&root.join("claims/reports/wire-1.txt"), b"Officials said the truce was signed at noon.\n");
    write(&root.join("claims/reports/wire-2.txt"), b"Talks went on.\n");
    root
}

/// The cache files in `dir`.
fn cache_files(dir: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .expect("cache directory listed")
        .map(|e| e.expect("entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "bin"))
        .collect();
    files.sort();
    files
}

#[test]
fn a_repeat_run_takes_unchanged_files_from_the_cache_and_prints_the_same() {
    let root = corpus("cache-repeat");
    let dir = root.join("cache");
    let claim_files = 5; // entities.toml declares entities: it is always read afresh
    assert_eq!(warm(&root, &dir), 0, "nothing cached yet");
    assert!(!cache_files(&dir).is_empty());
    assert_eq!(warm(&root, &dir), claim_files - 1);
    assert_eq!(warm(&root, &dir), claim_files - 1);
    // One claim file changed: it alone is read afresh, and its new problem shows.
    let path = root.join("claims/late-edition.toml");
    let text = std::fs::read_to_string(&path).unwrap().replace("held through", "held all through");
    write(&path, text.as_bytes());
    assert_eq!(warm(&root, &dir), claim_files - 2);
    assert_eq!(warm(&root, &dir), claim_files - 1);
    // A report text changed: the file naming it is read afresh.
    write(&root.join("claims/reports/wire-2.txt"), b"Talks went on; not in the text, said one.\n");
    assert_eq!(warm(&root, &dir), claim_files - 2);
    // An entity changed: every claim resolves against the new tables.
    let entities = root.join("claims/entities.toml");
    let text = std::fs::read_to_string(&entities).unwrap();
    write(
        &entities,
        format!("{text}\n[[entity]]\nid = \"new-one\"\nname = \"New One\"\nkind = \"person\"\n").as_bytes(),
    );
    assert_eq!(warm(&root, &dir), 0);
    assert_eq!(warm(&root, &dir), claim_files - 1);
    // A claim file removed, and one added.
    std::fs::remove_file(root.join("claims/wire.jsonl")).unwrap();
    write(&root.join("claims/aaa.toml"), std::fs::read(root.join("claims/late-edition.toml")).unwrap().as_slice());
    warm(&root, &dir);
    assert_eq!(warm(&root, &dir), claim_files - 1);
}

/// [`corpus`] with corrections across files and reports placed in an `offset` (DESIGN §3 v2):
/// `correction.toml` corrects `evening-post#no-agreement` (the negation it joins becomes a
/// `corrected` note) and `late-edition#odd` (left out for its unknown predicate: no second
/// problem), its datetimes written without an offset placed in `+03:00`; in `wire.jsonl`, the
/// second report, its times placed in `-05:00`, corrects a claim of the first.
fn corpus_with_corrections(name: &str) -> PathBuf {
    let root = corpus(name);
    write(
        &root.join("claims/correction.toml"),
        br#"[report]
id = "correction"
title = "Correction: the union and the truce"
outlet = "Harbour Daily"
published = 2016-12-13T09:30:00
offset = "+03:00"
text = "reports/correction.txt"

[[claim]]
id = "fix"
subject = "harbour-truce"
predicate = "status"
value = "agreed"
source = "dock-workers-union"
as-of = 2016-12-13T08:00:00
quote = "the union agreed to the harbour truce"
corrects = ["evening-post#no-agreement", "late-edition#odd"]
"#,
    );
    write(
        &root.join("claims/reports/correction.txt"),
        b"Correction: an earlier story said there was no agreement; in fact the union agreed to the harbour truce.\n",
    );
    write(
        &root.join("claims/wire.jsonl"),
        concat!(
            r#"{"report": {"id": "wire-1", "title": "One", "outlet": "Wire", "published": "2016-12-13", "text": "reports/wire-1.txt"}, "claim": [{"id": "c1", "subject": "harbour-truce", "predicate": "status", "value": "signed", "quote": "the truce was signed"}]}"#,
            "\n",
            r#"{"report": {"id": "wire-2", "title": "Two", "outlet": "Wire", "published": "2016-12-15T10:00:00", "offset": "-05:00", "text": "reports/wire-2.txt"}, "claim": [{"id": "c1", "subject": "harbour-truce", "predicate": "status", "value": "agreed", "quote": "Talks went on", "corrects": ["wire-1#c1"]}]}"#,
            "\n"
        )
        .as_bytes(),
    );
    root
}

/// What a cold run of `root` says of the corrections and offsets: the `corrected` note of the
/// negation `correction#fix` retires (if it does), and the times placed in their offsets.
fn corrections_shown(root: &Path) -> (bool, bool, bool) {
    let out = String::from_utf8(cold(root)).unwrap();
    let corrected = out.contains("evening-post#no-agreement corrected by correction#fix");
    let placed = out.contains("2016-12-13T08:00+03:00") && out.contains("2016-12-15T10:00-05:00");
    // A name of `corrects` that matches no claim (one left out is none).
    let unknown = out.contains("`corrects` names `");
    (corrected, placed, unknown)
}

#[test]
fn corrections_across_files_and_offsets_are_the_same_warm() {
    let root = corpus_with_corrections("cache-corrects");
    let dir = root.join("cache");
    let claim_files = 5; // entities.toml is always read afresh
    assert_eq!(corrections_shown(&root), (true, true, false));
    assert_eq!(warm(&root, &dir), 0, "nothing cached yet");
    assert_eq!(warm(&root, &dir), claim_files);
    // The correcting file alone changes: its times move to another offset, and it no longer
    // corrects the negation, then does again. The corrected files come from the cache.
    let correction = root.join("claims/correction.toml");
    let text = std::fs::read_to_string(&correction).unwrap();
    write(&correction, text.replace("+03:00", "-02:00").as_bytes());
    assert_eq!(warm(&root, &dir), claim_files - 1);
    let out = String::from_utf8(cold(&root)).unwrap();
    assert!(out.contains("2016-12-13T08:00-02:00") && out.contains("corrected by correction#fix"), "{out}");
    write(&correction, text.replace("\"evening-post#no-agreement\", ", "").as_bytes());
    assert_eq!(warm(&root, &dir), claim_files - 1);
    assert_eq!(corrections_shown(&root), (false, true, false));
    write(&correction, text.as_bytes());
    assert_eq!(warm(&root, &dir), claim_files - 1);
    assert_eq!(corrections_shown(&root), (true, true, false));
    // The corrected file alone changes: still corrected; then the claim corrected is renamed
    // (the correction, taken from the cache, now names no claim), and it comes back.
    let evening = root.join("claims/evening-post.toml");
    let text = std::fs::read_to_string(&evening).unwrap();
    write(&evening, text.replace("title = \"Union:", "title = \"Dockers:").as_bytes());
    assert_eq!(warm(&root, &dir), claim_files - 1);
    assert_eq!(corrections_shown(&root), (true, true, false));
    write(&evening, text.replace("id = \"no-agreement\"", "id = \"no-deal\"").as_bytes());
    assert_eq!(warm(&root, &dir), claim_files - 1);
    assert_eq!(corrections_shown(&root), (false, true, true));
    write(&evening, text.as_bytes());
    assert_eq!(warm(&root, &dir), claim_files - 1);
    assert_eq!(corrections_shown(&root), (true, true, false));
    // The claim left out is fixed in its file (the correction now names a claim), and breaks again.
    let late = root.join("claims/late-edition.toml");
    let text = std::fs::read_to_string(&late).unwrap();
    write(&late, text.replace("no-such-predicate", "status").replace("value = \"x\"", "value = \"agreed\"").as_bytes());
    assert_eq!(warm(&root, &dir), claim_files - 1);
    write(&late, text.as_bytes());
    assert_eq!(warm(&root, &dir), claim_files - 1);
    assert_eq!(warm(&root, &dir), claim_files);
    assert_eq!(corrections_shown(&root), (true, true, false));
}

#[test]
fn a_report_id_taken_by_a_new_file_is_resolved_again() {
    let root = corpus("cache-taken-id");
    let dir = root.join("cache");
    warm(&root, &dir);
    // `aaa.toml` is read before `late-edition.toml` and takes its report id: the cached file's
    // claims are then unchecked, as a cold run says.
    let late = std::fs::read_to_string(root.join("claims/late-edition.toml")).unwrap();
    write(&root.join("claims/aaa.toml"), late.replace("the truce held", "Late Edition").as_bytes());
    warm(&root, &dir);
    std::fs::remove_file(root.join("claims/aaa.toml")).unwrap();
    warm(&root, &dir);
}

#[test]
fn every_damaged_byte_of_the_cache_is_ignored() {
    let root = corpus("cache-flips");
    let dir = root.join("cache");
    let expected = cold(&root);
    warm(&root, &dir);
    for (n, file) in cache_files(&dir).into_iter().enumerate() {
        let good = std::fs::read(&file).unwrap();
        // Every byte of the first file, by turns its low and its high bit; of the others, the
        // header whole and a sample of the rest.
        let step = if n == 0 { 1 } else { (good.len() / 40).max(1) };
        let places: Vec<usize> = (0..good.len()).filter(|i| *i < 52 || i % step == 0 || *i + 1 == good.len()).collect();
        for i in places {
            let mut bad = good.clone();
            bad[i] ^= if i % 2 == 0 { 0x01 } else { 0x80 };
            std::fs::write(&file, &bad).unwrap();
            let (out, _, notes) = check_with(&root, CacheSetting::Dir(dir.clone()), |_| {});
            assert!(notes.is_empty(), "{notes:?}");
            if out != expected {
                assert_same(&expected, &out);
            }
        }
        // Cut short anywhere, or grown.
        for len in [0, 1, 15, 16, 20, 36, 44, 52, good.len() / 2, good.len() - 1] {
            std::fs::write(&file, &good[..len]).unwrap();
            assert_same(&expected, &check_with(&root, CacheSetting::Dir(dir.clone()), |_| {}).0);
        }
        let mut longer = good.clone();
        longer.extend_from_slice(b"more");
        std::fs::write(&file, &longer).unwrap();
        assert_same(&expected, &check_with(&root, CacheSetting::Dir(dir.clone()), |_| {}).0);
        std::fs::write(&file, &good).unwrap();
    }
}

#[test]
fn a_cache_swapped_between_corpora_is_not_trusted() {
    let a = corpus("cache-swap-a");
    let b = corpus("cache-swap-b");
    // B differs from A in a claim file, a report text and its config.
    let path = b.join("claims/morning-wire.toml");
    let text = std::fs::read_to_string(&path).unwrap().replace("value = \"agreed\"", "value = \"signed\"");
    write(&path, text.as_bytes());
    write(&b.join("claims/reports/wire-1.txt"), b"Officials denied it.\n");
    let (dir_a, dir_b) = (a.join("cache"), b.join("cache"));
    warm(&a, &dir_a);
    warm(&b, &dir_b);
    // One directory for both, in turns.
    let shared = scratch("cache-swap-shared");
    for _ in 0..2 {
        warm(&a, &shared);
        warm(&b, &shared);
    }
    // A's cache files put in B's place, and the other way round.
    for (from, to) in [(&dir_a, &dir_b), (&dir_b, &dir_a)] {
        for file in cache_files(to) {
            std::fs::remove_file(file).unwrap();
        }
        for file in cache_files(from) {
            std::fs::copy(&file, to.join(file.file_name().unwrap())).unwrap();
        }
    }
    warm(&a, &dir_a);
    warm(&b, &dir_b);
}

#[test]
fn a_changed_pack_or_config_starts_afresh() {
    let root = corpus("cache-settings");
    let dir = root.join("cache");
    warm(&root, &dir);
    let with_cache = |tweak: &dyn Fn(&mut Settings)| {
        let cold = check_with(&root, CacheSetting::Off, tweak).0;
        let (warm, used, _) = check_with(&root, CacheSetting::Dir(dir.clone()), tweak);
        assert_same(&cold, &warm);
        used
    };
    // Without the standard packs, no predicate is known: nothing cached applies.
    assert_eq!(with_cache(&|s| s.default_rules = Some(false)), 0);
    assert_eq!(with_cache(&|s| s.default_rules = Some(false)), 4);
    assert_eq!(with_cache(&|_| {}), 0);
    // A pack of one's own, then changed.
    let pack = root.join("packs/extra.toml");
    write(&pack, b"[[predicate]]\nname = \"mood\"\ntype = \"text\"\n");
    let packs = root.join("packs");
    assert_eq!(with_cache(&|s| s.rules = vec![packs.clone()]), 0);
    assert_eq!(with_cache(&|s| s.rules = vec![packs.clone()]), 4);
    write(&pack, b"[[predicate]]\nname = \"mood\"\ntype = \"text\"\ndescription = \"how it felt\"\n");
    assert_eq!(with_cache(&|s| s.rules = vec![packs.clone()]), 0);
    // The config.
    let config = root.join("claimlint.toml");
    write(&config, b"fail-on = \"warning\"\n");
    assert_eq!(with_cache(&|_| {}), 0);
    assert_eq!(with_cache(&|_| {}), 4);
    write(&config, b"fail-on = \"note\"\n");
    assert_eq!(with_cache(&|_| {}), 0);
}

#[test]
fn a_cache_that_cannot_be_written_is_a_warning_only() {
    let root = corpus("cache-unwritable");
    // A file where the cache directory should be.
    let blocked = root.join("blocked");
    write(&blocked, b"not a directory");
    let (out, used, notes) = check_with(&root, CacheSetting::Dir(blocked.clone()), |_| {});
    assert_same(&cold(&root), &out);
    assert_eq!(used, 0);
    assert_eq!(notes.len(), 1, "{notes:?}");
    assert!(notes[0].contains("was not written"), "{notes:?}");
}

#[test]
fn generated_corpora_print_the_same_warm() {
    for (name, format) in [("cache-gen-toml", gen_corpus::Format::Toml), ("cache-gen-jsonl", gen_corpus::Format::Jsonl)]
    {
        let root = scratch(name);
        let config = gen_corpus::Config { claims: 1500, out: root.join("corpus"), seed: 3, format };
        gen_corpus::generate(&config).expect("the generator runs");
        let corpus = root.join("corpus");
        let dir = root.join("cache");
        warm(&corpus, &dir);
        assert!(warm(&corpus, &dir) > 0);
    }
}

/// `claimlint ARGS` in `dir`, its cache not turned off by the environment.
fn run(dir: &Path, args: &[&str]) -> std::process::Output {
    claimlint(dir).env_remove("CLAIMLINT_NO_CACHE").args(args).output().expect("the claimlint binary runs")
}

#[test]
fn the_command_line_keeps_the_cache_under_the_root_unless_told_otherwise() {
    let root = corpus("cache-cli");
    let cold = run(&root, &["check", "--format", "json", "--no-cache"]);
    assert!(!root.join(".claimlint-cache").exists(), "--no-cache writes nothing");
    let first = run(&root, &["check", "--format", "json"]);
    let dir = root.join(".claimlint-cache");
    assert_eq!(std::fs::read_to_string(dir.join(".gitignore")).unwrap().lines().last(), Some("*"));
    assert!(std::fs::read_to_string(dir.join("CACHEDIR.TAG"))
        .unwrap()
        .starts_with("Signature: 8a477f597d28d172789f06886806bc55"));
    let second = run(&root, &["check", "--format", "json"]);
    for out in [&first, &second] {
        assert_eq!(code(out), code(&cold));
        assert_eq!(out.stdout, cold.stdout);
        assert!(out.stderr.is_empty(), "{}", String::from_utf8_lossy(&out.stderr));
    }
    // The cache directory is no claim directory: the corpus read is the same.
    let elsewhere = scratch("cache-cli-dir");
    let third = run(&root, &["check", "--format", "json", "--cache-dir", elsewhere.to_str().unwrap()]);
    assert_eq!(third.stdout, cold.stdout);
    assert!(!cache_files(&elsewhere).is_empty());
    // Deleting it is safe.
    std::fs::remove_dir_all(&dir).unwrap();
    assert_eq!(run(&root, &["check", "--format", "json"]).stdout, cold.stdout);
    // The environment: CLAIMLINT_NO_CACHE turns it off, CLAIMLINT_CACHE_DIR moves it.
    std::fs::remove_dir_all(&dir).unwrap();
    let off = claimlint(&root).args(["check", "--format", "json"]).output().unwrap();
    assert_eq!(off.stdout, cold.stdout);
    assert!(!dir.exists());
    let moved = scratch("cache-cli-env");
    let out = claimlint(&root)
        .env_remove("CLAIMLINT_NO_CACHE")
        .env("CLAIMLINT_CACHE_DIR", &moved)
        .args(["check", "--format", "json"])
        .output()
        .unwrap();
    assert_eq!(out.stdout, cold.stdout);
    assert!(!dir.exists());
    assert!(!cache_files(&moved).is_empty());
}

#[test]
fn a_forged_cache_file_with_a_right_checksum_never_panics() {
    // A cache file whose bytes were changed and its checksum made right again (no accident does
    // that): entries that do not decode, or name what does not exist, are still refused; the
    // check runs to its end whatever the entry says.
    let root = corpus("cache-forged");
    let dir = root.join("cache");
    warm(&root, &dir);
    const HEADER: usize = 16 + 4 + 16 + 8 + 8;
    for file in cache_files(&dir) {
        let good = std::fs::read(&file).unwrap();
        let context = &good[20..36];
        let step = ((good.len() - HEADER) / 60).max(1);
        for i in (HEADER..good.len()).step_by(step) {
            for flip in [0x01, 0x80, 0xff] {
                let mut bad = good.clone();
                bad[i] ^= flip;
                let mut summed = context.to_vec();
                summed.extend_from_slice(&bad[HEADER..]);
                let sum = xxhash_rust::xxh3::xxh3_64(&summed);
                bad[HEADER - 8..HEADER].copy_from_slice(&sum.to_le_bytes());
                std::fs::write(&file, &bad).unwrap();
                check_with(&root, CacheSetting::Dir(dir.clone()), |_| {});
            }
        }
        std::fs::write(&file, &good).unwrap();
    }
    warm(&root, &dir);
}

#[test]
fn checks_running_at_once_share_a_cache_safely() {
    // Runs at the same time read and write the same cache files (each written beside itself and
    // renamed into place): none sees half a file, and each prints what a cold run prints.
    let root = corpus("cache-concurrent");
    let dir = root.join("cache");
    let expected = cold(&root);
    let path = root.join("claims/late-edition.toml");
    let original = std::fs::read_to_string(&path).unwrap();
    for round in 0..3 {
        // Each round, one file changes, so that every run has a cache file to write.
        let text = original.replace("held through", &format!("held {round} through"));
        write(&path, text.as_bytes());
        let expected = cold(&root);
        std::thread::scope(|s| {
            for _ in 0..4 {
                s.spawn(|| {
                    let (out, _, notes) = check_with(&root, CacheSetting::Dir(dir.clone()), |_| {});
                    assert!(notes.is_empty(), "{notes:?}");
                    assert_same(&expected, &out);
                });
            }
        });
    }
    write(&path, original.as_bytes());
    assert_same(&expected, &check_with(&root, CacheSetting::Dir(dir.clone()), |_| {}).0);
    // No temporary file is left behind.
    let left: Vec<_> = std::fs::read_dir(&dir).unwrap().map(|e| e.unwrap().file_name()).collect();
    assert!(left.iter().all(|n| !n.to_string_lossy().ends_with(".tmp")), "{left:?}");
}

#[test]
fn findings_of_the_subjects_a_change_leaves_alone_are_reused() {
    let root = scratch("cache-findings-parts");
    let config =
        gen_corpus::Config { claims: 3000, out: root.join("corpus"), seed: 5, format: gen_corpus::Format::Jsonl };
    gen_corpus::generate(&config).expect("the generator runs");
    let corpus = root.join("corpus");
    let dir = root.join("cache");
    assert_eq!(warm_findings(&corpus, &dir), 0, "nothing cached yet");
    let parts = warm_findings(&corpus, &dir);
    assert!(parts > 10, "{parts}");
    // A line appended changes a claim file but no claim: every part's findings are reused.
    let mut files: Vec<PathBuf> = std::fs::read_dir(corpus.join("claims/reports"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "jsonl"))
        .collect();
    files.sort();
    let file = &files[0];
    let text = std::fs::read_to_string(file).unwrap();
    write(file, format!("{text}\n").as_bytes());
    assert_eq!(warm_findings(&corpus, &dir), parts);
    // A claim's value changed, a claim's certainty, a claim removed: the findings of its
    // subject are found again (the output differs from before, as a cold run's does), the
    // others' reused.
    let before = cold(&corpus);
    let edits: [(&str, &str); 3] = [
        ("\"value\":\"agreed\"", "\"value\":\"signed\""),
        ("\"negated\":true", "\"negated\":false"),
        ("\"certainty\":\"probable\"", "\"certainty\":\"unknown\""),
    ];
    for (from, to) in edits {
        let changed = text.replacen(from, to, 1);
        assert_ne!(changed, text, "{from} is in the file");
        write(file, changed.as_bytes());
        let reused = warm_findings(&corpus, &dir);
        assert!(reused < parts && reused + 3 >= parts, "{reused} of {parts}");
        assert_eq!(warm_findings(&corpus, &dir), parts);
    }
    write(file, text.as_bytes());
    warm_findings(&corpus, &dir);
    assert_eq!(cold(&corpus), before);
    // Claims further on edited one after another, the file growing and shrinking: always the
    // same as a cold run.
    let mut text = text;
    for n in [2, 5, 9, 14] {
        let at = text.match_indices("\"value\":\"signed\"").nth(n).expect("enough claims").0;
        text.replace_range(at..at + 17, "\"value\":\"in-force\"");
        write(file, text.as_bytes());
        assert!(warm_findings(&corpus, &dir) < parts);
    }
}

/// A claim about the dock workers' union that corrects the harbour truce's `no-agreement`: a
/// correction across subjects.
const UNION_CORRECTS: &[u8] = br#"[report]
id = "union-statement"
title = "Union statement"
outlet = "Union Press"
published = 2016-12-14
text = "reports/union-statement.txt"

[[claim]]
id = "keeps-working"
subject = "dock-workers-union"
predicate = "intends"
value = "keep working the harbour"
quote = "we will keep working the harbour"
corrects = ["evening-post#no-agreement"]
"#;

#[test]
fn a_correction_across_subjects_is_followed_by_the_findings_it_changes() {
    let root = corpus("cache-findings-corrects");
    let dir = root.join("cache");
    write(&root.join("claims/reports/union-statement.txt"), b"The union said: we will keep working the harbour.\n");
    let union = root.join("claims/union.toml");
    let uncorrected =
        String::from_utf8(UNION_CORRECTS.to_vec()).unwrap().replace("corrects = [\"evening-post#no-agreement\"]\n", "");
    write(&union, uncorrected.as_bytes());
    let plain = cold(&root);
    warm_findings(&root, &dir);
    let parts = warm_findings(&root, &dir);
    assert!(parts >= 2, "{parts}");
    // The union's claim now corrects a claim about the truce: the truce's findings change
    // though no file about it did.
    write(&union, UNION_CORRECTS);
    let corrected = cold(&root);
    assert_ne!(plain, corrected);
    assert!(String::from_utf8_lossy(&corrected).contains("corrected by union-statement#keeps-working"));
    warm_findings(&root, &dir);
    assert_eq!(warm_findings(&root, &dir), parts - 1, "the union and the truce are one part");
    // And back: the truce's negation stands again.
    write(&union, uncorrected.as_bytes());
    warm_findings(&root, &dir);
    assert_eq!(cold(&root), plain);
    // The corrected claim's file changes alone (its title): the correction still holds.
    write(&union, UNION_CORRECTS);
    warm_findings(&root, &dir);
    let evening = root.join("claims/evening-post.toml");
    let text = std::fs::read_to_string(&evening).unwrap();
    write(&evening, text.replace("title = \"Union:", "title = \"Dockers:").as_bytes());
    warm_findings(&root, &dir);
}

#[test]
fn every_damaged_byte_of_the_findings_cache_is_ignored() {
    let root = corpus("cache-findings-flips");
    let dir = root.join("cache");
    let expected = cold(&root);
    warm(&root, &dir);
    let parts = warm_findings(&root, &dir);
    let files: Vec<PathBuf> = cache_files(&dir)
        .into_iter()
        .filter(|f| f.file_name().is_some_and(|n| n.to_string_lossy().starts_with("findings-")))
        .collect();
    assert!(!files.is_empty() && parts > 0);
    for file in files {
        let good = std::fs::read(&file).unwrap();
        let step = (good.len() / 200).max(1);
        for i in (0..good.len()).filter(|i| *i < 80 || i % step == 0 || *i + 1 == good.len()) {
            let mut bad = good.clone();
            bad[i] ^= if i % 2 == 0 { 0x01 } else { 0x80 };
            std::fs::write(&file, &bad).unwrap();
            let (out, outcome) = check_outcome(&root, CacheSetting::Dir(dir.clone()), |_| {});
            assert!(outcome.cache_notes.is_empty(), "{:?}", outcome.cache_notes);
            assert!(outcome.findings_reused < parts, "byte {i} of {} flipped", file.display());
            if out != expected {
                assert_same(&expected, &out);
            }
        }
        for len in [0, 1, 16, 20, 36, 44, 52, 60, good.len() / 2, good.len() - 1] {
            std::fs::write(&file, &good[..len]).unwrap();
            assert_same(&expected, &check_with(&root, CacheSetting::Dir(dir.clone()), |_| {}).0);
        }
        std::fs::write(&file, &good).unwrap();
        assert_eq!(warm_findings(&root, &dir), parts);
    }
}
