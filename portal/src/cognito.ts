/**
 * Signing in with the Cognito hosted UI: authorization code with PKCE. The
 * verifier and state wait in session storage during the round trip; the code
 * is exchanged for tokens and then removed from the address bar, so no token or
 * code stays in a URL.
 */
import { session } from './session.js';

interface CognitoAuth {
  domain: string;
  clientId: string;
}

const PENDING = 'support.pkce';
const base64url = (bytes: ArrayBuffer | Uint8Array) =>
  btoa(String.fromCharCode(...new Uint8Array(bytes))).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
const redirectUri = () => `${location.origin}/`;

export async function startSignIn(auth: CognitoAuth): Promise<void> {
  const verifier = base64url(crypto.getRandomValues(new Uint8Array(48)));
  const state = base64url(crypto.getRandomValues(new Uint8Array(16)));
  const challenge = base64url(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(verifier)));
  sessionStorage.setItem(PENDING, JSON.stringify({ verifier, state }));
  const query = new URLSearchParams({
    response_type: 'code',
    client_id: auth.clientId,
    redirect_uri: redirectUri(),
    scope: 'openid email profile',
    code_challenge: challenge,
    code_challenge_method: 'S256',
    state,
  });
  location.assign(`https://${auth.domain}/oauth2/authorize?${query}`);
}

/** On the way back from the hosted UI: exchanges the code, keeps the ID token, cleans the URL. */
export async function completeSignIn(auth: CognitoAuth): Promise<boolean> {
  const params = new URLSearchParams(location.search);
  const code = params.get('code');
  if (!code) return false;
  const pending = JSON.parse(sessionStorage.getItem(PENDING) ?? 'null') as { verifier: string; state: string } | null;
  sessionStorage.removeItem(PENDING);
  history.replaceState(null, '', `${location.pathname}#/`);
  if (!pending || params.get('state') !== pending.state) return false;
  const response = await fetch(`https://${auth.domain}/oauth2/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ grant_type: 'authorization_code', client_id: auth.clientId, code, redirect_uri: redirectUri(), code_verifier: pending.verifier }),
  });
  if (!response.ok) return false;
  const tokens = (await response.json()) as { id_token?: string; refresh_token?: string };
  if (!tokens.id_token) return false;
  session.save(tokens.id_token, tokens.refresh_token ?? null);
  return true;
}

/**
 * Renews the ID token with the refresh token (valid a day) when it expires within a minute, so nobody is sent back to
 * the sign-in page every hour. False when there is nothing to renew with or Cognito refuses: the caller signs in again.
 */
export async function renewIfExpiring(auth: CognitoAuth, now = Date.now()): Promise<boolean> {
  const refresh = session.refreshToken();
  if (!refresh || session.expiresAt() - now > 60_000) return Boolean(refresh);
  const response = await fetch(`https://${auth.domain}/oauth2/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ grant_type: 'refresh_token', client_id: auth.clientId, refresh_token: refresh }),
  }).catch(() => undefined);
  const tokens = response?.ok ? ((await response.json()) as { id_token?: string }) : {};
  if (!tokens.id_token) return false;
  session.save(tokens.id_token);
  return true;
}

export function signOutUrl(auth: CognitoAuth): string {
  return `https://${auth.domain}/logout?${new URLSearchParams({ client_id: auth.clientId, logout_uri: redirectUri() })}`;
}
