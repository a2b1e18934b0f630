/**
 * The `yaml` library, loaded when first needed. Most texts never need it (the fast parser reads
 * them; fastParse.ts), and loading it was a good part of every start of the CLI and the server.
 */
import type * as Yaml from 'yaml';

let library: typeof Yaml | undefined;

export function yamlLibrary(): typeof Yaml {
  // A static path, which the bundles (the browser's too) resolve at build time.
  // eslint-disable-next-line @typescript-eslint/no-require-imports, no-restricted-globals
  library ??= require('yaml') as typeof Yaml;
  return library;
}
