import type { FastifyInstance } from 'fastify';
import { Ajv, type Options } from 'ajv';

const common: Options = { allErrors: true, strict: true, strictRequired: false, useDefaults: true };

/**
 * JSON-schema validation: bodies are taken as sent (no type coercion, unknown fields kept for the
 * schema to judge), while query strings and path parameters are coerced from text.
 */
export function installValidation(app: FastifyInstance): void {
  const bodies = new Ajv({ ...common, coerceTypes: false, removeAdditional: false });
  const strings = new Ajv({ ...common, coerceTypes: true, removeAdditional: false });
  app.setValidatorCompiler(({ schema, httpPart }) => (httpPart === 'body' ? bodies : strings).compile(schema));
}
