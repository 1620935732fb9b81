// Members in Chromium: a coordinator invites a person, who opens the link, chooses
// a password and is signed in with their role; the link works once; roles change
// and people leave; viewers only read the list.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import AxeBuilder from '@axe-core/playwright';
import { startServer, startBrowser, signIn } from './server.mjs';

let server;
let browser;

before(async () => {
  server = await startServer();
  browser = await startBrowser();
});

after(async () => {
  await browser?.close();
  server?.stop();
});

async function noSeriousViolations(page, what) {
  const result = await new AxeBuilder({ page }).analyze();
  const bad = result.violations.filter((v) => ['serious', 'critical'].includes(v.impact));
  assert.deepEqual(bad.map((v) => `${v.id} (${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join('; ')})`), [], what);
}

test('a coordinator invites a person, who chooses a password through the link, once', async () => {
  const coordinator = await browser.newContext({ locale: 'en-GB' });
  const page = await coordinator.newPage();
  await signIn(page, server.base, 'coordinator@demo.example.org', '/groups/kz-tip?month=2007-09');
  await Promise.all([page.waitForURL(/\/members/), page.click('.views a:has-text("Members")')]);
  await noSeriousViolations(page, 'members page');
  await page.fill('#invite-email', 'dana@undp.example.org');
  await page.fill('#invite-name', 'Dana Nurlanovna');
  await page.selectOption('#invite-org', 'UNDP');
  await page.selectOption('#invite-role', 'editor');
  await page.click('.activity-form button[type=submit]');
  const link = await page.inputValue('#invite-link');
  assert.match(link, /\/invite\/[0-9a-f]{64}$/);
  assert.match(await page.locator('tbody').innerText(), /Dana Nurlanovna/);
  await noSeriousViolations(page, 'members page with the link');

  const invited = await browser.newContext({ locale: 'ru-RU' });
  const dana = await invited.newPage();
  await dana.goto(link);
  assert.match(await dana.locator('main').innerText(), /dana@undp\.example\.org/);
  await noSeriousViolations(dana, 'invitation page');
  await dana.fill('#password', 'short');
  await dana.fill('#password_again', 'short');
  await dana.click('.activity-form button[type=submit]');
  assert.match(await dana.locator('#err-password').innerText(), /слишком короткий/);
  await dana.fill('#password', 'a long enough password');
  await dana.fill('#password_again', 'a long enough password');
  await Promise.all([dana.waitForURL(/\/groups\/kz-tip/), dana.click('.activity-form button[type=submit]')]);
  assert.match(await dana.locator('.topbar').innerText(), /Dana Nurlanovna/);
  assert.equal(await dana.locator('.button.primary').count(), 1, 'an editor may add activities');
  assert.equal((await dana.goto(link)).status(), 404, 'the link works once');
  // And the password works at the sign-in page.
  const later = await browser.newContext({ locale: 'en-GB' });
  const again = await later.newPage();
  await again.goto(`${server.base}/login`);
  await again.fill('#email', 'dana@undp.example.org');
  await again.fill('#password', 'a long enough password');
  await Promise.all([again.waitForURL((u) => !u.pathname.startsWith('/login')), again.click('button[type=submit]')]);
  assert.match(await again.locator('.topbar').innerText(), /Dana Nurlanovna/);
  await invited.close();
  await later.close();
  await coordinator.close();
});

test('a coordinator changes a role and removes a member; a viewer only reads', async () => {
  const context = await browser.newContext({ locale: 'en-GB' });
  const page = await context.newPage();
  await signIn(page, server.base, 'coordinator@demo.example.org', '/groups/kz-tip/members');
  const row = page.locator('tbody tr', { hasText: 'UNDP focal point' });
  await row.locator('select').selectOption('viewer');
  await Promise.all([page.waitForURL(/\/members/), row.locator('button:has-text("Set role")').click()]);
  assert.match(await page.locator('tbody tr', { hasText: 'UNDP focal point' }).innerText(), /Viewer/);
  await Promise.all([page.waitForURL(/\/members/), page.locator('tbody tr', { hasText: 'UNDP focal point' }).locator('button:has-text("Remove")').click()]);
  assert.equal(await page.locator('tbody tr', { hasText: 'UNDP focal point' }).count(), 0);
  await context.close();

  const viewer = await browser.newContext({ locale: 'en-GB' });
  const guest = await viewer.newPage();
  await signIn(guest, server.base, 'guest@demo.example.org', '/groups/kz-tip/members');
  assert.match(await guest.locator('tbody').innerText(), /INL TIP programme manager/);
  assert.equal(await guest.locator('#invite-email').count(), 0);
  assert.equal(await guest.locator('button:has-text("Remove")').count(), 0);
  await viewer.close();
});
