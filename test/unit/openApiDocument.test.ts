import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { z } from 'zod';
import type * as clientResponses from '../../api/clients/responses';
import type { ClientUseCases } from '../../api/clients/useCases';
import { openApiDocument } from '../../api/openapi';
import type * as placementResponses from '../../api/placement/responses';
import type { PlacementUseCases } from '../../api/placement/useCases';

/**
 * The OpenAPI document (`GET /api/v1/openapi.json`) is complete and lints clean: every operation
 * is named and summarised, says what it answers, and shares one Problem for its errors.
 */

const root = path.resolve(__dirname, '..', '..');
const document = openApiDocument();

interface Operation {
  operationId?: string;
  summary?: string;
  security?: Record<string, string[]>[];
  responses: Record<string, { $ref?: string; content?: Record<string, { schema?: unknown }> }>;
}
const operations = Object.entries(document.paths).flatMap(([route, item]) =>
  Object.entries(item).map(([method, operation]) => ({
    name: `${method.toUpperCase()} ${route}`,
    route,
    operation: operation as Operation,
  })),
);

describe('the OpenAPI document', () => {
  it('passes redocly lint with the recommended rules: no errors, no warnings', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'koto-openapi-'));
    try {
      const file = path.join(dir, 'openapi.json');
      fs.writeFileSync(file, JSON.stringify(document, null, 2));
      const lint = spawnSync(
        path.join(root, 'node_modules', '.bin', 'redocly'),
        ['lint', file, '--extends', 'recommended', '--format', 'json'],
        {
          cwd: dir, // no redocly.yaml of the project's to pick up: the recommended rules alone
          encoding: 'utf8',
          timeout: 120_000,
          env: {
            ...process.env,
            REDOCLY_TELEMETRY: 'off',
            REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true',
            REDOCLY_SUPPRESS_NOTIFICATIONS: 'true',
          },
        },
      );
      const report = JSON.parse(lint.stdout) as {
        totals: { errors: number; warnings: number };
        problems: { ruleId: string; severity: string; message: string; location: { pointer: string }[] }[];
      };
      const problems = report.problems.map(
        (p) => `${p.severity} ${p.ruleId}: ${p.message} at ${p.location.map((l) => l.pointer).join(', ')}`,
      );
      expect(problems).toEqual([]);
      expect(report.totals).toMatchObject({ errors: 0, warnings: 0 });
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('names and summarises every operation, each operationId camelCase and unique', () => {
    const ids = operations.map((o) => o.operation.operationId);
    for (const { name, operation } of operations) {
      expect([name, operation.operationId]).toEqual([name, expect.stringMatching(/^[a-z][a-zA-Z0-9]+$/)]);
      expect([name, operation.summary?.trim()]).toEqual([name, expect.any(String)]);
    }
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids).toEqual(
      expect.arrayContaining([
        'createProposal',
        'sendProposal',
        'requestHearing',
        'answerHearing',
        'answerProposal',
        'listProposals',
        'getProposal',
        'registerClient',
        'getClient',
        'listInbox',
        'getMe',
      ]),
    );
  });

  it('describes the success of every operation with a schema, redirects excepted', () => {
    for (const { name, operation } of operations) {
      const success = Object.keys(operation.responses).filter((code) => /^[23]\d\d$/.test(code));
      expect([name, success]).toEqual([name, [expect.any(String)]]);
      if (success[0] === '302') continue;
      expect([name, success[0]]).toEqual([name, expect.stringMatching(/^2/)]);
      expect([name, operation.responses[success[0]].content?.['application/json']?.schema]).toEqual([
        name,
        expect.any(Object),
      ]);
    }
  });

  it('answers 201 where the routes create', () => {
    const created = operations
      .filter((o) => '201' in o.operation.responses)
      .map((o) => o.name)
      .sort();
    expect(created).toEqual([
      'POST /api/v1/anonymous-visits',
      'POST /api/v1/clients',
      'POST /api/v1/clients/{id}/assessments',
      'POST /api/v1/clients/{id}/contacts',
      'POST /api/v1/clients/{id}/integration-plan/reviews',
      'POST /api/v1/clients/{id}/todos',
      'POST /api/v1/placement-proposals',
      'POST /api/v1/users',
      'POST /api/v1/users/{userId}/rights',
      'POST /api/v1/webhooks',
    ]);
  });

  it('refers every error to the shared Problem', () => {
    const problems = document.components.responses as Record<
      string,
      { content: Record<string, { schema: unknown }> }
    >;
    for (const response of Object.values(problems)) {
      expect(response.content).toEqual({
        'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } },
      });
    }
    for (const { name, operation } of operations) {
      for (const [code, response] of Object.entries(operation.responses)) {
        if (!/^4/.test(code)) continue;
        expect([name, code, response.$ref]).toEqual([
          name,
          code,
          expect.stringMatching(/^#\/components\/responses\//),
        ]);
      }
    }
  });

  it('takes a bearer token or the session cookie under /api/v1, and nothing on the public routes', () => {
    const publicRoutes = [
      'GET /health',
      'GET /ready',
      'GET /api/v1/openapi.json',
      'GET /auth/config',
      'GET /auth/login',
      'GET /auth/callback',
      'GET /auth/dev/users',
      'POST /auth/dev/login',
    ];
    for (const { name, route, operation } of operations) {
      if (publicRoutes.includes(name)) expect([name, operation.security]).toEqual([name, []]);
      else if (route.startsWith('/api/v1/'))
        expect([name, operation.security]).toEqual([name, [{ bearer: [] }, { session: [] }]]);
    }
    expect(document.components.securitySchemes.session).toMatchObject({
      type: 'apiKey',
      in: 'cookie',
      name: 'koto_session',
    });
  });

  it('shares the common shapes as components, with allowedActions required on the details', () => {
    const schemas = document.components.schemas as Record<string, { required?: string[] }>;
    for (const name of [
      'Person',
      'Problem',
      'TimelineEvent',
      'Organisation',
      'ProposalDetail',
      'ClientDetail',
    ]) {
      expect(schemas).toHaveProperty(name);
    }
    expect(schemas.ProposalDetail.required).toContain('allowedActions');
    expect(schemas.ClientDetail.required).toContain('allowedActions');
    expect(schemas.ProposalPage.required).toEqual(['items', 'nextCursor']);
  });
});

/*
 * Compile-time (tsc, `npm run lint`): the response schemas name exactly the fields the use cases
 * answer, so the document cannot silently drift from the code. A mismatch fails to compile and
 * names the fields.
 */
type Answer<F> = F extends (...args: never[]) => Promise<infer R> ? R : never;
type KeysOf<T> = T extends unknown ? keyof T : never;
type SameFields<Actual, Documented> = [
  Exclude<KeysOf<Actual>, KeysOf<Documented>>,
  Exclude<KeysOf<Documented>, KeysOf<Actual>>,
] extends [never, never]
  ? true
  : {
      undocumented: Exclude<KeysOf<Actual>, KeysOf<Documented>>;
      notAnswered: Exclude<KeysOf<Documented>, KeysOf<Actual>>;
    };
type Documented<S extends z.ZodType> = z.input<S>;
type ItemOf<T> = T extends { items: (infer I)[] } ? I : never;

type Assignable<Actual, Documented> = [Actual] extends [Documented] ? true : { notAssignable: Actual };

const _sameFields: [
  SameFields<Answer<PlacementUseCases['create']>, Documented<typeof placementResponses.proposalCreated>>,
  SameFields<
    Answer<PlacementUseCases['decide']>,
    Documented<typeof placementResponses.proposalDecisionResult>
  >,
  SameFields<Answer<PlacementUseCases['get']>, Documented<typeof placementResponses.proposalDetail>>,
  SameFields<Answer<PlacementUseCases['list']>, Documented<typeof placementResponses.proposalPage>>,
  SameFields<
    ItemOf<Answer<PlacementUseCases['list']>>,
    Documented<typeof placementResponses.proposalListItem>
  >,
  SameFields<Answer<ClientUseCases['register']>, Documented<typeof clientResponses.clientCreated>>,
  SameFields<Answer<ClientUseCases['end']>, Documented<typeof clientResponses.clientDecisionResult>>,
  SameFields<Answer<ClientUseCases['get']>, Documented<typeof clientResponses.clientDetail>>,
  SameFields<Answer<ClientUseCases['list']>, Documented<typeof clientResponses.clientPage>>,
  SameFields<ItemOf<Answer<ClientUseCases['list']>>, Documented<typeof clientResponses.clientSummary>>,
] = [true, true, true, true, true, true, true, true, true, true];

// Where no JSON column is involved, every value has the documented type as well.
const _sameTypes: [
  Assignable<
    Answer<PlacementUseCases['decide']>,
    Documented<typeof placementResponses.proposalDecisionResult>
  >,
  Assignable<Answer<ClientUseCases['register']>, Documented<typeof clientResponses.clientCreated>>,
  Assignable<Answer<ClientUseCases['assignExpert']>, Documented<typeof clientResponses.clientDecisionResult>>,
] = [true, true, true];
