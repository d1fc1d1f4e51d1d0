// Shared end-to-end helpers: one way to launch Chromium and to serve a folder, for every e2e test.
import { chromium } from "playwright-core";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import path from "node:path";

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
export const DIST = path.resolve(ROOT, process.env.DIST ?? "dist");

/** Flags that keep headless Chromium off the (closed) network and quiet on this machine. */
export const CHROMIUM_ARGS = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

export function launch(options = {}) {
  return chromium.launch({
    executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium",
    args: CHROMIUM_ARGS,
    ...options,
  });
}

/** Runs axe-core in the page (including shadow roots) and returns its violations. */
export async function axeViolations(page, context = undefined) {
  const source = readFileSync(path.join(ROOT, "node_modules/axe-core/axe.min.js"), "utf8");
  await page.evaluate(source);
  return page.evaluate(async (ctx) => {
    const result = await globalThis.axe.run(ctx ?? document, {
      runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"] },
    });
    return result.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.map((n) => n.target) }));
  }, context);
}

/** Collects console errors and page errors, so a test can assert there were none. */
export function watchConsole(page) {
  const errors = [];
  page.on("console", (msg) => msg.type() === "error" && errors.push(msg.text()));
  page.on("pageerror", (err) => errors.push(String(err)));
  return errors;
}
