/**
 * `npm run --silent token -- --role customer --institution uni-a [--name "Ada"]`
 * prints a local development token, nothing else, so it can be captured:
 *   TOKEN=$(npm run --silent token -- --role agent)
 */
import { parseArgs } from 'node:util';
import { ROLES, type Role } from '../shared/domain/support-case.js';
import { issueDevToken } from './dev-auth.js';
import { dataDir } from './local-settings.js';

try {
  const { values } = parseArgs({
    options: {
      role: { type: 'string' },
      institution: { type: 'string' },
      name: { type: 'string' },
      sub: { type: 'string' },
      'expires-in': { type: 'string' },
    },
    strict: true,
  });
  const role = values.role as Role | undefined;
  if (!role || !ROLES.includes(role)) throw new Error(`--role must be one of ${ROLES.join(', ')}`);
  if (role === 'customer' && !values.institution) throw new Error('a customer token needs --institution (for example uni-a)');
  const expiresIn = values['expires-in'] === undefined ? undefined : Number(values['expires-in']);
  if (expiresIn !== undefined && !Number.isInteger(expiresIn)) throw new Error('--expires-in takes whole seconds');
  const token = await issueDevToken(dataDir(), {
    role,
    institution: role === 'customer' ? values.institution : undefined,
    name: values.name,
    sub: values.sub,
    expiresInSeconds: expiresIn,
  });
  process.stdout.write(`${token}\n`);
} catch (error) {
  process.stderr.write(`token: ${(error as Error).message}\nusage: npm run --silent token -- --role customer|agent|manager [--institution ID] [--name NAME] [--expires-in SECONDS]\n`);
  process.exitCode = 2;
}
