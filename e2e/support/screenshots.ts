import fs from 'node:fs/promises';
import path from 'node:path';
import type { Page } from 'playwright-core';

/**
 * Every run writes screenshots to test-results/screenshots; `npm run screenshots` (which sets
 * TEAMVALV_SCREENSHOTS=1) also refreshes the ones the README shows, in docs/screenshots.
 */
export async function saveScreenshot(page: Page, name: string): Promise<void> {
  const folders = ['test-results/screenshots'];
  if (process.env.TEAMVALV_SCREENSHOTS === '1') folders.push('docs/screenshots');
  const image = await page.screenshot({ fullPage: false });
  for (const folder of folders) {
    await fs.mkdir(folder, { recursive: true });
    await fs.writeFile(path.join(folder, `${name}.png`), image);
  }
}
