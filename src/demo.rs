//! Realistic Dutch demo data, generated deterministically from a seed: the `demo` store a newcomer
//! starts with, and the larger data sets of DESIGN.md (`busy`, `org`) for benchmarks.
//!
//! Every person, street and phone number here is made up.

use chrono::{Datelike, Days, NaiveDate, NaiveTime};
use rand::seq::SliceRandom;
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

use crate::codes::{
    Activity, ClosureReason, ConsentHow, ConsentPurpose, ContactMode, Domain, Owner, Party,
    Referral, SignalCategory,
};
use crate::model::{
    Action, Case, Client, Consent, Contact, Contract, Date, DateTime, Organisation, PolicySignal,
    Scenario, Supporter, TimeEntry, SCENARIO_FORMAT,
};

/// How much data to make.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Size {
    pub clients: usize,
    pub cases: usize,
    pub contacts: usize,
    pub time_entries: usize,
    /// How many years back the cases start.
    pub years: u32,
}

impl Size {
    /// A small set that fits one screen: what `wijzer demo` makes.
    pub const DEMO: Size = Size {
        clients: 24,
        cases: 30,
        contacts: 90,
        time_entries: 40,
        years: 1,
    };
    /// Ten years of one busy supporter (DESIGN.md).
    pub const BUSY: Size = Size {
        clients: 2_000,
        cases: 3_000,
        contacts: 30_000,
        time_entries: 30_000,
        years: 10,
    };
}

impl Size {
    /// One hundred times [`Size::BUSY`]: a whole organisation's worth, as headroom (DESIGN.md).
    pub const ORG: Size = Size {
        clients: Size::BUSY.clients * 100,
        cases: Size::BUSY.cases * 100,
        contacts: Size::BUSY.contacts * 100,
        time_entries: Size::BUSY.time_entries * 100,
        years: Size::BUSY.years,
    };
}

/// A named data set of DESIGN.md for benchmarks and scale tests: always the same data (a fixed
/// seed and a fixed day), so that runs compare.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DataSet {
    pub name: &'static str,
    pub size: Size,
    pub seed: u64,
    /// The day the data set is made as of.
    pub today: NaiveDate,
}

/// The data sets by name: `busy` and `org`.
pub fn data_set(name: &str) -> Option<DataSet> {
    let size = match name {
        "busy" => Size::BUSY,
        "org" => Size::ORG,
        _ => return None,
    };
    Some(DataSet {
        name: if name == "busy" { "busy" } else { "org" },
        size,
        seed: 7,
        today: NaiveDate::from_ymd_opt(2026, 11, 23)?,
    })
}

impl DataSet {
    /// The scenario of this data set.
    pub fn generate(&self) -> Scenario {
        generate(self.seed, self.size, self.today)
    }
}

/// The public half of `examples/municipality-example.key` in the shared folder: demo reports are
/// encrypted to it, so that they can be opened with that example identity.
pub const DEMO_RECIPIENT: &str = "age17xwtkqlkha0j4drwtnu3sffpajesm8v8qfq3pk4cx2km6kjc0gnqde84np";

const FIRST: &[&str] = &[
    "Anna", "Bram", "Fatima", "Gerrit", "Hanneke", "Jan", "Joke", "Kees", "Lotte", "Mehmet",
    "Noor", "Piet", "Riet", "Sanne", "Tineke", "Willem", "Youssef", "Zeynep", "Aïsha", "Chloë",
    "Dirk", "Els", "Henk", "Ineke", "Maarten", "Priya", "Wim", "Ömer", "Ingrid", "Şükrü",
];
const LAST: &[&str] = &[
    "de Vries",
    "Jansen",
    "Bakker",
    "Visser",
    "Smit",
    "Meijer",
    "de Boer",
    "Mulder",
    "Groot",
    "Bos",
    "Vos",
    "Peters",
    "Hendriks",
    "Dekker",
    "Yılmaz",
    "El Amrani",
    "Kaya",
    "Schouten",
    "van Dijk",
    "Koopman",
    "Brouwer",
    "de Wit",
    "Çelik",
    "Kuiper",
    "Veenstra",
];
const STREETS: &[&str] = &[
    "Dorpsstraat",
    "Kerkstraat",
    "Molenweg",
    "Westerstraat",
    "Oosterdijk",
    "Raadhuisstraat",
    "Schoolstraat",
    "Julianalaan",
    "Beatrixstraat",
    "Zuiderweg",
    "Nieuwstraat",
    "Lindenlaan",
];
const WESTFRIESLAND: &[(&str, &str)] = &[
    ("Drechterland", "1619"),
    ("Enkhuizen", "1601"),
    ("Koggenland", "1687"),
    ("Medemblik", "1671"),
    ("Opmeer", "1716"),
    ("Stede Broec", "1611"),
];
const RAALTE: &[(&str, &str)] = &[("Raalte", "8102")];

const QUESTIONS: &[(&str, &[Domain])] = &[
    (
        "Wil een traplift aanvragen en weet niet hoe het gesprek met de gemeente gaat.",
        &[Domain::Wonen, Domain::MaatschappelijkeOndersteuning],
    ),
    (
        "Schulden lopen op na baanverlies; zoekt hulp bij de administratie.",
        &[Domain::WerkEnInkomen],
    ),
    (
        "Twijfelt of verhuizen naar een verpleeghuis nodig is.",
        &[Domain::Zorg, Domain::LangdurigeZorg],
    ),
    (
        "Zoekt passend onderwijs en ondersteuning voor een kind.",
        &[Domain::Jeugdhulp, Domain::Onderwijs],
    ),
    (
        "Is het niet eens met de afwijzing van een scootmobiel.",
        &[Domain::Vervoer, Domain::MaatschappelijkeOndersteuning],
    ),
    (
        "Mantelzorger raakt overbelast en zoekt respijtzorg.",
        &[Domain::Welzijn, Domain::Zorg],
    ),
    (
        "Wil weten welke hulp er is na een ziekenhuisopname.",
        &[Domain::Gezondheidszorg, Domain::Zorg],
    ),
    (
        "Voelt zich eenzaam sinds het overlijden van de partner.",
        &[Domain::Welzijn, Domain::PreventieveZorg],
    ),
    (
        "Huishoudelijke hulp is stopgezet; wil weten wat nu.",
        &[Domain::MaatschappelijkeOndersteuning],
    ),
    (
        "Zoekt een aangepaste woning dichter bij familie.",
        &[Domain::Wonen],
    ),
];
const GOALS: &[&str] = &[
    "Cliënt weet welke hulp past en hoe die aan te vragen.",
    "De aanvraag is ingediend en cliënt weet wat de volgende stap is.",
    "Cliënt heeft een overzicht van de mogelijkheden in de buurt.",
    "Het gesprek met de gemeente is goed voorbereid.",
];
const ACTIONS: &[(&str, Owner)] = &[
    ("Meegaan naar het keukentafelgesprek", Owner::Ondersteuner),
    ("Formulier samen invullen", Owner::Ondersteuner),
    ("Beschikking afwachten en samen doorlezen", Owner::Client),
    ("Dochter vraagt naar de wachtlijst", Owner::Netwerk),
    ("Huisarts vragen om een verwijzing", Owner::Client),
];
const NOTES: &[&str] = &[
    "Eerste contact, afspraak gemaakt.",
    "Vraag verhelderd en doelen afgesproken.",
    "Gesprek met de Wmo-consulent voorbereid.",
    "Keukentafelgesprek bijgewoond.",
    "Stand van zaken besproken; acties bijgewerkt.",
    "",
];
const SIGNALS: &[(SignalCategory, &str)] = &[
    (
        SignalCategory::Toegang,
        "Inwoners horen bij het Wmo-loket niet dat onafhankelijke cliëntondersteuning gratis is.",
    ),
    (
        SignalCategory::Wachttijden,
        "Schuldhulpverlening heeft een wachttijd van zes weken voor een eerste gesprek.",
    ),
    (
        SignalCategory::Informatie,
        "De brief over de eigen bijdrage is voor veel ouderen niet te begrijpen.",
    ),
];

fn pick<'a, T>(rng: &mut ChaCha8Rng, items: &'a [T]) -> &'a T {
    items.choose(rng).expect("a non-empty list")
}

fn day(date: NaiveDate, plus: u64) -> NaiveDate {
    date.checked_add_days(Days::new(plus)).unwrap_or(date)
}

/// Generates a scenario of the given size, with cases up to `today`. The same seed, size and
/// day always give the same data.
pub fn generate(seed: u64, size: Size, today: NaiveDate) -> Scenario {
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    let start = today
        .with_year(today.year() - size.years as i32)
        .unwrap_or(today);
    let span = (today - start).num_days().max(1) as u64;

    let places: Vec<(&str, &str)> = WESTFRIESLAND.iter().chain(RAALTE).copied().collect();
    let mut clients = Vec::with_capacity(size.clients);
    for i in 0..size.clients {
        let (municipality, postcode) = *pick(&mut rng, &places);
        let first = pick(&mut rng, FIRST);
        let last = pick(&mut rng, LAST);
        let born = NaiveDate::from_ymd_opt(
            rng.gen_range(1930..2006),
            rng.gen_range(1..=12),
            rng.gen_range(1..=28),
        )
        .expect("a valid day");
        let letters = ["AB", "CD", "GJ", "KM", "ET", "AC"];
        let registered = day(start, rng.gen_range(0..span));
        clients.push(Client {
            id: format!("cl{}", i + 1),
            name: format!("{first} {last}"),
            born: Some(Date(born)),
            municipality: municipality.to_string(),
            address: Some(format!(
                "{} {}, {} {} {}",
                pick(&mut rng, STREETS),
                rng.gen_range(1..120),
                postcode,
                pick(&mut rng, &letters),
                municipality
            )),
            phone: rng
                .gen_bool(0.8)
                .then(|| format!("06-{:08}", rng.gen_range(10_000_000..99_999_999))),
            email: rng
                .gen_bool(0.4)
                .then(|| format!("{}.{}@example.nl", first.to_lowercase(), i + 1)),
            consents: vec![Consent {
                purpose: ConsentPurpose::Registratie,
                given_on: Date(registered),
                how: *pick(&mut rng, &[ConsentHow::Mondeling, ConsentHow::Schriftelijk]),
                withdrawn_on: None,
            }],
        });
        if let (true, Some(client)) = (rng.gen_bool(0.5), clients.last_mut()) {
            client.consents.push(Consent {
                purpose: ConsentPurpose::ContactGemeente,
                given_on: Date(registered),
                how: ConsentHow::Mondeling,
                withdrawn_on: None,
            });
        }
    }

    let mut cases = Vec::with_capacity(size.cases);
    for i in 0..size.cases {
        let index = if i < clients.len() {
            i
        } else {
            rng.gen_range(0..clients.len())
        };
        let Some(client) = clients.get(index) else {
            break;
        };
        let registered = day(start, rng.gen_range(0..span));
        let (question, domains) = *pick(&mut rng, QUESTIONS);
        let contacted = (rng.gen_bool(0.95) && day(registered, 1) <= today)
            .then(|| day(registered, rng.gen_range(0..4)))
            .filter(|d| *d <= today);
        let appointed = contacted
            .filter(|_| rng.gen_bool(0.9))
            .map(|d| day(d, rng.gen_range(1..10)))
            .filter(|d| *d <= today);
        let closed = appointed
            .map(|d| day(d, rng.gen_range(7..90)))
            .filter(|d| *d < today && rng.gen_bool(0.85));
        let actions = (0..rng.gen_range(0..3))
            .map(|_| {
                let (text, owner) = *pick(&mut rng, ACTIONS);
                let due = day(registered, rng.gen_range(7..60));
                Action {
                    text: text.to_string(),
                    owner,
                    due_on: Some(Date(due)),
                    done_on: (due < today && rng.gen_bool(0.7)).then_some(Date(due)),
                }
            })
            .collect();
        cases.push(Case {
            id: format!("k{}", i + 1),
            client: client.id.clone(),
            registered_on: Date(registered),
            referral: *pick(&mut rng, Referral::ALL),
            domains: domains.to_vec(),
            question: question.to_string(),
            first_contact_on: contacted.map(Date),
            first_appointment_on: appointed.map(Date),
            goals: vec![pick(&mut rng, GOALS).to_string()],
            actions,
            closed_on: closed.map(Date),
            closure_reason: closed.map(|_| {
                *pick(
                    &mut rng,
                    &[
                        ClosureReason::VraagBeantwoord,
                        ClosureReason::AanvraagIngediend,
                        ClosureReason::Doorverwezen,
                    ],
                )
            }),
            wlz_indication_on: None,
            wlz_handover_on: None,
            extension_notified_on: None,
            extension_reason: None,
            conflict_of_interest: None,
            next_appointment: (closed.is_none() && appointed.is_some()).then(|| {
                DateTime(
                    day(today, rng.gen_range(2..21))
                        .and_hms_opt(*pick(&mut rng, &[9, 10, 11, 14, 15]), 0, 0)
                        .expect("a valid time"),
                )
            }),
        });
    }

    let contacted: Vec<usize> = cases
        .iter()
        .enumerate()
        .filter(|(_, c)| c.first_contact_on.is_some())
        .map(|(i, _)| i)
        .collect();
    let mut contacts = Vec::with_capacity(size.contacts);
    for n in 0..size.contacts {
        if contacted.is_empty() {
            break;
        }
        let index = match contacted.get(n) {
            Some(i) => *i,
            None => *pick(&mut rng, &contacted),
        };
        let Some(case) = cases.get(index) else {
            break;
        };
        let first = case
            .first_contact_on
            .map(|d| d.0)
            .unwrap_or(case.registered_on.0);
        let last = case.closed_on.map(|d| d.0).unwrap_or(today);
        let on = if n < contacted.len() {
            first
        } else {
            day(
                first,
                rng.gen_range(0..=(last - first).num_days().max(0) as u64),
            )
        };
        let at = on.and_time(
            NaiveTime::from_hms_opt(rng.gen_range(9..17), *pick(&mut rng, &[0, 15, 30, 45]), 0)
                .expect("a valid time"),
        );
        let mode = *pick(&mut rng, ContactMode::ALL);
        let mut with = vec![Party::Client];
        if rng.gen_bool(0.2) {
            with.push(*pick(
                &mut rng,
                &[Party::Mantelzorger, Party::WmoConsulent, Party::Huisarts],
            ));
        }
        contacts.push(Contact {
            case: case.id.clone(),
            at: DateTime(at),
            minutes: *pick(&mut rng, &[10, 15, 20, 30, 45, 60, 75, 90]),
            mode,
            with,
            notes: pick(&mut rng, NOTES).to_string(),
        });
    }

    let bound = [
        Activity::Voorbereiding,
        Activity::Dossiervorming,
        Activity::Uitzoekwerk,
        Activity::Registratie,
        Activity::Overleg,
    ];
    let overhead = [
        Activity::OverlegGemeente,
        Activity::Rapportage,
        Activity::Bereikbaarheid,
        Activity::Voorlichting,
        Activity::Scholing,
    ];
    let mut time = Vec::with_capacity(size.time_entries);
    for _ in 0..size.time_entries {
        if rng.gen_bool(0.7) && !cases.is_empty() {
            let case = pick(&mut rng, &cases);
            let last = case.closed_on.map(|d| d.0).unwrap_or(today);
            let span = (last - case.registered_on.0).num_days().max(0) as u64;
            time.push(TimeEntry {
                case: Some(case.id.clone()),
                on: Date(day(case.registered_on.0, rng.gen_range(0..=span))),
                minutes: *pick(&mut rng, &[15, 30, 45, 60]),
                activity: *pick(&mut rng, &bound),
                municipality: None,
            });
        } else {
            time.push(TimeEntry {
                case: None,
                on: Date(day(start, rng.gen_range(0..span))),
                minutes: *pick(&mut rng, &[30, 60, 90, 120]),
                activity: *pick(&mut rng, &overhead),
                municipality: Some(pick(&mut rng, &places).0.to_string()),
            });
        }
    }

    let policy_signals = SIGNALS
        .iter()
        .enumerate()
        .zip(places.iter().cycle())
        .map(|((i, (category, text)), place)| PolicySignal {
            on: Date(day(start, (span / 4) * (i as u64 + 1))),
            municipality: place.0.to_string(),
            category: *category,
            text: text.to_string(),
            released: i % 2 == 0,
        })
        .collect();

    Scenario {
        format: SCENARIO_FORMAT.to_string(),
        organisation: Some(Organisation {
            name: "Steunpunt Cliëntondersteuning (demo)".into(),
            address: Some("Dijk 14, 1601 GJ Enkhuizen".into()),
            phone: Some("0228-123456".into()),
            email: Some("info@steunpunt.example".into()),
            website: Some("https://steunpunt.example".into()),
            complaints: Some(
                "Niet tevreden? Bel of mail ons. Komen we er samen niet uit, dan kunt u terecht bij de onafhankelijke klachtencommissie."
                    .into(),
            ),
        }),
        supporter: Some(Supporter {
            name: "Marloes Bakker".into(),
            phone: Some("06-11112222".into()),
            email: Some("m.bakker@steunpunt.example".into()),
        }),
        contracts: vec![
            Contract {
                id: "wf".into(),
                rule_set: "westfriesland".into(),
                municipalities: WESTFRIESLAND.iter().map(|(m, _)| m.to_string()).collect(),
                recipient: DEMO_RECIPIENT.into(),
            },
            Contract {
                id: "raalte".into(),
                rule_set: "raalte".into(),
                municipalities: RAALTE.iter().map(|(m, _)| m.to_string()).collect(),
                recipient: DEMO_RECIPIENT.into(),
            },
        ],
        clients,
        cases,
        contacts,
        time,
        policy_signals,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scenario::{validate, Known};

    #[test]
    fn demo_data_is_valid_and_deterministic() {
        let today = NaiveDate::from_ymd_opt(2026, 11, 23).unwrap();
        let a = generate(7, Size::DEMO, today);
        let b = generate(7, Size::DEMO, today);
        assert_eq!(a, b);
        validate(&a, &Known::default()).unwrap();
        assert_eq!(a.clients.len(), 24);
        assert_eq!(a.cases.len(), 30);
        assert!(a.cases.iter().any(|c| c.closed_on.is_none()));
    }

    #[test]
    fn the_busy_set_is_valid() {
        let today = NaiveDate::from_ymd_opt(2026, 11, 23).unwrap();
        let s = generate(1, Size::BUSY, today);
        validate(&s, &Known::default()).unwrap();
        assert_eq!(s.contacts.len(), 30_000);
    }
}
