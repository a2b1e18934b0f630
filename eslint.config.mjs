// Lint: TypeScript recommended rules, plus the layering of STYLE.md:
// the analysis core imports neither `vscode` nor the LSP libraries, and the server never imports `vscode`.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const lspLibraries = ['vscode-languageserver', 'vscode-languageserver/*', 'vscode-languageserver-*', 'vscode-languageclient', 'vscode-languageclient/*', 'vscode-jsonrpc', 'vscode-jsonrpc/*'];

export default tseslint.config(
  { ignores: ['out/**', 'dist/**', 'node_modules/**', '.test-artifacts/**', 'tmp/**', '**/*.js', '**/*.mjs', 'bench/generated/**', 'server/src/core/generated/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    files: ['server/src/core/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        paths: [{ name: 'vscode', message: 'The analysis core must not depend on VS Code.' }],
        patterns: [{ group: lspLibraries, message: 'The analysis core must not depend on the LSP libraries.' }],
      }],
    },
  },
  {
    files: ['server/src/**/*.ts'],
    ignores: ['server/src/core/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { paths: [{ name: 'vscode', message: 'The server runs outside VS Code: do not import vscode.' }] }],
    },
  },
);
