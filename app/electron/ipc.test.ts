// The main process's IPC entry point: only our window's top frame showing
// our page reaches the service; answers are packets, never thrown errors;
// events go to the window until it is gone or unsubscribed.

import { describe, expect, it, vi } from 'vitest';
import type { ErrorPacket, EventPacket, ResultPacket } from '../../protocol/contract';
import { createRequestHandler, forwardEvents, isTrustedSender, type FrameLike } from './ipc';
import { IPC_CHANNELS } from './ipc-channels';

function frame(overrides: Partial<FrameLike> = {}): FrameLike {
  return {
    frameToken: 'main-token',
    processId: 7,
    url: 'app://sigil/index.html',
    parent: null,
    isDestroyed: () => false,
    ...overrides,
  };
}

function fakeService(answer?: (raw: unknown) => Promise<ResultPacket | ErrorPacket>) {
  const listeners = new Set<(event: EventPacket) => void>();
  const handle = vi.fn(
    answer ??
      ((raw: unknown) =>
        Promise.resolve({
          packetId: (raw as { packetId: string }).packetId,
          packetType: 'links.list.result',
          links: [],
        } as ResultPacket)),
  );
  return {
    handle,
    subscribe(listener: (event: EventPacket) => void) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    emit: (event: EventPacket) => listeners.forEach((l) => l(event)),
    listeners,
  };
}

const request = { packetId: 'p1', packetType: 'links.list' };

describe('isTrustedSender', () => {
  const trusted = frame();
  it('trusts the top frame of our window on our page', () => {
    expect(isTrustedSender(frame(), trusted)).toBe(true);
    expect(isTrustedSender(frame({ url: 'app://sigil/assets/x.html#y' }), trusted)).toBe(true);
  });

  it.each([
    ['a subframe', frame({ parent: trusted, frameToken: 'sub' })],
    ['a subframe claiming the same token', frame({ parent: trusted })],
    ['another window', frame({ frameToken: 'other' })],
    ['another process', frame({ processId: 8 })],
    ['a page from elsewhere', frame({ url: 'https://evil.example/' })],
    ['a file:// page', frame({ url: 'file:///tmp/index.html' })],
    ['another app:// host', frame({ url: 'app://other/index.html' })],
    ['a destroyed frame', frame({ isDestroyed: () => true })],
    ['no frame', null],
  ])('refuses %s', (_what, sender) => {
    expect(isTrustedSender(sender, trusted)).toBe(false);
  });

  it('refuses everything when there is no window', () => {
    expect(isTrustedSender(frame(), null)).toBe(false);
  });
});

describe('createRequestHandler', () => {
  it('forwards a request from our frame and returns the service answer', async () => {
    const service = fakeService();
    const handler = createRequestHandler(service, () => frame());
    const answer = await handler({ senderFrame: frame() }, request);
    expect(answer).toEqual({ packetId: 'p1', packetType: 'links.list.result', links: [] });
    expect(service.handle).toHaveBeenCalledWith(request);
  });

  it('refuses other frames with a service.error, without reaching the service', async () => {
    const service = fakeService();
    const handler = createRequestHandler(service, () => frame());
    const answer = await handler(
      { senderFrame: frame({ parent: frame(), frameToken: 'iframe' }) },
      request,
    );
    expect(answer).toEqual({
      packetId: 'p1',
      packetType: 'service.error',
      message: 'this frame may not use the Sigil Api',
    });
    expect(await handler({ senderFrame: null }, 'junk')).toMatchObject({
      packetId: null,
      packetType: 'service.error',
    });
    expect(service.handle).not.toHaveBeenCalled();
  });

  it('turns a service that throws into a service.error', async () => {
    const service = fakeService(() => Promise.reject(new Error('boom')));
    const handler = createRequestHandler(service, () => frame());
    expect(await handler({ senderFrame: frame() }, request)).toEqual({
      packetId: 'p1',
      packetType: 'service.error',
      message: 'boom',
    });
  });
});

describe('forwardEvents', () => {
  it('sends every event on the event channel until stopped or the window is gone', () => {
    const service = fakeService();
    let destroyed = false;
    const contents = { isDestroyed: () => destroyed, send: vi.fn() };
    const stop = forwardEvents(service, contents);
    const event: EventPacket = { packetType: 'logs.error', message: 'disk full' };
    service.emit(event);
    expect(contents.send).toHaveBeenCalledWith(IPC_CHANNELS.event, event);
    destroyed = true;
    service.emit(event);
    expect(contents.send).toHaveBeenCalledTimes(1);
    stop();
    expect(service.listeners.size).toBe(0);
  });
});
