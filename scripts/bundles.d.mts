// Types of scripts/bundles.mjs, for the TypeScript that imports it (tests,
// the e2e set-up).

export interface Bundle {
  name: string;
  group: 'electron' | 'cli';
  entry: string;
  outfile: string;
  format: 'cjs' | 'esm';
  platform: 'node' | 'browser';
  target: string;
  external: string[];
  banner?: string;
  allowed(name: string): boolean;
  recordInputs?: boolean;
}

export const ROOT: string;
export function bundlesIn(out: string): Bundle[];
export function cliBundle(out?: string): Bundle;
export function staleReason(bundle: Bundle): string | null;
export function build(bundle: Bundle): Promise<string[]>;
