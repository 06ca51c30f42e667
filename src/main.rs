//! The `netreach` binary: parse arguments, build the thread pool, run, choose the exit code.

mod cli;

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
        let io = cause.downcast_ref::<std::io::Error>().or_else(|| {
            match cause.downcast_ref::<netreach::Error>() {
                Some(netreach::Error::Io { source, .. }) => Some(source),
                _ => None,
            }
        });
        io.is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
    })
}
