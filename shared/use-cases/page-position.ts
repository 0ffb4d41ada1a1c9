import { invalidCursor } from '../domain/errors.js';
import type { PageCursors } from '../ports/page-cursors.js';

/** What parses a position: any zod schema (classic or mini). */
interface PositionSchema<T> {
  safeParse(value: unknown): { readonly success: boolean; readonly data?: T };
}

/** The position inside a client's cursor for this binding, parsed; undefined without a cursor. */
export async function openPosition<T>(cursors: PageCursors, cursor: string | undefined, binding: string, schema: PositionSchema<T>): Promise<T | undefined> {
  if (cursor === undefined) return undefined;
  const parsed = schema.safeParse(await cursors.open(cursor, binding));
  if (!parsed.success || parsed.data === undefined) throw invalidCursor();
  return parsed.data;
}
