// The map in the field: the pilot points Sigil at a tile server (here one
// on a loopback port, started by the scenario), the flight map shows its
// tiles through Sigil's own host, and once that server is gone the same
// map, loaded afresh, still shows them from Sigil's cache; a tile it never
// fetched is answered "unavailable" and the map says it draws without tiles.

import type { Page } from '@playwright/test';
import { startTileServer } from '../main/tiles/testing/tile-server';
import { expect, screenshot, test } from './fixtures';
import { showView, waitForGpsFix } from './support/pilot';

/** Every tile image on the map has loaded a picture (none broken, none pending). */
async function tilesShown(page: Page): Promise<number> {
  const map = page.getByTestId('map');
  await expect(map).toHaveAttribute('data-map-mode', 'tiles');
  const tiles = map.locator('img.leaflet-tile');
  await expect(tiles.first()).toBeVisible();
  // The page's types are not this file's (no DOM here): an image is what it reports.
  type Image = { complete: boolean; naturalWidth: number };
  await expect
    .poll(() =>
      tiles.evaluateAll((images) =>
        images.every(
          (i) => (i as unknown as Image).complete && (i as unknown as Image).naturalWidth > 0,
        ),
      ),
    )
    .toBe(true);
  await expect(map).toHaveAttribute('data-map-mode', 'tiles');
  return tiles.count();
}

test("the map's tiles come from Sigil's cache once the tile server is gone", async ({ page }) => {
  const server = await startTileServer();
  try {
    await waitForGpsFix(page);
    await showView(page, 'connections');
    const panel = page.getByTestId('offline-maps');
    await panel.getByTestId('tile-source-url').fill(server.template);
    await panel.getByTestId('tile-source-attribution').fill('© Loopback tiles');
    await panel.getByTestId('tile-source-max-zoom').fill('18');
    await panel.getByTestId('tile-source-save').click();
    await expect(panel.getByTestId('tile-source-url')).toHaveValue(server.template);
    await expect(panel.getByTestId('tile-area-refusal')).toHaveCount(0);

    await showView(page, 'flight');
    const shown = await tilesShown(page);
    const fetched = server.requestCount();
    expect(fetched).toBeGreaterThanOrEqual(shown);
    expect(server.userAgents[0]).toMatch(/^Sigil\/\d+\.\d+\.\d+ /);

    await server.stop();
    const answers: number[] = [];
    page.on('response', (response) => {
      if (new URL(response.url()).pathname.startsWith('/tiles/')) answers.push(response.status());
    });
    await page.reload();
    await showView(page, 'flight');
    expect(await tilesShown(page)).toBe(shown);
    await expect(page.locator('.map-attribution')).toHaveText('© Loopback tiles');
    expect(answers.length).toBeGreaterThan(0);
    expect(answers.every((status) => status === 200 || status === 304)).toBe(true);
    expect(server.requestCount()).toBe(fetched);
    await showView(page, 'connections');
    await expect(page.getByTestId('tile-cache-stats')).toContainText(`${fetched} tiles`);
    await showView(page, 'flight');
    await tilesShown(page);
    await screenshot(page, 'offline-map');

    // One zoom level in: tiles Sigil never fetched, and no server to ask.
    await page.getByRole('button', { name: 'Zoom in' }).click();
    await expect(page.getByTestId('map')).toHaveAttribute('data-map-mode', 'no-tiles');
    await expect(page.getByTestId('map-offline')).toContainText('Map tiles could not be loaded');
    expect(answers).toContain(503);
  } finally {
    await server.stop().catch(() => undefined);
  }
});
