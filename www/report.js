// Cohort report page: reads result files in the browser, computes in WebAssembly (psm_report),
// renders tables and SVG charts. Data from files is only ever set as textContent or attributes.
import init, { Analysis, max_file_bytes } from "./psm_report.js";
import { STRINGS } from "./report-text.js";

const $ = (id) => document.getElementById(id);
let lang = "id";
let report = null;
let elapsedMs = 0;
const engine = init();

function t(key, vars = {}) {
  const path = key.split(".");
  let s = path.reduce((o, k) => (o == null ? undefined : o[k]), STRINGS[lang]);
  if (s === undefined) s = path.reduce((o, k) => (o == null ? undefined : o[k]), STRINGS.en) ?? key;
  return String(s).replace(/\{(\w+)\}/g, (_, v) => String(vars[v] ?? ""));
}

function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (k === "text") node.textContent = v;
    else if (v !== undefined && v !== null && v !== false) node.setAttribute(k, v === true ? "" : String(v));
  }
  for (const c of children) if (c) node.append(c);
  return node;
}

const SVG = "http://www.w3.org/2000/svg";
function svg(tag, attrs = {}, text) {
  const node = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, String(v));
  if (text !== undefined) node.textContent = text;
  return node;
}

function fmt(x, digits = 2) {
  if (x === null || x === undefined || Number.isNaN(x)) return t("none");
  return new Intl.NumberFormat(lang === "id" ? "id-ID" : "en-GB", {
    minimumFractionDigits: digits,
    maximumFractionDigits: digits,
  }).format(x);
}
const int = (x) => new Intl.NumberFormat(lang === "id" ? "id-ID" : "en-GB").format(x);
const pct = (a, b) => (b > 0 ? `${fmt((100 * a) / b, 1)} %` : t("none"));
const dimName = (d) => (d.name && (d.name[lang] || d.name.en || d.name.id)) || d.id || d.dimension;

// ---- files in ----

async function analyseFiles(list) {
  const files = Array.from(list);
  if (files.length === 0) return;
  const status = $("status");
  const progress = $("progress");
  document.body.dataset.state = "busy";
  status.textContent = t("loading");
  progress.hidden = false;
  progress.removeAttribute("value");
  const started = performance.now();
  try {
    await engine;
    status.textContent = t("reading", { n: files.length });
    const analysis = new Analysis();
    const max = max_file_bytes();
    progress.max = files.length;
    for (const [i, file] of files.entries()) {
      progress.value = i;
      if (file.size > max) {
        analysis.add_refused(file.name, file.size, true, `${file.size} > ${max}`);
        continue;
      }
      let bytes;
      try {
        bytes = new Uint8Array(await file.arrayBuffer());
      } catch (e) {
        analysis.add_refused(file.name, file.size, false, String(e && e.message ? e.message : e));
        continue;
      }
      analysis.add_file(file.name, bytes);
      bytes = null;
    }
    report = analysis.finish();
    analysis.free();
    elapsedMs = performance.now() - started;
    render();
    status.textContent = t("done", { s: fmt(elapsedMs / 1000, 2), used: int(report.used), rejected: int(report.rejected) });
    document.body.dataset.state = "done";
  } catch (e) {
    status.textContent = t("failed", { msg: String(e && e.message ? e.message : e) });
    document.body.dataset.state = "error";
  } finally {
    progress.hidden = true;
  }
}

// ---- tables, CSV and downloads ----

/** A table model: columns [{label, num}], rows of cells {v: raw value, d: display text, head: bool}. */
function cell(v, d = v === null || v === undefined ? t("none") : String(v)) {
  return { v, d };
}
const num = (v, digits = 2) => ({ v, d: fmt(v, digits), num: true });
const count = (v) => ({ v, d: int(v), num: true });

function csvOf(model) {
  const q = (x) => {
    const s = x === null || x === undefined ? "" : String(x);
    return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
  };
  const lines = [model.columns.map((c) => q(c.label)).join(",")];
  for (const row of model.rows) lines.push(row.map((c) => q(c.v)).join(","));
  return lines.join("\r\n") + "\r\n";
}

function download(name, type, text) {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const a = el("a", { href: url, download: name });
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

function table(model) {
  const tbl = el("table", { id: model.id });
  tbl.append(el("caption", { text: model.caption }));
  const head = el("tr");
  for (const c of model.columns) head.append(el("th", { scope: "col", class: c.num ? "num" : undefined, text: c.label }));
  tbl.append(el("thead", {}, head));
  const body = el("tbody");
  for (const row of model.rows) {
    const tr = el("tr");
    row.forEach((c, i) => {
      const attrs = { class: c.num ? "num" : undefined, text: c.d };
      if (typeof c.v === "number") attrs["data-value"] = c.v;
      if (i === 0) tr.append(el("th", { scope: "row", ...attrs }));
      else tr.append(el("td", attrs));
    });
    body.append(tr);
  }
  tbl.append(body);
  const button = el("button", {
    type: "button",
    class: "secondary",
    text: t("downloadCsv"),
    "aria-label": t("downloadCsvOf", { what: model.caption }),
  });
  button.addEventListener("click", () => download(`${model.file}.csv`, "text/csv;charset=utf-8", csvOf(model)));
  return el("div", { class: "table-wrap" }, tbl, el("div", { class: "downloads" }, button));
}

// ---- charts ----

let svgSeq = 0;
function histogramFigure(label, bins, max) {
  const title = t("histogramOf", { dim: label });
  const id = `h${++svgSeq}`;
  const W = 320, H = 170, L = 36, B = 30, T = 10, R = 8;
  const top = Math.max(1, ...bins.map((b) => b.count));
  const bw = (W - L - R) / bins.length;
  const list = bins.map((b) => `${fmt(b.centre, 1)}: ${int(b.count)} ${t("results_")}`).join("; ");
  const s = svg("svg", { viewBox: `0 0 ${W} ${H}`, class: "hist", role: "img", "aria-labelledby": `${id}t ${id}d` });
  s.append(svg("title", { id: `${id}t` }, title));
  s.append(svg("desc", { id: `${id}d` }, t("histogramDesc", { dim: label, max, list })));
  bins.forEach((b, i) => {
    const h = ((H - B - T) * b.count) / top;
    s.append(svg("rect", { class: "bar", x: (L + i * bw + 1).toFixed(1), y: (H - B - h).toFixed(1), width: Math.max(1, bw - 2).toFixed(1), height: h.toFixed(1) }));
    if (Number.isInteger(b.centre)) {
      s.append(svg("text", { x: (L + (i + 0.5) * bw).toFixed(1), y: H - B + 14, "text-anchor": "middle" }, String(b.centre)));
    }
  });
  s.append(svg("line", { class: "axis", x1: L, y1: H - B, x2: W - R, y2: H - B }));
  s.append(svg("line", { class: "axis", x1: L, y1: T, x2: L, y2: H - B }));
  s.append(svg("text", { x: L - 4, y: T + 8, "text-anchor": "end" }, int(top)));
  s.append(svg("text", { x: L - 4, y: H - B, "text-anchor": "end" }, "0"));
  return el("figure", {}, s, el("figcaption", { text: title }));
}

// ---- the report ----

function issueText(file, issue) {
  const where = issue.line > 0 ? `${t("line")} ${issue.line}` : t("wholeFile");
  return `${file.name}, ${where}: ${t(`codes.${issue.code}`)}. ${issue.detail}`;
}

function summary(r) {
  const sec = el("section", { "aria-labelledby": "summary-h" });
  sec.append(el("h2", { id: "summary-h", text: t("summary") }));
  const json = el("button", { type: "button", text: t("downloadJson") });
  json.addEventListener("click", () => download("psm-cohort-report.json", "application/json", JSON.stringify({ ...r, elapsed_ms: Math.round(elapsedMs) }, null, 2)));
  sec.append(el("div", { class: "downloads" }, json));
  sec.append(table({
    id: "counts", file: "counts", caption: t("summary"),
    columns: [{ label: t("summary") }, { label: t("count"), num: true }],
    rows: [
      [cell(t("used")), count(r.used)],
      [cell(t("rejected")), count(r.rejected)],
      [cell(t("rejectedFiles")), count(r.rejected_files)],
      [cell(t("elapsed")), num(elapsedMs / 1000, 2)],
    ],
  }));
  if (r.rejected_by_code.length) {
    sec.append(table({
      id: "reasons", file: "rejection-reasons", caption: t("reasons"),
      columns: [{ label: t("reason") }, { label: "code" }, { label: t("count"), num: true }],
      rows: r.rejected_by_code.map((c) => [cell(t(`codes.${c.code}`)), cell(c.code), count(c.count)]),
    }));
  }
  sec.append(table({
    id: "files", file: "files", caption: t("files"),
    columns: [{ label: t("file") }, { label: t("format") }, { label: t("bytes"), num: true }, { label: t("used"), num: true }, { label: t("rejected"), num: true }],
    rows: r.files.map((f) => [cell(f.name), cell(f.format), count(f.bytes), count(f.used), count(f.rejected)]),
  }));
  const withIssues = r.files.filter((f) => f.issues.length);
  if (withIssues.length) {
    sec.append(el("h3", { text: t("problems") }));
    const ul = el("ul", { id: "problems", class: "error" });
    for (const f of withIssues) {
      for (const i of f.issues) ul.append(el("li", { text: issueText(f, i) }));
      if (f.more_issues > 0) ul.append(el("li", { text: `${f.name}: ${t("more", { n: int(f.more_issues) })}` }));
    }
    sec.append(ul);
  }
  return sec;
}

function groupSection(g, gi) {
  const prefix = `g${gi + 1}`;
  const file = `${g.instrument.id}-${g.instrument.version}-${g.instrument.sha256.slice(0, 8)}-${g.lang}`;
  const sec = el("section", { "aria-labelledby": `${prefix}-h`, class: "group", "data-sha256": g.instrument.sha256, "data-lang": g.lang });
  const names = STRINGS[lang].langNames;
  const langName = Object.hasOwn(names, g.lang) ? names[g.lang] : g.lang;
  sec.append(el("h2", { id: `${prefix}-h`, text: t("instrument", { ...g.instrument, lang: langName }) }));
  sec.append(el("p", { class: "sha", text: `sha256 ${g.instrument.sha256}` }));
  sec.append(el("p", { text: t("results", { n: int(g.n), r: int(g.with_responses), max: g.scale_max }) + t(`scaleSource.${g.scale_source}`) + " " + t(`keying.${g.keying}`) }));
  // Items against their dimension get their own warning below, naming them.
  for (const note of g.notes) {
    if (note.code !== "negative_item_total") sec.append(el("p", { class: "note", text: t(`notes.${note.code}`) }));
  }
  for (const r of g.reliability) {
    if (r.negative_items.length) {
      sec.append(el("p", { class: "note warning", "data-flag": "negative_item_total", text: t("negativeItems", { items: r.negative_items.join(", "), dim: `${dimName(r)} (${r.dimension})` }) }));
    }
  }

  const dims = g.dimensions;
  const descRow = (label, d) => [cell(label), count(d.n), count(d.missing), num(d.mean), num(d.sd), num(d.median), num(d.min), num(d.max)];
  const rows = dims.map((d) => descRow(`${dimName(d)} (${d.id})`, d.describe));
  if (g.overall) rows.push(descRow(`${t("overall")} (${g.overall.methods.join(", ")})`, g.overall.describe));
  sec.append(el("h3", { text: t("descriptives") }));
  sec.append(table({
    id: `${prefix}-descriptives`, file: `${file}-descriptives`, caption: t("descriptives"),
    columns: [t("dimension"), t("n"), t("missing"), t("mean"), t("sd"), t("median"), t("min"), t("max")].map((label, i) => ({ label, num: i > 0 })),
    rows,
  }));

  sec.append(el("h3", { text: t("histograms") }));
  const figs = el("div", { class: "figures" });
  const series = dims.map((d) => ({ label: dimName(d), bins: d.histogram }));
  if (g.overall) series.push({ label: t("overall"), bins: g.overall.histogram });
  for (const s of series) figs.append(histogramFigure(s.label, s.bins, g.scale_max));
  sec.append(figs);
  sec.append(table({
    id: `${prefix}-histograms`, file: `${file}-histograms`, caption: t("histTable"),
    columns: [{ label: t("bin"), num: true }, ...series.map((s) => ({ label: s.label, num: true }))],
    rows: (series[0]?.bins ?? []).map((b, i) => [num(b.centre, 1), ...series.map((s) => count(s.bins[i].count))]),
  }));

  if (g.reliability.length) {
    sec.append(el("h3", { text: t("reliability") }));
    sec.append(el("p", { text: t("reliabilityNote") }));
    sec.append(table({
      id: `${prefix}-reliability`, file: `${file}-reliability`, caption: t("reliability"),
      columns: [{ label: t("dimension") }, { label: t("k"), num: true }, { label: t("nComplete"), num: true }, { label: t("alpha"), num: true }, { label: t("omega"), num: true }, { label: t("remark") }],
      rows: g.reliability.map((r) => [cell(`${dimName(r)} (${r.dimension})`), count(r.k), count(r.n), num(r.alpha), num(r.omega), cell(r.note ? t(`notes.${r.note}`) : "", r.note ? t(`notes.${r.note}`) : "")]),
    }));
    for (const r of g.reliability) {
      const details = el("details", {}, el("summary", { text: t("items", { dim: `${dimName(r)} (${r.dimension})` }) }));
      details.append(table({
        id: `${prefix}-items-${r.dimension}`, file: `${file}-items-${r.dimension}`, caption: t("items", { dim: dimName(r) }),
        columns: [{ label: t("item") }, { label: t("reverse") }, { label: t("mean"), num: true }, { label: t("sd"), num: true }, { label: t("rCorrected"), num: true }, { label: t("alphaIfDeleted"), num: true }, { label: t("loading_"), num: true }, { label: t("itemFlag") }],
        rows: r.items.map((it) => [cell(it.id), cell(it.reverse, t(it.reverse ? "yes" : "no")), num(it.mean), num(it.sd), num(it.r_corrected), num(it.alpha_if_deleted), num(it.loading), cell(it.flag ?? "", it.flag ? t("negativeFlag") : "")]),
      }));
      sec.append(details);
    }
  }

  const m = g.correlations;
  if (m.dimensions.length > 1) {
    sec.append(el("h3", { text: t("correlations") }));
    sec.append(el("p", { text: t("correlationsNote") }));
    const model = {
      id: `${prefix}-correlations`, file: `${file}-correlations`, caption: t("correlations"),
      columns: [{ label: t("dimension") }, ...m.dimensions.map((d) => ({ label: d, num: true }))],
      rows: m.dimensions.map((d, i) => [cell(d), ...m.r[i].map((r) => num(r))]),
    };
    const wrap = table(model);
    // The CSV download adds the pairs used per cell.
    model.columns = [...model.columns, ...m.dimensions.map((d) => ({ label: `n ${d}` }))];
    model.rows = model.rows.map((row, i) => [...row, ...m.n[i].map((n) => count(n))]);
    sec.append(wrap);
  }

  const q = g.quality;
  sec.append(el("h3", { text: t("quality") }));
  sec.append(el("p", { class: "note", text: t("qualityNote") }));
  sec.append(table({
    id: `${prefix}-quality`, file: `${file}-quality`, caption: t("quality"),
    columns: [{ label: t("flag") }, { label: t("threshold") }, { label: t("count"), num: true }, { label: t("share"), num: true }, { label: t("basis"), num: true }],
    rows: [
      [cell(t("longRun")), cell(t("longRunThreshold", { n: q.long_run_min })), count(q.long_run), cell(q.with_run ? q.long_run / q.with_run : null, pct(q.long_run, q.with_run)), count(q.with_run)],
      [cell(t("fast")), cell(t("fastThreshold", { s: fmt(q.fast_seconds_per_item, 0) })), count(q.fast), cell(q.with_time ? q.fast / q.with_time : null, pct(q.fast, q.with_time)), count(q.with_time)],
      [cell(t("flagged")), cell(""), count(q.flagged), cell(g.n ? q.flagged / g.n : null, pct(q.flagged, g.n)), count(g.n)],
    ],
  }));
  return sec;
}

function render() {
  const root = $("report");
  root.replaceChildren();
  svgSeq = 0;
  if (!report) return;
  root.dataset.used = report.used;
  root.dataset.rejected = report.rejected;
  root.dataset.elapsedMs = Math.round(elapsedMs);
  root.append(summary(report));
  if (report.groups.length === 0) root.append(el("p", { class: "note", text: t("noResults") }));
  report.groups.forEach((g, i) => root.append(groupSection(g, i)));
}

function applyLanguage() {
  document.documentElement.lang = lang;
  document.title = t("title");
  for (const node of document.querySelectorAll("[data-i18n]")) node.textContent = t(node.dataset.i18n);
  render();
}

function setup() {
  const input = $("files");
  input.addEventListener("change", () => analyseFiles(input.files));
  const drop = $("drop");
  for (const type of ["dragenter", "dragover"]) {
    drop.addEventListener(type, (e) => {
      e.preventDefault();
      drop.classList.add("over");
    });
  }
  for (const type of ["dragleave", "drop"]) drop.addEventListener(type, () => drop.classList.remove("over"));
  drop.addEventListener("drop", (e) => {
    e.preventDefault();
    if (e.dataTransfer?.files?.length) analyseFiles(e.dataTransfer.files);
  });
  const select = $("lang");
  const wanted = new URLSearchParams(location.search).get("lang");
  if (wanted === "en" || wanted === "id") lang = wanted;
  select.value = lang;
  select.addEventListener("change", () => {
    lang = select.value === "en" ? "en" : "id";
    applyLanguage();
  });
  applyLanguage();
  document.body.dataset.state = "ready";
}

setup();
