// A results endpoint for the end-to-end tests: a node http server on 127.0.0.1 that records every POST by
// submission_id and can be switched between answering 200, 500, 4xx or not answering at all (connection
// destroyed, as a server that is down). CORS headers allow the dist origin(s) given.
//   const ep = await startEndpoint({ allowOrigins: [distUrl] });
//   ep.mode = "down" | "200" | "500" | "422" | "429" | "301" ... "308" (Location: ep.finalUrl) | "hold" (no answer
//             until ep.release(status); a request the browser gives up on is recorded with status "aborted");
//   ep.cors = false          -> no CORS headers at all (the preflight fails; the POST never arrives)
//   ep.retryAfter = "3"      -> Retry-After on 429/503 answers (exposed to the page through CORS)
//   await ep.stop(); await ep.restart()  -> the port closed (connection refused), then open again
//   ep.finalHits            -> every request that reached the redirect target, { method, id }
//   ep.accepted()           -> Map submission_id -> number of POSTs answered 2xx
//   ep.attempts             -> every POST seen: { id, status, body }
//   await ep.waitFor((ep) => ep.accepted().size === 3, 20_000)
import http from "node:http";

export async function startEndpoint({ allowOrigins = [], mode = "200", path = "/results" } = {}) {
  const state = {
    mode,
    cors: true,
    retryAfter: null,
    attempts: [],
    finalHits: [],
    held: [],
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
    if (!state.cors || !origin || !allowOrigins.some((o) => o.replace(/\/$/, "") === origin)) return {};
    return {
      "Access-Control-Allow-Origin": origin,
      "Access-Control-Allow-Methods": "POST, OPTIONS",
      "Access-Control-Allow-Headers": "Content-Type",
      "Access-Control-Expose-Headers": "Retry-After",
      "Access-Control-Max-Age": "600",
      Vary: "Origin",
    };
  };

  const readBody = (req, done) => {
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
      done(body, body && typeof body.submission_id === "string" ? body.submission_id : null);
    });
  };

  const server = http.createServer((req, res) => {
    if (state.mode === "down") {
      // No HTTP answer at all: the browser sees a network error, as with a server that is off.
      req.socket.destroy();
      return;
    }
    const url = new URL(req.url, "http://x");
    if (url.pathname === `${path}-final`) {
      // Where the redirects point: anything arriving here was never delivered to the handler.
      if (req.method === "OPTIONS") return res.writeHead(204, cors(req)).end();
      return readBody(req, (body, id) => {
        state.finalHits.push({ method: req.method, id, at: Date.now() });
        res.writeHead(200, { "Content-Type": "application/json", ...cors(req) }).end('{"ok":true}');
      });
    }
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
    readBody(req, (body, id) => {
      const attempt = { id, status: 0, body, contentType: req.headers["content-type"] ?? "", at: Date.now() };
      state.attempts.push(attempt);
      const answer = (status) => {
        if (res.destroyed || res.writableEnded) return;
        attempt.status = status;
        const headers = { "Content-Type": "application/json", ...cors(req) };
        if (status >= 300 && status < 400) headers.Location = state.finalUrl;
        if ((status === 429 || status === 503) && state.retryAfter) headers["Retry-After"] = state.retryAfter;
        res.writeHead(status, headers);
        res.end(JSON.stringify({ ok: status < 300, submission_id: id }));
      };
      if (state.mode === "hold") {
        attempt.status = "held";
        res.on("close", () => {
          if (!res.writableEnded) attempt.status = "aborted"; // the browser gave up: never answered
        });
        state.held.push(answer);
        return;
      }
      answer(Number(state.mode) || 500);
    });
  });
  const sockets = new Set();
  server.on("connection", (s) => {
    sockets.add(s);
    s.on("close", () => sockets.delete(s));
  });

  await new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", resolve);
  });
  const port = server.address().port;
  state.url = `http://127.0.0.1:${port}${path}`;
  state.finalUrl = `http://127.0.0.1:${port}${path}-final`;
  /** Answers every held request with `status`. */
  state.release = (status) => state.held.splice(0).forEach((answer) => answer(status));
  state.close = () =>
    new Promise((done) => {
      for (const s of sockets) s.destroy();
      server.closeAllConnections?.();
      server.close(() => done());
    });
  state.stop = state.close;
  state.restart = () =>
    new Promise((resolve, reject) => {
      server.once("error", reject);
      server.listen(port, "127.0.0.1", resolve);
    });
  return state;
}
