#!/usr/bin/env node
// probe-ops.js SPEC BASEURL [--prefer 'dynamic=true, seed=1'] [--limit N]
// Sends one plausible request per operation (path params, required query/header params, a JSON body
// generated with json-schema-faker when one is required) and tallies what Prism answers.
'use strict';
const fs = require('fs');
const { JSONSchemaFaker: jsf } = require('json-schema-faker');
const seedrandom = require('seedrandom');
const [spec, base, ...rest] = process.argv.slice(2);
let prefer = null, limit = Infinity;
for (let i = 0; i < rest.length; i++) { if (rest[i] === '--prefer') prefer = rest[++i]; if (rest[i] === '--limit') limit = +rest[++i]; }
const doc = /\.json$/.test(spec) ? JSON.parse(fs.readFileSync(spec, 'utf8')) : require('yaml').parse(fs.readFileSync(spec, 'utf8'), { maxAliasCount: -1 });
const deref = (o) => { let n = 0; while (o && o.$ref && n++ < 20) { o = o.$ref.slice(2).split('/').reduce((c, k) => c && c[k.replace(/~1/g, '/').replace(/~0/g, '~')], doc); } return o; };
function sample(s, depth = 0) {
  s = deref(s) || {};
  if (s.example !== undefined) return s.example;
  if (s.default !== undefined) return s.default;
  if (Array.isArray(s.enum) && s.enum.length) return s.enum.find(x => x !== null);
  if (s.allOf) return sample(s.allOf[0], depth + 1);
  if (s.oneOf || s.anyOf) return sample((s.oneOf || s.anyOf)[0], depth + 1);
  const t = Array.isArray(s.type) ? s.type.find(x => x !== 'null') : s.type;
  if (t === 'integer' || t === 'number') return typeof s.minimum === 'number' ? s.minimum : 1;
  if (t === 'boolean') return true;
  if (t === 'array') return [sample(s.items || {}, depth + 1)];
  if (s.format === 'date-time') return '2020-01-01T00:00:00Z';
  if (s.format === 'date') return '2020-01-01';
  if (s.format === 'uuid') return '3fa85f64-5717-4562-b3fc-2c963f66afa6';
  return 'x';
}
jsf.option({ alwaysFakeOptionals: false, fillProperties: false, failOnInvalidTypes: false, failOnInvalidFormat: false, ignoreMissingRefs: true, random: seedrandom('body') });
const tally = {}, samples = {};
const note = (k, ex) => { tally[k] = (tally[k] || 0) + 1; if (ex && !samples[k]) samples[k] = ex; };
(async () => {
  let n = 0;
  for (const [p, item] of Object.entries(doc.paths || {})) {
    for (const m of ['get', 'post', 'put', 'patch', 'delete']) {
      const op = item && item[m]; if (!op) continue;
      if (n++ >= limit) break;
      const params = [...(item.parameters || []), ...(op.parameters || [])].map(deref);
      let url = p; const q = new URLSearchParams(); const headers = { Authorization: 'Bearer x', Accept: 'application/json' };
      for (const pa of params) {
        if (!pa || !pa.in) continue;
        const v = sample(pa.schema || {});
        const str = Array.isArray(v) ? v.join(',') : typeof v === 'object' ? JSON.stringify(v) : String(v);
        if (pa.in === 'path') url = url.replace(`{${pa.name}}`, encodeURIComponent(str));
        else if (pa.required && pa.in === 'query') q.set(pa.name, str);
        else if (pa.required && pa.in === 'header') headers[pa.name] = str;
      }
      if (prefer) headers.Prefer = prefer;
      let body;
      const rb = deref(op.requestBody);
      if (rb && rb.content) {
        const ct = Object.keys(rb.content).find(c => /json/.test(c));
        if (ct) {
          headers['Content-Type'] = ct;
          try { body = JSON.stringify(jsf.generate({ ...deref(rb.content[ct].schema || {}), components: doc.components })); } catch (e) { body = '{}'; }
        } else if (rb.required) { note('skipped-non-json-body'); continue; }
      }
      const qs = q.toString();
      let res;
      try { res = await fetch(base + url + (qs ? '?' + qs : ''), { method: m.toUpperCase(), headers, body }); }
      catch (e) { note('fetch-error', `${m} ${p}: ${e.message}`); continue; }
      const text = await res.text();
      const viol = res.headers.get('sl-violations');
      const ctype = res.headers.get('content-type') || '';
      let kind = `${res.status}`;
      if (/problem\+json/.test(ctype)) { try { kind += ' ' + JSON.parse(text).type.split('#')[1]; } catch (_) { kind += ' problem'; } }
      if (viol) kind += viol.includes('"response"') ? ' +response-violations' : ' +request-violations';
      note(kind, `${m.toUpperCase()} ${p} -> ${(viol || text).slice(0, 300)}`);
      if (process.env.ALL && /VIOLATIONS|UNKNOWN/.test(kind)) console.error(`${m.toUpperCase()} ${p} ${kind}: ${(viol || text).slice(0, 400)}`);
    }
  }
  console.log(JSON.stringify({ operations: n, tally }, null, 1));
  for (const [k, v] of Object.entries(samples)) console.log(`e.g. [${k}] ${v}`);
})();
