// What a pilot does on the Plan view and on the map, step by step.

import { expect, type Page } from '@playwright/test';
import { confirm, showView } from './pilot';

/** Clicks a map `dx`, `dy` pixels from its centre (the centre holds home or the vehicle). */
export async function clickMap(
  page: Page,
  mapTestId: string,
  dx: number,
  dy: number,
): Promise<void> {
  const box = await page.getByTestId(mapTestId).boundingBox();
  if (box === null) throw new Error(`the map ${mapTestId} is not shown`);
  await page.mouse.click(box.x + box.width / 2 + dx, box.y + box.height / 2 + dy);
}

/** The Plan view, centred on the vehicle's home (its marker drawn). */
export async function showPlanAtHome(page: Page): Promise<void> {
  await showView(page, 'plan');
  await expect(page.getByTestId('plan-map').locator('.map-home').first()).toBeVisible();
}

/** Downloads the vehicle's plans into the editor; waits for the outcome of all three. */
export async function downloadPlans(page: Page): Promise<void> {
  await confirm(page, 'plan-download');
  for (const type of ['mission', 'fence', 'rally'])
    await expect(page.getByTestId(`plan-outcome-${type}`)).toHaveAttribute('data-ok', 'true', {
      timeout: 20_000,
    });
}
