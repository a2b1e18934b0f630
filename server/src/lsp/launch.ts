/**
 * `playbook-language-server` (dist/server.js): sets the server's V8 flags (host/v8Tuning.ts),
 * then starts the language server's bundle (dist/server-bundle.js, from main.ts) through the code
 * cache (host/codeCache.ts). The server writes the cache once its first document is analysed
 * (nodeHost.ts).
 */
import * as path from 'path';
import { runWithCodeCache } from '../host/codeCache';
import { tuneV8ForServer } from '../host/v8Tuning';

runWithCodeCache(__filename, path.join(__dirname, 'server-bundle.js'), 'language-server', { v8Flags: tuneV8ForServer() });
