// The server example of docs/embedding.md, run as written (only its port and load signal swapped): it must
// answer the CORS preflight for the quiz's origin and only for it, carry CORS on every answer to the POST so
// the page can read even a 4xx, expose Retry-After, and accept a valid result idempotently.
//   node --test tests/e2e/server-example.test.mjs
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import http from "node:http";
import path from "node:path";
import { spawn } from "node:child_process";
import { ROOT } from "../support/browser.mjs";

const QUIZ = "https://quiz.example.go.id";
const docs = fs.readFileSync(path.join(ROOT, "docs/embedding.md"), "utf8");
const section = docs.slice(docs.indexOf("## Server side"));
const code = section.slice(section.indexOf("```js") + 5, section.indexOf("```", section.indexOf("```js") + 5));
const example = JSON.parse(docs.slice(docs.indexOf("```json", docs.indexOf("## The result payload")) + 7).split("```")[0]);

let child, port, file, overloadedFile;

before(async () => {
  assert.match(code, /\.listen\(8787\)/, "the example listens on 8787");
  assert.match(code, /function overloaded\(\)/, "the example has a load signal");
  // Beside node_modules, so its imports resolve; the schema is read from the working directory.
  file = path.join(ROOT, "node_modules", ".psm-server-example.mjs");
  overloadedFile = path.join(ROOT, "node_modules", ".psm-server-overloaded");
  const patched = code
    .replace(".listen(8787)", ".listen(0, '127.0.0.1', function () { console.log('PORT ' + this.address().port); })")
    .replace("function overloaded() {", `function overloaded() {\n  if (fs.existsSync(${JSON.stringify(overloadedFile)})) return true;`);
  fs.writeFileSync(file, patched);
  child = spawn(process.execPath, [file], { cwd: path.join(ROOT, "schema"), stdio: ["ignore", "pipe", "inherit"] });
  port = await new Promise((resolve, reject) => {
    child.stdout.on("data", (d) => {
      const m = /PORT (\d+)/.exec(String(d));
      if (m) resolve(Number(m[1]));
    });
    child.once("exit", (c) => reject(new Error(`server example exited with ${c}`)));
  });
});

after(() => {
  child?.kill();
  fs.rmSync(file, { force: true });
  fs.rmSync(overloadedFile, { force: true });
});

function request(method, { origin = QUIZ, body, headers = {} } = {}) {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: "127.0.0.1", port, method, path: "/", headers: { ...(origin ? { Origin: origin } : {}), ...headers } }, (res) => {
      let text = "";
      res.on("data", (c) => (text += c));
      res.on("end", () => resolve({ status: res.statusCode, headers: res.headers, text }));
    });
    req.on("error", reject);
    req.end(body);
  });
}

test("the preflight is answered for the quiz's origin only", async () => {
  const ok = await request("OPTIONS", {
    headers: { "Access-Control-Request-Method": "POST", "Access-Control-Request-Headers": "content-type" },
  });
  assert.equal(ok.status, 204);
  assert.equal(ok.headers["access-control-allow-origin"], QUIZ);
  assert.match(ok.headers["access-control-allow-methods"], /POST/);
  assert.match(ok.headers["access-control-allow-headers"], /Content-Type/i);
  const other = await request("OPTIONS", { origin: "https://evil.example" });
  assert.equal(other.headers["access-control-allow-origin"], undefined, "no CORS for another origin");
});

test("every answer to the POST carries CORS and exposes Retry-After, so the page can read it", async () => {
  const valid = { ...example, instrument: { ...example.instrument, sha256: "a".repeat(64) } };
  const cases = [
    ["not JSON", "{", 400],
    ["invalid", "{}", 422],
    ["valid", JSON.stringify(valid), 200],
    ["the same again (idempotent)", JSON.stringify(valid), 200],
  ];
  for (const [what, body, status] of cases) {
    const res = await request("POST", { body, headers: { "Content-Type": "application/json" } });
    assert.equal(res.status, status, `${what}: ${res.text}`);
    assert.equal(res.headers["access-control-allow-origin"], QUIZ, what);
    assert.match(res.headers["access-control-expose-headers"], /Retry-After/, what);
  }
  const get = await request("GET");
  assert.equal(get.status, 405);
  assert.equal(get.headers["access-control-allow-origin"], QUIZ);
});

test("a body far beyond a result's size: 413 the page can read (kept and reported), not a dropped connection", async () => {
  const res = await request("POST", { body: JSON.stringify({ pad: "x".repeat(100_000) }), headers: { "Content-Type": "application/json" } });
  assert.equal(res.status, 413);
  assert.equal(res.headers["access-control-allow-origin"], QUIZ);
  // The server is still answering afterwards.
  const next = await request("POST", { body: "{}", headers: { "Content-Type": "application/json" } });
  assert.equal(next.status, 422);
});

test("when overloaded: 503 with a Retry-After the page can read", async () => {
  fs.writeFileSync(overloadedFile, "");
  try {
    const res = await request("POST", { body: "{}", headers: { "Content-Type": "application/json" } });
    assert.equal(res.status, 503);
    assert.equal(res.headers["retry-after"], "120");
    assert.match(res.headers["access-control-expose-headers"], /Retry-After/);
    assert.equal(res.headers["access-control-allow-origin"], QUIZ);
    assert.equal(res.headers.location, undefined, "never a redirect");
  } finally {
    fs.rmSync(overloadedFile, { force: true });
  }
});
