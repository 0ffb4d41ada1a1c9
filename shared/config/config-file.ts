import { readFileSync } from 'node:fs';
import { ConfigurationError } from '../domain/errors.js';

/** A configuration document named by an environment variable (locally, in place of the bundled one). */
export function readConfigFile(path: string, what: string, variable: string): unknown {
  try {
    return JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new ConfigurationError(`invalid ${what}`, [{ field: variable, message: `cannot read ${path}: ${(error as Error).message}` }]);
  }
}
