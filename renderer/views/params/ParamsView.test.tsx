// @vitest-environment happy-dom
// The parameter editor against a real core flying the simulated vehicle:
// a download shows its progress, search narrows the table, and a value set
// is the one the vehicle confirmed.

import { fireEvent, screen, waitFor } from '@testing-library/react';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { openSession, type ViewSession } from '../../testing/view-session';
import { ParamsView } from './ParamsView';

/** The simulated vehicle's system and component. */
const VEHICLE = { sysid: 1, compid: 1 };

beforeAll(async () => {
  const setup = await openSession('params');
  try {
    const { vehicles } = await setup.api.request('vehicles.list', {});
    if (vehicles.length === 0) await setup.api.request('sim.start', {});
  } finally {
    setup.close();
  }
});

let session: ViewSession;
beforeEach(async () => {
  session = await openSession('params');
});
afterEach(() => session.close());

/** The numbers in a text, in order. */
function numbersIn(text: string | null): number[] {
  return (text ?? '').match(/\d+/g)?.map(Number) ?? [];
}

/** Shows the editor once the vehicle is heard and downloads; the number of parameters. */
async function downloaded(): Promise<number> {
  session.show(<ParamsView />);
  fireEvent.click(await screen.findByRole('button', { name: /^Download/ }, { timeout: 10_000 }));
  const count = await screen.findByText(/^\d+ parameters$/, {}, { timeout: 10_000 });
  return numbersIn(count.textContent)[0]!;
}

function rowNames(): string[] {
  return screen.getAllByTestId('param-row').map((row) => row.getAttribute('data-param') ?? '');
}

describe('the parameter editor', () => {
  it('downloads the parameters, showing how many have arrived', async () => {
    session.show(<ParamsView />);
    fireEvent.click(await screen.findByRole('button', { name: /^Download/ }, { timeout: 10_000 }));

    await waitFor(
      () => {
        const [received, total] = numbersIn(screen.getByTestId('param-progress').textContent);
        expect(received).toBeGreaterThan(0);
        expect(received).toBeLessThan(total!);
      },
      { timeout: 10_000 },
    );
    const count = await screen.findByText(/^\d+ parameters$/, {}, { timeout: 10_000 });
    const total = numbersIn(count.textContent)[0]!;
    expect(total).toBeGreaterThanOrEqual(300);
    expect(screen.getByRole('table', { name: 'Parameters' }).getAttribute('aria-rowcount')).toBe(
      String(total),
    );
  });

  it('narrows the table to the names that contain what the pilot searches for', async () => {
    const total = await downloaded();
    fireEvent.change(screen.getByLabelText('Search'), { target: { value: 'batt_' } });

    const shown = Number(
      screen.getByRole('table', { name: 'Parameters' }).getAttribute('aria-rowcount'),
    );
    expect(shown).toBeGreaterThan(0);
    expect(shown).toBeLessThan(total);
    expect(rowNames()).toContain('BATT_CAPACITY');
    for (const name of rowNames()) expect(name).toContain('BATT_');
  });

  it('shows a value set once the vehicle confirms it', async () => {
    await downloaded();
    fireEvent.change(screen.getByLabelText('Search'), { target: { value: 'BATT_CAPACITY' } });
    const before = screen.getByRole('button', { name: /^BATT_CAPACITY is \d+; edit$/ });
    const value = before.textContent === '4000' ? '4100' : '4000';
    fireEvent.click(before);
    fireEvent.change(screen.getByLabelText('New value for BATT_CAPACITY'), {
      target: { value },
    });
    fireEvent.click(screen.getByRole('button', { name: 'Set' }));

    await screen.findByText(`The vehicle confirmed ${value}.`, {}, { timeout: 10_000 });
    screen.getByRole('button', { name: `BATT_CAPACITY is ${value}; edit` });
    const { params } = await session.api.request('params.list', VEHICLE);
    expect(params.find((p) => p.name === 'BATT_CAPACITY')?.value).toBe(Number(value));
  });
});
