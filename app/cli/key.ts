// `sigil key derive` and `sigil key generate`: make a signing key and print
// it with its fingerprint.

import { generateKey, type SigningKey } from '../../main/signing/key';
import { parseCommandLine, UsageError, write, type Command } from './command';
import { keyFromOptions } from './signing-options';

function keyJson(key: SigningKey): string {
  return JSON.stringify({ key: key.exportHex(), fingerprint: key.fingerprint }) + '\n';
}

export const keyCommand: Command = {
  name: 'key',
  summary: 'derive a signing key from a passphrase, or generate a random one',
  help: `Usage: sigil key derive --passphrase P [--kdf sha256|qgc]
       sigil key generate

Prints a MAVLink 2 signing key and its fingerprint as one JSON line:
  {"key":"<64 hex digits>","fingerprint":"xxxx:xxxx:xxxx:xxxx"}
The fingerprint identifies a key without revealing it; the key itself is a
secret: anyone who has it can command the vehicle.

derive     the key for a passphrase: SHA-256 of its UTF-8 bytes (as MAVProxy,
           Mission Planner and node-mavlink do), or with --kdf qgc
           QGroundControl's PBKDF2 derivation (takes about a second)
generate   a fresh random key

Options:
  --passphrase P      the passphrase (derive)
  --kdf sha256|qgc    the derivation (derive; default sha256)
  -h, --help          show this help
`,
  async run(args, io) {
    const { values, positionals } = parseCommandLine(args, {
      passphrase: { type: 'string' },
      kdf: { type: 'string' },
    });
    const [action, ...extra] = positionals;
    if (extra.length > 0) throw new UsageError(`unexpected argument '${extra[0]}'`);
    if (action === 'generate') {
      if (values.passphrase !== undefined || values.kdf !== undefined) {
        throw new UsageError('generate takes no --passphrase or --kdf');
      }
      await write(io.stdout, keyJson(generateKey()));
      return 0;
    }
    if (action === 'derive') {
      if (values.passphrase === undefined) throw new UsageError('derive needs --passphrase P');
      await write(io.stdout, keyJson(await keyFromOptions(values)));
      return 0;
    }
    throw new UsageError(
      action === undefined ? "expected 'derive' or 'generate'" : `unknown action '${action}'`,
    );
  },
};
