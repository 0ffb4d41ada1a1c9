import type { z } from 'zod';
import { invalidCursor } from '../domain/errors.js';
import type { PageCursors } from '../ports/page-cursors.js';

/** The position inside a client's cursor for this binding, parsed; undefined without a cursor. */
export async function openPosition<S extends z.ZodType>(cursors: PageCursors, cursor: string | undefined, binding: string, schema: S): Promise<z.output<S> | undefined> {
  if (cursor === undefined) return undefined;
  const parsed = schema.safeParse(await cursors.open(cursor, binding));
  if (!parsed.success) throw invalidCursor();
  return parsed.data;
}
