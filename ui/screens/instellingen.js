// Instellingen: the profile; each contract's rules, municipalities, municipality key and
// archive key, and a new contract; the signing key
// to give to the municipality; backups (made now, listed, restored); the passphrase and the
// recovery code; and locking, now or after an idle time.
import { invoke, datum, tijd } from "../tauri.js";
import { h, veld, knop, bijVersturen, toonFout, wisFouten, waarden, dialoogKnop } from "../dom.js";

const ADRES = "#/instellingen";
const grootte = (bytes) => (bytes >= 1048576 ? `${(bytes / 1048576).toFixed(1).replace(".", ",")} MB` : `${Math.max(1, Math.round(bytes / 1024))} kB`);
const sectie = (kopId, titel, ...inhoud) => h("section", { "aria-labelledby": kopId }, h("h2", { id: kopId }, titel), ...inhoud);

function profiel(s, app) {
  const o = s.organisation || {};
  const m = s.supporter || {};
  const form = h("form", { novalidate: true, "aria-labelledby": "profiel-kop" },
    h("fieldset", {}, h("legend", {}, "Uw organisatie"),
      veld("Naam van de organisatie", "organisation", { waarde: o.name || "", autocomplete: "organization" }),
      veld("Adres van de organisatie", "organisation_address", { waarde: o.address || "" }),
      veld("Telefoon van de organisatie", "organisation_phone", { soort: "tel", waarde: o.phone || "" }),
      veld("E-mail van de organisatie", "organisation_email", { soort: "email", waarde: o.email || "" }),
      veld("Website", "website", { waarde: o.website || "" }),
      veld("Klachtenregeling", "complaints", { soort: "textarea", rows: 2, waarde: o.complaints || "", hulp: "Waar een cliënt terecht kan met een klacht; dit staat op het informatieblad." })),
    h("fieldset", {}, h("legend", {}, "Uzelf"),
      veld("Uw naam", "name", { waarde: m.name || "", autocomplete: "name" }),
      veld("Uw telefoon", "phone", { soort: "tel", waarde: m.phone || "", autocomplete: "tel" }),
      veld("Uw e-mail", "email", { soort: "email", waarde: m.email || "", autocomplete: "email" })),
    h("div", { class: "knoppen" }, knop("Gegevens opslaan", { soort: "submit" })));
  bijVersturen(form, (w) => invoke("profile_save", { form: w }), () => {
    app.meld("Uw gegevens zijn opgeslagen.");
    app.ga(ADRES);
  });
  return form;
}

function contracten(s, app) {
  return s.contracts.map((c, i) => {
    const kop = `contract-${i}-kop`;
    const sleutel = h("form", { novalidate: true, "aria-label": `Sleutel van de gemeente, contract ${c.id}` },
      veld(`Sleutel van de gemeente (${c.municipalities.join(", ")})`, "recipient", {
        waarde: c.recipient, autocomplete: "off", spellcheck: "false",
        hulp: "Begint met age1. Alleen wie de bijbehorende geheime sleutel heeft, kan de rapporten openen.",
      }),
      knop(`Sleutel van contract ${c.id} opslaan`, { soort: "submit" }));
    bijVersturen(sleutel, (w) => invoke("recipient_save", { contract: c.id, recipient: w.recipient }), () => {
      app.meld("De sleutel van de gemeente is opgeslagen.");
      app.ga(ADRES);
    });
    const archief = h("form", { novalidate: true, "aria-label": `Archiefsleutel, contract ${c.id}` },
      veld(`Archiefsleutel van contract ${c.id} (niet verplicht)`, "archive", {
        waarde: c.archive || "", autocomplete: "off", spellcheck: "false",
        hulp: "De age-sleutel van uw eigen organisatie: dan kan die de rapporten ook openen. Laat leeg om hem weg te halen.",
      }),
      knop(`Archiefsleutel van contract ${c.id} opslaan`, { soort: "submit" }));
    bijVersturen(archief, (w) => invoke("archive_save", { contract: c.id, archive: w.archive }), () => {
      app.meld("De archiefsleutel is opgeslagen.");
      app.ga(ADRES);
    });
    const regels = h("form", { novalidate: true, "aria-label": `Regels en gemeenten, contract ${c.id}` },
      h("input", { type: "hidden", name: "id", value: c.id }),
      veld(`Regels van contract ${c.id}`, "rule_set", { soort: "select", keuzes: s.rule_sets.map((r) => [r.name, r.title]), waarde: c.rule_set }),
      veld(`Gemeenten van contract ${c.id}`, "municipalities", {
        soort: "textarea", rows: Math.max(2, c.municipalities.length), waarde: c.municipalities.join("\n"),
        hulp: "Eén gemeente per regel. Een gemeente met cliënten, tijd, signalen of rapporten blijft staan.",
      }),
      knop(`Contract ${c.id} opslaan`, { soort: "submit" }));
    bijVersturen(regels, (w) => invoke("contract_change", { form: w }), () => {
      app.vergeetKeuzes();
      app.meld("Het contract is opgeslagen.");
      app.ga(ADRES);
      app.telling();
    });
    return h("div", { class: "blok" },
      h("h3", { id: kop }, `Contract ${c.id}`),
      regels, sleutel, archief);
  });
}

function nieuwContract(s, app) {
  const form = h("form", { novalidate: true, "aria-labelledby": "nieuw-contract-kop" },
    h("h3", { id: "nieuw-contract-kop" }, "Nieuw contract"),
    veld("Naam van het contract", "id", { hulp: "Kort, zonder spaties, bijvoorbeeld hoorn-2027.", autocomplete: "off" }),
    veld("Regels", "rule_set", { soort: "select", keuzes: s.rule_sets.map((r) => [r.name, r.title]) }),
    veld("Gemeenten", "municipalities", { soort: "textarea", rows: 2, hulp: "Eén gemeente per regel." }),
    veld("Sleutel van de gemeente", "recipient", { autocomplete: "off", spellcheck: "false", hulp: "Begint met age1; de gemeente geeft u deze bij het contract." }),
    knop("Contract toevoegen", { soort: "submit" }));
  bijVersturen(form, (w) => invoke("contract_add", { form: w }), () => {
    app.vergeetKeuzes();
    app.meld("Het contract is toegevoegd.");
    app.ga(ADRES);
    app.telling();
  });
  return form;
}

function ondertekening(s, app) {
  return [
    h("p", {}, "Met deze sleutel ondertekent Wijzer elk rapport. Geef de gemeente de publieke sleutel hieronder; zij controleert ermee dat het rapport van u komt en niet veranderd is."),
    h("dl", { class: "controle" },
      h("dt", {}, "Vingerafdruk"), h("dd", { class: "code" }, s.fingerprint),
      h("dt", {}, "Publieke sleutel"), h("dd", {}, h("pre", { class: "code sleutel" }, s.signing_key.trim()))),
    h("div", { class: "knoppen" },
      dialoogKnop("Publieke sleutel opslaan", () => invoke("signing_key_export", { fingerprint: s.fingerprint }),
        (naam) => `De publieke sleutel is opgeslagen als ${naam}.`, app)),
  ];
}

function reservekopieen(s, app) {
  const terugzetten = h("div", { class: "terugzetten" });
  const lijst = s.backups.length === 0
    ? h("p", {}, "Nog geen reservekopieën.")
    : h("table", {},
      h("caption", { class: "verborgen" }, "Reservekopieën, de nieuwste eerst"),
      h("thead", {}, h("tr", {},
        h("th", { scope: "col" }, "Gemaakt op"),
        h("th", { scope: "col" }, "Grootte"),
        h("th", { scope: "col" }, h("span", { class: "verborgen" }, "Actie")))),
      h("tbody", {}, s.backups.map((b, i) => h("tr", {},
        h("td", { id: `kopie-${i}` }, b.made ? `${datum(b.made)} om ${tijd(b.made)}` : b.name),
        h("td", {}, grootte(b.bytes)),
        h("td", {}, knop("Terugzetten", {
          "aria-describedby": `kopie-${i}`,
          onclick: () => toonTerugzetten(b, i),
        }))))));

  function toonTerugzetten(b, i) {
    const wanneer = b.made ? `${datum(b.made)} om ${tijd(b.made)}` : b.name;
    const form = h("form", { novalidate: true, "aria-labelledby": "terugzetten-kop" },
      h("h3", { id: "terugzetten-kop", tabindex: "-1" }, `Reservekopie van ${wanneer} terugzetten`),
      h("p", {}, "Alles wat u daarna vastlegde, gaat verloren. Wijzer controleert de kopie eerst; pas als die in orde is, wordt de huidige vervangen. De huidige gegevens blijven bewaard in de map met reservekopieën. Cliënten die sindsdien vernietigd zijn, vernietigt Wijzer in de kopie opnieuw."),
      veld("Wachtwoord van deze reservekopie", "passphrase", { soort: "password", autocomplete: "current-password", hulp: "Het wachtwoord dat gold toen de kopie gemaakt werd." }),
      h("div", { class: "knoppen" },
        knop("Nu terugzetten", { hoofd: true, soort: "submit" }),
        knop("Annuleren", { onclick: () => terugzetten.replaceChildren() })));
    form.addEventListener("submit", async (ev) => {
      ev.preventDefault();
      wisFouten(form);
      const knopEl = form.querySelector("button[type=submit]");
      knopEl.disabled = true;
      try {
        const r = await invoke("backup_restore", { name: s.backups[i].name, passphrase: form.elements.passphrase.value });
        form.elements.passphrase.value = "";
        app.meld(r.erased_again
          ? `De reservekopie is teruggezet; ${r.erased_again} cliënt(en) die sindsdien vernietigd zijn, zijn opnieuw vernietigd.`
          : "De reservekopie is teruggezet.");
        app.ga(ADRES);
        app.telling();
      } catch (e) {
        knopEl.disabled = false;
        if (e && e.kind === "locked") app.fout(e);
        else toonFout(form, e);
      }
    });
    terugzetten.replaceChildren(form);
    form.querySelector("h3").focus();
  }

  const maken = knop("Back-up maken", {
    hoofd: true,
    onclick: async () => {
      maken.disabled = true;
      try {
        const b = await invoke("backup_make");
        app.meld(`Reservekopie gemaakt: ${b.name}.`);
        app.ga(ADRES);
      } catch (e) {
        maken.disabled = false;
        app.fout(e);
      }
    },
  });
  return [
    h("p", {}, "Wijzer bewaart de laatste tien reservekopieën, versleuteld, in de map backups naast uw gegevens. Kopieer ze ook naar een USB-stick: een kopie op dezelfde laptop helpt niet als de laptop kwijt is."),
    h("div", { class: "knoppen" }, maken),
    lijst,
    terugzetten,
  ];
}

function wachtwoord(app) {
  const form = h("form", { novalidate: true, "aria-labelledby": "wachtwoord-kop" },
    veld("Huidig wachtwoord", "current", { soort: "password", autocomplete: "current-password" }),
    veld("Nieuw wachtwoord", "new_passphrase", { soort: "password", autocomplete: "new-password", hulp: "Minstens 10 tekens." }),
    veld("Nieuw wachtwoord herhalen", "new_passphrase_again", { soort: "password", autocomplete: "new-password" }),
    h("div", { class: "knoppen" }, knop("Wachtwoord wijzigen", { soort: "submit" })));
  bijVersturen(form, (w) => invoke("passphrase_change", { form: w }), () => {
    for (const el of form.querySelectorAll("input")) el.value = "";
    app.meld("Uw wachtwoord is gewijzigd. Reservekopieën van vóór vandaag openen met het oude wachtwoord.");
  });
  return form;
}

function herstelcode() {
  const uitkomst = h("div", {});
  const form = h("form", { novalidate: true, "aria-labelledby": "herstel-kop" },
    h("p", {}, "Kwijt, of heeft iemand anders de herstelcode gezien? Maak een nieuwe; de oude werkt dan niet meer."),
    veld("Huidig wachtwoord", "current", { soort: "password", autocomplete: "current-password" }),
    h("div", { class: "knoppen" }, knop("Nieuwe herstelcode maken", { soort: "submit" })));
  form.addEventListener("submit", async (ev) => {
    ev.preventDefault();
    wisFouten(form);
    try {
      const r = await invoke("recovery_renew", { current: waarden(form).current });
      form.elements.current.value = "";
      uitkomst.replaceChildren(
        h("p", { tabindex: "-1", id: "nieuwe-code-uitleg" }, "Uw nieuwe herstelcode. Schrijf hem op papier en bewaar hem op een veilige plek, niet bij de laptop. Wijzer laat hem maar één keer zien."),
        h("p", { class: "herstelcode" }, r.recovery_code));
      uitkomst.querySelector("p").focus();
    } catch (e) {
      toonFout(form, e);
    }
  });
  return [form, uitkomst];
}

function vergrendelen(s, app) {
  const keuzes = [[0, "Nooit"], [1, "Na 1 minuut"], [5, "Na 5 minuten"], [10, "Na 10 minuten"], [15, "Na 15 minuten"], [30, "Na 30 minuten"], [60, "Na een uur"]];
  if (!keuzes.some(([m]) => m === s.idle_lock_minutes)) keuzes.push([s.idle_lock_minutes, `Na ${s.idle_lock_minutes} minuten`]);
  const form = h("form", { novalidate: true, "aria-labelledby": "vergrendel-kop" },
    veld("Automatisch vergrendelen", "idle_lock_minutes", {
      soort: "select", keuzes: keuzes.map(([m, t]) => [String(m), t]), waarde: String(s.idle_lock_minutes),
      hulp: "Als u Wijzer zo lang niet gebruikt, sluit Wijzer uw gegevens af; uw wachtwoord opent ze weer. Wat u aan het typen was, blijft bewaard.",
    }),
    h("div", { class: "knoppen" }, knop("Vergrendeling opslaan", { soort: "submit" })));
  bijVersturen(form, (w) => invoke("idle_lock_save", { minutes: w.idle_lock_minutes }), () => {
    app.meld("Opgeslagen.");
    app.vergrendelNa(Number(form.elements.idle_lock_minutes.value));
  });
  return [
    h("div", { class: "knoppen" }, knop("Nu vergrendelen", { onclick: () => app.vergrendel() })),
    form,
  ];
}

export async function toon(_params, app) {
  const s = await invoke("settings_get");
  return [
    h("h1", {}, "Instellingen"),
    sectie("profiel-kop", "Uw gegevens", profiel(s, app)),
    sectie("contracten-kop", "Contracten en sleutels", ...contracten(s, app), nieuwContract(s, app)),
    sectie("onderteken-kop", "Uw ondertekensleutel", ...ondertekening(s, app)),
    sectie("kopie-kop", "Reservekopieën", ...reservekopieen(s, app)),
    sectie("wachtwoord-kop", "Wachtwoord wijzigen", wachtwoord(app)),
    sectie("herstel-kop", "Herstelcode", ...herstelcode()),
    sectie("vergrendel-kop", "Vergrendelen", ...vergrendelen(s, app)),
  ];
}
