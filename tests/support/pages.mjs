// The test's own host pages, served from memory beside dist/: an `onRequest` for tools/serve.mjs.
//   startServer({ root: DIST, onRequest: pagesFrom(pages, headers) })
// `pages`: a Map (or object) of path -> body; the type follows the extension (.js, .css, else HTML);
// `headers` go on every page answered. Any other path falls through to dist/.

export function pagesFrom(pages, headers = {}) {
  return (req, res) => {
    const p = req.url.split("?")[0];
    const body = pages instanceof Map ? pages.get(p) : pages[p];
    if (body === undefined) return false;
    const type = p.endsWith(".js") ? "text/javascript" : p.endsWith(".css") ? "text/css" : "text/html";
    res.writeHead(200, { "Content-Type": `${type}; charset=utf-8`, ...headers });
    res.end(body);
    return true;
  };
}
