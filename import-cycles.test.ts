// No two files of the project import each other, directly or around a
// longer loop: every file of protocol/, main/, native/, app/ and renderer/
// (tests included) is read, its relative imports resolved, and the graph
// searched for cycles. Every import counts, `import type` too: two files
// that need each other's types are one idea in two places, even where the
// build drops the import.

import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = dirname(fileURLToPath(import.meta.url));
const ROOMS = ['protocol', 'main', 'native', 'app', 'renderer'];
const SOURCE = /\.(ts|tsx|mjs|js)$/;

// An import or export statement with a `from`, a side-effect import, or a
// dynamic import, of a relative path (group 1 or 2).
const IMPORT =
  /^\s*(?:import|export)\s+(?:[^'";]*?\sfrom\s+)?['"](\.[^'"]+)['"]|\bimport\(\s*['"](\.[^'"]+)['"]\s*\)/gm;

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((name) => SOURCE.test(name) && !name.split(/[\\/]/).includes('node_modules'))
    .map((name) => join(dir, name));
}

function resolveImport(from: string, specifier: string): string | null {
  const base = resolve(dirname(from), specifier);
  const candidates = [base, `${base}.ts`, `${base}.tsx`, `${base}.mjs`, `${base}.js`];
  candidates.push(join(base, 'index.ts'));
  return candidates.find((file) => SOURCE.test(file) && existsSync(file)) ?? null;
}

/** Each file (relative to the root) and the files it loads. */
function importGraph(): Map<string, string[]> {
  const graph = new Map<string, string[]>();
  for (const file of ROOMS.flatMap((room) => sourceFiles(join(ROOT, room)))) {
    const targets: string[] = [];
    for (const match of readFileSync(file, 'utf8').matchAll(IMPORT)) {
      const target = resolveImport(file, (match[1] ?? match[2])!);
      if (target !== null) targets.push(relative(ROOT, target));
    }
    graph.set(relative(ROOT, file), targets);
  }
  return graph;
}

/** The strongly connected components of more than one file, or of one that imports itself. */
function cyclesOf(graph: Map<string, string[]>): string[][] {
  // Tarjan's algorithm: one depth-first pass, each node's lowest reachable index.
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const cycles: string[][] = [];
  const visit = (node: string): void => {
    index.set(node, index.size);
    low.set(node, index.get(node)!);
    stack.push(node);
    onStack.add(node);
    for (const next of graph.get(node) ?? []) {
      if (!index.has(next)) {
        visit(next);
        low.set(node, Math.min(low.get(node)!, low.get(next)!));
      } else if (onStack.has(next)) {
        low.set(node, Math.min(low.get(node)!, index.get(next)!));
      }
    }
    if (low.get(node) !== index.get(node)) return;
    const component: string[] = [];
    let member: string;
    do {
      member = stack.pop()!;
      onStack.delete(member);
      component.push(member);
    } while (member !== node);
    if (component.length > 1 || (graph.get(node) ?? []).includes(node)) {
      cycles.push(component.sort());
    }
  };
  for (const node of graph.keys()) if (!index.has(node)) visit(node);
  return cycles.sort((a, b) => (a[0]! < b[0]! ? -1 : 1));
}

describe('imports', () => {
  it('form no cycle between files', () => {
    expect(cyclesOf(importGraph())).toEqual([]);
  });
});

describe('the cycle search', () => {
  it('finds a loop around three files, a file that imports itself, and nothing else', () => {
    const graph = new Map([
      ['a.ts', ['b.ts']],
      ['b.ts', ['c.ts', 'd.ts']],
      ['c.ts', ['a.ts']],
      ['d.ts', []],
      ['e.ts', ['e.ts', 'd.ts']],
    ]);
    expect(cyclesOf(graph)).toEqual([['a.ts', 'b.ts', 'c.ts'], ['e.ts']]);
  });
});
