// Signalen voor beleid: what the supporter sees in how the Wmo works out, per municipality and
// half year, without anything that points to a client. A signal goes into the half-year report
// only once released, and releasing runs the privacy scan; a released signal is held back
// before it can be changed.
import { invoke, datum, vandaagNl } from "../tauri.js";
import { h, veld, knop, waarden, toonFout, wisFouten } from "../dom.js";
import { nieuwMetConcept } from "../concept.js";
import { halfjaren } from "./rapportage.js";

const label = (lijst, code) => (lijst.find((k) => k.code === code) || { label: code }).label;
const halfjaarNaam = (p) => p.replace("-H1", ", eerste helft").replace("-H2", ", tweede helft");

export async function toon([gekozenGemeente, gekozenPeriode], app) {
  const keuzes = await app.keuzes();
  const gemeenten = keuzes.municipalities;
  const gemeente = gemeenten.includes(gekozenGemeente) ? gekozenGemeente : gemeenten[0];
  const perioden = halfjaren();
  const periode = gekozenPeriode && /^\d{4}-H[12]$/.test(gekozenPeriode) ? gekozenPeriode : perioden[0];
  if (!perioden.includes(periode)) perioden.push(periode);
  const adres = `#/beleid/${encodeURIComponent(gemeente)}/${encodeURIComponent(periode)}`;
  const signalen = await invoke("policy_list", { municipality: gemeente, period: periode });

  const kiesGemeente = veld("Gemeente", "municipality", { soort: "select", keuzes: gemeenten.map((m) => [m, m]), waarde: gemeente });
  const kiesPeriode = veld("Halfjaar", "period", { soort: "select", keuzes: perioden.map((p) => [p, halfjaarNaam(p)]), waarde: periode });
  for (const s of [kiesGemeente, kiesPeriode]) {
    s.querySelector("select").addEventListener("change", () => {
      const m = kiesGemeente.querySelector("select").value;
      const p = kiesPeriode.querySelector("select").value;
      app.ga(`#/beleid/${encodeURIComponent(m)}/${encodeURIComponent(p)}`);
    });
  }
  const soorten = keuzes.signal_categories.map((c) => [c.code, c.label]);

  const lijst = signalen.length === 0
    ? h("p", {}, `Nog geen signalen voor ${gemeente} in ${halfjaarNaam(periode)}.`)
    : h("ol", { class: "beleid" }, signalen.map((s, i) => {
      const n = i + 1;
      const tekstId = `signaal-${n}-tekst`;
      const wijzigen = s.released ? null : h("form", { novalidate: true, "aria-label": `Signaal ${n} wijzigen` },
        h("input", { type: "hidden", name: "municipality", value: s.municipality }),
        veld(`Signaal ${n}: datum`, "on", { waarde: datum(s.on), hulp: "dd-mm-jjjj", autocomplete: "off" }),
        veld(`Signaal ${n}: soort`, "category", { soort: "select", keuzes: soorten, waarde: s.category }),
        veld(`Signaal ${n}: tekst`, "text", { soort: "textarea", waarde: s.text, rows: 3 }),
        knop(`Signaal ${n} opslaan`, { soort: "submit" }));
      const details = wijzigen ? h("details", { class: "wijzig" }, h("summary", {}, `Signaal ${n} wijzigen`), wijzigen) : null;
      if (wijzigen) {
        wijzigen.addEventListener("submit", async (ev) => {
          ev.preventDefault();
          wisFouten(wijzigen);
          try {
            await invoke("policy_save", { form: { ...waarden(wijzigen), id: s.id } });
            app.meld(`Signaal ${n} is gewijzigd.`);
            app.ga(adres);
          } catch (e) {
            toonFout(wijzigen, e);
          }
        });
      }
      const fout = h("p", { class: "formfout", role: "alert" });
      const actie = s.released
        ? knop("Tegenhouden", { "aria-describedby": tekstId, onclick: () => zet("policy_hold_back", `Signaal ${n} gaat niet meer mee in het rapport.`) })
        : knop("Vrijgeven", { "aria-describedby": tekstId, onclick: () => zet("policy_release", `Signaal ${n} is vrijgegeven en gaat mee in het rapport van ${periode}.`) });
      async function zet(opdracht, bericht) {
        fout.textContent = "";
        try {
          await invoke(opdracht, { id: s.id });
          app.meld(bericht);
          app.ga(adres);
        } catch (e) {
          // A refusal of the text is shown next to the text, in the open change form.
          if (e && e.field === "text" && wijzigen) {
            details.open = true;
            toonFout(wijzigen, { ...e, message: `Niet vrijgegeven: ${e.message}` });
          } else if (e && e.kind === "locked") {
            app.fout(e);
          } else {
            fout.textContent = e && e.message ? e.message : String(e);
          }
        }
      }
      return h("li", { class: `beleidsignaal ${s.released ? "vrij" : "vast"}` },
        h("p", { class: "kopregel" }, `Signaal ${n} · ${datum(s.on)} · ${label(keuzes.signal_categories, s.category)} · `,
          h("span", { class: "status" }, s.released ? "vrijgegeven: gaat mee in het rapport" : "niet vrijgegeven")),
        h("p", { class: "verslag", id: tekstId }, s.text),
        h("div", { class: "knoppen" }, actie),
        fout,
        details);
    }));

  const nieuw = h("form", { novalidate: true, "aria-labelledby": "nieuw-signaal-kop" },
    h("input", { type: "hidden", name: "municipality", value: gemeente }),
    veld("Datum", "on", { waarde: vandaagNl(), hulp: "dd-mm-jjjj", autocomplete: "off" }),
    veld("Soort", "category", { soort: "select", keuzes: soorten }),
    veld("Signaal", "text", {
      soort: "textarea", rows: 4,
      hulp: "Wat loopt er mis of goed, en hoe vaak? Zonder namen, adressen, telefoonnummers of andere gegevens van cliënten.",
    }),
    h("div", { class: "knoppen" }, knop("Signaal opslaan", { hoofd: true, soort: "submit" })));
  const status = await nieuwMetConcept(nieuw, `policy:nieuw:${gemeente.replace(/[^A-Za-z0-9_-]/g, "_")}`,
    (w) => invoke("policy_save", { form: w }),
    () => {
      app.meld("Het signaal is opgeslagen. Geef het vrij als het mee moet in het rapport.");
      app.ga(adres);
    });

  return [
    h("h1", {}, "Signalen voor beleid"),
    h("p", {}, "Wat u in uw werk ziet aan knelpunten en kansen, voor de gemeente. Een signaal gaat pas mee in de halfjaarrapportage als u het vrijgeeft. Wijzer houdt het tegen als er een naam, adres, telefoonnummer, e-mailadres, geboortedatum of BSN van een cliënt in staat."),
    h("div", { class: "keuzes" }, kiesGemeente, kiesPeriode),
    h("section", { "aria-labelledby": "signalen-kop" },
      h("h2", { id: "signalen-kop" }, `Signalen voor ${gemeente}, ${halfjaarNaam(periode)}`),
      lijst),
    h("section", { "aria-labelledby": "nieuw-signaal-kop" },
      h("h2", { id: "nieuw-signaal-kop" }, "Nieuw signaal"),
      status, nieuw),
  ];
}
