/**
 * V8 settings the language server makes for itself, before its bundle is compiled.
 *
 * Why: the first analysis of a large playbook runs code V8 has not optimised yet. V8 optimises a
 * hot function on a background thread and, while it does, the server goes on in the interpreter.
 * With its default inlining budget the parser's main loop (with the functions it calls inlined)
 * took 20–45 ms to optimise on the benchmark machine's one spare core, by which time most of a
 * 2,000-touchpoint file had been parsed the slow way. A smaller cumulative inlining budget makes
 * those jobs several times shorter: open → diagnostics on that file 13–19 % shorter (fresh servers,
 * interleaved; docs/performance.md), with no difference measured on repeated analyses once
 * everything is optimised. The CLI does not set it: it analyses many small files, where it made no
 * difference or a slightly slower run.
 *
 * `PLAYBOOK_V8_TUNING=off` leaves V8's defaults (the benchmark compares both). Only the main
 * thread sets flags (they are the process's; a worker starting later must not change them while
 * the main thread compiles). The flags are part of the code cache's key (codeCache.ts): V8 refuses
 * a cache made under other flags.
 */
import * as v8 from 'v8';
import { isMainThread } from 'worker_threads';

/** The flags, as V8 reads them. The flag exists in every V8 that Node 18 and later ship. */
export const SERVER_V8_FLAGS = '--max-inlined-bytecode-size-cumulative=200';

/**
 * Sets the language server's V8 flags unless `PLAYBOOK_V8_TUNING` says `off` (or `0`, `false`,
 * `no`); returns what it set ('' when nothing), for the code cache's key and `playbook/serverInfo`.
 */
export function tuneV8ForServer(env: NodeJS.ProcessEnv = process.env, setFlags: (flags: string) => void = v8.setFlagsFromString, mainThread: boolean = isMainThread): string {
  if (/^\s*(0|off|false|no)\s*$/i.test(env.PLAYBOOK_V8_TUNING ?? '')) return '';
  if (mainThread) setFlags(SERVER_V8_FLAGS);
  // A worker reports the flags its process runs with (the main thread set them), for the cache key.
  return SERVER_V8_FLAGS;
}
