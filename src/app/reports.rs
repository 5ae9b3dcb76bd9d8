//! The half-year report: build it from the store's facts (the preview is exactly what leaves),
//! and export it: render, sign, encrypt, write atomically, and record it, a period once and
//! again only as a correction that says what changed.

use std::path::Path;

use chrono::NaiveDate;
use serde::Serialize;

use crate::bundle;
use crate::report::{self, Change, Period, Report};
use crate::store::{Store, StoreError};

/// The half-year report of a municipality, exactly as it would leave now.
pub fn build(
    store: &Store,
    municipality: &str,
    period: Period,
    today: NaiveDate,
) -> Result<Report, StoreError> {
    let (facts, rules) = store.report_facts(municipality, period)?;
    // Every client is read only when a released signal of the period has to be scanned.
    let clients = if facts.signals.iter().any(|s| period.contains(s.on)) {
        store.clients_for_scan()?
    } else {
        Vec::new()
    };
    let mut report = report::build(&facts, rules, period, today, &clients)?;
    report.correction = store.exports_of(municipality, period)?.len() as u32;
    Ok(report)
}

/// The three report files, exactly as they go into the bundle.
pub fn rendered(report: &Report) -> Result<Vec<(&'static str, Vec<u8>)>, StoreError> {
    let json = serde_json::to_vec_pretty(report).map_err(|e| StoreError::Signing(e.to_string()))?;
    Ok(vec![
        (bundle::REPORT_FILES[0], json),
        (bundle::REPORT_FILES[1], report::to_csv(report)),
        (bundle::REPORT_FILES[2], report::to_pdf(report)),
    ])
}

/// One file of the report as it would leave (`rapport.json` or `rapport.csv`): the preview.
pub fn preview(
    store: &Store,
    municipality: &str,
    period: Period,
    today: NaiveDate,
    json: bool,
) -> Result<Vec<u8>, StoreError> {
    let [json_file, csv_file, _] = bundle::REPORT_FILES;
    let wanted = if json { json_file } else { csv_file };
    rendered(&build(store, municipality, period, today)?)?
        .into_iter()
        .find(|(name, _)| *name == wanted)
        .map(|(_, bytes)| bytes)
        .ok_or_else(|| StoreError::Signing(format!("{wanted} ontbreekt")))
}

/// The report as the municipality will read it (`rapport.csv`, read back), by section: what
/// the Rapportage screen shows before anything leaves.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Preview {
    pub municipality: String,
    pub period: String,
    /// 0 for a first export; otherwise the correction this export would be.
    pub correction: u32,
    pub sections: Vec<Section>,
}

/// One section of the report: its rows as they stand in the file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Section {
    /// The section's code in the file (`totaal`, `levensdomein`, `signaal`…).
    pub name: String,
    /// Its title, as the PDF of the report has it.
    pub title: String,
    pub rows: Vec<Row>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Row {
    pub code: String,
    pub label: String,
    pub value: String,
}

/// The preview of a municipality's half-year report: the very `rapport.csv` the export would
/// seal, read back row by row ("<5" and "x" as they leave).
pub fn preview_table(
    store: &Store,
    municipality: &str,
    period: Period,
    today: NaiveDate,
) -> Result<Preview, StoreError> {
    let report = build(store, municipality, period, today)?;
    let csv = report::to_csv(&report);
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(b';')
        .from_reader(csv.as_slice());
    let mut sections: Vec<Section> = Vec::new();
    for record in reader.records() {
        let record = record.map_err(|e| StoreError::Signing(e.to_string()))?;
        let field = |i: usize| record.get(i).unwrap_or_default().to_string();
        let name = field(0);
        let row = Row {
            code: field(1),
            label: field(2),
            value: field(3),
        };
        match sections.last_mut() {
            Some(last) if last.name == name => last.rows.push(row),
            _ => sections.push(Section {
                title: section_title(&report, &name),
                name,
                rows: vec![row],
            }),
        }
    }
    Ok(Preview {
        municipality: report.municipality,
        period: report.period,
        correction: report.correction,
        sections,
    })
}

fn section_title(report: &Report, name: &str) -> String {
    match name {
        "rapport" => "Rapport".into(),
        "totaal" => "Totalen".into(),
        "budget" => "Budget volgens het contract".into(),
        "signaal" => "Signalen voor beleid".into(),
        other => report
            .tables
            .iter()
            .find(|t| t.name == other)
            .map_or_else(|| other.to_string(), |t| t.title.clone()),
    }
}

/// The signing key's fingerprint as minisign writes it (its key id, 16 hex digits): what the
/// municipality compares with the public key it was given.
pub fn signing_fingerprint(store: &mut Store) -> Result<String, StoreError> {
    let (_, public) = store.signing_keys()?;
    Ok(fingerprint(&public))
}

fn fingerprint(public: &minisign::PublicKey) -> String {
    let mut id = [0u8; 8];
    id.copy_from_slice(public.keynum().get(..8).unwrap_or(&[0; 8]));
    format!("{:016X}", u64::from_le_bytes(id))
}

/// What an export wrote: the bundle's SHA-256, the signer, and for a correction what changed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Exported {
    pub sha256: String,
    pub changes: Vec<Change>,
    /// The fingerprint of the key that signed it (see `signing_fingerprint`).
    pub signer: String,
}

/// Builds, signs and encrypts a municipality's report and writes it to `out`; records the
/// export (period, municipality, file hash, recipients, the report itself). A period that was
/// exported before is exported again only as a `correction`, and only when a figure changed;
/// the outcome then lists what changed. The file is written before it is recorded, and removed
/// again if the record fails: no export exists that is not on record.
pub fn export(
    store: &mut Store,
    municipality: &str,
    period: Period,
    today: NaiveDate,
    extra_recipients: &[String],
    out: &Path,
    correction: bool,
) -> Result<Exported, StoreError> {
    let report = build(store, municipality, period, today)?;
    let earlier = store.exports_of(municipality, period)?;
    let changes = match (earlier.last(), correction) {
        (None, _) => Vec::new(),
        (Some((at, _)), false) => {
            return Err(StoreError::AlreadyExported {
                municipality: municipality.to_string(),
                period: period.to_string(),
                on: crate::model::dutch(
                    NaiveDate::parse_from_str(at.get(..10).unwrap_or(at), "%Y-%m-%d")
                        .unwrap_or(today),
                ),
            })
        }
        (Some((_, before)), true) => {
            let changes = match before.as_deref().and_then(|b| report::changes(b, &report)) {
                Some(changes) => changes,
                None => vec![Change {
                    figure: "vorige export".into(),
                    before: "niet vastgelegd".into(),
                    after: "deze correctie".into(),
                }],
            };
            if changes.is_empty() {
                return Err(StoreError::NothingChanged {
                    municipality: municipality.to_string(),
                    period: period.to_string(),
                });
            }
            changes
        }
    };
    let mut recipients = vec![store.recipient_of(municipality)?];
    // The organisation's archive key, when its contract has one, can open every report too.
    recipients.extend(store.archive_of(municipality)?);
    recipients.extend(extra_recipients.iter().cloned());
    let to = bundle::recipients(&recipients)?;
    let (secret, public) = store.signing_keys()?;
    let files = rendered(&report)?;
    let sealed = bundle::seal(
        municipality,
        &report.period,
        &today.to_string(),
        &files
            .iter()
            .map(|(n, b)| (*n, b.clone()))
            .collect::<Vec<_>>(),
        &secret,
        &public,
        &to,
    )?;
    let sha256 = bundle::sha256_hex(&sealed);
    let json = files
        .iter()
        .find(|(name, _)| *name == bundle::REPORT_FILES[0])
        .and_then(|(_, bytes)| std::str::from_utf8(bytes).ok());
    crate::fsutil::write_atomically(out, &sealed).map_err(StoreError::write(out))?;
    if let Err(e) = store.record_export(municipality, &report.period, &sha256, &recipients, json) {
        let _ = std::fs::remove_file(out);
        return Err(e);
    }
    Ok(Exported {
        sha256,
        changes,
        signer: fingerprint(&public),
    })
}

/// The signing key's public half as a minisign `.pub` file, for the municipality; its comment
/// names the key id as minisign's own files do.
pub fn signing_public_key(store: &mut Store) -> Result<String, StoreError> {
    let (_, public) = store.signing_keys()?;
    Ok(format!(
        "untrusted comment: minisign public key {} (cliëntondersteuner, Wijzer)\n{}\n",
        fingerprint(&public),
        public.to_base64()
    ))
}
