//! The `netreach` binary: parse arguments, build the thread pool, run, choose the exit code.

mod cli;

/// mimalloc: loading a folder of large exports makes millions of small strings, and glibc's
/// allocator spent a third of the load consolidating and unlinking them (perf, 30 exports of
/// 30,000 contacts; `reports/bench/`).
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

use std::process::ExitCode;

fn main() -> ExitCode {
    let args = match cli::parse() {
        Ok(args) => args,
        Err(e) => {
            // --help and --version are "errors" to clap with exit code 0; usage errors exit 2.
            let _ = e.print();
            return ExitCode::from(if e.use_stderr() { 2 } else { 0 });
        }
    };
    match cli::run(args) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) if is_broken_pipe(&e) => ExitCode::SUCCESS,
        Err(e) if e.downcast_ref::<clap::Error>().is_some() => {
            // A command-line error found after parsing: printed and exited like clap's own.
            if let Some(clap) = e.downcast_ref::<clap::Error>() {
                let _ = clap.print();
            }
            ExitCode::from(2)
        }
        Err(e) => {
            eprintln!(
                "netreach: {}",
                cli::render::terminal_safe(&format!("{e:#}"))
            );
            ExitCode::from(1)
        }
    }
}

/// Writing into a closed pipe (`netreach … | head`) is not an error worth reporting.
fn is_broken_pipe(e: &anyhow::Error) -> bool {
    e.chain().any(|cause| {
        cause
            .downcast_ref::<netreach::Error>()
            .is_some_and(netreach::Error::is_broken_pipe)
            || cause
                .downcast_ref::<std::io::Error>()
                .is_some_and(netreach::error::is_broken_pipe)
            || cause
                .downcast_ref::<csv::Error>()
                .is_some_and(|c| matches!(c.kind(), csv::ErrorKind::Io(io) if netreach::error::is_broken_pipe(io)))
    })
}
