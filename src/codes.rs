//! The fixed code lists of DESIGN.md ("Codes"): lowercase ASCII codes with their Dutch labels.
//!
//! Codes are what scenario files, JSON output and the store hold; labels are what a person reads.
//! A code that is not in its list is refused with the list of allowed codes, never echoing the
//! value that was given (it could be anything a person typed, a name included).

use rusqlite::types::{FromSql, FromSqlError, FromSqlResult, ToSql, ToSqlOutput, ValueRef};

/// Declares a code list: an enum, its codes and labels, serde and SQLite conversions.
macro_rules! code_list {
    ($(#[$meta:meta])* $name:ident, $what:literal { $($variant:ident = $code:literal : $label:literal),+ $(,)? }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum $name { $($variant),+ }

        impl $name {
            /// Every code of this list, in the order of DESIGN.md.
            pub const ALL: &'static [$name] = &[$($name::$variant),+];
            /// What this list is, in Dutch, for messages.
            pub const WHAT: &'static str = $what;

            /// The code as it appears in files and the store.
            pub fn code(self) -> &'static str {
                match self { $($name::$variant => $code),+ }
            }

            /// The Dutch label a person reads.
            pub fn label(self) -> &'static str {
                match self { $($name::$variant => $label),+ }
            }

            /// The entry for a code, if the code is known.
            pub fn from_code(code: &str) -> Option<Self> {
                match code { $($code => Some($name::$variant),)+ _ => None }
            }

            fn unknown() -> String {
                let allowed: Vec<&str> = Self::ALL.iter().map(|c| c.code()).collect();
                format!("onbekende code voor {}; toegestaan: {}", $what, allowed.join(", "))
            }
        }

        impl serde::Serialize for $name {
            fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.serialize_str(self.code())
            }
        }

        impl<'de> serde::Deserialize<'de> for $name {
            fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                let text = <std::borrow::Cow<'de, str>>::deserialize(d)?;
                Self::from_code(&text).ok_or_else(|| serde::de::Error::custom(Self::unknown()))
            }
        }

        impl ToSql for $name {
            fn to_sql(&self) -> rusqlite::Result<ToSqlOutput<'_>> {
                Ok(ToSqlOutput::from(self.code()))
            }
        }

        impl FromSql for $name {
            fn column_result(value: ValueRef<'_>) -> FromSqlResult<Self> {
                let text = value.as_str()?;
                Self::from_code(text).ok_or_else(|| FromSqlError::Other(Self::unknown().into()))
            }
        }
    };
}

code_list!(
    /// Life domain of a question (Wmo art. 1.1.1, plus the Raalte offer's additions).
    Domain, "levensdomein" {
        MaatschappelijkeOndersteuning = "maatschappelijke-ondersteuning": "Maatschappelijke ondersteuning",
        PreventieveZorg = "preventieve-zorg": "Preventieve zorg",
        Zorg = "zorg": "Zorg",
        Jeugdhulp = "jeugdhulp": "Jeugdhulp",
        Onderwijs = "onderwijs": "Onderwijs",
        Welzijn = "welzijn": "Welzijn",
        Wonen = "wonen": "Wonen",
        WerkEnInkomen = "werk-en-inkomen": "Werk en inkomen",
        LangdurigeZorg = "langdurige-zorg": "Langdurige zorg (Wlz)",
        Gezondheidszorg = "gezondheidszorg": "Gezondheidszorg (Zvw)",
        Vervoer = "vervoer": "Vervoer",
    }
);

code_list!(
    /// Who referred the client (verwijzer).
    Referral, "verwijzer" {
        EigenInitiatief = "eigen-initiatief": "Eigen initiatief",
        Netwerk = "netwerk": "Mantelzorger of netwerk",
        Gemeente = "gemeente": "Gemeente (Wmo-consulent)",
        Wijkteam = "wijkteam": "Sociaal wijkteam",
        Huisarts = "huisarts": "Huisarts of POH",
        MedischSpecialist = "medisch-specialist": "Medisch specialist",
        Zorgaanbieder = "zorgaanbieder": "Zorgaanbieder",
        Ciz = "ciz": "CIZ of zorgkantoor",
        Anders = "anders": "Anders",
    }
);

code_list!(
    /// How a contact took place.
    ContactMode, "soort contact" {
        Huisbezoek = "huisbezoek": "Huisbezoek",
        Kantoor = "kantoor": "Op kantoor",
        Telefoon = "telefoon": "Telefonisch",
        Video = "video": "Video",
        Email = "email": "E-mail of chat",
    }
);

code_list!(
    /// Who took part in a contact besides the supporter.
    Party, "gesprekspartner" {
        Client = "client": "Cliënt",
        Mantelzorger = "mantelzorger": "Mantelzorger",
        Vertegenwoordiger = "vertegenwoordiger": "Vertegenwoordiger",
        WmoConsulent = "wmo-consulent": "Wmo-consulent",
        Wijkteam = "wijkteam": "Wijkteam",
        Huisarts = "huisarts": "Huisarts",
        Zorgaanbieder = "zorgaanbieder": "Zorgaanbieder",
        Ciz = "ciz": "CIZ",
        Anders = "anders": "Anders",
    }
);

code_list!(
    /// Why a case was closed.
    ClosureReason, "reden van afsluiten" {
        VraagBeantwoord = "vraag-beantwoord": "Vraag beantwoord",
        Doorverwezen = "doorverwezen": "Doorverwezen",
        AanvraagIngediend = "aanvraag-ingediend": "Aanvraag ingediend",
        WlzOvergedragen = "wlz-overgedragen": "Wlz-indicatie afgegeven, overgedragen aan Wlz-uitvoerder",
        Afgezien = "afgezien": "Cliënt ziet af",
        GeenContact = "geen-contact": "Geen contact mogelijk",
        Anders = "anders": "Anders",
    }
);

code_list!(
    /// What time was spent on.
    Activity, "activiteit" {
        Voorbereiding = "voorbereiding": "Voorbereiding",
        Dossiervorming = "dossiervorming": "Dossiervorming",
        Uitzoekwerk = "uitzoekwerk": "Uitzoekwerk",
        Registratie = "registratie": "Registratie",
        Overleg = "overleg": "Overleg",
        Contact = "contact": "Contact",
        OverlegGemeente = "overleg-gemeente": "Overleg met de gemeente",
        Rapportage = "rapportage": "Rapportage",
        Bereikbaarheid = "bereikbaarheid": "Bereikbaarheid",
        Voorlichting = "voorlichting": "Bekendheid en voorlichting",
        Scholing = "scholing": "Scholing",
    }
);

impl Activity {
    /// Client-bound time (cliëntgebonden uren) belongs to a case; the rest is overhead.
    pub fn is_client_bound(self) -> bool {
        matches!(
            self,
            Activity::Voorbereiding
                | Activity::Dossiervorming
                | Activity::Uitzoekwerk
                | Activity::Registratie
                | Activity::Overleg
                | Activity::Contact
        )
    }
}

code_list!(
    /// What a client consented to.
    ConsentPurpose, "doel van de toestemming" {
        Registratie = "registratie": "Vastleggen van gegevens",
        ContactGemeente = "contact-gemeente": "Contact met de gemeente",
        ContactHuisarts = "contact-huisarts": "Contact met de huisarts",
        ContactDerden = "contact-derden": "Contact met anderen",
    }
);

code_list!(
    /// How consent was given.
    ConsentHow, "manier van toestemming" {
        Mondeling = "mondeling": "Mondeling",
        Schriftelijk = "schriftelijk": "Schriftelijk",
        Email = "email": "Per e-mail",
    }
);

code_list!(
    /// Who carries out an agreed action.
    Owner, "uitvoerder" {
        Client = "client": "Cliënt",
        Ondersteuner = "ondersteuner": "Cliëntondersteuner",
        Netwerk = "netwerk": "Netwerk",
        Anders = "anders": "Anders",
    }
);

code_list!(
    /// The theme of a policy signal for the municipality.
    SignalCategory, "soort signaal" {
        Toegang = "toegang": "Toegang",
        Wachttijden = "wachttijden": "Wachttijden",
        Regelgeving = "regelgeving": "Regelgeving",
        Samenwerking = "samenwerking": "Samenwerking",
        Informatie = "informatie": "Informatie",
        Anders = "anders": "Anders",
    }
);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_round_trip_and_unknown_codes_name_the_list_not_the_value() {
        for d in Domain::ALL {
            assert_eq!(Domain::from_code(d.code()), Some(*d));
        }
        let err = serde_json::from_str::<Referral>("\"Anna de Vries\"").unwrap_err();
        let text = err.to_string();
        assert!(text.contains("onbekende code voor verwijzer"), "{text}");
        assert!(!text.contains("Anna"), "{text}");
    }

    #[test]
    fn client_bound_activities_are_the_six_of_domain_md() {
        let bound: Vec<&str> = Activity::ALL
            .iter()
            .filter(|a| a.is_client_bound())
            .map(|a| a.code())
            .collect();
        assert_eq!(
            bound,
            [
                "voorbereiding",
                "dossiervorming",
                "uitzoekwerk",
                "registratie",
                "overleg",
                "contact"
            ]
        );
    }
}
