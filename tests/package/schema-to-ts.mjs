// Turns a result JSON Schema (the subset schema/*.schema.json use) into a TypeScript type expression, so a
// test can ask tsc whether the hand-written type in types/psm-quiz.d.ts says exactly the same.
//   import { schemaToTs } from "./schema-to-ts.mjs"; schemaToTs(schema) -> "{ schema: \"psm-result/1\"; ... }"
// Keywords that only narrow values TypeScript cannot express (pattern, minimum, ...) are skipped; any other
// keyword throws, so a schema that starts using one (allOf, if/then, patternProperties) cannot slip past the
// comparison unread.

/** Narrowing keywords with no TypeScript counterpart, and annotations. */
const IGNORED = new Set([
  "$schema",
  "$id",
  "$defs",
  "$comment",
  "title",
  "description",
  "examples",
  "default",
  "pattern",
  "format",
  "minimum",
  "maximum",
  "exclusiveMinimum",
  "exclusiveMaximum",
  "multipleOf",
  "minLength",
  "maxLength",
  "minItems",
  "maxItems",
  "uniqueItems",
  "minProperties",
  "dependentRequired",
  "maxProperties",
  "propertyNames",
]);
const UNDERSTOOD = new Set([
  "type",
  "const",
  "enum",
  "$ref",
  "oneOf",
  "anyOf",
  "properties",
  "required",
  "additionalProperties",
  "items",
]);

export function schemaToTs(root) {
  const convert = (node, where) => {
    if (node === true || node === undefined) return "unknown";
    if (node === false) return "never";
    for (const key of Object.keys(node)) {
      if (!IGNORED.has(key) && !UNDERSTOOD.has(key)) {
        throw new Error(`schema-to-ts: keyword "${key}" at ${where} is not understood; teach schema-to-ts.mjs`);
      }
    }
    const parts = [];
    if ("$ref" in node) {
      const match = /^#\/\$defs\/([^/]+)$/.exec(node.$ref);
      if (!match || !root.$defs?.[match[1]]) throw new Error(`schema-to-ts: unresolved $ref ${node.$ref} at ${where}`);
      parts.push(convert(root.$defs[match[1]], node.$ref));
    }
    if ("const" in node) parts.push(JSON.stringify(node.const));
    if ("enum" in node) parts.push(`(${node.enum.map((v) => JSON.stringify(v)).join(" | ")})`);
    for (const key of ["oneOf", "anyOf"]) {
      if (key in node) parts.push(`(${node[key].map((s, i) => convert(s, `${where}/${key}/${i}`)).join(" | ")})`);
    }
    if ("type" in node) parts.push(typeOf(node, where));
    if (parts.length === 0) return "unknown";
    return parts.length === 1 ? parts[0] : parts.map((p) => `(${p})`).join(" & ");
  };

  const typeOf = (node, where) => {
    const types = Array.isArray(node.type) ? node.type : [node.type];
    return types
      .map((type) => {
        switch (type) {
          case "string":
          case "number":
          case "boolean":
            return type;
          case "integer":
            return "number";
          case "null":
            return "null";
          case "array":
            return `Array<${convert(node.items, `${where}/items`)}>`;
          case "object":
            return objectOf(node, where);
          default:
            throw new Error(`schema-to-ts: type "${type}" at ${where}`);
        }
      })
      .join(" | ");
  };

  const objectOf = (node, where) => {
    const required = new Set(node.required ?? []);
    const members = Object.entries(node.properties ?? {}).map(
      ([name, sub]) => `${JSON.stringify(name)}${required.has(name) ? "" : "?"}: ${convert(sub, `${where}/${name}`)};`,
    );
    const extra = node.additionalProperties;
    if (extra !== false) {
      if (members.length > 0) throw new Error(`schema-to-ts: open object with fixed properties at ${where}`);
      members.push(`[key: string]: ${convert(extra, `${where}/additionalProperties`)};`);
    }
    return `{ ${members.join(" ")} }`;
  };

  return convert(root, "#");
}
