//! The documented keyword tables of the audit: seniority ("heavy" contacts), recruiters and
//! staffing companies, and company-name normalisation. Matching is on lower-case text.
//! Seniority words match whole words and phrases only (`coo` is not in `coordinator`), with
//! the phrases in [`NOT_SENIOR`] taken out first ("Product Owner" is not an owner); the
//! Swedish compounds match anywhere in a word. Recruiter words match the start of a word
//! (`recruit` matches `recruiter`, `rekryter` matches `rekryterare`).

/// Position words that mark a senior ("heavy") person, in English and Swedish (with a few
/// Norwegian, Danish and German forms Scandinavian profiles use).
pub const SENIORITY: &[&str] = &[
    // English
    "head",
    "director",
    "vp",
    "vice president",
    "chief",
    "ceo",
    "cto",
    "cfo",
    "coo",
    "cio",
    "founder",
    "co-founder",
    "cofounder",
    "partner",
    "owner",
    "lead",
    "principal",
    "senior",
    "staff",
    "president",
    "manager",
    "managing",
    // Swedish and neighbours
    "grundare",
    "delägare",
    "vd",
    "styrelse",
    "leiter",
    "geschäftsführer",
];

/// Titles that contain a seniority word without being senior: taken out of a position before
/// [`SENIORITY`] is matched.
pub const NOT_SENIOR: &[&str] = &[
    "product owner",
    "process owner",
    "business owner",
    "lead generation",
    "business partner",
    "acquisition partner",
    "talent partner",
    "partner manager",
    "staff accountant",
    "staff nurse",
];

/// The executive part of [`SENIORITY`]: the top of an organisation (whole words).
pub const EXECUTIVE: &[&str] = &[
    "chief",
    "ceo",
    "cto",
    "cfo",
    "coo",
    "cio",
    "founder",
    "co-founder",
    "cofounder",
    "vp",
    "vice president",
    "president",
    "director",
    "head",
    "partner",
    "owner",
    "vd",
    "grundare",
    "delägare",
    "geschäftsführer",
];

/// Seniority level of a position: 2 executive ([`EXECUTIVE`], or the Swedish `direktör`), 1
/// other senior ([`is_senior`]), 0 none.
pub fn seniority_level(position: &str) -> u8 {
    if !is_senior(position) {
        return 0;
    }
    let mut lower = position.to_lowercase();
    for phrase in NOT_SENIOR {
        lower = lower.replace(phrase, " ");
    }
    let executive = EXECUTIVE.iter().any(|k| has_whole_word(&lower, k))
        || lower.contains("direktör")
        || lower.contains("direktor");
    if executive { 2 } else { 1 }
}

/// Swedish seniority words that also end compounds (`försäljningschef`, `IT-direktör`,
/// `projektansvarig`, `teamledare`): these match anywhere in a word.
pub const SENIORITY_IN_COMPOUNDS: &[&str] = &["chef", "direktör", "direktor", "ansvarig", "ledare"];

/// Position words that mark a recruiter.
pub const RECRUITER_POSITIONS: &[&str] = &[
    "recruit",
    "talent acquisition",
    "talent partner",
    "talent sourc",
    "sourcer",
    "headhunt",
    "executive search",
    "rekryter",
    "rekrytering",
    "talangansk",
    "bemanning",
    "hr business partner",
];

/// Company words that mark a staffing or recruitment company.
pub const RECRUITER_COMPANIES: &[&str] = &[
    "recruit",
    "staffing",
    "bemanning",
    "rekrytering",
    "headhunt",
    "executive search",
    "talent",
    "manpower",
    "adecco",
    "randstad",
    "academic work",
    "poolia",
    "hays",
    "michael page",
    "robert half",
    "experis",
    "wise professionals",
    "dreamwork",
];

/// Legal-form suffixes dropped when comparing company names.
const COMPANY_SUFFIXES: &[&str] = &[
    "ab",
    "publ",
    "inc",
    "incorporated",
    "ltd",
    "limited",
    "llc",
    "gmbh",
    "ag",
    "oy",
    "oyj",
    "as",
    "asa",
    "aps",
    "plc",
    "sa",
    "sas",
    "bv",
    "nv",
    "corp",
    "corporation",
    "co",
    "company",
    "srl",
    "spa",
    "kg",
    "group",
    "sverige",
    "sweden",
];

/// Whether `text` contains `keyword` at the start of a word.
pub fn has_word(text: &str, keyword: &str) -> bool {
    let text = text.to_lowercase();
    text.match_indices(keyword).any(|(i, _)| {
        text[..i]
            .chars()
            .next_back()
            .is_none_or(|c| !c.is_alphanumeric())
    })
}

/// Whether `text` (lower case) contains `keyword` as a whole word or phrase.
fn has_whole_word(text: &str, keyword: &str) -> bool {
    let boundary = |c: Option<char>| c.is_none_or(|c| !c.is_alphanumeric());
    text.match_indices(keyword).any(|(i, _)| {
        boundary(text[..i].chars().next_back())
            && boundary(text[i + keyword.len()..].chars().next())
    })
}

fn any_word(text: &str, keywords: &[&str]) -> bool {
    keywords.iter().any(|k| has_word(text, k))
}

/// Whether a position reads as senior: a whole word or phrase of [`SENIORITY`] once the
/// titles of [`NOT_SENIOR`] are taken out, or a Swedish compound ending.
pub fn is_senior(position: &str) -> bool {
    let mut lower = position.to_lowercase();
    for phrase in NOT_SENIOR {
        lower = lower.replace(phrase, " ");
    }
    SENIORITY.iter().any(|k| has_whole_word(&lower, k))
        || SENIORITY_IN_COMPOUNDS.iter().any(|k| lower.contains(k))
}

/// Whether a person reads as a recruiter, from their position or their company.
pub fn is_recruiter(position: &str, company: &str) -> bool {
    any_word(position, RECRUITER_POSITIONS) || any_word(company, RECRUITER_COMPANIES)
}

/// A company name for comparison: lower case, punctuation to spaces, legal-form suffixes
/// dropped (`Acme AB` and `ACME` are the same; `Volvo Cars Sverige AB` is `volvo cars`).
pub fn normalise_company(name: &str) -> String {
    let lower = name.to_lowercase();
    let cleaned: String = lower
        .chars()
        .map(|c| if c.is_alphanumeric() { c } else { ' ' })
        .collect();
    let mut words: Vec<&str> = cleaned.split_whitespace().collect();
    while words.len() > 1 && words.last().is_some_and(|w| COMPANY_SUFFIXES.contains(w)) {
        words.pop();
    }
    words.join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keywords_match_words_not_fragments() {
        assert!(is_senior("Head of Talent"));
        assert!(is_senior("Försäljningschef"));
        assert!(is_senior("Projektansvarig"));
        assert!(is_senior("Chef för analys"));
        assert!(is_senior("Direktör, IT"));
        assert!(!is_senior("Engineer"));
        for senior in [
            "Chief Operating Officer",
            "COO",
            "Head of Sales",
            "Director of Engineering",
            "VP Engineering",
            "Senior Software Engineer",
            "Principal Consultant",
            "Partner",
            "Owner",
            "Teamledare",
            "IT-direktör",
            "Försäljningschef",
            "Grundare & VD",
            "Lead Developer",
        ] {
            assert!(is_senior(senior), "{senior}");
        }
        for not_senior in [
            "Marketing Coordinator",
            "Lead Generation Specialist",
            "Product Owner",
            "Talent Acquisition Partner",
            "HR Business Partner",
            "Staffing Consultant",
            "Headhunter",
            "Vice Chair of the Student Union",
            "Leading Edge Researcher",
        ] {
            assert!(!is_senior(not_senior), "{not_senior}");
        }
        assert!(is_recruiter("Tech Recruiter", "Acme"));
        assert!(is_recruiter("Konsult", "Academic Work Sweden AB"));
        assert!(is_recruiter("Rekryteringskonsult", "Acme"));
        assert!(!is_recruiter("Engineer", "Spotify"));
    }

    #[test]
    fn company_names_compare_without_legal_forms() {
        assert_eq!(normalise_company("Acme AB"), normalise_company("ACME"));
        assert_eq!(normalise_company("Acme, Inc."), "acme");
        assert_eq!(normalise_company("Volvo Cars Sverige AB"), "volvo cars");
        assert_eq!(normalise_company("AB"), "ab");
    }
}
