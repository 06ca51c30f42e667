//! `Connected On` in every shape seen in real files: LinkedIn's own `25 Nov 2024`, spreadsheet
//! re-saves (`25-Nov-24`, `9-Sep-22`, `1/27/2024`, `16.09.2021`, `Nov 25, 2024`), the 2018
//! archive's `"11/4/18, 9:52 AM"`, ISO `2024-11-25` and `2024/11/25`, and month abbreviations
//! of the European locales (`30-oct-09`, `mai`, `okt`, `dic`, `déc.`…).
//!
//! Numeric dates are ambiguous (`8/3/13`), so the day/month order is decided once per file from
//! its values ([`decide_order`]): a first number above 12 means day first, a second above 12
//! month first, and without evidence slashes are read as LinkedIn writes them (month first)
//! and dots or dashes as Europe does (day first).

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// The order of day and month in a file's numeric dates.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DayMonth {
    /// `11/4/18` is 4 November (LinkedIn's own US order).
    #[default]
    MonthFirst,
    /// `16.09.2021` is 16 September.
    DayFirst,
}

/// How the order was chosen, for the load report.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct OrderChoice {
    /// The numeric order used for the file, if it has numeric dates at all.
    pub order: Option<DayMonth>,
    /// How it was decided: `values` (a number above 12 settled it), `separator` (no value
    /// settled it: slashes month first, dots and dashes day first) or `not needed`.
    pub decided_by: String,
    /// Numeric dates that contradict the chosen order (read as bad dates).
    pub contradicting: u64,
}

impl OrderChoice {
    /// The choice in words.
    pub fn describe(&self) -> String {
        match self.order {
            None => "no numeric dates".into(),
            Some(order) => {
                let which = match order {
                    DayMonth::MonthFirst => "month first (11/4/18 = 4 Nov)",
                    DayMonth::DayFirst => "day first (11/4/18 = 11 Apr)",
                };
                format!("{which}, decided by {}", self.decided_by)
            }
        }
    }
}

/// A date's text split into at most four tokens, numbers and words, time of day removed
/// (a fixed array: this runs twice per row, and rows come by the tens of thousands).
struct Tokens<'a> {
    parts: [&'a str; 4],
    len: usize,
    separator: Option<char>,
}

impl<'a> Tokens<'a> {
    fn as_slice(&self) -> &[&'a str] {
        &self.parts[..self.len.min(4)]
    }
}

fn tokens(text: &str) -> Tokens<'_> {
    let mut t = Tokens {
        parts: [""; 4],
        len: 0,
        separator: None,
    };
    // The time of day ("9:52 AM", "12:34:56 UTC") carries no date.
    for (i, word) in text
        .split_whitespace()
        .take_while(|w| !w.contains(':'))
        .enumerate()
    {
        if i == 0 {
            t.separator = word.chars().find(|c| matches!(c, '/' | '.' | '-'));
        }
        for part in word.split(['/', '.', '-', ',']).filter(|p| !p.is_empty()) {
            if t.len < 4 {
                t.parts[t.len] = part;
            }
            t.len += 1; // more than four tokens: no date shape matches
        }
    }
    t
}

/// `(first, second, year)` of an all-numeric date whose year comes last, with its separator.
fn numeric(text: &str) -> Option<(u32, u32, i32, char)> {
    numeric_tokens(&tokens(text))
}

fn numeric_tokens(t: &Tokens<'_>) -> Option<(u32, u32, i32, char)> {
    let [a, b, y] = t.as_slice() else {
        return None;
    };
    let all_digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    if !(all_digits(a) && all_digits(b) && all_digits(y)) || a.len() > 2 || b.len() > 2 {
        return None;
    }
    Some((a.parse().ok()?, b.parse().ok()?, year(y)?, t.separator?))
}

fn year(text: &str) -> Option<i32> {
    let y: i32 = text.parse().ok()?;
    match text.len() {
        2 => Some(2000 + y),
        4 => Some(y),
        _ => None,
    }
}

/// Decides the day/month order of a file from all its date values.
pub fn decide_order<'a>(values: impl IntoIterator<Item = &'a str>) -> OrderChoice {
    let (mut day_first, mut month_first, mut seen) = (0u64, 0u64, 0u64);
    let mut slashes = 0u64;
    for (a, b, _, sep) in values.into_iter().filter_map(numeric) {
        seen += 1;
        slashes += u64::from(sep == '/');
        day_first += u64::from(a > 12 && b <= 12);
        month_first += u64::from(b > 12 && a <= 12);
    }
    if seen == 0 {
        return OrderChoice {
            order: None,
            decided_by: "not needed".into(),
            contradicting: 0,
        };
    }
    let (order, decided_by) = if day_first == 0 && month_first == 0 {
        let order = if slashes * 2 >= seen {
            DayMonth::MonthFirst
        } else {
            DayMonth::DayFirst
        };
        (order, "separator (no day above 12)")
    } else if day_first > month_first {
        (DayMonth::DayFirst, "values (a day above 12 comes first)")
    } else {
        (DayMonth::MonthFirst, "values (a day above 12 comes second)")
    };
    OrderChoice {
        order: Some(order),
        decided_by: decided_by.into(),
        contradicting: day_first.min(month_first),
    }
}

/// Why a date could not be read.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DateProblem {
    /// The field is empty.
    Empty,
    /// Not a date in any known shape.
    Unknown,
    /// A real date before LinkedIn (2003) or after 2100.
    OutOfRange,
}

impl DateProblem {
    /// The problem in words, as the load report lists it.
    pub fn reason(self) -> &'static str {
        match self {
            DateProblem::Empty => "no 'Connected On' date (row kept without a date)",
            DateProblem::Unknown => "'Connected On' is not a date (row kept without a date)",
            DateProblem::OutOfRange => {
                "'Connected On' before 2003 or after 2100 (row kept without a date)"
            }
        }
    }
}

/// Parses one `Connected On` value with the file's numeric order.
pub fn parse(text: &str, order: DayMonth) -> Result<NaiveDate, DateProblem> {
    let text = text.trim().trim_matches('"').trim();
    if text.is_empty() {
        return Err(DateProblem::Empty);
    }
    let (y, m, d) = ymd(text, order).ok_or(DateProblem::Unknown)?;
    let date = NaiveDate::from_ymd_opt(y, m, d).ok_or(DateProblem::Unknown)?;
    if !(2003..=2100).contains(&y) {
        return Err(DateProblem::OutOfRange);
    }
    Ok(date)
}

/// Year, month and day from any known shape.
fn ymd(text: &str, order: DayMonth) -> Option<(i32, u32, u32)> {
    let t = tokens(text);
    if let Some((a, b, y, _)) = numeric_tokens(&t) {
        return Some(match order {
            DayMonth::MonthFirst => (y, a, b),
            DayMonth::DayFirst => (y, b, a),
        });
    }
    let parts = t.as_slice();
    if let [y, m, d] = parts
        && y.len() == 4
    {
        // ISO order, numeric or with a month name: 2024-11-25, 2024/11/25, 2024-Nov-25.
        let month = m.parse().ok().or_else(|| month(m))?;
        return Some((year(y)?, month, d.parse().ok()?));
    }
    match parts {
        [m, d, y] if month(m).is_some() => Some((year(y)?, month(m)?, day(d)?)),
        [d, m, y] => Some((year(y)?, month(m)?, day(d)?)),
        _ => None,
    }
}

fn day(text: &str) -> Option<u32> {
    let text = text.trim_end_matches(['.', 'd', 'h', 's', 't', 'n', 'r']); // 1st, 2nd, 25th
    (1..=2).contains(&text.len()).then(|| text.parse().ok())?
}

/// Full month names in the languages whose spreadsheets re-save LinkedIn exports (English,
/// Swedish, Norwegian, Danish, German, Dutch, French, Spanish, Italian, Portuguese), accents
/// removed. A word names a month when it is at least three letters long and begins exactly one
/// month's names (`sept`, `okt`, `dic`, `juil`); `mrz` is German's own abbreviation.
const MONTHS: [&[&str]; 12] = [
    &[
        "january", "januari", "januar", "janvier", "enero", "gennaio", "janeiro",
    ],
    &[
        "february",
        "februari",
        "februar",
        "fevrier",
        "febrero",
        "febbraio",
        "fevereiro",
    ],
    &[
        "march", "mars", "marts", "maerz", "marz", "mrz", "maart", "marzo", "marco",
    ],
    &["april", "avril", "abril", "aprile"],
    &["may", "maj", "mai", "mei", "mayo", "maggio", "maio"],
    &["june", "juni", "juin", "junio", "giugno", "junho"],
    &["july", "juli", "juillet", "julio", "luglio", "julho"],
    &["august", "augusti", "aout", "agosto", "augustus"],
    &[
        "september",
        "septembre",
        "septiembre",
        "settembre",
        "setembro",
    ],
    &[
        "october", "oktober", "octobre", "octubre", "ottobre", "outubro",
    ],
    &["november", "novembre", "noviembre", "novembro"],
    &[
        "december",
        "desember",
        "dezember",
        "decembre",
        "diciembre",
        "dicembre",
        "dezembro",
    ],
];

/// LinkedIn's own abbreviations, checked first: nearly every row has one.
const ENGLISH: [&str; 12] = [
    "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
];

/// The month (1–12) a word names, if exactly one.
fn month(word: &str) -> Option<u32> {
    if let Some(i) = ENGLISH.iter().position(|m| m.eq_ignore_ascii_case(word)) {
        return Some(i as u32 + 1);
    }
    let word = fold_accents(&word.trim_end_matches('.').to_lowercase());
    if word.chars().count() < 3 || !word.chars().all(char::is_alphabetic) {
        return None;
    }
    let mut found = None;
    for (i, names) in MONTHS.iter().enumerate() {
        if names.iter().any(|n| n.starts_with(word.as_str())) {
            if found.is_some() {
                return None; // "jui": juin or juillet
            }
            found = Some(i as u32 + 1);
        }
    }
    found
}

fn fold_accents(word: &str) -> String {
    word.chars()
        .map(|c| match c {
            'à' | 'á' | 'â' | 'ä' | 'å' => 'a',
            'é' | 'è' | 'ê' | 'ë' => 'e',
            'í' | 'ì' | 'î' | 'ï' => 'i',
            'ó' | 'ò' | 'ô' | 'ö' | 'õ' => 'o',
            'ú' | 'ù' | 'û' | 'ü' => 'u',
            'ç' => 'c',
            other => other,
        })
        .collect()
}

/// Whether `text` reads as a date in either numeric order (used to recognise header-less files).
pub fn looks_like_date(text: &str) -> bool {
    parse(text, DayMonth::MonthFirst).is_ok() || parse(text, DayMonth::DayFirst).is_ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(text: &str, order: DayMonth) -> String {
        parse(text, order).map_or_else(|e| format!("{e:?}"), |d| d.to_string())
    }

    #[test]
    fn every_shape_seen_in_real_files() {
        let us = DayMonth::MonthFirst;
        for (text, want) in [
            ("25 Nov 2024", "2024-11-25"),
            ("5 Nov 2024", "2024-11-05"),
            ("25-Nov-24", "2024-11-25"),
            ("25-Nov-2024", "2024-11-25"),
            ("9-Sep-22", "2022-09-09"),
            ("11/4/18, 9:52 AM", "2018-11-04"),
            ("\"11/4/18, 9:52 AM\"", "2018-11-04"),
            ("8/3/13", "2013-08-03"),
            ("1/27/2024", "2024-01-27"),
            ("2024-11-25", "2024-11-25"),
            ("2024/11/25", "2024-11-25"),
            ("Nov 25, 2024", "2024-11-25"),
            ("30-oct-09", "2009-10-30"),
            ("3 mai 2021", "2021-05-03"),
            ("12-okt-19", "2019-10-12"),
            ("1 dic 2020", "2020-12-01"),
            ("4 déc. 2020", "2020-12-04"),
            ("7 sept. 2015", "2015-09-07"),
            ("2 mrz 2016", "2016-03-02"),
        ] {
            assert_eq!(read(text, us), want, "{text}");
        }
        assert_eq!(read("16.09.2021", DayMonth::DayFirst), "2021-09-16");
        assert_eq!(read("8/3/13", DayMonth::DayFirst), "2013-03-08");
    }

    #[test]
    fn problems_are_named() {
        let us = DayMonth::MonthFirst;
        assert_eq!(parse("", us), Err(DateProblem::Empty));
        assert_eq!(parse("someday", us), Err(DateProblem::Unknown));
        assert_eq!(parse("31 Feb 2022", us), Err(DateProblem::Unknown));
        assert_eq!(parse("01 Jan 1990", us), Err(DateProblem::OutOfRange));
        assert_eq!(parse("jui 2020 3", us), Err(DateProblem::Unknown));
    }

    #[test]
    fn order_comes_from_the_values() {
        let choice = decide_order(["8/3/13", "27/3/13"]);
        assert_eq!(choice.order, Some(DayMonth::DayFirst));
        let choice = decide_order(["8/3/13", "3/27/13", "25 Nov 2024"]);
        assert_eq!(choice.order, Some(DayMonth::MonthFirst));
        assert_eq!(decide_order(["8/3/13"]).order, Some(DayMonth::MonthFirst));
        assert_eq!(decide_order(["08.03.2013"]).order, Some(DayMonth::DayFirst));
        assert_eq!(decide_order(["25 Nov 2024"]).order, None);
        let mixed = decide_order(["27/3/13", "28/3/13", "3/29/13"]);
        assert_eq!(
            (mixed.order, mixed.contradicting),
            (Some(DayMonth::DayFirst), 1)
        );
    }
}
