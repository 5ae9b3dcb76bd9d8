//! The `wijzer` command line of DESIGN.md: a stable interface for scripts and tests.
//!
//! Exit 0 on success, 1 on a user error with one line on stderr, 2 on a usage error (clap).
//! Messages name ids and paths, never a client's name, note or address.

use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Parser, Subcommand};
use zeroize::Zeroizing;

use crate::app;
use crate::demo;
use crate::model::Date;
use crate::report::Period;
use crate::rules::{Severity, Signal};
use crate::scenario;
use crate::store::key::{self, Automatic, KeyError, KeyFile, Recovery, PASSPHRASE_ENV};
use crate::store::{Store, StoreError};

/// The environment variable that gives the recovery code to `wijzer recover`.
pub const RECOVERY_ENV: &str = "WIJZER_RECOVERY_CODE";
/// The environment variable that names the store.
pub const STORE_ENV: &str = "WIJZER_STORE";

#[derive(Debug, Parser)]
#[command(
    name = "wijzer",
    version,
    about = "Wijzer: dossiers, signalen en rapportages voor de onafhankelijke cliëntondersteuner"
)]
struct Cli {
    /// Het gegevensbestand (standaard: in de gegevensmap van het systeem).
    #[arg(long, global = true, env = STORE_ENV, value_name = "PAD")]
    store: Option<PathBuf>,
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum BundleCommand {
    /// Ontsleutel en controleer; schrijf de bestanden alleen als alles klopt.
    Open {
        #[arg(value_name = "BESTAND.age")]
        file: PathBuf,
        /// Het age-identiteitsbestand van de gemeente.
        #[arg(long, value_name = "SLEUTELBESTAND")]
        identity: PathBuf,
        /// De publieke minisign-sleutel van de cliëntondersteuner (RW…, of een .pub-bestand).
        #[arg(long, value_name = "PUBLIEKE-SLEUTEL")]
        signer: String,
        /// Een nieuwe of lege map.
        #[arg(long, value_name = "MAP")]
        out: PathBuf,
    },
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Maak een nieuw, leeg gegevensbestand met sleutel en herstelcode.
    Init,
    /// Lees een scenariobestand in (alles of niets).
    Import {
        #[arg(value_name = "BESTAND.json")]
        file: PathBuf,
    },
    /// Schrijf alles, of het hele dossier van één cliënt, als JSON naar stdout.
    ExportJson {
        #[arg(long, value_name = "ID")]
        client: Option<String>,
    },
    /// Toon wat er moet gebeuren: signalen uit de regels van elk contract.
    Signals {
        /// De dag waarop de regels kijken (standaard vandaag), jjjj-mm-dd.
        #[arg(long, value_name = "jjjj-mm-dd", value_parser = parse_day)]
        today: Option<Date>,
        /// Eén JSON-document op stdout.
        #[arg(long)]
        json: bool,
    },
    /// Maak het informatieblad voor de cliënt van een kwestie (A4, PDF).
    Sheet {
        #[arg(long, value_name = "ID")]
        case: String,
        #[arg(long, value_name = "BESTAND.pdf")]
        out: PathBuf,
    },
    /// Toon de halfjaarrapportage van een gemeente: precies wat er de laptop verlaat.
    Report {
        #[arg(long, value_name = "GEMEENTE")]
        municipality: String,
        #[arg(long, value_name = "jjjj-H1|jjjj-H2", value_parser = parse_period)]
        period: Period,
        /// rapport.json in plaats van rapport.csv.
        #[arg(long)]
        json: bool,
    },
    /// Maak de versleutelde, ondertekende bundel met de halfjaarrapportage.
    ExportReport {
        #[arg(long, value_name = "GEMEENTE")]
        municipality: String,
        #[arg(long, value_name = "jjjj-H1|jjjj-H2", value_parser = parse_period)]
        period: Period,
        #[arg(long, value_name = "BESTAND.age")]
        out: PathBuf,
        /// Nog een ontvanger (age1…), bijvoorbeeld de archiefsleutel van de organisatie.
        #[arg(long = "recipient", value_name = "age1…")]
        recipients: Vec<String>,
        /// Stuur een correctie van een periode die al is geëxporteerd (toont wat er veranderde).
        #[arg(long)]
        correction: bool,
    },
    /// Toon de publieke sleutel waarmee de gemeente de handtekening controleert.
    SigningKey,
    /// Open een bundel (voor de gemeente): ontsleutelen, handtekening en hashes controleren.
    Bundle {
        #[command(subcommand)]
        action: BundleCommand,
    },
    /// Maak een versleutelde, gecontroleerde reservekopie.
    Backup {
        /// Waarheen; zonder --out in de map backups/ naast het gegevensbestand.
        #[arg(long, value_name = "BESTAND")]
        out: Option<PathBuf>,
    },
    /// Zet een reservekopie terug (na controle; het oude bestand blijft bewaard).
    Restore {
        #[arg(value_name = "BESTAND")]
        file: PathBuf,
    },
    /// Vernietig alle gegevens van een cliënt op diens verzoek.
    Erase {
        #[arg(long, value_name = "ID")]
        client: String,
    },
    /// Maak een nieuw gegevensbestand met verzonnen voorbeeldgegevens.
    Demo {
        /// demo (een scherm vol), busy (tien jaar van één drukke ondersteuner) of org (honderd
        /// keer busy), voor metingen.
        #[arg(long, default_value = "demo", value_name = "GROOTTE")]
        size: String,
    },
    /// Stel met de herstelcode een nieuw wachtwoord in.
    Recover,
}

/// Runs the command line and returns the process exit code.
pub fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            let _ = e.print();
            return ExitCode::from(if e.use_stderr() { 2 } else { 0 });
        }
    };
    match run(cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("wijzer: {message}");
            ExitCode::from(1)
        }
    }
}

fn run(cli: Cli) -> Result<(), String> {
    if let Command::Bundle {
        action:
            BundleCommand::Open {
                file,
                identity,
                signer,
                out,
            },
    } = &cli.command
    {
        return open_bundle(file, identity, signer, out);
    }
    let path = match cli.store {
        Some(p) => p,
        None => default_store()?,
    };
    let fail = |e: StoreError| e.on_disk_of(&path).to_string();
    match cli.command {
        Command::Init => {
            let (_, code) = create(&path)?;
            print_created(&path, &code.0);
        }
        Command::Demo { size } => {
            // The demo is made as of today; the measuring sets are always the same data.
            let (data, day) = match size.as_str() {
                "demo" => {
                    let today = chrono::Local::now().date_naive();
                    (demo::generate(2026, demo::Size::DEMO, today), today)
                }
                other => {
                    let set = demo::data_set(other).ok_or_else(|| {
                        format!("onbekende grootte {other:?}: kies demo, busy of org")
                    })?;
                    (set.generate(), set.today)
                }
            };
            let (mut store, code) = create(&path)?;
            let started = std::time::Instant::now();
            let summary = store.import(&data).map_err(fail)?;
            let took = started.elapsed().as_secs_f64();
            let started = std::time::Instant::now();
            signals_ready(&mut store, day);
            let evaluated = started.elapsed().as_secs_f64();
            print_created(&path, &code.0);
            if size != "demo" {
                let seconds = |s: f64| format!("{s:.1}").replace('.', ",");
                println!("Ingelezen in {} s.", seconds(took));
                println!(
                    "Signalen van {} klaargezet in {} s.",
                    crate::model::dutch(day),
                    seconds(evaluated)
                );
            }
            println!(
                "Voorbeeldgegevens: {} cliënten, {} kwesties, {} contacten (alles verzonnen).",
                summary.clients, summary.cases, summary.contacts
            );
        }
        Command::Import { file } => {
            let refused = |e: &dyn std::fmt::Display| {
                format!("{} geweigerd, er is niets opgeslagen: {e}", file.display())
            };
            // Refused by its size before it is read: a file is read whole into memory.
            let bytes = std::fs::metadata(&file).map(|m| m.len()).unwrap_or(0);
            if bytes > scenario::FILE_MAX {
                return Err(refused(&format!(
                    "het bestand is {} MB; een scenario is ten hoogste {} MB",
                    bytes.div_ceil(1 << 20),
                    scenario::FILE_MAX >> 20
                )));
            }
            let text = std::fs::read_to_string(&file)
                .map_err(|e| format!("{} niet te lezen: {e}", file.display()))?;
            // A file that is not a scenario is refused before the store is opened.
            let parsed = scenario::parse(&text).map_err(|e| refused(&e))?;
            let mut store = open(&path)?;
            let app::imports::Imported { summary, warnings } =
                app::imports::scenario(&mut store, &parsed).map_err(|e| match e {
                    StoreError::Invalid(e) => refused(&e),
                    other => fail(other),
                })?;
            signals_ready(&mut store, chrono::Local::now().date_naive());
            println!(
                "Ingelezen: {} contracten, {} cliënten, {} kwesties, {} contacten, {} tijdregels, {} signalen.",
                summary.contracts,
                summary.clients,
                summary.cases,
                summary.contacts,
                summary.time_entries,
                summary.policy_signals
            );
            for warning in warnings {
                eprintln!("wijzer: let op: {warning}");
            }
        }
        Command::ExportJson { client } => {
            let mut store = open(&path)?;
            let data = store.export(client.as_deref()).map_err(fail)?;
            let text = serde_json::to_string_pretty(&data).map_err(|e| e.to_string())?;
            let mut out = std::io::stdout().lock();
            writeln!(out, "{text}").map_err(|e| format!("schrijven naar stdout mislukt: {e}"))?;
        }
        Command::Signals { today, json } => {
            let store = open(&path)?;
            let today = today.map_or_else(|| chrono::Local::now().date_naive(), |d| d.0);
            let signals = app::signals::on(&store, today).map_err(fail)?;
            let mut out = std::io::stdout().lock();
            let written = if json {
                let text = serde_json::to_string_pretty(&signals).map_err(|e| e.to_string())?;
                writeln!(out, "{text}")
            } else {
                write_signals(&mut out, &signals)
            };
            written.map_err(|e| format!("schrijven naar stdout mislukt: {e}"))?;
        }
        Command::Sheet { case, out } => {
            let mut store = open(&path)?;
            let saved =
                app::sheets::save(&mut store, &case, chrono::Local::now().date_naive(), &out)
                    .map_err(fail)?;
            if saved.unknown_letters > 0 {
                // Counts only: the characters themselves may be part of a name.
                eprintln!(
                    "wijzer: let op: {} soort(en) tekens staan niet in het lettertype en komen als ? op het blad",
                    saved.unknown_letters
                );
            }
            println!(
                "Informatieblad voor kwestie {case} opgeslagen: {}",
                out.display()
            );
        }
        Command::Report {
            municipality,
            period,
            json,
        } => {
            let store = open(&path)?;
            let today = chrono::Local::now().date_naive();
            let bytes =
                app::reports::preview(&store, &municipality, period, today, json).map_err(fail)?;
            std::io::stdout()
                .lock()
                .write_all(&bytes)
                .map_err(|e| format!("schrijven naar stdout mislukt: {e}"))?;
        }
        Command::ExportReport {
            municipality,
            period,
            out,
            recipients,
            correction,
        } => {
            let mut store = open(&path)?;
            let today = chrono::Local::now().date_naive();
            let exported = app::reports::export(
                &mut store,
                &municipality,
                period,
                today,
                &recipients,
                &out,
                correction,
            )
            .map_err(fail)?;
            println!(
                "Halfjaarrapportage {period} voor {municipality} versleuteld en ondertekend: {} (sha256 {})",
                out.display(),
                exported.sha256
            );
            println!(
                "Ondertekend met de sleutel met vingerafdruk {}",
                exported.signer
            );
            if !exported.changes.is_empty() {
                println!(
                    "Correctie: {} cijfer(s) veranderd sinds de vorige export:",
                    exported.changes.len()
                );
                for change in &exported.changes {
                    println!("  {change}");
                }
            }
        }
        Command::SigningKey => {
            let mut store = open(&path)?;
            print!(
                "{}",
                app::reports::signing_public_key(&mut store).map_err(fail)?
            );
        }
        Command::Bundle { .. } => unreachable!("handled before the store is opened"),
        Command::Backup { out } => {
            let mut store = open(&path)?;
            let written = match out {
                Some(out) => store.backup(&out).map(|()| out),
                None => store.backup_generation(),
            }
            .map_err(fail)?;
            println!("Reservekopie gemaakt: {}", written.display());
        }
        Command::Restore { file } => {
            // With the recovery code (a new laptop, a lost passphrase) a new passphrase is set.
            let restored = match std::env::var(RECOVERY_ENV) {
                Ok(code) => {
                    let passphrase = match std::env::var(PASSPHRASE_ENV) {
                        Ok(p) => Zeroizing::new(p),
                        Err(_) => prompt_new_passphrase()?,
                    };
                    Store::restore(
                        &path,
                        &file,
                        &Recovery(Zeroizing::new(code)),
                        Some(&passphrase),
                    )
                }
                // In place of a store set aside as damaged: its own key file stays.
                Err(_) if !path.exists() && KeyFile::path_for(&path).exists() => {
                    let key_file =
                        KeyFile::load(&KeyFile::path_for(&path)).map_err(|e| e.to_string())?;
                    let key = key::KeySource::unlock(&Automatic { prompt: true }, &key_file)
                        .map_err(|e| e.to_string())?;
                    Store::restore_in_place(&path, &file, key).map(|(_, restored)| restored)
                }
                Err(_) => Store::restore(&path, &file, &Automatic { prompt: true }, None),
            }
            .map_err(fail)?;
            println!("Reservekopie teruggezet: {}", file.display());
            if restored.erased_again > 0 {
                println!(
                    "{} cliënt(en) die na deze kopie zijn vernietigd, zijn opnieuw vernietigd.",
                    restored.erased_again
                );
            }
        }
        Command::Erase { client } => {
            let mut store = open(&path)?;
            let erased = store.erase_client(&client).map_err(fail)?;
            println!("Alle gegevens van cliënt {client} zijn vernietigd.");
            if !erased.wal_emptied {
                println!(
                    "Wijzer is elders nog open: de laatste sporen verdwijnen uit het logbestand zodra het daar sluit."
                );
            }
        }
        Command::Recover => recover(&path)?,
    }
    Ok(())
}

fn parse_period(text: &str) -> Result<Period, String> {
    Period::parse(text)
        .ok_or_else(|| "geen geldige periode (verwacht jjjj-H1 of jjjj-H2)".to_string())
}

/// `wijzer bundle open`: every check passes before anything is written, into a new folder.
fn open_bundle(file: &Path, identity: &Path, signer: &str, out: &Path) -> Result<(), String> {
    let manifest =
        app::bundles::open_into(file, identity, signer, out).map_err(|e| e.to_string())?;
    println!(
        "Bundel geopend en gecontroleerd (handtekening en hashes kloppen): {}",
        out.display()
    );
    // The manifest's words, printed as data: only printable characters reach the terminal.
    let plain = |s: &str| s.chars().filter(|c| !c.is_control()).collect::<String>();
    println!(
        "Halfjaarrapportage van gemeente {}, periode {}, gemaakt op {}.",
        plain(&manifest.municipality),
        plain(&manifest.period),
        plain(&manifest.created)
    );
    Ok(())
}

fn parse_day(text: &str) -> Result<Date, String> {
    Date::parse(text).ok_or_else(|| "geen geldige datum (verwacht jjjj-mm-dd)".to_string())
}

/// One line per signal: how urgent, by when, which case or municipality, what to do.
fn write_signals(out: &mut impl Write, signals: &[Signal]) -> std::io::Result<()> {
    if signals.is_empty() {
        return writeln!(out, "Geen signalen: er is niets dat nu moet.");
    }
    for s in signals {
        let urgency = match s.severity {
            Severity::Overdue => "te laat",
            Severity::Due => "te doen",
            Severity::Info => "ter info",
        };
        let due = s.due.map(Date::dutch).unwrap_or_else(|| "-".into());
        let about = s
            .case
            .as_deref()
            .or(s.municipality.as_deref())
            .unwrap_or(&s.contract);
        writeln!(out, "{urgency:<8}  {due:<10}  {about:<14}  {}", s.message)?;
    }
    Ok(())
}

fn default_store() -> Result<PathBuf, String> {
    crate::store::default_path()
        .ok_or_else(|| format!("geen gegevensmap gevonden; geef --store of {STORE_ENV}"))
}

fn print_created(path: &Path, code: &str) {
    println!("Gegevensbestand gemaakt: {}", path.display());
    println!("Herstelcode (schrijf op, bewaar buiten de laptop): {code}");
}

/// Opens the store; a damaged one is set aside and the newest good backup is named.
fn open(path: &Path) -> Result<Store, String> {
    match app::rescue::open(path, &Automatic { prompt: true }) {
        Ok(app::rescue::Opened::Open(store)) => Ok(store),
        Ok(app::rescue::Opened::Damaged(rescue)) => Err(rescue_message(&rescue)),
        Err(e) => Err(e.on_disk_of(path).to_string()),
    }
}

/// One line: what was wrong, where the damaged file went, and the way back.
fn rescue_message(rescue: &app::rescue::Rescue) -> String {
    let what = match (&rescue.set_aside, rescue.earlier) {
        (Some(aside), false) => format!(
            "het gegevensbestand is beschadigd ({}) en is opzij gezet als {}; er is niets weggegooid",
            rescue.detail,
            aside.display()
        ),
        (Some(aside), true) => format!("{} als {}", rescue.detail, aside.display()),
        (None, _) => rescue.detail.clone(),
    };
    match (rescue.backup_path(), rescue.backup.as_ref()) {
        (Some(from), Some(_)) => format!(
            "{what}. De laatste goede reservekopie is van {}: zet die terug met `wijzer restore {}`. {}",
            rescue.backup_made().unwrap_or_default(),
            from.display(),
            rescue.missing()
        ),
        _ => format!(
            "{what}. Geen reservekopie naast het bestand doorstaat de controle; zet een kopie van \
             elders terug met `wijzer restore BESTAND`"
        ),
    }
}

/// Makes a new store; the key goes to the passphrase in the environment, else to the OS
/// credential store, else to a passphrase typed at the terminal.
fn create(path: &Path) -> Result<(Store, key::RecoveryCode), String> {
    let from_env = std::env::var(PASSPHRASE_ENV).ok().map(Zeroizing::new);
    match app::session::create(path, from_env) {
        Err(StoreError::Key(KeyError::PassphraseNeeded)) => {
            app::session::create(path, Some(prompt_new_passphrase()?))
        }
        other => other,
    }
    .map_err(|e| e.to_string())
}

fn prompt_new_passphrase() -> Result<Zeroizing<String>, String> {
    if !std::io::stdin().is_terminal() {
        return Err(KeyError::PassphraseNeeded.to_string());
    }
    let first = Zeroizing::new(
        rpassword::prompt_password("Nieuw wachtwoord: ").map_err(|e| e.to_string())?,
    );
    let second =
        Zeroizing::new(rpassword::prompt_password("Nog een keer: ").map_err(|e| e.to_string())?);
    if first != second {
        return Err("de twee wachtwoorden zijn niet gelijk".into());
    }
    Ok(first)
}

fn recover(path: &Path) -> Result<(), String> {
    // The key file must be there before anyone is asked for anything.
    KeyFile::load(&KeyFile::path_for(path)).map_err(|e| e.to_string())?;
    let code = match std::env::var(RECOVERY_ENV) {
        Ok(code) => Zeroizing::new(code),
        Err(_) if std::io::stdin().is_terminal() => {
            Zeroizing::new(rpassword::prompt_password("Herstelcode: ").map_err(|e| e.to_string())?)
        }
        Err(_) => return Err(format!("geef de herstelcode in {RECOVERY_ENV}")),
    };
    let passphrase = match std::env::var(PASSPHRASE_ENV) {
        Ok(p) => Zeroizing::new(p),
        Err(_) => prompt_new_passphrase()?,
    };
    app::session::recover(path, &code, &passphrase).map_err(|e| e.to_string())?;
    println!("Nieuw wachtwoord ingesteld voor {}", path.display());
    Ok(())
}

/// After an import, the signals the store keeps are brought up to `day` here, so that the app's
/// first Vandaag does not evaluate a whole organisation's cases. The import itself has been
/// saved: when this cannot be written now, Vandaag evaluates them the first time instead.
fn signals_ready(store: &mut Store, day: chrono::NaiveDate) {
    let _ = app::signals::refresh(store, day);
}
