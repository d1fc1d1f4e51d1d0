#!/usr/bin/env node
// A dependency-free static file server for the demo, the end-to-end tests, the size budget and the benchmark.
//   node tools/serve.mjs --root DIR --port N [--host 127.0.0.1] [--gzip] [--precompressed] [--header "Name: value"]...
//                        [--frame-ancestors "'self' https://portal.example"]
//   import { startServer } from "./tools/serve.mjs";
//   const { url, port, close } = await startServer({ root, port: 0, gzip: true, headers, frameAncestors, onRequest });
// `frameAncestors` sends `Content-Security-Policy: frame-ancestors …` with every HTML page (beside any CSP in
// `headers`: browsers enforce both), so only the named sites may frame the quiz page.
// Files are served with the MIME types browsers insist on (application/wasm for streaming compilation,
// text/javascript for module scripts), gzip-compressed when asked for and accepted, never from outside root.
// `precompressed` serves the build's FILE.br / FILE.gz (scripts/precompress.mjs) when the request accepts that
// encoding and the copy is not older than FILE, as nginx's brotli_static / gzip_static do (docs/hosting.md).
import http from "node:http";
import fs from "node:fs";
import path from "node:path";
import zlib from "node:zlib";
import { fileURLToPath } from "node:url";

export const MIME = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".mjs": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".json": "application/json; charset=utf-8",
  ".webmanifest": "application/manifest+json; charset=utf-8",
  ".wasm": "application/wasm",
  ".svg": "image/svg+xml; charset=utf-8",
  ".png": "image/png",
  ".ico": "image/x-icon",
  ".txt": "text/plain; charset=utf-8",
  ".csv": "text/csv; charset=utf-8",
  ".map": "application/json; charset=utf-8",
  ".woff2": "font/woff2",
};

// Already-compressed formats gain nothing from gzip.
const INCOMPRESSIBLE = new Set([".png", ".ico", ".woff2"]);

export function mimeType(file) {
  return MIME[path.extname(file).toLowerCase()] ?? "application/octet-stream";
}

/** True when the Accept-Encoding header allows gzip (an explicit `q=0` refuses it). */
export function acceptsGzip(header) {
  if (!header) return false;
  let star = null;
  for (const part of String(header).split(",")) {
    const [name, ...params] = part.trim().toLowerCase().split(";");
    const qParam = params.map((p) => p.trim()).find((p) => p.startsWith("q="));
    const q = qParam ? Number(qParam.slice(2)) : 1;
    if (name === "gzip" || name === "x-gzip") return q > 0;
    if (name === "*") star = q > 0;
  }
  return star === true;
}

/** True when the Accept-Encoding header allows brotli (an explicit `q=0` refuses it; `*` does not ask for it). */
export function acceptsBrotli(header) {
  if (!header) return false;
  for (const part of String(header).split(",")) {
    const [name, ...params] = part.trim().toLowerCase().split(";");
    const qParam = params.map((p) => p.trim()).find((p) => p.startsWith("q="));
    if (name === "br") return (qParam ? Number(qParam.slice(2)) : 1) > 0;
  }
  return false;
}

/** The precompressed copy `file + suffix` when it exists and is at least as new as `file`, else null. */
function freshCopy(file, stat, suffix) {
  try {
    const copy = fs.statSync(file + suffix);
    return copy.isFile() && copy.mtimeMs >= stat.mtimeMs ? file + suffix : null;
  } catch {
    return null;
  }
}

/**
 * Maps a request path to a file inside root, or returns an HTTP status for refusing it.
 * Any `..` segment is refused outright (also when percent-encoded), and the resolved real path must stay
 * inside the real root, so neither traversal nor a symlink can leave it.
 */
export function resolveInside(realRoot, rawPathname) {
  let pathname;
  try {
    pathname = decodeURIComponent(rawPathname);
  } catch {
    return { status: 400 };
  }
  if (pathname.includes("\0") || pathname.includes("\\")) return { status: 400 };
  if (pathname.split("/").some((segment) => segment === "..")) return { status: 403 };
  let file = path.resolve(realRoot, "." + pathname);
  if (file !== realRoot && !file.startsWith(realRoot + path.sep)) return { status: 403 };
  let stat;
  try {
    stat = fs.statSync(file);
    if (stat.isDirectory()) {
      file = path.join(file, "index.html");
      stat = fs.statSync(file);
    }
    const real = fs.realpathSync(file);
    if (!real.startsWith(realRoot + path.sep)) return { status: 403 };
    file = real;
  } catch {
    return { status: 404 };
  }
  if (!stat.isFile()) return { status: 404 };
  return { file, stat };
}

/**
 * Starts a server. `headers`: extra response headers on every file response (e.g. a CSP).
 * `onRequest(req, res)`: called first for every request; if it returns (or resolves to) true it has answered
 * the request itself (tests use it for synthetic pages); otherwise it only observes.
 * Resolves to `{ url, port, close }`; `port: 0` picks a free port.
 */
export function startServer({ root, port = 0, host = "127.0.0.1", gzip = false, precompressed = false, headers = {}, frameAncestors, onRequest } = {}) {
  if (!root) throw new TypeError("startServer: root is required");
  const realRoot = fs.realpathSync(path.resolve(root));
  const gzipCache = new Map(); // file -> { mtimeMs, size, body }

  const server = http.createServer(async (req, res) => {
    try {
      if (onRequest && (await onRequest(req, res))) return;
      if (req.method !== "GET" && req.method !== "HEAD") {
        res.writeHead(405, { Allow: "GET, HEAD", "Content-Type": "text/plain; charset=utf-8" });
        return res.end("405 method not allowed\n");
      }
      // Check the raw path: URL parsing would quietly fold `..` away and hide the attempt.
      const rawPath = String(req.url).split(/[?#]/)[0];
      const found = rawPath.startsWith("/") ? resolveInside(realRoot, rawPath) : { status: 400 };
      if (found.status) {
        res.writeHead(found.status, { "Content-Type": "text/plain; charset=utf-8", "Cache-Control": "no-cache" });
        return res.end(`${found.status}\n`);
      }
      const { file, stat } = found;
      const ext = path.extname(file).toLowerCase();
      const head = {
        "Content-Type": mimeType(file),
        "Cache-Control": "no-cache",
        "X-Content-Type-Options": "nosniff",
        ...headers,
      };
      if (frameAncestors && ext === ".html") {
        const framing = `frame-ancestors ${frameAncestors}`;
        const csp = head["Content-Security-Policy"];
        head["Content-Security-Policy"] = csp ? [csp, framing] : framing;
      }
      let body = null;
      if (precompressed && !INCOMPRESSIBLE.has(ext)) {
        const accept = req.headers["accept-encoding"];
        const br = acceptsBrotli(accept) && freshCopy(file, stat, ".br");
        const gz = !br && acceptsGzip(accept) && freshCopy(file, stat, ".gz");
        head.Vary = "Accept-Encoding";
        if (br || gz) {
          body = fs.readFileSync(br || gz);
          head["Content-Encoding"] = br ? "br" : "gzip";
        }
      }
      if (body === null) body = fs.readFileSync(file);
      if (gzip && !head["Content-Encoding"] && !INCOMPRESSIBLE.has(ext)) {
        head.Vary = "Accept-Encoding";
        if (acceptsGzip(req.headers["accept-encoding"])) {
          const cached = gzipCache.get(file);
          if (cached && cached.mtimeMs === stat.mtimeMs && cached.size === stat.size) {
            body = cached.body;
          } else {
            // Level 9, as a static host precompressing its files would do.
            const packed = zlib.gzipSync(body, { level: 9 });
            gzipCache.set(file, { mtimeMs: stat.mtimeMs, size: stat.size, body: packed });
            body = packed;
          }
          head["Content-Encoding"] = "gzip";
        }
      }
      head["Content-Length"] = body.length;
      res.writeHead(200, head);
      res.end(req.method === "HEAD" ? undefined : body);
    } catch (err) {
      if (!res.headersSent) res.writeHead(500, { "Content-Type": "text/plain; charset=utf-8" });
      res.end("500\n");
      console.error("serve.mjs:", err);
    }
  });

  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, () => {
      const actual = server.address().port;
      const shownHost = host.includes(":") ? `[${host}]` : host;
      resolve({
        url: `http://${shownHost}:${actual}/`,
        port: actual,
        server,
        close: () =>
          new Promise((done) => {
            server.closeAllConnections?.();
            server.close(() => done());
          }),
      });
    });
  });
}

function parseArgs(argv) {
  const opts = { root: ".", port: 8080, host: "127.0.0.1", gzip: false, precompressed: false, headers: {} };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const next = () => {
      if (i + 1 >= argv.length) throw new Error(`${arg} needs a value`);
      return argv[++i];
    };
    if (arg === "--root") opts.root = next();
    else if (arg === "--port") opts.port = Number(next());
    else if (arg === "--host") opts.host = next();
    else if (arg === "--gzip") opts.gzip = true;
    else if (arg === "--precompressed") opts.precompressed = true;
    else if (arg === "--frame-ancestors") opts.frameAncestors = next();
    else if (arg === "--header") {
      const raw = next();
      const colon = raw.indexOf(":");
      if (colon < 1) throw new Error(`--header expects "Name: value", got ${JSON.stringify(raw)}`);
      opts.headers[raw.slice(0, colon).trim()] = raw.slice(colon + 1).trim();
    } else if (arg === "--help" || arg === "-h") {
      opts.help = true;
    } else throw new Error(`unknown argument ${arg}`);
  }
  if (!Number.isInteger(opts.port) || opts.port < 0 || opts.port > 65535) throw new Error("--port must be 0..65535");
  return opts;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  let opts;
  try {
    opts = parseArgs(process.argv.slice(2));
  } catch (err) {
    console.error(`serve.mjs: ${err.message}`);
    process.exit(2);
  }
  if (opts.help) {
    console.log('usage: node tools/serve.mjs --root DIR --port N [--host 127.0.0.1] [--gzip] [--precompressed] [--header "Name: value"] [--frame-ancestors SOURCES]');
    process.exit(0);
  }
  const { url, close } = await startServer(opts);
  console.log(`serving ${path.resolve(opts.root)} at ${url}${opts.gzip ? " (gzip)" : ""}${opts.precompressed ? " (precompressed .br/.gz)" : ""}`);
  for (const sig of ["SIGINT", "SIGTERM"]) process.on(sig, () => close().then(() => process.exit(0)));
}
