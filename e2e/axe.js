// axe-core in the e2e tests: inject the pinned copy from node_modules (never
// fetched at test time), run it on the page as it is, and describe every
// violation well enough to find and fix it from the test output alone.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

/**
 * The rules: WCAG 2.0, 2.1 and 2.2 at levels A and AA (what the console
 * promises), plus axe's best practices (landmarks, one main, heading order,
 * one h1, …), which cost nothing to keep and catch structure a screen reader
 * user notices. Not AAA ('wcag2aaa': e.g. 7:1 contrast), and not axe's
 * experimental rules (they change between releases). No rule is switched off.
 */
export const RULESET = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'];

/** The four ways every state is checked: both themes at both widths. */
export const COMBINATIONS = [
  { colorScheme: 'light', width: 1280, height: 900 },
  { colorScheme: 'dark', width: 1280, height: 900 },
  { colorScheme: 'light', width: 360, height: 800 },
  { colorScheme: 'dark', width: 360, height: 800 },
];

/**
 * Injects axe once per document (a reload or navigation needs it again).
 * Evaluated through DevTools rather than added as a <script>: the console's
 * Content-Security-Policy (script-src with a nonce) rightly refuses inline
 * scripts, and the test should not have to weaken it (no bypassCSP).
 */
async function inject(page) {
  if (await page.evaluate(() => typeof window.axe === 'object')) return;
  await page.evaluate(AXE_SOURCE);
  if (!(await page.evaluate(() => typeof window.axe === 'object'))) throw new Error('axe-core did not load');
}

/** Runs axe on the whole document; resolves to its violations. */
export async function runAxe(page) {
  await inject(page);
  return page.evaluate(async (tags) => {
    const result = await window.axe.run(document, {
      runOnly: { type: 'tag', values: tags },
      resultTypes: ['violations'],
    });
    return result.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      helpUrl: v.helpUrl,
      nodes: v.nodes.map((n) => ({
        target: n.target.map((t) => (Array.isArray(t) ? t.join(' >>> ') : t)).join(' '),
        // E.g. "Element has insufficient color contrast of 3.1 (foreground …)".
        detail: [...n.any, ...n.all, ...n.none].map((c) => c.message).filter(Boolean).join('; '),
      })),
    }));
  }, RULESET);
}

/** Sets the theme and width of `page` (no reload: the page keeps its state). */
export async function setCombination(page, { colorScheme, width, height }) {
  await page.emulateMedia({ colorScheme });
  await page.setViewportSize({ width, height });
  // Let style and layout settle (one frame) before axe measures anything.
  await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
}

export const label = ({ colorScheme, width }) => `${colorScheme} ${width}px`;

/**
 * Checks the page's current state in every combination; resolves to a list
 * of findings, one per rule and element, each with the combinations it
 * was seen in (empty: no violation). Leaves the page light at 1280 px.
 */
export async function audit(page, state) {
  const findings = new Map();
  for (const combination of COMBINATIONS) {
    await setCombination(page, combination);
    for (const v of await runAxe(page)) {
      for (const node of v.nodes) {
        const key = `${v.id}\u0000${node.target}`;
        const found = findings.get(key) ?? { state, ...v, target: node.target, details: new Map() };
        found.details.set(label(combination), node.detail);
        findings.set(key, found);
      }
    }
  }
  await setCombination(page, COMBINATIONS[0]);
  return [...findings.values()];
}

/** A failure message listing every finding: rule, impact, help, where, when. */
export function describe(findings) {
  const lines = [];
  for (const f of findings) {
    lines.push(`${f.state} · ${f.id} (${f.impact}): ${f.help}`);
    lines.push(`    target: ${f.target}`);
    // Same detail in every combination: said once; otherwise per combination.
    const details = [...new Set(f.details.values())];
    if (details.length === 1) {
      lines.push(`    in: ${[...f.details.keys()].join(', ')}`);
      if (details[0]) lines.push(`    ${details[0]}`);
    } else {
      for (const [where, detail] of f.details) lines.push(`    ${where}: ${detail}`);
    }
    lines.push(`    ${f.helpUrl}`);
  }
  return `${findings.length} accessibility violation(s):\n${lines.join('\n')}`;
}
