/**
 * `playbook` (dist/cli.js): starts the CLI's bundle (dist/cli-bundle.js, from main.ts) through
 * the code cache (host/codeCache.ts), written when the process exits. Its analysis workers start
 * from this file too (validate.ts), and read the same cache.
 */
import * as path from 'path';
import { runWithCodeCache } from '../host/codeCache';

runWithCodeCache(__filename, path.join(__dirname, 'cli-bundle.js'), 'cli', { saveAtExit: true });
