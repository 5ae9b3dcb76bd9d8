// Tijd: client-bound and other hours, this week and this year, against the contract's budget;
// other hours (scholing, overleg met de gemeente…) are written here.
import { invoke, datum, vandaagIso, vandaagNl, uren } from "../tauri.js";
import { h, veld, knop, bijVersturen } from "../dom.js";

export async function toon(_params, app) {
  const [t, keuzes] = await Promise.all([invoke("time_summary", { today: vandaagIso() }), app.keuzes()]);
  const blok = (titel, totaal) => h("div", { class: "blok" },
    h("h2", {}, titel),
    h("dl", {},
      h("dt", {}, "Cliëntgebonden"), h("dd", {}, uren(totaal.client_bound)),
      h("dt", {}, "Overige uren"), h("dd", {}, uren(totaal.other)),
      h("dt", {}, "Samen"), h("dd", {}, uren(totaal.client_bound + totaal.other))));

  const budgetten = t.budgets.map((b, i) => {
    const kop = h("h3", { id: `budget-${i}` }, `${b.title} (${b.municipalities.join(", ")})`);
    if (b.hours_per_year == null) {
      return h("div", { class: "budget" }, kop,
        h("p", {}, `Dit contract noemt geen budget in uren. Dit jaar cliëntgebonden: ${uren(b.used_minutes)}.`));
    }
    const van = b.hours_per_year * 60;
    const deel = van ? Math.round((b.used_minutes / van) * 100) : 0;
    return h("div", { class: "budget" }, kop,
      h("p", {}, `${uren(b.used_minutes)} van ${b.hours_per_year} uur cliëntgebonden in ${t.year} (${deel}%).`),
      h("progress", { max: String(van), value: String(Math.min(b.used_minutes, van)), "aria-labelledby": `budget-${i}` }));
  });

  const overig = keuzes.activities.filter((a) => !["voorbereiding", "dossiervorming", "uitzoekwerk", "registratie", "overleg", "contact"].includes(a.code));
  const form = h("form", { novalidate: true, "aria-labelledby": "uren-kop" },
    veld("Datum", "on", { waarde: vandaagNl(), hulp: "dd-mm-jjjj", autocomplete: "off" }),
    veld("Duur (minuten)", "minutes", { inputmode: "numeric", autocomplete: "off" }),
    veld("Activiteit", "activity", { soort: "select", keuzes: overig.map((c) => [c.code, c.label]) }),
    veld("Gemeente", "municipality", { soort: "select", keuzes: keuzes.municipalities.map((m) => [m, m]) }),
    h("div", { class: "knoppen" }, knop("Uren vastleggen", { hoofd: true, soort: "submit" })));
  bijVersturen(form, (w) => invoke("time_add", { form: w }), () => {
    app.meld("De uren zijn vastgelegd.");
    app.ga("#/tijd");
  });

  return [
    h("h1", {}, "Tijd"),
    h("div", { class: "blokken" },
      blok(`Deze week (${datum(t.week_from)} t/m ${datum(t.week_to)})`, t.week),
      blok(`Dit jaar (${t.year})`, t.this_year)),
    h("section", { "aria-labelledby": "budget-kop" }, h("h2", { id: "budget-kop" }, "Budget van het contract"), budgetten),
    h("section", { "aria-labelledby": "uren-kop" }, h("h2", { id: "uren-kop" }, "Andere uren vastleggen"),
      h("p", {}, "Uren voor een cliënt schrijft u op de kwestie."), form),
  ];
}
