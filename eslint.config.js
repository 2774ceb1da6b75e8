import { dirname, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import js from '@eslint/js';
import reactHooks from 'eslint-plugin-react-hooks';
import tseslint from 'typescript-eslint';

const ROOT = dirname(fileURLToPath(import.meta.url));

/**
 * The rooms of the house (DESIGN.md): a relative import must land in one of
 * the top-level folders the rule is given. `import type` counts too.
 */
const importsWithin = {
  meta: {
    type: 'problem',
    schema: [{ type: 'array', items: { type: 'string' } }],
    messages: {
      outside: "'{{source}}' reaches outside {{rooms}}: this folder imports only from there.",
    },
  },
  create(context) {
    const rooms = context.options[0] ?? [];
    const from = dirname(context.filename);
    const check = (node) => {
      const source = node.source?.value;
      if (typeof source !== 'string' || !source.startsWith('.')) return;
      const room = relative(ROOT, resolve(from, source)).split(sep)[0];
      if (rooms.includes(room)) return;
      const names = rooms.map((r) => `${r}/`).join(' and ');
      context.report({ node: node.source, messageId: 'outside', data: { source, rooms: names } });
    };
    return {
      ImportDeclaration: check,
      ExportNamedDeclaration: check,
      ExportAllDeclaration: check,
      ImportExpression: check,
    };
  },
};

/**
 * What only tests use lives in `testing/` folders (README, Development):
 * a relative import that passes through one is an error where this rule is on.
 */
const noTestingImports = {
  meta: {
    type: 'problem',
    schema: [],
    messages: {
      testing: "'{{source}}' is in a testing/ folder: only tests may import it, never what ships.",
    },
  },
  create(context) {
    const from = dirname(context.filename);
    const check = (node) => {
      const source = node.source?.value;
      if (typeof source !== 'string' || !source.startsWith('.')) return;
      if (!relative(ROOT, resolve(from, source)).split(sep).includes('testing')) return;
      context.report({ node: node.source, messageId: 'testing', data: { source } });
    };
    return {
      ImportDeclaration: check,
      ExportNamedDeclaration: check,
      ExportAllDeclaration: check,
      ImportExpression: check,
    };
  },
};

/** What runs in a browser: no Node modules, no Node globals. */
const browserOnly = {
  'no-restricted-imports': [
    'error',
    { patterns: [{ group: ['node:*'], message: 'this code runs in a browser: no Node.' }] },
  ],
  'no-restricted-globals': ['error', 'process', 'Buffer', 'require', '__dirname', 'global'],
};

export default tseslint.config(
  { ignores: ['node_modules/', 'dist/', 'out/', 'main/mavlink/dialect/', 'test-fixtures/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { process: 'readonly', console: 'readonly', Buffer: 'readonly' } },
    plugins: {
      sigil: { rules: { 'imports-within': importsWithin, 'no-testing-imports': noTestingImports } },
    },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      'no-constant-condition': ['error', { checkLoops: false }],
    },
  },
  {
    // What ships (and the scripts that build it) never leans on what only tests use.
    files: ['{protocol,main,native,app,renderer,scripts,bin}/**/*.{ts,tsx,js,mjs}'],
    ignores: ['**/*.test.{ts,tsx}', '**/testing/**', 'bin/bench.mjs'],
    rules: { 'sigil/no-testing-imports': 'error' },
  },
  {
    // main/ is the plain-Node core: it runs without Electron.
    files: ['main/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [
            { name: 'electron', message: 'main/ runs in plain Node; Electron belongs in app/.' },
            { name: 'serialport', message: 'serial access goes through native/.' },
          ],
        },
      ],
    },
  },
  {
    // What crosses a process or network boundary, written once: shared by
    // the core, the shells and the browser, so it depends on none of them.
    files: ['protocol/**/*.ts'],
    rules: { 'sigil/imports-within': ['error', ['protocol']], ...browserOnly },
  },
  // The rules of hooks, and what the React compiler needs of components.
  { files: ['renderer/**/*.{ts,tsx}'], ...reactHooks.configs.flat.recommended },
  {
    // The user interface talks to the Api object it is given: of ours, it
    // knows only the protocol.
    files: ['renderer/**/*.{ts,tsx}'],
    rules: { 'sigil/imports-within': ['error', ['renderer', 'protocol']], ...browserOnly },
  },
);
