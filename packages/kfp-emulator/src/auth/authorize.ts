import { ApiError, unauthenticated } from '../errors/api-error';
import { GrpcCode } from '../errors/grpc-codes';
import type { Caller, ServiceContext } from '../resources/context';

/** SubjectAccessReview stand-in: a user may act in the namespaces listed for them. */
export function authorize(ctx: ServiceContext, caller: Caller, namespace: string, verb: string, resource: string): void {
  if (!ctx.multiUser) return;
  const user = caller.user;
  if (!user) throw unauthenticated('Request header error: there is no user identity header.');
  if (user.namespaces.includes(namespace)) return;
  const short = `User '${user.name}' is not authorized to ${verb} ${resource} in namespace '${namespace}'`;
  const chain =
    `Failed to authorize with API: PermissionDenied: User '${user.name}' is not authorized with reason:  ` +
    `(request: &ResourceAttributes{Namespace:${namespace},Verb:${verb},Group:pipelines.kubeflow.org,Version:v1beta1,Resource:${resource}})`;
  throw new ApiError(GrpcCode.PermissionDenied, short, chain);
}
