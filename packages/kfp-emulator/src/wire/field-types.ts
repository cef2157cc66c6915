import type { MessageSchema } from './message-schema';

// The field types the message schemas of both API versions are written with.

export const str = { kind: 'string' } as const;
export const bool = { kind: 'bool' } as const;
export const int64 = { kind: 'int64' } as const;
export const timestamp = { kind: 'timestamp' } as const;
/** google.protobuf.Struct, and messages the server reads nothing from (google.rpc.Status, RunDetails). */
export const struct = { kind: 'struct' } as const;
export const message = (schema: () => MessageSchema) => ({ kind: 'message', schema }) as const;
export const repeated = (schema: () => MessageSchema) => ({ kind: 'repeated', of: message(schema) }) as const;
