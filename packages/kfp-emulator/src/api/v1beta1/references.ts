import { GatewayInputError, invalidInput } from '../../errors/api-error';
import type { Query } from '../../resources/context';
import type { RowScope } from '../../resources/list-scope';
import { RESOURCE_TYPES, type ResourceReferenceInput, type ResourceType } from '../../wire/v1beta1-messages';

/** First reference of a type (the KFP helpers only look at the first one). */
function firstOf(refs: ResourceReferenceInput[] | undefined, type: ResourceType, relationship?: 'OWNER' | 'CREATOR') {
  return (refs ?? []).find((r) => r.key?.type === type && (relationship === undefined || r.relationship === relationship));
}

export const namespaceFromRefs = (refs?: ResourceReferenceInput[]): string => firstOf(refs, 'NAMESPACE')?.key?.id ?? '';
export const experimentIdFromRefs = (refs?: ResourceReferenceInput[]): string => firstOf(refs, 'EXPERIMENT')?.key?.id ?? '';
/** Only a CREATOR reference selects a pipeline version; an OWNER one is silently ignored. */
export const pipelineVersionIdFromRefs = (refs?: ResourceReferenceInput[]): string =>
  firstOf(refs, 'PIPELINE_VERSION', 'CREATOR')?.key?.id ?? '';
export const pipelineIdFromRefs = (refs?: ResourceReferenceInput[]): string => firstOf(refs, 'PIPELINE', 'CREATOR')?.key?.id ?? '';

export interface WireReference {
  key: { type: ResourceType; id: string };
  relationship: 'OWNER' | 'CREATOR';
}

export const ref = (type: ResourceType, id: string, relationship: 'OWNER' | 'CREATOR'): WireReference => ({
  key: { type, id },
  relationship,
});

/** The model's name of a reference type, as errors print it (model/resource_reference.go). */
const MODEL_TYPE: Record<ResourceType, string> = {
  UNKNOWN_RESOURCE_TYPE: '',
  EXPERIMENT: 'Experiment',
  JOB: 'Job',
  PIPELINE: 'pipeline',
  PIPELINE_VERSION: 'PipelineVersion',
  NAMESPACE: 'Namespace',
};

export interface ReferenceKey {
  type: Exclude<ResourceType, 'UNKNOWN_RESOURCE_TYPE'>;
  id: string;
  /** How the server's errors name the type. */
  modelType: string;
}

/**
 * A `resource_reference_key` query (validateFilterV1 in server/list_request_util.go at 2.1.0): absent
 * when neither field is given; a type the gateway cannot read is its bare 400, and an unknown one is
 * refused by toModelResourceTypeV1.
 */
export function referenceKey(query: Query): ReferenceKey | undefined {
  const type = query.get('resource_reference_key.type');
  const id = query.get('resource_reference_key.id');
  if (type === undefined && id === undefined) return undefined;
  const name = RESOURCE_TYPES.find((t, i) => type === t || type === String(i)) ?? (type === undefined || type === '' ? 'UNKNOWN_RESOURCE_TYPE' : undefined);
  if (name === undefined) throw new GatewayInputError(`${JSON.stringify(type)} is not a valid ResourceType`);
  if (name === 'UNKNOWN_RESOURCE_TYPE') {
    throw invalidInput('Failed to convert unsupported v1beta1 API resource type UNKNOWN_RESOURCE_TYPE').wrap('Unrecognized resource reference type');
  }
  return { type: name, id: id ?? '', modelType: MODEL_TYPE[name] };
}

/** ListRunsV1 / ListJobs: a NAMESPACE or EXPERIMENT key narrows the listing; any other type narrows nothing. */
export function rowScope(key: ReferenceKey | undefined): RowScope {
  return { namespace: key?.type === 'NAMESPACE' ? key.id : '', experimentId: key?.type === 'EXPERIMENT' ? key.id : '' };
}
