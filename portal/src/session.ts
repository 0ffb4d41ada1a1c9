/**
 * The signed-in user: the ID token (and, with Cognito, the refresh token that
 * renews it) live in session storage (gone when the tab closes), never in a
 * URL. Signing out clears them.
 */
export interface Profile {
  role: 'customer' | 'agent' | 'manager';
  institution: string | null;
  name: string;
}

const KEY = 'support.session';

export const session = {
  token(): string | null {
    return JSON.parse(sessionStorage.getItem(KEY) ?? 'null')?.token ?? null;
  },
  profile(): Profile | null {
    const token = this.token();
    if (!token) return null;
    try {
      const claims = JSON.parse(atob(token.split('.')[1]!.replace(/-/g, '+').replace(/_/g, '/'))) as Record<string, unknown>;
      const groups = (claims['cognito:groups'] as string[] | undefined) ?? [];
      const role = (['manager', 'agent', 'customer'] as const).find((r) => groups.includes(r));
      if (!role) return null;
      return { role, institution: (claims['custom:institution'] as string | undefined) ?? null, name: String(claims.name ?? claims.email ?? 'you') };
    } catch {
      return null;
    }
  },
  refreshToken(): string | null {
    return JSON.parse(sessionStorage.getItem(KEY) ?? 'null')?.refresh ?? null;
  },
  /** When the ID token expires (epoch ms); 0 when there is none or it cannot be read. */
  expiresAt(): number {
    const token = this.token();
    try {
      return token ? Number(JSON.parse(atob(token.split('.')[1]!.replace(/-/g, '+').replace(/_/g, '/'))).exp) * 1000 || 0 : 0;
    } catch {
      return 0;
    }
  },
  /** Keeps the ID token; the refresh token stays as it was unless a new one is given. */
  save(token: string, refresh?: string | null): void {
    const kept = refresh === undefined ? session.refreshToken() : refresh;
    sessionStorage.setItem(KEY, JSON.stringify({ token, ...(kept ? { refresh: kept } : {}) }));
  },
  clear(): void {
    sessionStorage.removeItem(KEY);
  },
};
