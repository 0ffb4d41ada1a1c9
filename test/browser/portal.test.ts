import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { type Browser, type Page, chromium } from 'playwright-core';
import { build } from 'vite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ApiHarness, startApi } from '../support/api-harness.js';

/**
 * The portal in a real browser: Debian's Chromium driven by playwright-core,
 * against the local runtime serving the built portal and the API. Every page is
 * checked and photographed at 1280 px and at 390 px (a phone) in
 * test-artifacts/screenshots (git-ignored): axe-core finds no serious or
 * critical WCAG 2 A/AA problem, and nothing is wider than the screen.
 */
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const SHOTS = join(import.meta.dirname, '..', '..', 'test-artifacts', 'screenshots');
const WIDTHS = [1280, 390] as const;

let api: ApiHarness;
let browser: Browser;

async function signIn(role: 'customer' | 'agent' | 'manager', name: string, institution?: string): Promise<Page> {
  // bypassCSP only so that the test can inject axe-core; the portal's own CSP forbids inline scripts (checked below).
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, bypassCSP: true });
  const page = await context.newPage();
  await page.goto(`${api.url}/#/signin`);
  await page.getByLabel('I am').selectOption(role);
  if (institution) await page.getByLabel('Institution').selectOption(institution);
  await page.getByLabel('Name').fill(name);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL(/#\/(cases|queue|report)/);
  await page.locator('main h1').waitFor();
  return page;
}

const AXE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

/** WCAG 2 A/AA problems axe-core finds on the page as it stands (serious and critical ones). */
async function accessibilityProblems(page: Page): Promise<string[]> {
  if (!(await page.evaluate('typeof axe !== "undefined"'))) await page.addScriptTag({ content: AXE });
  // Runs in the page, where the injected script defined the global `axe` (a string, as the test has no DOM types).
  const violations = (await page.evaluate(`(async () => {
    const result = await axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa'] } });
    return result.violations.map((v) => ({ id: v.id, impact: v.impact, count: v.nodes.length, target: v.nodes[0] && v.nodes[0].target.join(' ') }));
  })()`)) as { id: string; impact: string; count: number; target: string }[];
  return violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id} (${v.count}, e.g. ${v.target})`);
}

/** Elements wider than the screen, or tables cut off inside their frame: what a reader would have to scroll sideways for. */
async function overflowing(page: Page): Promise<string[]> {
  return (await page.evaluate(`(() => {
    const wide = [];
    if (document.documentElement.scrollWidth > window.innerWidth) wide.push('page ' + document.documentElement.scrollWidth + 'px');
    for (const frame of document.querySelectorAll('.table-wrap')) if (frame.scrollWidth > frame.clientWidth + 1) wide.push((frame.firstElementChild && frame.firstElementChild.id) || 'table');
    return wide;
  })()`)) as string[];
}

/** The page at each width: no accessibility problem, nothing cut off, a screenshot; back at 1280 px afterwards. */
async function check(page: Page, name: string): Promise<void> {
  for (const width of WIDTHS) {
    await page.setViewportSize({ width, height: 900 });
    expect(await accessibilityProblems(page), `${name} at ${width}px`).toEqual([]);
    expect(await overflowing(page), `${name} at ${width}px`).toEqual([]);
    await page.screenshot({ path: join(SHOTS, `${name}-${width}.png`), fullPage: true });
  }
  await page.setViewportSize({ width: 1280, height: 900 });
}

const openPage = async (page: Page, hash: string, ready: string) => {
  await page.goto(`${api.url}/${hash}`);
  await page.locator(ready).first().waitFor();
};

let agentToken = '';
const casesOfUniA = async () => (await api.request('GET', '/cases?institution=uni-a&limit=100', { token: agentToken })).json.items as { caseNumber: string; title: string; status: string }[];

beforeAll(async () => {
  if (!existsSync(CHROMIUM)) throw new Error(`Chromium not found at ${CHROMIUM}: install Debian's chromium package (.ci/run does) or set CHROMIUM_PATH`);
  mkdirSync(SHOTS, { recursive: true });
  await build({ configFile: join(import.meta.dirname, '..', '..', 'portal', 'vite.config.ts'), logLevel: 'warn' });
  api = await startApi();
  agentToken = await api.token({ role: 'agent', name: 'Test Agent' });
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await api?.close();
});

describe('support portal', () => {
  it('is served with a content security policy that allows no inline script', async () => {
    const response = await fetch(`${api.url}/`);
    expect(response.headers.get('content-security-policy')).toContain("script-src 'self'");
    expect(response.headers.get('x-frame-options')).toBe('DENY');
  });

  it('can be used with the keyboard alone: sign in by tabbing and pressing Enter; no frame around the page after navigating', async () => {
    const context = await browser.newContext({ bypassCSP: true, viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    await page.goto(`${api.url}/#/signin`);
    await page.locator('#main h1').waitFor();
    await check(page, 'sign-in');
    // Each page moves focus to its content, so the first Tab reaches the form's first control.
    const focused = () => page.evaluate('document.activeElement && document.activeElement.getAttribute("name")');
    await page.keyboard.press('Tab');
    expect(await focused()).toBe('role');
    await page.keyboard.press('Tab'); // institution
    await page.keyboard.press('Tab');
    expect(await focused()).toBe('name');
    await page.keyboard.press('Enter');
    await page.waitForURL(/#\/cases/);
    await page.locator('#main h1', { hasText: 'Our cases' }).waitFor();
    expect(await page.evaluate('document.activeElement.id')).toBe('main');
    expect(await page.evaluate('getComputedStyle(document.getElementById("main")).outlineStyle')).toBe('none');
    await context.close();
  });

  let caseNumber = '';

  it('a customer must choose the impact, is told the level in plain words, and one form opens one case however often it is sent', async () => {
    const page = await signIn('customer', 'Ada Admin', 'uni-a');
    await page.getByRole('link', { name: 'Open a case' }).first().click();
    await page.getByLabel('Title').fill('Students cannot log in');
    await expect.poll(() => page.locator('#knowledge li').count()).toBeGreaterThan(0);
    expect(await page.getByLabel('How bad is it?').inputValue()).toBe('');
    expect(await page.locator('#suggested-level').textContent()).toContain('Tell us how bad it is');
    await page.getByLabel('Product area').fill('login');
    await page.getByLabel('Your email').fill('ada@uni-a.example');
    await page.getByLabel('Steps to reproduce').fill('1. Open the app\n2. Sign in with SSO\n3. See "error 500"');
    await page.getByLabel('Your phone (optional)').fill('+44 20 7946 0000');
    await page.getByRole('button', { name: 'Open the case' }).click();
    expect(await page.locator('[data-error-for="impact"]').textContent()).toBe('Choose how bad it is.');
    await page.getByLabel('How bad is it?').selectOption('service-down');
    await expect.poll(() => page.locator('#suggested-level').textContent()).toMatch(/This will be a level I case \(System down\): support will first answer within 1 hour, around the clock\. Our on-call staff are paged at once/);
    await page.getByLabel('How bad is it?').selectOption('degraded');
    // uni-a's London calendar sets its business day: 7.5 hours (issue 13).
    await expect.poll(() => page.locator('#suggested-level').textContent()).toMatch(/level III case .* One business day is 7\.5 business hours \(set by your support calendar\)\./);
    await page.getByLabel('How bad is it?').selectOption('service-down');
    await check(page, 'customer-new-case');

    const before = (await casesOfUniA()).length;
    // The same form sent twice at once (a double click, a retry) carries one Idempotency-Key.
    await page.evaluate(`(() => { const form = document.getElementById('new-case'); form.requestSubmit(); form.requestSubmit(); })()`);
    await page.locator('#opened-number').waitFor();
    caseNumber = (await page.locator('#opened-number').textContent())!;
    expect(caseNumber).toMatch(/^\d{8}$/);
    await expect.poll(async () => (await casesOfUniA()).length).toBe(before + 1);
    expect(await page.locator('#new-case').isHidden()).toBe(true);
    expect(await page.locator('#opened-deadline').textContent()).toMatch(/^Support will first answer by \d+ \w+ \d{4}, \d\d:\d\d \S+\.$/);
    await check(page, 'customer-case-opened');
    await page.context().close();
  });

  let redesign = '';

  it('a UX redesign request is told only where it goes, and is recorded as redirected', async () => {
    const page = await signIn('customer', 'Ada Admin', 'uni-a');
    await openPage(page, '#/new', '#new-case');
    await page.getByLabel('Title').fill('A new home screen');
    await page.getByLabel('What kind of request is it?').selectOption('ux-redesign');
    await page.getByLabel('How bad is it?').selectOption('question');
    expect(await page.locator('#suggested-level').textContent()).not.toMatch(/level/i);
    expect(await page.locator('#suggested-level').getAttribute('class')).not.toContain('ok');
    expect(await page.locator('#coverage').textContent()).toContain('account manager');
    await page.getByLabel('Product area').fill('home screen');
    await page.getByLabel('Your email').fill('ada@uni-a.example');
    await check(page, 'customer-new-case-not-covered');
    await page.getByRole('button', { name: 'Open the case' }).click();
    await page.locator('#opened-redirect').waitFor();
    redesign = (await page.locator('#opened-number').textContent())!;
    expect(await page.locator('#opened').textContent()).toContain('recorded');
    expect(await page.locator('#opened').textContent()).not.toMatch(/level/i);
    await page.getByRole('link', { name: 'Go to the case' }).click();
    await page.locator('#case-facts').waitFor();
    expect(await page.locator('#case-status').textContent()).toBe('Redirected (not covered)');
    expect(await page.locator('#coverage').textContent()).toContain('6 weeks');
    await check(page, 'customer-case-redirected');
    await page.context().close();
  });

  it('an agent works the queue: views, columns, sorting by time left; redirected requests are not in it', async () => {
    // A level IV question of another institution: two days to answer, so it sorts after the level I case.
    const question = await api.request('POST', '/cases', {
      token: await api.token({ role: 'customer', institution: 'uni-c', name: 'Cy Customer' }),
      body: { title: 'How do we add a campus map layer?', description: '', requestType: 'query', environment: 'production', impact: 'question', productArea: 'maps', contact: { name: 'Cy Customer', email: 'cy@uni-c.example' } },
    });
    expect(question.status).toBe(201);
    const agent = await signIn('agent', 'Sam Support');
    await agent.locator('#queue tbody tr').first().waitFor();
    const first = await agent.locator('#queue tbody tr').first().textContent();
    expect(first).toContain(caseNumber);
    expect(first).toContain('University A');
    expect(await agent.locator('#queue thead th').allTextContents()).toEqual(['Case', 'Title', 'Institution', 'Level', 'Status', 'Assignee', 'Opened', 'First response']);
    expect(await agent.locator('#queue').textContent()).not.toContain(redesign);
    await check(agent, 'agent-queue');
    await agent.getByRole('button', { name: 'Most time left first' }).click();
    expect(await agent.locator('#queue th[aria-sort]').getAttribute('aria-sort')).toBe('descending');
    expect(await agent.locator('#queue tbody tr').first().textContent()).toContain(question.json.caseNumber);
    expect(await agent.locator('#queue tbody tr').last().textContent()).toContain(caseNumber);
    await agent.getByRole('link', { name: 'Breaching within the hour' }).click();
    await agent.locator('#queue-summary').filter({ hasText: 'Breaching within the hour' }).waitFor();
    expect(await agent.locator('#queue').textContent()).toContain(caseNumber);
    await check(agent, 'agent-queue-breaching');
    await agent.getByRole('link', { name: 'Awaiting customer' }).click();
    await agent.locator('#queue-empty').waitFor();
    await agent.context().close();
  });

  it('an agent sees everything about the case at a glance, assigns it, and posts an internal note and a public reply', async () => {
    const agent = await signIn('agent', 'Sam Support');
    await openPage(agent, `#/case/${caseNumber}`, '#case-facts');
    const facts = (await agent.locator('#case-facts').textContent())!;
    for (const expected of ['University A', 'Europe/London', 'Ada Admin', 'ada@uni-a.example', '+44 20 7946 0000', 'Something is broken', 'login', 'Production (live app)', 'The whole service is down', 'hosted by us', 'not given', 'nobody']) {
      expect(facts).toContain(expected);
    }
    expect(await agent.locator('#case-scenario').textContent()).toContain('See "error 500"');
    // The status control starts on the current status and offers only the moves open from it.
    expect(await agent.getByLabel('Status').inputValue()).toBe('new');
    expect(await agent.locator('select[name=status] option').allTextContents()).toEqual(['New (current)', 'In progress', 'Awaiting customer', 'Resolved', 'Closed']);
    await check(agent, 'agent-case');

    await agent.getByRole('button', { name: 'Assign to me' }).click();
    await expect.poll(() => agent.locator('#case-assignee').textContent()).toBe('Sam Support');

    await agent.getByLabel('Internal note, staff only').check();
    expect(await agent.locator('#comment-form').getAttribute('class')).toContain('internal');
    expect(await agent.locator('#audience').textContent()).toContain('only support staff');
    await agent.getByLabel('Message').fill('Identity provider certificate expired overnight.');
    await check(agent, 'agent-case-internal-note');
    await agent.getByRole('button', { name: 'Save internal note' }).click();
    await expect.poll(() => agent.locator('#timeline li.internal').filter({ hasText: 'certificate expired' }).count()).toBe(1);
    expect(await agent.locator('#case-status').textContent()).toBe('New');

    expect(await agent.locator('#audience').textContent()).toContain('Public: Ada Admin');
    await agent.getByLabel('Message').fill('We are on it: the identity provider is being restarted.');
    await agent.getByRole('button', { name: 'Send reply to the customer' }).click();
    await expect.poll(() => agent.locator('#timeline').textContent()).toContain('identity provider is being restarted');
    // Support's first public reply takes the new case into progress.
    await expect.poll(() => agent.locator('#case-status').textContent()).toBe('In progress');
    expect(await agent.locator('#timeline').textContent()).toContain('Status: New → In progress (automatically).');
    await check(agent, 'agent-case-answered');

    await openPage(agent, '#/queue?view=mine', '#queue-summary');
    expect(await agent.locator('#queue').textContent()).toContain(caseNumber);
    await agent.context().close();
  });

  it('an agent reclassifies a redirected request; it enters the queue with its level', async () => {
    const agent = await signIn('agent', 'Sam Support');
    await openPage(agent, `#/case/${redesign}`, '#case-facts');
    expect(await agent.locator('select[name=status] option').allTextContents()).toEqual(['Redirected (not covered) (current)', 'Closed']);
    await agent.getByLabel('Request type').selectOption('query');
    await agent.getByLabel('Reason for reclassifying').fill('asks how to change the home screen tiles');
    await agent.getByRole('button', { name: 'Reclassify' }).click();
    await expect.poll(() => agent.locator('#case-status').textContent()).toBe('New');
    expect(await agent.locator('#timeline').textContent()).toContain('Request type A UX redesign → A question: asks how to change the home screen tiles. Level IV');
    await check(agent, 'agent-case-reclassified');
    await openPage(agent, '#/queue?view=unassigned', '#queue');
    expect(await agent.locator('#queue').textContent()).toContain(redesign);
    await agent.context().close();
  });

  it('files: the customer attaches a screenshot, the agent an internal log; each downloads through a signed link, the log only for staff', async () => {
    const customer = await signIn('customer', 'Ada Admin', 'uni-a');
    await openPage(customer, `#/case/${caseNumber}`, '#attach-form');
    await customer.getByLabel('Add a screenshot or a log').setInputFiles({ name: 'sso-error.png', mimeType: 'image/png', buffer: Buffer.from('89504e470d0a1a0a', 'hex') });
    await customer.getByRole('button', { name: 'Attach the file' }).click();
    await customer.locator('#attachments li', { hasText: 'sso-error.png' }).waitFor();
    const [download] = await Promise.all([customer.waitForEvent('download'), customer.getByRole('button', { name: 'sso-error.png' }).click()]);
    expect(download.suggestedFilename()).toBe('sso-error.png');
    await check(customer, 'customer-case-files');
    await customer.context().close();

    const agent = await signIn('agent', 'Sam Support');
    await openPage(agent, `#/case/${caseNumber}`, '#attach-form');
    await agent.getByLabel('Who sees the file').selectOption('internal');
    await agent.getByLabel('Add a screenshot or a log').setInputFiles({ name: 'idp.log', mimeType: '', buffer: Buffer.from('certificate expired\n') });
    await agent.getByRole('button', { name: 'Attach the file' }).click();
    await agent.locator('#attachments li.internal', { hasText: 'idp.log' }).waitFor();
    expect(await agent.locator('#timeline').textContent()).toContain('Attached idp.log.');
    await check(agent, 'agent-case-files');
    await agent.context().close();

    const again = await signIn('customer', 'Ada Admin', 'uni-a');
    await openPage(again, `#/case/${caseNumber}`, '#attachments');
    expect(await again.locator('#attachments').textContent()).toContain('sso-error.png');
    expect(await again.content()).not.toContain('idp.log');
    await again.context().close();
  });

  it('the customer sees the reply and the response as met, and must confirm before closing', async () => {
    const customer = await signIn('customer', 'Ada Admin', 'uni-a');
    await check(customer, 'customer-cases');
    expect(await customer.locator('#cases thead th').allTextContents()).toEqual(['Case', 'Title', 'Level', 'Status', 'Opened', 'Last updated', 'First response']);
    await openPage(customer, `#/case/${caseNumber}`, '#timeline');
    expect(await customer.locator('#timeline').textContent()).toContain('identity provider is being restarted');
    expect(await customer.locator('#timeline').textContent()).not.toContain('certificate expired');
    expect(await customer.locator('#case-sla').textContent()).toContain('response met');
    await check(customer, 'customer-case-answered');
    await customer.getByRole('button', { name: 'Close the case' }).click();
    await customer.locator('.confirm').waitFor();
    await check(customer, 'customer-close-confirmation');
    await customer.getByRole('button', { name: 'Cancel' }).click();
    expect(await customer.locator('.confirm').count()).toBe(0);
    expect(await customer.locator('#case-status').textContent()).toBe('In progress');
    await customer.getByRole('button', { name: 'Close the case' }).click();
    await customer.getByRole('button', { name: 'Yes, close the case' }).click();
    await expect.poll(() => customer.locator('#case-status').textContent()).toBe('Closed');
    await customer.context().close();
  });

  it('a customer of another institution cannot reach the case', async () => {
    const other = await signIn('customer', 'Bea Other', 'uni-b');
    await openPage(other, `#/case/${caseNumber}`, '#page-error');
    expect(await other.locator('#page-error').textContent()).toContain('no such case');
    expect(await other.content()).not.toContain('Students cannot log in');
    await check(other, 'other-institution-denied');
    await other.context().close();
  });

  it('suggests knowledge articles for a matching title', async () => {
    const page = await signIn('customer', 'Ada Admin', 'uni-a');
    await openPage(page, '#/new', '#new-case');
    await page.getByLabel('Title').fill('push notifications');
    await expect.poll(() => page.locator('#knowledge').textContent()).toContain('Push notifications are not delivered');
    await page.getByLabel('What kind of request is it?').selectOption('new-integration');
    expect(await page.locator('#coverage').textContent()).toContain('not covered by support');
    await check(page, 'knowledge-suggestions');
    await page.context().close();
  });

  it('a manager lands on the report: compliance per week, per level, per institution, durations in words, breaches linked', async () => {
    const page = await signIn('manager', 'Max Manager');
    expect(page.url()).toContain('#/report');
    await page.locator('svg.chart').first().waitFor();
    expect(await page.locator('svg.chart').evaluateAll((charts) => charts.map((c) => c.getAttribute('aria-label')))).toEqual([
      'Compliance per week',
      'Compliance by level',
      'Time to first response by level',
    ]);
    expect(await page.locator('#report-summary').textContent()).toContain('met 1');
    expect(await page.locator('#institutions tbody tr').count()).toBe(3);
    expect(await page.locator('#institutions tbody tr').first().textContent()).toContain('University A');
    // The reply came within seconds: it reads as seconds, with a bar, never as "0 min".
    const times = (await page.locator('svg.chart').nth(2).textContent())!;
    expect(times).toMatch(/\d+ seconds?/);
    expect(times).not.toContain('0 min');
    await check(page, 'manager-report');
    await page.context().close();
  });
  it('an agent sees a level I case being paged and acknowledges it on the case page; the On call page shows now and next', async () => {
    const customer = await api.token({ role: 'customer', institution: 'uni-a', name: 'Ada Admin' });
    const opened = await api.request('POST', '/cases', {
      token: customer,
      body: { title: 'Nobody can sign in', description: '', requestType: 'defect', environment: 'production', impact: 'service-down', productArea: 'login', contact: { name: 'Ada', email: 'ada@uni-a.example' } },
    });
    const n = opened.json.caseNumber as string;
    for (let waited = 0; waited < 5_000; waited += 100) {
      if ((await api.request('GET', `/cases/${n}/pages`, { token: agentToken })).json.items.length > 0) break;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    const page = await signIn('agent', 'Test Agent');
    await openPage(page, `#/case/${n}`, '#page-state');
    expect(await page.locator('#page-state h2').textContent()).toBe('On call is being paged');
    await check(page, 'case-paging');
    await page.getByRole('button', { name: 'Acknowledge the page' }).click();
    await page.locator('#page-state', { hasText: 'acknowledged by Test Agent' }).waitFor();
    expect((await api.request('GET', `/cases/${n}/pages`, { token: agentToken })).json.items[0]).toMatchObject({ state: 'acknowledged', acknowledgedBy: 'Test Agent', acknowledgedVia: 'portal' });

    await page.getByRole('link', { name: 'On call' }).click();
    await page.locator('#oncall-now').waitFor();
    const rows = await page.locator('#oncall-now tbody tr').allTextContents();
    expect(rows).toHaveLength(2);
    expect(rows[0]).toMatch(/Primary.*\+44.*until.*from/);
    // Agents read the rota; only managers change it.
    expect(await page.locator('#override-form').count()).toBe(0);
    await check(page, 'oncall-agent');
    await page.context().close();
  });

  it('a manager adds an override on the On call page (fields named when wrong) and removes it', async () => {
    const page = await signIn('manager', 'Max Manager');
    await openPage(page, '#/oncall', '#override-form');
    await page.getByLabel('Name').fill('Ana Cover');
    await page.getByLabel('Phone').fill('07700 900101');
    await page.getByLabel('Email').fill('ana@support.example');
    await page.getByLabel(/^From/).fill('2027-03-26T18:00');
    await page.getByLabel(/^To/).fill('2027-03-29T09:00');
    await page.getByRole('button', { name: 'Add override' }).click();
    await page.locator('[data-error-for="person.phone"]', { hasText: 'E.164' }).waitFor();
    await page.getByLabel('Phone').fill('+447700900101');
    await page.getByRole('button', { name: 'Add override' }).click();
    await page.locator('#oncall-overrides', { hasText: 'Ana Cover covers the primary layer' }).waitFor();
    await check(page, 'oncall-manager');
    await page.getByRole('button', { name: "Remove Ana Cover's override" }).click();
    await page.locator('#oncall-overrides', { hasText: 'No overrides.' }).waitFor();
    await page.context().close();
  });
});
