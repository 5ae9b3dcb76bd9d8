// Wijzer's screens: first start, unlock, a damaged store's rescue, and once open the screens by address (#/vandaag,
// #/clienten, #/client/ID, #/kwestie/ID, #/kwestie/ID/bezoek, #/tijd, #/rapportage, #/beleid,
// #/instellingen). Once open, the app locks itself after the idle time chosen in Instellingen.
import { invoke, vandaagIso, vooraf } from "./tauri.js";
import { h } from "./dom.js";

// Each screen's module is loaded when it is first shown, so that start-up loads only the first
// screen's; once it is drawn, the others are loaded while nothing else happens. Vandaag, the
// usual first screen, comes with this module.
import * as vandaagScherm from "./screens/vandaag.js";
const laad = (pad, naam) => () => import(pad).then((m) => (naam ? m[naam] : m));
const welkom = laad("./screens/welkom.js");
const ontgrendel = laad("./screens/ontgrendel.js");
const herstel = laad("./screens/herstel.js");
const vandaag = () => Promise.resolve(vandaagScherm);
const clienten = laad("./screens/clienten.js");
const nieuweClient = laad("./screens/clienten.js", "nieuw");
const client = laad("./screens/client.js");
const nieuweKwestie = laad("./screens/client.js", "nieuweKwestie");
const vernietigen = laad("./screens/rechten.js", "vernietigen");
const kwestie = laad("./screens/kwestie.js");
const bezoek = laad("./screens/bezoek.js");
const tijdScherm = laad("./screens/tijd.js");
const rapportage = laad("./screens/rapportage.js");
const beleid = laad("./screens/beleid.js");
const instellingen = laad("./screens/instellingen.js");
const alleSchermen = [welkom, ontgrendel, herstel, vandaag, clienten, client, kwestie, bezoek,
  tijdScherm, rapportage, beleid, vernietigen, instellingen];

const main = document.getElementById("inhoud");
const menu = document.getElementById("menu");
const melding = document.getElementById("melding");
let keuzesCache = null;
let open = false;

const routes = [
  [/^#\/vandaag$/, vandaag, "vandaag"],
  [/^#\/clienten$/, clienten, "clienten"],
  [/^#\/nieuwe-client$/, nieuweClient, "clienten"],
  [/^#\/client\/([^/]+)$/, client, "clienten"],
  [/^#\/client\/([^/]+)\/nieuwe-kwestie$/, nieuweKwestie, "clienten"],
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

// Start-up is measured to the first screen drawn with its data: the shell is told once, after
// the frame that shows it (it writes the moment down only when the app is being measured).
let gemeld = false;
function meldEersteScherm(naam) {
  if (gemeld) return;
  gemeld = true;
  requestAnimationFrame(() => setTimeout(() => {
    invoke("startup_drawn", { screen: naam }).catch(() => {});
    for (const scherm of alleSchermen) scherm().catch(() => {});
  }, 0));
}

let bezig = 0;
async function toonScherm() {
  if (!open) return;
  const hash = location.hash || "#/vandaag";
  const nummer = ++bezig;
  for (const [patroon, laadScherm, menuNaam] of routes) {
    const m = hash.match(patroon);
    if (!m) continue;
    for (const a of menu.querySelectorAll("a")) {
      if (a.dataset.scherm === menuNaam) a.setAttribute("aria-current", "page");
      else a.removeAttribute("aria-current");
    }
    try {
      const scherm = await laadScherm();
      const inhoud = await scherm.toon(m.slice(1).map(decodeURIComponent), app);
      if (nummer !== bezig) return; // a later click won
      main.replaceChildren(...inhoud.filter((x) => x));
      // A screen marks the field to start in with data-eerst, never with autofocus: WebKit
      // focuses an autofocus field itself at a later frame, even when the person is already
      // typing in another.
      const eerste = main.querySelector("[data-eerst]");
      if (eerste) eerste.focus();
      else focusKop();
      if (scherm.daarna) scherm.daarna(main, app);
      meldEersteScherm(menuNaam);
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
  // At start-up index.html asked for the status (and Vandaag's first page) before this loaded.
  try {
    status = await (vooraf("status") || invoke("session_status"));
  } catch (e) {
    vooraf("vandaag"); // dropped: no Vandaag without a store
    main.replaceChildren(h("h1", {}, "Wijzer kan niet starten"), h("p", { class: "formfout", role: "alert" }, e.message || String(e)));
    return;
  }
  // `bekend`: the status just asked for, when the store was open from the start.
  const klaar = async (bekend) => {
    open = true;
    menu.hidden = false;
    try {
      app.vergrendelNa((bekend || (await invoke("session_status"))).idle_lock_minutes || 0);
    } catch (_) { /* the screen itself shows the error */ }
    // Drawn at once, without a round through "hashchange": when the answers asked for at
    // start-up are in, Vandaag is in the page before the window's first frame.
    if (!location.hash || location.hash === "#") history.replaceState(null, "", "#/vandaag");
    toonScherm();
    // Vandaag sets the counts in the menu itself; any other first screen asks for them.
    if (location.hash !== "#/vandaag") app.telling();
  };
  if (status.state === "open") return klaar(status);
  vooraf("vandaag"); // dropped: read before the store was open, so not to be shown later
  let scherm;
  try {
    scherm = await ({ "no-store": welkom, damaged: herstel }[status.state] || ontgrendel)();
  } catch (e) {
    main.replaceChildren(h("h1", {}, "Wijzer kan niet starten"), h("p", { class: "formfout", role: "alert" }, e.message || String(e)));
    return;
  }
  main.replaceChildren(...scherm.toon(status, klaar, start).filter((x) => x));
  const eerste = main.querySelector("[data-eerst]");
  if (eerste) eerste.focus();
  meldEersteScherm({ "no-store": "welkom", damaged: "herstel" }[status.state] || "ontgrendel");
}

window.addEventListener("hashchange", toonScherm);
start();
