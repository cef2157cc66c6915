import { isRecord } from '../utils/is-record';

/** Which of the error body shapes KFP and its gateways produce was seen. */
export type ErrorBodyFormat = 'gateway-v1' | 'gateway-v2' | 'upload' | 'html' | 'text' | 'empty';

export interface ParsedErrorBody {
  format: ErrorBodyFormat;
  /** The gRPC code from the body, when it has one. */
  code?: number;
  /** The short human message (never the whole HTML page). */
  message: string;
}

const MAX_TEXT_LENGTH = 300;

/**
 * Extracts the useful part of a KFP error response. Handles grpc-gateway v1
 * (`error` + `details` of api.Error or google.rpc.Status), gateway v2 (no
 * `error`), the upload endpoints' `{error_message, error_details}`, and the
 * HTML or plain-text answers of ingress proxies.
 */
export function parseErrorBody(text: string, contentType?: string): ParsedErrorBody {
  const trimmed = text.trim();
  if (!trimmed) return { format: 'empty', message: 'empty response body' };
  if (looksLikeHtml(trimmed, contentType)) return { format: 'html', message: describeHtml(trimmed) };
  const json = tryParseJson(trimmed);
  if (!isRecord(json)) return { format: 'text', message: truncate(trimmed) };

  const detail = Array.isArray(json.details) && isRecord(json.details[0]) ? json.details[0] : undefined;
  const message =
    nonEmptyString(detail?.message) ??
    nonEmptyString(detail?.error_message) ??
    nonEmptyString(json.message) ??
    nonEmptyString(json.error) ??
    nonEmptyString(json.error_message) ??
    truncate(trimmed);
  const code = typeof json.code === 'number' ? json.code : typeof detail?.code === 'number' ? detail.code : undefined;
  const format: ErrorBodyFormat =
    'error' in json ? 'gateway-v1' : 'code' in json || 'details' in json ? 'gateway-v2' : 'error_message' in json ? 'upload' : 'text';
  return code === undefined ? { format, message } : { format, code, message };
}

export function looksLikeHtml(text: string, contentType?: string): boolean {
  if (contentType?.toLowerCase().includes('text/html')) return true;
  return /^\s*(<!doctype html|<html|<head|<body|<form)/i.test(text);
}

function describeHtml(html: string): string {
  const title = /<title[^>]*>([^<]*)<\/title>/i.exec(html)?.[1]?.trim();
  return title ? `an HTML page titled "${truncate(title)}"` : 'an HTML page';
}

function tryParseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function nonEmptyString(value: unknown): string | undefined {
  return typeof value === 'string' && value.trim() ? value.trim() : undefined;
}

function truncate(text: string): string {
  const oneLine = text.replace(/\s+/g, ' ');
  return oneLine.length > MAX_TEXT_LENGTH ? `${oneLine.slice(0, MAX_TEXT_LENGTH)}…` : oneLine;
}
