// The activity form in Chromium: an error beside its field with everything typed
// kept, a save that lands in the grid, two people saving the same activity, and
// what a viewer cannot do.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { demoForTheseTests, noSeriousViolations, signIn } from './server.mjs';

const shared = demoForTheseTests();

const TITLE = 'Outreach to labour migrants at the Shymkent bus station';

test('an editor adds an activity: the error shows beside its field, the typing stays, the save lands in the grid', async () => {
  const context = await shared.browser.newContext({ locale: 'en-GB' });
  const page = await context.newPage();
  await signIn(page, shared.server.base, 'iom@demo.example.org', '/groups/kz-tip?month=2007-09');
  await Promise.all([page.waitForURL(/\/activities\/new/), page.click('text=Add an activity')]);
  await page.fill('#title-en', TITLE);
  await page.selectOption('#kind', 'community_outreach');
  await page.check('input[name=target_groups][value=labour_migrants]');
  await page.selectOption('#region-0', 'KZ-79');
  await page.fill('#place-0', 'Shymkent bus station');
  await page.check('input[name=when][value=range]');
  await page.fill('#range_start', '2007-09-20');
  await page.fill('#range_end', '2007-09-18');
  // The editor's own organization is already the lead.
  assert.match(await page.locator('#org-0 option:checked').innerText(), /^IOM/);
  const [refused] = await Promise.all([page.waitForResponse((r) => r.request().method() === 'POST'), page.click('.activity-form button[type=submit]')]);
  assert.equal(refused.status(), 422);
  const whenErrors = await page.locator('fieldset:has(#range_end) .field-error').allInnerTexts();
  assert.ok(whenErrors.some((e) => /ends before it starts/.test(e)), `${whenErrors}`);
  assert.equal(await page.inputValue('#title-en'), TITLE, 'the title typed is still there');
  assert.equal(await page.inputValue('#place-0'), 'Shymkent bus station');
  assert.ok(await page.isChecked('input[name=target_groups][value=labour_migrants]'));
  assert.equal(await page.inputValue('#range_end'), '2007-09-18');
  // Fixed and saved: the activity's page, then the month grid on its days.
  await page.fill('#range_end', '2007-09-22');
  await Promise.all([page.waitForURL(/\/activities\/[0-9a-f-]{36}$/), page.click('.activity-form button[type=submit]')]);
  assert.equal(await page.locator('h1').innerText(), TITLE);
  await page.goto(`${shared.server.base}/groups/kz-tip?month=2007-09`);
  const bar = page.locator('.month-grid .bar', { hasText: TITLE });
  assert.equal(await bar.count(), 1);
  // Thursday 20 to Saturday 22 September: columns 5 to 7 of a week that starts on Sunday.
  assert.match(await bar.getAttribute('class'), /\bcol-5\b.*\bspan-3\b/);
  await context.close();
});

test('two people save the same activity: the second sees what changed and loses nothing', async () => {
  const first = await shared.browser.newContext({ locale: 'en-GB' });
  const second = await shared.browser.newContext({ locale: 'en-GB' });
  const a = await first.newPage();
  const b = await second.newPage();
  await signIn(a, shared.server.base, 'coordinator@demo.example.org', '/groups/kz-tip?month=2007-09');
  await signIn(b, shared.server.base, 'iom@demo.example.org', '/groups/kz-tip?month=2007-09');
  // An IOM activity both may change.
  await a.locator('.agenda a', { hasText: 'Monthly NGO network call' }).click();
  const editPath = new URL(a.url()).pathname + '/edit';
  await a.goto(shared.server.base + editPath);
  await b.goto(shared.server.base + editPath);
  await a.fill('#participants', '111');
  await Promise.all([a.waitForURL(/\/activities\/[0-9a-f-]{36}$/), a.click('.activity-form button[type=submit]')]);
  const newTitle = 'Monthly NGO network call (new dial-in number)';
  await b.fill('#title-en', newTitle);
  const [conflict] = await Promise.all([b.waitForResponse((r) => r.request().method() === 'POST'), b.click('.activity-form button[type=submit]')]);
  assert.equal(conflict.status(), 409);
  const notice = await b.locator('.notice.conflict').innerText();
  assert.match(notice, /Expected participants/);
  assert.match(notice, /111/);
  assert.equal(await b.inputValue('#title-en'), newTitle, 'what the second person typed is kept');
  // Merge: take the other's number, save again.
  await b.fill('#participants', '111');
  await Promise.all([b.waitForURL(/\/activities\/[0-9a-f-]{36}$/), b.click('.activity-form button[type=submit]')]);
  assert.equal(await b.locator('h1').innerText(), newTitle);
  assert.match(await b.locator('.facts').innerText(), /111/);
  await first.close();
  await second.close();
});

test('a viewer sees no edit button, and a forged post is refused', async () => {
  const context = await shared.browser.newContext({ locale: 'en-GB' });
  const page = await context.newPage();
  await signIn(page, shared.server.base, 'guest@demo.example.org', '/groups/kz-tip?month=2007-09');
  assert.equal(await page.locator('text=Add an activity').count(), 0);
  await page.locator('.agenda a', { hasText: /Merke/ }).first().click();
  await page.waitForURL(/\/activities\//);
  assert.equal(await page.locator('.actions-bar').count(), 0, 'no Change or Delete');
  const path = new URL(page.url()).pathname;
  // A complete, valid form: only the access rules can refuse it.
  const form = {
    'title.en': 'Hijacked', kind: 'training', target_groups: 'border_guards', 'org.0': 'INL', 'role.0': 'lead',
    when: 'day', day: '2007-09-03', version: '1',
  };
  // Without the session's token: refused before anything is read.
  const forged = await page.request.post(shared.server.base + path, { form: { ...form, csrf: 'forged' } });
  assert.equal(forged.status(), 403);
  // With the viewer's own token: the access rules refuse it.
  const csrf = await page.locator('input[name=csrf]').first().inputValue();
  const own = await page.request.post(shared.server.base + path, { form: { ...form, csrf } });
  assert.equal(own.status(), 403);
  assert.equal((await page.request.get(shared.server.base + path + '/edit')).status(), 403);
  await page.reload();
  assert.match(await page.locator('h1').innerText(), /Merke/, 'nothing changed');
  await context.close();
});

test('the form, its errors and the delete question pass axe in every language', async () => {
  for (const locale of ['en-GB', 'ru-RU', 'kk-KZ']) {
    const context = await shared.browser.newContext({ locale });
    const page = await context.newPage();
    await signIn(page, shared.server.base, 'coordinator@demo.example.org', '/groups/kz-tip/activities/new');
    const check = (what) => noSeriousViolations(page, `${locale} ${what}`);
    await check('the empty form');
    await page.click('.activity-form button[type=submit]');
    await page.waitForSelector('.field-error');
    await check('the form with its errors');
    await page.goto(`${shared.server.base}/groups/kz-tip?month=2007-09`);
    await page.locator('.agenda a').first().click();
    await page.waitForURL(/\/activities\//);
    const path = new URL(page.url()).pathname;
    await page.goto(`${shared.server.base}${path}/edit`);
    await check('the edit form');
    await page.goto(`${shared.server.base}${path}/delete`);
    await check('the delete question');
    await context.close();
  }
});

test('deleting asks first, then the activity is gone from the month', async () => {
  const context = await shared.browser.newContext({ locale: 'en-GB' });
  const page = await context.newPage();
  await signIn(page, shared.server.base, 'coordinator@demo.example.org', '/groups/kz-tip?month=2007-09');
  const link = page.locator('.agenda a', { hasText: 'Regional conference' });
  const title = await link.innerText();
  await link.click();
  await page.waitForURL(/\/activities\//);
  await Promise.all([page.waitForURL(/\/delete$/), page.click('.actions-bar a:has-text("Delete")')]);
  assert.match(await page.locator('main').innerText(), new RegExp(title));
  await Promise.all([page.waitForURL(/month=2007-09/), page.click('button.danger')]);
  assert.equal(await page.locator('.agenda a', { hasText: 'Regional conference' }).count(), 0);
  await context.close();
});

test('cancelling is one click with a reason, and the month shows it cancelled', async () => {
  const context = await shared.browser.newContext({ locale: 'en-GB' });
  const page = await context.newPage();
  await signIn(page, shared.server.base, 'coordinator@demo.example.org', '/groups/kz-tip?month=2007-09');
  await page.locator('.agenda a', { hasText: 'Joint anti-trafficking training' }).click();
  await page.waitForURL(/\/activities\//);
  await page.fill('#cancel-reason', 'The trainers could not travel');
  await Promise.all([page.waitForURL(/\/activities\/[0-9a-f-]{36}$/), page.click('.cancel-form button')]);
  assert.match(await page.locator('main p').filter({ hasText: 'Cancelled' }).first().innerText(), /Cancelled \(The trainers could not travel\)/);
  assert.equal(await page.locator('.cancel-form').count(), 0, 'no second cancel');
  await page.goto(`${shared.server.base}/groups/kz-tip?month=2007-09`);
  const bar = page.locator('.month-grid .bar', { hasText: 'Joint anti-trafficking training' });
  assert.match(await bar.getAttribute('class'), /status-cancelled/);
  await context.close();
});
