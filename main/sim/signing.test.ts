import { operatorSecretEncryptor } from '../storage/operator-secret';
import { mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { MAV_CMD, MAV_RESULT, MAV_SEVERITY } from '../mavlink/dialect';
import { FrameMac } from '../signing/frame-mac';
import { keyFromPassphrase, type SigningKey } from '../signing/key';
import { disableSigningFrame, setupSigningFrame } from '../signing/setup-signing';
import { STALE_WINDOW, timestampFromUnixMs } from '../signing/timestamp';
import { ARMED_REFUSAL } from './setup';
import { STATE_FILE } from './state-store';
import { FakeClock, GCS_COMPID, GCS_SYSID, TestGcs, type Received } from './testing/scripted-gcs';

const KEY = keyFromPassphrase('sigil sim test key');
const OTHER_KEY = keyFromPassphrase('not the key');
const ARM = MAV_CMD.MAV_CMD_COMPONENT_ARM_DISARM;

function tempDir(): string {
  return mkdtempSync(join(tmpdir(), 'sigil-sim-'));
}

function setupSigning(gcs: TestGcs, key: SigningKey = KEY, target = gcs.sim.sysid): void {
  const frame = setupSigningFrame(
    gcs.codec,
    { targetSystem: target, targetComponent: 1 },
    key,
    timestampFromUnixMs(gcs.clock.ms),
    { seq: 0, sysid: GCS_SYSID, compid: GCS_COMPID },
  );
  gcs.sim.receive(frame);
}

function verifies(frame: Received, key: SigningKey): boolean {
  return new FrameMac(key).matches(frame.bytes, 0, frame.bytes.length);
}

/** A vehicle past its GPS fix, streaming, with signing set up by an unsigned SETUP_SIGNING. */
async function signedSim(options: Parameters<typeof TestGcs.start>[0] = {}): Promise<TestGcs> {
  const gcs = await TestGcs.start(options);
  gcs.requestStreams();
  gcs.run(4000);
  setupSigning(gcs);
  gcs.run(100);
  gcs.clear();
  return gcs;
}

describe('SimVehicle signing', () => {
  it('refuses SETUP_SIGNING while armed with a WARNING saying so', async () => {
    const gcs = await TestGcs.start();
    gcs.run(4000);
    gcs.command(ARM, [1]);
    setupSigning(gcs);
    const text = gcs.last('STATUSTEXT')!.fields;
    expect(text).toMatchObject({
      severity: MAV_SEVERITY.MAV_SEVERITY_WARNING,
      text: ARMED_REFUSAL,
    });
    expect(ARMED_REFUSAL).toBe("Won't setup signing when armed");
    expect(gcs.sim.signingEnabled).toBe(false);
    gcs.run(1000);
    expect(gcs.last('HEARTBEAT')!.signed).toBe(false);
  });

  it('signs every frame after SETUP_SIGNING, and they verify with the key', async () => {
    const gcs = await signedSim();
    gcs.run(2000);
    expect(gcs.received.length).toBeGreaterThan(40);
    for (const frame of gcs.received) {
      expect(frame.signed).toBe(true);
      expect(verifies(frame, KEY)).toBe(true);
      expect(verifies(frame, OTHER_KEY)).toBe(false);
    }
    const stamps = gcs.received.map((r) => r.timestamp!);
    for (let i = 1; i < stamps.length; i++) expect(stamps[i]).toBeGreaterThan(stamps[i - 1]!);
    expect(gcs.sim.keyFingerprint).toBe(KEY.fingerprint);
    expect(gcs.events).toContainEqual({
      kind: 'signing',
      enabled: true,
      fingerprint: KEY.fingerprint,
    });
  });

  it('ignores an unsigned COMMAND_LONG once signing is on, and counts it', async () => {
    const gcs = await signedSim();
    gcs.command(ARM, [1]);
    expect(gcs.named('COMMAND_ACK')).toHaveLength(0);
    expect(gcs.sim.armed).toBe(false);
    expect(gcs.sim.signingCounts.unsigned).toBe(1);
    expect(gcs.sim.stats.ignored).toBe(1);
  });

  it('acts on a COMMAND_LONG signed with its key', async () => {
    const gcs = await signedSim();
    gcs.useKey(KEY);
    gcs.command(ARM, [1]);
    expect(gcs.acks(ARM)).toEqual([MAV_RESULT.MAV_RESULT_ACCEPTED]);
    expect(gcs.sim.armed).toBe(true);
    expect(gcs.sim.signingCounts.ok).toBe(1);
  });

  it('ignores a replayed signed frame', async () => {
    const gcs = await signedSim();
    gcs.useKey(KEY);
    const frame = gcs.command(ARM, [1]);
    gcs.useKey(KEY, 2);
    gcs.command(ARM, [0]);
    expect(gcs.sim.armed).toBe(false);
    gcs.sim.receive(frame);
    expect(gcs.sim.armed).toBe(false);
    expect(gcs.acks(ARM)).toHaveLength(2);
    expect(gcs.sim.signingCounts.replay).toBe(1);
  });

  it('ignores a frame signed with another key', async () => {
    const gcs = await signedSim();
    gcs.useKey(OTHER_KEY);
    gcs.command(ARM, [1]);
    expect(gcs.named('COMMAND_ACK')).toHaveLength(0);
    expect(gcs.sim.signingCounts['bad-signature']).toBe(1);
  });

  it('takes an unsigned RADIO_STATUS, as a telemetry radio injects it', async () => {
    const gcs = await signedSim();
    gcs.send('RADIO_STATUS', { rssi: 200, remrssi: 190 });
    expect(gcs.sim.signingCounts['unsigned-allowed']).toBe(1);
    expect(gcs.sim.stats.ignored).toBe(0);
  });

  it('ignores an unsigned SETUP_SIGNING once signing is on', async () => {
    const gcs = await signedSim();
    setupSigning(gcs, OTHER_KEY);
    expect(gcs.sim.keyFingerprint).toBe(KEY.fingerprint);
  });

  it('turns signing off on a signed SETUP_SIGNING with an all-zero key', async () => {
    const gcs = await signedSim();
    gcs.useKey(KEY);
    const off = disableSigningFrame(
      gcs.codec,
      { targetSystem: 1, targetComponent: 1 },
      { seq: 0, sysid: GCS_SYSID, compid: GCS_COMPID },
    );
    gcs.sim.receive(gcs.sign(off));
    expect(gcs.sim.signingEnabled).toBe(false);
    gcs.clear();
    gcs.run(1000);
    expect(gcs.last('HEARTBEAT')!.signed).toBe(false);
    expect(gcs.events).toContainEqual({ kind: 'signing', enabled: false });
  });

  it('ignores a SETUP_SIGNING addressed to another system', async () => {
    const gcs = await TestGcs.start();
    setupSigning(gcs, KEY, 7);
    expect(gcs.sim.signingEnabled).toBe(false);
  });

  it('starts signing from a key given at start', async () => {
    const gcs = await TestGcs.start({ key: KEY });
    gcs.run(1000);
    const beat = gcs.last('HEARTBEAT')!;
    expect(beat.signed).toBe(true);
    expect(verifies(beat, KEY)).toBe(true);
  });

  it('keeps its key and moves its timestamp on across a restart', async () => {
    const stateDir = tempDir();
    const first = await signedSim({ stateDir });
    first.run(5000);
    const lastStamp = first.last('HEARTBEAT')!.timestamp!;
    await first.sim.close();

    // The second run's wall clock is ten minutes behind (a board without a
    // real-time clock): only the saved state can keep its timestamps ahead.
    const second = await TestGcs.start({ stateDir }, new FakeClock(first.clock.ms - 600_000));
    second.run(1000);
    const beat = second.last('HEARTBEAT')!;
    expect(second.sim.keyFingerprint).toBe(KEY.fingerprint);
    expect(beat.signed).toBe(true);
    expect(verifies(beat, KEY)).toBe(true);
    // At boot it begins 60 s above what was saved, as ArduPilot does.
    expect(beat.timestamp!).toBeGreaterThan(lastStamp + STALE_WINDOW);
  });

  it('writes its state file readable by its owner only, the key sealed', async () => {
    const stateDir = tempDir();
    const gcs = await signedSim({ stateDir });
    await gcs.sim.close();
    const path = join(stateDir, STATE_FILE);
    const text = readFileSync(path, 'utf8');
    const saved = JSON.parse(text) as { sealedKey: string; timestamp: number };
    expect(text).not.toContain(KEY.exportHex());
    expect(Buffer.from(saved.sealedKey, 'base64').toString()).toContain(
      '"sealedBy":"operator-secret"',
    );
    expect(saved.timestamp).toBe(gcs.sim.signingTimestamp);
    if (process.platform !== 'win32') expect(statSync(path).mode & 0o777).toBe(0o600);
  });

  it('keeps no key at all when nothing can seal it', async () => {
    const stateDir = tempDir();
    const gcs = await signedSim({ stateDir, sealer: undefined });
    await gcs.sim.close();
    const text = readFileSync(join(stateDir, STATE_FILE), 'utf8');
    expect(text).not.toContain(KEY.exportHex());
    expect(JSON.parse(text)).toMatchObject({ sealedKey: null });
    const second = await TestGcs.start({ stateDir });
    expect(second.sim.signingEnabled).toBe(false);
  });

  it('reads a key written in plain by an earlier version, and seals it at the next save', async () => {
    const stateDir = tempDir();
    const path = join(stateDir, STATE_FILE);
    writeFileSync(path, JSON.stringify({ version: 1, key: KEY.exportHex(), timestamp: 1 }));
    const gcs = await TestGcs.start({ stateDir });
    expect(gcs.sim.keyFingerprint).toBe(KEY.fingerprint);
    await gcs.sim.close();
    expect(readFileSync(path, 'utf8')).not.toContain(KEY.exportHex());
  });

  it('starts without its key, and says why, when the sealed key cannot be opened', async () => {
    const stateDir = tempDir();
    const first = await signedSim({ stateDir });
    await first.sim.close();
    const other = operatorSecretEncryptor('not the secret it was sealed with', 'another');
    const second = await TestGcs.start({ stateDir, sealer: other });
    expect(second.sim.signingEnabled).toBe(false);
    expect(second.events).toContainEqual({
      kind: 'state-error',
      message: expect.stringMatching(/starting without a key: .*not the one it was sealed with/),
    });
  });

  it('starts with signing off and reports a corrupt state file', async () => {
    const stateDir = tempDir();
    writeFileSync(join(stateDir, STATE_FILE), '{ not json');
    const gcs = await TestGcs.start({ stateDir });
    expect(gcs.sim.signingEnabled).toBe(false);
    expect(gcs.events[0]).toMatchObject({ kind: 'state-error' });
  });
});
