import type { ClusterTiming } from '../clock/timing';
import type { EmulatorState } from '../state/state';
import type { EmulatorUser, Flavor } from '../types';
import type { DecodeOptions } from '../wire/message-schema';

/** What resource handlers need from the running emulator. */
export interface ServiceContext {
  readonly state: EmulatorState;
  readonly flavor: Flavor;
  readonly multiUser: boolean;
  now(): number;
  nextSeq(): number;
  newId(): string;
  readonly decodeOptions: DecodeOptions;
  readonly timing: ClusterTiming;
}

/** The API server's own namespace (POD_NAMESPACE in a standard install): where single-user workflows and schedules live. */
export const SERVER_NAMESPACE = 'kubeflow';

/** Who is calling: a configured user in multi-user mode, nobody in single-user mode. */
export interface Caller {
  user?: EmulatorUser;
}

/** Query parameters after the gateway's single URL decoding. */
export type Query = Map<string, string>;
