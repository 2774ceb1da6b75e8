// LOAD TEST (about 35 s; runs in the normal suite): 20 remote sessions at
// once, signed in with the browser client (protocol/remote/client.ts) over
// Node's fetch and `ws`, each receiving the simulated copter's telemetry
// for 30 seconds with every frame sealed by the host and checked by the
// client. Each session also asks something every two seconds, so it stays
// alive and its answers are timed. SIGIL_LOAD_SECONDS changes the length.
//
// The core sends a snapshot only when something changed (at most ~30 a
// second); the simulated copter gives about 13 a second. What is asserted
// is that every session gets every snapshot the core made, steadily, with
// no error, no refusal and no closed socket.

import { describe, expect, it } from 'vitest';
import { freeUdpPort, waitFor } from '../../main/core/testing';
import { remoteHost, signInAs, watch, type Cleanup, type Watched } from './remote-testing';

const SESSIONS = 20;
const SECONDS = Number(process.env.SIGIL_LOAD_SECONDS ?? 30);

interface Tally {
  watched: Watched;
  snapshots: number;
  longestGapMs: number;
  lastSnapshotAt: number;
  errors: number;
  answers: number[];
}

describe('20 remote sessions for 30 seconds', () => {
  it(
    'all get telemetry, with no error and no closed socket',
    async () => {
      const cleanup: Cleanup = [];
      try {
        const link = `udpin:127.0.0.1:${await freeUdpPort()}`;
        const { client, service, running } = await remoteHost(cleanup, {
          service: { defaultLink: link },
        });
        expect(
          (await service.handle({ packetId: 'sim', packetType: 'sim.start' })).packetType,
        ).toBe('sim.start.result');

        let made = 0;
        cleanup.push(
          service.subscribe((event) => {
            if (event.packetType === 'telemetry.snapshot' && event.vehicles.length > 0) made++;
          }),
        );
        const sessions = await Promise.all(
          Array.from({ length: SESSIONS }, () => signInAs(client)),
        );
        const tallies: Tally[] = [];
        for (const session of sessions) {
          const watched = await watch(session, cleanup);
          const tally: Tally = {
            watched,
            snapshots: 0,
            longestGapMs: 0,
            lastSnapshotAt: 0,
            errors: 0,
            answers: [],
          };
          tallies.push(tally);
          // Count as packets arrive rather than keeping 20 x 900 snapshots.
          const push = watched.packets.push.bind(watched.packets);
          watched.packets.push = (...packets) => {
            for (const packet of packets) {
              if (
                packet.packetType === 'telemetry.snapshot' &&
                (packet.vehicles as unknown[]).length > 0
              ) {
                const now = Date.now();
                if (tally.lastSnapshotAt > 0) {
                  tally.longestGapMs = Math.max(tally.longestGapMs, now - tally.lastSnapshotAt);
                }
                tally.lastSnapshotAt = now;
                tally.snapshots++;
              } else {
                if (
                  packet.packetType === 'service.error' ||
                  packet.packetType === 'service.interrupt'
                ) {
                  tally.errors++;
                }
                push(packet);
              }
            }
            return watched.packets.length;
          };
        }
        expect(running.sessionCount).toBe(SESSIONS);

        // Count from the first snapshot each session gets, for SECONDS.
        await waitFor('the copter in every session', () => tallies.every((t) => t.snapshots > 0));
        const startedAt = Date.now();
        made = 0;
        for (const tally of tallies) {
          tally.snapshots = 0;
          tally.longestGapMs = 0;
          tally.lastSnapshotAt = 0;
        }
        let ask = 0;
        while (Date.now() - startedAt < SECONDS * 1000) {
          await new Promise((r) => setTimeout(r, 2000));
          ask++;
          await Promise.all(
            tallies.map(async (tally) => {
              const sent = Date.now();
              const answer = await tally.watched.request({
                packetId: `ask-${ask}`,
                packetType: 'vehicles.list',
              });
              tally.answers.push(Date.now() - sent);
              if (answer.packetType !== 'vehicles.list.result') tally.errors++;
            }),
          );
        }
        const elapsed = (Date.now() - startedAt) / 1000;
        const madeByCore = made;

        const rates = tallies.map((t) => t.snapshots / elapsed);
        const gaps = tallies.map((t) => t.longestGapMs);
        const answers = tallies.flatMap((t) => t.answers).sort((a, b) => a - b);
        const p99 = answers[Math.floor(answers.length * 0.99)] ?? 0;
        console.log(
          `load: ${SESSIONS} sessions, ${elapsed.toFixed(1)} s: the core made ` +
            `${(madeByCore / elapsed).toFixed(1)} snapshots/s; per session ` +
            `min ${Math.min(...rates).toFixed(1)} max ${Math.max(...rates).toFixed(1)}; ` +
            `longest gap ${Math.max(...gaps)} ms; ${answers.length} requests answered, ` +
            `p99 ${p99} ms`,
        );

        expect(running.sessionCount).toBe(SESSIONS);
        expect(running.remote?.sessionCount).toBe(SESSIONS);
        for (const tally of tallies) {
          expect(tally.errors).toBe(0);
          // Every snapshot the core made reached every session (give or take
          // the few in flight when the count was read).
          expect(tally.snapshots).toBeGreaterThanOrEqual(madeByCore - 3);
          expect(tally.snapshots / elapsed).toBeGreaterThanOrEqual(10);
          expect(tally.longestGapMs).toBeLessThan(1000);
          expect(tally.answers.length).toBe(ask);
        }
        expect(p99).toBeLessThan(1000);
        // Nobody's socket closed on the way: each closes only now.
        const states = await Promise.race([
          Promise.any(tallies.map((t) => t.watched.closed)).then(() => 'closed'),
          new Promise((r) => setTimeout(() => r('open'), 50)),
        ]);
        expect(states).toBe('open');
      } finally {
        for (const step of cleanup.splice(0).reverse()) await step();
      }
    },
    (SECONDS + 30) * 1000,
  );
});
