/** A response, before it is written to the socket. */
export interface Reply {
  status: number;
  headers: Record<string, string | string[]>;
  body: string;
}

export const jsonReply = (status: number, body: unknown, headers: Record<string, string> = {}): Reply => ({
  status,
  headers: { 'content-type': 'application/json', ...headers },
  body: JSON.stringify(body),
});

export const htmlReply = (status: number, html: string, headers: Record<string, string | string[]> = {}): Reply => ({
  status,
  headers: { 'content-type': 'text/html; charset=utf-8', ...headers },
  body: html,
});

export const redirectReply = (status: 302 | 303, location: string, headers: Record<string, string | string[]> = {}): Reply => ({
  status,
  headers: { location, 'content-type': 'text/html; charset=utf-8', ...headers },
  body: `<a href="${escapeHtml(location)}">Found</a>.\n`,
});

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
