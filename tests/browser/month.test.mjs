// The month page in Chromium: the grid, the filters in the address, Russian, and
// Kazakh, axe-core on every page there is (every language).
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

const MERKE = /Border Guard|пограничн/i;

test('the filter "border guards" shows the two Merke trainings, and the address keeps it', async () => {
  const context = await browser.newContext({ locale: 'en-GB' });
  const page = await context.newPage();
  await signIn(page, server.base, 'guest@demo.example.org', '/groups/kz-tip?month=2007-09');
  await page.selectOption('#f-target_group', 'border_guards');
  await Promise.all([page.waitForURL(/target_group=border_guards/), page.click('form.filters button[type=submit]')]);
  const url = page.url();
  assert.match(url, /month=2007-09/);
  const rows = page.locator('.agenda tbody tr:not(.week-head)');
  assert.equal(await rows.count(), 2, await page.locator('.agenda').innerText());
  for (const text of await rows.allInnerTexts()) {
    assert.match(text, /Border guards/);
    assert.match(text, /Merke/);
  }
  // The two trainings as bars in the grid: 3–7 and 17–21 September, five days each.
  const bars = page.locator('.month-grid .bar');
  assert.equal(await bars.count(), 2);
  for (const cls of await bars.evaluateAll((els) => els.map((e) => e.className))) {
    assert.match(cls, /span-5/);
  }
  // The same view after a reload of the address.
  await page.goto(url);
  assert.equal(await page.locator('#f-target_group').inputValue(), 'border_guards');
  assert.equal(await rows.count(), 2);
  await context.close();
});

test('the Russian interface: labels, month and weekday names, Monday first', async () => {
  const context = await browser.newContext({ locale: 'ru-RU' });
  const page = await context.newPage();
  await page.goto(`${server.base}/groups/kz-tip?month=2007-09`);
  assert.equal(await page.locator('html').getAttribute('lang'), 'ru');
  assert.equal(await page.locator('.views strong').last().innerText(), 'Сентябрь 2007');
  const weekdays = await page.locator('.weekdays div').allInnerTexts();
  assert.deepEqual(weekdays, ['пн', 'вт', 'ср', 'чт', 'пт', 'сб', 'вс']);
  assert.equal(await page.locator('label[for=f-target_group]').innerText(), 'Целевая группа');
  // The language switch keeps the address and changes the language.
  await page.click('.lang-switch a[lang=en]');
  assert.equal(await page.locator('.views strong').last().innerText(), 'September 2007');
  assert.match(page.url(), /month=2007-09/);
  // The choice is remembered: the next visit without ?lang= is English although
  // the browser asks for Russian.
  await page.goto(`${server.base}/groups/kz-tip?month=2007-10`);
  assert.equal(await page.locator('html').getAttribute('lang'), 'en');
  assert.equal(await page.locator('.views strong').last().innerText(), 'October 2007');
  await context.close();
});

test('the Kazakh interface, and the language a signed-in person picks follows them', async () => {
  const context = await browser.newContext({ locale: 'kk-KZ' });
  const page = await context.newPage();
  await page.goto(`${server.base}/groups/kz-tip?month=2007-09`);
  assert.equal(await page.locator('html').getAttribute('lang'), 'kk');
  assert.equal(await page.locator('.views strong').last().innerText(), 'Қыркүйек 2007');
  assert.deepEqual(await page.locator('.weekdays div').allInnerTexts(), ['дс', 'сс', 'ср', 'бс', 'жм', 'сб', 'жс']);
  await context.close();
  // Signed in with an English browser, the person picks Russian ...
  const one = await browser.newContext({ locale: 'en-GB' });
  const first = await one.newPage();
  await signIn(first, server.base, 'iom@demo.example.org', '/groups/kz-tip?month=2007-09');
  await first.click('.lang-switch a[lang=ru]');
  assert.equal(await first.locator('.views strong').last().innerText(), 'Сентябрь 2007');
  await one.close();
  // ... and another English browser shows Russian after signing in.
  const two = await browser.newContext({ locale: 'en-GB' });
  const second = await two.newPage();
  await signIn(second, server.base, 'iom@demo.example.org', '/groups/kz-tip?month=2007-09');
  assert.equal(await second.locator('html').getAttribute('lang'), 'ru');
  await two.close();
});

test('the grid draws a multi-day activity across its days in the colour of its lead', async () => {
  // A Russian browser (not ?lang=ru, which would become the coordinator's language for the other tests).
  const context = await browser.newContext({ locale: 'ru-RU' });
  const page = await context.newPage();
  await signIn(page, server.base, 'coordinator@demo.example.org', '/groups/kz-tip?month=2007-09');
  const merke = page.locator('.month-grid .bar', { hasText: MERKE }).first();
  await merke.waitFor();
  const box = await merke.boundingBox();
  const week = await merke.locator('xpath=ancestor::section[1]').boundingBox();
  assert.ok(box.width > week.width * 0.6, `a five-day bar spans most of the week: ${box.width} of ${week.width}`);
  // Monday 3 September is the first column of a Russian week.
  assert.match(await merke.getAttribute('class'), /\bcol-1\b.*\bspan-5\b/);
  // Its colour is its lead organization's in the legend.
  const lead = (await merke.innerText()).split(':')[0];
  const background = (el) => el.evaluate((e) => getComputedStyle(e).backgroundColor);
  const swatch = page.locator('.legend li', { has: page.locator('a', { hasText: new RegExp(`^${lead}$`) }) }).locator('.swatch');
  assert.equal(await background(merke), await background(swatch), `${lead}'s colour`);
  const others = await page.locator('.legend .swatch').evaluateAll((els) => els.map((e) => getComputedStyle(e).backgroundColor));
  assert.equal(new Set(others).size, others.length, `each organization its own colour: ${others}`);
  await context.close();
});

test('a bar opens its activity: every field, and the history for coordinators only', async () => {
  for (const [email, history] of [['coordinator@demo.example.org', true], ['guest@demo.example.org', false]]) {
    const context = await browser.newContext({ locale: 'en-GB' });
    const page = await context.newPage();
    await signIn(page, server.base, email, '/groups/kz-tip?month=2007-09');
    await Promise.all([page.waitForURL(/\/activities\//), page.locator('.month-grid .bar', { hasText: /Merke/ }).first().click()]);
    assert.match(await page.locator('h1').innerText(), /Border Guards at Merke/);
    const facts = await page.locator('.facts').innerText();
    for (const text of ['Training', 'Border guards', 'Merke railway station', '(lead)']) {
      assert.ok(facts.includes(text), `${text} in ${facts}`);
    }
    assert.equal(await page.locator('h2', { hasText: 'History' }).count(), history ? 1 : 0, email);
    if (history) assert.match(await page.locator('tbody').last().innerText(), /created/);
    activityPath = new URL(page.url()).pathname;
    await context.close();
  }
});

let activityPath = '/groups/kz-tip';

test('the page of an organization: its activities in the group, and its people for coordinators', async () => {
  const context = await browser.newContext({ locale: 'en-GB' });
  const page = await context.newPage();
  await signIn(page, server.base, 'coordinator@demo.example.org', '/groups/kz-tip?month=2007-09');
  await Promise.all([page.waitForURL(/\/orgs\/IOM/), page.click('.legend a:has-text("IOM")')]);
  assert.match(await page.locator('h1').innerText(), /International Organization for Migration \(IOM\)/);
  const text = await page.locator('main').innerText();
  assert.match(text, /Shelter for victims of trafficking/);
  assert.match(text, /IOM focal point/, 'its people, for a coordinator');
  await context.close();
  const anonymous = await browser.newContext({ locale: 'en-GB' });
  const other = await anonymous.newPage();
  await other.goto(`${server.base}/groups/kz-tip/orgs/IOM`);
  assert.doesNotMatch(await other.locator('main').innerText(), /IOM focal point/);
  assert.equal((await other.goto(`${server.base}/groups/kz-tip/orgs/NOBODY`)).status(), 404);
  await anonymous.close();
});

test('the timeline: a row per organization, and where two meet on audience, region and time', async () => {
  const context = await browser.newContext({ locale: 'en-GB' });
  const page = await context.newPage();
  await signIn(page, server.base, 'coordinator@demo.example.org', '/groups/kz-tip?month=2007-09');
  await Promise.all([page.waitForURL(/\/timeline/), page.click('text=Quarter')]);
  assert.match(await page.locator('.views strong').last().innerText(), /July 2007 – September 2007/);
  const rows = await page.locator('.timeline .row-label').allTextContents();
  for (const org of ['INL', 'IOM', 'UNDP']) assert.ok(rows.some((r) => r.includes(org)), `${org} in ${rows}`);
  assert.ok((await page.locator('.timeline .tl-bar').count()) >= 5);
  assert.ok((await page.locator('.timeline .tl-bar.meets').count()) >= 2);
  const meetings = await page.locator('.meetings').innerText();
  assert.match(meetings, /Labour Migration Program/);
  // The filters work here too: border guards leave INL and UNDP only, no meeting.
  await page.selectOption('#f-target_group', 'border_guards');
  await Promise.all([page.waitForURL(/target_group=border_guards/), page.click('form.filters button[type=submit]')]);
  assert.match(page.url(), /span=quarter/);
  const filtered = (await page.locator('.timeline .row-label').allTextContents()).sort();
  assert.equal(filtered.length, 2, `${filtered}`);
  assert.ok(filtered[0].endsWith('INL') && filtered[1].endsWith('UNDP'), `${filtered}`);
  assert.equal(await page.locator('.meetings').count(), 0);
  // A bar is a link to its activity.
  await Promise.all([page.waitForURL(/\/activities\//), page.locator('.timeline a').first().click()]);
  await context.close();
});

test('no serious or critical accessibility violation on any page, in every language', async () => {
  const pages = ['/groups/kz-tip?month=2007-09', '/login', '/groups/no-such-group', activityPath, '/groups/kz-tip/timeline?from=2007-07', '/groups/kz-tip/timeline?from=2007-01&span=year', '/groups/kz-tip/orgs/IOM'];
  for (const locale of ['en-GB', 'ru-RU', 'kk-KZ']) {
    for (const signedIn of [false, true]) {
      const context = await browser.newContext({ locale });
      const page = await context.newPage();
      if (signedIn) await signIn(page, server.base, 'coordinator@demo.example.org');
      for (const path of pages) {
        await page.goto(`${server.base}${path}`);
        const result = await new AxeBuilder({ page }).analyze();
        assert.ok(result.passes.length > 10, `axe ran on ${path}`);
        const bad = result.violations.filter((v) => ['serious', 'critical'].includes(v.impact));
        assert.deepEqual(
          bad.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join('; ')})`),
          [],
          `${locale} ${signedIn ? 'signed in' : 'anonymous'} ${path}`,
        );
      }
      await context.close();
    }
  }
});

// `SCREENSHOTS=docs/screenshots npm test` refreshes the pictures in the README.
test('screenshots for the README', { skip: !process.env.SCREENSHOTS }, async () => {
  const dir = process.env.SCREENSHOTS;
  for (const [locale, name, width, path] of [
    ['en-GB', 'month-en', 1400, '/groups/kz-tip?month=2007-09'],
    ['ru-RU', 'month-ru', 1400, '/groups/kz-tip?month=2007-09'],
    ['ru-RU', 'month-phone', 380, '/groups/kz-tip?month=2007-09'],
    ['en-GB', 'timeline-en', 1400, '/groups/kz-tip/timeline?from=2007-07'],
  ]) {
    const context = await browser.newContext({ locale, viewport: { width, height: 900 } });
    const page = await context.newPage();
    await signIn(page, server.base, 'coordinator@demo.example.org', path);
    await page.screenshot({ path: `${dir}/${name}.png`, fullPage: true });
    await context.close();
  }
});
