import { AppError } from '../../src-shared/errors.ts';

/**
 * The opaque cursor of a list paged by (time, id): the last row's position, base64url-encoded. The next
 * page starts strictly after it in the list's order, so rows that share a time are neither lost nor repeated.
 */
export interface PagePosition {
  at: number;
  id: string;
}

export function encodePageCursor(position: PagePosition): string {
  return Buffer.from(`${position.at}:${position.id}`).toString('base64url');
}

/** Reads a cursor back; `list` names the list in the VALIDATION_FAILED message of a cursor that is not one. */
export function decodePageCursor(cursor: string, list: string): PagePosition {
  const [at, id] = Buffer.from(cursor, 'base64url').toString('utf8').split(':');
  if (!at || !id || !/^\d+$/.test(at)) throw new AppError('VALIDATION_FAILED', `Invalid ${list} cursor.`);
  return { at: Number(at), id };
}
