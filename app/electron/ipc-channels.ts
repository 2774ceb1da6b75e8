// Every IPC channel between the desktop app's main process and its preload,
// listed once. The preload and main import these names; nothing else
// crosses the boundary.

export const IPC_CHANNELS = {
  /** Renderer -> main (invoke): one request packet; answers its result or a service.error. */
  request: 'sigil:request',
  /** Main -> renderer: one event packet the core pushed. */
  event: 'sigil:event',
} as const;

export type IpcChannel = (typeof IPC_CHANNELS)[keyof typeof IPC_CHANNELS];
