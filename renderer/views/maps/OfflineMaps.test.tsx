// @vitest-environment happy-dom
// The Offline maps panel against a real core (the Connections page's host,
// where the panel is shown): the source and cache as the core has them,
// an area estimated before anything is fetched, and OpenStreetMap's
// refusal of bulk downloads said plainly with the download held back.

import { fireEvent, screen, waitFor } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openSession, type ViewSession } from '../../testing/view-session';
import { OfflineMaps } from './OfflineMaps';

let session: ViewSession;
beforeEach(async () => {
  session = await openSession('linkForm');
});
afterEach(() => session.close());

function type(testId: string, value: string): void {
  fireEvent.change(screen.getByTestId(testId), { target: { value } });
}

describe('the Offline maps panel', () => {
  it('shows the tile source, its attribution and the cache', async () => {
    session.show(<OfflineMaps />);
    const url = (await screen.findByTestId('tile-source-url')) as HTMLInputElement;
    expect(url.value).toBe('https://tile.openstreetmap.org/{z}/{x}/{y}.png');
    expect((screen.getByTestId('tile-source-attribution') as HTMLInputElement).value).toBe(
      '© OpenStreetMap contributors',
    );
    expect(screen.getByTestId('tile-cache-stats').textContent).toBe('0 tiles, 0 B of 500.0 MiB');
  });

  it("estimates an area, and holds the download back from OpenStreetMap's servers, saying why", async () => {
    session.show(<OfflineMaps />);
    await screen.findByTestId('tile-area-south');
    type('tile-area-south', '-35.40');
    type('tile-area-west', '149.10');
    type('tile-area-north', '-35.35');
    type('tile-area-east', '149.15');
    type('tile-area-minZoom', '12');
    type('tile-area-maxZoom', '14');
    fireEvent.click(screen.getByTestId('tile-area-estimate'));

    const estimate = await screen.findByTestId('tile-estimate');
    const { estimate: expected } = await session.api.request('tiles.estimate', {
      bounds: { south: -35.4, west: 149.1, north: -35.35, east: 149.15 },
      minZoom: 12,
      maxZoom: 14,
    });
    expect(estimate.textContent).toBe(
      `${expected.tiles} tiles, about ${(expected.bytes / 1024).toFixed(1)} KiB to fetch.`,
    );
    expect(screen.getByTestId('tile-area-refusal').textContent).toContain(
      "OpenStreetMap's public tile servers forbid bulk downloading",
    );
    expect((screen.getByTestId('tile-area-download') as HTMLButtonElement).disabled).toBe(true);
  });

  it('says what is wrong with an area before asking the core', async () => {
    session.show(<OfflineMaps />);
    await screen.findByTestId('tile-area-south');
    type('tile-area-south', '10');
    type('tile-area-west', '10');
    type('tile-area-north', '9');
    type('tile-area-east', '11');
    await waitFor(() => expect(screen.getByText('South must be below north.')).toBeTruthy());
    expect((screen.getByTestId('tile-area-estimate') as HTMLButtonElement).disabled).toBe(true);
  });
});
