// The task viewer under load: 100 tasks whose src/dst resources are ~4 KB
// of JSON each, served by intercepting the tasks API (page.route), then a
// refresh in which one task (the only one running) finishes.
//
// Times are taken in the page with Resource Timing and performance.now().
// One poll is: GET tasks (intercepted), parse it, GET the executions list
// (from the sandbox, to show the execution's status), then render. So:
//   total  = tasks responseEnd -> the frame after the rows are in the DOM
//            has run style, layout and paint (requestAnimationFrame, then
//            a MessageChannel task)
//   wait   = the executions request's round trip (network, main thread idle)
//   client = total - wait: parsing the tasks JSON plus rendering, the
//            console's own work, compared with the budget
//   parse  = tasks responseEnd -> executions request start
//   render = executions responseEnd -> painted frame, split into
//   dom    = executions responseEnd -> the DOM holds the change (the
//            console's Rust/wasm code), and
//   paint  = DOM changed -> painted frame (Chromium's style, layout, paint)
import { launchBrowser, startProxy, configure, SANDBOX } from '../e2e/harness.js';
import { median } from './tti.mjs';

export const TASKS = 100;
export const RESOURCE_BYTES = 4096;

const iso = (ms) => new Date(ms).toISOString();

/** A Harbor-shaped resource document, grown with artifacts to ~4 KB. */
function resource(namespace, repo, seed) {
  const doc = {
    type: 'artifact',
    metadata: {
      repository: {
        name: `${namespace}/${repo}`,
        metadata: { auto_scan: 'true', enable_content_trust: 'false', prevent_vul: 'false', public: 'false', retention_id: '2', reuse_sys_cve_allowlist: 'true', severity: 'low' },
      },
      artifacts: [],
      v_tags: null,
    },
    registry: null, extended_info: null, deleted: false, is_delete_tag: false, overwrite: false,
  };
  for (let a = 0; JSON.stringify(doc).length < RESOURCE_BYTES - 160; a += 1) {
    const hex = Array.from({ length: 64 }, (_, i) => ((seed * 31 + a * 17 + i * 7) % 16).toString(16)).join('');
    doc.metadata.artifacts.push({ type: 'IMAGE', digest: `sha256:${hex}`, labels: null, tags: [`v1.${a}.${seed % 10}`, `build-${seed}-${a}`] });
  }
  return JSON.stringify(doc);
}

/** One page of tasks; task `running` is in progress unless `finished`. */
export function taskList(execution, running, finished) {
  const base = Date.UTC(2025, 0, 6, 8, 0, 0);
  const tasks = Array.from({ length: TASKS }, (_, i) => {
    const id = 50_000 + i;
    const repo = `team-${i % 7}/service-${i}`;
    const live = id === running && !finished;
    return {
      id, execution_id: execution, resource_type: 'artifact',
      src_resource: resource('library', repo, i), dst_resource: resource('mirror', repo, i + 1),
      operation: 'copy', job_id: `job-${id}`,
      status: live ? 'InProgress' : (i % 10 === 3 ? 'Failed' : 'Succeed'),
      StatusRevision: 1736150400 + i,
      start_time: iso(base + i * 1000),
      end_time: live ? '' : iso(base + i * 1000 + 45_000),
    };
  });
  return { total: TASKS, tasks };
}

/** Runs in the page before its scripts: notes mutations and ready times. */
function instrument() {
  const b = (window.__bench = { mutations: [], rowsAt: undefined, changedAt: undefined, watch: null, armed: false });
  // The next frame, then a task after it: style, layout and paint are done.
  const frame = (key) => requestAnimationFrame(() => {
    const channel = new MessageChannel();
    channel.port1.onmessage = () => { b[key] = performance.now(); };
    channel.port2.postMessage(0);
  });
  new MutationObserver((records) => {
    const now = performance.now();
    if (b.rowsAt === undefined && b.rowsPending === undefined
      && document.querySelectorAll('[data-testid=task-row]').length >= b.expect) {
      b.rowsPending = now;
      frame('rowsAt');
    }
    if (!b.armed) return;
    for (const r of records) {
      const node = r.target.nodeType === 1 ? r.target : r.target.parentElement;
      if (!node?.closest('[data-testid=tasks-table]')) continue;
      b.mutations.push({ at: now, row: node.closest('[data-testid=task-row]')?.dataset.task ?? null });
    }
    if (b.changedPending === undefined && b.watch
      && document.querySelector(`[data-task="${b.watch.id}"] [data-testid=status-badge]`)?.textContent === b.watch.text) {
      b.changedPending = now;
      frame('changedAt');
    }
  }).observe(document, { childList: true, subtree: true, characterData: true, attributes: true });
}

/** Runs in the page: the breakdown (see the top) of the poll that ended before `ready`. */
function breakdown(ready, frame) {
  const last = (re) => performance.getEntriesByType('resource')
    .filter((e) => re.test(e.name) && e.responseEnd > 0 && e.responseEnd <= ready)
    .sort((a, b) => a.responseEnd - b.responseEnd).at(-1);
  const tasks = last(/\/executions\/\d+\/tasks\?/);
  const list = last(/\/replication\/executions\?/);
  if (!tasks || !list || list.startTime < tasks.responseEnd) throw new Error('no tasks + executions responses before the rows');
  const total = frame - tasks.responseEnd;
  const wait = list.responseEnd - list.startTime;
  return { total, wait, client: total - wait, parse: list.startTime - tasks.responseEnd, render: frame - list.responseEnd,
    dom: ready - list.responseEnd, paint: frame - ready };
}

async function oneRun(page, baseUrl, execution) {
  const running = 50_000 + 49;
  let served = 0;
  const path = `/instances/${SANDBOX.instanceId}/replication/executions/${execution}/tasks`;
  const bodies = [JSON.stringify(taskList(execution, running, false)), JSON.stringify(taskList(execution, running, true))];
  await page.route((url) => url.pathname.endsWith(path), (route) => {
    const body = bodies[Math.min(served, 1)];
    served += 1;
    return route.fulfill({ status: 200, contentType: 'application/json', body });
  });
  try {
    await page.goto(new URL(`executions/${SANDBOX.instanceId}/${execution}/tasks?limit=100&offset=0`, baseUrl).href);
    await page.evaluate((n) => { window.__bench.expect = n; }, TASKS);
    // The rows may already be there (the observer only re-checks on mutations).
    await page.evaluate(() => {
      const b = window.__bench;
      if (b.rowsPending === undefined && document.querySelectorAll('[data-testid=task-row]').length >= b.expect) {
        throw new Error('rows rendered before the benchmark could watch them');
      }
    });
    await page.waitForFunction(() => window.__bench.rowsAt !== undefined, null, { timeout: 30_000 });
    const render = await page.evaluate(`(${breakdown})(window.__bench.rowsPending, window.__bench.rowsAt)`);
    const rows = await page.locator('[data-testid=task-row]').count();
    const nodes = await page.evaluate(() => document.querySelectorAll('[data-testid=tasks-table] *').length);
    // Arm for the refresh: the next poll finishes task `running`.
    await page.evaluate((id) => { const b = window.__bench; b.watch = { id, text: 'Succeeded' }; b.armed = true; }, running);
    await page.waitForFunction(() => window.__bench.changedAt !== undefined, null, { timeout: 60_000, polling: 100 });
    await page.evaluate(() => new Promise((r) => setTimeout(r, 100)));
    const refresh = await page.evaluate(`(() => {
      const b = window.__bench;
      const times = (${breakdown})(b.changedPending, b.changedAt);
      const from = b.changedAt - times.total;
      const seen = b.mutations.filter((m) => m.at >= from && m.at <= b.changedAt);
      return { ...times, mutations: seen.length, rows: [...new Set(seen.map((m) => m.row))] };
    })()`);
    return { render, rows, nodes, refresh };
  } finally {
    await page.unroute((url) => url.pathname.endsWith(path));
  }
}

const fmt = (t) => `client ${t.client.toFixed(1)} ms (parse ${t.parse.toFixed(1)}, dom ${t.dom.toFixed(1)}, paint ${t.paint.toFixed(1)}; wait ${t.wait.toFixed(1)})`;

export async function measureTaskPage({ proxyUrl, runs = 11, log = () => {} }) {
  const browser = await launchBrowser();
  try {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.addInitScript(instrument);
    await configure(page, proxyUrl);
    const results = [];
    // One discarded warm-up run, then `runs` measured ones.
    for (let i = 0; i <= runs; i += 1) {
      const r = await oneRun(page, proxyUrl, 990_000 + i);
      if (r.rows !== TASKS) throw new Error(`expected ${TASKS} rows, saw ${r.rows}`);
      if (i > 0) results.push(r);
      log(`task page: run ${i}/${runs}${i ? '' : ' (warm-up)'}: render ${fmt(r.render)}; refresh ${fmt(r.refresh)}, `
        + `${r.refresh.mutations} DOM mutations in rows [${r.refresh.rows.join(', ')}]`);
    }
    const stats = (pick) => {
      const xs = results.map(pick);
      return { median: median(xs), min: Math.min(...xs), max: Math.max(...xs) };
    };
    const parts = (key) => Object.fromEntries(['client', 'total', 'wait', 'parse', 'render', 'dom', 'paint'].map((k) => [k, stats((r) => r[key][k])]));
    return {
      render: parts('render'),
      refresh: parts('refresh'),
      mutations: median(results.map((r) => r.refresh.mutations)),
      tableElements: results[0].nodes,
      rowsTouched: Math.max(...results.map((r) => r.refresh.rows.length)),
      resourceBytes: resource('library', 'team-0/service-0', 0).length,
      responseBytes: JSON.stringify(taskList(1, 1, false)).length,
      runs,
    };
  } finally {
    await browser.close();
  }
}
