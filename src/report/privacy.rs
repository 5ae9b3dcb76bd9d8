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

/// Text as a reader's eye takes it: Unicode compatibility-decomposed, accents dropped, letters
/// without a decomposition spelled out (ı → i, ø → o, ß → ss), lower case, and every run of
/// anything but letters and digits one space, with a space at each end, so that `" word "`
/// finds a whole word.
pub fn fold(text: &str) -> String {
    use unicode_normalization::char::is_combining_mark;
    use unicode_normalization::UnicodeNormalization;
    let mut plain = String::with_capacity(text.len() + 2);
    for c in text.nfkd().filter(|c| !is_combining_mark(*c)) {
        match c {
            'ı' | 'İ' => plain.push('i'),
            'ø' | 'Ø' => plain.push('o'),
            'ł' | 'Ł' => plain.push('l'),
            'đ' | 'Đ' => plain.push('d'),
            'ß' => plain.push_str("ss"),
            'æ' | 'Æ' => plain.push_str("ae"),
            'œ' | 'Œ' => plain.push_str("oe"),
            c if c.is_alphanumeric() => plain.extend(c.to_lowercase()),
            _ => plain.push(' '),
        }
    }
    let mut out = String::from(" ");
    for word in plain.split_whitespace() {
        out.push_str(word);
        out.push(' ');
    }
    out
}

/// Whether folded `text` holds folded `phrase` as whole words.
fn has_words(text: &str, phrase: &str) -> bool {
    !phrase.trim().is_empty() && text.contains(phrase)
}

/// Name parts that are not names on their own: tussenvoegsels and the like.
const PARTICLES: &[&str] = &[
    "van", "de", "der", "den", "het", "ten", "ter", "te", "op", "in", "la", "le", "du", "da", "di",
    "del", "della", "el", "al", "bin", "ben", "von", "zu", "vd", "uit", "aan", "bij",
];

/// Every part of a name worth looking for: each word of two or more letters that is not a
/// particle. "Jan Willem Bakker" → jan, willem, bakker; "Çelik-Doğan" → celik, dogan.
fn name_parts(name: &str) -> Vec<String> {
    fold(name)
        .split_whitespace()
        .filter(|w| w.chars().count() >= 2 && !PARTICLES.contains(w))
        .map(|w| format!(" {w} "))
        .collect()
}

/// A phone number reduced to what every way of writing it shares: the digits after the
/// country code (+31, 0031) and the leading zeros. "06-12345678", "+31 6 1234 5678" and
/// "+31 (0)6 12345678" all give "612345678".
fn national(digits: &str, international: bool) -> String {
    let rest = if let Some(rest) = digits.strip_prefix("0031") {
        rest
    } else if international {
        digits.strip_prefix("31").unwrap_or(digits)
    } else {
        digits
    };
    rest.trim_start_matches('0').to_string()
}

/// Every phone-like run in a text: digits with spaces, dashes, dots, slashes or brackets
/// between them, maybe after a "+"; each as [`national`] digits.
fn phone_runs(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut digits = String::new();
    let mut international = false;
    let mut gap = 0;
    let flush = |digits: &mut String, international: &mut bool, out: &mut Vec<String>| {
        if !digits.is_empty() {
            out.push(national(digits, *international));
        }
        digits.clear();
        *international = false;
    };
    for c in text.chars() {
        if c.is_ascii_digit() {
            digits.push(c);
            gap = 0;
        } else if c == '+' && digits.is_empty() {
            international = true;
        } else if matches!(c, ' ' | '-' | '.' | '/' | '(' | ')') && gap < 3 {
            gap += 1;
        } else {
            flush(&mut digits, &mut international, &mut out);
            gap = 0;
        }
    }
    flush(&mut digits, &mut international, &mut out);
    out
}

fn digits(text: &str) -> String {
    text.chars().filter(char::is_ascii_digit).collect()
}

/// Whether nine digits pass the BSN eleven-test.
pub fn is_bsn(nine: &[u8]) -> bool {
    let [a, b, c, d, e, f, g, h, last] = nine else {
        return false;
    };
    if nine.iter().all(|d| *d == 0) {
        return false;
    }
    let sum: i64 = [a, b, c, d, e, f, g, h]
        .iter()
        .zip((2..=9).rev())
        .map(|(digit, weight)| weight * i64::from(**digit))
        .sum::<i64>()
        - i64::from(*last);
    sum % 11 == 0
}

/// Runs of digits, allowing single dots, spaces or dashes between them ("123.456.782").
pub(crate) fn numbers(text: &str) -> Vec<Vec<u8>> {
    let mut out = Vec::new();
    let mut current: Vec<u8> = Vec::new();
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if let Some(d) = c.to_digit(10) {
            current.push(d as u8);
        } else {
            let joins = matches!(c, '.' | ' ' | '-')
                && !current.is_empty()
                && chars.peek().is_some_and(char::is_ascii_digit);
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

/// A birth date as Dutch people write it, folded: 12-05-1948, 12-5-1948, 12/05/1948,
/// 1948-05-12, 12 mei 1948, 12 mei '48.
fn date_forms(day: chrono::NaiveDate) -> Vec<String> {
    use chrono::Datelike;
    let (d, m, y) = (day.day(), day.month(), day.year());
    let month = MONTHS
        .get(day.month0() as usize)
        .copied()
        .unwrap_or_default();
    [
        format!("{d:02} {m:02} {y}"),
        format!("{d} {m} {y}"),
        format!("{y} {m:02} {d:02}"),
        format!("{d} {month} {y}"),
        format!("{d:02} {month} {y}"),
        format!("{d} {month} {:02}", y.rem_euclid(100)),
    ]
    .iter()
    .map(|f| fold(f))
    .collect()
}

/// The street with its house number ("westerstraat 12a") and the postcode ("1601ab") of an
/// address written as "Straat 12A, 1601 AB Plaats", folded.
fn address_forms(address: &str) -> Vec<String> {
    let mut forms = Vec::new();
    let mut parts = address.split(',');
    // The street and number, the number's letters joined to it or not: "12a", "12 a".
    let street = parts.next().map(fold).unwrap_or_default();
    if street
        .split_whitespace()
        .any(|w| w.starts_with(|c: char| c.is_ascii_digit()))
    {
        let mut apart = String::new();
        let mut joined = String::new();
        for word in street.split_whitespace() {
            let number_end = word
                .char_indices()
                .find(|(_, c)| !c.is_ascii_digit())
                .map_or(word.len(), |(at, _)| at);
            let is_suffix = word.chars().count() <= 3 && word.chars().all(char::is_alphabetic);
            if is_suffix && joined.ends_with(|c: char| c.is_ascii_digit()) {
                joined.push_str(word);
            } else {
                joined.push(' ');
                joined.push_str(word);
            }
            match word.split_at_checked(number_end) {
                Some((number, letters)) if number_end > 0 && !letters.is_empty() => {
                    apart.push_str(&format!(" {number} {letters}"));
                }
                _ => apart.push_str(&format!(" {word}")),
            }
        }
        forms.push(format!("{apart} "));
        forms.push(format!("{joined} "));
    }
    // The postcode, written with or without its space: "1601ab" or "1601 ab".
    let folded = fold(address);
    let words: Vec<&str> = folded.split_whitespace().collect();
    let is_postcode = |digits: &str, letters: &str| {
        digits.len() == 4
            && digits.bytes().all(|b| b.is_ascii_digit())
            && letters.len() == 2
            && letters.bytes().all(|b| b.is_ascii_lowercase())
    };
    for pair in words.windows(2) {
        if let [digits, letters] = pair {
            if is_postcode(digits, letters) {
                forms.push(format!(" {digits}{letters} "));
                forms.push(format!(" {digits} {letters} "));
            }
        }
    }
    for word in &words {
        if let Some((digits, letters)) = word.split_at_checked(4) {
            if word.len() == 6 && is_postcode(digits, letters) {
                forms.push(format!(" {word} "));
                forms.push(format!(" {digits} {letters} "));
            }
        }
    }
    forms
}

/// The first kind of personal data found in `text`, if any.
pub fn scan(text: &str, clients: &[Client]) -> Option<Found> {
    let folded = fold(text);
    if numbers(text).iter().any(|n| is_bsn(n)) {
        return Some(Found::Bsn);
    }
    let phones = phone_runs(text);
    for client in clients {
        // The most specific kind first: an e-mail address often holds a name too.
        if let Some(email) = &client.email {
            if has_words(&folded, &fold(email)) {
                return Some(Found::Email);
            }
        }
        if let Some(phone) = &client.phone {
            let own = national(&digits(phone), phone.trim_start().starts_with('+'));
            if own.len() >= 6 && phones.iter().any(|run| run.contains(&own)) {
                return Some(Found::Phone);
            }
        }
        if let Some(address) = &client.address {
            if address_forms(address)
                .iter()
                .any(|form| has_words(&folded, form))
            {
                return Some(Found::Address);
            }
        }
        if let Some(born) = client.born {
            if date_forms(born.0)
                .iter()
                .any(|form| has_words(&folded, form))
            {
                return Some(Found::BirthDate);
            }
        }
        if name_parts(&client.name)
            .iter()
            .any(|part| has_words(&folded, part))
        {
            return Some(Found::Name);
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Date;
    use proptest::prelude::*;
    use unicode_normalization::UnicodeNormalization;

    fn client(name: &str, address: &str, phone: &str, email: &str, born: &str) -> Client {
        Client {
            id: "cl1".into(),
            name: name.into(),
            born: Date::parse(born),
            municipality: "Enkhuizen".into(),
            address: Some(address.into()),
            phone: Some(phone.into()),
            email: Some(email.into()),
            consents: vec![],
        }
    }

    fn clients() -> Vec<Client> {
        vec![
            client(
                "Anna de Vries",
                "Westerstraat 12A, 1601 AB Enkhuizen",
                "06-12345678",
                "anna.devries@example.nl",
                "1948-05-12",
            ),
            client(
                "Ayşe Çelik-Doğan",
                "Dijk 3, 1602 CD Enkhuizen",
                "0228-123456",
                "ayse@example.nl",
                "1961-11-02",
            ),
            client(
                "Jan Willem Bakker",
                "Kerkstraat 40 bis, 1687 AA Wognum",
                "+31 6 87654321",
                "jwb@example.nl",
                "1939-01-30",
            ),
            client(
                "Piet Kok",
                "Noord 1, 1611 AZ Bovenkarspel",
                "0229 99 88 77",
                "kok@example.nl",
                "1950-07-04",
            ),
        ]
    }

    #[test]
    fn every_way_of_writing_a_clients_data_is_found() {
        let c = clients();
        let decomposed = "mevrouw Çelik-Doğan".nfd().collect::<String>();
        let cases: Vec<(&str, Option<Found>)> = vec![
            ("Mevrouw Anna  de Vries wacht al lang.", Some(Found::Name)),
            ("Familie De Vries wacht al lang.", Some(Found::Name)),
            // No diacritics, as typed on a keyboard without them.
            ("Mevrouw Celik-Dogan wacht al lang.", Some(Found::Name)),
            // Decomposed Unicode (a combining cedilla and breve after plain letters).
            (decomposed.as_str(), Some(Found::Name)),
            // One part of a name: the family name of Jan Willem Bakker.
            ("Meneer Bakker kreeg geen antwoord.", Some(Found::Name)),
            // One part of a double surname.
            ("Mevrouw Dogan belde drie keer.", Some(Found::Name)),
            ("Mevrouw ÇELİK belde drie keer.", Some(Found::Name)),
            // A surname under five letters.
            ("Meneer Kok wacht op de Wmo.", Some(Found::Name)),
            // Street and number, however the number's letter is written.
            (
                "Aan de westerstraat 12a is geen bushalte.",
                Some(Found::Address),
            ),
            (
                "Aan de Westerstraat 12 A is geen bushalte.",
                Some(Found::Address),
            ),
            (
                "Aan de WESTERSTRAAT 12-a is geen bushalte.",
                Some(Found::Address),
            ),
            // A postcode with a house number, with or without the space.
            ("Op 1601AB 12 is de lift stuk.", Some(Found::Address)),
            ("Op 1602 cd nummer 3 is de lift stuk.", Some(Found::Address)),
            // Phone numbers in national and international form.
            ("Bel 0612345678 voor meer.", Some(Found::Phone)),
            ("Bel +31 6 1234 5678 voor meer.", Some(Found::Phone)),
            ("Bel +31 (0)6-12345678 voor meer.", Some(Found::Phone)),
            ("Bel 0031 6 12 34 56 78 voor meer.", Some(Found::Phone)),
            ("Bel 06-87654321 voor meer.", Some(Found::Phone)),
            ("Bel 0229-998877.", Some(Found::Phone)),
            ("Mail ANNA.DEVRIES@example.nl.", Some(Found::Email)),
            ("Geboren 12-05-1948, dus 78 jaar.", Some(Found::BirthDate)),
            ("Geboren 12-5-1948.", Some(Found::BirthDate)),
            ("Geboren 1948-05-12.", Some(Found::BirthDate)),
            ("Geboren 12 mei 1948.", Some(Found::BirthDate)),
            ("Geboren 2 november '61.", Some(Found::BirthDate)),
            ("Nummer 111.222.333 stond op de brief.", Some(Found::Bsn)),
            // General text passes: no name parts inside other words, no particles alone.
            ("Inwoners wachten zes weken op een eerste gesprek.", None),
            (
                "Het loket is op 12-05 gesloten; 75 kwesties per jaar.",
                None,
            ),
            ("In januari kookten de bakkers van de wijk samen.", None),
            ("Aan de Westerstraat staat geen bushalte.", None),
            ("Tel: 0228 bereikt het gemeentehuis niet.", None),
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
        assert!(!is_bsn(&[1, 2, 3]));
    }

    /// How a person may write something: case, accents dropped or decomposed, extra spaces.
    fn rewrite(text: &str, how: u8) -> String {
        match how % 5 {
            0 => text.to_uppercase(),
            1 => text.to_lowercase(),
            2 => fold(text).trim().to_string(),
            3 => text.nfd().collect(),
            _ => text.replace(' ', "  "),
        }
    }

    fn phone_forms(digits: &str) -> Vec<String> {
        let rest = digits.trim_start_matches('0');
        vec![
            format!("0{rest}"),
            format!(
                "0{}-{}",
                rest.get(..1).unwrap_or(""),
                rest.get(1..).unwrap_or("")
            ),
            format!("+31 {rest}"),
            format!("+31 (0){rest}"),
            format!("0031{rest}"),
            format!(
                "0{} {} {}",
                rest.get(..1).unwrap_or(""),
                rest.get(1..5).unwrap_or(""),
                rest.get(5..).unwrap_or("")
            ),
        ]
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(512))]

        /// Every field of a made-up client, written in any of the ways above inside an
        /// ordinary sentence, is caught.
        #[test]
        fn every_client_field_however_written_is_caught(
            first in prop::sample::select(vec!["Jan", "Ayşe", "Zoë", "Mehmet", "Ingrid", "Łucja", "Bo"]),
            family in prop::sample::select(vec!["Bakker", "Çelik-Doğan", "Kok", "Wu", "de Groot", "Müller-Østergaard", "van der Berg"]),
            street in prop::sample::select(vec!["Westerstraat", "Dijk", "Sint Jozefstraat", "Ærøweg"]),
            number in 1u32..300,
            suffix in prop::sample::select(vec!["", "A", "b", "bis"]),
            postcode in 1000u32..9999,
            mobile in 10_000_000u32..99_999_999,
            born in 0i64..30_000,
            field in 0u8..6,
            how in 0u8..5,
            form in 0usize..6,
        ) {
            let name = format!("{first} {family}");
            let address = format!("{street} {number}{suffix}, {postcode} KL Hoorn");
            let phone = format!("06-{mobile}");
            let born = chrono::NaiveDate::from_ymd_opt(1920, 1, 1).unwrap()
                + chrono::Days::new(born as u64);
            let c = vec![Client {
                id: "x".into(),
                name: name.clone(),
                born: Some(Date(born)),
                municipality: "Hoorn".into(),
                address: Some(address),
                phone: Some(phone),
                email: Some(format!("{}@example.nl", fold(first).trim())),
                consents: vec![],
            }];
            let part = name_parts(&name);
            let written = match field {
                0 => rewrite(part.get(form % part.len()).map(|p| p.trim()).unwrap_or(first), how),
                1 => rewrite(&format!("{street} {number} {suffix}"), how),
                2 => rewrite(&format!("{postcode}KL {number}"), how),
                3 => phone_forms(&format!("06{mobile}")).swap_remove(form),
                4 => rewrite(&format!("{}@example.nl", fold(first).trim()), how),
                _ => date_forms(born).swap_remove(form).trim().replace(' ', "-"),
            };
            let text = format!("Volgens de notitie ({written}) is er geen hulp gekomen.");
            prop_assert!(scan(&text, &c).is_some(), "{text:?} passed for {name:?}");
        }
    }
}
