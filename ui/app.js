// Wijzer's screens: first start, unlock, a damaged store's rescue, and once open the screens by address (#/vandaag,
// #/clienten, #/client/ID, #/kwestie/ID, #/kwestie/ID/bezoek, #/tijd, #/rapportage, #/beleid,
// #/instellingen). Once open, the app locks itself after the idle time chosen in Instellingen.
import { invoke, vandaagIso } from "./tauri.js";
import { h } from "./dom.js";
import * as welkom from "./screens/welkom.js";
import * as ontgrendel from "./screens/ontgrendel.js";
import * as herstel from "./screens/herstel.js";
import * as vandaag from "./screens/vandaag.js";
import * as clienten from "./screens/clienten.js";
import * as client from "./screens/client.js";
import * as kwestie from "./screens/kwestie.js";
import * as bezoek from "./screens/bezoek.js";
import * as tijdScherm from "./screens/tijd.js";
import * as rapportage from "./screens/rapportage.js";
import * as beleid from "./screens/beleid.js";
import { vernietigen } from "./screens/rechten.js";
import * as instellingen from "./screens/instellingen.js";

const main = document.getElementById("inhoud");
const menu = document.getElementById("menu");
const melding = document.getElementById("melding");
let keuzesCache = null;
let open = false;

const routes = [
  [/^#\/vandaag$/, vandaag, "vandaag"],
  [/^#\/clienten$/, clienten, "clienten"],
  [/^#\/nieuwe-client$/, clienten.nieuw, "clienten"],
  [/^#\/client\/([^/]+)$/, client, "clienten"],
  [/^#\/client\/([^/]+)\/nieuwe-kwestie$/, client.nieuweKwestie, "clienten"],
  [/^#\/client\/([^/]+)\/vernietigen$/, vernietigen, "clienten"],
  [/^#\/kwestie\/([^/]+)$/, kwestie, "clienten"],
  [/^#\/kwestie\/([^/]+)\/bezoek$/, bezoek, "clienten"],
  [/^#\/tijd$/, tijdScherm, "tijd"],
  [/^#\/rapportage$/, rapportage, "rapportage"],
  [/^#\/rapportage\/([^/]+)\/([^/]+)$/, rapportage, "rapportage"],
  [/^#\/instellingen$/, instellingen, "instellingen"],
  [/^#\/beleid$/, beleid, "beleid"],
  [/^#\/beleid\/([^/]+)\/([^/]+)$/, beleid, "beleid"],
];

/** What every screen may use. */
const app = {
  ga(adres) {
    if (location.hash === adres) toonScherm();
    else location.hash = adres;
  },
  async keuzes() {
    if (!keuzesCache) keuzesCache = await invoke("choices");
    return keuzesCache;
  },
  /** The choices are read again next time (after a contract changed its municipalities). */
  vergeetKeuzes() {
    keuzesCache = null;
  },
  meld(tekst) {
    melding.textContent = "";
    // A fresh text, so that screen readers announce it again.
    setTimeout(() => { melding.textContent = tekst; }, 50);
    clearTimeout(app.wisMelding);
    app.wisMelding = setTimeout(() => { melding.textContent = ""; }, 6000);
  },
  async telling() {
    try {
      const t = await invoke("vandaag", { today: vandaagIso(), shown: 0 });
      zetTeller(t);
    } catch (_) { /* the screen itself shows the error */ }
  },
  zetTeller,
  /** Locks now: the store closes, the unlock screen shows; drafts are already saved. */
  async vergrendel() {
    stopWachter();
    try {
      await invoke("session_lock");
    } finally {
      start();
    }
  },
  /** Locks after `minuten` without a key, click or touch (0: never). */
  vergrendelNa(minuten) {
    wachtMinuten = minuten;
    herstartWachter();
  },
  /** A whole-screen error (a stale link, a damaged file): says what, offers the way back. */
  fout(e) {
    if (e && e.kind === "locked") return start();
    main.replaceChildren(
      h("h1", { tabindex: "-1" }, "Dat lukte niet"),
      h("p", { class: "formfout", role: "alert" }, e && e.message ? e.message : String(e)),
      h("p", {}, h("a", { href: "#/vandaag" }, "Terug naar Vandaag")));
    focusKop();
  },
};

// The idle lock: any key, click, touch or scroll starts the count again.
let wachtMinuten = 0;
let wachter = null;
function stopWachter() {
  clearTimeout(wachter);
  wachter = null;
}
function herstartWachter() {
  stopWachter();
  if (open && wachtMinuten > 0) wachter = setTimeout(() => app.vergrendel(), wachtMinuten * 60000);
}
for (const soort of ["keydown", "mousedown", "touchstart", "wheel"]) {
  window.addEventListener(soort, () => { if (wachter) herstartWachter(); }, { capture: true, passive: true });
}

function zetTeller(t) {
  const teller = document.getElementById("teller");
  const delen = [];
  if (t.overdue) delen.push(`${t.overdue} te laat`);
  if (t.due) delen.push(`${t.due} binnenkort`);
  teller.textContent = delen.length ? `(${delen.join(", ")})` : "";
}

function focusKop() {
  const kop = main.querySelector("h1");
  if (kop) {
    kop.setAttribute("tabindex", "-1");
    kop.focus();
  }
}

let bezig = 0;
async function toonScherm() {
  if (!open) return;
  const hash = location.hash || "#/vandaag";
  const nummer = ++bezig;
  for (const [patroon, scherm, menuNaam] of routes) {
    const m = hash.match(patroon);
    if (!m) continue;
    for (const a of menu.querySelectorAll("a")) {
      if (a.dataset.scherm === menuNaam) a.setAttribute("aria-current", "page");
      else a.removeAttribute("aria-current");
    }
    try {
      const inhoud = await scherm.toon(m.slice(1).map(decodeURIComponent), app);
      if (nummer !== bezig) return; // a later click won
      main.replaceChildren(...inhoud.filter((x) => x));
      const eerste = main.querySelector("[autofocus]");
      if (eerste) eerste.focus();
      else focusKop();
      if (scherm.daarna) scherm.daarna(main, app);
    } catch (e) {
      if (nummer === bezig) app.fout(e);
    }
    return;
  }
  location.hash = "#/vandaag";
}

async function start() {
  open = false;
  stopWachter();
  menu.hidden = true;
  let status;
  try {
    status = await invoke("session_status");
  } catch (e) {
    main.replaceChildren(h("h1", {}, "Wijzer kan niet starten"), h("p", { class: "formfout", role: "alert" }, e.message || String(e)));
    return;
  }
  const klaar = async () => {
    open = true;
    menu.hidden = false;
    try {
      app.vergrendelNa((await invoke("session_status")).idle_lock_minutes || 0);
    } catch (_) { /* the screen itself shows the error */ }
    if (!location.hash || location.hash === "#") location.hash = "#/vandaag";
    else toonScherm();
    // Vandaag sets the counts in the menu itself; any other first screen asks for them.
    if (location.hash !== "#/vandaag") app.telling();
  };
  if (status.state === "open") return klaar();
  const scherm = { "no-store": welkom, damaged: herstel }[status.state] || ontgrendel;
  main.replaceChildren(...scherm.toon(status, klaar, start).filter((x) => x));
  const eerste = main.querySelector("[autofocus]");
  if (eerste) eerste.focus();
}

window.addEventListener("hashchange", toonScherm);
start();
