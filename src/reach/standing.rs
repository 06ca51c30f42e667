//! Where one person's reach stands among others: the one percentile definition.
//!
//! **Definition.** Among the people compared (the ego included), the percentile of a reach
//! value v is the mid-rank percentile `100 · (below + tied / 2) / compared`, where `below`
//! counts people whose reach is smaller than v and `tied` those (the ego included) whose reach
//! equals it. Ties count half, so people with equal reach get equal percentiles and a network
//! where everyone reaches everyone puts everyone at 50, not 0 (the old "strictly below" rule)
//! nor 100. Readers are told the rank and the ties in words ("the widest reach in the
//! network, shared with 25 others").
//!
//! **With whom.** On a merged folder of exports only the exporters' own networks are loaded;
//! everyone else appears with only their tie to an exporter, so ranking an exporter among them
//! says nothing. There the ego (when an exporter) is compared with the exporters. Otherwise
//! with everyone.
//!
//! **Estimates.** Above [`super::EVERYONE_EXACT_LIMIT`] people the others' reach is a
//! HyperBall estimate with relative standard error 1.04/√m. The percentile is then stated with
//! a range: the percentile the ego would have if every other estimate were off by two standard
//! errors either way (`range`), which holds the exact percentile whenever the estimates are
//! within that error (a test checks this across the exact/estimated boundary).

use serde::Serialize;

use crate::render::thousands;

/// With whom a reach is compared.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Compared {
    /// Everyone in the network.
    Everyone,
    /// The people whose exports are loaded (merged exports).
    Exporters,
}

/// One reach value's place among the people compared.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Standing {
    /// The mid-rank percentile (0–100): people below count whole, people tied half.
    pub percentile: f64,
    /// 1 for the widest reach (people tied share the best rank among them).
    pub rank: usize,
    /// People compared (the ego included).
    pub compared: usize,
    /// People with a smaller reach.
    pub below: usize,
    /// Other people with the same reach.
    pub tied: usize,
    /// With estimated reach: the lowest and highest percentile consistent with every estimate
    /// being within two standard errors.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub range: Option<(f64, f64)>,
}

/// The ego's standing for reach_2 and reach_3.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Percentiles {
    /// Mid-rank percentile of reach_2.
    pub reach_2: f64,
    /// Mid-rank percentile of reach_3.
    pub reach_3: Option<f64>,
    /// reach_2's rank, ties and range.
    pub standing_2: Standing,
    /// reach_3's rank, ties and range.
    pub standing_3: Option<Standing>,
    /// People compared (the ego included).
    pub compared: usize,
    /// With whom.
    pub compared_with: Compared,
    /// Whether the others' reach is a HyperBall estimate (large graphs) rather than exact.
    pub sampled: bool,
}

/// Two standard errors of a HyperBall ball size with 2^`bits` registers.
pub fn two_standard_errors(bits: u32) -> f64 {
    2.0 * 1.04 / f64::from(1u32 << bits).sqrt()
}

/// The standing of the value `mine` among `values` (the ego's own value among them). With
/// `error` (a relative error of the others' values), the range of percentiles it allows.
pub fn standing(values: &[u64], mine: u64, error: Option<f64>) -> Standing {
    let compared = values.len().max(1);
    let below = values.iter().filter(|&&v| v < mine).count();
    let equal = values.iter().filter(|&&v| v == mine).count().max(1);
    let pct = |count: f64| 100.0 * count / compared as f64;
    let range = error.map(|e| {
        // The others' true values lie within their estimate / (1 ± e).
        let low = values
            .iter()
            .filter(|&&v| (v as f64) < mine as f64 * (1.0 - e))
            .count();
        let high = values
            .iter()
            .filter(|&&v| (v as f64) <= mine as f64 * (1.0 + e))
            .count();
        (pct(low as f64), pct(high as f64))
    });
    Standing {
        percentile: pct(below as f64 + equal as f64 / 2.0),
        rank: compared - below - equal + 1,
        compared: values.len(),
        below,
        tied: equal - 1,
        range,
    }
}

impl Percentiles {
    /// The standing of an ego with rings `mine` (n1, n2, n3) among people with `rings`.
    pub fn of(
        rings: &[[u64; 3]],
        mine: &[u64],
        compared_with: Compared,
        error: Option<f64>,
    ) -> Percentiles {
        let within = |k: usize| mine.iter().take(k).sum::<u64>();
        let values = |k: usize| -> Vec<u64> { rings.iter().map(|r| r[..k].iter().sum()).collect() };
        let standing_2 = standing(&values(2), within(2), error);
        let standing_3 = standing(&values(3), within(3), error);
        Percentiles {
            reach_2: standing_2.percentile,
            reach_3: Some(standing_3.percentile),
            standing_2,
            standing_3: Some(standing_3),
            compared: rings.len(),
            compared_with,
            sampled: error.is_some(),
        }
    }

    /// The standing in one sentence, for people: "Reach within 2 hops is …; within 3 hops …"
    /// with the comparison named.
    pub fn sentence(&self) -> String {
        let mut text = format!(
            "Reach within 2 hops {}",
            phrase(&self.standing_2, self.compared_with)
        );
        if let Some(s3) = &self.standing_3 {
            text.push_str(&format!(
                "; within 3 hops {}",
                phrase(s3, self.compared_with)
            ));
        }
        text.push_str(&format!(" ({}).", self.basis()));
        text
    }

    /// What the comparison was made with, in words.
    fn basis(&self) -> String {
        let n = thousands(self.compared as u64);
        match (self.compared_with, self.sampled) {
            (Compared::Exporters, _) => format!(
                "compared with the {n} people whose exports are loaded: the others' own networks are not, so ranking against them would say nothing"
            ),
            (Compared::Everyone, false) => {
                format!("compared with the exact reach of all {n} people; ties count half")
            }
            (Compared::Everyone, true) => format!(
                "compared with HyperBall estimates of all {n} people's reach, ±9% each; the range allows every estimate two standard errors"
            ),
        }
    }
}

/// "is the widest …", "is the 2nd widest of …" or "is larger than that of 72.3% …".
fn phrase(s: &Standing, with: Compared) -> String {
    let shared = match s.tied {
        0 => String::new(),
        1 => ", shared with 1 other".to_string(),
        t => format!(", shared with {} others", thousands(t as u64)),
    };
    let range = s
        .range
        .map(|(lo, hi)| format!(" (between {lo:.1} and {hi:.1})"))
        .unwrap_or_default();
    match with {
        Compared::Exporters if s.rank == 1 => {
            format!("is the widest of {}{shared}", thousands(s.compared as u64))
        }
        Compared::Exporters => format!(
            "is the {} widest of {}{shared}",
            ordinal(s.rank),
            thousands(s.compared as u64)
        ),
        Compared::Everyone if s.rank == 1 => {
            format!("is the widest in the network{shared}{range}")
        }
        Compared::Everyone => format!(
            "is at percentile {:.1}{range}: larger than that of {:.1}% of people{}",
            s.percentile,
            100.0 * s.below as f64 / s.compared.max(1) as f64,
            match s.tied {
                0 => String::new(),
                t => format!(
                    ", equal to {} other{}",
                    thousands(t as u64),
                    if t == 1 { "" } else { "s" }
                ),
            }
        ),
    }
}

/// 1st, 2nd, 3rd, 4th, 11th, 21st …
pub fn ordinal(n: usize) -> String {
    let suffix = match (n % 10, n % 100) {
        (_, 11..=13) => "th",
        (1, _) => "st",
        (2, _) => "nd",
        (3, _) => "rd",
        _ => "th",
    };
    format!("{n}{suffix}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn everyone_equal_is_the_middle_and_the_widest() {
        let s = standing(&[33; 34], 33, None);
        assert_eq!(s.percentile, 50.0);
        assert_eq!((s.rank, s.tied, s.below), (1, 33, 0));
        assert_eq!(
            phrase(&s, Compared::Everyone),
            "is the widest in the network, shared with 33 others"
        );
    }

    #[test]
    fn ties_count_half_and_ranks_are_shared() {
        let values = [1, 2, 2, 2, 5];
        let s = standing(&values, 2, None);
        assert_eq!(s.percentile, 100.0 * (1.0 + 1.5) / 5.0);
        assert_eq!((s.rank, s.below, s.tied), (2, 1, 2));
        let top = standing(&values, 5, None);
        assert_eq!((top.rank, top.percentile), (1, 90.0));
    }

    #[test]
    fn the_range_widens_with_the_error() {
        let values: Vec<u64> = (1..=100).collect();
        let s = standing(&values, 50, Some(0.2));
        let (lo, hi) = s.range.unwrap();
        assert!(
            lo < s.percentile && s.percentile < hi,
            "{lo} {} {hi}",
            s.percentile
        );
        assert_eq!((lo, hi), (39.0, 60.0));
    }

    #[test]
    fn ordinals() {
        let got: Vec<String> = [1, 2, 3, 4, 11, 12, 13, 21, 22, 101, 111]
            .map(ordinal)
            .to_vec();
        assert_eq!(
            got,
            [
                "1st", "2nd", "3rd", "4th", "11th", "12th", "13th", "21st", "22nd", "101st",
                "111th"
            ]
        );
    }
}
