/**
 * The architecture is kept by the lint (eslint.config.mjs): each folder may import only what its
 * layer allows. These tests lint one-line files placed in each folder and check that every
 * forbidden import is reported, and that the imports the layer needs are not.
 */
import * as assert from 'assert';
import * as path from 'path';
import { ESLint } from 'eslint';

const ROOT = path.resolve(__dirname, '../../..');

suite('architecture boundaries (lint)', () => {
  let eslint: ESLint;
  suiteSetup(() => {
    eslint = new ESLint({ cwd: ROOT });
  });

  async function restricted(file: string, line: string): Promise<string[]> {
    const [result] = await eslint.lintText(`${line}\nexport const used = typeof imported;\n`, { filePath: path.join(ROOT, file) });
    return result.messages.filter((m) => /no-restricted-(imports|syntax)/.test(m.ruleId ?? '')).map((m) => m.message);
  }

  const cases: { file: string; forbidden: string[]; allowed: string[] }[] = [
    {
      file: 'server/src/core/probe.ts',
      forbidden: [
        "import * as imported from 'fs';",
        "import * as imported from 'node:path';",
        "import * as imported from 'vscode';",
        "import * as imported from 'vscode-languageserver';",
        "import * as imported from '../host/files';",
        "import * as imported from '../lsp/server';",
        "import * as imported from '../cli/validate';",
        "import * as imported from '../protocol';",
        "import * as imported from '../../lsp/convert';",
        "import * as imported from '../protocol.js';",
        "import * as imported from '../../../client/src/snippetFixes';",
        "const imported = import('node:fs');",
      ],
      allowed: ["import * as imported from './text';", "import * as imported from 'yaml';", "import * as imported from './render/tree';"],
    },
    {
      file: 'server/src/host/probe.ts',
      forbidden: ["import * as imported from '../lsp/server';", "import * as imported from '../cli/main';", "import * as imported from 'vscode-languageserver';", "import * as imported from '../protocol';", "import * as imported from '../previewProtocol.js';"],
      allowed: ["import * as imported from 'fs';", "import * as imported from '../core/config';"],
    },
    {
      // The language server also runs in a web worker: Node only through the ServerHost.
      file: 'server/src/lsp/probe.ts',
      forbidden: ["import * as imported from '../cli/validate';", "import * as imported from 'vscode';", "import * as imported from 'fs';", "import * as imported from 'node:os';", "import * as imported from 'worker_threads';", "import * as imported from '../host/files';", "import * as imported from '../host/files.js';", "import * as imported from '../host/youngGeneration';", "import * as imported from '../host/codeCache.js';", "import * as imported from '../host/git';"],
      allowed: ["import * as imported from '../host/configFiles';", "import * as imported from '../host/configFiles.js';", "import * as imported from 'path';", "import * as imported from '../core/analyze';", "import * as imported from 'vscode-languageserver';", "import * as imported from '../protocol';"],
    },
    {
      file: 'server/src/lsp/nodeHost.ts',
      forbidden: ["import * as imported from '../cli/validate';", "import * as imported from 'vscode';"],
      allowed: ["import * as imported from 'fs';", "import * as imported from '../host/files';", "import * as imported from '../host/youngGeneration';"],
    },
    {
      file: 'server/src/host/configFiles.ts',
      forbidden: ["import * as imported from 'fs';", "import * as imported from 'node:fs';", "import * as imported from '../lsp/server';", "import * as imported from 'vscode-languageserver';"],
      allowed: ["import * as imported from 'path';", "import * as imported from '../core/config';", "import * as imported from 'picomatch';"],
    },
    {
      file: 'server/src/cli/probe.ts',
      forbidden: ["import * as imported from '../lsp/server';", "import * as imported from 'vscode-languageserver';", "import * as imported from '../protocol';"],
      allowed: ["import * as imported from '../host/files';", "import * as imported from '../core/analyze';", "import * as imported from 'fs';"],
    },
    {
      file: 'server/src/protocol.ts',
      forbidden: ["import * as imported from './lsp/server';", "import * as imported from './host/files';"],
      allowed: ["import type * as imported from './core/journey';"],
    },
    {
      file: 'client/src/commands/probe.ts',
      forbidden: [
        "import * as imported from '../../../server/src/core/scaffold';",
        "import type * as imported from '../../../server/src/core/journey';",
        "import * as imported from '../../../server/src/host/files';",
        "import * as imported from '../../../server/src/lsp/server';",
        "import * as imported from 'vscode-languageserver';",
        "import * as imported from 'crypto';",
        "import * as imported from 'node:fs';",
        "import * as imported from '../webview/main';",
        "const imported = import('../../../server/src/core/analyze');",
      ],
      allowed: ["import * as imported from '../../../server/src/protocol';", "import * as imported from '../../../server/src/previewProtocol';", "import * as imported from 'vscode';"],
    },
    {
      file: 'client/webview/probe.ts',
      forbidden: [
        "import * as imported from 'vscode';",
        "import * as imported from 'fs';",
        "import * as imported from '../src/preview/panel';",
        "import * as imported from './../src/extension';",
        "import * as imported from '../../server/src/core/journey';",
        "import * as imported from '../../server/src/protocol';",
        "import * as imported from '../../server/src/lsp/server';",
      ],
      allowed: [
        "import * as imported from '../../server/src/core/render/tree';",
        "import type * as imported from '../../server/src/core/journey';",
        "import * as imported from '../../server/src/previewProtocol';",
      ],
    },
  ];

  for (const c of cases) {
    test(`${path.dirname(c.file)}: every forbidden import is reported, the layer's own are not`, async () => {
      for (const line of c.forbidden) assert.ok((await restricted(c.file, line)).length > 0, `not reported in ${c.file}: ${line}`);
      for (const line of c.allowed) assert.deepStrictEqual(await restricted(c.file, line), [], `reported in ${c.file}: ${line}`);
    });
  }

  test('code that also runs in a web worker uses no Node global; the Node host may', async () => {
    const globals = async (file: string, code: string) => {
      const [result] = await eslint.lintText(`${code}\nexport {};\n`, { filePath: path.join(ROOT, file) });
      return result.messages.filter((m) => m.ruleId === 'no-restricted-globals');
    };
    for (const file of ['server/src/core/probe.ts', 'server/src/lsp/probe.ts', 'server/src/host/configFiles.ts']) {
      for (const code of ['setImmediate(() => 0);', 'process.cwd();', "Buffer.from('x');", 'console.log(__dirname);']) assert.ok((await globals(file, code)).length > 0, `not reported in ${file}: ${code}`);
    }
    for (const file of ['server/src/lsp/nodeHost.ts', 'server/src/cli/probe.ts']) assert.deepStrictEqual(await globals(file, 'setImmediate(() => process.cwd());'), [], file);
  });

  test('the tree itself has no violation', async () => {
    // Only the boundary rules run here (the whole lint is `npm run lint`, part of `npm test`); the
    // webview's imports are checked by typescript-eslint's form of the rule (eslint.config.mjs).
    const boundaries = new ESLint({ cwd: ROOT, ruleFilter: ({ ruleId }) => /^(@typescript-eslint\/)?no-restricted-(imports|globals)$/.test(ruleId) });
    const results = await boundaries.lintFiles(['server/src', 'client/src', 'client/webview']);
    const bad = results.flatMap((r) => r.messages.filter((m) => /no-restricted-(imports|globals)/.test(m.ruleId ?? '')).map((m) => `${path.relative(ROOT, r.filePath)}:${m.line}: ${m.message}`));
    assert.deepStrictEqual(bad, []);
  });
});
