import { ApiError, unauthenticated } from '../errors/api-error';
import { GrpcCode } from '../errors/grpc-codes';
import type { Caller, ServiceContext } from '../resources/context';

/**
 * SubjectAccessReview stand-in for ResourceManager.IsAuthorized (resource/resource_manager.go at
 * 2.1.0): a user may act in the namespaces listed for them. The texts are the server's; the
 * reason is empty, as RBAC leaves it when no rule allows the request.
 */
export function authorize(ctx: ServiceContext, caller: Caller, namespace: string, verb: string, resource: string): void {
  if (!ctx.multiUser) return;
  const user = caller.user;
  if (!user) throw unauthenticated('Failed to check authorization. User identity is empty in the request header');
  if (user.namespaces.includes(namespace)) return;
  const attributes = `&ResourceAttributes{Namespace:${namespace},Verb:${verb},Group:pipelines.kubeflow.org,Version:v1beta1,Resource:${resource},Subresource:,Name:,}`;
  const message = `User '${user.name}' is not authorized with reason:  (request: ${attributes})`;
  throw new ApiError(GrpcCode.PermissionDenied, message, `Failed to authorize with API: PermissionDenied: ${message}: Unauthorized access`);
}
