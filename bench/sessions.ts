// The headless host under load: 20 remote sessions at once, signed in with
// the browser client (main/remote/client.ts) over Node's fetch and `ws`,
// each receiving the simulated copter's telemetry for 30 seconds with every
// frame sealed by the host and checked by the client. Each session also
// asks something every two seconds, so it stays alive and its answers are
// timed.
//
// The core sends a snapshot only when something changed (at most ~30 a
// second); the simulated copter gives about 13 a second. Every session
// should get every snapshot the core made, steadily. A session that hears
// an error, loses its socket, goes unanswered or gets no snapshot at all
// fails the run.

import { freeUdpPort } from '../main/testing/ports';
import { waitFor } from '../main/testing/wait-for';
import {
  remoteHost,
  signInAs,
  watch,
  type Cleanup,
  type Watched,
} from '../app/host/testing/remote-sessions';

export interface SessionFigures {
  sessions: number;
  /** Seconds measured, from the first snapshot every session got. */
  seconds: number;
  /** Snapshots per second the core made. */
  madePerSecond: number;
  /** Snapshots per second received, by the slowest and the fastest session. */
  perSessionMin: number;
  perSessionMax: number;
  /** Snapshots the core made that the worst-served session did not get. */
  mostMissed: number;
  /** The longest time any session went without a snapshot. */
  longestGapMs: number;
  /** Requests sent, answers received, and the answers' 99th percentile. */
  requests: number;
  answered: number;
  requestP99Ms: number;
  /** service.error and service.interrupt packets, over all sessions. */
  errors: number;
  /** Sessions whose socket closed during the run. */
  closes: number;
  /** Why the run failed, one sentence each; empty when it passed. */
  failures: string[];
}

const ASK_EVERY_MS = 2000;

interface Tally {
  watched: Watched;
  snapshots: number;
  longestGapMs: number;
  lastSnapshotAt: number;
  errors: number;
  answers: number[];
  closed: boolean;
}

/** Counts snapshots as they arrive, rather than keeping 20 x 900 of them. */
function tally(watched: Watched): Tally {
  const t: Tally = {
    watched,
    snapshots: 0,
    longestGapMs: 0,
    lastSnapshotAt: 0,
    errors: 0,
    answers: [],
    closed: false,
  };
  void watched.closed.then(() => (t.closed = true));
  const push = watched.packets.push.bind(watched.packets);
  watched.packets.push = (...packets) => {
    for (const packet of packets) {
      if (packet.packetType === 'telemetry.snapshot' && (packet.vehicles as unknown[]).length > 0) {
        const now = performance.now();
        if (t.lastSnapshotAt > 0) t.longestGapMs = Math.max(t.longestGapMs, now - t.lastSnapshotAt);
        t.lastSnapshotAt = now;
        t.snapshots++;
        continue;
      }
      if (packet.packetType === 'service.error' || packet.packetType === 'service.interrupt') {
        t.errors++;
      }
      push(packet);
    }
    return watched.packets.length;
  };
  return t;
}

export async function benchSessions(
  options: { sessions?: number; seconds?: number } = {},
): Promise<SessionFigures> {
  const count = options.sessions ?? 20;
  const seconds = options.seconds ?? 30;
  const cleanup: Cleanup = [];
  try {
    const link = `udpin:127.0.0.1:${await freeUdpPort()}`;
    const { client, service, running } = await remoteHost(cleanup, {
      service: { defaultLink: link },
    });
    const started = await service.handle({ packetId: 'sim', packetType: 'sim.start' });
    if (started.packetType !== 'sim.start.result') {
      throw new Error(`the simulated vehicle did not start: ${JSON.stringify(started)}`);
    }
    let made = 0;
    cleanup.push(
      service.subscribe((event) => {
        if (event.packetType === 'telemetry.snapshot' && event.vehicles.length > 0) made++;
      }),
    );

    const signedIn = await Promise.all(Array.from({ length: count }, () => signInAs(client)));
    const tallies: Tally[] = [];
    for (const session of signedIn) tallies.push(tally(await watch(session, cleanup)));
    const failures: string[] = [];
    if (running.sessionCount !== count) {
      failures.push(`${running.sessionCount} of ${count} sessions connected`);
    }

    // Count from the first snapshot each session gets.
    await waitFor('the copter in every session', () => tallies.every((t) => t.snapshots > 0));
    const startedAt = performance.now();
    made = 0;
    for (const t of tallies) {
      t.snapshots = 0;
      t.longestGapMs = 0;
      t.lastSnapshotAt = 0;
    }
    let asks = 0;
    while (performance.now() - startedAt < seconds * 1000) {
      await new Promise((resolve) => setTimeout(resolve, ASK_EVERY_MS));
      asks++;
      await Promise.all(
        tallies.map(async (t) => {
          const sent = performance.now();
          const answer = await t.watched
            .request({ packetId: `ask-${asks}`, packetType: 'vehicles.list' })
            .catch(() => undefined);
          if (answer === undefined) return;
          t.answers.push(performance.now() - sent);
          if (answer.packetType !== 'vehicles.list.result') t.errors++;
        }),
      );
    }
    const elapsed = (performance.now() - startedAt) / 1000;
    const madeByCore = made;
    const stillConnected = running.remote?.sessionCount ?? 0;

    const rates = tallies.map((t) => t.snapshots / elapsed);
    const answers = tallies.flatMap((t) => t.answers).sort((a, b) => a - b);
    const figures: SessionFigures = {
      sessions: count,
      seconds: elapsed,
      madePerSecond: madeByCore / elapsed,
      perSessionMin: Math.min(...rates),
      perSessionMax: Math.max(...rates),
      mostMissed: Math.max(0, ...tallies.map((t) => madeByCore - t.snapshots)),
      longestGapMs: Math.max(...tallies.map((t) => t.longestGapMs)),
      requests: asks * count,
      answered: answers.length,
      requestP99Ms: answers[Math.floor(answers.length * 0.99)] ?? 0,
      errors: tallies.reduce((sum, t) => sum + t.errors, 0),
      closes: tallies.filter((t) => t.closed).length,
      failures,
    };

    const silent = tallies.filter((t) => t.snapshots === 0).length;
    if (silent > 0) failures.push(`${silent} sessions got no snapshot`);
    if (figures.errors > 0) failures.push(`the sessions heard ${figures.errors} errors`);
    if (figures.closes > 0) failures.push(`${figures.closes} sessions lost their socket`);
    if (figures.answered < figures.requests) {
      failures.push(`${figures.requests - figures.answered} requests went unanswered`);
    }
    if (stillConnected !== count) {
      failures.push(`${stillConnected} of ${count} sessions were still open at the end`);
    }
    return figures;
  } finally {
    for (const step of cleanup.splice(0).reverse()) await step();
  }
}
