/**
 * The signed-in user: the token lives in session storage (gone when the tab
 * closes), never in a URL. Signing out clears it.
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
  save(token: string): void {
    sessionStorage.setItem(KEY, JSON.stringify({ token }));
  },
  clear(): void {
    sessionStorage.removeItem(KEY);
  },
};
