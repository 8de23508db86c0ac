import { AppError } from './problem';

/** Keyset pagination over (createdAt, id), newest first: the cursor is opaque to callers. */
export function encodeCursor(at: Date, id: string): string {
  return Buffer.from(JSON.stringify([at.toISOString(), id])).toString('base64url');
}

export function decodeCursor(cursor?: string): { at: Date; id: string } | undefined {
  if (!cursor) return undefined;
  try {
    const [at, id] = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    const date = new Date(at);
    if (typeof id !== 'string' || Number.isNaN(date.getTime())) throw new Error('bad cursor');
    return { at: date, id };
  } catch {
    throw new AppError(400, 'Bad Request', 'the cursor is not one this API returned', [
      { pointer: '/cursor', detail: 'invalid cursor' },
    ]);
  }
}
