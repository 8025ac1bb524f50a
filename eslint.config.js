// The import rules of DEVELOPERS.md live here, so the build enforces which folder may use what.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';

const nodeBuiltins = { group: ['node:*'], message: 'shared/ and renderer/ run in the browser too: no node: imports.' };
const nativeDialog = 'Electron has no window.prompt/confirm/alert: use askText/askChoice from renderer/src/ui/ask.ts.';
const electronOnly = { group: ['electron', 'electron/*'], message: 'Only electron/main and electron/preload may import Electron.' };

export default tseslint.config(
  { ignores: ['node_modules/', 'out/', 'dist/', 'test-results/', 'bin/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      // HTTP code must match control characters on purpose (header injection, XML escaping).
      'no-control-regex': 'off',
      'max-lines': ['warn', { max: 300, skipBlankLines: true, skipComments: true }],
    },
  },
  {
    files: ['shared/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        patterns: [nodeBuiltins, electronOnly,
          { group: ['**/electron/**', '**/renderer/**', 'undici', 'tough-cookie', 'react', 'react-dom'], message: 'shared/ depends on nothing but pure libraries.' }],
      }],
    },
  },
  {
    files: ['electron/engine/**/*.ts', 'electron/cli/**/*.ts', 'electron/bridge/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        patterns: [electronOnly, { group: ['**/renderer/**', '**/main/**', '**/preload/**'], message: 'The engine, CLI and bridge run without Electron or the UI.' }],
      }],
    },
  },
  {
    files: ['renderer/**/*.ts', 'renderer/**/*.tsx'],
    // Build configuration runs in Node, not in the renderer.
    ignores: ['renderer/**/*.config.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        patterns: [nodeBuiltins, electronOnly,
          { group: ['**/electron/**'], message: 'The renderer talks to the engine only through the IPC contract in shared/ipc.' }],
      }],
      // Electron implements no window.prompt (electron/electron#472): a native dialog there shows
      // nothing, so the user could never answer. Ask with the in-app dialogs (renderer/src/ui/ask.ts).
      'no-restricted-globals': ['error', ...['prompt', 'confirm', 'alert'].map((name) => ({ name, message: nativeDialog }))],
      'no-restricted-properties': ['error', ...['window', 'globalThis', 'self'].flatMap((object) => ['prompt', 'confirm', 'alert'].map((property) => ({ object, property, message: nativeDialog })))],
    },
  },
  {
    // One component kit (renderer/src/ui): the browser's own select and "Choose File" input look
    // and behave differently on every platform; the kit's Select and FileDrop replace them.
    files: ['renderer/**/*.tsx', 'renderer/**/*.jsx'],
    ignores: ['renderer/src/ui/**'],
    rules: {
      'no-restricted-syntax': ['error',
        { selector: "JSXOpeningElement[name.name='select']", message: 'Use the kit\'s Select (renderer/src/ui/Select.tsx), not a native <select>.' },
        { selector: "JSXOpeningElement[name.name='input'] > JSXAttribute[name.name='type'][value.value='file']", message: 'Use the kit\'s FileDrop (renderer/src/ui/FileDrop.tsx), not <input type="file">.' },
        { selector: "JSXOpeningElement[name.name='input'] > JSXAttribute[name.name='type'] > JSXExpressionContainer > Literal[value='file']", message: 'Use the kit\'s FileDrop (renderer/src/ui/FileDrop.tsx), not <input type="file">.' },
      ],
    },
  },
  {
    files: ['**/*.js', '**/*.mjs', '**/*.cjs'],
    languageOptions: { globals: { ...globals.node } },
  },
  {
    files: ['test/**/*.ts', 'bench/**/*.ts', 'scripts/**/*.mjs'],
    rules: { 'max-lines': 'off' },
  },
);
