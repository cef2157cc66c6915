import type { ResourceReferenceInput, ResourceType } from '../wire/messages';

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
export const pipelineOwnerIdFromRefs = (refs?: ResourceReferenceInput[]): string => firstOf(refs, 'PIPELINE', 'OWNER')?.key?.id ?? '';

export interface WireReference {
  key: { type: ResourceType; id: string };
  relationship: 'OWNER' | 'CREATOR';
}

export const ref = (type: ResourceType, id: string, relationship: 'OWNER' | 'CREATOR'): WireReference => ({
  key: { type, id },
  relationship,
});
