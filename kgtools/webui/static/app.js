// kgtools web pages: progressive enhancements (the pages work without them).
// 1. The search box is an ARIA 1.2 combobox with a listbox popup fed by /api/search.
// 2. The SPARQL form shows results in the page instead of leaving it.
"use strict";

(function searchCombobox() {
  const form = document.querySelector("form.search-form");
  if (!form) return;
  const input = form.querySelector("[role=combobox]");
  const listbox = document.getElementById(input.getAttribute("aria-controls"));
  const status = document.getElementById("search-status");
  const endpoint = form.dataset.complete;
  let items = [], active = -1, timer = null, seq = 0;

  function close() {
    listbox.hidden = true; listbox.innerHTML = ""; items = []; active = -1;
    input.setAttribute("aria-expanded", "false"); input.removeAttribute("aria-activedescendant");
  }
  function setActive(i) {
    const options = listbox.querySelectorAll("[role=option]");
    options.forEach((o, j) => o.setAttribute("aria-selected", j === i ? "true" : "false"));
    active = i;
    if (i >= 0 && options[i]) {
      input.setAttribute("aria-activedescendant", options[i].id);
      options[i].scrollIntoView({ block: "nearest" });
    } else {
      input.removeAttribute("aria-activedescendant");
    }
  }
  function render(results) {
    listbox.innerHTML = ""; items = results; active = -1;
    results.forEach((r, i) => {
      const li = document.createElement("li");
      li.id = "search-option-" + i; li.setAttribute("role", "option"); li.setAttribute("aria-selected", "false");
      li.dataset.url = r.url;
      li.textContent = r.label;
      const small = document.createElement("small");
      small.textContent = r.curie + (r.match ? " \u00b7 synonym: " + r.match : "");
      li.appendChild(small);
      li.addEventListener("mousedown", (e) => { e.preventDefault(); window.location.assign(r.url); });
      listbox.appendChild(li);
    });
    const open = results.length > 0;
    listbox.hidden = !open;
    input.setAttribute("aria-expanded", open ? "true" : "false");
    status.textContent = open ? results.length + " matching terms; use the arrow keys to choose." : "No matching terms.";
  }
  async function update() {
    const q = input.value.trim();
    if (!q) { close(); status.textContent = ""; return; }
    const mine = ++seq;
    try {
      const response = await fetch(endpoint + "?" + new URLSearchParams({ q: q, limit: "10" }), { headers: { Accept: "application/json" } });
      if (!response.ok || mine !== seq) return;
      const data = await response.json();
      if (mine === seq) render(data.results || []);
    } catch (err) { close(); }
  }
  input.addEventListener("input", () => { clearTimeout(timer); timer = setTimeout(update, 120); });
  input.addEventListener("keydown", (e) => {
    if (e.key === "ArrowDown") {
      e.preventDefault();
      if (listbox.hidden) { update(); return; }
      setActive(items.length ? (active + 1) % items.length : -1);
    } else if (e.key === "ArrowUp") {
      e.preventDefault();
      if (items.length) setActive(active <= 0 ? items.length - 1 : active - 1);
    } else if (e.key === "Enter") {
      if (active >= 0 && items[active]) { e.preventDefault(); window.location.assign(items[active].url); }
    } else if (e.key === "Escape") {
      if (!listbox.hidden) { e.preventDefault(); close(); } else { input.value = ""; }
    } else if (e.key === "Home" || e.key === "End") {
      // leave the caret keys to the text field
    }
  });
  input.addEventListener("blur", () => setTimeout(close, 150));
})();

(function sparqlForm() {
  const form = document.getElementById("sparql-form");
  if (!form) return;
  const out = document.getElementById("sparql-results");
  const text = document.getElementById("sparql-text");
  document.querySelectorAll("button.load-example").forEach((button) => {
    button.addEventListener("click", () => {
      const source = document.getElementById(button.dataset.queryId);
      text.value = source.textContent; text.focus();
      text.scrollIntoView({ block: "center" });
    });
  });
  function cell(value) {
    const td = document.createElement("td");
    if (value && value.type === "uri") {
      // only http(s) IRIs become outside links; any other scheme (urn:, javascript:, data: ...) opens
      // the term lookup page of this site, never the IRI itself
      const a = document.createElement("a"); a.textContent = value.value;
      if (/^https?:\/\//i.test(value.value)) { a.href = value.value; a.rel = "noopener noreferrer"; }
      else { a.href = (out.dataset.termPath || "/term") + "?id=" + encodeURIComponent(value.value); }
      td.appendChild(a);
    } else if (value) { td.textContent = value.value; }
    return td;
  }
  form.addEventListener("submit", async (e) => {
    e.preventDefault();
    out.textContent = "Running\u2026";
    try {
      const response = await fetch(form.action, {
        method: "POST",
        headers: { "Content-Type": "application/x-www-form-urlencoded", Accept: "application/sparql-results+json, text/turtle;q=0.9" },
        body: new URLSearchParams({ query: text.value }),
      });
      const type = response.headers.get("Content-Type") || "";
      if (!response.ok) {  // the endpoint answers errors as JSON {"error": ..., "status": ...}
        const body = await response.text();
        let message = body;
        try { message = JSON.parse(body).error || body; } catch (_) { /* not JSON: show it as it is */ }
        out.innerHTML = ""; const p = document.createElement("p"); p.className = "error"; p.setAttribute("role", "alert");
        p.textContent = "Error " + response.status + ": " + message; out.appendChild(p); return;
      }
      out.innerHTML = "";
      if (type.includes("json")) {
        const data = await response.json();
        if ("boolean" in data) { const p = document.createElement("p"); p.textContent = "ASK: " + data.boolean; out.appendChild(p); return; }
        const vars = data.head.vars, rows = data.results.bindings;
        const p = document.createElement("p"); p.textContent = rows.length + " rows"; out.appendChild(p);
        if (response.headers.get("X-Result-Truncated") === "true") {
          p.textContent += " (cut at the endpoint's limit of " + response.headers.get("X-Max-Results") + ")";
        }
        const wrap = document.createElement("div"); wrap.className = "table-wrap";
        const table = document.createElement("table"); const thead = table.createTHead(); const tr = thead.insertRow();
        vars.forEach((v) => { const th = document.createElement("th"); th.scope = "col"; th.textContent = v; tr.appendChild(th); });
        const tbody = table.createTBody();
        rows.slice(0, 500).forEach((row) => { const r = tbody.insertRow(); vars.forEach((v) => r.appendChild(cell(row[v]))); });
        wrap.appendChild(table); out.appendChild(wrap);
      } else {
        const pre = document.createElement("pre"); pre.textContent = await response.text(); out.appendChild(pre);
      }
    } catch (err) {
      out.textContent = "The query could not be sent: " + err;
    }
  });
})();
