import { describe, expect, it } from 'vitest';
import { Limiter, LimiterFullError } from './limiter';

function gate() {
  let open!: () => void;
  const opened = new Promise<void>((resolve) => (open = resolve));
  return { open, opened };
}

describe('limiter', () => {
  it('runs at most N tasks at once, the rest in order', async () => {
    const limiter = new Limiter(2);
    const gates = [gate(), gate(), gate()];
    const started: number[] = [];
    const runs = gates.map((g, i) =>
      limiter.run(async () => {
        started.push(i);
        await g.opened;
        return i;
      }),
    );
    await new Promise((r) => setImmediate(r));
    expect(started).toEqual([0, 1]);
    expect(limiter.queued).toBe(1);
    gates[1]!.open();
    await runs[1];
    await new Promise((r) => setImmediate(r));
    expect(started).toEqual([0, 1, 2]);
    gates[0]!.open();
    gates[2]!.open();
    expect(await Promise.all(runs)).toEqual([0, 1, 2]);
    expect(limiter.running).toBe(0);
  });

  it('lets a waiting task go when its signal aborts, and refuses past the queue bound', async () => {
    const limiter = new Limiter(1, 1);
    const busy = gate();
    const first = limiter.run(() => busy.opened);
    const controller = new AbortController();
    const waiting = limiter.run(() => Promise.resolve('ran'), controller.signal);
    await expect(limiter.run(() => Promise.resolve('ran'))).rejects.toBeInstanceOf(
      LimiterFullError,
    );
    controller.abort(new Error('gave up'));
    await expect(waiting).rejects.toThrow('gave up');
    expect(limiter.queued).toBe(0);
    busy.open();
    await first;
    expect(await limiter.run(() => Promise.resolve('ran'))).toBe('ran');
  });
});
