// What a pilot does on the page, step by step, each step waiting for what
// the page shows (never for a fixed time).

import { expect, type Locator, type Page } from '@playwright/test';
import { keyFromPassphrase } from '../../main/signing/key';

export type View = 'connections' | 'flight' | 'plan' | 'signing' | 'messages' | 'parameters';
export type Verdict =
  | 'ok'
  | 'unsigned-allowed'
  | 'bad-signature'
  | 'replay'
  | 'stale'
  | 'future'
  | 'too-many-streams'
  | 'unsigned'
  | 'impersonation'
  | 'own-identity';

/** The simulated copter's first GPS fix comes a few seconds after it starts. */
const GPS_FIX_TIMEOUT_MS = 20_000;
/** A command the vehicle ignores is sent three times, 1.5 s apart, then given up. */
export const COMMAND_GIVE_UP_MS = 15_000;

export async function showView(page: Page, view: View): Promise<void> {
  await page.getByTestId(`nav-${view}`).click();
  await expect(page.getByTestId(`view-${view}`)).toBeVisible();
}

/** A button that asks first: press it, then its confirm button. */
export async function confirm(page: Page, testId: string): Promise<void> {
  await page.getByTestId(testId).click();
  await page.getByTestId(`${testId}-confirm`).click();
}

/** "12.3 m", "1,234", "—" (unknown: NaN). */
export function numberIn(text: string): number {
  const match = /-?\d[\d,]*(\.\d+)?/.exec(text);
  return match === null ? Number.NaN : Number(match[0].replace(/,/g, ''));
}

export async function numberOf(locator: Locator): Promise<number> {
  return numberIn(await locator.innerText());
}

/** The id of the link the vehicle is heard on: the UDP listener that is up. */
export async function vehicleLinkId(page: Page): Promise<string> {
  await showView(page, 'connections');
  const row = page
    .getByTestId('link-row')
    .filter({ hasText: 'udpin:' })
    .filter({ has: page.getByTestId('link-state').getByText('connected', { exact: true }) })
    .first();
  await expect(row).toBeVisible();
  const id = await row.getAttribute('data-link-id');
  if (id === null) throw new Error('a link row without data-link-id');
  return id;
}

/** The signing view's counter of one verdict on one link. */
export function verdictCell(page: Page, linkId: string, verdict: Verdict): Locator {
  return page
    .locator(`[data-testid="verdict-row"][data-link-id="${linkId}"]`)
    .getByTestId(`verdict-${verdict}`);
}

export async function waitForGpsFix(page: Page): Promise<void> {
  await showView(page, 'flight');
  await expect(page.getByTestId('gps')).toContainText('3D FIX', { timeout: GPS_FIX_TIMEOUT_MS });
}

/** Sets the key from a passphrase on the signing view; returns its fingerprint. */
export async function setKeyFromPassphrase(page: Page, passphrase: string): Promise<string> {
  await showView(page, 'signing');
  await page.getByTestId('key-source-passphrase').check();
  await page.getByTestId('key-passphrase').fill(passphrase);
  await page.getByTestId('key-set').click();
  // SHA-256 of the passphrase, as MAVProxy and Mission Planner derive it.
  const { fingerprint } = keyFromPassphrase(passphrase);
  await expect(page.getByTestId('key-fingerprint')).toHaveText(fingerprint);
  await expect(page.getByTestId('topbar-fingerprint')).toHaveText(fingerprint);
  return fingerprint;
}

/** SETUP_SIGNING to the vehicle, confirmed by its next heartbeat, signed. */
export async function sendKeyToVehicle(page: Page): Promise<void> {
  await showView(page, 'signing');
  await confirm(page, 'send-key');
  await expect(page.getByTestId('send-key-result')).toHaveAttribute('data-ok', 'true', {
    timeout: 15_000,
  });
  await expect(page.getByTestId('heartbeat-signed')).toHaveText('signed');
}

/** Sets a link's signing policy on the signing view and waits until it is applied. */
export async function setLinkPolicy(
  page: Page,
  linkId: string,
  policy: { sign: boolean; require: boolean },
): Promise<void> {
  await showView(page, 'signing');
  const row = page.locator(`[data-testid="policy-row"][data-link-id="${linkId}"]`);
  await row.getByTestId('policy-sign').setChecked(policy.sign);
  await row.getByTestId('policy-require').setChecked(policy.require);
  await row.getByTestId('policy-apply').click();
  await expect(row.getByRole('status')).toHaveText('Applied.');
  await expect(row.getByTestId('policy-sign')).toBeChecked({ checked: policy.sign });
  await expect(row.getByTestId('policy-require')).toBeChecked({ checked: policy.require });
}

/** The whole signing setup: key from a passphrase, on the vehicle, required on the link. */
export async function signTheLink(
  page: Page,
  passphrase: string,
): Promise<{ linkId: string; fingerprint: string }> {
  const linkId = await vehicleLinkId(page);
  const fingerprint = await setKeyFromPassphrase(page, passphrase);
  await sendKeyToVehicle(page);
  await setLinkPolicy(page, linkId, { sign: true, require: true });
  return { linkId, fingerprint };
}

/** The last command's answer on the flight view. */
export function commandResult(page: Page): Locator {
  return page.getByTestId('command-result');
}

/** Picks a mode on the flight view and sets it; waits for the vehicle's answer. */
export async function setMode(page: Page, mode: string): Promise<void> {
  await showView(page, 'flight');
  await page.getByTestId('mode-select').selectOption(mode);
  await confirm(page, 'action-mode');
  await expect(commandResult(page)).toHaveAttribute('data-status', 'accepted');
  await expect(page.getByTestId('mode')).toHaveText(mode);
  await expect(page.getByTestId('topbar-mode')).toHaveText(mode);
}

export async function arm(page: Page): Promise<void> {
  await showView(page, 'flight');
  await confirm(page, 'action-arm');
  await expect(commandResult(page)).toHaveAttribute('data-status', 'accepted');
  await expect(page.getByTestId('armed')).toHaveText('ARMED');
}

/** Replays the session's own flight log at 10× from the Connections page; gives its file name. */
export async function replayOwnLog(page: Page): Promise<string> {
  await showView(page, 'connections');
  const form = page.getByRole('form', { name: 'Add a link' });
  await form.getByTestId('link-kind').selectOption('tlog');
  const log = form.getByTestId('replay-log');
  await expect(log.locator('option', { hasText: '.tlog' })).toHaveCount(1);
  const name = await log.locator('option', { hasText: '.tlog' }).getAttribute('value');
  await log.selectOption(name!);
  await form.getByLabel('Speed').selectOption('10');
  await form.getByTestId('link-open').click();
  return name!;
}
