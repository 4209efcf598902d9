// Airlock dashboard: plain JavaScript against /api/v1, no build step.
"use strict";

const API = "/api/v1";
const state = { token: sessionStorage.getItem("airlock.token"), plugins: [], selected: null,
  examples: [], logAbort: null, eventAbort: null, lastCalls: {} };
const $ = (id) => document.getElementById(id);

function el(tag, attrs, ...children) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (k === "class") e.className = v;
    else if (k.startsWith("on")) e.addEventListener(k.slice(2), v);
    else if (v !== null && v !== undefined) e.setAttribute(k, v);
  }
  for (const c of children) if (c !== null && c !== undefined) e.append(c instanceof Node ? c : String(c));
  return e;
}

async function api(method, path, body, headers) {
  const h = Object.assign({ Authorization: "Bearer " + state.token }, headers || {});
  let payload = body;
  if (body && !(body instanceof FormData) && !(typeof body === "string")) {
    h["Content-Type"] = "application/json";
    payload = JSON.stringify(body);
  }
  const r = await fetch(API + path, { method, headers: h, body: payload });
  const type = r.headers.get("Content-Type") || "";
  const data = type.includes("json") ? await r.json() : await r.text();
  if (!r.ok) {
    const err = new Error((data && data.message) || ("HTTP " + r.status));
    err.status = r.status; err.body = data;
    if (r.status === 401) signOut(err.message);
    throw err;
  }
  return { data, headers: r.headers };
}

function toast(text, bad) {
  const t = $("toast");
  t.textContent = text;
  t.className = "toast" + (bad ? " bad" : "");
  clearTimeout(toast.timer);
  toast.timer = setTimeout(() => t.classList.add("hidden"), 4500);
}

// ---- sign in ----
async function signIn(token) {
  state.token = token;
  const { data } = await api("GET", "/whoami");
  sessionStorage.setItem("airlock.token", token);
  $("who").textContent = data.name + " · " + data.scopes.join(", ");
  $("login").classList.add("hidden");
  $("app").classList.remove("hidden");
  $("signout").classList.remove("hidden");
  await Promise.all([loadExamples(), refresh()]);
  streamEvents();
}

function signOut(message) {
  sessionStorage.removeItem("airlock.token");
  state.token = null;
  if (state.logAbort) state.logAbort.abort();
  if (state.eventAbort) state.eventAbort.abort();
  $("app").classList.add("hidden");
  $("signout").classList.add("hidden");
  $("who").textContent = "";
  $("login").classList.remove("hidden");
  $("login-error").textContent = message || "";
}

// ---- plugins ----
async function refresh() {
  const [{ data }, ready] = await Promise.all([
    api("GET", "/plugins"), fetch(API + "/ready").then((r) => r.ok).catch(() => false)]);
  $("ready").className = "ready " + (ready ? "ok" : "bad");
  $("ready").title = ready ? "database reachable" : "database unreachable";
  state.plugins = data.items;
  renderSummary();
  renderTable();
  if (state.selected) {
    const p = state.plugins.find((x) => x.id === state.selected);
    if (p) renderOverview(p); else closeDetail();
  }
}

function renderSummary() {
  const ps = state.plugins;
  const sum = (f) => ps.reduce((a, p) => a + f(p), 0);
  const stat = (k, v, cls) => el("div", { class: "stat " + (cls || "") }, el("div", { class: "v" }, v), el("div", { class: "k" }, k));
  const errors = sum((p) => p.stats.errors);
  $("summary").replaceChildren(
    stat("plugins", ps.length),
    stat("enabled", ps.filter((p) => p.status === "enabled").length, "ok"),
    stat("calls", sum((p) => p.stats.calls)),
    stat("errors", errors, errors > 0 ? "bad" : ""));
}

function fmtMs(ms) {
  if (!ms) return "–";
  return ms < 1 ? (ms * 1000).toFixed(0) + " µs" : ms < 1000 ? ms.toFixed(1) + " ms" : (ms / 1000).toFixed(2) + " s";
}

function renderTable() {
  const filter = $("filter-status").value;
  // Re-draw only when something shown changed: a periodic refresh must not replace the rows (and
  // the button under the pointer) for nothing.
  const shown = JSON.stringify([filter, state.selected, state.plugins]);
  if (shown === state.tableShown) return;
  state.tableShown = shown;
  const rows = state.plugins.filter((p) => !filter || p.status === filter).map((p) => {
    const on = p.status === "enabled";
    const toggle = el("button", { type: "button", class: "small " + (on ? "off" : "on"),
      "data-action": on ? "disable" : "enable", "data-plugin": p.id,
      onclick: (ev) => { ev.stopPropagation(); lifecycle(p.id, on ? "disable" : "enable"); } },
    on ? "Disable" : "Enable");
    if (p.status === "failed") toggle.disabled = true;
    const tr = el("tr", { "data-plugin": p.id, class: p.id === state.selected ? "selected" : "",
      onclick: () => select(p.id) },
      el("td", {}, el("div", { class: "name" }, p.id), el("div", { class: "desc" }, p.failure || p.description)),
      el("td", {}, el("span", { class: "pill " + p.status, "data-status": p.id }, p.status)),
      el("td", { class: "mono", "data-version": p.id }, p.version),
      el("td", { "data-signer": p.id }, p.signer || el("span", { class: "muted" }, "unsigned")),
      el("td", { class: "num", "data-calls": p.id }, p.stats.calls),
      el("td", { class: "num errors-cell" + (p.stats.errors ? " has" : ""), "data-errors": p.id }, p.stats.errors),
      el("td", { class: "num", "data-p99": p.id }, fmtMs(p.stats.p99_ms)),
      el("td", { class: "num" }, toggle));
    if (state.lastCalls[p.id] !== undefined && state.lastCalls[p.id] !== p.stats.calls) tr.classList.add("flash");
    state.lastCalls[p.id] = p.stats.calls;
    return tr;
  });
  $("plugins").tBodies[0].replaceChildren(...rows);
  $("empty").classList.toggle("hidden", state.plugins.length > 0);
}

async function lifecycle(id, verb) {
  try {
    await api("POST", "/plugins/" + id + "/" + verb);
    toast(id + " " + verb + "d");
  } catch (e) { toast(e.message, true); }
  await refresh();
}

// ---- detail ----
function select(id) {
  state.selected = id;
  $("detail").classList.remove("hidden");
  renderTable();
  const p = state.plugins.find((x) => x.id === id);
  $("detail-title").textContent = p.id + " " + p.version;
  renderOverview(p);
  renderInvoke(p);
  renderConfig(p);
  loadEvents(id);
  streamLogs(id);
}

function closeDetail() {
  state.selected = null;
  $("detail").classList.add("hidden");
  if (state.logAbort) state.logAbort.abort();
}

function renderOverview(p) {
  const dl = el("dl", { class: "kv" });
  const row = (k, v) => dl.append(el("dt", {}, k), el("dd", {}, v === null || v === "" ? "–" : v));
  row("State", el("span", { class: "pill " + p.status }, p.status));
  row("Type", p.plugin_type);
  row("Hooks", p.hooks.join(", "));
  row("ABI", p.abi);
  row("Signer", p.signer || "unsigned");
  row("Author", p.author);
  row("License", p.license);
  row("Source", p.source);
  row("SHA-256", el("span", { class: "mono" }, p.sha256));
  row("Installed", p.installed_at);
  row("Enabled since", p.enabled_at);
  row("Latency", "p50 " + fmtMs(p.stats.p50_ms) + " · p99 " + fmtMs(p.stats.p99_ms));
  row("Timeouts", p.stats.timeouts);
  if (p.failure) row("Failure", el("span", { class: "error" }, p.failure));
  const del = el("button", { type: "button", class: "ghost small", onclick: () => removePlugin(p.id) }, "Delete plugin");
  $("tab-overview").replaceChildren(dl, el("p", {}, del));
}

async function removePlugin(id) {
  if (!confirm("Delete " + id + "? It is unloaded once its calls in flight finish.")) return;
  try { await api("DELETE", "/plugins/" + id); toast(id + " deleted"); closeDetail(); }
  catch (e) { toast(e.message, true); }
  await refresh();
}

const SAMPLES = {
  pre_query: '{"query":"SELECT * FROM users","tables":["users"],"read_only":true}',
  post_query: '{"query":"select","columns":["email"],"rows":[["alice@example.com"]]}',
  greet: "Ada", echo: "hello airlock", uppercase: "hello airlock",
};

function renderInvoke(p) {
  const sel = $("invoke-hook");
  sel.replaceChildren(...p.hooks.map((h) => el("option", { value: h }, h)));
  $("invoke-input").value = SAMPLES[p.hooks[0]] || "";
  sel.onchange = () => { $("invoke-input").value = SAMPLES[sel.value] || ""; };
  $("invoke-output").classList.add("hidden");
}

async function invoke(ev) {
  ev.preventDefault();
  const p = state.selected, hook = $("invoke-hook").value, out = $("invoke-output");
  const t0 = performance.now();
  try {
    const r = await fetch(API + "/plugins/" + p + "/invoke/" + encodeURIComponent(hook), {
      method: "POST", headers: { Authorization: "Bearer " + state.token, "Content-Type": "application/octet-stream" },
      body: $("invoke-input").value });
    const text = await r.text();
    const ms = (performance.now() - t0).toFixed(1);
    if (r.ok) {
      out.className = "output";
      out.textContent = "200 · " + ms + " ms\n" + (text || "(no output)");
    } else {
      let msg = text; try { msg = JSON.parse(text).message; } catch (e) { /* not JSON */ }
      out.className = "output fail";
      out.textContent = r.status + " · " + msg;
    }
  } catch (e) { out.className = "output fail"; out.textContent = e.message; }
  out.classList.remove("hidden");
  await refresh();
}

function renderConfig(p) {
  const box = $("config-fields");
  $("config-errors").replaceChildren();
  const props = (p.config_schema && p.config_schema.properties) || {};
  const keys = Object.keys(props);
  $("config-form").querySelector("button[type=submit]").classList.toggle("hidden", keys.length === 0);
  if (keys.length === 0) {
    box.replaceChildren(el("p", { class: "muted" }, "This plugin declares no configuration."));
    return;
  }
  box.replaceChildren(...keys.map((k) => {
    const d = props[k];
    const input = el("input", { name: k, value: p.config[k] || "", placeholder: d.type, "data-config": k });
    return el("div", { class: "field", "data-field": k },
      el("label", { for: "cfg-" + k }, k + (p.config_schema.required.includes(k) ? " *" : "")),
      input, el("div", { class: "help" }, d.type + (d.description ? " · " + d.description : "")));
  }));
  box.querySelectorAll("input").forEach((i) => { i.id = "cfg-" + i.name; });
}

async function saveConfig(ev) {
  ev.preventDefault();
  const config = {};
  $("config-fields").querySelectorAll("input").forEach((i) => { if (i.value !== "") config[i.name] = i.value; });
  const errs = $("config-errors");
  $("config-fields").querySelectorAll(".field").forEach((f) => f.classList.remove("bad"));
  try {
    await api("PUT", "/plugins/" + state.selected + "/config", { config });
    errs.replaceChildren();
    toast("configuration saved");
    await refresh();
  } catch (e) {
    const problems = (e.body && e.body.details && e.body.details.problems) || [e.message];
    errs.replaceChildren(...problems.map((m) => el("li", {}, m)));
    $("config-fields").querySelectorAll(".field").forEach((f) => {
      if (problems.some((m) => m.includes(f.dataset.field))) f.classList.add("bad");
    });
  }
}

async function loadEvents(id) {
  try {
    const { data } = await api("GET", "/plugins/" + id + "/events?limit=50");
    $("event-list").replaceChildren(...data.items.reverse().map(eventItem));
  } catch (e) { toast(e.message, true); }
}

function eventItem(e) {
  return el("li", {}, el("span", { class: "ev-time" }, e.time.substring(11, 19)),
    el("span", { class: "ev-type ev-" + e.type }, e.type),
    el("b", {}, e.plugin), e.message ? " " + e.message : "");
}

// ---- Server-Sent Events over fetch (so the token travels in a header, never in a URL) ----
async function stream(path, controller, onEvent, onState) {
  while (!controller.signal.aborted) {
    try {
      const r = await fetch(API + path, {
        headers: { Authorization: "Bearer " + state.token, Accept: "text/event-stream" }, signal: controller.signal });
      if (!r.ok) throw new Error("HTTP " + r.status);
      onState("live");
      const reader = r.body.getReader(), dec = new TextDecoder();
      let buf = "";
      for (;;) {
        const { value, done } = await reader.read();
        if (done) break;
        buf += dec.decode(value, { stream: true });
        let i;
        while ((i = buf.indexOf("\n\n")) >= 0) {
          const chunk = buf.slice(0, i); buf = buf.slice(i + 2);
          let name = "message", data = "";
          for (const line of chunk.split("\n")) {
            if (line.startsWith("event:")) name = line.slice(6).trim();
            else if (line.startsWith("data:")) data += line.slice(5).trim();
          }
          if (data) onEvent(name, JSON.parse(data));
        }
      }
    } catch (e) { if (controller.signal.aborted) return; }
    onState("reconnecting…");
    await new Promise((res) => setTimeout(res, 1500));
  }
}

function streamLogs(id) {
  if (state.logAbort) state.logAbort.abort();
  const c = new AbortController(); state.logAbort = c;
  const view = $("log-view"); view.replaceChildren();
  api("GET", "/plugins/" + id + "/logs?limit=100").then(({ data }) => data.items.forEach(addLog)).catch(() => {});
  stream("/plugins/" + id + "/logs/stream", c, (n, l) => addLog(l), (s) => { $("log-state").textContent = s === "live" ? "● live" : s; });
}

function addLog(l) {
  const view = $("log-view");
  view.append(el("div", { class: "lvl-" + l.level }, el("span", { class: "t" }, l.time.substring(11, 23) + " "),
    l.level.toUpperCase().padEnd(5) + " " + l.hook + ": " + l.message));
  while (view.childNodes.length > 500) view.firstChild.remove();
  view.scrollTop = view.scrollHeight;
}

function streamEvents() {
  if (state.eventAbort) state.eventAbort.abort();
  const c = new AbortController(); state.eventAbort = c;
  stream("/events/stream", c, (n, e) => {
    const list = $("live-events");
    list.prepend(eventItem(e));
    while (list.childNodes.length > 100) list.lastChild.remove();
    if (state.selected === e.plugin) $("event-list").prepend(eventItem(e));
    clearTimeout(streamEvents.t);
    streamEvents.t = setTimeout(() => refresh().catch(() => {}), 150);
  }, (s) => { $("events-state").textContent = s === "live" ? "● live" : s; });
}

// ---- install ----
async function loadExamples() {
  const { data } = await api("GET", "/examples");
  state.examples = data.items;
  $("example-name").replaceChildren(...data.items.map((x) => el("option", { value: x.name }, x.name + " — " + x.hooks.join(", "))));
  showExampleDesc();
}

function showExampleDesc() {
  const x = state.examples.find((e) => e.name === $("example-name").value);
  $("example-desc").textContent = x ? x.description : "";
}

async function install(body) {
  const res = $("install-result");
  res.className = "small muted"; res.textContent = "installing…";
  try {
    const { data } = await api("POST", "/plugins", body);
    res.className = "small"; res.textContent = "Installed " + data.id + " " + data.version + " (disabled).";
    await refresh();
    select(data.id);
  } catch (e) {
    res.className = "small error"; res.textContent = e.status + ": " + e.message;
  }
}

function installSourceBody() {
  const kind = $("source-kind").value, v = $("source-value").value.trim(), extra = $("source-extra").value.trim();
  if (kind === "registry") return extra ? { source: kind, name: v, version: extra } : { source: kind, name: v };
  if (kind === "url") return { source: kind, url: v };
  if (kind === "oci") return { source: kind, reference: v };
  if (!extra && v.includes("#")) { // git+https://host/repo.git#REF, as the CLI takes it
    const i = v.lastIndexOf("#");
    return { source: kind, repository: v.slice(0, i), ref: v.slice(i + 1) };
  }
  return { source: kind, repository: v, ref: extra };
}

function wire() {
  $("login-form").addEventListener("submit", (ev) => {
    ev.preventDefault();
    signIn($("token").value.trim()).catch((e) => { $("login-error").textContent = e.message; });
  });
  $("signout").addEventListener("click", () => signOut(""));
  $("filter-status").addEventListener("change", renderTable);
  document.querySelectorAll(".tab").forEach((b) => b.addEventListener("click", () => {
    document.querySelectorAll(".tab").forEach((x) => x.classList.toggle("active", x === b));
    document.querySelectorAll(".tab-body").forEach((x) => x.classList.toggle("hidden", x.id !== "tab-" + b.dataset.tab));
  }));
  document.querySelectorAll(".seg-btn").forEach((b) => b.addEventListener("click", () => {
    document.querySelectorAll(".seg-btn").forEach((x) => x.classList.toggle("active", x === b));
    document.querySelectorAll(".install-pane").forEach((x) => x.classList.toggle("hidden", x.id !== "install-" + b.dataset.install));
  }));
  $("example-name").addEventListener("change", showExampleDesc);
  $("install-example").addEventListener("submit", (ev) => { ev.preventDefault(); install({ source: "example", name: $("example-name").value }); });
  $("install-upload").addEventListener("submit", (ev) => {
    ev.preventDefault();
    const fd = new FormData();
    fd.append("file", $("upload-file").files[0]);
    if ($("upload-sig").files[0]) fd.append("signature", $("upload-sig").files[0]);
    install(fd);
  });
  $("source-kind").addEventListener("change", () => {
    const k = $("source-kind").value;
    $("source-extra").classList.toggle("hidden", k !== "git" && k !== "registry");
    $("source-extra").placeholder = k === "git" ? "ref (e.g. v1.2.0)" : "version (optional)";
    $("source-value").placeholder = { registry: "cost-governor", url: "https://example.com/p.tar.gz",
      oci: "ghcr.io/acme/plugins/p:1.0.0", git: "https://github.com/acme/plugin.git" }[k];
  });
  $("install-source").addEventListener("submit", (ev) => { ev.preventDefault(); install(installSourceBody()); });
  $("invoke-form").addEventListener("submit", invoke);
  $("config-form").addEventListener("submit", saveConfig);
  $("log-clear").addEventListener("click", () => $("log-view").replaceChildren());
  setInterval(() => { if (state.token) refresh().catch(() => {}); }, 5000);
}

wire();
if (state.token) signIn(state.token).catch(() => signOut("")); else signOut("");
