import { isDeepStrictEqual } from 'node:util';
import { z } from 'zod';
import { auditEventPage, auditQuery } from './auditEvents';
import { anonymousVisitOpenApi } from './anonymousVisits';
import { outreachOpenApi } from './outreach';
import { transferOpenApi } from './transfers/routes';
import { registerOpenApi } from './registers';
import { eventOpenApi } from './events';
import { webhookOpenApi } from './webhooks';
import { clientOpenApi } from './clients/routes';
import { everydayOpenApi } from './clients/everydayRoutes';
import { health, readiness } from './health';
import { inbox } from './inbox';
import { listOrganisationsQuery, organisationList } from './organisations';
import { placementOpenApi } from './placement/routes';
import { clientReport, clientReportQuery, placementReport, reportQuery } from './reports';
import { problem } from './schemas/responses';
import {
  authConfigResponse,
  CSRF_HEADER,
  devLoginBody,
  devUsersResponse,
  meResponse,
  SESSION_COOKIE,
} from './session/schemas';
import { userOpenApi } from './users/routes';

/**
 * The OpenAPI 3.1 description of the API (`GET /api/v1/openapi.json`), generated from the same
 * zod schemas that validate requests and describe answers. Each resource keeps a table of its
 * operations beside its routes; this module adds the rest and turns the zod schemas into JSON
 * Schema: those with a `.meta({ id })` become `components.schemas`, the others stay inline.
 * The web application's types are generated from it (`npm run generate:api`).
 */

export type ProblemStatus = 400 | 401 | 403 | 404 | 409 | 422 | 429 | 503;

/**
 * Who may call: by default `/api/v1` takes a bearer token or the web session cookie; `/auth/logout`
 * takes the session cookie when there is one.
 */
export type Access = 'token-or-session' | 'session-if-any' | 'public';

/** One operation as the document describes it. */
export interface OperationDoc {
  /** camelCase, unique: the method name of generated clients. */
  operationId: string;
  summary: string;
  description?: string;
  /** Path parameters by name; a plain string when not given. */
  params?: Record<string, z.ZodType>;
  query?: z.ZodObject;
  body?: z.ZodType;
  /** Accepts an `Idempotency-Key` header. */
  idempotent?: boolean;
  /** The status of success, as the route answers it: 200 unless given. */
  status?: 200 | 201 | 202 | 204 | 302;
  /** The body of success (none for a redirect). */
  response?: z.ZodType;
  /** Answers besides success that are not problems, such as `/ready`'s 503. */
  otherResponses?: Record<string, { description: string; schema: z.ZodType }>;
  /**
   * The problems the operation answers; 401, 403 (CSRF), 429 (under /api/v1) and 503 (where a
   * session or token is checked against the database) are added as they apply.
   */
  errors: ProblemStatus[];
  access?: Access;
  tag?: string;
}

/** Operations keyed `"METHOD /path"`, paths in OpenAPI form (`/clients/{id}`). */
export type OperationTable = Record<string, OperationDoc>;

const tags = [
  {
    name: 'placement-proposals',
    description:
      'Municipal placement: the elinvoimakeskus proposes, the municipality answers, and the welfare area is ' +
      'heard (§ 43). Every decision is delivered to the proposal’s workflow.',
  },
  {
    name: 'clients',
    description:
      'The municipality’s client cases: registration, responsible expert, assessments, the integration plan ' +
      'and its reviews, end, resumption and moving; everyday work: contacts, to-dos, the summary, plan ' +
      'versions and corrections with provenance (§ 73).',
  },
  {
    name: 'anonymous-visits',
    description: 'Visits of people who do not want to be registered: counted, never identified.',
  },
  {
    name: 'events',
    description:
      'Events for municipal add-ons: every state change of the proposals and client cases your organisation ' +
      'sees, in order, without personal data.',
  },
  {
    name: 'webhooks',
    description:
      'Events POSTed to your add-ons by the Standard Webhooks specification: signed, at least once, in order ' +
      'per resource, with dead letters an admin can retry.',
  },
  {
    name: 'outreach',
    description:
      'Outreach (asiakkaiden tavoittaminen): benefit recipients in the act’s target group whom Kelmu shows in your ' +
      'municipality and who are not clients yet, with the outcome of reaching them.',
  },
  {
    name: 'transfers',
    description:
      'Data transfer from a municipality’s earlier system: client records validated like registrations and ' +
      'imported by a workflow in batches, idempotently by source id, with a dry run and a report.',
  },
  { name: 'inbox', description: 'What waits for the caller’s organisation, overdue first.' },
  {
    name: 'organisations',
    description: 'Reference data: elinvoimakeskus centres, municipalities, welfare areas, KEHA, Migri, TEM.',
  },
  {
    name: 'users',
    description: 'Personal accounts and their rights (§ 79), managed by the organisations’ admins.',
  },
  {
    name: 'audit-events',
    description: 'The append-only log of every read and write of personal data, allowed or refused.',
  },
  {
    name: 'reports',
    description: 'Aggregates for TEM analysts and KEHA supervisors; small cells suppressed.',
  },
  {
    name: 'web-session',
    description:
      'The web application’s sign-in (backend-for-frontend). The `/auth` routes are for browsers only: they ' +
      `set or clear the \`${SESSION_COOKIE}\` cookie.`,
  },
  {
    name: 'temporal-codec',
    description:
      'The codec server the Temporal UI and CLI call to decrypt workflow histories: KEHA supervisors only, ' +
      'every use audit-logged.',
  },
  { name: 'operations', description: 'Liveness, readiness and this document.' },
];

const returnTo = z
  .string()
  .max(2000)
  .meta({ description: 'a same-origin path to return to after signing in or out' });

/** `POST /codec/*`'s body and answer (the Temporal codec server protocol), checked in `platform/payloadCodec.ts`. */
const codecPayloads = z
  .object({
    payloads: z.array(
      z.object({
        metadata: z.record(z.string(), z.string()).meta({ description: 'values in base64' }),
        data: z.string().meta({ description: 'base64' }),
      }),
    ),
  })
  .meta({ id: 'CodecPayloads' });

const operationsTable: OperationTable = {
  'GET /health': {
    operationId: 'getHealth',
    summary: 'Liveness: the process answers',
    response: health,
    errors: [],
    access: 'public',
  },
  'GET /ready': {
    operationId: 'getReadiness',
    summary: 'Readiness: Temporal, the database, migrations and the worker answer too',
    response: readiness,
    otherResponses: { '503': { description: 'Not ready: a component is down', schema: readiness } },
    errors: [],
    access: 'public',
  },
  'GET /api/v1/openapi.json': {
    operationId: 'getOpenApiDocument',
    summary: 'This OpenAPI 3.1 document',
    response: z.looseObject({ openapi: z.string() }).meta({ description: 'an OpenAPI 3.1 document' }),
    errors: [],
    access: 'public',
  },
  'GET /api/v1/organisations': {
    operationId: 'listOrganisations',
    summary: 'List the organisations, optionally of one kind',
    query: listOrganisationsQuery,
    response: organisationList,
    errors: [400],
  },
  ...placementOpenApi,
  ...clientOpenApi,
  ...everydayOpenApi,
  ...anonymousVisitOpenApi,
  ...registerOpenApi,
  ...outreachOpenApi,
  ...transferOpenApi,
  ...eventOpenApi,
  ...webhookOpenApi,
  'GET /api/v1/inbox': {
    operationId: 'listInbox',
    summary:
      'What waits for your organisation: proposals, hearings, answers, reviews, and your own to-dos due',
    response: inbox,
    errors: [403],
  },
  'GET /api/v1/audit-events': {
    operationId: 'listAuditEvents',
    summary: 'Search the audit log, newest first',
    query: auditQuery,
    response: auditEventPage,
    errors: [400, 403],
  },
  ...userOpenApi,
  'GET /api/v1/reports/placements': {
    operationId: 'getPlacementReport',
    summary: 'Count proposals by status, municipality, elinvoimakeskus or kind',
    query: reportQuery,
    response: placementReport,
    errors: [400, 403],
  },
  'GET /api/v1/reports/clients': {
    operationId: 'getClientReport',
    summary: 'Count client cases by status or municipality',
    query: clientReportQuery,
    response: clientReport,
    errors: [400, 403],
  },
  'GET /api/v1/me': {
    operationId: 'getMe',
    summary: 'Who is signed in: user, organisation, roles, and for a session its CSRF token',
    response: meResponse,
    errors: [],
    tag: 'web-session',
  },
  'GET /auth/config': {
    operationId: 'getAuthConfig',
    summary: 'Which sign-in the web application offers',
    response: authConfigResponse,
    errors: [],
    access: 'public',
  },
  'GET /auth/dev/users': {
    operationId: 'listDevUsers',
    summary: 'Development only: the seeded users to sign in as',
    response: devUsersResponse,
    errors: [404],
    access: 'public',
  },
  'POST /auth/dev/login': {
    operationId: 'devLogin',
    summary: 'Development only: sign in as a seeded user (sets the session cookie)',
    description: '422 for a user who is not active. 404 outside development mode.',
    body: devLoginBody,
    response: z.object({ returnTo: z.string().meta({ description: 'where the browser goes next' }) }),
    errors: [400, 404, 422, 503],
    access: 'public',
  },
  'GET /auth/login': {
    operationId: 'login',
    summary: 'Start signing in with OpenID Connect: redirects to the identity provider',
    description:
      'When sign-in cannot start, redirects to `/login?error=<reason>`. 404 without OpenID Connect.',
    query: z.strictObject({ returnTo: returnTo.optional() }),
    status: 302,
    errors: [404],
    access: 'public',
  },
  'GET /auth/callback': {
    operationId: 'loginCallback',
    summary: 'The identity provider returns here: sets the session cookie and redirects to returnTo',
    description: 'A failed sign-in redirects to `/login?error=<reason>`. 404 without OpenID Connect.',
    query: z.object({
      code: z.string().optional(),
      state: z.string().optional(),
      error: z.string().optional(),
    }),
    status: 302,
    errors: [404, 503],
    access: 'public',
  },
  'POST /auth/logout': {
    operationId: 'logout',
    summary: 'Sign out: ends the session, if any, and clears its cookie',
    response: z.object({
      redirectTo: z.string().meta({
        description: 'where the browser goes next: the signed-out page or the identity provider’s logout',
      }),
    }),
    errors: [],
    access: 'session-if-any',
  },
  'POST /codec/encode': {
    operationId: 'encodePayloads',
    summary: 'Encrypt Temporal payloads',
    body: codecPayloads,
    response: codecPayloads,
    errors: [400, 403, 422],
    access: 'token-or-session',
  },
  'POST /codec/decode': {
    operationId: 'decodePayloads',
    summary: 'Decrypt Temporal payloads',
    body: codecPayloads,
    response: codecPayloads,
    errors: [400, 403, 422],
    access: 'token-or-session',
  },
};

const problemResponses: Record<ProblemStatus | '4XX', [name: string, description: string]> = {
  400: ['BadRequest', 'The request is malformed: a path or query parameter, a header or the JSON itself'],
  401: ['Unauthorized', 'No valid bearer token or session'],
  403: ['Forbidden', 'Your organisation or role may not do this (or the CSRF token is missing)'],
  404: ['NotFound', 'No such resource, or it is not visible to you'],
  409: ['Conflict', 'Not allowed in the current state, or a duplicate'],
  422: ['UnprocessableContent', 'The body breaks the rules; `errors` names each field'],
  429: ['TooManyRequests', 'Too many requests: slow down and retry later'],
  503: [
    'ServiceUnavailable',
    'PostgreSQL or Temporal cannot be reached right now (`unavailable` says which): retry after ' +
      '`Retry-After` seconds, with the same Idempotency-Key',
  ],
  '4XX': ['UnreadableRequest', 'The request line or headers could not be read'],
};

/** As `idempotencyKey()` in `validation.ts` checks it. */
const idempotencyKey = z.string().regex(/^[\x21-\x7e]{1,200}$/);

const securityOf: Record<Access, Record<string, string[]>[]> = {
  'token-or-session': [{ bearer: [] }, { session: [] }],
  'session-if-any': [{ session: [] }, {}],
  public: [],
};

type Json = Record<string, unknown>;
type Io = 'input' | 'output';
const COMPONENTS = '#/components/schemas/';
const INLINE = 'inline-';

/**
 * Collects the zod schemas the document uses, then converts them in one pass per direction
 * (requests as `input`, answers as `output`), so that every schema with an `id` is emitted once
 * under `components.schemas` and referenced from everywhere else.
 */
class SchemaCollector {
  private readonly registries = { input: z.registry<{ id: string }>(), output: z.registry<{ id: string }>() };
  private readonly slots: { id: string; fill: (schema: Json) => void }[] = [];
  private inlineCount = 0;

  /** The schema's place in the document: filled with a `$ref` or the schema itself by `resolve()`. */
  use(schema: z.ZodType, io: Io): Json {
    const target: Json = {};
    this.convert(schema, io, (json) => Object.assign(target, json));
    return target;
  }

  /** Calls `fill` with the schema's JSON Schema (or `$ref`) once `resolve()` has run. */
  convert(schema: z.ZodType, io: Io, fill: (schema: Json) => void): void {
    const registry = this.registries[io];
    let id = registry.get(schema)?.id;
    if (!id) {
      id = z.globalRegistry.get(schema)?.id ?? `${INLINE}${this.inlineCount++}`;
      registry.add(schema, { id });
    }
    this.slots.push({ id, fill });
  }

  /** Converts everything collected; returns `components.schemas`, sorted by name. */
  resolve(): Record<string, Json> {
    const components: Record<string, Json> = {};
    const inline: Record<string, Json> = {};
    for (const io of ['input', 'output'] as const) {
      const { schemas } = z.toJSONSchema(this.registries[io], {
        io,
        target: 'draft-2020-12',
        unrepresentable: 'any',
        uri: (id) => `${COMPONENTS}${id}`,
        override: tidy,
      });
      // Named schemas nested in others arrive as shared definitions: they are components too.
      const text = JSON.stringify(schemas).replaceAll(`${COMPONENTS}__shared#/$defs/`, COMPONENTS);
      const { __shared: shared, ...direct } = JSON.parse(text) as Record<string, Json>;
      const all = { ...((shared?.$defs as Record<string, Json>) ?? {}), ...direct };
      for (const [id, converted] of Object.entries(all)) {
        const { $schema: _dialect, $id: _id, ...schema } = converted;
        if (id.startsWith(INLINE)) inline[id] = schema;
        else if (components[id] && !isDeepStrictEqual(components[id], schema)) {
          throw new Error(`the schema ${id} differs between requests and answers: name them apart`);
        } else components[id] = schema;
      }
    }
    // A schema used inline at the top of one operation may be nested in another: inline it there too.
    const expand = (value: unknown): unknown => {
      if (Array.isArray(value)) return value.map(expand);
      if (!value || typeof value !== 'object') return value;
      const { $ref } = value as { $ref?: string };
      if ($ref?.startsWith(`${COMPONENTS}${INLINE}`)) return expand(inline[$ref.slice(COMPONENTS.length)]);
      return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, expand(v)]));
    };
    for (const { id, fill } of this.slots) {
      fill(id.startsWith(INLINE) ? (expand(inline[id]) as Json) : { $ref: `${COMPONENTS}${id}` });
    }
    return Object.fromEntries(
      Object.keys(components)
        .sort()
        .map((id) => [id, expand(components[id]) as Json]),
    );
  }
}

/**
 * Answers may gain fields (API.md: "extend freely"), so only strict request objects close their
 * properties; and an integer's safe-integer bounds say nothing a reader needs.
 */
function tidy({ zodSchema, jsonSchema }: { zodSchema: unknown; jsonSchema: Json }): void {
  const def = (zodSchema as { _zod: { def: { type: string; catchall?: unknown } } })._zod.def;
  if (def.type === 'object' && def.catchall === undefined && jsonSchema.additionalProperties === false) {
    delete jsonSchema.additionalProperties;
  }
  if (jsonSchema.minimum === Number.MIN_SAFE_INTEGER) delete jsonSchema.minimum;
  if (jsonSchema.maximum === Number.MAX_SAFE_INTEGER) delete jsonSchema.maximum;
}

function tagOf(path: string): string {
  if (path.startsWith('/auth/')) return 'web-session';
  if (path.startsWith('/codec/')) return 'temporal-codec';
  const resource = /^\/api\/v1\/([a-z-]+)/.exec(path)?.[1];
  return tags.some((t) => t.name === resource) ? resource! : 'operations';
}

function accessOf(path: string, doc: OperationDoc): Access {
  if (doc.access) return doc.access;
  if (path.startsWith('/api/v1/')) return 'token-or-session';
  throw new Error(`${path}: say who may call it (access)`);
}

/** Calls that may carry the session cookie, and so its CSRF token when they change state. */
const takesSession = (access: Access) => access !== 'public';

/** The problems an operation may answer: its own, plus what authentication, CSRF and rate limits add. */
function problemsOf(
  method: string,
  path: string,
  access: Access,
  errors: ProblemStatus[],
): (ProblemStatus | '4XX')[] {
  const all = new Set<ProblemStatus>(errors);
  if (access === 'token-or-session') all.add(401);
  if (takesSession(access) && method !== 'GET') all.add(403);
  if (access === 'token-or-session' && path.startsWith('/api/v1/')) all.add(429);
  // Tokens name users and sessions live in PostgreSQL: an outage answers 503 (api/outage.ts).
  if (takesSession(access)) all.add(503);
  const sorted: (ProblemStatus | '4XX')[] = [...all].sort();
  return sorted.length ? sorted : ['4XX'];
}

export function openApiDocument() {
  const schemas = new SchemaCollector();
  const paths: Record<string, Record<string, unknown>> = {};
  const operationIds = new Set<string>();
  const problemsUsed = new Set<string>();

  for (const [key, doc] of Object.entries(operationsTable)) {
    const match = /^(GET|POST|PUT|PATCH|DELETE) (\/\S*)$/.exec(key);
    if (!match) throw new Error(`"${key}" is not "METHOD /path"`);
    const [, method, path] = match;
    if (operationIds.has(doc.operationId)) throw new Error(`operationId ${doc.operationId} is not unique`);
    operationIds.add(doc.operationId);
    const access = accessOf(path, doc);
    const stateChanging = method !== 'GET';

    const parameters: unknown[] = [...path.matchAll(/\{(\w+)\}/g)].map(([, name]) => ({
      name,
      in: 'path',
      required: true,
      schema: doc.params?.[name] ? schemas.use(doc.params[name], 'input') : { type: 'string' },
    }));
    if (doc.query) {
      // The query object's properties, each its own parameter, after the path parameters.
      const queryAt = parameters.length;
      schemas.convert(doc.query, 'input', (json) => {
        const properties = (json.properties ?? {}) as Record<string, Json>;
        const required = (json.required ?? []) as string[];
        parameters.splice(
          queryAt,
          0,
          ...Object.entries(properties).map(([name, schema]) => ({
            name,
            in: 'query',
            required: required.includes(name),
            ...(typeof schema.description === 'string' ? { description: schema.description } : {}),
            schema,
          })),
        );
      });
    }
    if (doc.idempotent) parameters.push({ $ref: '#/components/parameters/IdempotencyKey' });
    if (stateChanging && takesSession(access)) {
      parameters.push({ $ref: '#/components/parameters/CsrfToken' });
    }

    const status = doc.status ?? 200;
    const responses: Record<string, unknown> = {
      [status]:
        status === 302
          ? {
              description: 'Redirect',
              headers: {
                Location: { description: 'where the browser goes next', schema: { type: 'string' } },
              },
            }
          : {
              description:
                status === 201
                  ? 'Created'
                  : status === 202
                    ? 'Accepted'
                    : status === 204
                      ? 'No Content'
                      : 'OK',
              ...(doc.response
                ? { content: { 'application/json': { schema: schemas.use(doc.response, 'output') } } }
                : {}),
            },
    };
    for (const [code, other] of Object.entries(doc.otherResponses ?? {})) {
      responses[code] = {
        description: other.description,
        content: { 'application/json': { schema: schemas.use(other.schema, 'output') } },
      };
    }
    for (const code of problemsOf(method, path, access, doc.errors)) {
      const [name] = problemResponses[code];
      responses[code] = { $ref: `#/components/responses/${name}` };
      problemsUsed.add(name);
    }
    if (status === 302) {
      responses.default = {
        description: 'Any other answer: problem details',
        content: { 'application/problem+json': { schema: schemas.use(problem, 'output') } },
      };
    }

    (paths[path] ??= {})[method.toLowerCase()] = {
      operationId: doc.operationId,
      summary: doc.summary,
      ...(doc.description ? { description: doc.description } : {}),
      tags: [doc.tag ?? tagOf(path)],
      security: securityOf[access],
      parameters,
      ...(doc.body
        ? {
            requestBody: {
              required: true,
              content: { 'application/json': { schema: schemas.use(doc.body, 'input') } },
            },
          }
        : {}),
      responses,
    };
  }

  const responses = Object.fromEntries(
    Object.values(problemResponses)
      .filter(([name]) => problemsUsed.has(name))
      .map(([name, description]) => [
        name,
        {
          description,
          ...(name === 'ServiceUnavailable'
            ? {
                headers: {
                  'Retry-After': {
                    description: 'seconds to wait before retrying',
                    schema: { type: 'integer', minimum: 1 },
                  },
                },
              }
            : {}),
          content: { 'application/problem+json': { schema: schemas.use(problem, 'output') } },
        },
      ]),
  );
  const parameters = {
    IdempotencyKey: {
      name: 'Idempotency-Key',
      in: 'header',
      required: false,
      description:
        'Makes a retry safe: the same key and body return the first result once more, never a second ' +
        'transition. 1 to 200 visible ASCII characters.',
      schema: schemas.use(idempotencyKey, 'input'),
    },
    CsrfToken: {
      name: CSRF_HEADER,
      in: 'header',
      required: false,
      description:
        `Required on POST, PUT, PATCH and DELETE made with the \`${SESSION_COOKIE}\` cookie: the session's ` +
        'CSRF token (`csrfToken` of GET /api/v1/me)',
      schema: { type: 'string' },
    },
  };
  const componentSchemas = schemas.resolve();

  return {
    openapi: '3.1.0',
    info: {
      title: 'Koto placement and integration case engine',
      version: '1.0.0',
      description: [
        'Refugee municipal placement and the municipalities’ integration client cases under the',
        'integration act (681/2023). Every case is a durable workflow; this API delivers each party’s',
        'decisions to it and reads the searchable record.',
        '',
        `Authenticate with \`Authorization: Bearer <JWT>\` (claims \`sub\`, \`org\`, \`roles\`) or, in the`,
        `web application, with the \`${SESSION_COOKIE}\` session cookie plus the \`${CSRF_HEADER}\` header on`,
        'state-changing calls. Dates are `YYYY-MM-DD`, instants ISO 8601 UTC. Errors are',
        '`application/problem+json` (RFC 9457). POSTs and PUTs on cases accept an `Idempotency-Key`.',
      ].join('\n'),
      license: { name: 'EUPL-1.2', identifier: 'EUPL-1.2' },
    },
    servers: [
      { url: '/', description: 'the server of this document (http://localhost:3000 under npm run dev)' },
    ],
    tags,
    paths,
    components: {
      schemas: componentSchemas,
      responses,
      parameters,
      securitySchemes: {
        bearer: {
          type: 'http',
          scheme: 'bearer',
          bearerFormat: 'JWT',
          description: 'A token naming the user (sub), the organisation (org) and the roles (roles)',
        },
        session: {
          type: 'apiKey',
          in: 'cookie',
          name: SESSION_COOKIE,
          description:
            'The web application’s session cookie (HttpOnly), set when signing in at /auth. ' +
            `State-changing calls (POST, PUT, PATCH, DELETE) made with it need the \`${CSRF_HEADER}\` header.`,
        },
      },
    },
  };
}
