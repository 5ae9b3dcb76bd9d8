// Rapportage: the half-year report of a municipality, previewed exactly as it will leave (the
// rows of rapport.csv, "<5" and "x" included), and exported as a signed, encrypted bundle.
import { invoke, vandaagIso } from "../tauri.js";
import { h, veld, knop } from "../dom.js";

/** The half years to choose from: this one, the one just finished (chosen: it is the one due),
 * and the four before it (a late report, or a correction). */
export function halfjaren(nu = new Date()) {
  let jaar = nu.getFullYear();
  let helft = nu.getMonth() < 6 ? 1 : 2;
  const lijst = [];
  for (let i = 0; i < 6; i++) {
    lijst.push(`${jaar}-H${helft}`);
    if (helft === 2) helft = 1;
    else { helft = 2; jaar -= 1; }
  }
  return lijst;
}

function tabel(sectie, i) {
  const kop = `sectie-${i}`;
  const signaal = sectie.name === "signaal";
  return h("section", { "aria-labelledby": kop },
    h("h3", { id: kop }, sectie.title),
    h("table", { class: "voorbeeld" },
      h("caption", { class: "verborgen" }, sectie.title),
      h("thead", {}, h("tr", {},
        h("th", { scope: "col" }, signaal ? "Datum" : "Omschrijving"),
        h("th", { scope: "col" }, signaal ? "Signaal" : "Waarde"))),
      h("tbody", {}, sectie.rows.map((r) => h("tr", {},
        h("td", {}, r.label),
        h("td", { class: signaal ? "" : "getal" }, r.value))))));
}

/** Opened from a signal on Vandaag (#/rapportage/Enkhuizen/2026-H1), municipality and half
 * year are chosen already. */
export async function toon([gekozenGemeente, gekozenPeriode], app) {
  const keuzes = await app.keuzes();
  const perioden = halfjaren();
  if (gekozenPeriode && !perioden.includes(gekozenPeriode)) perioden.push(gekozenPeriode);
  const gemeente = veld("Gemeente", "municipality", {
    soort: "select", keuzes: keuzes.municipalities.map((m) => [m, m]),
    waarde: keuzes.municipalities.includes(gekozenGemeente) ? gekozenGemeente : "",
  });
  const halfjaar = veld("Halfjaar", "period", {
    soort: "select", keuzes: perioden.map((p) => [p, p.replace("-H1", ", eerste helft").replace("-H2", ", tweede helft")]),
    waarde: gekozenPeriode || perioden[1],
  });
  const kiesGemeente = gemeente.querySelector("select");
  const kiesPeriode = halfjaar.querySelector("select");

  const uitleg = h("p", { class: "uitleg" });
  const voorbeeld = h("div", { id: "voorbeeld", "aria-live": "off" });
  const voortgang = h("div", { class: "voortgang", role: "status" });
  const uitkomst = h("div", { class: "uitkomst" });
  const fout = h("p", { class: "formfout", role: "alert" });
  let huidig = null;
  let vraag = 0;

  async function laad() {
    const nummer = ++vraag;
    fout.textContent = "";
    try {
      const p = await invoke("report_preview", {
        municipality: kiesGemeente.value, period: kiesPeriode.value, today: vandaagIso(),
      });
      if (nummer !== vraag) return;
      huidig = p;
      uitleg.textContent = p.correction
        ? `Dit halfjaar is al eerder geëxporteerd. Een nieuwe export is correctie ${p.correction}, en gaat alleen als er een cijfer veranderd is.`
        : `Dit is precies wat gemeente ${p.municipality} over ${p.period} ontvangt. Aantallen onder de 5 staan als "<5"; een "x" verbergt een aantal dat anders terug te rekenen is.`;
      voorbeeld.replaceChildren(
        h("h2", { id: "voorbeeld-kop" }, `Voorbeeld: ${p.municipality}, ${p.period}`),
        ...p.sections.map(tabel));
    } catch (e) {
      if (nummer !== vraag) return;
      huidig = null;
      voorbeeld.replaceChildren();
      uitleg.textContent = "";
      fout.textContent = e && e.message ? e.message : String(e);
    }
  }

  const exporteren = knop("Exporteren", {
    hoofd: true,
    onclick: async () => {
      if (!huidig) return;
      fout.textContent = "";
      uitkomst.replaceChildren();
      exporteren.disabled = true;
      exporteren.setAttribute("aria-busy", "true");
      voortgang.replaceChildren(
        h("progress", { "aria-label": "Voortgang van de export" }),
        h("span", {}, " Kies waar het rapport komt; daarna wordt het gemaakt, ondertekend en versleuteld…"));
      try {
        const r = await invoke("report_export", {
          municipality: huidig.municipality, period: huidig.period, correction: huidig.correction > 0,
        });
        voortgang.replaceChildren();
        if (r) {
          uitkomst.replaceChildren(
            h("h2", { id: "uitkomst-kop", tabindex: "-1" }, "Het rapport is geëxporteerd"),
            h("p", {}, `Opgeslagen als ${r.file}, ondertekend en versleuteld voor gemeente ${huidig.municipality}. Stuur het bestand naar de gemeente; alleen zij kan het openen.`),
            h("dl", { class: "controle" },
              h("dt", {}, "SHA-256 van het bestand"), h("dd", { class: "code" }, r.sha256),
              h("dt", {}, "Vingerafdruk van uw ondertekensleutel"), h("dd", { class: "code" }, r.signer)),
            r.changes.length ? h("div", {},
              h("p", {}, `Correctie: ${r.changes.length} cijfer(s) veranderd sinds de vorige export:`),
              h("ul", {}, r.changes.map((c) => h("li", {}, c)))) : "");
          app.meld(`Het rapport is geëxporteerd als ${r.file}.`);
          app.telling();
          await laad();
          uitkomst.querySelector("h2").focus();
        } else {
          voortgang.textContent = "Niet geëxporteerd: er is geen plek gekozen.";
        }
      } catch (e) {
        voortgang.replaceChildren();
        fout.textContent = e && e.message ? e.message : String(e);
      } finally {
        exporteren.disabled = false;
        exporteren.removeAttribute("aria-busy");
      }
    },
  });

  kiesGemeente.addEventListener("change", () => { uitkomst.replaceChildren(); laad(); });
  kiesPeriode.addEventListener("change", () => { uitkomst.replaceChildren(); laad(); });
  await laad();

  return [
    h("h1", {}, "Rapportage"),
    h("p", {}, "Het halfjaarrapport per gemeente: zonder namen, kleine aantallen verborgen, ondertekend met uw sleutel en versleuteld zodat alleen de gemeente het kan openen."),
    h("div", { class: "keuzes" }, gemeente, halfjaar),
    uitleg,
    h("div", { class: "knoppen" }, exporteren),
    voortgang,
    fout,
    uitkomst,
    voorbeeld,
  ];
}
