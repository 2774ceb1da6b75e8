// Quitting waits for the core to close, once, and never hangs.

import { describe, expect, it, vi } from 'vitest';
import { quitAfter } from './lifecycle';

function quitEvent() {
  return { preventDefault: vi.fn() };
}

describe('quitAfter', () => {
  it('holds the first quit until close has finished, then quits for real', async () => {
    let finish!: () => void;
    const close = vi.fn(() => new Promise<void>((resolve) => (finish = resolve)));
    const app = { quit: vi.fn() };
    const onQuit = quitAfter(app, close);

    const first = quitEvent();
    onQuit(first);
    expect(first.preventDefault).toHaveBeenCalled();
    const again = quitEvent();
    onQuit(again);
    expect(again.preventDefault).toHaveBeenCalled();
    expect(close).toHaveBeenCalledTimes(1);
    expect(app.quit).not.toHaveBeenCalled();

    finish();
    await vi.waitFor(() => expect(app.quit).toHaveBeenCalledTimes(1));
    const last = quitEvent();
    onQuit(last);
    expect(last.preventDefault).not.toHaveBeenCalled();
  });

  it('quits after the time limit when close hangs, and after an error', async () => {
    const app = { quit: vi.fn() };
    quitAfter(app, () => new Promise<void>(() => {}), { timeoutMs: 20 })(quitEvent());
    await vi.waitFor(() => expect(app.quit).toHaveBeenCalled());

    const failed = { quit: vi.fn() };
    const onError = vi.fn();
    quitAfter(failed, () => Promise.reject(new Error('disk')), { onError })(quitEvent());
    await vi.waitFor(() => expect(failed.quit).toHaveBeenCalled());
    expect(onError).toHaveBeenCalledWith(new Error('disk'));
  });
});
