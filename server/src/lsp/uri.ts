/** file:// URIs <-> paths, without a dependency on vscode-uri. */
import { fileURLToPath, pathToFileURL } from 'url';

export const URI = {
  toFsPath(uri: string): string | undefined {
    if (!uri.startsWith('file:')) return undefined;
    try {
      return fileURLToPath(uri);
    } catch {
      return undefined;
    }
  },
  fromFsPath(p: string): string {
    return pathToFileURL(p).toString();
  },
};
