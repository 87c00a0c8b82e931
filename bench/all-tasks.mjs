// "Load all tasks", filter and export on the sandbox's 5,000-task execution
// (904 of policy 12: finished, Failed, every 25th task failed with a reason).
// Served by ferry-proxy --sandbox itself, no interception.
//
// Per run, in a fresh browser context: sign in, open the execution's task
// viewer, then in the page (performance.now(), listeners and a
// MutationObserver installed before the console's scripts):
//   load   = click on "Load all tasks" -> "Loaded all 5000 tasks." is in the
//            DOM and the next frame is painted; split into
//   tasks  = click -> the status first reads "Failure reasons loaded" (50
//            task pages at limit=100, one at a time), and
//   reasons = the rest (one subtasks request per failed task, one at a time)
//   filter = the status select's change event -> the match count reads the
//            new figure and the next frame is painted (all 5,000 rows
//            filtered, the 200-row result table rebuilt)
//   export = click on "Export CSV" -> the console hands the Blob's URL to
//            its download link (building the CSV in wasm); and, from Node,
//            click -> Playwright has the downloaded file (adds the
//            browser's download plumbing)
// Requests are counted from the sandbox's own record (GET /__sandbox/requests),
// cleared just before the click: task pages and subtasks requests of this
// execution, and anything else sent meanwhile.
import { readFile } from 'node:fs/promises';
import { launchBrowser, configure, SANDBOX } from '../e2e/harness.js';
import { median } from './tti.mjs';

export const BULK = { execution: 904, policy: 12, tasks: 5000 };

/** Runs in the page before its scripts. */
function instrument() {
  const b = (window.__bulk = {});
  const frame = (key) => requestAnimationFrame(() => {
    const channel = new MessageChannel();
    channel.port1.onmessage = () => { b[key] = performance.now(); };
    channel.port2.postMessage(0);
  });
  const testid = (ev) => ev.target?.closest?.('[data-testid]')?.dataset.testid;
  addEventListener('click', (ev) => {
    if (testid(ev) === 'load-all') b.loadClick = performance.now();
    if (testid(ev) === 'export-csv') b.exportClick = performance.now();
  }, true);
  addEventListener('change', (ev) => {
    if (testid(ev) === 'status-filter') { b.filterChange = performance.now(); b.countBefore = document.querySelector('[data-testid=match-count]')?.textContent; }
  }, true);
  // The console saves a file by clicking a detached <a download>.
  const click = HTMLAnchorElement.prototype.click;
  HTMLAnchorElement.prototype.click = function patched() {
    if (this.download) b.anchorAt = performance.now();
    return click.call(this);
  };
  new MutationObserver(() => {
    const now = performance.now();
    if (b.loadClick !== undefined && b.reasonsAt === undefined
      && /Failure reasons loaded/.test(document.querySelector('[data-testid=load-status]')?.textContent ?? '')) {
      b.reasonsAt = now;
    }
    if (b.loadClick !== undefined && b.loadedPending === undefined && document.querySelector('[data-testid=loaded]')) {
      b.loadedPending = now;
      frame('loadedAt');
    }
    if (b.filterChange !== undefined && b.matchPending === undefined
      && document.querySelector('[data-testid=match-count]')?.textContent !== b.countBefore) {
      b.matchPending = now;
      frame('matchAt');
    }
  }).observe(document, { childList: true, subtree: true, characterData: true });
}

const viewer = (base) =>
  new URL(`executions/${SANDBOX.instanceId}/${BULK.execution}/tasks?limit=20&offset=0&policy=${BULK.policy}`, base).href;

async function oneRun(browser, proxy) {
  const context = await browser.newContext({ acceptDownloads: true });
  try {
    const page = await context.newPage();
    const errors = [];
    page.on('pageerror', (err) => errors.push(err.message));
    await page.addInitScript(instrument);
    await configure(page, proxy.url);
    await page.goto(viewer(proxy.url));
    // A finished execution: one snapshot, then the viewer stops polling.
    await page.getByTestId('live-status').filter({ hasText: 'no more refreshing' }).waitFor({ timeout: 30_000 });
    await proxy.clearReceived();

    const started = performance.now();
    await page.getByTestId('load-all').click();
    await page.waitForFunction(() => window.__bulk.loadedAt !== undefined, null, { timeout: 600_000, polling: 100 });
    const wall = performance.now() - started;
    const loadedText = await page.getByTestId('loaded').textContent();
    if (!loadedText.includes(`Loaded all ${BULK.tasks} tasks`)) throw new Error(`unexpected: ${loadedText}`);

    const sent = await proxy.received();
    const ours = sent.filter((r) => r.path.includes(`/replication/executions/${BULK.execution}/`));
    const pages = ours.filter((r) => r.method === 'GET' && r.path.endsWith(`/executions/${BULK.execution}/tasks`));
    const subtasks = ours.filter((r) => r.method === 'GET' && r.path.endsWith('/subtasks'));
    const pageLimits = [...new Set(pages.map((r) => new URLSearchParams(r.query ?? '').get('limit')))];

    await page.getByTestId('status-filter').selectOption('Failed');
    await page.waitForFunction(() => window.__bulk.matchAt !== undefined, null, { timeout: 60_000, polling: 50 });
    const matchText = (await page.getByTestId('match-count').textContent()).trim();
    const matched = Number(matchText.match(/^(\d+)/)?.[1]);

    const clicked = performance.now();
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-csv').click()]);
    const file = await download.path();
    const exportWall = performance.now() - clicked;
    const csv = (await readFile(file, 'utf8')).trim().split('\n');

    const b = await page.evaluate(() => window.__bulk);
    if (errors.length) throw new Error(`page errors: ${errors.join('; ')}`);
    if (csv.length - 1 !== matched) throw new Error(`CSV has ${csv.length - 1} rows, the page said ${matched}`);
    return {
      load: b.loadedAt - b.loadClick,
      tasksPhase: b.reasonsAt - b.loadClick,
      reasonsPhase: b.loadedPending - b.reasonsAt,
      wall,
      filter: b.matchAt - b.filterChange,
      exportPage: b.anchorAt - b.exportClick,
      exportWall,
      pages: pages.length,
      pageLimits,
      subtasks: subtasks.length,
      others: sent.length - pages.length - subtasks.length,
      total: sent.length,
      matched,
      matchText,
      csvRows: csv.length - 1,
      csvBytes: csv.join('\n').length,
    };
  } finally {
    await context.close();
  }
}

const s = (ms) => `${(ms / 1000).toFixed(2)} s`;

/** `runs` runs, one browser; medians of the times, the counts of the last run. */
export async function measureAllTasks({ proxy, runs = 3, log = () => {} }) {
  const browser = await launchBrowser();
  try {
    const results = [];
    for (let i = 1; i <= runs; i += 1) {
      const r = await oneRun(browser, proxy);
      results.push(r);
      log(`all tasks: run ${i}/${runs}: load ${s(r.load)} (task pages ${s(r.tasksPhase)}, reasons ${s(r.reasonsPhase)}), `
        + `${r.pages} task pages (limit ${r.pageLimits.join('/')}) + ${r.subtasks} subtasks requests + ${r.others} other; `
        + `filter ${r.filter.toFixed(1)} ms (${r.matchText}); export ${r.exportPage.toFixed(1)} ms in page, `
        + `${r.exportWall.toFixed(0)} ms to the saved file (${r.csvRows} rows, ${(r.csvBytes / 1024).toFixed(1)} KB)`);
    }
    const stats = (key) => {
      const xs = results.map((r) => r[key]);
      return { median: median(xs), min: Math.min(...xs), max: Math.max(...xs) };
    };
    const last = results.at(-1);
    return {
      runs,
      ...Object.fromEntries(['load', 'tasksPhase', 'reasonsPhase', 'filter', 'exportPage', 'exportWall'].map((k) => [k, stats(k)])),
      pages: last.pages,
      pageLimits: last.pageLimits,
      subtasks: last.subtasks,
      others: last.others,
      total: last.total,
      matched: last.matched,
      csvRows: last.csvRows,
      csvBytes: last.csvBytes,
    };
  } finally {
    await browser.close();
  }
}

// Alone: FERRY_PROXY_BIN=… node bench/all-tasks.mjs [--runs 3]
if (import.meta.url === `file://${process.argv[1]}`) {
  const { startProxy } = await import('../e2e/harness.js');
  const i = process.argv.indexOf('--runs');
  const proxy = await startProxy();
  try {
    const r = await measureAllTasks({ proxy, runs: i > 0 ? Number(process.argv[i + 1]) : 3, log: (l) => console.error(`bench: ${l}`) });
    console.log(JSON.stringify(r, null, 2));
  } finally {
    proxy.stop();
  }
}
