//! Connecting the processes and starting timely's workers on the connections.
//!
//! timely's own `Config::Cluster` retries a missing peer forever and prints to stdout, where
//! process 0 may be writing its output. So the sockets are made here, with a deadline and
//! messages on stderr, in timely's handshake (process i connects to every process below it and
//! sends its index; it accepts the processes above it), and handed to timely's
//! `initialize_networking_from_sockets`, which runs everything from there.
//!
//! A peer that dies makes timely's network threads panic ("timely communication error"); the
//! panic hook here keeps those traces quiet and records which peer it was, so that the run ends
//! with one error naming the lost process.

use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use timely::communication::allocator::zero_copy::initialize::initialize_networking_from_sockets;
use timely::communication::allocator::{AllocatorBuilder, ProcessBuilder};
use timely::communication::{Hooks, initialize_from};
use timely::worker::Worker;

use super::Launch;
use crate::error::{Error, Result};

/// Runs `work` on every worker of this process, connected to the other processes; returns
/// worker 0's value (process 0 only) or the first error.
pub fn execute<T, F>(launch: &Launch, work: F) -> Result<Option<T>>
where
    T: Send + 'static,
    F: Fn(&mut Worker) -> Result<Option<T>> + Send + Sync + 'static,
{
    let sockets = connect(launch)?;
    let hooks = Hooks::default();
    let local =
        ProcessBuilder::new_typed_vector(launch.threads, hooks.refill.clone(), hooks.spill.clone());
    let (builders, guard) =
        initialize_networking_from_sockets(local, sockets, launch.process, launch.threads, hooks)
            .map_err(|e| Error::Cluster(format!("could not start the network threads: {e}")))?;
    let builders = builders.into_iter().map(AllocatorBuilder::Tcp).collect();
    let failures = Failures::install();
    let guards = initialize_from(builders, Box::new(guard), move |allocator| {
        let mut worker = Worker::new(
            timely::WorkerConfig::default(),
            allocator,
            Some(Instant::now()),
        );
        let result = work(&mut worker);
        while worker.has_dataflows() {
            worker.step_or_park(Some(Duration::from_millis(5)));
        }
        result
    })
    .map_err(Error::Cluster)?;
    // Joining also joins timely's network threads, whose guard panics if one of them did (a
    // lost peer): that panic is caught here and reported by `finish` from what it recorded.
    let results = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| guards.join()))
        .unwrap_or_default();
    failures.finish(launch, results)
}

/// Connects to every other process: up to the processes below, accepting those above.
fn connect(launch: &Launch) -> Result<Vec<Option<TcpStream>>> {
    let me = launch.process;
    let deadline = Instant::now() + launch.connect_timeout;
    let listener = TcpListener::bind(&launch.hosts[me]).map_err(|e| {
        Error::Cluster(format!(
            "process {me} cannot listen on {}: {e}",
            launch.hosts[me]
        ))
    })?;
    let mut sockets: Vec<Option<TcpStream>> = (0..launch.hosts.len()).map(|_| None).collect();
    for (peer, address) in launch.hosts.iter().enumerate().take(me) {
        sockets[peer] = Some(dial(peer, address, me, deadline)?);
    }
    listener
        .set_nonblocking(true)
        .map_err(|e| Error::Cluster(format!("listener: {e}")))?;
    while sockets
        .iter()
        .enumerate()
        .any(|(i, s)| i > me && s.is_none())
    {
        match listener.accept() {
            Ok((mut stream, _)) => {
                stream
                    .set_nonblocking(false)
                    .and_then(|_| stream.set_nodelay(true))
                    .map_err(|e| Error::Cluster(format!("accepting a peer: {e}")))?;
                let mut index = [0u8; 8];
                stream
                    .read_exact(&mut index)
                    .map_err(|e| Error::Cluster(format!("a peer's handshake failed: {e}")))?;
                let peer = u64::from_le_bytes(index) as usize;
                if peer <= me || peer >= sockets.len() {
                    return Err(Error::Cluster(format!(
                        "a peer introduced itself as process {peer}: are two runs using the same ports?"
                    )));
                }
                sockets[peer] = Some(stream);
            }
            Err(e) if e.kind() == std::io::ErrorKind::WouldBlock => {
                if Instant::now() > deadline {
                    let missing: Vec<String> = missing(launch, &sockets);
                    return Err(Error::Cluster(format!(
                        "process {me}: no connection from {} within {} s",
                        missing.join(", "),
                        launch.connect_timeout.as_secs()
                    )));
                }
                std::thread::sleep(Duration::from_millis(20));
            }
            Err(e) => return Err(Error::Cluster(format!("accepting a peer: {e}"))),
        }
    }
    Ok(sockets)
}

/// "process 2 (10.0.0.3:7000)" for every process above this one not yet connected.
fn missing(launch: &Launch, sockets: &[Option<TcpStream>]) -> Vec<String> {
    sockets
        .iter()
        .enumerate()
        .filter(|&(i, s)| i > launch.process && s.is_none())
        .map(|(i, _)| format!("process {i} ({})", launch.hosts[i]))
        .collect()
}

/// Connects to `peer` until it answers or the deadline passes; sends this process's index.
fn dial(peer: usize, address: &str, me: usize, deadline: Instant) -> Result<TcpStream> {
    let mut said = false;
    loop {
        match TcpStream::connect(address) {
            Ok(mut stream) => {
                stream
                    .set_nodelay(true)
                    .and_then(|_| stream.write_all(&(me as u64).to_le_bytes()))
                    .map_err(|e| {
                        Error::Cluster(format!("handshake with process {peer} ({address}): {e}"))
                    })?;
                return Ok(stream);
            }
            Err(e) if Instant::now() > deadline => {
                return Err(Error::Cluster(format!(
                    "process {me}: cannot reach process {peer} ({address}): {e}"
                )));
            }
            Err(e) => {
                if !said {
                    eprintln!(
                        "netreach cluster: process {me}: waiting for process {peer} ({address}): {e}"
                    );
                    said = true;
                }
                std::thread::sleep(Duration::from_millis(50));
            }
        }
    }
}

/// Panics seen while the workers ran: `(thread name, message)`.
#[derive(Clone, Default)]
struct Failures(Arc<Mutex<Vec<(String, String)>>>);

impl Failures {
    /// Installs a panic hook that records the panics of timely's threads (workers and network)
    /// (and timely's code) quietly, for [`Failures::finish`] to report as one error; other threads' panics still
    /// print as usual. It stays installed: network threads of a failed run may panic while
    /// the process exits.
    fn install() -> Failures {
        let failures = Failures::default();
        let record = failures.clone();
        let usual = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            let thread = std::thread::current().name().unwrap_or("").to_string();
            // Joining a failed network thread panics in timely's code on the main thread.
            let in_timely = info.location().is_some_and(|l| l.file().contains("timely"));
            if !thread.starts_with("timely:") && !in_timely {
                return usual(info);
            }
            let message = info
                .payload()
                .downcast_ref::<&str>()
                .map(|s| s.to_string())
                .or_else(|| info.payload().downcast_ref::<String>().cloned())
                .unwrap_or_default();
            let location = info
                .location()
                .map(|l| format!(" at {l}"))
                .unwrap_or_default();
            if let Ok(mut list) = record.0.lock() {
                list.push((thread, format!("{message}{location}")));
            }
        }));
        failures
    }

    /// Worker 0's value, or one error: a lost peer by name, else the first worker's error.
    fn finish<T>(
        self,
        launch: &Launch,
        results: Vec<std::result::Result<Result<Option<T>>, String>>,
    ) -> Result<Option<T>> {
        let panics = self.0.lock().map(|l| l.clone()).unwrap_or_default();
        if let Some(peer) = panics.iter().find_map(|(thread, _)| lost_peer(thread)) {
            let cause = panics
                .iter()
                .find(|(t, _)| lost_peer(t) == Some(peer))
                .map(|(_, m)| m.split(" at ").next().unwrap_or("").to_string())
                .unwrap_or_default();
            return Err(Error::Cluster(format!(
                "process {peer} ({}) is gone ({}); every process stops. Start them all again \
                 (with the same --checkpoint to resume)",
                launch.hosts.get(peer).map_or("?", String::as_str),
                cause.trim_start_matches("timely communication error: ")
            )));
        }
        let mut first = None;
        let mut errors = Vec::new();
        for (i, r) in results.into_iter().enumerate() {
            match r {
                Ok(Ok(value)) if i == 0 => first = value,
                Ok(Ok(_)) => {}
                Ok(Err(e)) => errors.push(e),
                Err(_) => {
                    let (_, m) = panics.first().cloned().unwrap_or_default();
                    errors.push(Error::Cluster(format!("a worker failed: {m}")));
                }
            }
        }
        // A worker's own error comes before the "n workers stopped" of the others.
        errors.sort_by_key(|e| matches!(e, Error::Cluster(m) if m.contains("workers stopped")));
        match errors.into_iter().next() {
            Some(e) => Err(e),
            None => Ok(first),
        }
    }
}

/// The process a timely network thread talks to, from its name ("timely:recv-2").
fn lost_peer(thread: &str) -> Option<usize> {
    thread
        .strip_prefix("timely:recv-")
        .or_else(|| thread.strip_prefix("timely:send-"))
        .and_then(|p| p.parse().ok())
}
