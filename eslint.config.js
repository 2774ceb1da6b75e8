import js from '@eslint/js';
import reactHooks from 'eslint-plugin-react-hooks';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['node_modules/', 'dist/', 'out/', 'main/mavlink/dialect/', 'test-fixtures/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { process: 'readonly', console: 'readonly', Buffer: 'readonly' } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      'no-constant-condition': ['error', { checkLoops: false }],
    },
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
    files: ['renderer/**/*.{ts,tsx}'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['node:*'], message: 'the renderer has no Node access.' },
            // Values from main/ are allowed in three places only, all of them
            // Node-free by design and checked so by a test
            // (main/remote/client.test.ts walks the value-import graph of every
            // renderer file): the remote-session client (main/remote/, WebCrypto,
            // fetch and a WebSocket handed in), the protocol's constants and
            // shapes (main/api/session.ts), and the list of what each role may do
            // (main/api/roles.ts). Mirroring them instead would put a second copy
            // of the login's cryptography in the renderer; the host uses these
            // same files, so both sides build the same bytes. Everything else in
            // main/ is the GCS core and stays behind the Api: types only.
            {
              // (A regex: gitignore-style groups cannot re-include a file
              // below an excluded folder.)
              regex: String.raw`(^|/)(app|native)/|(^|/)main/(?!(remote/[\w-]+|api/session|api/roles)$)`,
              allowTypeImports: true,
              message:
                'the renderer imports only types from main/ (values only from main/remote/, main/api/session and main/api/roles); it talks to the Api.',
            },
          ],
        },
      ],
      'no-restricted-globals': ['error', 'process', 'Buffer', 'require', '__dirname', 'global'],
    },
  },
  // The rules of hooks, and what the React compiler needs of components.
  { files: ['renderer/**/*.{ts,tsx}'], ...reactHooks.configs.flat.recommended },
  {
    // The renderer's tests run in Node against a real host started in the
    // test (app/host/remote-testing.ts): they may import it. node:* stays out.
    files: ['renderer/**/*.test.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: [{ group: ['node:*'], message: 'the renderer has no Node access.' }] },
      ],
    },
  },
);
