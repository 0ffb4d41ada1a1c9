/**
 * Local stand-in for Cognito and the HTTP API JWT authorizer. Tokens look like
 * Cognito ID tokens (groups in `cognito:groups`, institution in
 * `custom:institution`, `aud` = the app client) and are signed with an ES256 key
 * generated on first use into DATA_DIR (git-ignored): a development key, never a
 * deployed one.
 */
import { randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { type JWK, type JWTPayload, SignJWT, exportJWK, generateKeyPair, importJWK, jwtVerify } from 'jose';
import type { Role } from '../shared/domain/support-case.js';
import { GROUPS_CLAIM, INSTITUTION_CLAIM } from '../shared/http/principal-from-claims.js';

export const LOCAL_ISSUER = 'http://localhost/local-dev-issuer';
export const LOCAL_CLIENT_ID = 'local-dev-client';
const KEY_FILE = 'dev-jwt-key.json';

interface KeyFile {
  readonly privateJwk: JWK;
  readonly publicJwk: JWK;
}

async function loadKeys(dataDir: string): Promise<KeyFile> {
  const path = join(dataDir, KEY_FILE);
  if (existsSync(path)) return JSON.parse(readFileSync(path, 'utf8')) as KeyFile;
  mkdirSync(dataDir, { recursive: true });
  const { privateKey, publicKey } = await generateKeyPair('ES256', { extractable: true });
  const keys: KeyFile = { privateJwk: await exportJWK(privateKey), publicJwk: await exportJWK(publicKey) };
  try {
    writeFileSync(path, JSON.stringify(keys), { mode: 0o600, flag: 'wx' });
    return keys;
  } catch {
    // Another process created it first: use theirs.
    return JSON.parse(readFileSync(path, 'utf8')) as KeyFile;
  }
}

export interface TokenRequest {
  readonly role: Role;
  readonly institution?: string | undefined;
  readonly name?: string | undefined;
  readonly sub?: string | undefined;
  readonly expiresInSeconds?: number | undefined;
}

export async function issueDevToken(dataDir: string, request: TokenRequest): Promise<string> {
  const { privateJwk } = await loadKeys(dataDir);
  const key = await importJWK(privateJwk, 'ES256');
  const name = request.name ?? `Local ${request.role}`;
  return new SignJWT({
    [GROUPS_CLAIM]: [request.role],
    ...(request.institution ? { [INSTITUTION_CLAIM]: request.institution } : {}),
    name,
    token_use: 'id',
  })
    .setProtectedHeader({ alg: 'ES256', kid: 'local-dev' })
    .setSubject(request.sub ?? `local-${request.role}-${request.institution ?? 'staff'}-${name.toLowerCase().replace(/[^a-z0-9]+/g, '-')}`)
    .setIssuer(LOCAL_ISSUER)
    .setAudience(LOCAL_CLIENT_ID)
    .setIssuedAt()
    .setJti(randomUUID())
    .setExpirationTime(Math.floor(Date.now() / 1000) + (request.expiresInSeconds ?? 8 * 3600))
    .sign(key);
}

/**
 * Verifies a bearer token as the HTTP API JWT authorizer would (signature,
 * issuer, audience, expiry) and returns the claims as the authorizer passes
 * them on in payload 2.0: every value a string, arrays as `[a b]`.
 */
export type Verified = { readonly claims: Record<string, string> } | { readonly refused: string };

export async function createDevVerifier(dataDir: string) {
  const { publicJwk } = await loadKeys(dataDir);
  const key = await importJWK(publicJwk, 'ES256');
  return async function verify(authorization: string | undefined): Promise<Verified> {
    if (authorization === undefined) return { refused: 'send Authorization: Bearer <JWT> (npm run --silent token -- --role ...)' };
    const match = /^Bearer ([A-Za-z0-9._-]+)$/.exec(authorization);
    if (!match) return { refused: 'the Authorization header must be "Bearer <JWT>"' };
    try {
      const { payload } = await jwtVerify(match[1]!, key, { issuer: LOCAL_ISSUER, audience: LOCAL_CLIENT_ID, algorithms: ['ES256'] });
      return { claims: stringifyClaims(payload) };
    } catch (error) {
      // Locally, say why: the usual cause is a token made for another DATA_DIR (each keeps its own signing key).
      const code = (error as { code?: string }).code;
      if (code === 'ERR_JWT_EXPIRED') return { refused: 'the token has expired; make a new one with npm run --silent token' };
      if (code === 'ERR_JWS_SIGNATURE_VERIFICATION_FAILED') {
        return { refused: `the token was not signed with this service's local key: make tokens with npm run --silent token in the same DATA_DIR as npm start (${dataDir})` };
      }
      return { refused: 'not a token issued by npm run --silent token for this service' };
    }
  };
}

function stringifyClaims(payload: JWTPayload): Record<string, string> {
  return Object.fromEntries(
    Object.entries(payload).map(([name, value]) => [
      name,
      Array.isArray(value) ? `[${value.join(' ')}]` : typeof value === 'object' ? JSON.stringify(value) : String(value),
    ]),
  );
}
