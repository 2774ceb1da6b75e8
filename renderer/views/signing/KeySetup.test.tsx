// @vitest-environment happy-dom
// Setting the signing key, against a real core: a generated key is shown
// once and only while it is the key in use; a key that is not 64 hex
// digits is refused where it was typed.

import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openSession, type ViewSession } from '../../testing/view-session';
import { KeySetup } from './KeySetup';

let session: ViewSession;
beforeEach(async () => {
  session = await openSession('keySetup');
});
afterEach(() => session.close());

const fingerprintShown = (): string | null => screen.getByTestId('key-fingerprint').textContent;

describe('key setup', () => {
  it('shows a generated key once, and hides it when a passphrase key replaces it', async () => {
    session.show(<KeySetup />);
    fireEvent.click(screen.getByLabelText('a new random key'));
    fireEvent.click(screen.getByRole('button', { name: 'Generate key' }));

    const box = await screen.findByTestId('generated-key');
    const hex = within(box).getByTestId('generated-key-hex').textContent ?? '';
    expect(hex).toMatch(/^[0-9a-f]{64}$/);
    const generated = await session.api.request('signing.state', {});
    expect(fingerprintShown()).toBe(generated.fingerprint);
    // The core keeps the key; nothing it answers carries it again.
    expect(JSON.stringify(generated)).not.toContain(hex);

    fireEvent.click(screen.getByLabelText('a passphrase'));
    fireEvent.change(screen.getByLabelText('Passphrase'), {
      target: { value: 'correct horse battery staple' },
    });
    // With a key set, replacing it asks first.
    fireEvent.click(screen.getByRole('button', { name: 'Replace key' }));
    fireEvent.click(screen.getByRole('button', { name: 'Yes, replace the key' }));
    await waitFor(() => expect(fingerprintShown()).not.toBe(generated.fingerprint));

    expect(fingerprintShown()).toBe((await session.api.request('signing.state', {})).fingerprint);
    expect(screen.queryByTestId('generated-key')).toBeNull();
    expect(screen.queryByText(hex)).toBeNull();
  });

  it('refuses a key that is not 64 hex digits, and the key stays as it was', async () => {
    await session.api.request('signing.setKey', {
      source: 'passphrase',
      passphrase: 'the key in use',
      kdf: 'sha256',
    });
    const before = (await session.api.request('signing.state', {})).fingerprint;
    session.show(<KeySetup />);
    fireEvent.click(screen.getByLabelText('64 hex digits'));
    fireEvent.change(screen.getByLabelText('Key'), { target: { value: `${'0f'.repeat(31)}zz` } });
    fireEvent.click(screen.getByRole('button', { name: 'Replace key' }));
    fireEvent.click(screen.getByRole('button', { name: 'Yes, replace the key' }));

    expect((await screen.findByRole('alert')).textContent).toBe(
      'A key is exactly 64 hex digits (0-9, a-f).',
    );
    expect(screen.getByLabelText('Key').getAttribute('aria-invalid')).toBe('true');
    expect((await session.api.request('signing.state', {})).fingerprint).toBe(before);
    expect(fingerprintShown()).toBe(before ?? 'no key set');
  });
});
