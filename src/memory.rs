//! Memory estimates checked before large allocations, so that an input or a request too big for
//! the machine ends in one clear error instead of the kernel's out-of-memory killer.
//!
//! The limit is process-wide, like rayon's global thread pool: `--memory-limit` sets it, and by
//! default it is the memory the system reports as available when the check runs (the smaller of
//! `MemAvailable` in `/proc/meminfo` and the cgroup's remaining allowance). Where neither can be
//! read (other systems) nothing is checked.
//!
//! Estimates are of the large arrays only (graph, per-thread scratch, registers); they are meant
//! to catch requests that are off by a large factor, not to account for every byte.

use std::fmt;
use std::sync::atomic::{AtomicU64, Ordering};

use crate::error::{Error, Result};

/// 0 means "whatever the system reports as available".
static LIMIT: AtomicU64 = AtomicU64::new(0);

/// Sets the process-wide limit in bytes (`None`: what the system reports as available).
pub fn set_limit(bytes: Option<u64>) {
    LIMIT.store(bytes.unwrap_or(0), Ordering::Relaxed);
}

/// The limit in force, with where it comes from; `None` when nothing can be known.
pub fn limit() -> Option<(u64, &'static str)> {
    match LIMIT.load(Ordering::Relaxed) {
        0 => available().map(|b| (b, "available memory")),
        set => Some((set, "--memory-limit")),
    }
}

/// Fails when `bytes` will not fit: `what` says what needs them, in a phrase such as "reading
/// this edge list".
pub fn ensure(bytes: u64, what: impl fmt::Display) -> Result<()> {
    check(bytes, what, limit())
}

/// Like [`ensure`] for a computation that already holds `held` of its `total` bytes: those are
/// already missing from what the system reports as available, so they are added back.
pub fn ensure_growth(total: u64, held: u64, what: impl fmt::Display) -> Result<()> {
    let limit = match LIMIT.load(Ordering::Relaxed) {
        0 => available().map(|b| (b.saturating_add(held), "available memory")),
        set => Some((set, "--memory-limit")),
    };
    check(total, what, limit)
}

fn check(bytes: u64, what: impl fmt::Display, limit: Option<(u64, &str)>) -> Result<()> {
    match limit {
        Some((limit, source)) if bytes > limit => Err(Error::Memory(format!(
            "{what} needs about {} of memory, more than the {} of {source}{}",
            Bytes(bytes),
            Bytes(limit),
            if source == "--memory-limit" {
                ""
            } else {
                " (raise it with --memory-limit if you are sure)"
            }
        ))),
        _ => Ok(()),
    }
}

/// Memory the system reports as available now, in bytes.
pub fn available() -> Option<u64> {
    let meminfo = std::fs::read_to_string("/proc/meminfo")
        .ok()
        .and_then(|text| meminfo_available(&text));
    let cgroup = cgroup_remaining();
    match (meminfo, cgroup) {
        (Some(a), Some(b)) => Some(a.min(b)),
        (a, b) => a.or(b),
    }
}

/// `MemAvailable` from the text of `/proc/meminfo`, in bytes.
fn meminfo_available(text: &str) -> Option<u64> {
    let line = text.lines().find(|l| l.starts_with("MemAvailable:"))?;
    let kib: u64 = line.split_whitespace().nth(1)?.parse().ok()?;
    kib.checked_mul(1024)
}

/// What the process's cgroup still allows, `limit − usage`, taking the tightest limit on the
/// way from the process's own cgroup up to the root (a nested cgroup inherits its parents'
/// limits): cgroup v2 (`memory.max`, `memory.current`) or v1 (`memory.limit_in_bytes`,
/// `memory.usage_in_bytes` under `memory/`); `None` without any limit.
fn cgroup_remaining() -> Option<u64> {
    let own = std::fs::read_to_string("/proc/self/cgroup").unwrap_or_default();
    let mut places = Vec::new();
    if let Some(path) = cgroup_v2_path(&own) {
        for dir in cgroup_dirs(path) {
            places.push((
                format!("/sys/fs/cgroup{dir}"),
                "memory.max",
                "memory.current",
            ));
        }
    }
    if let Some(path) = cgroup_v1_memory_path(&own) {
        for dir in cgroup_dirs(path) {
            let root = format!("/sys/fs/cgroup/memory{dir}");
            places.push((root, "memory.limit_in_bytes", "memory.usage_in_bytes"));
        }
    }
    places
        .into_iter()
        .filter_map(|(dir, max, current)| {
            let read = |name: &str| std::fs::read_to_string(format!("{dir}/{name}")).ok();
            let max: u64 = read(max)?.trim().parse().ok()?;
            let current: u64 = read(current)?.trim().parse().ok()?;
            Some(max.saturating_sub(current))
        })
        .min()
}

/// The cgroup v1 memory controller's path (the `N:memory:/path` line).
fn cgroup_v1_memory_path(text: &str) -> Option<&str> {
    text.lines().find_map(|l| {
        let (_, rest) = l.split_once(':')?;
        let (controllers, path) = rest.split_once(':')?;
        controllers
            .split(',')
            .any(|c| c == "memory")
            .then_some(path.trim())
    })
}

/// The process's cgroup v2 path from the text of `/proc/self/cgroup` (the `0::/path` line).
fn cgroup_v2_path(text: &str) -> Option<&str> {
    text.lines()
        .find_map(|l| l.strip_prefix("0::"))
        .map(str::trim)
}

/// `/a/b/c` → `["/a/b/c", "/a/b", "/a", ""]` (the empty string is the root).
fn cgroup_dirs(path: &str) -> Vec<String> {
    let mut dirs = Vec::new();
    let mut p = path.trim_end_matches('/');
    loop {
        dirs.push(p.to_string());
        match p.rfind('/') {
            Some(i) => p = &p[..i],
            None => break,
        }
        if p.is_empty() {
            dirs.push(String::new());
            break;
        }
    }
    dirs.dedup();
    dirs
}

/// Parses a size such as `512M`, `1.5GiB`, `2g` or `1000000` (bytes); units are powers of 1024.
pub fn parse_size(text: &str) -> std::result::Result<u64, String> {
    let text = text.trim();
    let split = text
        .find(|c: char| !(c.is_ascii_digit() || c == '.'))
        .unwrap_or(text.len());
    let (number, unit) = text.split_at(split);
    let number: f64 = number
        .parse()
        .map_err(|_| format!("'{text}' is not a size (examples: 512M, 2GiB)"))?;
    let shift = match unit.trim().to_ascii_lowercase().as_str() {
        "" | "b" => 0,
        "k" | "kb" | "kib" => 10,
        "m" | "mb" | "mib" => 20,
        "g" | "gb" | "gib" => 30,
        "t" | "tb" | "tib" => 40,
        other => return Err(format!("unknown size unit '{other}' (use K, M, G or T)")),
    };
    let bytes = number * (1u64 << shift) as f64;
    if !(1.0..1.8e19).contains(&bytes) {
        return Err(format!("'{text}' is not a usable memory size"));
    }
    Ok(bytes as u64)
}

/// A byte count printed with a binary unit ("1.5 GiB").
#[derive(Clone, Copy, Debug)]
pub struct Bytes(pub u64);

impl fmt::Display for Bytes {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        const UNITS: [&str; 5] = ["bytes", "KiB", "MiB", "GiB", "TiB"];
        let mut value = self.0 as f64;
        let mut unit = 0;
        while value >= 1024.0 && unit + 1 < UNITS.len() {
            value /= 1024.0;
            unit += 1;
        }
        if unit == 0 {
            write!(f, "{} bytes", self.0)
        } else {
            write!(f, "{value:.1} {}", UNITS[unit])
        }
    }
}

/// Peak resident memory of this process in bytes (Linux `VmHWM`), if known.
pub fn peak_rss() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kb: u64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kb * 1024)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_parse_in_binary_units() {
        assert_eq!(parse_size("512M"), Ok(512 << 20));
        assert_eq!(parse_size("1.5GiB"), Ok(3 << 29));
        assert_eq!(parse_size("2g"), Ok(2 << 30));
        assert_eq!(parse_size("1000"), Ok(1000));
        assert!(parse_size("lots").is_err());
        assert!(parse_size("5 parsecs").is_err());
        assert!(parse_size("0").is_err());
    }

    #[test]
    fn the_process_cgroup_and_its_parents_are_read() {
        assert_eq!(
            cgroup_v2_path("12:cpu:/x\n0::/user.slice/app.scope\n"),
            Some("/user.slice/app.scope")
        );
        assert_eq!(cgroup_v2_path("12:memory:/x\n"), None);
        assert_eq!(
            cgroup_v1_memory_path("4:memory:/process_api/f6\n0::/\n"),
            Some("/process_api/f6")
        );
        assert_eq!(
            cgroup_dirs("/user.slice/app.scope"),
            ["/user.slice/app.scope", "/user.slice", ""]
        );
        assert_eq!(cgroup_dirs("/"), [""]);
    }

    #[test]
    fn meminfo_is_read_in_kib() {
        let text = "MemTotal: 100 kB\nMemFree: 10 kB\nMemAvailable:   2048 kB\n";
        assert_eq!(meminfo_available(text), Some(2 << 20));
        assert_eq!(meminfo_available("MemTotal: 1 kB\n"), None);
    }

    #[test]
    fn bytes_print_with_binary_units() {
        assert_eq!(Bytes(512).to_string(), "512 bytes");
        assert_eq!(Bytes(3 << 29).to_string(), "1.5 GiB");
    }

    #[test]
    fn a_limit_refuses_larger_requests() {
        // The process-wide limit is left alone: other tests run in parallel with this one.
        let limit = Some((1 << 20, "--memory-limit"));
        assert!(check(1 << 20, "this test", limit).is_ok());
        let err = check(2 << 20, "this test", limit).unwrap_err().to_string();
        assert!(err.contains("this test needs about 2.0 MiB"), "{err}");
        assert!(err.contains("1.0 MiB of --memory-limit"), "{err}");
    }
}
