// The monthly bulletin's page in Chromium: a member reaches it from the month, reads
// the preview, moves between months, finds the PDF; a coordinator puts an address on
// the distribution list; the page passes axe in every language.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { demoForTheseTests, noSeriousViolations, signIn } from './server.mjs';

const shared = demoForTheseTests();

test('a member previews the bulletin of September 2007 and its PDF', async () => {
  const context = await shared.browser.newContext({ locale: 'en-GB' });
  const page = await context.newPage();
  await signIn(page, shared.server.base, 'undp@demo.example.org', '/groups/kz-tip?month=2007-09');
  await Promise.all([page.waitForURL(/\/bulletin\?month=2007-09/), page.click('.views a:has-text("Monthly bulletin")')]);
  assert.match(await page.locator('h1').innerText(), /Monthly bulletin\s+September 2007/);
  const preview = await page.locator('article.bulletin-preview').innerText();
  assert.match(preview, /Fraudulent document training for Border Guards at Merke railway station/);
  assert.match(preview, /Possible overlaps to look at/);
  // A member does not keep the list nor send.
  assert.equal(await page.locator('#recipients').count(), 0);
  assert.equal(await page.locator('button:has-text("Send this edition now")').count(), 0);
  // The PDF link answers with a PDF.
  const href = await page.locator('a:has-text("PDF")').getAttribute('href');
  const r = await page.request.get(new URL(href, shared.server.base).toString());
  assert.equal(r.status(), 200);
  assert.equal(r.headers()['content-type'], 'application/pdf');
  assert.equal((await r.body()).subarray(0, 5).toString(), '%PDF-');
  await Promise.all([page.waitForURL(/month=2007-10/), page.click('a[rel=next]')]);
  assert.match(await page.locator('h1').innerText(), /October 2007/);
  await context.close();
});

test('a coordinator keeps the distribution list', async () => {
  const context = await shared.browser.newContext({ locale: 'en-GB' });
  const page = await context.newPage();
  await signIn(page, shared.server.base, 'coordinator@demo.example.org', '/groups/kz-tip/bulletin?month=2007-09');
  assert.match(await page.locator('[role=status]').innerText(), /Not sent yet/);
  await page.fill('#list-email', 'press@example.org');
  await page.fill('#list-name', 'Press Office');
  await Promise.all([page.waitForURL(/#recipients/), page.click('button:has-text("Add to the distribution list")')]);
  const row = page.locator('#recipients + p + table tr', { hasText: 'press@example.org' });
  assert.match(await row.innerText(), /distribution list/);
  await Promise.all([page.waitForURL(/#recipients/), row.locator('button:has-text("Remove")').click()]);
  assert.equal(await page.locator('#recipients + p + table tr', { hasText: 'press@example.org' }).count(), 0);
  await context.close();
});

test('the bulletin page passes axe in every language', async () => {
  for (const locale of ['en-GB', 'ru-RU', 'kk-KZ']) {
    const context = await shared.browser.newContext({ locale });
    const page = await context.newPage();
    await signIn(page, shared.server.base, 'coordinator@demo.example.org', '/groups/kz-tip/bulletin?month=2007-09');
    assert.ok((await page.locator('article.bulletin-preview li').count()) > 5);
    await noSeriousViolations(page, `${locale} bulletin`);
    await context.close();
  }
});
