/**
 * The few assertions the browser tests use (Node's `assert` does not exist in a web worker):
 * each throws an Error with a message that says what differed.
 */
function fail(message: string | undefined, detail: string): never {
  throw new Error(message ? `${message}\n${detail}` : detail);
}

const show = (v: unknown): string => {
  try {
    return JSON.stringify(v);
  } catch {
    return String(v);
  }
};

export function ok(value: unknown, message?: string): asserts value {
  if (!value) fail(message, `expected a truthy value, got ${show(value)}`);
}

export function strictEqual<T>(actual: unknown, expected: T, message?: string): asserts actual is T {
  if (!Object.is(actual, expected)) fail(message, `expected ${show(expected)}, got ${show(actual)}`);
}

export function notStrictEqual(actual: unknown, expected: unknown, message?: string): void {
  if (Object.is(actual, expected)) fail(message, `expected anything but ${show(expected)}`);
}

/** Deep equality of JSON-like values (arrays, plain objects, numbers, strings, booleans, null). */
export function deepStrictEqual(actual: unknown, expected: unknown, message?: string): void {
  if (show(actual) !== show(expected)) fail(message, `expected ${show(expected)}, got ${show(actual)}`);
}

export function match(text: string, pattern: RegExp, message?: string): void {
  if (!pattern.test(text)) fail(message, `expected ${pattern} to match ${show(text.length > 500 ? `${text.slice(0, 500)}…` : text)}`);
}
