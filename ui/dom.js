// Building the screens: elements, labelled fields, and error messages next to their field.

let teller = 0;

/** An element: h("p", {class: "x"}, "tekst", kind). Attributes starting with "on" are listeners. */
export function h(tag, attrs = {}, ...kinderen) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === false || v === null || v === undefined) continue;
    if (k.startsWith("on")) el.addEventListener(k.slice(2), v);
    else if (k === "class") el.className = v;
    else if (v === true) el.setAttribute(k, "");
    else el.setAttribute(k, String(v));
  }
  for (const kind of kinderen.flat(Infinity)) {
    if (kind === null || kind === undefined || kind === false) continue;
    el.append(kind instanceof Node ? kind : document.createTextNode(String(kind)));
  }
  return el;
}

/** A unique id for a field and its message. */
export function id(naam) {
  teller += 1;
  return `${naam}-${teller}`;
}

/**
 * A labelled field. `soort` is "text", "textarea", "select", "password", "search"…;
 * `naam` is the form key and the field the shell names in its errors; `velden` lists more
 * error fields that belong here (the visit's date is also the core's "at").
 */
export function veld(label, naam, { soort = "text", waarde = "", keuzes = [], hulp = "", velden = [], ...rest } = {}) {
  const fid = id(naam);
  let input;
  if (soort === "textarea") {
    input = h("textarea", { id: fid, name: naam, rows: rest.rows || 4, ...rest });
    input.value = waarde;
  } else if (soort === "select") {
    input = h("select", { id: fid, name: naam, ...rest },
      keuzes.map(([code, tekst]) => h("option", { value: code }, tekst)));
    // Without a value of its own a select keeps its first choice.
    if (waarde) input.value = waarde;
  } else {
    input = h("input", { id: fid, name: naam, type: soort, ...rest });
    input.value = waarde;
  }
  input.dataset.veld = [naam, ...velden].join(" ");
  const hulpId = hulp ? `${fid}-hulp` : null;
  if (hulpId) input.setAttribute("aria-describedby", hulpId);
  return h("div", { class: "veld" },
    h("label", { for: fid }, label),
    hulpId ? h("p", { class: "hulp", id: hulpId }, hulp) : null,
    input);
}

/** A group of checkboxes (fieldset with legend); `gekozen` codes are checked. */
export function vinkjes(legend, naam, keuzes, gekozen = []) {
  return h("fieldset", { class: "vinkjes", "data-veld": naam },
    h("legend", {}, legend),
    keuzes.map(([code, tekst]) => {
      const fid = id(naam);
      return h("div", { class: "vinkje" },
        h("input", { type: "checkbox", id: fid, name: naam, value: code, checked: gekozen.includes(code) }),
        h("label", { for: fid }, tekst));
    }));
}

/** The form's values: text fields as text, checkbox groups as lists. */
export function waarden(form) {
  const uit = {};
  for (const el of form.elements) {
    if (!el.name) continue;
    if (el.type === "checkbox") {
      if (!Array.isArray(uit[el.name])) uit[el.name] = [];
      if (el.checked) uit[el.name].push(el.value);
    } else if (el.type !== "submit" && el.type !== "button") {
      uit[el.name] = el.value;
    }
  }
  return uit;
}

/** Puts values back into a form (a draft). */
export function vulIn(form, data) {
  for (const el of form.elements) {
    if (!el.name || !(el.name in data)) continue;
    const v = data[el.name];
    if (el.type === "checkbox") el.checked = Array.isArray(v) && v.includes(el.value);
    else if (typeof v === "string") el.value = v;
  }
}

/** Clears the messages of a form. */
export function wisFouten(form) {
  for (const p of form.querySelectorAll(".veldfout, .formfout")) p.remove();
  for (const el of form.querySelectorAll("[aria-invalid]")) {
    el.removeAttribute("aria-invalid");
    const rest = (el.getAttribute("aria-describedby") || "").split(" ").filter((x) => x && !x.endsWith("-fout"));
    if (rest.length) el.setAttribute("aria-describedby", rest.join(" "));
    else el.removeAttribute("aria-describedby");
  }
}

/**
 * Shows an error from the shell ({kind, message, field}) next to its field, or at the top of
 * the form; the field gets the focus. Nothing typed is touched.
 */
export function toonFout(form, fout) {
  wisFouten(form);
  const tekst = fout && fout.message ? fout.message : String(fout);
  const bericht = tekst.charAt(0).toUpperCase() + tekst.slice(1);
  const veldNaam = fout && fout.field ? fout.field : "";
  const kandidaten = [...form.querySelectorAll("[data-veld]")];
  const doel = veldNaam
    ? kandidaten.find((el) => el.dataset.veld.split(" ").includes(veldNaam))
      || kandidaten.find((el) => el.dataset.veld.split(" ").some((v) => veldNaam.startsWith(`${v}.`) || veldNaam.startsWith(`${v}[`)))
    : null;
  if (doel) {
    const fid = `${doel.id || id("groep")}-fout`;
    const p = h("p", { class: "veldfout", id: fid }, bericht);
    if (doel.tagName === "FIELDSET") {
      doel.append(p);
      const eerste = doel.querySelector("input");
      if (eerste) eerste.focus();
    } else {
      doel.insertAdjacentElement("afterend", p);
      doel.setAttribute("aria-invalid", "true");
      const al = doel.getAttribute("aria-describedby");
      doel.setAttribute("aria-describedby", al ? `${al} ${fid}` : fid);
      doel.focus();
    }
  } else {
    const p = h("p", { class: "formfout", role: "alert" }, bericht);
    form.prepend(p);
    p.setAttribute("tabindex", "-1");
    p.focus();
  }
}

/** A button; `hoofd` marks the screen's one primary action. */
export function knop(tekst, { hoofd = false, soort = "button", ...rest } = {}) {
  return h("button", { type: soort, class: hoofd ? "hoofd" : "", ...rest }, tekst);
}

/**
 * Sends a form with `opdracht(values)` when it is submitted; on success `daarna(answer)`, on
 * refusal the message next to its field (nothing typed is touched).
 */
export function bijVersturen(form, opdracht, daarna) {
  form.addEventListener("submit", async (ev) => {
    ev.preventDefault();
    wisFouten(form);
    try {
      daarna(await opdracht(waarden(form)));
    } catch (e) {
      toonFout(form, e);
    }
  });
  return form;
}

/**
 * A button whose action asks the shell for a file dialog and then does its work: disabled while
 * the dialog is open and the work runs; `klaar(answer)` gives the text to announce (`null` when
 * the supporter cancelled the dialog), and a refusal shows its message under the button.
 */
export function dialoogKnop(tekst, opdracht, klaar, app, opties = {}) {
  const fout = h("p", { class: "formfout", role: "alert" });
  const b = knop(tekst, {
    ...opties,
    onclick: async () => {
      fout.textContent = "";
      b.disabled = true;
      b.setAttribute("aria-busy", "true");
      try {
        const antwoord = await opdracht();
        if (antwoord !== null && antwoord !== undefined) app.meld(klaar(antwoord));
      } catch (e) {
        if (e && e.kind === "locked") app.fout(e);
        else fout.textContent = e && e.message ? e.message : String(e);
      } finally {
        b.disabled = false;
        b.removeAttribute("aria-busy");
      }
    },
  });
  return h("span", { class: "dialoogknop" }, b, fout);
}
