// Cliënt — rechten (Wmo art. 5.3.2–5.3.5): inzage in the whole dossier (a PDF to read and a
// JSON file to take elsewhere), erasure after a confirmation that names what goes and what
// stays, and the clients whose retention term has passed.
import { invoke, datum, vandaagIso } from "../tauri.js";
import { h, knop, dialoogKnop } from "../dom.js";

const aantal = (n, een, meer) => `${n} ${n === 1 ? een : meer}`;

/** The section on the client's screen. */
export function rechtenSectie(v, app) {
  const id = v.client.id;
  return h("section", { "aria-labelledby": "rechten-kop" },
    h("h2", { id: "rechten-kop" }, "Rechten van de cliënt"),
    h("p", {}, "De cliënt mag alles inzien wat over hem of haar is vastgelegd, en mag vragen om alles te vernietigen."),
    h("div", { class: "knoppen" },
      dialoogKnop("Inzage", () => invoke("inzage_export", { client: id }),
        (r) => `De inzage is opgeslagen: ${r.pdf} om te lezen en ${r.json} om mee te nemen.`, app),
      knop("Vernietigen", { class: "gevaar", onclick: () => app.ga(`#/client/${encodeURIComponent(id)}/vernietigen`) })));
}

/** The confirmation: what goes, what stays, then the erasure itself. */
export const vernietigen = {
  async toon([id], app) {
    const v = await invoke("client_get", { id });
    const c = v.client;
    const gaat = [
      "de gegevens van de cliënt: naam, geboortedatum, adres, telefoon en e-mail",
      aantal(c.consents.length, "toestemming", "toestemmingen"),
      `${aantal(v.cases.length, "kwestie", "kwesties")}, met de doelen en acties`,
      `${aantal(v.contacts, "contact", "contacten")}, met de verslagen`,
      aantal(v.time_entries, "tijdregel", "tijdregels"),
      "de regels in het logboek die de cliënt noemen",
    ];
    const fout = h("p", { class: "formfout", role: "alert" });
    const bevestig = knop("Definitief vernietigen", {
      class: "gevaar",
      onclick: async () => {
        bevestig.disabled = true;
        fout.textContent = "";
        try {
          const r = await invoke("client_erase", { id });
          app.meld(r.wal_emptied
            ? "De gegevens zijn vernietigd. In het logboek staat alleen dat er een vernietiging was."
            : "De gegevens zijn vernietigd. Een ander programma had het gegevensbestand open; de laatste sporen verdwijnen de volgende keer dat Wijzer start.");
          app.ga("#/clienten");
          app.telling();
        } catch (e) {
          bevestig.disabled = false;
          if (e && e.kind === "locked") app.fout(e);
          else fout.textContent = e && e.message ? e.message : String(e);
        }
      },
    });
    return [
      h("h1", {}, `Gegevens van ${c.name} vernietigen`),
      h("p", {}, "Doe dit alleen als de cliënt erom vraagt, of als de bewaartermijn voorbij is. Het kan niet ongedaan worden gemaakt."),
      h("section", { "aria-labelledby": "gaat-kop" },
        h("h2", { id: "gaat-kop" }, "Wat verdwijnt"),
        h("ul", {}, gaat.map((t) => h("li", {}, t)))),
      h("section", { "aria-labelledby": "blijft-kop" },
        h("h2", { id: "blijft-kop" }, "Wat blijft"),
        h("ul", {},
          h("li", {}, "Alleen dat er op deze dag een vernietiging was, zonder naam of nummer."),
          h("li", {}, "Halfjaarrapporten die al naar de gemeente gingen; daarin staan geen namen."),
          h("li", {}, "Wordt later een oudere reservekopie teruggezet, dan vernietigt Wijzer deze cliënt daarin opnieuw."))),
      h("div", { class: "knoppen" }, bevestig,
        h("a", { href: `#/client/${encodeURIComponent(id)}`, class: "terug" }, "Annuleren")),
      fout,
    ];
  },
};

/** The clients whose retention term has passed (or ends soon), for the Cliënten screen. */
export async function bewaartermijn(app) {
  const lijst = await invoke("retention_list", { today: vandaagIso() });
  if (lijst.length === 0) return null;
  return h("section", { "aria-labelledby": "bewaar-kop" },
    h("h2", { id: "bewaar-kop" }, "Bewaartermijn voorbij"),
    h("p", {}, "Van deze cliënten zijn alle kwesties afgesloten en is de bewaartermijn voorbij of bijna voorbij. Vernietig hun gegevens."),
    h("table", {},
      h("caption", { class: "verborgen" }, "Cliënten van wie de bewaartermijn voorbij is"),
      h("thead", {}, h("tr", {},
        h("th", { scope: "col" }, "Cliënt"),
        h("th", { scope: "col" }, "Bewaartermijn"),
        h("th", { scope: "col" }, h("span", { class: "verborgen" }, "Actie")))),
      h("tbody", {}, lijst.map((r, i) => h("tr", {},
        h("td", { id: `bewaar-${i}` }, h("a", { href: `#/client/${encodeURIComponent(r.client_id)}` }, r.client_name)),
        h("td", {}, r.passed ? `voorbij sinds ${datum(r.expires)}` : `loopt af op ${datum(r.expires)}`),
        h("td", {}, knop("Vernietigen", {
          class: "gevaar",
          "aria-describedby": `bewaar-${i}`,
          onclick: () => app.ga(`#/client/${encodeURIComponent(r.client_id)}/vernietigen`),
        })))))));
}
