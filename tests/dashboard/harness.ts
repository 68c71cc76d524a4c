import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { VIEWER_KEY, type SystemUnderTest } from './system';

export const SCREENSHOTS = join(__dirname, '..', '..', 'docs', 'screenshots');
export const LAPTOP = { width: 1280, height: 900 };
export const PHONE = { width: 375, height: 812 };

export interface E2eContext {
  system: SystemUnderTest;
  /** A fresh browser context (own sessionStorage) at the given size; closed after the test. */
  newPage: (viewport?: { width: number; height: number }) => Promise<Page>;
  /** Saves docs/screenshots/<name>.png. */
  screenshot: (page: Page, name: string) => Promise<void>;
}

export interface E2eTest {
  name: string;
  run: (ctx: E2eContext) => Promise<void>;
}

export async function signIn(page: Page, url: string, token = VIEWER_KEY): Promise<void> {
  await page.goto(url);
  await page.getByLabel('API key or token').fill(token);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.locator('#nav').waitFor({ state: 'visible' });
}

/** Cell texts of a table body, row by row. */
export async function cells(page: Page, selector: string): Promise<string[][]> {
  return page
    .locator(`${selector} tbody tr`)
    .evaluateAll((rows) =>
      rows.map((row) => [...row.querySelectorAll('td')].map((td) => (td.textContent ?? '').trim())),
    );
}

/** How many pixels of a canvas are painted: a chart that drew nothing has none. */
export async function paintedPixels(page: Page, selector: string): Promise<number> {
  return page.locator(selector).evaluate((element) => {
    const canvas = element as HTMLCanvasElement;
    const context = canvas.getContext('2d');
    if (!context || canvas.width === 0 || canvas.height === 0) return 0;
    const { data } = context.getImageData(0, 0, canvas.width, canvas.height);
    let painted = 0;
    for (let i = 3; i < data.length; i += 4) if ((data[i] ?? 0) > 0) painted += 1;
    return painted;
  });
}

/** A text matcher for the whole text of an element (hasText alone matches substrings). */
export const exactly = (text: string): RegExp =>
  new RegExp(`^\\s*${text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\s*$`);
