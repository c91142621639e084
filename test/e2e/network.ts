// The e2e tests' network guard: every request the page makes must go to the bridge on 127.0.0.1.
// Any other is aborted and collected, so a test can assert the list stays empty.
import type { Page } from '@playwright/test';

export async function guardNetwork(page: Page, bridgeUrl: string): Promise<string[]> {
  const origin = new URL(bridgeUrl).origin;
  const outside: string[] = [];
  await page.context().route('**/*', (route) => {
    const url = route.request().url();
    if (new URL(url).origin === origin) return route.continue();
    outside.push(url);
    return route.abort('blockedbyclient');
  });
  page.on('request', (r) => {
    const url = r.url();
    if (!url.startsWith(origin) && !outside.includes(url)) outside.push(url);
  });
  return outside;
}
