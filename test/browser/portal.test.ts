import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { type Browser, type Page, chromium } from 'playwright-core';
import { build } from 'vite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ApiHarness, startApi } from '../support/api-harness.js';

/**
 * The portal in a real browser: Debian's Chromium driven by playwright-core,
 * against the local runtime serving the built portal and the API. Each test
 * leaves a screenshot in test-artifacts/screenshots (git-ignored).
 */
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const SHOTS = join(import.meta.dirname, '..', '..', 'test-artifacts', 'screenshots');

let api: ApiHarness;
let browser: Browser;

async function signIn(role: 'customer' | 'agent' | 'manager', name: string, institution?: string): Promise<Page> {
  // bypassCSP only so that the test can inject axe-core; the portal's own CSP forbids inline scripts (checked below).
  const context = await browser.newContext({ viewport: { width: 1100, height: 900 }, bypassCSP: true });
  const page = await context.newPage();
  await page.goto(`${api.url}/#/signin`);
  await page.getByLabel('I am').selectOption(role);
  if (institution) await page.getByLabel('Institution').selectOption(institution);
  await page.getByLabel('Name').fill(name);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL(/#\/(cases|queue)/);
  return page;
}

const shot = (page: Page, name: string) => page.screenshot({ path: join(SHOTS, `${name}.png`), fullPage: true });

const AXE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

/** WCAG 2 A/AA problems axe-core finds on the page as it stands (serious and critical ones). */
async function accessibilityProblems(page: Page): Promise<string[]> {
  await page.addScriptTag({ content: AXE });
  // Runs in the page, where the injected script defined the global `axe` (a string, as the test has no DOM types).
  const violations = (await page.evaluate(`(async () => {
    const result = await axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa'] } });
    return result.violations.map((v) => ({ id: v.id, impact: v.impact, count: v.nodes.length }));
  })()`)) as { id: string; impact: string; count: number }[];
  return violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id} (${v.count})`);
}

beforeAll(async () => {
  if (!existsSync(CHROMIUM)) throw new Error(`Chromium not found at ${CHROMIUM}: install Debian's chromium package (.ci/run does) or set CHROMIUM_PATH`);
  mkdirSync(SHOTS, { recursive: true });
  await build({ configFile: join(import.meta.dirname, '..', '..', 'portal', 'vite.config.ts'), logLevel: 'warn' });
  api = await startApi();
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

  it('can be used with the keyboard alone: sign in by tabbing and pressing Enter', async () => {
    const context = await browser.newContext({ bypassCSP: true });
    const page = await context.newPage();
    await page.goto(`${api.url}/#/signin`);
    await page.locator('#main').waitFor();
    expect(await accessibilityProblems(page)).toEqual([]);
    // Each page moves focus to its content, so the first Tab reaches the form's first control.
    const focused = () => page.evaluate('document.activeElement && document.activeElement.getAttribute("name")');
    await page.keyboard.press('Tab');
    expect(await focused()).toBe('role');
    await page.keyboard.press('Tab'); // institution
    await page.keyboard.press('Tab');
    expect(await focused()).toBe('name');
    await page.keyboard.press('Enter');
    await page.waitForURL(/#\/cases/);
    await shot(page, 'keyboard-sign-in');
    await context.close();
  });

  let caseNumber = '';

  it('a customer opens a level I case and sees its number and deadline', async () => {
    const page = await signIn('customer', 'Ada Admin', 'uni-a');
    await shot(page, 'customer-cases-empty');
    await page.getByRole('link', { name: 'Open a case' }).first().click();
    await page.getByLabel('Title').fill('Students cannot log in');
    await expect.poll(() => page.locator('#knowledge li').count()).toBeGreaterThan(0);
    await page.getByLabel('What kind of request is it?').selectOption('defect');
    await page.getByLabel('How bad is it?').selectOption('service-down');
    await expect.poll(() => page.locator('#suggested-level').textContent()).toContain('Suggested response level: I');
    await page.getByLabel('Product area').fill('login');
    await page.getByLabel('Your email').fill('ada@uni-a.example');
    await page.getByRole('button', { name: 'Open the case' }).click();
    await page.locator('#opened-number').waitFor();
    caseNumber = (await page.locator('#opened-number').textContent())!;
    expect(caseNumber).toMatch(/^\d{8}$/);
    expect(await accessibilityProblems(page)).toEqual([]);
    expect(await page.locator('#opened-deadline').textContent()).toMatch(/First response due .* \(your time\), .*Europe\/London/);
    await shot(page, 'customer-case-opened');
    await page.context().close();
  });

  it('an agent sees it at the top of the queue and replies; the customer sees the reply and the response as met', async () => {
    const agent = await signIn('agent', 'Sam Support');
    await agent.locator('#queue tbody tr').first().waitFor();
    expect(await agent.locator('#queue tbody tr').first().textContent()).toContain(caseNumber);
    expect(await accessibilityProblems(agent)).toEqual([]);
    await shot(agent, 'agent-queue');
    await agent.getByRole('link', { name: caseNumber }).click();
    await agent.getByLabel('Reply or note').fill('We are on it: the identity provider is being restarted.');
    await agent.getByRole('button', { name: 'Post' }).click();
    await expect.poll(() => agent.locator('#timeline').textContent()).toContain('identity provider is being restarted');
    expect(await accessibilityProblems(agent)).toEqual([]);
    await shot(agent, 'agent-case');
    await agent.context().close();

    const customer = await signIn('customer', 'Ada Admin', 'uni-a');
    await customer.goto(`${api.url}/#/case/${caseNumber}`);
    await customer.locator('#timeline').waitFor();
    expect(await customer.locator('#timeline').textContent()).toContain('identity provider is being restarted');
    expect(await customer.locator('#case-sla').textContent()).toContain('response met');
    await shot(customer, 'customer-case-answered');
    await customer.context().close();
  });

  it("a customer of another institution cannot reach the case", async () => {
    const other = await signIn('customer', 'Bea Other', 'uni-b');
    await other.goto(`${api.url}/#/case/${caseNumber}`);
    await other.locator('#page-error').waitFor();
    expect(await other.locator('#page-error').textContent()).toContain('no such case');
    expect(await other.content()).not.toContain('Students cannot log in');
    await shot(other, 'other-institution-denied');
    await other.context().close();
  });

  it('suggests knowledge articles for a matching title', async () => {
    const page = await signIn('customer', 'Ada Admin', 'uni-a');
    await page.getByRole('link', { name: 'Open a case' }).first().click();
    await page.getByLabel('Title').fill('push notifications');
    await expect.poll(() => page.locator('#knowledge').textContent()).toContain('Push notifications are not delivered');
    await page.getByLabel('What kind of request is it?').selectOption('new-integration');
    expect(await page.locator('#coverage').textContent()).toContain('not covered by support');
    await shot(page, 'knowledge-suggestions');
    await page.context().close();
  });

  it('a manager sees the report with its charts', async () => {
    const page = await signIn('manager', 'Max Manager');
    await page.goto(`${api.url}/#/report`);
    await page.locator('svg.chart').first().waitFor();
    expect(await page.locator('svg.chart').count()).toBe(2);
    expect(await page.locator('svg.chart').first().getAttribute('aria-label')).toBe('Compliance by level');
    expect(await page.textContent('main')).toContain('met 1');
    expect(await accessibilityProblems(page)).toEqual([]);
    await shot(page, 'manager-report');
    await page.setViewportSize({ width: 320, height: 800 });
    await shot(page, 'manager-report-320px');
    await page.context().close();
  });
});
