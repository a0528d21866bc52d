//! The `claimlint` binary: parses the command line, runs it, and turns its status into the exit
//! code. Everything it prints is printed from here and [`cli`].

mod cli;

use clap::Parser;
use std::process::ExitCode;

// See Cargo.toml for why: large corpora are allocation-heavy.
#[cfg(not(feature = "heap-stats"))]
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

// With `heap-stats` (Cargo.toml), mimalloc counted: the bytes held are told to the library's
// timer (`claimlint::check::heap`).
#[cfg(feature = "heap-stats")]
#[global_allocator]
static GLOBAL: Counted = Counted;

#[cfg(feature = "heap-stats")]
struct Counted;

// SAFETY: every call is passed on to mimalloc unchanged; only the sizes are counted.
#[cfg(feature = "heap-stats")]
unsafe impl std::alloc::GlobalAlloc for Counted {
    unsafe fn alloc(&self, layout: std::alloc::Layout) -> *mut u8 {
        claimlint::check::heap::grew(layout.size());
        unsafe { mimalloc::MiMalloc.alloc(layout) }
    }
    unsafe fn alloc_zeroed(&self, layout: std::alloc::Layout) -> *mut u8 {
        claimlint::check::heap::grew(layout.size());
        unsafe { mimalloc::MiMalloc.alloc_zeroed(layout) }
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: std::alloc::Layout) {
        claimlint::check::heap::shrank(layout.size());
        unsafe { mimalloc::MiMalloc.dealloc(ptr, layout) }
    }
    unsafe fn realloc(&self, ptr: *mut u8, layout: std::alloc::Layout, new_size: usize) -> *mut u8 {
        claimlint::check::heap::grew(new_size);
        claimlint::check::heap::shrank(layout.size());
        unsafe { mimalloc::MiMalloc.realloc(ptr, layout, new_size) }
    }
}

/// mimalloc's `mi_option_purge_delay`: in its `mi_option_e` (mimalloc.h, v2 and v3 alike), the
/// option before `mi_option_use_numa_nodes`, which libmimalloc-sys names; a test checks its default.
const MI_OPTION_PURGE_DELAY: libmimalloc_sys::mi_option_t = libmimalloc_sys::mi_option_use_numa_nodes - 1;
const PURGE_DELAY_MS: std::os::raw::c_long = 10;

fn main() -> ExitCode {
    // Pages freed go back to the system after 10 ms, not a second (mimalloc v3's default): a
    // large corpus frees memory in bulk between phases (see Cargo.toml), and at 1M claims the
    // long delay kept 50-250 MB more resident at the peaks. 0 (at once) saves hardly more and
    // costs a tenth more CPU in system time at 100k claims. SAFETY: sets a plain option of the
    // allocator, as documented.
    unsafe { libmimalloc_sys::mi_option_set(MI_OPTION_PURGE_DELAY, PURGE_DELAY_MS) };
    claimlint::check::on_phase_end(give_back_freed);
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

/// Has mimalloc give back to the system what each thread's heap holds free, on every thread of
/// the pool and this one: a thread's freed pages are otherwise only reclaimed when it allocates
/// again. 1M claims from TOML, --format json: resident memory after resolving 715 -> 396 MB.
fn give_back_freed() {
    // SAFETY: `mi_collect` takes no pointer; it only tidies the calling thread's heap.
    rayon::broadcast(|_| unsafe { libmimalloc_sys::mi_collect(true) });
    unsafe { libmimalloc_sys::mi_collect(true) };
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_purge_delay_is_the_option_set() {
        // mimalloc's default purge delay is 1000 ms (v3, the one built) or 10 ms (v2); `main`
        // sets it to 10.
        let delay = unsafe { libmimalloc_sys::mi_option_get(super::MI_OPTION_PURGE_DELAY) };
        let option = super::MI_OPTION_PURGE_DELAY;
        assert!([1000, 10].contains(&delay), "option {option} is not the purge delay: {delay}");
    }
}
