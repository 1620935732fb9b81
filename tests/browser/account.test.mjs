// One's own account in Chromium: two-factor sign-in turned on with a QR code and
// the app's code (a wrong code changes nothing), then required at sign-in; API
// tokens shown once and revoked.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { demoForTheseTests, noSeriousViolations, signIn, PASSWORD } from './server.mjs';

const shared = demoForTheseTests();

/** RFC 6238 code (SHA-1, 6 digits, 30 s) of a base32 secret: what an authenticator app shows. */
function totp(secret, at = Date.now()) {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  let bits = '';
  for (const c of secret.replace(/=+$/, '')) bits += alphabet.indexOf(c).toString(2).padStart(5, '0');
  const key = Buffer.from(bits.match(/.{8}/g).map((b) => parseInt(b, 2)));
  const counter = Buffer.alloc(8);
  counter.writeBigUInt64BE(BigInt(Math.floor(at / 1000 / 30)));
  const h = createHmac('sha1', key).update(counter).digest();
  const o = h[h.length - 1] & 15;
  return String((h.readUInt32BE(o) & 0x7fffffff) % 1000000).padStart(6, '0');
}


test('two-factor sign-in: a QR code, the code of the app, then asked at every sign-in', async () => {
  const context = await shared.browser.newContext({ locale: 'en-GB' });
  const page = await context.newPage();
  await signIn(page, shared.server.base, 'undp@demo.example.org', '/groups/kz-tip');
  await Promise.all([page.waitForURL(/\/account$/), page.click('.topbar a:has-text("Your account")')]);
  await noSeriousViolations(page, 'account');
  await Promise.all([page.waitForURL(/two-factor/), page.click('a:has-text("Turn on")')]);
  assert.equal(await page.locator('figure.qr svg').count(), 1, 'the QR code is drawn');
  await noSeriousViolations(page, 'two-factor enrolment');
  const secret = await page.inputValue('input[name=secret]');
  await page.fill('#code', '000000' === totp(secret) ? '111111' : '000000');
  await page.click('form button[type=submit].primary');
  assert.match(await page.locator('#err-code').innerText(), /not the one your app shows/);
  await page.fill('#code', totp(secret));
  await Promise.all([page.waitForURL(/\/account$/), page.click('form button[type=submit].primary')]);
  assert.match(await page.locator('main').innerText(), /On: you sign in with your password and a code/);
  await context.close();
  // Signing in now asks for the code.
  const fresh = await shared.browser.newContext({ locale: 'en-GB' });
  const again = await fresh.newPage();
  await again.goto(`${shared.server.base}/login`);
  await again.fill('#email', 'undp@demo.example.org');
  await again.fill('#password', PASSWORD);
  await again.click('button[type=submit]');
  await again.waitForSelector('#code');
  await again.fill('#password', PASSWORD);
  await again.fill('#code', totp(secret, Date.now() + 30000));
  await Promise.all([again.waitForURL((u) => !u.pathname.startsWith('/login')), again.click('button[type=submit]')]);
  assert.match(await again.locator('.topbar').innerText(), /UNDP focal point/);
  await fresh.close();
});

test('an API token is shown once, works, and stops working when revoked', async () => {
  const context = await shared.browser.newContext({ locale: 'en-GB' });
  const page = await context.newPage();
  await signIn(page, shared.server.base, 'iom@demo.example.org', '/account');
  await page.fill('#token-name', 'reporting script');
  await page.click('form:has(#token-name) button');
  const token = await page.inputValue('#new-token');
  assert.match(token, /^jct_/);
  const me = await fetch(`${shared.server.base}/api/v1/me`, { headers: { authorization: `Bearer ${token}` } });
  assert.equal(me.status, 200);
  await page.goto(`${shared.server.base}/account`);
  assert.equal(await page.locator('#new-token').count(), 0, 'shown once');
  await Promise.all([page.waitForURL(/\/account$/), page.click('button[aria-label="Revoke: reporting script"]')]);
  assert.match(await page.locator('tbody').innerText(), /revoked/);
  const after = await fetch(`${shared.server.base}/api/v1/me`, { headers: { authorization: `Bearer ${token}` } });
  assert.equal(after.status, 401);
  await context.close();
});
