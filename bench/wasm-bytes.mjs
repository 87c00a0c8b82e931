// Where the wasm's bytes go, by crate and by Ferry module, from twiggy.
//
//   node bench/wasm-bytes.mjs path/to/named.wasm [--top 30]
//
// The wasm must keep its name section and be optimised as the release build
// is (see docs/benchmarks.md, "Where the bytes go", for the commands), e.g.
// wasm-bindgen --keep-debug, then wasm-opt -Oz -g. Needs `twiggy` on PATH
// (`cargo install twiggy`). Prints Markdown to stdout.
//
// Two views, each a partition (the name section is left out: it is not
// shipped; the retained view also leaves out what twiggy's dominator tree
// calls unreachable, mostly data segments, which code addresses by number):
//   shallow  — each function's own bytes, to the crate its symbol names
//   retained — each subtree of twiggy's dominator tree below the wasm's own
//              roots (table[0] / elem[0], the indirect-call table every
//              closure goes through, and exports), to the crate of the
//              subtree's root: "what goes if that crate's entry points go".
// Symbol to crate: the first path of the demangled name; for
// `<X as Trait>::f` the trait's crate, unless the trait is core/alloc/std's
// (then X's: a `Debug` impl of a Ferry type counts as Ferry's). core is split
// by module (core::fmt, core::ptr = drop glue, ...). Ferry's own crates by
// module: ferry::pages::tasks, ferry::components::*, ferry_api::lenient, ...
// Generic Leptos code monomorphised for Ferry's views (tachys'
// `impl Render for F` over Ferry's closures) counts as tachys: the names do
// not say which view it renders.
import { execFileSync } from 'node:child_process';

const file = process.argv[2];
if (!file) throw new Error('usage: node bench/wasm-bytes.mjs <named.wasm> [--top 30]');
const topN = Number(process.argv[process.argv.indexOf('--top') + 1] || 30) || 30;
const twiggy = (...args) => JSON.parse(execFileSync('twiggy', [...args, '-f', 'json', file], { maxBuffer: 1 << 30 }).toString());

/** The name inside the outermost `<…>` split at its top-level ` as `. */
function qualified(name) {
  let depth = 0;
  for (let i = 0; i < name.length; i += 1) {
    const c = name[i];
    if (c === '<') depth += 1;
    else if (c === '>') {
      depth -= 1;
      if (depth === 0) return { self: name.slice(1, i), trait: null };
    } else if (depth === 1 && name.startsWith(' as ', i)) {
      let d = 1;
      let j = i + 4;
      for (; j < name.length && d > 0; j += 1) {
        if (name[j] === '<') d += 1;
        else if (name[j] === '>') d -= 1;
      }
      return { self: name.slice(1, i), trait: name.slice(i + 4, j - 1) };
    }
  }
  return { self: name.slice(1), trait: null };
}

const segments = (path) => (path.match(/^([A-Za-z_][A-Za-z0-9_]*)(\[[0-9a-f]+\])?((?:::[A-Za-z_][A-Za-z0-9_]*)*)/) ?? [])
  .slice(0, 4);

/** [crate group, Ferry module or null] of a demangled symbol. */
export function classify(name) {
  if (name.startsWith('data segment')) return ['(data segments: strings, tables)', null];
  if (/^"[a-z ]+" subsection$|^custom section|^wasm magic|section headers$/.test(name)) return ['(headers, custom sections)', null];
  if (/^(elem|table|type|global|memory|func|code)\[\d+\]/.test(name) || /^(import|export) /.test(name)) return ['(wasm tables, types, imports, exports, unnamed)', null];
  let path = name;
  if (name.startsWith('<')) {
    const q = qualified(name);
    const traitCrate = q.trait ? segments(q.trait)[1] : null;
    const selfIsPath = /^[A-Za-z_][A-Za-z0-9_]*(\[[0-9a-f]+\])?::/.test(q.self.replace(/^&(mut )?/, ''));
    if (q.trait && traitCrate && !['core', 'alloc', 'std'].includes(traitCrate)) path = q.trait;
    else if (selfIsPath) path = q.self.replace(/^&(mut )?/, '');
    else if (q.trait) path = q.trait;
    else path = q.self;
  }
  const m = segments(path);
  if (!m.length) return ['(other: wasm-bindgen shims, intrinsics)', null];
  const crate = m[1];
  const rest = (m[3] ?? '').split('::').filter(Boolean);
  if (crate === 'core') return [`core::${rest[0] ?? ''}`, null];
  if (crate === 'ferry' || crate === 'ferry_api') {
    const depth = crate === 'ferry' && ['pages', 'components', 'client', 'api'].includes(rest[0]) ? 2 : 1;
    const mod = [crate, ...rest.slice(0, depth)].filter((s) => !/^__component_|^_$/.test(s)).join('::');
    return [crate, mod];
  }
  if (crate === '__rustc' || crate === 'dlmalloc') return ['alloc (allocator: dlmalloc, __rustc)', null];
  return [crate, null];
}

const top = twiggy('top', '-n', '10000000');
const skip = (name) => /^"[a-z ]+" subsection$/.test(name); // names: not shipped
const items = top.filter((i) => !skip(i.name));
const total = items.reduce((t, i) => t + i.shallow_size, 0);

// Retained: subtrees below the wasm's own roots.
const dom = twiggy('dominators');
const roots = /^(<meta root>|table\[\d+\]|elem\[\d+\])$/;
const retained = new Map();
const retainedMod = new Map();
const add = (map, key, n) => map.set(key, (map.get(key) ?? 0) + n);
(function walk(nodes) {
  for (const n of nodes) {
    if (skip(n.name)) continue;
    if (roots.test(n.name)) {
      walk(n.children ?? []);
      continue;
    }
    const [crate, mod] = classify(n.name);
    add(retained, crate, n.retained_size);
    if (mod) add(retainedMod, mod, n.retained_size);
  }
}(dom.items));

const shallow = new Map();
const shallowMod = new Map();
for (const i of items) {
  const [crate, mod] = classify(i.name);
  add(shallow, crate, i.shallow_size);
  if (mod) add(shallowMod, mod, i.shallow_size);
}

const kb = (n) => `${(n / 1024).toFixed(1)} KB`;
const pct = (n) => `${((100 * n) / total).toFixed(1)} %`;
const short = (name) => (name.length > 110 ? `${name.slice(0, 107)}…` : name).replace(/\|/g, '\\|').replace(/::h[0-9a-f]{16}$/, '');

const retainedTotal = [...retained.values()].reduce((t, n) => t + n, 0);
console.log(`Code and data: ${kb(total)} (${total} bytes, name section excluded), ${items.length} items; `
  + `the retained view covers ${kb(retainedTotal)} (the rest is what twiggy's dominator tree leaves out as unreachable).\n`);
console.log(`### twiggy top ${topN}\n`);
console.log('| Bytes | % | Item | Crate / module |');
console.log('|---:|---:|---|---|');
for (const i of items.slice(0, topN)) {
  const [crate, mod] = classify(i.name);
  console.log(`| ${i.shallow_size} | ${pct(i.shallow_size)} | \`${short(i.name)}\` | ${mod ?? crate} |`);
}
const table = (title, shallowMap, retainedMap, n) => {
  console.log(`\n### ${title}\n`);
  console.log('| Group | Shallow | % | Retained (dominator subtrees) | % |');
  console.log('|---|---:|---:|---:|---:|');
  const keys = [...new Set([...shallowMap.keys(), ...retainedMap.keys()])]
    .sort((a, b) => (retainedMap.get(b) ?? 0) + (shallowMap.get(b) ?? 0) - (retainedMap.get(a) ?? 0) - (shallowMap.get(a) ?? 0));
  for (const k of keys.slice(0, n)) {
    const s = shallowMap.get(k) ?? 0;
    const r = retainedMap.get(k) ?? 0;
    console.log(`| ${k} | ${kb(s)} | ${pct(s)} | ${kb(r)} | ${pct(r)} |`);
  }
  const rest = keys.slice(n);
  if (rest.length) {
    const s = rest.reduce((t, k) => t + (shallowMap.get(k) ?? 0), 0);
    const r = rest.reduce((t, k) => t + (retainedMap.get(k) ?? 0), 0);
    console.log(`| ${rest.length} more | ${kb(s)} | ${pct(s)} | ${kb(r)} | ${pct(r)} |`);
  }
};
table('By crate', shallow, retained, topN);
table('By Ferry module (ferry and ferry_api)', shallowMod, retainedMod, topN);
