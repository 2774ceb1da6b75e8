// `sigil mission download|upload|clear`: a vehicle's mission, geofence and
// rally points to and from a file, over any link, signed like all traffic.
// Progress goes to stderr, a JSON summary to stdout; a vehicle that refuses
// makes it exit 1 with the vehicle's reason.

import { readFile, writeFile } from 'node:fs/promises';
import { Gcs } from '../../main/core/gcs';
import { defaultDataDir } from '../../main/core/paths';
import type { RoutedVehicle } from '../../main/core/router';
import {
  ConnectionError,
  parseConnection,
  type ConnectionConfig,
} from '../../main/links/connection';
import { MISSION_TYPES, type MissionType } from '../../main/vehicle/mission-items';
import { MissionError, type MissionProgress } from '../../main/vehicle/mission-transfer';
import {
  formatOfName,
  PlanFileError,
  planTypes,
  readPlan,
  writePlan,
  type Plan,
} from '../../main/vehicle/plan-file';
import { createSerialBinding } from '../../native/serial';
import {
  CliError,
  UsageError,
  describeFsError,
  parseCommandLine,
  write,
  type Command,
  type Io,
} from './command';
import { KEY_HELP, KEY_OPTIONS, linkSigning, parseWhole } from './signing-options';

const ACTIONS = ['download', 'upload', 'clear'] as const;
type Action = (typeof ACTIONS)[number];

const DEFAULT_WAIT_S = 10;

export const missionCommand: Command = {
  name: 'mission',
  summary: "download, upload or clear a vehicle's mission, geofence and rally points",
  help: `Usage: sigil mission download CONNECTION FILE [options]
       sigil mission upload CONNECTION FILE [options]
       sigil mission clear CONNECTION [options]

Reads a vehicle's plans into FILE, writes FILE's plans to the vehicle, or
clears them there, over the mission protocol (with retries; everything sent
is signed when a key is given). Progress goes to stderr; a JSON summary of
what was done to stdout. If the vehicle refuses, the command says why and
exits with 1; an upload that fails part-way says the vehicle may hold part
of the new plan.

FILE is a QGroundControl .plan (mission, geofence and rally points together)
or a QGC WPL 110 .waypoints file (Mission Planner, MAVProxy; one plan per
file: a mission, or a geofence or rally points, told apart by their items).

CONNECTION is as 'sigil monitor' takes it: udpin:0.0.0.0:14550,
udpout:HOST:PORT, tcp:127.0.0.1:5760, tcpin:HOST:PORT, serial:PATH[:BAUD].

Options:
  --type T            mission, fence or rally; repeat it or list them with
                      commas (default: all the file holds for upload; all
                      three for clear, and for download to a .plan; the
                      mission for download to a .waypoints)
${KEY_HELP}
  --require-signing   sign what is sent and reject unsigned frames
                      (RADIO_STATUS and RADIO excepted)
  --sysid N           the vehicle to use (default: the first heard)
  --wait S            how long to wait for the vehicle's heartbeat
                      (default ${DEFAULT_WAIT_S})
  --data-dir DIR      where the signing clock and flight logs are kept
                      (default: ${defaultDataDir()})
  --no-record         do not write a flight log
  -h, --help          show this help

Examples:
  sigil mission download udpin:0.0.0.0:14550 field.plan
  sigil mission upload tcp:127.0.0.1:5760 route.waypoints --passphrase "correct horse" --require-signing
  sigil mission clear udpin:0.0.0.0:14550 --type fence
`,
  async run(args, io) {
    const { values, positionals } = parseCommandLine(args, {
      ...KEY_OPTIONS,
      type: { type: 'string', multiple: true },
      'require-signing': { type: 'boolean' },
      sysid: { type: 'string' },
      wait: { type: 'string' },
      'data-dir': { type: 'string' },
      'no-record': { type: 'boolean' },
    });
    const [action, connection, file, ...extra] = positionals;
    if (action === undefined || !(ACTIONS as readonly string[]).includes(action))
      throw new UsageError(
        `expected download, upload or clear, not ${action === undefined ? 'nothing' : `'${action}'`}`,
      );
    const wantsFile = action !== 'clear';
    if (connection === undefined) throw new UsageError('expected a CONNECTION');
    if (wantsFile && file === undefined) throw new UsageError(`mission ${action} needs a FILE`);
    if (extra.length > 0 || (!wantsFile && file !== undefined))
      throw new UsageError(`unexpected argument '${wantsFile ? extra[0] : file}'`);
    const config = connectionOf(connection);
    const types = parseTypes(values.type);
    const sysid = parseWhole('--sysid', values.sysid, 1, 255);
    const waitS = values.wait === undefined ? DEFAULT_WAIT_S : Number(values.wait);
    if (!(waitS > 0))
      throw new UsageError(`--wait must be a positive number of seconds, not '${values.wait}'`);
    const { key, require } = await linkSigning(values);

    const job = await prepare(action as Action, file, types);
    let gcs: Gcs;
    try {
      gcs = await Gcs.start({
        dataDir: values['data-dir'] ?? defaultDataDir(),
        record: !values['no-record'],
        serial: createSerialBinding(),
        log: (message) => void io.stderr.write(`sigil mission: ${message}\n`),
      });
    } catch (error) {
      throw new CliError(`cannot start: ${error instanceof Error ? error.message : String(error)}`);
    }
    try {
      if (key !== null) gcs.setKey(key);
      gcs.openLink(config, { sign: require, require });
      const entry = await vehicleOn(gcs, connection, sysid, waitS);
      const summary = await job(entry, io);
      await write(io.stdout, JSON.stringify(summary) + '\n');
      return 0;
    } catch (error) {
      if (error instanceof MissionError) throw new CliError(error.message);
      throw error;
    } finally {
      await gcs.close();
    }
  },
};

type Job = (entry: RoutedVehicle, io: Io) => Promise<object>;

function connectionOf(text: string): ConnectionConfig {
  let config: ConnectionConfig;
  try {
    config = parseConnection(text);
  } catch (error) {
    if (error instanceof ConnectionError) throw new UsageError(error.message);
    throw error;
  }
  if (config.kind === 'tlog')
    throw new UsageError('a recorded tlog cannot take a plan: connect to a vehicle');
  return config;
}

function parseTypes(values: string[] | undefined): MissionType[] | undefined {
  if (values === undefined) return undefined;
  const types = values.flatMap((v) => v.split(',')).map((v) => v.trim());
  for (const t of types)
    if (!(MISSION_TYPES as readonly string[]).includes(t))
      throw new UsageError(`--type must be mission, fence or rally, not '${t}'`);
  return MISSION_TYPES.filter((t) => types.includes(t));
}

/** Everything about the file is checked before anything is connected. */
async function prepare(
  action: Action,
  file: string | undefined,
  types: MissionType[] | undefined,
): Promise<Job> {
  if (action === 'clear') {
    const clearing = types ?? [...MISSION_TYPES];
    return async ({ vehicle }) => {
      for (const type of clearing) await vehicle.missions.clear(type);
      return { vehicle: { sysid: vehicle.sysid, compid: vehicle.compid }, cleared: clearing };
    };
  }
  const path = file!;
  const format = formatOfName(path);
  if (format === undefined)
    throw new UsageError(
      `${path}: name the file .plan (QGroundControl) or .waypoints (QGC WPL 110)`,
    );
  if (action === 'download') {
    const reading = types ?? (format === 'qgc-plan' ? [...MISSION_TYPES] : ['mission' as const]);
    if (format === 'waypoints' && reading.length !== 1)
      throw new UsageError('a .waypoints file holds one plan: give one --type, or write a .plan');
    return async ({ vehicle }, io) => {
      const plan: Plan = {};
      const off = vehicle.events.on('missionProgress', (p) => progress(io, p));
      try {
        for (const type of reading) plan[type] = await vehicle.missions.download(type);
      } finally {
        off();
      }
      await writeFile(path, writePlan(plan, format)).catch((error: unknown) => {
        throw new CliError(
          `cannot write ${path}: ${error instanceof Error ? error.message : String(error)}`,
        );
      });
      return summary(vehicle, path, format, plan);
    };
  }
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw new CliError(describeFsError(error, path));
  }
  let plan: Plan;
  try {
    plan = readPlan(text);
  } catch (error) {
    if (error instanceof PlanFileError) throw new CliError(`${path}: ${error.message}`);
    throw error;
  }
  const held = planTypes(plan);
  const sending = types ?? held;
  for (const type of sending)
    if (!held.includes(type))
      throw new UsageError(`${path} holds no ${type} (it holds ${held.join(', ') || 'nothing'})`);
  return async ({ vehicle }, io) => {
    const off = vehicle.events.on('missionProgress', (p) => progress(io, p));
    try {
      for (const type of sending) await vehicle.missions.upload(type, plan[type]!);
    } finally {
      off();
    }
    const sent: Plan = {};
    for (const type of sending) sent[type] = plan[type];
    return summary(vehicle, path, format, sent);
  };
}

function summary(
  vehicle: RoutedVehicle['vehicle'],
  file: string,
  format: string,
  plan: Plan,
): object {
  const plans: Partial<Record<MissionType, { items: number }>> = {};
  for (const type of planTypes(plan)) plans[type] = { items: plan[type]!.length };
  return { vehicle: { sysid: vehicle.sysid, compid: vehicle.compid }, file, format, plans };
}

function progress(io: Io, p: MissionProgress): void {
  io.stderr.write(`${p.type} ${p.direction} ${p.done}/${p.total}\n`);
}

/** The first live vehicle heard (or the one with `sysid`), within `waitS` seconds. */
async function vehicleOn(
  gcs: Gcs,
  connection: string,
  sysid: number | undefined,
  waitS: number,
): Promise<RoutedVehicle> {
  const deadline = Date.now() + waitS * 1000;
  for (;;) {
    const entry = gcs.router
      .vehicles()
      .find((e) => e.replay === null && (sysid === undefined || e.vehicle.sysid === sysid));
    if (entry !== undefined) return entry;
    if (Date.now() > deadline)
      throw new CliError(
        `no ${sysid === undefined ? 'vehicle' : `vehicle ${sysid}`} heard on ${connection} within ${waitS} s`,
      );
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
