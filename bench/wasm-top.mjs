#!/usr/bin/env node
// Where the widget's wasm bytes are: a dependency-free `twiggy top` for one wasm file. Reads the code section
// (one body per function) and the "name" section (function names, which rustc and wasm-bindgen keep; wasm-opt
// drops them unless run with -g), and prints the largest functions, the bytes per crate (the first path segment
// of a demangled name: core::fmt, yew, psm_core, ...) and the data segments (strings, tables, embedded JSON).
// Raw bytes, not gzip: gzip of a part is not additive, but the shares point at what to cut.
//   cargo build --release --target wasm32-unknown-unknown -p psm-quiz-web --lib
//   node bench/wasm-top.mjs [target/wasm32-unknown-unknown/release/psm_quiz_web.wasm] [--top 40]
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");

/** Reads an unsigned LEB128 at `pos`; returns [value, next position]. */
function leb(buf, pos) {
  let result = 0;
  let shift = 0;
  for (;;) {
    const byte = buf[pos++];
    result += (byte & 0x7f) * 2 ** shift;
    shift += 7;
    if (byte < 0x80) return [result, pos];
  }
}

/** Sections of a wasm module: [{ id, name (custom), start, end }]. */
export function sections(buf) {
  if (buf.readUInt32LE(0) !== 0x6d736100) throw new Error("not a wasm module");
  const out = [];
  let pos = 8;
  while (pos < buf.length) {
    const id = buf[pos];
    const [size, start] = leb(buf, pos + 1);
    const s = { id, start, end: start + size, size: start + size - pos };
    if (id === 0) {
      const [len, p] = leb(buf, start);
      s.name = buf.toString("utf8", p, p + len);
    }
    out.push(s);
    pos = start + size;
  }
  return out;
}

/** Function sizes and names of a module (imports count in the index space but have no body). */
export function analyse(buf) {
  const secs = sections(buf);
  let imported = 0;
  const imp = secs.find((s) => s.id === 2);
  if (imp) {
    let [count, p] = leb(buf, imp.start);
    for (let i = 0; i < count; i++) {
      for (let k = 0; k < 2; k++) {
        const [len, q] = leb(buf, p);
        p = q + len;
      }
      const kind = buf[p++];
      if (kind === 0) {
        imported++;
        [, p] = leb(buf, p);
      } else if (kind === 1) {
        p++;
        const flags = buf[p++];
        [, p] = leb(buf, p);
        if (flags & 1) [, p] = leb(buf, p);
      } else if (kind === 2) {
        const flags = buf[p++];
        [, p] = leb(buf, p);
        if (flags & 1) [, p] = leb(buf, p);
      } else if (kind === 3) p += 2;
      else [, p] = leb(buf, p + 1); // tag
    }
  }
  const names = new Map();
  const nameSec = secs.find((s) => s.name === "name");
  if (nameSec) {
    let [len, p] = leb(buf, nameSec.start);
    p += len;
    while (p < nameSec.end) {
      const sub = buf[p];
      const [size, q] = leb(buf, p + 1);
      if (sub === 1) {
        let [count, r] = leb(buf, q);
        for (let i = 0; i < count; i++) {
          const [idx, r1] = leb(buf, r);
          const [nlen, r2] = leb(buf, r1);
          names.set(idx, demangle(buf.toString("utf8", r2, r2 + nlen)));
          r = r2 + nlen;
        }
      }
      p = q + size;
    }
  }
  const functions = [];
  const code = secs.find((s) => s.id === 10);
  if (code) {
    let [count, p] = leb(buf, code.start);
    for (let i = 0; i < count; i++) {
      const [size, q] = leb(buf, p);
      const index = imported + i;
      functions.push({ index, name: names.get(index) ?? `func[${index}]`, size: q - p + size });
      p = q + size;
    }
  }
  const data = [];
  const dataSec = secs.find((s) => s.id === 11);
  if (dataSec) {
    let [count, p] = leb(buf, dataSec.start);
    for (let i = 0; i < count; i++) {
      const flags = buf[p++];
      if (flags === 2) [, p] = leb(buf, p);
      if (flags !== 1) while (buf[p++] !== 0x0b); // the offset expression, up to `end`
      const [size, q] = leb(buf, p);
      data.push({ index: i, size, start: q });
      p = q + size;
    }
  }
  return { sections: secs, functions, data, total: buf.length };
}

const ESCAPES = { $LT$: "<", $GT$: ">", $u20$: " ", $RF$: "&", $BP$: "*", $C$: ",", $SP$: "@", $u27$: "'", $u5b$: "[", $u5d$: "]", $u7b$: "{", $u7d$: "}", $u7e$: "~", $u3b$: ";", $u2b$: "+", $u22$: '"' };

/** Demangles a legacy Rust symbol (`_ZN...E`, hash dropped); v0 symbols (`_R...`) keep only their crate path. */
export function demangle(name) {
  const legacy = /^_ZN(.*)E$/.exec(name);
  if (legacy) {
    const parts = [];
    let rest = legacy[1];
    while (rest.length) {
      const m = /^(\d+)/.exec(rest);
      if (!m) break;
      const n = Number(m[1]);
      parts.push(rest.slice(m[1].length, m[1].length + n));
      rest = rest.slice(m[1].length + n);
    }
    if (parts.length && /^h[0-9a-f]{16}$/.test(parts.at(-1))) parts.pop();
    return parts
      .map((p) => p.replace(/^_\$/, "$").replace(/\$[A-Za-z0-9]+\$/g, (e) => ESCAPES[e] ?? e).replace(/\.\./g, "::"))
      .join("::");
  }
  const v0 = /^_R.*?C[sA-Za-z0-9_]*?_?(\d+)([a-z_][a-z0-9_]*)/.exec(name);
  if (v0) return `${v0[2].slice(0, Number(v0[1]))}::${name}`;
  return name;
}

/** The crate a demangled name belongs to: `<T as yew::x>::f` counts for the trait's crate's impl type. */
export function crateOf(name) {
  let n = name.replace(/^<+/, "").replace(/^&(mut )?/, "").replace(/^(dyn |impl )/, "");
  const m = /^([A-Za-z_][A-Za-z0-9_]*)::/.exec(n);
  return m ? m[1] : name.startsWith("func[") ? "(no name)" : "(other)";
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const args = process.argv.slice(2);
  const topAt = args.indexOf("--top");
  const top = topAt >= 0 ? Number(args.splice(topAt, 2)[1]) : 40;
  const file = path.resolve(args[0] ?? path.join(ROOT, "target/wasm32-unknown-unknown/release/psm_quiz_web.wasm"));
  const buf = fs.readFileSync(file);
  const { sections: secs, functions, data, total } = analyse(buf);
  const pct = (n) => `${((n / total) * 100).toFixed(1).padStart(5)}%`;
  console.log(`${path.relative(ROOT, file)}: ${total} B`);
  console.log("sections:");
  for (const s of secs) console.log(`  ${String(s.name ?? s.id).padEnd(24)} ${String(s.size).padStart(9)} B ${pct(s.size)}`);
  const code = functions.reduce((a, f) => a + f.size, 0);
  const byCrate = new Map();
  for (const f of functions) byCrate.set(crateOf(f.name), (byCrate.get(crateOf(f.name)) ?? 0) + f.size);
  console.log(`code by crate (${functions.length} functions, ${code} B):`);
  for (const [c, n] of [...byCrate].sort((a, b) => b[1] - a[1]).slice(0, 25)) console.log(`  ${c.padEnd(24)} ${String(n).padStart(9)} B ${pct(n)}`);
  console.log(`largest ${top} functions:`);
  for (const f of [...functions].sort((a, b) => b.size - a.size).slice(0, top)) {
    console.log(`  ${String(f.size).padStart(7)} B ${pct(f.size)}  ${f.name.length > 150 ? `${f.name.slice(0, 147)}...` : f.name}`);
  }
  const dataTotal = data.reduce((a, d) => a + d.size, 0);
  console.log(`data: ${data.length} segments, ${dataTotal} B ${pct(dataTotal)}`);
}
