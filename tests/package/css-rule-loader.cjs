// Stands in for the CSS rule of a typical webpack app (style-loader + css-loader, or mini-css-extract):
// CSS in, a JavaScript module out. tests/package/package.test.mjs shows what such a rule does to the
// widget's stylesheet, and that the exclusion README documents keeps it a plain file.
module.exports = function cssToJs(source) {
  return `const css = ${JSON.stringify(source)};\nexport default css;\n`;
};
