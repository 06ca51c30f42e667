//! Progress bars on stderr, only when stderr is a terminal (indicatif).

use std::io::IsTerminal;

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use netreach::progress::Progress;

/// A progress bar that draws on a terminal and stays silent otherwise.
pub struct Bar {
    bar: ProgressBar,
}

impl Bar {
    /// A bar on stderr, hidden unless stderr is a terminal.
    pub fn new() -> Bar {
        let target = if std::io::stderr().is_terminal() {
            ProgressDrawTarget::stderr()
        } else {
            ProgressDrawTarget::hidden()
        };
        Bar {
            bar: ProgressBar::with_draw_target(None, target),
        }
    }
}

impl Progress for Bar {
    fn begin(&self, what: &str, total: u64) {
        self.bar.reset();
        if total > 0 {
            self.bar.set_length(total);
            self.bar.set_style(
                ProgressStyle::with_template(
                    "{msg:>14} [{bar:40}] {percent:>3}% {elapsed_precise} eta {eta}",
                )
                .unwrap_or_else(|_| ProgressStyle::default_bar())
                .progress_chars("=> "),
            );
        } else {
            self.bar.unset_length();
            self.bar.set_style(ProgressStyle::default_spinner());
        }
        self.bar.set_message(what.to_string());
    }

    fn advance(&self, done: u64) {
        self.bar.inc(done);
    }

    fn end(&self) {
        self.bar.finish_and_clear();
    }
}
