import { AxeBuilder } from '@axe-core/playwright';
import { INestApplicationContext } from '@nestjs/common';
import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { BrowserContext, chromium, Page } from 'playwright-core';
import { DataSource } from 'typeorm';
import { resetState } from '../support/fixtures';
import { startApi, startWorker } from '../support/test-app';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];
const ARTIFACTS = resolve(__dirname, '../artifacts');
// The API serves WEB_DIST_DIR (apps/web/dist by default); a contributor may point it at a private build.
const WEB_INDEX = resolve(process.env.WEB_DIST_DIR ?? resolve(__dirname, '../../apps/web/dist'), 'index.html');
/** axe-core impacts that fail a test; minor and moderate findings are left to review. */
const FAILING_IMPACTS = new Set(['critical', 'serious']);
const REDIRECT_MS = 1000;
/** True when no finite CSS animation or transition runs (spinners run forever and do not count). */
const SETTLED = `document.getAnimations().every((a) => a.playState !== 'running' || a.effect?.getTiming().iterations === Infinity)`;

/** A failed request a spec expects, e.g. the 401 of a wrong password. */
export interface ExpectedFailure {
  url: RegExp;
  /** The HTTP status expected; any status of 400 or more when left out. */
  status?: number;
  method?: string;
}

/**
 * One browser test's world: the real API (serving the built UI) listening on a free
 * port, optionally the worker, an emptied database and a Chromium with a fresh profile.
 *
 * The page is watched for the whole test: an uncaught error, a console error and a
 * request that fails (network error or HTTP 400 and above) fail the test at its end
 * unless the spec declared that failure with expectFailedRequest. Every page the test
 * visits is checked with axe-core (at each shot and at the end of each test), and a
 * visited page that was never checked fails the test too.
 */
export interface BrowserStack {
  app: NestFastifyApplication;
  db: DataSource;
  baseUrl: string;
  page: Page;
  /** Checks the page with axe-core, then saves test/artifacts/<spec>-<step>.png. */
  shot: (step: string) => Promise<void>;
  /** Checks the page as it is now with axe-core (critical and serious violations fail) and for exactly one h1. */
  audit: () => Promise<void>;
  /** Like audit, unless this page (route) was already checked in this stack. */
  auditOnce: () => Promise<void>;
  /** Declares a failed request as part of what the test does, for the rest of this stack's life. */
  expectFailedRequest: (url: RegExp, options?: { status?: number; method?: string }) => void;
  /** Declares a console error as part of what the test does (e.g. React reporting a page an error boundary caught). */
  expectConsoleError: (text: RegExp) => void;
  /** Throws the problems seen so far (and forgets them); runs after every test by itself. */
  assertClean: () => Promise<void>;
  close: () => Promise<void>;
}

/** The stack of the spec file running now, checked after each of its tests. */
let current: BrowserStack | undefined;

// Registered when a spec imports this file, so no spec can forget the checks.
afterEach(async () => {
  await current?.assertClean();
});

/** Route patterns rather than addresses, so /segments/7 and /segments/8 are one page to check. */
function pageKey(url: string): string {
  return new URL(url).pathname.replace(/\/\d+(?=\/|$)/g, '/:id');
}

export async function startBrowserStack(spec: string, options: { worker?: boolean } = {}): Promise<BrowserStack> {
  if (!existsSync(WEB_INDEX)) throw new Error('apps/web/dist is missing: run `npm run build:web` before the browser tests');
  const app = await startApi();
  const db = await resetState(app);
  await app.listen(0, '127.0.0.1');
  const baseUrl = (await app.getUrl()).replace('[::1]', '127.0.0.1');
  const worker: INestApplicationContext | undefined = options.worker ? await startWorker() : undefined;

  const profile = mkdtempSync(join(tmpdir(), 'web-e2e-'));
  const context: BrowserContext = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    args: CHROMIUM_ARGS,
    viewport: { width: 1366, height: 860 },
    locale: 'zh-CN',
    baseURL: baseUrl,
  });
  const page = context.pages()[0] ?? (await context.newPage());
  page.setDefaultTimeout(15000);
  mkdirSync(ARTIFACTS, { recursive: true });

  // The app asks who is logged in on every load; a 401 there is the answer "nobody", not a fault.
  const expected: ExpectedFailure[] = [{ url: /\/api\/auth\/me$/, status: 401, method: 'GET' }];
  const expectedConsoleErrors: RegExp[] = [];
  const problems: string[] = [];
  const visited = new Set<string>();
  const audited = new Set<string>();
  const isExpected = (url: string, method: string, status?: number) =>
    expected.some((e) => e.url.test(url) && (!e.method || e.method === method) && (e.status === undefined || e.status === status));

  page.on('pageerror', (error) => problems.push(`uncaught error on ${page.url()}: ${error.stack ?? error.message}`));
  page.on('console', (message) => {
    if (message.type() !== 'error') return;
    // Chromium logs every failed request as a console error; the response listener below judges those.
    if (message.text().startsWith('Failed to load resource')) return;
    if (expectedConsoleErrors.some((text) => text.test(message.text()))) return;
    problems.push(`console error on ${page.url()}: ${message.text()}`);
  });
  page.on('response', (response) => {
    const request = response.request();
    if (response.status() >= 400 && !isExpected(response.url(), request.method(), response.status())) {
      problems.push(`${request.method()} ${response.url()} answered ${response.status()}`);
    }
  });
  page.on('requestfailed', (request) => {
    const reason = request.failure()?.errorText ?? 'failed';
    // The app cancels requests whose answer it no longer needs (a newer preview, a page left); that is not a fault.
    if (reason === 'net::ERR_ABORTED') return;
    if (!isExpected(request.url(), request.method())) problems.push(`${request.method()} ${request.url()} failed: ${reason}`);
  });
  let lastVisit: { key: string; at: number } | undefined;
  page.on('framenavigated', (frame) => {
    if (frame !== page.mainFrame() || !frame.url().startsWith(baseUrl)) return;
    const key = pageKey(frame.url());
    // A page left within a moment was a redirect (to the login, to a saved object's address), not a visit.
    if (lastVisit && lastVisit.key !== key && Date.now() - lastVisit.at < REDIRECT_MS && !audited.has(lastVisit.key)) visited.delete(lastVisit.key);
    visited.add(key);
    lastVisit = { key, at: Date.now() };
  });

  const audit = async () => {
    const where = pageKey(page.url());
    // Colours caught mid-transition (a tag changing status, a card fading in) are no fault of the colours themselves.
    await page
      .waitForFunction(SETTLED, undefined, { timeout: 3000 })
      .catch(() => undefined);
    // Toasts fade in and out: caught mid-animation their text is half transparent, which is no fault of its colour.
    // A sandboxed frame (a message preview) runs no script, so axe-core would wait in it for ever; it shows a customer's message, not the UI.
    const results = await new AxeBuilder({ page }).exclude('.ant-message').exclude('.ant-notification').exclude('iframe[sandbox]').analyze();
    for (const violation of results.violations) {
      if (!FAILING_IMPACTS.has(violation.impact ?? '')) continue;
      const nodes = violation.nodes.map((node) => `    ${node.target.join(' ')}: ${node.failureSummary?.replace(/\s+/g, ' ')}`);
      problems.push(`axe ${violation.impact} "${violation.id}" on ${where}: ${violation.help}\n${nodes.slice(0, 5).join('\n')}`);
    }
    // One h1 per page names it for screen readers; axe only rates a missing one as moderate.
    // A page's code loads after its address changes, so its heading may still be on the way.
    await page.locator('h1').first().waitFor({ timeout: 5000 }).catch(() => undefined);
    const headings = await page.locator('h1:visible').count();
    if (headings !== 1) problems.push(`${where} has ${headings} visible h1 elements instead of one`);
    // antd marks its styles so in development builds only; the API must serve the production build.
    if ((await page.locator('[class*="css-dev-only-do-not-override"]').count()) > 0) problems.push(`${where} is a development build of the UI`);
    audited.add(where);
  };

  const assertClean = async () => {
    if (!page.isClosed() && page.url().startsWith(baseUrl)) await audit();
    for (const key of visited) if (!audited.has(key)) problems.push(`${key} was visited but never checked with axe-core (take a shot there)`);
    visited.clear();
    if (problems.length === 0) return;
    const report = problems.splice(0).join('\n');
    throw new Error(`The page had problems the test did not expect:\n${report}`);
  };

  const stack: BrowserStack = {
    app,
    db,
    baseUrl,
    page,
    audit,
    auditOnce: async () => {
      if (!audited.has(pageKey(page.url()))) await audit();
    },
    shot: async (step) => {
      await audit();
      await page.screenshot({ path: join(ARTIFACTS, `${spec}-${step}.png`), fullPage: true });
    },
    expectFailedRequest: (url, failure = {}) => {
      expected.push({ url, ...failure });
    },
    expectConsoleError: (text) => {
      expectedConsoleErrors.push(text);
    },
    assertClean,
    close: async () => {
      current = undefined;
      try {
        // What happened after the last test's check still counts.
        if (problems.length > 0) throw new Error(`The page had problems the test did not expect:\n${problems.join('\n')}`);
      } finally {
        await context.close();
        rmSync(profile, { recursive: true, force: true });
        await worker?.close();
        await app.close();
      }
    },
  };
  current = stack;
  return stack;
}

/** Logs in through the login form and waits for the home page; both pages are checked with axe-core once per stack. */
export async function logInAs(page: Page, username: string, password: string): Promise<void> {
  await page.goto('/login');
  await page.getByLabel('用户名').fill(username);
  await current?.auditOnce();
  await page.getByLabel('密码').fill(password);
  await page.getByRole('button', { name: /登\s*录/ }).click();
  await page.getByTestId('welcome').waitFor();
  await current?.auditOnce();
}
