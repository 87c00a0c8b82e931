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
//
// Baseline: the same 100 tasks rendered by a plain-JavaScript page (no
// framework, no wasm) into a <table> with the same columns, classes and
// stylesheets (dist/'s CSS, through the proxy), so the console's own cost
// can be told from what any page with this table pays. The page is served
// by page.route at the proxy's origin (/__bench/baseline); like the
// console it fetches the tasks (answered by the same page.route data), parses
// them, then fetches the executions list from the sandbox, then builds the
// rows (parsing each task's resources, as the console's rows do) and appends
// them at once. Timed by the same instrument() and breakdown(). Ferry and
// the baseline alternate, one warm-up each, each page in its own browser
// context and brought to the front before its run.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { launchBrowser, startProxy, configure, SANDBOX } from '../e2e/harness.js';
import { median } from './tti.mjs';
import { root } from './size.mjs';

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

/** Runs in the baseline page: the task table in plain JavaScript. */
function baselineApp() {
  const status = (raw) => {
    const s = String(raw ?? '').trim().toLowerCase();
    if (['', 'initialized', 'pending', 'scheduled'].includes(s)) return ['badge', 'Pending'];
    if (['inprogress', 'in_progress', 'running'].includes(s)) return ['badge badge--running', 'In progress'];
    if (['succeed', 'success', 'succeeded'].includes(s)) return ['badge badge--ok', 'Succeeded'];
    if (['failed', 'error'].includes(s)) return ['badge badge--failed', 'Failed'];
    if (s === 'stopped') return ['badge badge--stopped', 'Stopped'];
    return ['badge', raw];
  };
  const setTime = (raw) => {
    const r = String(raw ?? '').trim();
    return r && !r.startsWith('0001-01-01') ? r : null;
  };
  const parseTime = (raw) => {
    const r = setTime(raw);
    const t = r === null ? NaN : Date.parse(r);
    return Number.isNaN(t) ? null : t;
  };
  const timeText = (raw) => {
    const t = parseTime(raw);
    return t === null ? String(raw ?? '') : `${new Date(t).toISOString().slice(0, 19).replace('T', ' ')} UTC`;
  };
  const endTimeText = (raw) => (setTime(raw) === null ? 'not ended' : timeText(raw));
  const elapsed = (ms) => {
    const s = Math.floor(Math.max(ms, 0) / 1000);
    const two = (n) => String(n).padStart(2, '0');
    if (s < 60) return `${s} s`;
    if (s < 3600) return `${Math.floor(s / 60)} min ${two(s % 60)} s`;
    return `${Math.floor(s / 3600)} h ${two(Math.floor((s % 3600) / 60))} min`;
  };
  const duration = (start, end, now) => {
    const s = parseTime(start);
    if (s === null) return '–';
    const e = parseTime(end) ?? now;
    return e >= s ? elapsed(e - s) : '–';
  };
  const resource = (raw) => {
    try {
      const v = JSON.parse(raw);
      const name = v?.metadata?.repository?.name;
      if (typeof name !== 'string') return { raw };
      const artifacts = Array.isArray(v.metadata.artifacts) ? v.metadata.artifacts : [];
      return {
        name,
        artifacts: artifacts.map((a) => ({
          digest: typeof a?.digest === 'string' ? a.digest : '',
          tags: Array.isArray(a?.tags) ? a.tags.filter((t) => typeof t === 'string') : [],
        })),
      };
    } catch {
      return { raw };
    }
  };
  const shortDigest = (d) => {
    const i = d.indexOf(':');
    return i >= 0 ? `${d.slice(0, i + 1)}${d.slice(i + 1, i + 13)}` : d.slice(0, 19);
  };
  const el = (tag, attrs, ...children) => {
    const e = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs ?? {})) e.setAttribute(k, v);
    e.append(...children);
    return e;
  };
  const row = (t, now) => {
    const src = resource(t.src_resource);
    const dst = resource(t.dst_resource);
    const [badgeClass, label] = status(t.status);
    const artifacts = src.raw !== undefined
      ? el('code', { class: 'raw-resource', 'data-testid': 'raw-resource' }, src.raw)
      : el('ul', { class: 'artifacts' }, ...src.artifacts.map((a) =>
        el('li', null, el('code', { title: a.digest }, shortDigest(a.digest)), ' ', a.tags.join(', '))));
    const expander = el('button', {
      type: 'button', class: 'button button--secondary expander', 'aria-expanded': 'false',
      'aria-controls': `task-${t.id}-detail`, 'aria-label': `Details of task ${t.id}`,
    }, '+');
    return el('tbody', { 'data-testid': 'task-row', 'data-task': String(t.id) }, el('tr', null,
      el('td', null, expander),
      el('td', null, String(t.id)),
      el('td', null, el('span', { class: badgeClass, 'data-testid': 'status-badge' }, label)),
      el('td', { class: 'tasks__repos', 'data-testid': 'task-repos' }, `${src.name ?? src.raw} → ${dst.name ?? dst.raw}`),
      el('td', { class: 'tasks__artifacts' }, artifacts),
      el('td', null, String(t.operation ?? '')),
      el('td', null, timeText(t.start_time)),
      el('td', null, endTimeText(t.end_time)),
      el('td', null, duration(t.start_time, t.end_time, now))));
  };
  window.startBaseline = async ({ tasksUrl, executionsUrl, headers }) => {
    const tasks = await (await fetch(tasksUrl, { headers, credentials: 'same-origin' })).json();
    await (await fetch(executionsUrl, { headers, credentials: 'same-origin' })).json();
    const now = Date.now();
    const rows = document.createDocumentFragment();
    for (const t of tasks.tasks) rows.append(row(t, now));
    document.querySelector('[data-testid=tasks-table]').append(rows);
  };
}

/** The baseline page: dist/'s stylesheets, the console's table head, baselineApp. */
function baselineHtml(dist = process.env.FERRY_DIST ?? path.join(root, 'dist')) {
  const index = readFileSync(path.join(dist, 'index.html'), 'utf8');
  // Trunk's minified HTML leaves attribute values unquoted.
  const css = [...index.matchAll(/<link\b[^>]*?\bhref=(?:"([^"]+)"|'([^']+)'|([^\s>]+))/g)]
    .map((m) => m[1] ?? m[2] ?? m[3]).filter((href) => href.endsWith('.css'));
  if (!css.length) throw new Error(`no stylesheets in ${dist}/index.html`);
  const heads = ['<span class="visually-hidden">Details</span>', 'Task', 'Status', 'Source → destination', 'Artifacts',
    'Operation', 'Started', 'Ended', 'Duration'].map((h) => `<th scope="col">${h}</th>`).join('');
  return `<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Tasks (plain-JS baseline)</title>${css.map((href) => `<link rel="stylesheet" href="${href}">`).join('')}</head>
<body><main><h1>Tasks</h1><div class="table-wrap"><table class="table tasks" data-testid="tasks-table">
<caption class="visually-hidden">Tasks of this execution</caption><thead><tr>${heads}</tr></thead></table></div></main>
<script>(${baselineApp})();</script></body></html>`;
}

export const BASELINE_PATH = '/__bench/baseline';
/** The console's default region (ferry_api::regions::DEFAULT_REGION), which the bench never changes. */
const REGION = 'cn-north-4';
/** The proxy's API prefix, as the console reads it from dist/config.json. */
const apiBase = (dist = process.env.FERRY_DIST ?? path.join(root, 'dist')) =>
  JSON.parse(readFileSync(path.join(dist, 'config.json'), 'utf8')).api_base.replace(/\/$/, '');

/** One render of the baseline page in `page` (instrumented like the console's). */
async function baselineRun(page, baseUrl, execution, html) {
  const running = 50_000 + 49;
  const path = `/instances/${SANDBOX.instanceId}/replication/executions/${execution}/tasks`;
  const body = JSON.stringify(taskList(execution, running, false));
  const tasksRoute = (url) => url.pathname.endsWith(path);
  const pageRoute = (url) => url.pathname === BASELINE_PATH;
  await page.route(tasksRoute, (route) => route.fulfill({ status: 200, contentType: 'application/json', body }));
  await page.route(pageRoute, (route) => route.fulfill({ status: 200, contentType: 'text/html; charset=utf-8', body: html }));
  try {
    await page.goto(new URL(BASELINE_PATH, baseUrl).href);
    const api = `${apiBase()}/swr/${REGION}/v2/${SANDBOX.projectId}/instances/${SANDBOX.instanceId}/replication/executions`;
    const cfg = {
      tasksUrl: `${api}/${execution}/tasks?offset=0&limit=${TASKS}`,
      executionsUrl: `${api}?offset=0&limit=100`,
      headers: { 'X-Auth-Token': SANDBOX.token, Accept: 'application/json' },
    };
    await page.evaluate(({ n, cfg: c }) => { window.__bench.expect = n; return window.startBaseline(c); }, { n: TASKS, cfg });
    await page.waitForFunction(() => window.__bench.rowsAt !== undefined, null, { timeout: 30_000 });
    const render = await page.evaluate(`(${breakdown})(window.__bench.rowsPending, window.__bench.rowsAt)`);
    const rows = await page.locator('[data-testid=task-row]').count();
    const nodes = await page.evaluate(() => document.querySelectorAll('[data-testid=tasks-table] *').length);
    return { render, rows, nodes };
  } finally {
    await page.unroute(tasksRoute);
    await page.unroute(pageRoute);
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
    // Its own context (own cache and storage); bringToFront before each run,
    // since Chromium runs no requestAnimationFrame in a background tab.
    const plainContext = await browser.newContext();
    const plain = await plainContext.newPage();
    await plain.addInitScript(instrument);
    const html = baselineHtml();
    const results = [];
    const baseline = [];
    // One discarded warm-up run, then `runs` measured ones; Ferry and the
    // plain-JS baseline alternate so drift of the machine hits both alike.
    for (let i = 0; i <= runs; i += 1) {
      await page.bringToFront();
      const r = await oneRun(page, proxyUrl, 990_000 + i);
      if (r.rows !== TASKS) throw new Error(`expected ${TASKS} rows, saw ${r.rows}`);
      if (i > 0) results.push(r);
      log(`task page: run ${i}/${runs}${i ? '' : ' (warm-up)'}: render ${fmt(r.render)}; refresh ${fmt(r.refresh)}, `
        + `${r.refresh.mutations} DOM mutations in rows [${r.refresh.rows.join(', ')}]`);
      await plain.bringToFront();
      const b = await baselineRun(plain, proxyUrl, 980_000 + i, html);
      if (b.rows !== TASKS) throw new Error(`baseline: expected ${TASKS} rows, saw ${b.rows}`);
      if (i > 0) baseline.push(b);
      log(`task page: run ${i}/${runs}${i ? '' : ' (warm-up)'}: plain-JS baseline render ${fmt(b.render)}`);
    }
    const stats = (pick, from = results) => {
      const xs = from.map(pick);
      return { median: median(xs), min: Math.min(...xs), max: Math.max(...xs) };
    };
    const parts = (key, from = results) => Object.fromEntries(['client', 'total', 'wait', 'parse', 'render', 'dom', 'paint'].map((k) => [k, stats((r) => r[key][k], from)]));
    return {
      render: parts('render'),
      baseline: { render: parts('render', baseline), tableElements: baseline[0].nodes },
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

// Alone: FERRY_PROXY_BIN=… FERRY_DIST=… node bench/task-page.mjs [--runs 11]
if (import.meta.url === `file://${process.argv[1]}`) {
  const i = process.argv.indexOf('--runs');
  const proxy = await startProxy({ executionSeconds: 60 });
  try {
    const r = await measureTaskPage({ proxyUrl: proxy.url, runs: i > 0 ? Number(process.argv[i + 1]) : 11, log: (l) => console.error(`bench: ${l}`) });
    const m = (t) => t.median.toFixed(1);
    console.error(`bench: 100-task render, client work, median: Ferry ${m(r.render.client)} ms, plain-JS baseline ${m(r.baseline.render.client)} ms, `
      + `ratio ${(r.render.client.median / r.baseline.render.client.median).toFixed(2)}×`);
    console.log(JSON.stringify(r, null, 2));
  } finally {
    proxy.stop();
  }
}
