// Wijzer's first screen: the overview of cases, open ones first.
import { invoke, datum } from "./tauri.js";

const samenvatting = document.getElementById("samenvatting");
const fout = document.getElementById("fout");
const tabel = document.getElementById("kwesties");

function regel(kwestie) {
  const tr = document.createElement("tr");
  if (kwestie.closedOn) tr.className = "afgesloten";
  const status = kwestie.closedOn ? `Afgesloten op ${datum(kwestie.closedOn)}` : "Open";
  for (const tekst of [kwestie.case, kwestie.clientName, kwestie.municipality, datum(kwestie.registeredOn), status]) {
    const td = document.createElement("td");
    td.textContent = tekst;
    tr.append(td);
  }
  return tr;
}

async function laad() {
  try {
    const kwesties = await invoke("cases_overview");
    const open = kwesties.filter((k) => !k.closedOn).length;
    samenvatting.textContent = kwesties.length === 0
      ? "Nog geen kwesties."
      : `${open} open, ${kwesties.length - open} afgesloten.`;
    tabel.tBodies[0].replaceChildren(...kwesties.map(regel));
    tabel.hidden = kwesties.length === 0;
  } catch (e) {
    samenvatting.textContent = "";
    fout.textContent = e && e.message ? e.message : String(e);
    fout.hidden = false;
  }
}

laad();
