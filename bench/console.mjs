// `cargo xtask bench console`: measures the release console against Swagger
// UI and prints one table (Markdown, ready for docs/benchmarks.md).
//
//   node bench/console.mjs [--runs 15] [--task-runs 11] [--bulk-runs 3]
//                          [--poll-seconds 180] [--poll-refreshes 1000]
//
// FERRY_PROXY_BIN, FERRY_DIST and CHROMIUM as for the e2e tests. Progress
// goes to stderr, the table to stdout. Nothing leaves the machine: the
// console is served by ferry-proxy --sandbox, Swagger UI by a loopback server.
import os from 'node:os';
import { startProxy } from '../e2e/harness.js';
import { startSwagger } from './swagger/server.mjs';
import { ferryFiles, swaggerFiles, measure, total, byKind, kb, BROTLI_BUDGET } from './size.mjs';
import { measureTti } from './tti.mjs';
import { measureTaskPage, TASKS } from './task-page.mjs';
import { measureAllTasks, BULK } from './all-tasks.mjs';
import { measurePollMemory } from './poll-memory.mjs';

const arg = (name, fallback) => {
  const i = process.argv.indexOf(name);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
};
const RUNS = arg('--runs', 15);
const TASK_RUNS = arg('--task-runs', 11);
const BULK_RUNS = arg('--bulk-runs', 3);
const POLL_SECONDS = arg('--poll-seconds', 180);
const POLL_REFRESHES = arg('--poll-refreshes', 1000);
const log = (line) => console.error(`bench: ${line}`);

const BUDGET = { brotli: BROTLI_BUDGET, ttiRatio: 0.5, render: 30, refresh: 3 };

// 1. Transfer size.
log('measuring transfer size (gzip -9, brotli q11)');
const ferry = measure(ferryFiles());
const peer = measure(swaggerFiles());

// 2 and 3 need the proxy and the Swagger server.
const proxy = await startProxy({ executionSeconds: 60 });
const swagger = await startSwagger();
let tti;
let tasks;
let bulk;
try {
  log(`time to interactive: ${RUNS} cold loads each, alternating`);
  tti = await measureTti({ ferryUrl: proxy.url, swaggerUrl: swagger.url, runs: RUNS, log });
  log(`task page: ${TASKS} tasks, ${TASK_RUNS} runs`);
  tasks = await measureTaskPage({ proxyUrl: proxy.url, runs: TASK_RUNS, log });
  log(`all tasks: execution ${BULK.execution}, ${BULK.tasks} tasks, ${BULK_RUNS} runs`);
  bulk = await measureAllTasks({ proxy, runs: BULK_RUNS, log });
} finally {
  proxy.stop();
  swagger.stop();
}

// 4. Memory under polling: its own sandbox, with hour-long executions and jobs.
const slow = await startProxy({ executionSeconds: 3600, jobSeconds: 3600 });
let memory;
try {
  log(`poll memory: up to ${POLL_REFRESHES} forced refreshes or ${POLL_SECONDS} s`);
  memory = await measurePollMemory({ proxy: slow, refreshes: POLL_REFRESHES, seconds: POLL_SECONDS, log });
} finally {
  slow.stop();
}

// The table.
const ms = (x) => `${x.toFixed(1)} ms`;
const sizes = (r) => `${kb(r.raw)} / ${kb(r.gzip)} / ${kb(r.brotli)}`;
const ratio = (a, b) => `${(a / b).toFixed(2)}×`;
const verdict = (ok) => (ok ? 'met' : '**missed**');
const rows = [];
const row = (measure, f = '', p = '', r = '', budget = '', v = '') => rows.push([measure, f, p, r, budget, v]);

for (const r of ferry) row(`size: ${r.file}`, sizes(r));
for (const r of peer) row(`size: ${r.file}`, '', sizes(r));
const fk = byKind(ferry);
const pk = byKind(peer);
for (const kind of [...new Set([...fk, ...pk].map((k) => k.kind))]) {
  const f = fk.find((k) => k.kind === kind);
  const p = pk.find((k) => k.kind === kind);
  row(`size: all ${kind}`, f ? sizes(f) : '–', p ? sizes(p) : '–', f && p ? ratio(f.brotli, p.brotli) : '');
}
const code = (rs) => total(rs.filter((r) => r.kind === 'wasm' || r.kind === 'js'));
row('size: code (wasm + js)', sizes(code(ferry)), sizes(code(peer)), ratio(code(ferry).brotli, code(peer).brotli));
const ft = total(ferry);
const pt = total(peer);
row('**size: total** (raw / gzip / brotli)', sizes(ft), sizes(pt), ratio(ft.brotli, pt.brotli),
  `≤ ${kb(BUDGET.brotli)} brotli`, verdict(ft.brotli <= BUDGET.brotli));
row(`**time to interactive**, median of ${RUNS} cold loads`, ms(tti.ferry.median), ms(tti.swagger.median),
  ratio(tti.ferry.median, tti.swagger.median), `≤ 0.5× peer`, verdict(tti.ferry.median <= BUDGET.ttiRatio * tti.swagger.median));
row('time to interactive, min – max', `${ms(tti.ferry.min)} – ${ms(tti.ferry.max)}`, `${ms(tti.swagger.min)} – ${ms(tti.swagger.max)}`);
const part = (t, k) => ms(t[k].median);
row(`**${TASKS}-task page render**, client work, median of ${tasks.runs}`, part(tasks.render, 'client'), 'n/a', '',
  `≤ ${BUDGET.render} ms`, verdict(tasks.render.client.median <= BUDGET.render));
row('… parse JSON / build DOM / style+layout+paint', `${part(tasks.render, 'parse')} / ${part(tasks.render, 'dom')} / ${part(tasks.render, 'paint')}`);
row('… response → painted incl. 2nd request wait', part(tasks.render, 'total'));
row(`**${TASKS}-task render vs a plain-JS table** (peer column: the baseline), client work, median of ${tasks.runs}`,
  part(tasks.render, 'client'), part(tasks.baseline.render, 'client'), ratio(tasks.render.client.median, tasks.baseline.render.client.median));
row('… baseline parse JSON / build DOM / style+layout+paint', '',
  `${part(tasks.baseline.render, 'parse')} / ${part(tasks.baseline.render, 'dom')} / ${part(tasks.baseline.render, 'paint')}`);
row('… baseline table elements', `${tasks.tableElements}`, `${tasks.baseline.tableElements}`);
row(`**one-row refresh**, client work, median of ${tasks.runs}`, part(tasks.refresh, 'client'), 'n/a', '',
  `≤ ${BUDGET.refresh} ms`, verdict(tasks.refresh.client.median <= BUDGET.refresh));
row('… parse JSON / update DOM / style+layout+paint', `${part(tasks.refresh, 'parse')} / ${part(tasks.refresh, 'dom')} / ${part(tasks.refresh, 'paint')}`);
row('… DOM mutations in the refresh (rows touched)', `${tasks.mutations} (${tasks.rowsTouched} of ${TASKS})`);
row('… task page data', `${tasks.tableElements} table elements; resources ${(tasks.resourceBytes / 1024).toFixed(1)} KB each, response ${kb(tasks.responseBytes)}`);
const sec = (t) => `${(t.median / 1000).toFixed(2)} s`;
row(`**load all ${BULK.tasks} tasks**, median of ${bulk.runs}`, sec(bulk.load), 'n/a');
row('… task pages / failure reasons', `${sec(bulk.tasksPhase)} / ${sec(bulk.reasonsPhase)}`);
row('… requests sent', `${bulk.pages + bulk.subtasks} = ${bulk.pages} task pages (limit ${bulk.pageLimits.join('/')}) + ${bulk.subtasks} subtasks (1 per failed task); ${bulk.others} other`);
row(`**filter ${BULK.tasks} tasks by status**, median of ${bulk.runs}`, ms(bulk.filter.median), 'n/a');
row('**export CSV**: in page / to the saved file', `${ms(bulk.exportPage.median)} / ${ms(bulk.exportWall.median)} (${bulk.csvRows} rows, ${kb(bulk.csvBytes)})`, 'n/a');
const mb = (b) => `${(b / 2 ** 20).toFixed(2)} MB`;
const mem = (s) => `${mb(s.heap)} / ${mb(s.wasm)}`;
row(`**memory under polling**: JS heap / wasm, start → middle → end`, `${mem(memory.first)} → ${mem(memory.middle)} → ${mem(memory.last)}`, 'n/a');
row(`… ${memory.polls} refreshes of the viewer in ${memory.realSeconds.toFixed(0)} s (${memory.cycles} forced) + IMS polls`,
  `JS heap ${memory.last.heap >= memory.first.heap ? '+' : ''}${((memory.last.heap - memory.first.heap) / 1024).toFixed(0)} KB (${(memory.heapPer100 / 1024).toFixed(1)} KB per 100 refreshes), `
  + `wasm +${((memory.last.wasm - memory.first.wasm) / 1024).toFixed(0)} KB, DOM nodes ${memory.first.nodes} → ${memory.last.nodes}, listeners ${memory.first.listeners} → ${memory.last.listeners}`);

const cpus = os.cpus();
console.log(`Environment: ${cpus.length} CPUs (${cpus[0]?.model.trim() ?? 'unknown'}), ${(os.totalmem() / 2 ** 30).toFixed(1)} GiB, `
  + `load average ${os.loadavg()[0].toFixed(2)}; Chromium ${tti.chromium} headless; Node ${process.version}; `
  + `swagger-ui-dist ${(await import('./node_modules/swagger-ui-dist/package.json', { with: { type: 'json' } })).default.version}`);
console.log('');
const head = ['Measure', 'Ferry', 'Swagger UI', 'Ferry / peer', 'Budget', 'Verdict'];
console.log(`| ${head.join(' | ')} |`);
console.log(`|${head.map((_, i) => (i === 0 ? '---' : '---:')).join('|')}|`);
for (const r of rows) console.log(`| ${r.join(' | ')} |`);
