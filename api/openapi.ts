import { z } from 'zod';
import { auditQuery } from './auditEvents';
import { clientReportQuery, reportQuery } from './reports';
import { listOrganisationsQuery } from './organisations';
import { clientOpenApi } from './clients/routes';
import { placementOpenApi } from './placement/routes';
import { userOpenApi } from './users/routes';

/** Request schemas of every endpoint, keyed "METHOD /path"; the OpenAPI document is generated from these. */
const endpoints: Record<string, z.ZodType | null> = {
  'GET /health': null,
  'GET /ready': null,
  'GET /api/v1/organisations': listOrganisationsQuery,
  ...placementOpenApi,
  'GET /api/v1/placement-proposals/{id}': null,
  ...clientOpenApi,
  'GET /api/v1/inbox': null,
  'GET /api/v1/audit-events': auditQuery,
  ...userOpenApi,
  'GET /api/v1/reports/placements': reportQuery,
  'GET /api/v1/reports/clients': clientReportQuery,
};

const problem = {
  description: 'Problem details (RFC 9457)',
  content: {
    'application/problem+json': {
      schema: {
        type: 'object',
        required: ['type', 'title', 'status', 'detail'],
        properties: {
          type: { type: 'string' },
          title: { type: 'string' },
          status: { type: 'integer' },
          detail: { type: 'string' },
          requestId: { type: 'string' },
          errors: {
            type: 'array',
            items: {
              type: 'object',
              properties: { pointer: { type: 'string' }, detail: { type: 'string' } },
            },
          },
        },
      },
    },
  },
};

export function openApiDocument() {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const [key, schema] of Object.entries(endpoints)) {
    const [method, path] = key.split(' ');
    const operation: Record<string, unknown> = {
      operationId: `${method.toLowerCase()} ${path}`,
      responses: {
        '200': { description: 'OK' },
        '400': problem,
        '401': problem,
        '403': problem,
        '404': problem,
        '409': problem,
        '422': problem,
      },
    };
    const pathParams = [...path.matchAll(/\{(\w+)\}/g)].map((m) => ({
      name: m[1],
      in: 'path',
      required: true,
      schema: { type: 'string' },
    }));
    if (method === 'GET' && schema) {
      const json = z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as {
        properties?: Record<string, unknown>;
        required?: string[];
      };
      operation.parameters = [
        ...pathParams,
        ...Object.entries(json.properties ?? {}).map(([name, s]) => ({
          name,
          in: 'query',
          required: json.required?.includes(name) ?? false,
          schema: s,
        })),
      ];
    } else {
      operation.parameters = [
        ...pathParams,
        ...(method === 'POST' || method === 'PUT'
          ? [
              {
                name: 'Idempotency-Key',
                in: 'header',
                required: false,
                schema: { type: 'string', maxLength: 200 },
              },
            ]
          : []),
      ];
      if (schema) {
        operation.requestBody = {
          required: true,
          content: {
            'application/json': { schema: z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) },
          },
        };
      }
    }
    if (!path.startsWith('/health') && !path.startsWith('/ready')) operation.security = [{ bearer: [] }];
    (paths[path] ??= {})[method.toLowerCase()] = operation;
  }
  return {
    openapi: '3.1.0',
    info: { title: 'Koto placement and integration case engine', version: '1.0.0' },
    components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' } } },
    paths,
  };
}
