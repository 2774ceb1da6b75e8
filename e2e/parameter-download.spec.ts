// Parameter download shows progress and completes; search filters the table.

import { expect, screenshot, test } from './fixtures';
import { numberIn, showView } from './support/pilot';

/** What the page's scripts see, for the sampler below (it runs in the page). */
interface PageGlobals {
  document: {
    querySelector(selector: string): {
      value: number;
      max: number;
      getAttribute(name: string): string | null;
    } | null;
  };
  requestAnimationFrame(callback: () => void): void;
  sigilProgressSeen?: [number, number][];
}

test('a pilot downloads the parameters, watches the progress and searches them', async ({
  page,
}) => {
  await showView(page, 'parameters');
  // Every frame, note the bar's value: the download is over in about a second.
  await page.evaluate(() => {
    const g = globalThis as unknown as PageGlobals;
    const seen: [number, number][] = [];
    g.sigilProgressSeen = seen;
    let frames = 0;
    const sample = (): void => {
      const bar = g.document.querySelector('[data-testid="param-progress"] progress');
      if (bar !== null && bar.getAttribute('max') !== null) {
        const last = seen[seen.length - 1];
        if (last === undefined || last[0] !== bar.value) seen.push([bar.value, bar.max]);
      }
      // About a minute at 60 frames a second: longer than the test may take.
      if (++frames < 3600) g.requestAnimationFrame(sample);
    };
    sample();
  });
  await page.getByTestId('param-download').click();

  const count = page.getByTestId('param-count');
  await expect(count).toHaveText(/^\d+ parameters$/, { timeout: 30_000 });
  await expect.poll(async () => numberIn(await count.innerText())).toBeGreaterThanOrEqual(300);
  const total = numberIn(await count.innerText());

  const seen = await page.evaluate(
    () => (globalThis as unknown as PageGlobals).sigilProgressSeen ?? [],
  );
  const partial = seen.filter(([value, max]) => value > 0 && value < max);
  expect(partial.length, `progress values seen: ${JSON.stringify(seen)}`).toBeGreaterThan(0);
  expect(new Set(seen.map(([value]) => value)).size).toBeGreaterThan(1);

  const table = page.getByRole('table', { name: 'Parameters' });
  await expect(table).toHaveAttribute('aria-rowcount', String(total));
  await expect(page.getByTestId('param-row').first()).toBeVisible();
  await screenshot(page, 'parameters');

  await page.getByTestId('param-search').fill('BATT_');
  const filtered = Number(await table.getAttribute('aria-rowcount'));
  expect(filtered).toBeGreaterThan(0);
  expect(filtered).toBeLessThan(total);
  await expect(page.locator('[data-testid="param-row"][data-param="BATT_CAPACITY"]')).toBeVisible();
  for (const name of await page
    .getByTestId('param-row')
    .evaluateAll((rows) => rows.map((r) => r.getAttribute('data-param') ?? '')))
    expect(name).toContain('BATT_');
});
