import document from '../../config/support.json' with { type: 'json' };
import { readConfigFile } from './config-file.js';
import { type SupportDirectory, parseSupportDirectory } from '../domain/support-directory.js';

let directory: SupportDirectory | undefined;

/**
 * The support configuration in config/support.json, validated once. The file is
 * imported (not read from disk) so that esbuild bundles it into each Lambda and
 * the local runtime reads exactly the same document. Locally,
 * SUPPORT_CONFIG_FILE may name another file (config/support.demo.json has
 * minute-long targets for watching alerts and breaches happen).
 */
export function supportDirectory(): SupportDirectory {
  directory ??= parseSupportDirectory(process.env.SUPPORT_CONFIG_FILE ? readConfigFile(process.env.SUPPORT_CONFIG_FILE, 'support configuration', 'SUPPORT_CONFIG_FILE') : document);
  return directory;
}

