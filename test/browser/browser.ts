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

/**
 * One browser test's world: the real API (serving the built UI) listening on a free
 * port, optionally the worker, an emptied database and a Chromium with a fresh profile.
 */
export interface BrowserStack {
  app: NestFastifyApplication;
  db: DataSource;
  baseUrl: string;
  page: Page;
  /** Saves test/artifacts/<spec>-<step>.png. */
  shot: (step: string) => Promise<void>;
  close: () => Promise<void>;
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

  return {
    app,
    db,
    baseUrl,
    page,
    shot: async (step) => {
      await page.screenshot({ path: join(ARTIFACTS, `${spec}-${step}.png`), fullPage: true });
    },
    close: async () => {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
      await worker?.close();
      await app.close();
    },
  };
}

/** Logs in through the login form and waits for the home page. */
export async function logInAs(page: Page, username: string, password: string): Promise<void> {
  await page.goto('/login');
  await page.getByLabel('用户名').fill(username);
  await page.getByLabel('密码').fill(password);
  await page.getByRole('button', { name: /登\s*录/ }).click();
  await page.getByTestId('welcome').waitFor();
}
