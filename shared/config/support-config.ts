import document from '../../config/support.json' with { type: 'json' };
import { type SupportDirectory, parseSupportDirectory } from '../domain/support-directory.js';

let directory: SupportDirectory | undefined;

/**
 * The support configuration in config/support.json, validated once. The file is
 * imported (not read from disk) so that esbuild bundles it into each Lambda and
 * the local runtime reads exactly the same document.
 */
export function supportDirectory(): SupportDirectory {
  directory ??= parseSupportDirectory(document);
  return directory;
}
