#!/usr/bin/env node
// Arguments for every operation of an OpenAPI spec, chosen outside the generator, for
// tests/prism.rs: one JSON line per operation,
//
//   {"pointer": "#/paths/~1identities~1{id}/get", "method": "get", "path": "/identities/{id}",
//    "required": {"path:id": "2c91..."}, "optional": {"query:limit": 250, ...},
//    "sources": {"path:id": "example", "query:limit": "default", ...}}
//
// Keys are `path:`, `query:`, `header:` or `cookie:` and the parameter's name, or `body:` and
// a media type (one per media type the request body offers). `required` holds the path
// parameters, the required parameters and a required body; `optional` everything else.
//
// Each value is the first of the spec's own `example`, `examples`, schema `example`/`examples`,
// `default` and first `enum` value that the parameter's (or media type's) schema accepts
// (ajv, after the same OpenAPI 3.0 → JSON Schema conversion fake.js makes), else a value
// json-schema-faker makes from the schema. `sources` says which, so a report can tell a spec's
// bad example from a synthesized value. The last line is `{"securitySchemes": {...}}`.
//
// `notes` records what the spec itself makes impossible to call as declared: security
// requirements naming undefined schemes, path parameters without a placeholder, path parameters
// written as a literal segment (`/bulk-update/id`), and bodies that satisfy several `oneOf`
// branches (which JSON Schema's `oneOf` forbids).
//
// With `--judge`, reads `{"pointer", "status", "body"}` lines instead and writes, for each,
// `{"valid": bool, "error": "..."}`: whether the body is valid for the response schema the spec
// declares for that status (ajv, same conversion).
//
// Usage: node calls.js SPEC [--seed S] [--judge]
'use strict';
const { options, jsf, loadSpec, convert, convertComponents, makeExpander, unprefix, pointer, setupJsf, reseed, CUT } = require('./fake.js');

const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'];

function parseArgs(argv) {
  const a = { seed: '1', spec: null, judge: false };
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--seed') a.seed = argv[++i];
    else if (argv[i] === '--judge') a.judge = true;
    else if (!a.spec) a.spec = argv[i];
    else { console.error('usage: calls.js SPEC [--seed S]'); process.exit(2); }
  }
  if (!a.spec) { console.error('usage: calls.js SPEC [--seed S]'); process.exit(2); }
  return a;
}

const escape = s => s.replace(/~/g, '~0').replace(/\//g, '~1');

function main() {
  const args = parseArgs(process.argv.slice(2));
  const doc = loadSpec(args.spec);
  const is30 = /^3\.0/.test(String(doc.openapi || ''));
  options.keepExamples = true;
  const croot = { components: convertComponents(doc.components, is30) };
  const stats = { cuts: 0, cutProps: 0, depthFallbacks: 0, badRefs: new Set() };
  const expand = makeExpander(croot, 2, stats);
  const mergeAllOf = require('@stoplight/json-schema-merge-allof');
  setupJsf({ optionals: 1, fill: false });

  const Ajv = require('ajv');
  const addFormats = require('ajv-formats');
  const ajv = new Ajv({ strict: false, allErrors: false, validateFormats: true, discriminator: false, logger: false });
  addFormats(ajv);

  // Follows `$ref`s within the document (parameters, request bodies, examples, schemas).
  const deref = (node) => {
    for (let hops = 0; node && typeof node === 'object' && typeof node.$ref === 'string' && hops < 32; hops++) {
      const target = node.$ref.startsWith('#/') ? pointer(doc, node.$ref) : undefined;
      if (target === undefined) return node;
      node = target;
    }
    return node;
  };

  // `format: float` values are 32-bit: bounded by f32's largest finite value.
  const F32_MAX = 3.4028234663852886e38;
  const bounded = (s) => {
    if (Array.isArray(s)) return s.map(bounded);
    if (!s || typeof s !== 'object') return s;
    const o = Object.fromEntries(Object.entries(s).map(([k, v]) => [k, typeof v === 'object' ? bounded(v) : v]));
    if (o.format === 'float' && o.minimum === undefined && o.maximum === undefined) { o.minimum = -F32_MAX; o.maximum = F32_MAX; }
    return o;
  };

  ajv.addSchema(bounded(croot), 'root');

  // A validator for a converted schema whose `$ref`s point into the converted components.
  const validator = (converted) => {
    const text = JSON.stringify(bounded(converted)).replace(/"\$ref":"#\/components\//g, '"$ref":"root#/components/');
    for (let tries = 0; tries < 50; tries++) {
      try { return ajv.compile(JSON.parse(text)); }
      catch (e) {
        const m = /unknown format "([^"]+)"/.exec(e.message);
        if (m) { ajv.addFormat(m[1], true); continue; }
        return null;
      }
    }
    return null;
  };

  // The spec's own candidates for a value of `schema` (raw, unconverted), in order.
  const ownCandidates = (holder, schema) => {
    const out = [];
    const push = (value, source) => { if (value !== undefined) out.push({ value, source }); };
    if (holder) {
      push(holder.example, 'example');
      for (const e of Object.values(holder.examples || {})) push(deref(e) && deref(e).value, 'examples');
    }
    const s = deref(schema);
    if (s && typeof s === 'object') {
      push(s.example, 'schema example');
      if (Array.isArray(s.examples)) for (const e of s.examples) push(e, 'schema examples');
      push(s.default, 'default');
      if (Array.isArray(s.enum) && s.enum.length) push(s.enum.find(v => v !== null), 'enum');
    }
    return out;
  };

  // A value for `schema`: the spec's first candidate the schema accepts, else a synthesized one.
  // A parameter's candidates also as text: on the wire every parameter is text, and specs
  // write `example: true` for a string header.
  const valueFor = (holder, schema, seed, isParameter, required) => {
    if (!schema) return null;
    const converted = convert(structuredClone(schema), is30);
    // An empty list for a required parameter is no parameter at all on the wire (RFC 6570).
    if (isParameter && required && converted.type === 'array') converted.minItems = Math.max(1, converted.minItems || 0);
    const validate = validator(converted);
    for (const candidate of ownCandidates(holder, schema)) {
      if (validate && validate(candidate.value)) return candidate;
      const scalar = ['boolean', 'number'].includes(typeof candidate.value);
      if (isParameter && scalar && validate && validate(String(candidate.value))) {
        return { value: String(candidate.value), source: `${candidate.source} (as text)` };
      }
    }
    // First from the examples and defaults of the parts (properties, items), as Prism's static
    // mode composes a body; then, if the schema rejects that, from the types alone.
    let fallback = null;
    for (const composed of [true, false]) {
      jsf.option({ useExamplesValue: composed, useDefaultValue: composed });
      for (let attempt = 0; attempt < 5; attempt++) {
        reseed(`${seed}` + (attempt ? `:retry${attempt}` : ''));
        try {
          let expanded = expand(converted);
          if (expanded === CUT) return { value: null, source: 'unsatisfiable (required cycle)' };
          try { expanded = mergeAllOf(expanded, { deep: true, ignoreAdditionalProperties: true, resolvers: { defaultResolver: mergeAllOf.options.resolvers.title } }); } catch (_) { /* jsf merges */ }
          const value = unprefix(jsf.generate(structuredClone(expanded)));
          const source = composed ? 'composed from the examples of its parts' : 'synthesized';
          if (!validate || validate(value)) return { value, source };
          fallback = fallback || { value, source: `${source} (schema rejects it)` };
          break;
        } catch (_) { /* jsf 0.5.8 throws on some array shapes: retry with a derived seed */ }
      }
    }
    return fallback || { value: null, source: 'synthesis failed' };
  };

  // How many branches of the `oneOf` at the top of `schema` accept `value`.
  const matchingBranches = (schema, value) => {
    const s = deref(schema);
    if (!s || !Array.isArray(s.oneOf)) return 0;
    return s.oneOf.filter(branch => {
      const validate = validator(convert(structuredClone(branch), is30));
      return validate && validate(value);
    }).length;
  };

  const schemes = (doc.components && doc.components.securitySchemes) || {};
  const notes = (path, op, params) => {
    const found = {};
    const security = op.security || doc.security || [];
    const undefinedSchemes = [...new Set(security.flatMap(r => Object.keys(r || {})))].filter(n => !(n in schemes));
    if (undefinedSchemes.length) found.undefinedSecuritySchemes = undefinedSchemes;
    const segments = path.split('/');
    for (const p of params.values()) {
      if (p.in !== 'path' || path.includes(`{${p.name}}`)) continue;
      if (segments.includes(p.name)) (found.literalPathSegments ||= []).push(p.name);
      else (found.unplacedPathParameters ||= []).push(p.name);
    }
    return found;
  };

  if (args.judge) return judge(doc, validator, deref, is30);

  const lines = [];
  for (const [path, rawItem] of Object.entries(doc.paths || {})) {
    const item = deref(rawItem) || {};
    for (const method of METHODS) {
      const op = item[method];
      if (!op || typeof op !== 'object') continue;
      const ptr = `#/paths/${escape(path)}/${method}`;
      const line = { pointer: ptr, method, path, required: {}, optional: {}, sources: {} };
      const params = new Map();
      for (const p of [...(item.parameters || []), ...(op.parameters || [])].map(deref)) {
        if (p && p.name && p.in) params.set(`${p.in}:${p.name}`, p);
      }
      // A placeholder no parameter declares: the generator adds a required string parameter.
      for (const [, name] of path.matchAll(/\{([^}]+)\}/g)) {
        const declared = [...params.values()].some(p => p.in === 'path' && p.name === name);
        if (!declared && !params.has(`path:${name}`)) {
          const unplaced = [...params.values()].some(p => p.in === 'path' && !path.includes(`{${p.name}}`));
          if (!unplaced) {
            line.required[`path:${name}`] = `${name}-1`;
            line.sources[`path:${name}`] = 'made up: the spec declares no parameter for this placeholder';
          }
        }
      }
      for (const [key, p] of params) {
        let schema = p.schema;
        if (!schema && p.content) schema = (Object.values(p.content)[0] || {}).schema;
        const required = p.in === 'path' || p.required === true;
        const chosen = valueFor(p, schema, `${args.seed}:${ptr}:${key}`, true, required);
        if (!chosen) continue;
        (required ? line.required : line.optional)[key] = chosen.value;
        line.sources[key] = chosen.source;
      }
      line.notes = notes(path, op, params);
      const body = deref(op.requestBody);
      if (body && body.content) {
        for (const [mediaType, media] of Object.entries(body.content)) {
          const key = `body:${mediaType}`;
          const chosen = valueFor(media, media && media.schema, `${args.seed}:${ptr}:${key}`, false, false);
          if (!chosen) continue;
          (body.required ? line.required : line.optional)[key] = chosen.value;
          line.sources[key] = chosen.source;
          if (matchingBranches(media && media.schema, chosen.value) > 1) (line.notes.ambiguousBodies ||= []).push(key);
        }
      }
      lines.push(JSON.stringify(line));
    }
  }
  lines.push(JSON.stringify({ securitySchemes: (doc.components && doc.components.securitySchemes) || {} }));
  process.stdout.write(lines.join('\n') + '\n');
}

// Judges response bodies (stdin lines) against the schemas the spec declares for them.
function judge(doc, validator, deref, is30) {
  const input = require('fs').readFileSync(0, 'utf8').split('\n').filter(Boolean).map(l => JSON.parse(l));
  const out = input.map(({ pointer: ptr, status, body }) => {
    const [, rawPath, method] = /^#\/paths\/(.*)\/([a-z]+)$/.exec(ptr) || [];
    const path = (rawPath || '').replace(/~1/g, '/').replace(/~0/g, '~');
    const op = deref((doc.paths || {})[path] || {})[method] || {};
    const responses = op.responses || {};
    const response = deref(responses[String(status)] || responses[`${String(status)[0]}XX`] || responses.default);
    const content = (response && response.content) || {};
    const media = Object.entries(content).find(([type]) => /json/i.test(type));
    if (!media || !media[1].schema) return { valid: true, error: 'no JSON schema declared for this status' };
    const validate = validator(convert(structuredClone(media[1].schema), is30));
    if (!validate) return { valid: true, error: 'the schema does not compile' };
    let value;
    try { value = JSON.parse(body); } catch (e) { return { valid: false, error: `not JSON: ${e.message}` }; }
    if (validate(value)) return { valid: true };
    const e = validate.errors[validate.errors.length - 1];
    return { valid: false, error: `${e.instancePath || '/'} ${e.message}` };
  });
  process.stdout.write(out.map(o => JSON.stringify(o)).join('\n') + (out.length ? '\n' : ''));
}

main();
