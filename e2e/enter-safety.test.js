// Enter must never change the cloud by accident: a search box or picker is
// never inside an operation's form, and Enter in any field outside that form
// sends no POST, PUT or DELETE.
import { test, beforeEach } from 'node:test';
import assert from 'node:assert/strict';
import { useSandbox, SANDBOX, sleep } from './harness.js';

const t = useSandbox({ configured: true });
let page;
let proxy;
let errors;
beforeEach(() => ({ page, proxy, errors } = t));

const CHANGING = new Set(['POST', 'PUT', 'DELETE']);
const changes = async () => (await proxy.received()).filter((r) => CHANGING.has(r.method));

/** Remembered choices pre-fill Replicate, so an accidental submit would send. */
async function rememberChoices() {
  await page.evaluate(({ instanceId, policyId }) => {
    localStorage.setItem('ferry.choices', JSON.stringify({
      'cn-north-4': { instance_id: instanceId, policy_id: policyId },
    }));
  }, SANDBOX);
}

/** Presses Enter in every visible text-like field outside the operation's form. */
async function pressEnterOutsideOperation() {
  const fields = page.locator('input:not([type=checkbox]):not([type=radio]):not([type=hidden]), select');
  const count = await fields.count();
  const pressed = [];
  for (let i = 0; i < count; i += 1) {
    const field = fields.nth(i);
    if (!(await field.isVisible())) continue;
    if (await field.evaluate((el) => Boolean(el.closest('form[data-operation]')))) continue;
    const name = await field.evaluate((el) => el.id || el.dataset.testid || el.name || el.outerHTML.slice(0, 60));
    const kind = await field.evaluate((el) => el.tagName === 'INPUT' && el.type !== 'number');
    if (kind) await field.fill('x');
    await field.press('Enter');
    pressed.push(name);
  }
  return pressed;
}

/** No search box, picker or search landmark lives inside an operation form. */
async function assertNoPickerInOperationForm() {
  const inside = page.locator(
    'form[data-operation] input[type=search], form[data-operation] [role=search], '
      + 'form[data-operation] [data-testid=policy-picker], form[data-operation] [data-testid=instance-choice]',
  );
  assert.equal(await inside.count(), 0, 'a picker or search field is inside an operation form');
}

test('Enter in the policy search box searches and executes nothing', async () => {
  await rememberChoices();
  await page.goto(new URL('replicate', proxy.url).href);
  // The remembered policy is pre-filled: an Enter that submitted would run it.
  assert.equal(await page.getByLabel('Policy ID').inputValue(), String(SANDBOX.policyId));
  const search = page.getByTestId('policy-search');
  await search.waitFor();
  await proxy.clearReceived();
  await search.fill('nightly');
  await search.press('Enter');
  await page.getByTestId('choose-policy-12').waitFor();
  await page.waitForFunction(() => [...document.querySelectorAll('[data-testid=policy-item]')]
    .every((li) => li.textContent.includes('nightly')));
  const searched = (await proxy.received()).filter((r) => r.method === 'GET' && /(^|&)name=nightly/.test(r.query ?? ''));
  assert.ok(searched.length >= 1, 'the search was sent as a GET with name=nightly');
  await sleep(300);
  assert.deepEqual(await changes(), []);
  assert.equal(await page.getByTestId('execution-id').count(), 0);
  await assertNoPickerInOperationForm();
  assert.deepEqual(errors, []);
});

for (const [name, path, ready] of [
  ['Replicate', 'replicate', 'policy-search'],
  ['Tasks (finder)', 'tasks', 'open-execution'],
  ['Task viewer', `executions/${SANDBOX.instanceId}/902/tasks?limit=10&offset=0`, 'jump-page'],
  ['HSS sync', 'hss-sync', 'hss-sync'],
  ['Auto-sync', 'auto-sync', 'create-sync'],
  ['Copy image', 'copy-image', 'copy'],
]) {
  test(`${name}: Enter outside the operation's form sends no POST, PUT or DELETE`, async () => {
    await rememberChoices();
    await page.goto(new URL(path, proxy.url).href);
    await page.getByTestId(ready).first().waitFor();
    await assertNoPickerInOperationForm();
    await proxy.clearReceived();
    await pressEnterOutsideOperation();
    await sleep(300);
    assert.deepEqual(await changes(), []);
    // Enter may open or look something up (a GET that can 404 for 'x'); it
    // must never fail the page.
    assert.deepEqual(errors.filter((e) => !e.startsWith('Failed to load resource')), []);
  });
}
