#!/usr/bin/env bash
# Builds the npm package from a release build: the widget's entry and its three builds, the stylesheet,
# TypeScript declarations, the result JSON Schema, README and licences; nothing else (no sources, tests,
# demo, iframe page or report: those are for hosting dist/ directly).
#   bash scripts/build-dist.sh dist && bash scripts/pack.sh        # -> target/npm/psm-quiz-<version>.tgz
#   bash scripts/pack.sh DIST OUT_DIR                              # another build, another place
# The package's version is the Rust crates' (workspace.package.version in Cargo.toml). Prints the tarball's path.
source "$(dirname "$0")/lib.sh"
DIST="$(cd "${1:-dist}" && pwd)"
OUT="$(mkdir -p "${2:-target/npm}" && cd "${2:-target/npm}" && pwd)"
STAGE="$OUT/package"

# Files psm-quiz.js loads, by the names it gives them (www/psm-quiz.js).
WIDGET=(psm-quiz.js psm-quiz.css
  psm-quiz-web.js psm-quiz-web_bg.wasm
  psm-quiz-delivery.js psm-quiz-delivery_bg.wasm
  psm-quiz-kiosk.js psm-quiz-kiosk_bg.wasm
  psm-kiosk-offline.js)
for f in "${WIDGET[@]}"; do
  [ -f "$DIST/$f" ] || { echo "pack.sh: $DIST/$f missing: run scripts/build-dist.sh first" >&2; exit 1; }
done

# The version of [workspace.package], the one every crate inherits.
VERSION=$(awk '/^\[/{section=$0} section=="[workspace.package]" && /^version *=/{gsub(/.*= *"|".*/,""); print; exit}' Cargo.toml)
[ -n "$VERSION" ] || { echo "pack.sh: no [workspace.package] version in Cargo.toml" >&2; exit 1; }

rm -rf "$STAGE" && mkdir -p "$STAGE/schema"
cp "${WIDGET[@]/#/$DIST/}" "$STAGE/"
# The readable stylesheet (dist/ has it minified): its comments document the --psm-* theming variables, and an
# app's bundler minifies its CSS anyway. No .gz/.br copies either: a bundler rewrites and renames the files,
# and the app's host compresses what it serves (docs/hosting.md).
cp www/psm-quiz.css "$STAGE/psm-quiz.css"
# JS snippets of a dependency (none today) sit beside the glue, which imports them.
if [ -d "$DIST/snippets" ]; then cp -r "$DIST/snippets" "$STAGE/"; fi
cp types/psm-quiz.d.ts "$STAGE/"
cp schema/psm-result-*.schema.json "$STAGE/schema/"
cp README.md LICENSE-MIT LICENSE-APACHE "$STAGE/"

VERSION="$VERSION" node - "$STAGE/package.json" <<'EOF'
const fs = require("node:fs");
const manifest = {
  name: "psm-quiz",
  version: process.env.VERSION,
  description:
    "Embeddable Public Service Motivation questionnaire (Perry 24, Kim 16): a web component and mount() API, Rust + WebAssembly",
  keywords: ["psm", "public-service-motivation", "questionnaire", "survey", "web-component", "wasm", "casn"],
  license: "MIT OR Apache-2.0",
  type: "module",
  // ESM only. The glue and wasm files are reached from psm-quiz.js by literal relative URLs, which bundlers
  // follow; they are not entry points of their own.
  main: "./psm-quiz.js",
  module: "./psm-quiz.js",
  types: "./psm-quiz.d.ts",
  exports: {
    ".": { types: "./psm-quiz.d.ts", default: "./psm-quiz.js" },
    "./psm-quiz.css": "./psm-quiz.css",
    "./schema/*": "./schema/*",
    "./package.json": "./package.json",
  },
  files: ["*.js", "*.wasm", "*.css", "*.d.ts", "schema/", "snippets/", "LICENSE-MIT", "LICENSE-APACHE"],
};
fs.writeFileSync(process.argv[2], JSON.stringify(manifest, null, 2) + "\n");
EOF

rm -f "$OUT"/psm-quiz-*.tgz
(cd "$STAGE" && npm pack --silent --pack-destination "$OUT" >/dev/null)
TARBALL="$OUT/psm-quiz-$VERSION.tgz"
[ -f "$TARBALL" ] || { echo "pack.sh: npm pack wrote no $TARBALL" >&2; exit 1; }
say "npm package: $TARBALL ($(wc -c < "$TARBALL") bytes)"
echo "$TARBALL"
