//! The last check before free text leaves the laptop: a policy signal may not contain any
//! client's name, address, phone, e-mail or date of birth, nor a number that passes the
//! BSN eleven-test. What is found is named by kind, never by value.

use crate::model::Client;

/// What kind of personal data was found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Found {
    Name,
    Address,
    Phone,
    Email,
    BirthDate,
    Bsn,
}

impl Found {
    /// In Dutch, for the refusal.
    pub fn label(self) -> &'static str {
        match self {
            Found::Name => "de naam van een cliënt",
            Found::Address => "het adres van een cliënt",
            Found::Phone => "het telefoonnummer van een cliënt",
            Found::Email => "het e-mailadres van een cliënt",
            Found::BirthDate => "de geboortedatum van een cliënt",
            Found::Bsn => "een nummer dat op een BSN lijkt",
        }
    }
}

fn fold(text: &str) -> String {
    text.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

fn digits(text: &str) -> String {
    text.chars().filter(char::is_ascii_digit).collect()
}

/// Whether nine digits pass the BSN eleven-test.
pub fn is_bsn(nine: &[u8]) -> bool {
    if nine.len() != 9 || nine.iter().all(|d| *d == 0) {
        return false;
    }
    let sum: i64 = nine
        .iter()
        .take(8)
        .enumerate()
        .map(|(i, d)| (9 - i as i64) * i64::from(*d))
        .sum::<i64>()
        - i64::from(nine[8]);
    sum % 11 == 0
}

/// Runs of digits, allowing single dots, spaces or dashes between them ("123.456.782").
pub(crate) fn numbers(text: &str) -> Vec<Vec<u8>> {
    let mut out = Vec::new();
    let mut current: Vec<u8> = Vec::new();
    let chars: Vec<char> = text.chars().collect();
    for (i, c) in chars.iter().enumerate() {
        if let Some(d) = c.to_digit(10) {
            current.push(d as u8);
        } else {
            let joins = matches!(c, '.' | ' ' | '-')
                && !current.is_empty()
                && chars.get(i + 1).is_some_and(char::is_ascii_digit);
            if !joins && !current.is_empty() {
                out.push(std::mem::take(&mut current));
            }
        }
    }
    if !current.is_empty() {
        out.push(current);
    }
    out
}

const MONTHS: [&str; 12] = [
    "januari",
    "februari",
    "maart",
    "april",
    "mei",
    "juni",
    "juli",
    "augustus",
    "september",
    "oktober",
    "november",
    "december",
];

/// The first kind of personal data found in `text`, if any.
pub fn scan(text: &str, clients: &[Client]) -> Option<Found> {
    let folded = fold(text);
    let text_digits = digits(text);
    if numbers(text).iter().any(|n| is_bsn(n)) {
        return Some(Found::Bsn);
    }
    for client in clients {
        let name = fold(&client.name);
        let family = name.split_once(' ').map(|(_, rest)| rest.to_string());
        if folded.contains(&name)
            || family.is_some_and(|f| {
                f.chars().filter(|c| c.is_alphabetic()).count() >= 5 && folded.contains(&f)
            })
        {
            return Some(Found::Name);
        }
        if let Some(address) = &client.address {
            let street = fold(address.split(',').next().unwrap_or_default());
            if !street.is_empty() && folded.contains(&street) {
                return Some(Found::Address);
            }
        }
        if let Some(phone) = &client.phone {
            let d = digits(phone);
            if d.len() >= 6 && text_digits.contains(&d) {
                return Some(Found::Phone);
            }
        }
        if let Some(email) = &client.email {
            if folded.contains(&fold(email)) {
                return Some(Found::Email);
            }
        }
        if let Some(born) = client.born {
            let d = born.0;
            use chrono::Datelike;
            let forms = [
                d.format("%Y-%m-%d").to_string(),
                d.format("%d-%m-%Y").to_string(),
                d.format("%d/%m/%Y").to_string(),
                d.format("%d.%m.%Y").to_string(),
                format!("{}-{}-{}", d.day(), d.month(), d.year()),
                format!("{} {} {}", d.day(), MONTHS[d.month0() as usize], d.year()),
            ];
            if forms.iter().any(|f| folded.contains(f.as_str())) {
                return Some(Found::BirthDate);
            }
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Date;

    fn client() -> Client {
        Client {
            id: "cl1".into(),
            name: "Anna de Vries".into(),
            born: Date::parse("1948-05-12"),
            municipality: "Enkhuizen".into(),
            address: Some("Westerstraat 12, 1601 AB Enkhuizen".into()),
            phone: Some("06-12345678".into()),
            email: Some("anna.devries@example.nl".into()),
            consents: vec![],
        }
    }

    #[test]
    fn finds_each_kind_and_lets_general_text_pass() {
        let c = [client()];
        let cases = [
            ("Mevrouw Anna  de Vries wacht al lang.", Some(Found::Name)),
            ("Familie De Vries wacht al lang.", Some(Found::Name)),
            (
                "Aan de westerstraat 12 is geen bushalte.",
                Some(Found::Address),
            ),
            ("Bel 0612345678 voor meer.", Some(Found::Phone)),
            ("Mail ANNA.DEVRIES@example.nl.", Some(Found::Email)),
            ("Geboren 12-05-1948, dus 78 jaar.", Some(Found::BirthDate)),
            ("Geboren 12 mei 1948.", Some(Found::BirthDate)),
            ("Nummer 111.222.333 stond op de brief.", Some(Found::Bsn)),
            ("Inwoners wachten zes weken op een eerste gesprek.", None),
            (
                "Het loket is op 12-05 gesloten; 75 kwesties per jaar.",
                None,
            ),
        ];
        for (text, expected) in cases {
            assert_eq!(scan(text, &c), expected, "{text}");
        }
    }

    #[test]
    fn the_eleven_test() {
        assert!(is_bsn(&[1, 1, 1, 2, 2, 2, 3, 3, 3]));
        assert!(is_bsn(&[1, 2, 3, 4, 5, 6, 7, 8, 2]));
        assert!(!is_bsn(&[1, 2, 3, 4, 5, 6, 7, 8, 9]));
        assert!(!is_bsn(&[0; 9]));
    }
}
