// The system's secret service (on Linux the freedesktop Secret Service over
// D-Bus: GNOME Keyring, KWallet, KeePassXC; the Keychain on macOS, the
// Credential Manager on Windows) through `@napi-rs/keyring`, which ships
// prebuilt binaries. Loaded on first use only: the command line starts
// without it. On Linux it is pinned to the Secret Service: the kernel's
// keyring, the binding's fallback, forgets everything at reboot.

const SERVICE = 'sigil';
/** A secret service that asks the user (a locked keyring's prompt) must not hang the start. */
const DEFAULT_TIMEOUT_MS = 5000;

export interface SecretEntry {
  readonly name: string;
  /** The stored text, or null. Rejects when the service cannot be reached or is locked. */
  read(): Promise<string | null>;
  write(text: string): Promise<void>;
  /** True when there was something to remove. */
  remove(): Promise<boolean>;
}

interface AsyncEntryLike {
  getPassword(signal?: AbortSignal): Promise<string | null>;
  setPassword(password: string, signal?: AbortSignal): Promise<void>;
  deleteCredential(signal?: AbortSignal): Promise<boolean>;
}

interface KeyringModule {
  AsyncEntry: new (
    service: string,
    user: string,
    options?: { linux?: { store?: 'secret-service' | 'keyutils' } },
  ) => AsyncEntryLike;
}

/** Thrown with a sentence for a person when the secret service cannot be used. */
export class SecretServiceError extends Error {}

function reason(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  if (/DBUS_SESSION_BUS_ADDRESS|autolaunch/i.test(text)) {
    return 'no D-Bus session (DBUS_SESSION_BUS_ADDRESS is not set)';
  }
  if (/abort/i.test(text))
    return 'it did not answer in time (a locked keyring waiting for a password?)';
  return text.replace(/^Platform failure: /, '');
}

async function loadModule(): Promise<KeyringModule> {
  try {
    const loaded = (await import('@napi-rs/keyring')) as unknown as KeyringModule & {
      default?: KeyringModule;
    };
    return loaded.AsyncEntry === undefined ? loaded.default! : loaded;
  } catch (error) {
    throw new SecretServiceError(`the secret-service binding cannot be loaded: ${reason(error)}`);
  }
}

/** One named entry of Sigil's in the secret service. */
export function secretEntry(name: string, timeoutMs = DEFAULT_TIMEOUT_MS): SecretEntry {
  let entry: AsyncEntryLike | undefined;
  async function get(): Promise<AsyncEntryLike> {
    if (entry !== undefined) return entry;
    const { AsyncEntry } = await loadModule();
    try {
      entry = new AsyncEntry(SERVICE, name, { linux: { store: 'secret-service' } });
    } catch (error) {
      throw new SecretServiceError(`the secret service cannot be used: ${reason(error)}`);
    }
    return entry;
  }
  async function call<T>(run: (entry: AsyncEntryLike, signal: AbortSignal) => Promise<T>) {
    const found = await get();
    try {
      return await run(found, AbortSignal.timeout(timeoutMs));
    } catch (error) {
      throw new SecretServiceError(`the secret service cannot be used: ${reason(error)}`);
    }
  }
  return {
    name,
    read: () => call((e, signal) => e.getPassword(signal)),
    write: (text) => call((e, signal) => e.setPassword(text, signal)),
    remove: () => call((e, signal) => e.deleteCredential(signal)),
  };
}
