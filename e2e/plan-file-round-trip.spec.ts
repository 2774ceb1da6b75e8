// Import a QGroundControl .plan (mission, geofence, rally points) into the
// Plan view and export it again: the same file, byte for byte.

import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { expect, test } from './fixtures';
import { ROOT } from './support/paths';
import { showView } from './support/pilot';

const FIXTURE = join(ROOT, 'main', 'vehicle', 'fixtures', 'survey.plan');

test('a pilot imports a .plan file and exports it unchanged', async ({ page }) => {
  await showView(page, 'plan');
  await page.getByTestId('plan-import').setInputFiles(FIXTURE);
  await expect(page.getByTestId('plan-file-note')).toHaveText(
    'Read survey.plan: mission, geofence, rally points.',
  );
  await expect(page.getByTestId('plan-item')).toHaveCount(6);
  await page.getByTestId('plan-tab-fence').click();
  await expect(page.getByTestId('fence-polygon')).toHaveCount(1);
  await expect(page.getByTestId('fence-circle')).toHaveCount(1);
  await expect(page.getByTestId('fence-return')).toHaveCount(1);
  await page.getByTestId('plan-tab-rally').click();
  await expect(page.getByTestId('rally-point')).toHaveCount(2);

  const download = page.waitForEvent('download');
  await page.getByTestId('plan-export-plan').click();
  const saved = await download;
  expect(saved.suggestedFilename()).toBe('survey.plan');
  const path = await saved.path();
  expect(await readFile(path, 'utf8')).toBe(await readFile(FIXTURE, 'utf8'));
});
