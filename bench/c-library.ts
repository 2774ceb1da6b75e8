// The reference C implementation as a benchmark peer: a generated MAVLink
// C library (ardupilotmega dialect) named by SIGIL_BENCH_MAVLINK_C. At
// bench time a small driver of ours is written into a temporary folder and
// compiled against it; each call runs it once on a file of bytes, which it
// loads into memory, parses once untimed (warming caches and branch
// predictors) and once timed, byte by byte through `mavlink_parse_char`.
// Nothing of the library is kept or copied: it is only included.

import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { MessageDef } from '../main/mavlink/definition';

export const C_LIBRARY_ENV = 'SIGIL_BENCH_MAVLINK_C';
/** The compiler, and its flags (default -O2, the library's usual build). */
export const C_COMPILER_ENV = 'CC';
export const C_FLAGS_ENV = 'SIGIL_BENCH_CFLAGS';

export interface CRun {
  /** Frames the library accepted (decode: known messages decoded; verify: signature and stream ok). */
  frames: number;
  /** Wall-clock time of the timed pass. */
  seconds: number;
  /** CPU time of the timed pass: what a busy machine disturbs least. */
  cpuSeconds: number;
}

export interface CDriver {
  /** How it was built, for the report. */
  readonly description: string;
  /** Parse + CRC + decode into the message's struct, every frame of `file`. */
  decode(file: string): CRun;
  /** Parse + CRC + signature and stream check, with a fresh stream table at `startTimestamp`. */
  verify(file: string, key: Uint8Array, startTimestamp: number): CRun;
  dispose(): void;
}

/**
 * The driver, or why there is none: no variable, no library there, no
 * compiler, or a failed build (with the compiler's first lines).
 */
export function buildCDriver(messages: readonly MessageDef[]): CDriver | string {
  const library = process.env[C_LIBRARY_ENV];
  if (library === undefined || library === '') {
    return `${C_LIBRARY_ENV} is not set: it names a generated MAVLink C library, ardupilotmega dialect`;
  }
  const header = join(library, 'ardupilotmega', 'mavlink.h');
  if (!existsSync(header)) return `${C_LIBRARY_ENV}=${library} has no ardupilotmega/mavlink.h`;
  const compiler = process.env[C_COMPILER_ENV] || 'cc';
  const flags = (process.env[C_FLAGS_ENV] || '-O2').split(/\s+/).filter((f) => f !== '');
  let version: string;
  try {
    version = execFileSync(compiler, ['--version'], { encoding: 'utf8' }).split('\n')[0]!;
  } catch {
    return `no C compiler (${compiler}) to build the driver with`;
  }
  const dir = mkdtempSync(join(tmpdir(), 'sigil-bench-c-'));
  const source = join(dir, 'driver.c');
  const binary = join(dir, 'driver');
  writeFileSync(source, driverSource(messages));
  const build = spawnSync(
    compiler,
    [...flags, '-std=gnu99', '-w', '-I', library, '-o', binary, source],
    { encoding: 'utf8' },
  );
  if (build.status !== 0) {
    rmSync(dir, { recursive: true, force: true });
    const output = `${build.stderr}${build.stdout}`.split('\n').slice(0, 5).join(' | ');
    return `the C driver did not build: ${output || build.error?.message}`;
  }
  const run = (args: string[]): CRun => {
    const result = spawnSync(binary, args, { encoding: 'utf8' });
    if (result.status !== 0) throw new Error(`the C driver failed: ${result.stderr}`);
    return JSON.parse(result.stdout) as CRun;
  };
  return {
    description: `${version}, ${flags.join(' ')}`,
    decode: (file) => run(['decode', file]),
    verify: (file, key, start) =>
      run(['verify', file, Buffer.from(key).toString('hex'), String(start)]),
    dispose: () => rmSync(dir, { recursive: true, force: true }),
  };
}

/**
 * The driver's C source. Decoding calls the library's own generated
 * `mavlink_msg_<name>_decode` for every message of our dialect that the
 * library also has (one switch case each, guarded by its id macro).
 */
export function driverSource(messages: readonly MessageDef[]): string {
  const cases = messages.map((m) => {
    const name = m.name.toLowerCase();
    return [
      `#ifdef MAVLINK_MSG_ID_${m.name}`,
      `    case MAVLINK_MSG_ID_${m.name}: mavlink_msg_${name}_decode(msg, (mavlink_${name}_t *)out); return 1;`,
      '#endif',
    ].join('\n');
  });
  return `// Written by Sigil's benchmark (bench/c-library.ts); built and run in a temporary folder.
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "ardupilotmega/mavlink.h"

static uint8_t out[512] __attribute__((aligned(16)));
static volatile uint8_t sink;

static int decode(const mavlink_message_t *msg) {
  switch (msg->msgid) {
${cases.join('\n')}
    default: return 0;
  }
}

static uint8_t *load(const char *path, size_t *size) {
  FILE *f = fopen(path, "rb");
  if (f == NULL) { perror(path); exit(1); }
  fseek(f, 0, SEEK_END);
  *size = (size_t)ftell(f);
  fseek(f, 0, SEEK_SET);
  uint8_t *bytes = malloc(*size ? *size : 1);
  if (fread(bytes, 1, *size, f) != *size) { perror(path); exit(1); }
  fclose(f);
  return bytes;
}

static double now(clockid_t clock) {
  struct timespec t;
  clock_gettime(clock, &t);
  return (double)t.tv_sec + (double)t.tv_nsec * 1e-9;
}

static mavlink_signing_t signing;
static mavlink_signing_streams_t streams;

// A fresh channel state: with a key, signing is required and the stream table is empty.
static void reset(const uint8_t *key, uint64_t start) {
  mavlink_status_t *status = mavlink_get_channel_status(MAVLINK_COMM_0);
  memset(status, 0, sizeof *status);
  memset(&signing, 0, sizeof signing);
  memset(&streams, 0, sizeof streams);
  if (key != NULL) {
    memcpy(signing.secret_key, key, 32);
    signing.timestamp = start;
    status->signing = &signing;
    status->signing_streams = &streams;
  }
}

static size_t pass(const uint8_t *bytes, size_t size, int verify) {
  mavlink_message_t msg;
  mavlink_status_t status;
  size_t frames = 0;
  for (size_t i = 0; i < size; i++) {
    if (mavlink_parse_char(MAVLINK_COMM_0, bytes[i], &msg, &status)) {
      if (verify) {
        frames++;
      } else if (decode(&msg)) {
        sink ^= out[msg.len & 31];
        frames++;
      }
    }
  }
  return frames;
}

int main(int argc, char **argv) {
  int verify = argc == 5 && strcmp(argv[1], "verify") == 0;
  if (!verify && !(argc == 3 && strcmp(argv[1], "decode") == 0)) {
    fprintf(stderr, "usage: driver decode FILE | driver verify FILE KEYHEX START\\n");
    return 2;
  }
  size_t size;
  uint8_t *bytes = load(argv[2], &size);
  uint8_t key[32];
  uint64_t start = 0;
  if (verify) {
    for (int i = 0; i < 32; i++) sscanf(argv[3] + 2 * i, "%2hhx", &key[i]);
    start = strtoull(argv[4], NULL, 10);
  }
  reset(verify ? key : NULL, start);
  pass(bytes, size, verify);
  reset(verify ? key : NULL, start);
  double wall = now(CLOCK_MONOTONIC);
  double cpu = now(CLOCK_PROCESS_CPUTIME_ID);
  size_t frames = pass(bytes, size, verify);
  cpu = now(CLOCK_PROCESS_CPUTIME_ID) - cpu;
  wall = now(CLOCK_MONOTONIC) - wall;
  printf("{\\"frames\\":%zu,\\"seconds\\":%.9f,\\"cpuSeconds\\":%.9f}\\n", frames, wall, cpu);
  return 0;
}
`;
}
