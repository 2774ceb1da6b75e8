// Runs the MQTT benchmark's ground station in a process of its own;
// bench/mqtt.ts starts it and reads the figures, the one line it prints.
//
//   node bin/run-ts.mjs bench/mqtt-host.ts --port PORT --vehicles N --seconds S

import { parseArgs } from 'node:util';
import { measureMqtt } from './mqtt';

const { values } = parseArgs({
  options: {
    port: { type: 'string' },
    vehicles: { type: 'string' },
    seconds: { type: 'string' },
  },
});

measureMqtt(Number(values.port), Number(values.vehicles ?? 20), Number(values.seconds ?? 10))
  .then((figures) => process.stdout.write(JSON.stringify(figures) + '\n'))
  .catch((error: unknown) => {
    process.stderr.write(`mqtt: ${error instanceof Error ? error.message : error}\n`);
    process.exitCode = 1;
  });
