// @vitest-environment happy-dom
// Opening links from the Connections page, against a real core: the form
// builds the connection string of each kind and the core opens it; what
// the core refuses, or what fails once open, is said where the pilot looks.

import { fireEvent, screen, waitFor } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, inject, it } from 'vitest';
import { openSession, type ViewSession } from '../../testing/view-session';
import { AddLinkForm } from './AddLinkForm';
import { ConnectionsView } from './ConnectionsView';

const { serialPort, replayLog, ports } = inject('localHosts');

let session: ViewSession;
beforeEach(async () => {
  session = await openSession('linkForm');
});
afterEach(async () => {
  const { links } = await session.api.request('links.list', {});
  for (const link of links) await session.api.request('links.close', { linkId: link.id });
  session.close();
});

function choose(label: string, value: string): void {
  fireEvent.change(screen.getByLabelText(label), { target: { value } });
}

function hostAndPort(host: string, port: number): void {
  const hostField = screen.queryByLabelText('Host') ?? screen.getByLabelText('Listen on address');
  fireEvent.change(hostField, { target: { value: host } });
  choose('Port', String(port));
}

/**
 * The connection of the link the form says it opened (once the core reports
 * it up), or, with `up` false, only that it is opening.
 */
async function opened(up = true): Promise<string> {
  const text = up ? /^Opened link \d+ \(/ : /^Open(ing|ed) link \d+ \(/;
  const status = await screen.findByText(text, {}, { timeout: 5000 });
  return /\((.*)\)\.$/.exec(status.textContent ?? '')?.[1] ?? '';
}

/** The serial ports the port field offers, as 'path (manufacturer)'. */
function serialPortsOffered(): string[] {
  const field = screen.getByLabelText('Port');
  const list = document.getElementById(field.getAttribute('list') ?? '');
  return [...(list?.querySelectorAll('option') ?? [])].map(
    (o) => `${o.getAttribute('value')} (${o.textContent})`,
  );
}

describe('the add-link form', () => {
  it.each<[kind: string, fill: () => void | Promise<void>, connection: string]>([
    ['udpin', () => hostAndPort('127.0.0.1', ports.udp), `udpin:127.0.0.1:${ports.udp}`],
    ['udpout', () => hostAndPort('127.0.0.1', ports.udp), `udpout:127.0.0.1:${ports.udp}`],
    ['tcp', () => hostAndPort('127.0.0.1', ports.tcp), `tcp:127.0.0.1:${ports.tcp}`],
    [
      'serial',
      async () => {
        // Offered in the list under the field, which takes a typed path as well.
        await waitFor(() => expect(serialPortsOffered()).toContain(`${serialPort} (socat)`));
        choose('Port', serialPort);
        choose('Baud', '115200');
      },
      `serial:${serialPort}:115200`,
    ],
    [
      'tlog',
      async () => {
        await screen.findByRole('option', { name: new RegExp(`^${replayLog} \\(`) });
        choose('Log', replayLog);
      },
      `tlog:${replayLog}`,
    ],
  ])('opens a %s link from what the pilot picked', async (kind, fill, connection) => {
    session.show(<AddLinkForm />);
    choose('Kind', kind);
    await fill();
    fireEvent.click(
      screen.getByRole('button', { name: kind === 'tlog' ? 'Start replay' : 'Open link' }),
    );

    expect(await opened()).toBe(connection);
    const { links } = await session.api.request('links.list', {});
    expect(links.map((l) => l.connection)).toEqual([connection]);
  });

  it('opens an MQTT network with a user and password, and never shows the password back', async () => {
    session.show(<ConnectionsView />);
    choose('Kind', 'mqtt');
    hostAndPort('127.0.0.1', ports.tcp);
    choose('Network', 'field');
    choose('User name', 'pilot');
    choose('Password', 'hunter2 horse');
    fireEvent.click(screen.getByRole('button', { name: 'Open link' }));

    // No broker answers there: the link is opened, not necessarily up.
    const connection = `mqtt://pilot@127.0.0.1:${ports.tcp}/field`;
    expect(await opened(false)).toBe(connection);
    const { links } = await session.api.request('links.list', {});
    expect(links.map((l) => l.connection)).toEqual([connection]);
    expect(JSON.stringify(links)).not.toContain('hunter2');
    await screen.findByTestId('broker');
    expect(document.body.textContent).not.toContain('hunter2');
  });

  it('says why the core refused a link that is already open', async () => {
    session.show(<AddLinkForm />);
    hostAndPort('127.0.0.1', ports.udp);
    fireEvent.click(screen.getByRole('button', { name: 'Open link' }));
    await opened();
    fireEvent.click(screen.getByRole('button', { name: 'Open link' }));

    const refusal = await screen.findByRole('alert');
    expect(refusal.textContent).toMatch(
      new RegExp(
        `^Could not open the link: .*udpin:127\\.0\\.0\\.1:${ports.udp} is already open as link \\d+$`,
      ),
    );
  });

  it('shows the core’s error on the link when its port is in use', async () => {
    session.show(<ConnectionsView />);
    hostAndPort('127.0.0.1', ports.busyUdp);
    fireEvent.click(screen.getByRole('button', { name: 'Open link' }));

    const error = await screen.findByTestId('link-error', {}, { timeout: 5000 });
    expect(error.textContent).toBe(`port ${ports.busyUdp} is already in use`);
  });
});
