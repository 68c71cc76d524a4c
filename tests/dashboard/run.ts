import { existsSync, mkdirSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { SCREENSHOTS, LAPTOP, type E2eContext, type E2eTest } from './harness';
import { startSystem } from './system';

// Usage: npx tsx tests/dashboard/run.ts [name filter] [--no-build]
const WEB = join(__dirname, '..', '..', 'services', 'query-api', 'web');
const DIST = join(WEB, 'dist');
const TEST_TIMEOUT_MS = 90_000;
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

async function buildDashboard(): Promise<void> {
  const { build } = await import('vite');
  await build({ configFile: join(WEB, 'vite.config.ts'), logLevel: 'warn' });
}

async function loadTests(filter: string | undefined): Promise<E2eTest[]> {
  const files = readdirSync(__dirname)
    .filter((f) => f.endsWith('.e2e.ts'))
    .sort();
  const tests: E2eTest[] = [];
  for (const file of files) {
    const module = (await import(join(__dirname, file))) as { tests: E2eTest[] };
    tests.push(
      ...module.tests.map((t) => ({ ...t, name: `${file.replace('.e2e.ts', '')}: ${t.name}` })),
    );
  }
  return filter ? tests.filter((t) => t.name.includes(filter)) : tests;
}

function withTimeout<T>(work: Promise<T>, name: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const limit = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new Error(`${name}: not finished within ${TEST_TIMEOUT_MS} ms`)),
      TEST_TIMEOUT_MS,
    );
  });
  return Promise.race([work, limit]).finally(() => clearTimeout(timer));
}

async function main(): Promise<number> {
  const args = process.argv.slice(2);
  const filter = args.find((a) => !a.startsWith('--'));
  if (!args.includes('--no-build') || !existsSync(join(DIST, 'index.html'))) await buildDashboard();
  const tests = await loadTests(filter);
  mkdirSync(SCREENSHOTS, { recursive: true });

  const system = await startSystem(DIST);
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: CHROMIUM_ARGS,
  });
  const failures: string[] = [];
  try {
    for (const test of tests) {
      const contexts: BrowserContext[] = [];
      const pageErrors: string[] = [];
      const ctx: E2eContext = {
        system,
        newPage: async (viewport = LAPTOP) => {
          const context = await browser.newContext({ viewport, acceptDownloads: true });
          contexts.push(context);
          const page: Page = await context.newPage();
          page.on('pageerror', (error) => pageErrors.push(error.message));
          page.on('console', (message) => {
            if (message.type() === 'error' && /Content Security Policy/i.test(message.text()))
              pageErrors.push(message.text());
          });
          return page;
        },
        screenshot: async (page, name) => {
          await page.screenshot({ path: join(SCREENSHOTS, `${name}.png`), fullPage: true });
        },
      };
      const started = Date.now();
      try {
        await withTimeout(test.run(ctx), test.name);
        if (pageErrors.length > 0) throw new Error(`errors in the page: ${pageErrors.join(' | ')}`);
        console.log(`ok   ${test.name} (${Date.now() - started} ms)`);
      } catch (error) {
        failures.push(test.name);
        console.log(
          `FAIL ${test.name}\n     ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`,
        );
      } finally {
        for (const context of contexts) await context.close();
      }
    }
  } finally {
    await browser.close();
    await system.stop();
  }
  console.log(`\n${tests.length - failures.length} passed, ${failures.length} failed`);
  return failures.length === 0 ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
