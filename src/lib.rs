//! netreach: a graph analysis engine for professional-network reach.
//!
//! Data flows one way: files → [`io`] loaders → [`graph::Network`] (a frozen [`graph::Csr`]
//! plus labels and person attributes) → analyses ([`stats`], [`reach`], [`connectors`],
//! [`whatif`]) that are
//! pure functions returning serde result types → renderers in the binary's `cli` module.
//!
//! ```
//! use netreach::graph::Csr;
//! use netreach::reach::rings;
//! // a path 0-1-2-3
//! let (g, _) = Csr::from_pairs(4, &[0, 1, 1, 2, 2, 3]);
//! assert_eq!(rings(&g, 0, 3), vec![1, 1, 1]);
//! ```

pub mod audit;
pub mod bench;
pub mod bfs;
#[cfg(feature = "cluster")]
pub mod cluster;
pub mod community;
pub mod connectors;
pub mod error;
pub mod generate;
pub mod graph;
pub mod hyperball;
pub mod intro;
pub mod io;
pub mod memory;
pub mod plot;
pub mod progress;
pub mod pseudonym;
#[cfg(feature = "python")]
pub mod python;
pub mod reach;
pub mod render;
pub mod report;
pub mod stats;
pub mod tally;
pub mod tasks;
pub mod whatif;

pub use error::{Error, Result};
