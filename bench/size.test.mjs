// The size check, run by `cargo xtask test` right after it builds dist/:
// the whole release build must not grow past the ceiling (brotli quality 11).
// The goal is lower; docs/benchmarks.md says why it is missed.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ferryFiles, measure, total, byKind, kb, BROTLI_BUDGET, BROTLI_CEILING } from './size.mjs';

test(`dist/ is at most ${kb(BROTLI_CEILING)} brotli`, () => {
  const rows = measure(ferryFiles());
  const sum = total(rows);
  for (const k of byKind(rows)) console.log(`size: ${k.kind.padEnd(6)} ${kb(k.raw).padStart(10)} raw ${kb(k.brotli).padStart(9)} brotli`);
  console.log(`size: total  ${kb(sum.raw).padStart(10)} raw ${kb(sum.brotli).padStart(9)} brotli (ceiling ${kb(BROTLI_CEILING)}, goal ${kb(BROTLI_BUDGET)})`);
  assert.ok(sum.brotli <= BROTLI_CEILING,
    `dist/ is ${kb(sum.brotli)} brotli, over the ${kb(BROTLI_CEILING)} ceiling by ${kb(sum.brotli - BROTLI_CEILING)} (see docs/benchmarks.md)`);
});
