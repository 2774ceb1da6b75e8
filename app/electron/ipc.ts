// The main process's end of the IPC boundary: the one entry point for Api
// requests, which only our window's main frame showing our page may use,
// and the forwarding of the core's events to that window.

import type { ErrorPacket, EventPacket, ResultPacket } from '../../protocol/contract';
import { errorPacket, packetIdOf } from '../../protocol/packets';
import { IPC_CHANNELS } from './ipc-channels';
import { APP_ORIGIN, originOf } from './protocol';

/** What IPC needs of the Api service. */
export interface IpcService {
  handle(raw: unknown): Promise<ResultPacket | ErrorPacket>;
  subscribe(listener: (event: EventPacket) => void): () => void;
}

/** The parts of Electron's WebFrameMain the sender check reads. */
export interface FrameLike {
  readonly frameToken: string;
  readonly processId: number;
  readonly url: string;
  readonly parent: unknown;
  isDestroyed(): boolean;
}

/** The parts of an IpcMainInvokeEvent the handler reads. */
export interface InvokeEventLike {
  readonly senderFrame: FrameLike | null;
}

/**
 * Whether a message comes from the frame we trust: our window's top frame,
 * showing a page of ours. A subframe, another window, or our window after
 * it was somehow navigated elsewhere is refused.
 */
export function isTrustedSender(frame: FrameLike | null, trusted: FrameLike | null): boolean {
  if (frame === null || trusted === null) return false;
  if (frame.isDestroyed() || trusted.isDestroyed()) return false;
  if (frame.parent !== null) return false;
  if (frame.frameToken !== trusted.frameToken || frame.processId !== trusted.processId) {
    return false;
  }
  return originOf(frame.url) === APP_ORIGIN;
}

/**
 * The handler for `ipcMain.handle(IPC_CHANNELS.request, ...)`. Answers are
 * values, never thrown errors: a refusal is a `service.error` too.
 */
export function createRequestHandler(
  service: IpcService,
  trustedFrame: () => FrameLike | null,
): (event: InvokeEventLike, packet: unknown) => Promise<ResultPacket | ErrorPacket> {
  return async (event, packet) => {
    if (!isTrustedSender(event.senderFrame, trustedFrame())) {
      return errorPacket(packetIdOf(packet), 'this frame may not use the Sigil Api');
    }
    try {
      return await service.handle(packet);
    } catch (error) {
      return errorPacket(
        packetIdOf(packet),
        error instanceof Error ? error.message : String(error),
      );
    }
  };
}

/** The parts of Electron's WebContents that event forwarding uses. */
export interface EventSink {
  isDestroyed(): boolean;
  send(channel: string, ...args: unknown[]): void;
}

/** Sends every event of the core to the window; returns the way to stop. */
export function forwardEvents(service: IpcService, contents: EventSink): () => void {
  return service.subscribe((event) => {
    if (!contents.isDestroyed()) contents.send(IPC_CHANNELS.event, event);
  });
}
