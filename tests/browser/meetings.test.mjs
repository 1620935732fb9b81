// Coordination meetings in Chromium: a coordinator schedules a meeting from the
// meetings page, drafts its agenda from the calendar (the Merke Border Guard overlap
// and UNICEF's open action item are on it), writes the minutes, circulates and
// approves them (Markdown shown rendered), assigns an action item, records who came
// and publishes the meeting; UNDP's focal point marks the item done; someone not
// signed in reads the published meeting but not its register; the pages pass axe in
// every language.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { demoForTheseTests, noSeriousViolations, signIn } from './server.mjs';

const shared = demoForTheseTests();
let meetingPath;

// Posts a form by its button and waits for the page it leads to (often the same
// address again, so waiting for the address would not wait at all).
async function submit(page, target) {
  const button = typeof target === 'string' ? page.locator(target) : target;
  await Promise.all([page.waitForNavigation(), button.click()]);
}

test('a coordinator runs a meeting from agenda to approved minutes', async () => {
  const context = await shared.browser.newContext({ locale: 'en-GB' });
  const page = await context.newPage();
  await signIn(page, shared.server.base, 'coordinator@demo.example.org', '/groups/kz-tip?month=2007-08');
  await Promise.all([page.waitForURL(/\/groups\/kz-tip\/meetings$/), page.click('.views a:has-text("Meetings")')]);
  assert.match(await page.locator('table').first().innerText(), /Inaugural TIP donor coordination meeting/);
  await page.fill('#m-title', 'Extra donor meeting');
  await page.fill('#m-start', '2007-08-28T10:00');
  await page.selectOption('#m-host', 'INL');
  await page.fill('#m-place', 'U.S. Embassy, Astana');
  await page.selectOption('#m-visibility', 'public');
  await Promise.all([page.waitForURL(/\/meetings\/[0-9a-f-]{36}$/), page.click('button:has-text("Schedule a meeting")')]);
  meetingPath = new URL(page.url()).pathname;
  assert.match(await page.locator('h1').innerText(), /Extra donor meeting/);

  await submit(page, 'button:has-text("Draft the agenda from the calendar")');
  const agenda = await page.locator('ol.agenda').innerText();
  assert.match(agenda, /Possible overlap/);
  assert.match(agenda, /Merke/);
  assert.match(agenda, /Action item: Share the full results of the child trafficking assessment/);
  assert.match(agenda, /10:00–10:05 Opening and adoption of the agenda/);

  // Edited by hand: a new second item for UNDP, and the last item taken off.
  await page.click('#edit-agenda summary');
  await page.fill('input[name=title-new]', 'UNDP: who does what at Merke');
  await page.selectOption('select[name=owner-new]', 'UNDP');
  await page.fill('input[name=position-new]', '1.5');
  const items = await page.locator('ol.agenda > li').count();
  await page.locator(`input[name=remove-${items - 1}]`).check();
  await submit(page, 'button:has-text("Save the agenda")');
  assert.equal(await page.locator('ol.agenda > li').count(), items);
  assert.match(await page.locator('ol.agenda > li').nth(1).innerText(), /10:05–10:15 UNDP: who does what at Merke \(UNDP\)/);

  await page.fill('#min-summary', 'Chaired by INL.');
  await page.locator('textarea[name^="item-"]').first().fill('UNDP and INL agreed **one joint training** at Merke.');
  await page.fill('#min-decisions', 'One joint Border Guard training at Merke');
  await submit(page, 'button:has-text("Save and circulate")');
  assert.match(await page.locator('#minutes + p').innerText(), /Circulated/);
  await submit(page, 'button:has-text("Approve the minutes")');
  assert.match(await page.locator('#minutes + p').innerText(), /Approved/);
  assert.match(await page.locator('main').innerText(), /One joint Border Guard training at Merke/);
  assert.equal(await page.locator('ol.agenda .minutes strong').first().innerText(), 'one joint training');

  // The register: UNDP's focal point came; a guest from OSCE came too.
  await page.locator('select[aria-label^="Came: "]').first().waitFor();
  await page.locator('#register + form tbody tr', { hasText: 'UNDP' }).first().locator('select').selectOption('yes');
  await page.fill('#guest-name', 'Aigerim Sadykova');
  await page.selectOption('#guest-org', 'OSCE');
  await submit(page, 'button:has-text("Save the register")');
  assert.match(await page.locator('#register + form tr', { hasText: 'Aigerim Sadykova' }).innerText(), /OSCE/);

  await submit(page, 'button:has-text("Publish")');
  assert.match(await page.locator('main').innerText(), /Published: people outside the group see this meeting/);

  await page.fill('#act-what', 'Draft the joint Merke training plan');
  await page.selectOption('#act-owner', 'UNDP');
  await page.fill('#act-due', '2007-09-10');
  await submit(page, 'button:has-text("Assign the action item")');
  assert.match(await page.locator('#actions + table').innerText(), /Draft the joint Merke training plan/);
  await context.close();
});

test("the owner's focal point marks the action item done and answers the invitation", async () => {
  assert.ok(meetingPath, 'the meeting of the first test');
  const context = await shared.browser.newContext({ locale: 'en-GB' });
  const page = await context.newPage();
  await signIn(page, shared.server.base, 'undp@demo.example.org', meetingPath);
  const row = page.locator('#actions + table tr', { hasText: 'Draft the joint Merke training plan' });
  await submit(page, row.locator('button:has-text("Mark done")'));
  assert.match(await page.locator('#actions + table tr', { hasText: 'Draft the joint Merke training plan' }).innerText(), /Done/);
  await submit(page, 'button[value=attending]');
  assert.equal(await page.locator('button[value=attending]').getAttribute('aria-pressed'), 'true');
  // A viewer sees the approved minutes but no button to close others' items.
  const viewer = await shared.browser.newContext({ locale: 'en-GB' });
  const vpage = await viewer.newPage();
  await signIn(vpage, shared.server.base, 'guest@demo.example.org', meetingPath);
  assert.match(await vpage.locator('main').innerText(), /UNDP and INL agreed one joint training at Merke/);
  assert.equal(await vpage.locator('button:has-text("Mark done")').count(), 0);
  await viewer.close();
  // Not signed in: the published meeting with its approved minutes, not the register.
  const outside = await shared.browser.newContext({ locale: 'en-GB' });
  const opage = await outside.newPage();
  const response = await opage.goto(shared.server.base + meetingPath);
  assert.equal(response.status(), 200);
  const text = await opage.locator('main').innerText();
  assert.match(text, /One joint Border Guard training at Merke/);
  assert.doesNotMatch(text, /Aigerim Sadykova|Draft the joint Merke training plan|Will you come/);
  await outside.close();
  await context.close();
});

test('the meeting pages pass axe in every language', async () => {
  for (const locale of ['en-GB', 'ru-RU', 'kk-KZ']) {
    const context = await shared.browser.newContext({ locale });
    const page = await context.newPage();
    await signIn(page, shared.server.base, 'coordinator@demo.example.org', '/groups/kz-tip/meetings');
    await noSeriousViolations(page, `${locale} meetings`);
    await page.locator('table a').first().click();
    await page.waitForSelector('ol.agenda');
    await noSeriousViolations(page, `${locale} meeting`);
    await context.close();
  }
});
