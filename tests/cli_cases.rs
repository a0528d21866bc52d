//! CLI behaviour as case files: each `tests/cmd/*.toml` is one command line, its working
//! directory, exit code and output (inline, or in a `.stdout` file beside it; `...` stands for
//! lines not shown). They read as documentation of the command line; `TRYCMD=overwrite cargo test
//! --test cli_cases` rewrites the expected output after a deliberate change.

#[test]
fn cli_cases() {
    trycmd::TestCases::new()
        .register_bin("claimlint", std::path::Path::new(env!("CARGO_BIN_EXE_claimlint")))
        .env("NO_COLOR", "1")
        .env("COLUMNS", "100")
        .case("tests/cmd/*.toml");
}
