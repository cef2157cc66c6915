import type { ServiceContext } from '../resources/context';
import { Verbatim } from '../wire/to-wire';

/**
 * The hand-written healthz handlers of main.go (not the gateway, so every field is written, false
 * included): {commit_sha, tag_name, multi_user} on both APIs at 2.1.0; 2.14.0's v2beta1 one adds
 * pipeline_store ("database", or "kubernetes" with the Kubernetes-native pipeline store).
 */
export function healthz(ctx: ServiceContext, api: 'v1beta1' | 'v2beta1'): Verbatim {
  const base = { commit_sha: 'kfp-emulator', tag_name: ctx.flavor === '2.1' ? '2.1.0' : '2.14.0', multi_user: ctx.multiUser };
  return new Verbatim(api === 'v2beta1' && ctx.flavor === '2.14' ? { ...base, pipeline_store: 'database' } : base);
}
