// First run on an empty database: the link `serve` prints creates the admin and
// the first group in the browser, signs in, and then stops working.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import AxeBuilder from '@axe-core/playwright';
import { startServer, startBrowser } from './server.mjs';

test('the setup link creates the admin and a group, and works once', async () => {
  const server = await startServer({ demo: false });
  const browser = await startBrowser();
  try {
    assert.ok(server.setup, 'serve printed a setup link');
    assert.ok(server.setup.startsWith(`${server.base}/setup/`), server.setup);
    const context = await browser.newContext({ locale: 'en-GB' });
    const page = await context.newPage();
    await page.goto(server.setup);
    assert.equal(await page.locator('h1').innerText(), 'Set up jointcal');
    const axe = await new AxeBuilder({ page }).analyze();
    assert.deepEqual(axe.violations.filter((v) => ['serious', 'critical'].includes(v.impact)).map((v) => v.id), []);
    // A mistake first: the passwords differ; the rest stays typed.
    await page.fill('#email', 'admin@example.org');
    await page.fill('#display_name', 'Aigerim Sadykova');
    await page.fill('#password', 'a long enough password');
    await page.fill('#password_again', 'another long password');
    await page.fill('#group_name', 'Kazakhstan anti-trafficking donor coordination');
    await page.fill('#slug', 'kz-tip');
    await page.click('.activity-form button[type=submit]');
    await page.waitForSelector('.field-error');
    assert.match(await page.locator('#err-password_again').innerText(), /not the same password/);
    assert.equal(await page.inputValue('#email'), 'admin@example.org');
    assert.equal(await page.inputValue('#slug'), 'kz-tip');
    await page.fill('#password', 'a long enough password');
    await page.fill('#password_again', 'a long enough password');
    await Promise.all([page.waitForURL(/\/groups\/kz-tip/), page.click('.activity-form button[type=submit]')]);
    assert.equal(await page.locator('h1').innerText(), 'Kazakhstan anti-trafficking donor coordination');
    assert.match(await page.locator('.topbar').innerText(), /Signed in as Aigerim Sadykova/);
    assert.equal(await page.locator('text=Add an activity').count(), 1, 'the admin coordinates the group');
    // The link is spent.
    const again = await page.goto(server.setup);
    assert.equal(again.status(), 404);
    await context.close();
  } finally {
    await browser.close();
    server.stop();
  }
});
