// Git can run programs to reach a remote (`ext::<command>`, `fd::<n>`, any
// `<helper>::<address>`), so a URL in a team file is limited to the transports
// that only fetch. Git enforces the same list through GIT_ALLOW_PROTOCOL.

/** Transports git may use for team sources (the value of GIT_ALLOW_PROTOCOL). */
export const ALLOWED_GIT_PROTOCOLS = ['https', 'http', 'ssh', 'git', 'file'] as const;

/** Why git may not fetch from this URL, or undefined when it may. */
export function gitTransportProblem(url: string): string | undefined {
  if (/^[A-Za-z][A-Za-z0-9+.-]*::/.test(url)) {
    return `the git transport "${url.split('::')[0]}::" is not allowed (it runs a program); use ${ALLOWED_GIT_PROTOCOLS.map((p) => `${p}://`).join(', ')}, git@host:repo or a path`;
  }
  const scheme = /^([A-Za-z][A-Za-z0-9+.-]*):\/\//.exec(url)?.[1]?.toLowerCase();
  if (scheme !== undefined && !(ALLOWED_GIT_PROTOCOLS as readonly string[]).includes(scheme)) {
    return `the URL scheme "${scheme}://" is not allowed; use ${ALLOWED_GIT_PROTOCOLS.map((p) => `${p}://`).join(', ')}, git@host:repo or a path`;
  }
  if (/^[a-z0-9+.-]*:\/\/[^/@]*:[^/@]*@/i.test(url)) return 'must not contain a password; give git credentials through a credential helper or SSH keys';
  return undefined;
}
