// Coverage and gaps in Chromium: a member reaches the page from the month, reads
// the gaps in words, finds a heat-map per pillar whose cells write their numbers,
// moves to another period with the form, and the page passes axe in every language.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { demoForTheseTests, noSeriousViolations, signIn } from './server.mjs';

const shared = demoForTheseTests();

test('a member reads the gaps and the heat-maps of 2007', async () => {
  const context = await shared.browser.newContext({ locale: 'en-GB' });
  const page = await context.newPage();
  await signIn(page, shared.server.base, 'undp@demo.example.org', '/groups/kz-tip?month=2007-09');
  await Promise.all([page.waitForURL(/\/gaps/), page.click('.views a:has-text("Coverage and gaps")')]);
  // The month links to this year's page; go to 2007 by the form.
  await page.fill('#g-from', '2007-01-01');
  await page.fill('#g-to', '2007-12-31');
  await Promise.all([page.waitForURL(/from=2007-01-01/), page.click('form.jump button')]);
  const gaps = await page.locator('ol.gaps li').allInnerTexts();
  assert.ok(gaps.some((g) => /^No activity at all in .+ in 2007\.$/.test(g)), gaps.join('\n'));
  assert.ok(gaps.some((g) => /^No \w+ activity for .+ expected here\)\.$/.test(g)), gaps.join('\n'));
  // Zhambyl region, border guards, prosecution: the Merke trainings, numbers written.
  const table = page.locator('#pillar-prosecution table').first();
  const row = table.locator('tr', { has: page.locator('th[scope=row]', { hasText: 'Zhambyl' }) });
  const headers = await table.locator('thead th').allInnerTexts();
  const col = headers.findIndex((h) => h.trim() === 'Border guards');
  assert.ok(col > 0, headers.join('|'));
  const cell = row.locator('td').nth(col - 1);
  assert.ok(Number((await cell.innerText()).split(/\s/)[0]) >= 2);
  assert.match(await cell.getAttribute('title'), /activities, \d+ organizations/);
  // A gap is marked by more than colour: the cell says so in words.
  const gap = page.locator('td.gap').first();
  assert.match(await gap.innerText(), /a gap/);
  // Years move with the links.
  await Promise.all([page.waitForURL(/year=2006/), page.click('a[rel=prev]')]);
  assert.match(await page.locator('h1').innerText(), /2006/);
  await context.close();
});

test('the gaps page passes axe in every language', async () => {
  for (const locale of ['en-GB', 'ru-RU', 'kk-KZ']) {
    const context = await shared.browser.newContext({ locale });
    const page = await context.newPage();
    await signIn(page, shared.server.base, 'coordinator@demo.example.org', '/groups/kz-tip/gaps?year=2007');
    assert.ok((await page.locator('.heatmap table').count()) > 0);
    await noSeriousViolations(page, `${locale} gaps`);
    await context.close();
  }
});
