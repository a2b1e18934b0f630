/**
 * Garbage collections asked for after a client sent a document's whole text (issue 12, point 2).
 *
 * Why: a client that sends the whole text on every change hands the server, per keystroke,
 * the message's bytes (read in chunks, then joined: about twice the text, held outside the
 * JavaScript heap), the decoded message and the new text (large strings, which V8 keeps in a
 * young-generation space of their own). All of it is garbage a moment later, but V8 does not
 * collect it soon: its young collections start when the young generation's ordinary space
 * fills, which neither of those does. On a 2,000-touchpoint playbook (470 KB) the server's peak
 * memory was 24 % above a ranged client's for that garbage alone (131 against 106 MiB). A young
 * collection right after the change is applied frees it while little else is young (one to
 * two milliseconds, after the change, not on its way).
 *
 * How: V8's `gc` function, taken from a context of its own (the flag that offers it is set for
 * that moment only: neither the server's global scope nor any context or worker made later has
 * it); `{ type: 'minor' }` collects the young generation, `{ type: 'major' }` the whole heap.
 * Where V8 does not offer it, nothing happens.
 */
import * as v8 from 'v8';
import * as vm from 'vm';

type Collect = (options: { type: 'minor' | 'major'; execution?: 'sync' | 'async' }) => unknown;

/** Undefined until first asked; null when not available. */
let collect: Collect | null | undefined;

/** V8's `gc` in a new context, if it has one. */
const GC_IN_NEW_CONTEXT = 'typeof gc === "function" ? gc : undefined';

function collector(): Collect | null {
  if (collect !== undefined) return collect;
  collect = null;
  try {
    // A process started with its own name for it (`--expose-gc-as`) keeps its flags as they are.
    if (/expose[-_]gc[-_]as/.test(`${process.execArgv.join(' ')} ${process.env.NODE_OPTIONS ?? ''}`)) return collect;
    const exposed = (globalThis as { gc?: unknown }).gc;
    const already: unknown = typeof exposed === 'function' ? exposed : vm.runInNewContext(GC_IN_NEW_CONTEXT);
    if (typeof already === 'function') collect = already as Collect;
    else {
      // The flag is on only for the moment the context is made, and off again after.
      v8.setFlagsFromString('--expose-gc');
      try {
        const fn: unknown = vm.runInNewContext(GC_IN_NEW_CONTEXT);
        if (typeof fn === 'function') collect = fn as Collect;
      } finally {
        v8.setFlagsFromString('--no-expose-gc');
      }
    }
  } catch {
    collect = null;
  }
  return collect;
}

/** Texts of fewer characters (UTF-16 code units, as `length` counts) leave too little garbage to be worth a collection. */
export const WHOLE_TEXT_COLLECT_CHARS = 64 * 1024;
/** A full collection at least every this many characters of whole texts... */
const FULL_EVERY_AT_LEAST = 8 * 1024 * 1024;
/** ...or, on a larger heap, every this share of the heap's bytes in use after the last one (characters against bytes: a rough bound is all this needs). */
const FULL_EVERY_HEAP_SHARE = 0.5;

let scheduled = false;
/** Characters of whole texts received since the last full collection, and the next one's threshold. */
let sinceFull = 0;
let fullAt = FULL_EVERY_AT_LEAST;
/** Collections run after whole-text changes (for the server-info request and tests). */
const runs = { young: 0, full: 0 };

/**
 * A client sent a document's whole text of `length` characters. Once the change has been
 * handled (the message's memory is garbage by then), the young generation is collected; the
 * whole texts of one turn share one collection (JSON-RPC hands the server one message per
 * turn, so in practice that is one per change). The text itself is alive then,
 * so each collection moves it to the old generation, where it stays after the next change
 * until a full collection: one runs (in a task of its own, after the change) once the whole
 * texts since the last one add up to 8 MiB or half the heap then in use, whichever is more.
 * Ranged changes (what most clients send) never come here.
 */
export function afterWholeText(length: number): void {
  if (length < WHOLE_TEXT_COLLECT_CHARS) return;
  sinceFull += length;
  if (scheduled) return;
  scheduled = true;
  setImmediate(() => {
    scheduled = false;
    const fn = collector();
    if (!fn) return;
    try {
      if (sinceFull >= fullAt) {
        sinceFull = 0;
        // In a task of its own (V8 runs it from the event loop): measured 102 against 115 MiB
        // peak with the same collection run here, on the 2,000-touchpoint playbook.
        const done = fn({ type: 'major', execution: 'async' });
        runs.full++;
        const next = () => {
          try {
            fullAt = Math.max(FULL_EVERY_AT_LEAST, v8.getHeapStatistics().used_heap_size * FULL_EVERY_HEAP_SHARE);
          } catch {
            fullAt = FULL_EVERY_AT_LEAST;
          }
        };
        // The promise comes from the collector's own context: `then` is all it is asked for.
        if (done && typeof (done as Promise<void>).then === 'function') (done as Promise<void>).then(next, next);
        else next();
      } else {
        fn({ type: 'minor' });
        runs.young++;
      }
    } catch {
      collect = null;
    }
  });
}

/** How many collections `afterWholeText` has run, young and full. */
export function wholeTextCollections(): { young: number; full: number } {
  return { ...runs };
}
