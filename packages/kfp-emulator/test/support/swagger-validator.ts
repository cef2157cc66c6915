import { readFileSync } from 'node:fs';

/**
 * Validates JSON values against the Swagger 2.0 schema subset the KFP API files use:
 * $ref, type, properties, additionalProperties, items, enum and the formats int32, int64
 * (a decimal string on the wire), double, byte and date-time (RFC 3339).
 */
export interface Schema {
  $ref?: string;
  type?: 'object' | 'array' | 'string' | 'integer' | 'number' | 'boolean';
  format?: string;
  properties?: Record<string, Schema>;
  additionalProperties?: Schema | boolean;
  items?: Schema;
  enum?: unknown[];
  description?: string;
}

interface Operation {
  responses: Record<string, { schema?: Schema }>;
  operationId?: string;
}

export interface ValidateOptions {
  /** Report properties the schema does not declare (unless it allows additionalProperties). */
  strict: boolean;
  /** Definitions whose JSON form may carry undeclared fields (google.protobuf.Any inlines its message). */
  openDefinitions?: string[];
  /** Extra properties tolerated at the top level (documented server quirks). */
  allowTopLevel?: string[];
  /** A bare `{type: object}` is google.protobuf.Value as the 2.1.0 generator renders it: any JSON value. */
  bareObjectIsAnyValue?: boolean;
}

const RFC3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;

export class SwaggerDocument {
  private readonly paths: { regex: RegExp; template: string; operations: Record<string, Operation> }[];
  private readonly definitions: Record<string, Schema>;

  constructor(doc: { paths: Record<string, Record<string, Operation>>; definitions: Record<string, Schema> }) {
    this.definitions = doc.definitions;
    this.paths = Object.entries(doc.paths).map(([template, operations]) => ({
      template,
      operations,
      regex: new RegExp(`^${template.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\{[^}]+\}/g, '[^/:]+')}$`),
    }));
  }

  static load(file: string): SwaggerDocument {
    return new SwaggerDocument(JSON.parse(readFileSync(file, 'utf8')));
  }

  /** The schema declared for a response: the status's own entry, else `default`. */
  responseSchema(method: string, path: string, status: number): { operation: string; schema: Schema } | undefined {
    const apiPath = path.replace(/^\/pipeline(?=\/apis\/)/, '');
    for (const entry of this.paths) {
      if (!entry.regex.test(apiPath)) continue;
      const operation = entry.operations[method.toLowerCase()];
      if (!operation) continue;
      const response = operation.responses[String(status)] ?? operation.responses.default;
      if (!response?.schema) return undefined;
      return { operation: `${method.toUpperCase()} ${entry.template} (${operation.operationId ?? '?'})`, schema: response.schema };
    }
    return undefined;
  }

  validate(schema: Schema, value: unknown, options: ValidateOptions, where = '$', open = false): string[] {
    if (schema.$ref) {
      const name = schema.$ref.replace('#/definitions/', '');
      const target = this.definitions[name];
      if (!target) return [`${where}: unknown $ref ${schema.$ref}`];
      return this.validate(target, value, options, where, (options.openDefinitions ?? []).includes(name));
    }
    const errors: string[] = [];
    if (schema.enum && !schema.enum.includes(value)) errors.push(`${where}: ${JSON.stringify(value)} is not one of ${schema.enum.join(', ')}`);
    switch (schema.type) {
      case 'string':
        if (typeof value !== 'string') return [...errors, `${where}: expected a string, got ${JSON.stringify(value)}`];
        if ((schema.format === 'int64' || schema.format === 'uint64') && !/^-?\d+$/.test(value)) errors.push(`${where}: expected an int64 decimal string, got ${JSON.stringify(value)}`);
        if (schema.format === 'date-time' && !RFC3339.test(value)) errors.push(`${where}: expected an RFC 3339 date-time, got ${JSON.stringify(value)}`);
        if (schema.format === 'byte' && !/^[A-Za-z0-9+/_-]*=*$/.test(value)) errors.push(`${where}: expected base64 bytes`);
        return errors;
      case 'integer':
        if (!Number.isInteger(value)) errors.push(`${where}: expected an integer number, got ${JSON.stringify(value)}`);
        return errors;
      case 'number':
        if (typeof value !== 'number') errors.push(`${where}: expected a number, got ${JSON.stringify(value)}`);
        return errors;
      case 'boolean':
        if (typeof value !== 'boolean') errors.push(`${where}: expected a boolean, got ${JSON.stringify(value)}`);
        return errors;
      case 'array':
        if (!Array.isArray(value)) return [...errors, `${where}: expected an array`];
        value.forEach((item, i) => errors.push(...this.validate(schema.items ?? {}, item, options, `${where}[${i}]`)));
        return errors;
      case 'object':
      case undefined: {
        if (schema.type === undefined && schema.properties === undefined) return errors;
        const bare = schema.properties === undefined && schema.additionalProperties === undefined && schema.description === undefined;
        if (bare && options.bareObjectIsAnyValue) return errors;
        if (typeof value !== 'object' || value === null || Array.isArray(value)) return [...errors, `${where}: expected an object`];
        for (const [key, item] of Object.entries(value)) {
          const declared = schema.properties?.[key];
          if (declared) errors.push(...this.validate(declared, item, options, `${where}.${key}`));
          else if (typeof schema.additionalProperties === 'object') errors.push(...this.validate(schema.additionalProperties, item, options, `${where}.${key}`));
          else if (
            options.strict &&
            !open &&
            schema.additionalProperties !== true &&
            schema.properties !== undefined &&
            !(where === '$' && (options.allowTopLevel ?? []).includes(key))
          ) {
            errors.push(`${where}.${key}: not declared by the schema`);
          }
        }
        return errors;
      }
    }
  }
}
