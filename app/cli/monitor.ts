// `sigil monitor CONNECTION`: connect, and once a second print the vehicles
// and the link's statistics, signing verdicts and dropped frames included.

import { Gcs } from '../../main/core/gcs';
import type { Link } from '../../main/core/link';
import { gcsPeers } from '../../main/core/peers';
import type { RoutedVehicle } from '../../main/core/router';
import { defaultDataDir } from '../../main/core/paths';
import { ConnectionError, formatConnection, parseConnection } from '../../main/links/connection';
import { describeClockHealth } from '../../main/signing/persistent-clock';
import { createSerialBinding } from '../../native/serial';
import type { VehicleSnapshot } from '../../main/vehicle/vehicle';
import {
  CliError,
  UsageError,
  interruption,
  parseCommandLine,
  write,
  type Command,
  type Io,
} from './command';
import {
  FUTURE_HORIZON_HELP,
  FUTURE_HORIZON_OPTIONS,
  KEY_HELP,
  KEY_OPTIONS,
  linkSigning,
  parseFutureHorizon,
} from './signing-options';
import { VEHICLE_OPTIONS, parseVehicleLimits, vehicleHelp } from './vehicle-options';

export const monitorCommand: Command = {
  name: 'monitor',
  summary: 'connect to a vehicle and print its state and the link statistics every second',
  help: `Usage: sigil monitor CONNECTION [--key HEX | --passphrase P] [--require-signing]
                    [--future-horizon DURATION] [--json] [--duration S]
                    [--data-dir DIR] [--no-record] [--max-vehicles N] [...]

Connects and prints, once a second, the vehicles heard (mode, armed, position,
battery) and the link's statistics, signing verdicts included. When the
signing clock cannot be read or saved, it says so (once on stderr, naming the
file and the reason, and in every report) and holds signed frames it cannot
prove fresh.

CONNECTION is one of:
  udpin:HOST:PORT      listen (e.g. udpin:0.0.0.0:14550, where SITL and radios send)
  udpout:HOST:PORT     send to a fixed peer
  tcp:HOST:PORT        connect (e.g. tcp:127.0.0.1:5760 for ArduPilot SITL)
  tcpin:HOST:PORT      accept connections
  serial:PATH[:BAUD]   a serial device (default 57600), also /dev/ttyUSB0,115200
  tlog:FILE            replay a recorded tlog through the same pipeline
  mqtt://[USER[:PASSWORD]@]HOST[:PORT]/NETWORK
                       every system of a network on an MQTT broker (see
                       'sigil bridge'); mqtts:// for TLS, with
                       ?ca=FILE&cert=FILE&key=FILE

The GCS's own identity (system and component id, signing link ids) is kept
in the data folder's identity.json; other ground stations heard are listed
as peers.

Options:
${KEY_HELP}
  --require-signing   sign what is sent and reject unsigned frames
                      (RADIO_STATUS and RADIO excepted)
${FUTURE_HORIZON_HELP}
  --json              one JSON object per line instead of text
  --duration S        stop after S seconds (default: run until Ctrl-C)
  --data-dir DIR      where the signing clock and flight logs are kept
                      (default: ${defaultDataDir()})
  --no-record         do not write a flight log
${vehicleHelp(22)}
  -h, --help          show this help
`,
  async run(args, io) {
    const { values, positionals } = parseCommandLine(args, {
      ...KEY_OPTIONS,
      ...FUTURE_HORIZON_OPTIONS,
      'require-signing': { type: 'boolean' },
      json: { type: 'boolean' },
      duration: { type: 'string' },
      'data-dir': { type: 'string' },
      'no-record': { type: 'boolean' },
      ...VEHICLE_OPTIONS,
    });
    if (positionals.length !== 1) throw new UsageError('expected exactly one CONNECTION');
    let config;
    try {
      config = parseConnection(positionals[0]!);
    } catch (error) {
      if (error instanceof ConnectionError) throw new UsageError(error.message);
      throw error;
    }
    const duration = values.duration === undefined ? undefined : Number(values.duration);
    if (duration !== undefined && !(duration > 0)) {
      throw new UsageError(
        `--duration must be a positive number of seconds, not '${values.duration}'`,
      );
    }
    const futureHorizon = parseFutureHorizon(values['future-horizon']);
    const vehicles = parseVehicleLimits(values);
    const { key, require } = await linkSigning(values);

    let gcs: Gcs;
    try {
      gcs = await Gcs.start({
        dataDir: values['data-dir'] ?? defaultDataDir(),
        record: !values['no-record'],
        serial: createSerialBinding(),
        futureHorizon,
        vehicles,
        log: (message) => void io.stderr.write(`sigil monitor: ${message}\n`),
      });
    } catch (error) {
      throw new CliError(`cannot start: ${error instanceof Error ? error.message : String(error)}`);
    }
    if (key !== null) gcs.setKey(key);
    const link = gcs.openLink(config, { sign: require, require });
    const json = values.json === true;

    const { interrupted, release } = interruption();
    const elapsed = new Promise<void>((resolve) => {
      if (duration !== undefined) setTimeout(resolve, duration * 1000).unref();
    });
    const tick = setInterval(() => void report(io, gcs, link, json), 1000);
    await Promise.race([interrupted, elapsed]);
    release();
    clearInterval(tick);
    await report(io, gcs, link, json);
    await gcs.close();
    return 0;
  },
};

async function report(io: Io, gcs: Gcs, link: Link, json: boolean): Promise<void> {
  const now = Date.now();
  const entries = gcs.router.vehicles();
  const stats = link.stats();
  const clock = gcs.signing.clockHealth;
  if (json) {
    const line = {
      time: now,
      link: {
        id: link.id,
        connection: formatConnection(link.config),
        state: link.state,
        stats,
        recentRejections: link.recentRejections(),
      },
      signing: {
        fingerprint: gcs.keyFingerprint,
        localTimestamp: gcs.signing.localTimestamp,
        clock,
        streams: gcs.signing.streams(),
        signedVehicles: gcs.signedVehicles(),
      },
      refused: gcs.router.counts,
      vehicles: entries.map((e) => summary(e, now)),
      identity: gcs.identity,
      peers: gcsPeers(gcs.router.inspector, now),
      ...(link.broker === undefined
        ? {}
        : { broker: { ...link.broker.brokerStats(), bridges: link.broker.bridges() } }),
    };
    await write(io.stdout, JSON.stringify(line) + '\n');
    return;
  }
  const state = link.state.status === 'error' ? `error: ${link.state.message}` : link.state.status;
  const v = stats.verdicts;
  const lines = [
    `${new Date(now).toISOString().slice(11, 19)} ${formatConnection(link.config)} ${state}` +
      ` | in ${stats.framesIn} frames (${stats.rates.framesIn.toFixed(0)}/s)` +
      ` out ${stats.framesOut} | bad CRC ${stats.parser.badCrc}` +
      ` | signing ok ${v.ok} unsigned-allowed ${v['unsigned-allowed']} bad-signature ${v['bad-signature']}` +
      ` replay ${v.replay} stale ${v.stale} future ${v.future}` +
      ` too-many-streams ${v['too-many-streams']} unsigned ${v.unsigned}` +
      ` | dropped impersonation ${stats.dropped.impersonation} own-identity ${stats.dropped['own-identity']}` +
      ` | refused ${stats.framesRejected} frames (${stats.rejectedRate.toFixed(0)}/s),` +
      ` ${gcs.router.counts.vehiclesRefused} new vehicles`,
  ];
  const broker = link.broker;
  if (broker !== undefined) {
    const b = broker.brokerStats();
    const bridges = broker.bridges();
    lines.push(
      `  broker ${b.protocolVersion === null ? 'not yet connected' : `MQTT ${b.protocolVersion === 5 ? '5' : '3.1.1'}`}` +
        ` | ${b.connects} connect${b.connects === 1 ? '' : 's'}, ${b.outages} outage${b.outages === 1 ? '' : 's'}` +
        ` | received ${b.received} sent ${b.published} unsent ${b.unsent}` +
        ` malformed ${b.malformed} misrouted ${b.misrouted}` +
        ` | bridges ${bridges.length === 0 ? 'none' : bridges.map((r) => `${r.name} ${r.online ? 'online' : 'OFFLINE'}`).join(', ')}`,
    );
  }
  const peers = gcsPeers(gcs.router.inspector, now);
  const me = gcs.identity;
  lines.push(
    `  GCS ${me.sysid}/${me.compid} (signing link id ${link.signingLinkId})` +
      (peers.length === 0
        ? ''
        : ` | peers: ${peers.map((p) => `GCS ${p.sysid}/${p.compid}${p.signed ? ' signed' : ''}`).join(', ')}`),
  );
  if (clock.state !== 'ok' || clock.problems.length > 0) {
    lines.push(
      `  SIGNING CLOCK ${clock.state.toUpperCase()}: ${describeClockHealth(clock)}` +
        ` (${clock.held} signed frame${clock.held === 1 ? '' : 's'} held)`,
    );
  }
  for (const entry of entries) {
    const s = entry.vehicle.snapshot(now);
    const pos = s.position;
    const batt = s.battery;
    const source = entry.replay === null ? '' : ` (replay of ${entry.replay.file})`;
    lines.push(
      `  vehicle ${s.sysid}/${s.compid}${source} ${s.autopilot ?? '?'} ${s.type ?? '?'} ${s.mode ?? '?'}` +
        ` ${s.armed ? 'ARMED' : 'disarmed'}${entry.signed ? ' SIGNED' : ''}${s.linkLost ? ' LINK LOST' : ''}` +
        (pos
          ? ` ${pos.lat.toFixed(6)},${pos.lon.toFixed(6)} alt ${pos.altRelative.toFixed(1)} m`
          : '') +
        (batt && batt.voltage !== null ? ` battery ${batt.voltage.toFixed(2)} V` : '') +
        (batt && batt.remaining !== null ? ` ${batt.remaining}%` : ''),
    );
  }
  await write(io.stdout, lines.join('\n') + '\n');
}

function summary(entry: RoutedVehicle, now: number) {
  const s: VehicleSnapshot = entry.vehicle.snapshot(now);
  return {
    sysid: s.sysid,
    compid: s.compid,
    type: s.type,
    autopilot: s.autopilot,
    mode: s.mode,
    armed: s.armed,
    linkLost: s.linkLost,
    heartbeatSigned: s.heartbeatSigned,
    signed: entry.signed,
    replay: entry.replay,
    position: s.position,
    battery: s.battery,
  };
}
