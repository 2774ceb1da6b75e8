// The part of a WebSocket the clients use, so the same code takes a
// browser's WebSocket and, in Node, the `ws` package's.

export interface SocketLike {
  readonly readyState: number;
  send(data: string): void;
  close(code?: number, reason?: string): void;
  // Handlers as methods, so a browser WebSocket or a `ws` one is assignable.
  onopen: { handle(event: unknown): void }['handle'] | null;
  onmessage: { handle(event: { data: unknown }): void }['handle'] | null;
  onclose: { handle(event: { code: number; reason: string }): void }['handle'] | null;
  onerror: { handle(event: unknown): void }['handle'] | null;
}
