// The compiled test files (*.test.js) under a folder, sorted, for the test runners.
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

export function testFiles(dir) {
  let entries = [];
  try {
    entries = readdirSync(dir);
  } catch {
    return [];
  }
  const out = [];
  for (const e of entries.sort()) {
    const full = join(dir, e);
    if (statSync(full).isDirectory()) out.push(...testFiles(full));
    else if (e.endsWith('.test.js')) out.push(full);
  }
  return out;
}
