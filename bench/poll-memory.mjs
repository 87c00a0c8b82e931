// Memory while the console keeps polling: "30 minutes of polling", compressed.
//
// The console polls every 2 s, backing off to 30 s while nothing changes
// (ferry_api::polling::Schedule), so 30 real minutes are only 60–900
// refreshes. Instead of waiting, this drives refreshes quickly: the task
// viewer of a RUNNING execution (policy 13, 237 tasks, the sandbox started
// with --sandbox-execution-seconds 3600) stays open while three IMS copy
// jobs (--sandbox-job-seconds 3600) are followed by the jobs tray, and the
// viewer's "Pause refreshing" button is clicked twice per cycle: pause, wait
// 270 ms (the poller looks at the pause flag every 250 ms), resume, which
// polls at once; the cycle ends when that poll's tasks response and the
// executions list after it have arrived. The jobs and the viewer also keep
// their own schedule meanwhile. Bounded by a refresh count and a real time,
// whichever comes first.
//
// Sampled every 10 s through CDP after a forced GC (HeapProfiler.collectGarbage):
// the JS heap in use (Runtime.getHeapUsage), DOM nodes and JS event listeners
// (Performance.getMetrics), and the wasm linear memory (the instance's
// exported `memory`, captured from Trunk's TrunkApplicationStarted event;
// it can only grow, never shrink).
import { launchBrowser, configure, startCopy, startExecution, sleep } from '../e2e/harness.js';

/** Runs in the page before its scripts. */
function instrument() {
  addEventListener('TrunkApplicationStarted', (ev) => { window.__wasmMemory = ev.detail?.wasm?.memory; });
  const p = (window.__polls = { tasks: 0, list: 0, ims: 0, lastTasksEnd: 0, snapshot: false });
  new PerformanceObserver((entries) => {
    for (const e of entries.getEntries()) {
      if (/\/replication\/executions\/\d+\/tasks\?/.test(e.name)) {
        p.tasks += 1; p.lastTasksEnd = e.responseEnd; p.snapshot = false;
      } else if (/\/replication\/executions\?/.test(e.name)) {
        p.list += 1;
        if (e.startTime >= p.lastTasksEnd) p.snapshot = true;
      } else if (/\/api\/ims\//.test(e.name)) {
        p.ims += 1;
      }
    }
  }).observe({ type: 'resource' });
}

const MB = 2 ** 20;

/** Least-squares slope of y over x. */
function slope(xs, ys) {
  const n = xs.length;
  const mx = xs.reduce((a, b) => a + b, 0) / n;
  const my = ys.reduce((a, b) => a + b, 0) / n;
  const num = xs.reduce((a, x, i) => a + (x - mx) * (ys[i] - my), 0);
  const den = xs.reduce((a, x) => a + (x - mx) ** 2, 0);
  return den === 0 ? 0 : num / den;
}

/**
 * `proxy` must run with long executions and jobs (3600 s). At most
 * `refreshes` forced refreshes, at most `seconds` of real time.
 */
export async function measurePollMemory({ proxy, refreshes = 1000, seconds = 180, sampleEvery = 10, jobs = 3, log = () => {} }) {
  const browser = await launchBrowser();
  try {
    const context = await browser.newContext();
    const page = await context.newPage();
    const errors = [];
    page.on('pageerror', (err) => errors.push(err.message));
    await page.addInitScript(instrument);
    await configure(page, proxy.url);
    for (let i = 1; i <= jobs; i += 1) await startCopy(page, undefined, `bench poll ${i}`);
    const execution = await startExecution(page, 13);
    await page.getByTestId('job-tasks-link').click();
    const pause = page.getByTestId('pause');
    await pause.waitFor();
    await page.getByTestId('live-status').filter({ hasText: 'Live: updated' }).waitFor({ timeout: 30_000 });
    if (!(await page.evaluate(() => window.__wasmMemory?.buffer?.byteLength))) throw new Error('wasm memory not found');

    const cdp = await context.newCDPSession(page);
    await cdp.send('Performance.enable');
    const t0 = Date.now();
    let cycles = 0;
    let missed = 0;
    const samples = [];
    const sample = async () => {
      await cdp.send('HeapProfiler.collectGarbage');
      const heap = await cdp.send('Runtime.getHeapUsage');
      const metrics = Object.fromEntries((await cdp.send('Performance.getMetrics')).metrics.map((m) => [m.name, m.value]));
      const page_ = await page.evaluate(() => ({ wasm: window.__wasmMemory.buffer.byteLength, ...window.__polls }));
      const s = {
        at: (Date.now() - t0) / 1000, cycles, polls: page_.tasks, ims: page_.ims,
        heap: heap.usedSize, wasm: page_.wasm, nodes: metrics.Nodes, listeners: metrics.JSEventListeners,
      };
      samples.push(s);
      log(`poll memory: ${s.at.toFixed(0)} s, ${cycles} forced refreshes, ${s.polls} task polls, ${s.ims} IMS polls: `
        + `JS heap ${(s.heap / MB).toFixed(2)} MB, wasm ${(s.wasm / MB).toFixed(2)} MB, ${s.nodes} nodes, ${s.listeners} listeners`);
    };

    // Warm-up: a few refreshes before the first sample, so one-off
    // allocations of the first renders are not counted as growth.
    const cycle = async () => {
      await pause.click();
      await sleep(270);
      const before = await page.evaluate(() => window.__polls.tasks);
      await pause.click();
      try {
        await page.waitForFunction((n) => window.__polls.tasks > n && window.__polls.snapshot, before, { timeout: 5_000, polling: 20 });
      } catch {
        missed += 1;
      }
    };
    for (let i = 0; i < 10; i += 1) await cycle();
    cycles = 0;
    await sample();
    const started = Date.now();
    let nextSample = started + sampleEvery * 1000;
    while (cycles < refreshes && Date.now() - started < seconds * 1000) {
      await cycle();
      cycles += 1;
      if (Date.now() >= nextSample) {
        await sample();
        nextSample += sampleEvery * 1000;
      }
    }
    await sample();
    if (errors.length) throw new Error(`page errors: ${errors.join('; ')}`);
    const sent = await proxy.received();
    const taskRequests = sent.filter((r) => r.method === 'GET' && r.path.endsWith(`/executions/${execution}/tasks`)).length;
    const imsRequests = sent.filter((r) => r.method === 'GET' && r.path.startsWith('/api/ims/')).length;

    const first = samples[0];
    const last = samples.at(-1);
    const middle = samples.reduce((best, s) => (Math.abs(s.cycles - last.cycles / 2) < Math.abs(best.cycles - last.cycles / 2) ? s : best));
    const per100 = (key) => 100 * slope(samples.map((s) => s.polls), samples.map((s) => s[key]));
    return {
      samples, first, middle, last, missed, execution,
      realSeconds: last.at - first.at,
      cycles: last.cycles,
      polls: last.polls - first.polls,
      taskRequests, imsRequests,
      heapPer100: per100('heap'),
      nodesPer100: per100('nodes'),
      listenersPer100: per100('listeners'),
    };
  } finally {
    await browser.close();
  }
}

// Alone: FERRY_PROXY_BIN=… node bench/poll-memory.mjs [--refreshes 1000] [--seconds 180]
if (import.meta.url === `file://${process.argv[1]}`) {
  const { startProxy } = await import('../e2e/harness.js');
  const arg = (name, fallback) => {
    const i = process.argv.indexOf(name);
    return i > 0 ? Number(process.argv[i + 1]) : fallback;
  };
  const proxy = await startProxy({ executionSeconds: 3600, jobSeconds: 3600 });
  try {
    const r = await measurePollMemory({
      proxy, refreshes: arg('--refreshes', 1000), seconds: arg('--seconds', 180), log: (l) => console.error(`bench: ${l}`),
    });
    const { samples, ...rest } = r;
    console.log(JSON.stringify(rest, null, 2));
  } finally {
    proxy.stop();
  }
}
