/**
 * `--shard i/n`: a deterministic split of the files for a CI matrix of n jobs. A file belongs
 * to shard (FNV-1a 32-bit hash of the UTF-8 bytes of its reported path, relative to the
 * working folder with `/` separators) mod n, plus 1; so n jobs run from the same folder
 * check every file exactly once, whatever the machine.
 */
import { UsageError } from '../host/files';

export interface Shard {
  /** 1-based. */
  index: number;
  count: number;
}

/** Parses `i/n` (1 <= i <= n); throws UsageError otherwise. */
export function parseShard(arg: string): Shard {
  const m = /^(\d{1,9})\/(\d{1,9})$/.exec(arg);
  const index = m ? Number(m[1]) : NaN;
  const count = m ? Number(m[2]) : NaN;
  if (!m || count < 1 || index < 1 || index > count) throw new UsageError(`--shard must be i/n with 1 <= i <= n, e.g. 2/4, not "${arg}"`);
  return { index, count };
}

/** FNV-1a, 32 bits, of the UTF-8 bytes of a string. */
export function fnv1a32(s: string): number {
  let h = 0x811c9dc5;
  const bytes = Buffer.from(s, 'utf8');
  for (let i = 0; i < bytes.length; i++) {
    h ^= bytes[i];
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** The shard (1-based) of a reported path among `count` shards. */
export function shardOf(reportedPath: string, count: number): number {
  return (fnv1a32(reportedPath) % count) + 1;
}

export function inShard(reportedPath: string, shard: Shard): boolean {
  return shardOf(reportedPath, shard.count) === shard.index;
}
