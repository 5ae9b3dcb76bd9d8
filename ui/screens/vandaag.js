// Vandaag: what the contract's rules say needs doing, most urgent first, each with what clears
// it, the client it is about and a link to the case.
import { invoke, datum, vandaagIso, vandaagNl, vooraf, VANDAAG_STAP as STAP } from "../tauri.js";
import { h } from "../dom.js";

const ernst = { overdue: "Te laat", due: "Binnenkort", info: "Ter info" };

export async function toon(_params, app, getoond = STAP) {
  const gevraagd = getoond === STAP ? vooraf("vandaag") : null;
  const t = await (gevraagd || invoke("vandaag", { today: vandaagIso(), shown: getoond }));
  app.zetTeller(t);
  const kop = h("h1", {}, `Vandaag, ${vandaagNl()}`);
  if (t.signals.length === 0) {
    return [kop, h("p", {}, "Er staat vandaag niets klaar. Alle termijnen zijn in orde.")];
  }
  const samenvatting = [];
  samenvatting.push(t.overdue === 1 ? "1 punt is te laat" : `${t.overdue} punten zijn te laat`);
  samenvatting.push(`${t.due} binnenkort`);
  const lijst = h("ol", { class: "signalen" }, t.signals.map((s) => h("li", { class: `signaal ${s.severity}` },
    h("p", { class: "kopregel" },
      h("span", { class: `ernst ${s.severity}` }, ernst[s.severity] || s.severity),
      s.due ? h("span", { class: "termijn" }, ` uiterlijk ${datum(s.due)}`) : null),
    h("p", { class: "bericht" }, s.message),
    h("p", { class: "oplossing" }, h("span", { class: "label" }, "Wat te doen: "), s.clears),
    s.case
      ? h("p", { class: "links" },
        s.client_id ? h("a", { href: `#/client/${encodeURIComponent(s.client_id)}` }, s.client_name) : null,
        s.client_id ? " · " : null,
        h("a", { href: `#/kwestie/${encodeURIComponent(s.case)}` }, `Naar kwestie ${s.case}`))
      : s.period && s.municipality
        ? h("p", { class: "links" }, h("a", { href: `#/rapportage/${encodeURIComponent(s.municipality)}/${encodeURIComponent(s.period)}` },
          `Rapport ${s.period} voor ${s.municipality} maken`))
        : s.municipality ? h("p", { class: "links" }, `Gemeente ${s.municipality}`) : null)));
  const delen = [kop, h("p", {}, `${samenvatting.join(", ")}.`), lijst];
  if (t.total > t.signals.length) {
    const rest = t.total - t.signals.length;
    const meer = h("button", { type: "button" }, "Meer tonen");
    meer.addEventListener("click", async () => {
      const eerste = t.signals.length;
      let nieuw;
      try {
        nieuw = await toon(_params, app, getoond + STAP);
      } catch (e) {
        app.fout(e);
        return;
      }
      const main = document.getElementById("inhoud");
      main.replaceChildren(...nieuw);
      // Focus the first signal that was not shown before, so the reader goes on where they were.
      const punt = main.querySelectorAll("ol.signalen > li")[eerste];
      if (punt) { punt.tabIndex = -1; punt.focus(); }
    });
    delen.push(h("p", { class: "meer" },
      `Hierboven staan de ${t.signals.length} dringendste punten; er zijn er nog ${rest}. `, meer));
  }
  return delen;
}
