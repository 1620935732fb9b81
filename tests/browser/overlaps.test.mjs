// Overlaps in Chromium: the coordinator finds the two Merke trainings at the top
// with their reasons, dismisses the pair with a note, and finds it under
// "Dismissed"; an editor sees the flags on its organization's activities but no
// form; the page passes axe in every language.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { demoForTheseTests, noSeriousViolations, signIn } from './server.mjs';

const shared = demoForTheseTests();

test('the coordinator resolves the Merke overlap from the overlaps page', async () => {
  const context = await shared.browser.newContext({ locale: 'en-GB' });
  const page = await context.newPage();
  await signIn(page, shared.server.base, 'coordinator@demo.example.org', '/groups/kz-tip?month=2007-09');
  await Promise.all([page.waitForURL(/\/overlaps/), page.click('.views a:has-text("Overlaps")')]);
  const first = page.locator('section.flag').first();
  const text = await first.innerText();
  assert.match(text, /Merke/);
  assert.match(text, /same target group \(Border guards\)/);
  assert.match(text, /days apart/);
  const id = await first.getAttribute('id');
  await first.locator('select[name=resolution]').selectOption('dismissed');
  await first.locator('input[name=note]').fill('two different groups of trainees');
  await Promise.all([page.waitForURL(/\/overlaps/), first.locator('button[type=submit]').click()]);
  assert.equal(await page.locator(`#${id}`).count(), 0, 'gone from the open flags');
  await Promise.all([page.waitForURL(/resolution=dismissed/), page.click('.views a:has-text("Dismissed")')]);
  const kept = page.locator(`#${id}`);
  assert.match(await kept.innerText(), /two different groups of trainees/);
  await context.close();
});

test('an editor sees the flags of its organization and no form', async () => {
  const context = await shared.browser.newContext({ locale: 'en-GB' });
  const page = await context.newPage();
  await signIn(page, shared.server.base, 'undp@demo.example.org', '/groups/kz-tip/overlaps?resolution=all');
  const sections = page.locator('section.flag');
  assert.ok((await sections.count()) > 0);
  for (const t of await sections.allInnerTexts()) assert.match(t, /UNDP/);
  assert.equal(await page.locator('section.flag form').count(), 0);
  await context.close();
});

test('the overlaps page passes axe in every language', async () => {
  for (const locale of ['en-GB', 'ru-RU', 'kk-KZ']) {
    const context = await shared.browser.newContext({ locale });
    const page = await context.newPage();
    await signIn(page, shared.server.base, 'coordinator@demo.example.org', '/groups/kz-tip/overlaps?resolution=all');
    assert.ok((await page.locator('section.flag').count()) > 0);
    await noSeriousViolations(page, `${locale} overlaps`);
    await context.close();
  }
});
