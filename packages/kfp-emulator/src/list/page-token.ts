import { ApiError } from '../errors/api-error';
import { GrpcCode } from '../errors/grpc-codes';

/**
 * Opaque page token: standard base64 (with padding) of JSON naming the first item of the
 * next page by its sort value and key, plus the criteria it was issued for.
 */
export interface PageToken {
  Model: string;
  SortByFieldName: string;
  SortByFieldValue: string | number;
  KeyFieldName: 'UUID';
  KeyFieldValue: string;
  IsDesc: boolean;
  Filter: string;
}

export function encodePageToken(token: PageToken): string {
  return Buffer.from(JSON.stringify(token), 'utf8').toString('base64');
}

/** util.NewInvalidInputErrorWithDetails(err, "Invalid package token"), list/list.go at 2.1.0 (the typo is the server's). */
export function invalidPageToken(cause = 'illegal base64 data'): ApiError {
  return new ApiError(GrpcCode.InvalidArgument, 'Invalid package token', `InvalidInputError: Invalid package token: ${cause}`);
}

export function decodePageToken(text: string): PageToken {
  const invalid = invalidPageToken();
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(text)) throw invalid;
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(text, 'base64').toString('utf8'));
  } catch {
    throw invalid;
  }
  if (!isPageToken(parsed)) throw invalid;
  return parsed;
}

function isPageToken(value: unknown): value is PageToken {
  if (typeof value !== 'object' || value === null) return false;
  const t = value as Record<string, unknown>;
  return (
    typeof t.Model === 'string' &&
    typeof t.SortByFieldName === 'string' &&
    (typeof t.SortByFieldValue === 'string' || typeof t.SortByFieldValue === 'number') &&
    t.KeyFieldName === 'UUID' &&
    typeof t.KeyFieldValue === 'string' &&
    typeof t.IsDesc === 'boolean' &&
    typeof t.Filter === 'string'
  );
}
