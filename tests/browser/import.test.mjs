// Import and export in Chromium: a coordinator uploads the illustrative 3W sheet of
// ../shared/data, sees the preview (32 new, nothing written yet), confirms, and sees
// the result; the same file again changes nothing; a sheet with a bad row lists it
// with its line and reason, and the good rows can be imported alone; the export links
// download IATI XML; the page passes axe in every language.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { demoForTheseTests, noSeriousViolations, signIn } from './server.mjs';

const shared = demoForTheseTests();
const here = dirname(fileURLToPath(import.meta.url));
const SHEET = join(here, '..', '..', '..', 'shared', 'data', '3w', 'kz-tip-2024-illustrative-hxl.csv');

async function submit(page, selector) {
  await Promise.all([page.waitForNavigation(), page.click(selector)]);
}

function count(page, label) {
  return page.locator('table.import-counts tr', { hasText: label }).locator('td').innerText();
}

test('a coordinator previews, confirms and re-imports the 3W sheet', async () => {
  const context = await shared.browser.newContext({ locale: 'en-GB' });
  const page = await context.newPage();
  await signIn(page, shared.server.base, 'coordinator@demo.example.org', '/groups/kz-tip?month=2024-03');
  await Promise.all([page.waitForURL(/\/groups\/kz-tip\/import$/), page.click('.views a:has-text("Import / export")')]);
  await page.setInputFiles('#imp-file', SHEET);
  await submit(page, 'button:has-text("Check the file")');
  assert.match(await page.locator('#report').innerText(), /What the import would do/);
  assert.equal(await count(page, 'New'), '32');
  assert.equal(await count(page, 'Refused'), '0');
  // Nothing is written before the confirmation.
  const before = await page.request.get(`${shared.server.base}/api/v1/groups/kz-tip/activities?q=KZ24-06`);
  assert.equal((await before.json()).items.length, 0);
  await submit(page, 'button:text-is("Import")');
  assert.match(await page.locator('#report').innerText(), /What the import did/);
  assert.equal(await count(page, 'New'), '32');
  const after = await page.request.get(`${shared.server.base}/api/v1/groups/kz-tip/activities?q=KZ24-06`);
  assert.equal((await after.json()).items.length, 1);

  await page.setInputFiles('#imp-file', SHEET);
  await submit(page, 'button:has-text("Check the file")');
  assert.equal(await count(page, 'Unchanged'), '32');
  assert.match(await page.locator('main').innerText(), /Nothing would change/);

  const dir = mkdtempSync(join(tmpdir(), 'jc-import-'));
  const bad = join(dir, 'bad.csv');
  writeFileSync(bad, '#activity+code,#activity,#org+impl,#date+start\nB-1,Good row,IOM,2024-05-02\nB-2,Bad row,IOM,2024-02-30\n');
  await page.setInputFiles('#imp-file', bad);
  await submit(page, 'button:has-text("Check the file")');
  assert.equal(await count(page, 'Refused'), '1');
  const refused = await page.locator('table.import-lines tr.failed').innerText();
  assert.match(refused, /bad\.csv:3/);
  assert.match(refused, /2024-02-30.*not a day of the calendar/);
  await submit(page, 'button:has-text("Import the good records")');
  assert.equal(await count(page, 'New'), '1');
  assert.match(await page.locator('#report').innerText(), /What the import did/);

  const [download] = await Promise.all([page.waitForEvent('download'), page.click('a:has-text("IATI 2.03 XML")')]);
  assert.equal(download.suggestedFilename(), 'kz-tip-activities.xml');
  await context.close();
});

test('the import page passes axe in every language', async () => {
  for (const locale of ['en-GB', 'ru-RU', 'kk-KZ']) {
    const context = await shared.browser.newContext({ locale });
    const page = await context.newPage();
    await signIn(page, shared.server.base, 'coordinator@demo.example.org', '/groups/kz-tip/import');
    await noSeriousViolations(page, `${locale} import`);
    await page.setInputFiles('#imp-file', SHEET);
    await submit(page, '#upload + p + form button[type=submit]');
    await page.waitForSelector('table.import-lines');
    await noSeriousViolations(page, `${locale} import preview`);
    await context.close();
  }
});
