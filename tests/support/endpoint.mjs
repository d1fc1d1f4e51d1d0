// A results endpoint for the end-to-end tests: a node http server on 127.0.0.1 that records every POST by
// submission_id and can be switched between answering 200, 500, 4xx or not answering at all (connection
// destroyed, as a server that is down). CORS headers allow the dist origin(s) given.
//   const ep = await startEndpoint({ allowOrigins: [distUrl] });
//   ep.mode = "down" | "200" | "500" | "422" | "429";
//   ep.accepted()           -> Map submission_id -> number of POSTs answered 2xx
//   ep.attempts             -> every POST seen: { id, status, body }
//   await ep.waitFor((ep) => ep.accepted().size === 3, 20_000)
import http from "node:http";

export async function startEndpoint({ allowOrigins = [], mode = "200", path = "/results" } = {}) {
  const state = {
    mode,
    attempts: [],
    preflights: 0,
    url: "",
    accepted() {
      const byId = new Map();
      for (const a of state.attempts) {
        if (a.status >= 200 && a.status < 300) byId.set(a.id, (byId.get(a.id) ?? 0) + 1);
      }
      return byId;
    },
    /** Submission ids that got a 2xx more than once: must stay empty. */
    duplicates() {
      return [...state.accepted()].filter(([, n]) => n > 1).map(([id]) => id);
    },
    payloads() {
      const seen = new Map();
      for (const a of state.attempts) if (a.status < 300 && a.status >= 200 && !seen.has(a.id)) seen.set(a.id, a.body);
      return [...seen.values()];
    },
    async waitFor(predicate, timeoutMs = 20_000) {
      const end = Date.now() + timeoutMs;
      while (Date.now() < end) {
        if (predicate(state)) return;
        await new Promise((r) => setTimeout(r, 100));
      }
      throw new Error(`endpoint: condition not met in ${timeoutMs} ms (attempts: ${state.attempts.length})`);
    },
  };

  const cors = (req) => {
    const origin = req.headers.origin;
    if (!origin || !allowOrigins.some((o) => o.replace(/\/$/, "") === origin)) return {};
    return {
      "Access-Control-Allow-Origin": origin,
      "Access-Control-Allow-Methods": "POST, OPTIONS",
      "Access-Control-Allow-Headers": "Content-Type",
      "Access-Control-Max-Age": "600",
      Vary: "Origin",
    };
  };

  const server = http.createServer((req, res) => {
    if (state.mode === "down") {
      // No HTTP answer at all: the browser sees a network error, as with a server that is off.
      req.socket.destroy();
      return;
    }
    const url = new URL(req.url, "http://x");
    if (url.pathname !== path) {
      res.writeHead(404, cors(req));
      return res.end();
    }
    if (req.method === "OPTIONS") {
      state.preflights++;
      res.writeHead(204, cors(req));
      return res.end();
    }
    if (req.method !== "POST") {
      res.writeHead(405, cors(req));
      return res.end();
    }
    let raw = "";
    req.setEncoding("utf8");
    req.on("data", (chunk) => (raw += chunk));
    req.on("end", () => {
      let body = null;
      try {
        body = JSON.parse(raw);
      } catch {
        // recorded as null: a test asserting on bodies will notice
      }
      const status = Number(state.mode) || 500;
      const id = body && typeof body.submission_id === "string" ? body.submission_id : null;
      state.attempts.push({ id, status, body, contentType: req.headers["content-type"] ?? "" });
      res.writeHead(status, { "Content-Type": "application/json", ...cors(req) });
      res.end(JSON.stringify({ ok: status < 300, submission_id: id }));
    });
  });

  await new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", resolve);
  });
  state.url = `http://127.0.0.1:${server.address().port}${path}`;
  state.close = () =>
    new Promise((done) => {
      server.closeAllConnections?.();
      server.close(() => done());
    });
  return state;
}
