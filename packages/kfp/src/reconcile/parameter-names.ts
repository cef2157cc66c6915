/**
 * Parameter names as the KFP v1 SDK sends them (`sanitize_k8s_name` with
 * capitals and underscores allowed): other characters become "-", runs of "-"
 * collapse, and "-" is trimmed from both ends. Compared in this form, a name
 * the SDK would rewrite never looks changed on every reconcile.
 */
export function sanitizeParameterName(name: string): string {
  return name
    .replace(/[^-_0-9A-Za-z]+/g, '-')
    .replace(/-+/g, '-')
    .replace(/^-+|-+$/g, '');
}
