// Members in Chromium: a coordinator invites a person, who opens the link, chooses
// a password and is signed in with their role; the link works once; roles change
// and people leave; viewers only read the list.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { demoForTheseTests, noSeriousViolations, signIn } from './server.mjs';

const shared = demoForTheseTests();


test('a coordinator invites a person, who chooses a password through the link, once', async () => {
  const coordinator = await shared.browser.newContext({ locale: 'en-GB' });
  const page = await coordinator.newPage();
  await signIn(page, shared.server.base, 'coordinator@demo.example.org', '/groups/kz-tip?month=2007-09');
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

  const invited = await shared.browser.newContext({ locale: 'ru-RU' });
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
  const later = await shared.browser.newContext({ locale: 'en-GB' });
  const again = await later.newPage();
  await again.goto(`${shared.server.base}/login`);
  await again.fill('#email', 'dana@undp.example.org');
  await again.fill('#password', 'a long enough password');
  await Promise.all([again.waitForURL((u) => !u.pathname.startsWith('/login')), again.click('button[type=submit]')]);
  assert.match(await again.locator('.topbar').innerText(), /Dana Nurlanovna/);
  await invited.close();
  await later.close();
  await coordinator.close();
});

test('a coordinator changes a role and removes a member; a viewer only reads', async () => {
  const context = await shared.browser.newContext({ locale: 'en-GB' });
  const page = await context.newPage();
  await signIn(page, shared.server.base, 'coordinator@demo.example.org', '/groups/kz-tip/members');
  const row = page.locator('tbody tr', { hasText: 'UNDP focal point' });
  await row.locator('select').selectOption('viewer');
  await Promise.all([page.waitForURL(/\/members/), row.locator('button:has-text("Set role")').click()]);
  assert.match(await page.locator('tbody tr', { hasText: 'UNDP focal point' }).innerText(), /Viewer/);
  await Promise.all([page.waitForURL(/\/members/), page.locator('tbody tr', { hasText: 'UNDP focal point' }).locator('button:has-text("Remove")').click()]);
  assert.equal(await page.locator('tbody tr', { hasText: 'UNDP focal point' }).count(), 0);
  await context.close();

  const viewer = await shared.browser.newContext({ locale: 'en-GB' });
  const guest = await viewer.newPage();
  await signIn(guest, shared.server.base, 'guest@demo.example.org', '/groups/kz-tip/members');
  assert.match(await guest.locator('tbody').innerText(), /INL TIP programme manager/);
  assert.equal(await guest.locator('#invite-email').count(), 0);
  assert.equal(await guest.locator('button:has-text("Remove")').count(), 0);
  await viewer.close();
});

test('a coordinator changes the group settings; a stale save keeps the form; axe passes', async () => {
  const a = await shared.browser.newContext({ locale: 'en-GB' });
  const b = await shared.browser.newContext({ locale: 'ru-RU' });
  const one = await a.newPage();
  const two = await b.newPage();
  await signIn(one, shared.server.base, 'coordinator@demo.example.org', '/groups/kz-tip?month=2007-09');
  await Promise.all([one.waitForURL(/\/settings/), one.click('.views a:has-text("Settings")')]);
  await noSeriousViolations(one, 'settings');
  await signIn(two, shared.server.base, 'coordinator@demo.example.org', '/groups/kz-tip/settings');
  await noSeriousViolations(two, 'settings in Russian');
  await one.fill('#theme', 'Counter-trafficking');
  await one.fill('#bulletin_day', '31');
  await one.click('.activity-form button[type=submit]');
  assert.match(await one.locator('#err-bulletin_day').innerText(), /not a day from 1 to 28/);
  assert.equal(await one.inputValue('#theme'), 'Counter-trafficking');
  await one.fill('#bulletin_day', '5');
  await Promise.all([one.waitForURL(/saved=1/), one.click('.activity-form button[type=submit]')]);
  assert.equal(await one.inputValue('#theme'), 'Counter-trafficking');
  // The second tab still holds the old version.
  await two.fill('#name', 'Renamed meanwhile');
  const [r] = await Promise.all([two.waitForResponse((x) => x.request().method() === 'POST'), two.click('.activity-form button[type=submit]')]);
  assert.equal(r.status(), 409);
  assert.equal(await two.inputValue('#name'), 'Renamed meanwhile');
  await Promise.all([two.waitForURL(/saved=1/), two.click('.activity-form button[type=submit]')]);
  assert.equal(await two.inputValue('#name'), 'Renamed meanwhile');
  // Not for an editor.
  const c = await shared.browser.newContext({ locale: 'en-GB' });
  const editor = await c.newPage();
  await signIn(editor, shared.server.base, 'iom@demo.example.org', '/groups/kz-tip?month=2007-09');
  assert.equal(await editor.locator('.views a:has-text("Settings")').count(), 0);
  assert.equal((await editor.goto(`${shared.server.base}/groups/kz-tip/settings`)).status(), 403);
  await a.close();
  await b.close();
  await c.close();
});
