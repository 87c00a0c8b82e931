// Time to interactive, in headless Chromium, cold: each load in a fresh
// browser context (no cache, no storage). Measured in the page itself: a
// MutationObserver started before any page script notes performance.now()
// (milliseconds since navigation start) the first time the page's first
// control is attached, laid out, visible and enabled.
import { launchBrowser } from '../e2e/harness.js';

/** Runs in the page before its own scripts; `selector` is the ready element. */
function watchReady(selector) {
  const ready = (el) => {
    if (!el || el.disabled || el.getClientRects().length === 0) return false;
    const style = getComputedStyle(el);
    return style.visibility !== 'hidden' && style.display !== 'none';
  };
  const check = () => {
    if (window.__ready !== undefined) return;
    if (ready(document.querySelector(selector))) {
      window.__ready = performance.now();
      observer.disconnect();
    }
  };
  const observer = new MutationObserver(check);
  observer.observe(document, { childList: true, subtree: true, attributes: true });
}

/** One cold load: ms from navigation start until `selector` is ready. */
export async function coldLoad(browser, url, selector) {
  const context = await browser.newContext();
  try {
    const page = await context.newPage();
    await page.addInitScript(watchReady, selector);
    await page.goto(url, { waitUntil: 'commit' });
    const handle = await page.waitForFunction(() => window.__ready, null, { timeout: 30_000, polling: 50 });
    return handle.jsonValue();
  } finally {
    await context.close();
  }
}

export const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};

/**
 * Alternates the two so any drift of the machine hits both alike; one
 * discarded warm-up each (server start-up, OS file cache).
 */
export async function measureTti({ ferryUrl, swaggerUrl, runs = 15, log = () => {} }) {
  const targets = [
    // A cold load has no token (sessionStorage is empty), so the operation
    // page's first control is its "Sign in" button: the page is usable then.
    { name: 'ferry', url: new URL('replicate', ferryUrl).href, selector: '[data-testid="sign-in-to-continue"]' },
    { name: 'swagger', url: swaggerUrl, selector: '.opblock .try-out__btn' },
  ];
  const browser = await launchBrowser();
  try {
    const times = { ferry: [], swagger: [] };
    for (const t of targets) await coldLoad(browser, t.url, t.selector);
    for (let i = 0; i < runs; i += 1) {
      for (const t of targets) times[t.name].push(await coldLoad(browser, t.url, t.selector));
      log(`tti: run ${i + 1}/${runs}: ferry ${times.ferry.at(-1).toFixed(0)} ms, swagger ${times.swagger.at(-1).toFixed(0)} ms`);
    }
    return {
      ferry: { median: median(times.ferry), min: Math.min(...times.ferry), max: Math.max(...times.ferry), runs: times.ferry },
      swagger: { median: median(times.swagger), min: Math.min(...times.swagger), max: Math.max(...times.swagger), runs: times.swagger },
      chromium: browser.version(),
    };
  } finally {
    await browser.close();
  }
}
