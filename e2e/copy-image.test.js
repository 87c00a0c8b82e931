// Operation 5, IMS copy and its job, in Chromium against the sandbox
// (jobs take 3 s there in tests).
import { test, beforeEach } from 'node:test';
import assert from 'node:assert/strict';
import { useSandbox, receivedMatching, preview, send, SANDBOX } from './harness.js';

const IMAGE = SANDBOX.imageId;
const FULL_ECS = SANDBOX.fullEcsImageId;
const t = useSandbox({ proxy: { jobSeconds: 3 }, configured: true, open: (page) => page.getByRole('link', { name: 'Copy image' }).click() });
let page;
let proxy;
let errors;
beforeEach(() => ({ page, proxy, errors } = t));

async function copy(image, name, description = '', { confirm = true } = {}) {
  await page.getByLabel('Image ID').fill(image);
  await page.getByLabel('Image name').fill(name);
  await page.getByLabel('Description (optional)').fill(description);
  await (confirm ? send(page, 'copy') : page.getByTestId('copy').click());
}

test('a copy is followed until the new image is ready, then polling stops', async () => {
  await page.getByLabel('Image ID').fill(IMAGE);
  await page.getByLabel('Image name').fill('ubuntu copy');
  await page.getByLabel('Description (optional)').fill('before the kernel update');
  const shown = await preview(page);
  await page.getByTestId('copy').click();
  const facts = await page.locator('dialog[open] [data-testid="confirm-facts"]').textContent();
  assert.match(facts, /New image\s*ubuntu copy/);
  await page.getByTestId('confirm-send').click();
  await page.getByTestId('job-id').waitFor();
  await page.getByTestId('job-success').waitFor({ timeout: 20_000 });
  assert.match(await page.getByTestId('new-image-id').textContent(), /^[0-9a-f-]{36}$/);
  assert.equal(await page.getByTestId('job-status').textContent(), 'Done');

  const sent = await receivedMatching(proxy, 'POST', `/v1/cloudimages/${IMAGE}/copy`);
  assert.equal(sent.length, 1);
  assert.equal(sent[0].body, '{"name":"ubuntu copy","description":"before the kernel update"}');
  assert.ok(shown.curl.includes(`--data '${sent[0].body}'`), shown.curl);

  const polls = (await receivedMatching(proxy, 'GET', await page.getByTestId('job-id').textContent())).length;
  assert.ok(polls >= 2 && polls <= 6, `a 3 s job took ${polls} status checks`);
  await new Promise((r) => setTimeout(r, 2500));
  const after = (await receivedMatching(proxy, 'GET', await page.getByTestId('job-id').textContent())).length;
  assert.equal(after, polls, 'no request after the job ended');
  const jobPath = (await receivedMatching(proxy, 'GET', '/jobs/' + (await page.getByTestId('job-id').textContent())))[0].path;
  assert.equal(jobPath, `/api/ims/cn-north-4/v1/${SANDBOX.projectId}/jobs/${await page.getByTestId('job-id').textContent()}`);
  assert.deepEqual(errors, []);
});

test('a full-ECS image fails with its reason', async () => {
  await copy(FULL_ECS, 'web copy');
  await page.getByTestId('job-phase').filter({ hasText: 'Ended with a problem' }).waitFor({ timeout: 20_000 });
  // IMS's documented code for it (error code table: IMG.0130).
  assert.match(await page.getByTestId('job-detail').textContent(), /full-ECS image cannot be exported or replicated.*IMG\.0130/);
});

test('invalid fields block sending; the description has a live counter', async () => {
  await page.getByLabel('Description (optional)').fill('abc');
  assert.equal(await page.getByTestId('description-count').textContent(), '3 / 1024 characters');
  await copy('not-a-uuid', 'trailing space ', 'has <html>', { confirm: false });
  assert.match(await page.locator('#image-id-error').textContent(), /must be a UUID/);
  assert.match(await page.locator('#image-name-error').textContent(), /must not start or end with a space/);
  assert.match(await page.locator('#description-error').textContent(), /must not contain/);
  assert.equal(await page.evaluate(() => document.activeElement.id), 'image-id', 'focus moves to the first invalid field');
  assert.equal((await proxy.received()).length, 0, 'nothing reached the proxy');
});

test('an unknown image is explained with the IMS error', async () => {
  await copy('00000000-0000-4000-8000-000000000000', 'copy');
  await page.getByTestId('error-panel').waitFor();
  // The IMS table answers an unknown image with 400 IMG.0144 (IMG.0001 is a malformed request).
  assert.equal(await page.getByTestId('error-status').textContent(), '400');
  assert.equal(await page.getByTestId('error-code').textContent(), 'IMG.0144');
  assert.equal(await page.getByTestId('error-headline').textContent(), 'No image with this ID in your project in cn-north-4.');
});

test('a line break in the description is refused before sending', async () => {
  await copy(IMAGE, 'copy', 'first line\nsecond line', { confirm: false });
  assert.match(await page.locator('#description-error').textContent(), /one line/);
  assert.equal((await proxy.received()).length, 0, 'nothing reached the proxy');
});

test('images are chosen from a list: paged, searchable, uncopyable ones greyed out with the reason, a name suggested', async () => {
  const picker = page.getByTestId('image-picker');
  await picker.getByTestId('image-item').first().waitFor();
  assert.equal(await picker.getByTestId('image-item').count(), 10, 'one page of 10');
  const full = picker.getByTestId(`choose-image-${FULL_ECS}`);
  assert.ok(await full.isDisabled(), 'a full-ECS image cannot be chosen');
  assert.match(await picker.getByTestId('image-refusal').first().textContent(), /full-ECS image cannot be copied/);
  // The second page (marker paging), then back.
  await picker.getByTestId('images-next').click();
  await picker.getByRole('button', { name: 'Previous' }).and(page.locator(':not([disabled])')).waitFor();
  await page.waitForFunction(() => document.querySelectorAll('[data-testid=image-item]').length < 10);
  const second = await picker.getByTestId('image-item').count();
  assert.ok(second >= 1 && second < 10, `${second} on the second page`);
  await picker.getByRole('button', { name: 'Previous' }).click();
  // Search is by exact name, as IMS matches it.
  await page.getByTestId('image-search').fill('ubuntu-22.04-base');
  await page.getByTestId('image-search').press('Enter');
  await picker.getByTestId('image-item').filter({ hasText: 'ubuntu-22.04-base' }).waitFor();
  assert.equal(await picker.getByTestId('image-item').count(), 1);
  assert.equal((await receivedMatching(proxy, 'POST', '/copy')).length, 0, 'Enter in the search box copies nothing');
  await picker.getByTestId(`choose-image-${IMAGE}`).click();
  assert.equal(await page.getByLabel('Image ID').inputValue(), IMAGE);
  assert.equal(await page.getByLabel('Image name').inputValue(), 'ubuntu-22.04-base-copy');
  await page.getByTestId('copy').click();
  const facts = await page.locator('dialog[open] [data-testid="confirm-facts"]').textContent();
  assert.match(facts, new RegExp(`Imageubuntu-22\\.04-base \\(${IMAGE}\\)`));
  assert.match(facts, /New imageubuntu-22\.04-base-copy/);
  await page.getByTestId('confirm-send').click();
  await page.getByTestId('job-id').waitFor();
  const lists = await receivedMatching(proxy, 'GET', '/v2/cloudimages');
  assert.ok(lists.every((r) => r.query.startsWith('__imagetype=private&status=active&limit=10')), JSON.stringify(lists.map((r) => r.query)));
});

test('without permission to list images, the picker says so and the ID field still works', async () => {
  await page.route('**/v2/cloudimages*', (route) => route.fulfill({
    status: 403, contentType: 'application/json', headers: { 'X-Request-Id': 'rid-403' },
    body: '{"error":{"code":"IMG.0026","message":"Insufficient permissions."}}' }));
  await page.reload();
  const problem = page.getByTestId('images-problem');
  await problem.waitFor();
  assert.match(await problem.textContent(), /not allowed to list images \(HTTP 403\)/);
  await copy(IMAGE, 'typed by hand');
  await page.getByTestId('job-id').waitFor();
});
