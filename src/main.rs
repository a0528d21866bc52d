//! The `claimlint` binary: parses the command line, runs it, and turns its status into the exit
//! code. Everything it prints is printed from here and [`cli`].

mod cli;

use clap::Parser;
use std::process::ExitCode;

// See Cargo.toml for why: large corpora are allocation-heavy.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    let cli = cli::Cli::parse();
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    match cli::run(cli, &mut out) {
        Ok(status) => status.into(),
        // `claimlint check | head -1`: the reader went away; stop quietly.
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => ExitCode::SUCCESS,
        Err(e) => {
            drop(out);
            #[allow(clippy::print_stderr)]
            {
                eprintln!("claimlint: {}", claimlint::printable::escape(&e.to_string()));
            }
            ExitCode::from(2)
        }
    }
}
