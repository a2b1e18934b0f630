/** The Node language server's host: the workspace is on this machine's disk. */
import * as fs from 'fs';
import { decodeBytes } from '../core/text';
import { CONFIG_FILE_NAME } from '../core/config';
import { currentCodeCache } from '../host/codeCache';
import { nodeReader, PLAYBOOK_FILE, walkFiles } from '../host/files';
import { afterWholeText, wholeTextCollections } from '../host/youngGeneration';
import type { ServerHost } from './host';

const isScanned = (name: string) => name === CONFIG_FILE_NAME || PLAYBOOK_FILE.test(name);

export const nodeHost: ServerHost = {
  reader: nodeReader,
  sync: async () => false,
  changed: async () => undefined,
  listFiles(folders) {
    const out: string[] = [];
    for (const folder of folders) {
      try {
        walkFiles(folder, isScanned, (f) => out.push(f));
      } catch {
        // an unreadable folder: nothing to validate there
      }
    }
    return out;
  },
  async readText(file) {
    try {
      return decodeBytes(fs.readFileSync(file)).text;
    } catch {
      return undefined;
    }
  },
  async stamp(file) {
    try {
      const st = fs.statSync(file);
      return `${st.mtimeMs}:${st.size}`;
    } catch {
      return undefined;
    }
  },
  yield: () => new Promise((resolve) => setImmediate(resolve)),
  processInfo: () => {
    const cache = currentCodeCache();
    return { pid: process.pid, heapUsed: process.memoryUsage().heapUsed, ...(cache ? { codeCache: { state: cache.state, saved: cache.saved }, v8Flags: cache.v8Flags } : {}), wholeTextCollections: wholeTextCollections() };
  },
  // A second later: the diagnostics are out, and the editor is most likely waiting for the user.
  firstDocumentOpened: () => void setTimeout(() => currentCodeCache()?.save(), 1000).unref(),
  wholeTextChanged: afterWholeText,
};
