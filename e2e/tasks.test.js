// The replication task viewer in Chromium against the sandbox: paging the
// 237 tasks of execution 902, deep links, live refresh, stop, filter, export.
import { test, before, after, beforeEach, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import {
  startProxy, launchBrowser, newPage, configure, receivedMatching, sleep, startExecution, SANDBOX,
} from './harness.js';

let proxy;
let browser;
let page;

before(async () => {
  proxy = await startProxy({ executionSeconds: 5 });
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
  proxy?.stop();
});
beforeEach(async () => {
  page = await newPage(browser, []);
  await configure(page, proxy.url);
});
afterEach(async () => {
  await page.context().close();
});

const viewer = (execution, query = 'limit=20&offset=0&policy=12') =>
  new URL(`executions/${SANDBOX.instanceId}/${execution}/tasks?${query}`, proxy.url).href;
const range = () => page.getByTestId('range').first().textContent();
const rows = () => page.getByTestId('task-row');

/** All tasks of an execution straight from the emulator, for comparison. */
async function emulatorTasks(execution) {
  const tasks = [];
  for (let offset = 0; ; offset += 100) {
    const res = await fetch(new URL(`api/swr/cn-north-4/v2/${SANDBOX.projectId}/instances/${SANDBOX.instanceId}/replication/executions/${execution}/tasks?offset=${offset}&limit=100`, proxy.url), {
      headers: { 'X-Auth-Token': SANDBOX.token },
    });
    const body = await res.json();
    tasks.push(...body.tasks);
    if (tasks.length >= body.total) return tasks;
  }
}

test('pages to the last page of 237 tasks', async () => {
  await page.goto(viewer(902));
  await page.getByTestId('range').first().filter({ hasText: '1–20 of 237' }).waitFor();
  assert.equal(await rows().count(), 20);
  await page.getByTestId('last-page').first().click();
  await page.getByTestId('range').first().filter({ hasText: '221–237 of 237' }).waitFor();
  await page.waitForFunction(() => document.querySelectorAll('[data-testid=task-row]').length === 17);
  assert.match(page.url(), /limit=20&offset=220/);
  assert.ok(await page.getByTestId('next-page').first().isDisabled());
  await page.getByTestId('previous-page').first().click();
  await page.getByTestId('range').first().filter({ hasText: '201–220 of 237' }).waitFor();
});

test('paging by keyboard keeps focus on the pager, never on the page body', async () => {
  await page.goto(viewer(902));
  await page.getByTestId('range').first().filter({ hasText: '1–20 of 237' }).waitFor();
  const active = () => page.evaluate(() => document.activeElement?.id || document.activeElement?.tagName);
  await page.getByTestId('next-page').first().focus();
  await page.keyboard.press('Enter');
  await page.getByTestId('range').first().filter({ hasText: '21–40 of 237' }).waitFor();
  await page.waitForFunction(() => document.activeElement !== document.body);
  assert.match(await active(), /^(top-next-page|pager-top)$/);
  // Last page: Next is disabled there, so focus lands on its pager.
  await page.getByTestId('last-page').last().focus();
  await page.keyboard.press('Enter');
  await page.getByTestId('range').first().filter({ hasText: '221–237 of 237' }).waitFor();
  await page.waitForFunction(() => document.activeElement !== document.body);
  assert.match(await active(), /^(bottom-last-page|pager-bottom)$/);
  // Two page navs, two names.
  const labels = await page.locator('nav.pager').evaluateAll((navs) => navs.map((n) => n.getAttribute('aria-label')));
  assert.equal(new Set(labels).size, 2, labels.join(' | '));
});

test('an unknown execution shows only the error and the way back', async () => {
  await page.goto(viewer(999_999, 'limit=20&offset=0'));
  const panel = page.getByTestId('error-panel');
  await panel.waitFor();
  assert.equal(await page.getByTestId('error-status').textContent(), '404');
  for (const part of ['live-bar', 'tasks-table', 'load-all', 'execution-header']) {
    assert.equal(await page.getByTestId(part).isVisible(), false, `${part} is not shown`);
  }
  assert.equal(await page.getByTestId('range').first().isVisible(), false, 'no empty pager');
  await page.getByTestId('back-to-finder').click();
  await page.getByLabel('Execution ID').waitFor();
});

test('a deep link reloads to the same view; page size changes keep the first task in view', async () => {
  await page.goto(viewer(902, 'limit=20&offset=60&policy=12'));
  await page.getByTestId('range').first().filter({ hasText: '61–80 of 237' }).waitFor();
  await page.reload();
  await page.getByTestId('range').first().filter({ hasText: '61–80 of 237' }).waitFor();
  await page.getByTestId('page-size').first().selectOption('50');
  await page.getByTestId('range').first().filter({ hasText: '51–100 of 237' }).waitFor();
  assert.match(page.url(), /limit=50&offset=50/);
  await page.getByTestId('jump-page').first().fill('5');
  await page.getByTestId('jump-page').first().press('Enter');
  await page.getByTestId('range').first().filter({ hasText: '201–237 of 237' }).waitFor();
});

test('a bad link lands on the nearest valid view, with a notice', async () => {
  await page.goto(viewer(902, 'limit=20&offset=45&policy=12'));
  await page.getByTestId('link-notice').filter({ hasText: 'not a multiple of 20' }).waitFor();
  await page.getByTestId('range').first().filter({ hasText: '41–60 of 237' }).waitFor();
  assert.match(page.url(), /limit=20&offset=40/);
  await page.goto(new URL('executions/bad$id/xyz/tasks', proxy.url).href);
  await page.getByTestId('link-notice').waitFor();
  await page.getByLabel('Execution ID').waitFor();
});

test('a malformed resource is shown as raw text, and row details show failure reasons', async () => {
  await page.goto(viewer(902));
  await page.getByTestId('range').first().filter({ hasText: '1–20 of 237' }).waitFor();
  const raw = page.getByTestId('raw-resource');
  await raw.first().waitFor();
  assert.match(await raw.first().textContent(), /truncated/);

  const failed = rows().filter({ has: page.getByTestId('status-badge').filter({ hasText: 'Failed' }) }).first();
  await failed.getByRole('button', { name: /Details of task/ }).click();
  // The raw resources wait behind a toggle; the namespace mapping is not a "difference".
  const details = page.getByText('Show raw source and destination').first();
  await details.waitFor();
  assert.equal(await page.locator('.side-by-side pre').first().isVisible(), false);
  assert.equal(await page.getByTestId('differences').count(), 0);
  const reason = failed.getByTestId('subtask-reason').filter({ hasText: /\S/ }).first();
  await reason.waitFor();
  assert.ok((await reason.textContent()).length > 5);
});

test('filter and export across all tasks match the emulator', async () => {
  const expected = await emulatorTasks(902);
  const failedIds = expected.filter((t) => t.status === 'Failed').map((t) => t.id);
  assert.equal(expected.length, 237);
  await proxy.clearReceived(); // count only the console's own requests below
  await page.goto(viewer(902));
  await page.getByTestId('load-all').click();
  await page.getByTestId('loaded').filter({ hasText: 'Loaded all 237 tasks' }).waitFor({ timeout: 60_000 });
  await page.getByTestId('failure-groups').waitFor();
  await page.getByTestId('status-filter').selectOption('Failed');
  await page.getByTestId('match-count').filter({ hasText: `${failedIds.length} matching tasks` }).waitFor();

  const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-csv').click()]);
  const csv = (await readFile(await download.path(), 'utf8')).trim().split('\n');
  assert.equal(csv[0], 'id,status,source,destination,tags,digests,operation,start_time,end_time,reason');
  assert.deepEqual(csv.slice(1).map((l) => Number(l.split(',')[0])).sort((a, b) => a - b), [...failedIds].sort((a, b) => a - b));

  const [json] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-json').click()]);
  const exported = JSON.parse(await readFile(await json.path(), 'utf8'));
  assert.equal(exported.length, failedIds.length);
  assert.ok(exported.every((t) => t.status === 'Failed' && typeof t.source === 'string'));
  // Requests went one page at a time at limit=100.
  const pages = (await receivedMatching(proxy, 'GET', '/executions/902/tasks')).filter((r) => r.query?.includes('limit=100'));
  assert.equal(pages.length, 3);
});

test('failures are grouped by cause, explained, and a group narrows the table', async () => {
  const expected = await emulatorTasks(902);
  const failed = expected.filter((t) => t.status === 'Failed').length;
  await page.context().grantPermissions(['clipboard-read', 'clipboard-write'], { origin: proxy.url });
  await page.goto(viewer(902));
  await page.getByTestId('load-all').click();
  await page.getByTestId('loaded').filter({ hasText: 'Loaded all 237 tasks' }).waitFor({ timeout: 60_000 });
  const groups = page.getByTestId('failure-group');
  await groups.first().waitFor();
  // The sandbox fails tasks for three causes, each reason naming its own repository or address.
  assert.equal(await groups.count(), 3, await page.getByTestId('failure-groups').textContent());
  const sizes = await groups.evaluateAll((gs) => gs.map((g) => Number(g.querySelector('strong').textContent.split(' ')[0])));
  assert.equal(sizes.reduce((a, b) => a + b, 0), failed);
  assert.deepEqual([...sizes].sort((a, b) => b - a), sizes, 'largest group first');
  const causes = await page.getByTestId('failure-cause').allTextContents();
  assert.ok(causes.includes('The destination registry refused the credentials'), causes.join(' | '));
  assert.ok(causes.includes('The registries could not reach each other in time'), causes.join(' | '));
  await groups.nth(1).getByTestId('show-group').click();
  await page.getByTestId('match-count').filter({ hasText: `${sizes[1]} matching tasks` }).waitFor();
  await page.waitForFunction(() => document.activeElement?.id === 'failure-group-1');
  await groups.nth(1).getByTestId('show-group').click();
  await page.getByTestId('match-count').filter({ hasText: '237 matching tasks' }).waitFor();
  await page.getByTestId('copy-summary').click();
  await page.getByTestId('copy-summary-status').filter({ hasText: /Copied|did not allow/ }).waitFor();
  const summary = await page.evaluate(() => navigator.clipboard.readText().catch(() => ''))
    || await page.getByTestId('copy-summary-status').locator('pre').textContent();
  assert.match(summary, new RegExp(`^Instance: ${SANDBOX.instanceId}\nPolicy: 12\nExecution: 902\n`));
  assert.match(summary, /Tasks: 237 \(/);
  assert.equal((summary.match(/^Cause: /gm) ?? []).length, 3, summary);
});

test('a live execution refreshes until it ends, then sends nothing more', async () => {
  const id = await startExecution(page, SANDBOX.policyId);
  await page.getByTestId('job-tasks-link').click();
  await page.getByTestId('live-status').filter({ hasText: 'no more refreshing' }).waitFor({ timeout: 40_000 });
  assert.match(await page.getByTestId('execution-progress').textContent(), /7 of 7 done/);
  const count = (await receivedMatching(proxy, 'GET', `/executions/${id}/tasks`)).length;
  await sleep(3000);
  assert.equal((await receivedMatching(proxy, 'GET', `/executions/${id}/tasks`)).length, count, 'no refresh after the end');
});

test('a running execution can be stopped, behind a confirmation', async () => {
  // A slow sandbox, so the execution is surely still running.
  const slow = await startProxy({ executionSeconds: 300 });
  try {
    await stopTest(slow);
  } finally {
    slow.stop();
  }
});

async function stopTest(slow) {
  await configure(page, slow.url);
  const id = await startExecution(page, 13);
  await page.goto(new URL(`executions/${SANDBOX.instanceId}/${id}/tasks?limit=20&offset=0&policy=13`, slow.url).href);
  await page.getByTestId('stop-execution').click();
  const confirmation = page.locator('dialog[data-testid="confirm-dialog"][open]');
  assert.match(await confirmation.getByRole('heading').textContent(), new RegExp(`Stop execution ${id}\\?`));
  // Escape cancels the Stop confirmation and sends nothing.
  await page.keyboard.press('Escape');
  await confirmation.waitFor({ state: 'detached' });
  assert.equal((await receivedMatching(slow, 'PUT', `/replication/executions/${id}`)).length, 0);
  await page.getByTestId('stop-execution').click();
  await confirmation.getByTestId('confirm-send').click();
  await page.getByTestId('stopped').waitFor();
  await page.getByTestId('execution-header').getByTestId('status-badge').filter({ hasText: 'Stopped' }).waitFor({ timeout: 20_000 });
  assert.equal(await page.getByTestId('stop-execution').count(), 0);
  const puts = await receivedMatching(slow, 'PUT', `/replication/executions/${id}`);
  assert.equal(puts.length, 1);
  // A stop someone asked for reads "Stopped" on its job card, not a failure.
  await page.getByRole('link', { name: 'Jobs' }).click();
  await page.getByTestId('job-phase').filter({ hasText: 'Stopped' }).waitFor({ timeout: 20_000 });
}
