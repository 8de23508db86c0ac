import { Router } from 'express';
import type { z } from 'zod';
import type { OperationTable } from '../openapi';
import { idempotencyKey, parseBody, parseParam, parseQuery } from '../validation';
import * as responses from './responses';
import * as schemas from './schemas';
import type { ClientUseCases } from './useCases';

/** Decisions on one case: method, path, body, use case, the status of success, and the document's names. */
const decisions: {
  method: 'put' | 'post';
  path: string;
  body: z.ZodType;
  useCase: keyof ClientUseCases;
  status: 200 | 201;
  operationId: string;
  summary: string;
}[] = [
  {
    method: 'put',
    path: 'responsible-expert',
    body: schemas.assignExpertBody,
    useCase: 'assignExpert',
    status: 200,
    operationId: 'assignResponsibleExpert',
    summary: 'Assign the responsible expert',
  },
  {
    method: 'post',
    path: 'assessments',
    body: schemas.assessmentBody,
    useCase: 'recordAssessment',
    status: 201,
    operationId: 'recordAssessment',
    summary: 'Record an initial assessment or a reassessment',
  },
  {
    method: 'put',
    path: 'integration-plan',
    body: schemas.planBody,
    useCase: 'setPlan',
    status: 200,
    operationId: 'setIntegrationPlan',
    summary: 'Set the integration plan; the earlier plan is kept as a version',
  },
  {
    method: 'post',
    path: 'integration-plan/reviews',
    body: schemas.reviewBody,
    useCase: 'recordReview',
    status: 201,
    operationId: 'recordPlanReview',
    summary: 'Record a review of the integration plan (§ 22)',
  },
  {
    method: 'post',
    path: 'end',
    body: schemas.endBody,
    useCase: 'end',
    status: 200,
    operationId: 'endClientRelationship',
    summary: 'End the client relationship',
  },
  {
    method: 'post',
    path: 'resume',
    body: schemas.resumeBody,
    useCase: 'resume',
    status: 200,
    operationId: 'resumeClientRelationship',
    summary: 'Resume an ended client relationship',
  },
  {
    method: 'post',
    path: 'move',
    body: schemas.moveBody,
    useCase: 'move',
    status: 200,
    operationId: 'moveClient',
    summary: 'Move the case to another municipality with the client’s consent (§ 85)',
  },
];

/** `/api/v1/clients`: each route parses, calls one use case, and answers. */
export function clientRoutes(useCases: ClientUseCases): Router {
  const router = Router();
  const id = (raw: unknown) => parseParam(schemas.clientId, raw, 'id');

  router.post('/', async (req, res) => {
    res
      .status(201)
      .json(await useCases.register(req, parseBody(schemas.registerClientBody, req), idempotencyKey(req)));
  });
  router.get('/', async (req, res) => {
    res.json(await useCases.list(req, parseQuery(schemas.listClientsQuery, req)));
  });
  router.get('/:id', async (req, res) => {
    res.json(await useCases.get(req, id(req.params.id)));
  });
  for (const { method, path, body, useCase, status } of decisions) {
    router[method](`/:id/${path}`, async (req, res) => {
      const run = useCases[useCase] as (
        r: typeof req,
        id: string,
        body: unknown,
        key?: string,
      ) => Promise<unknown>;
      res.status(status).json(await run(req, id(req.params.id), parseBody(body, req), idempotencyKey(req)));
    });
  }
  return router;
}

/** The routes above as the OpenAPI document describes them. */
export const clientOpenApi: OperationTable = {
  'POST /api/v1/clients': {
    operationId: 'registerClient',
    summary:
      'Register a client (ACTIVE), from an accepted proposal or directly; or take over the person’s ENDED case in another municipality (`takeOver`)',
    body: schemas.registerClientBody,
    idempotent: true,
    status: 201,
    response: responses.clientCreated,
    errors: [400, 403, 409, 422],
  },
  'GET /api/v1/clients': {
    operationId: 'listClients',
    summary: 'List or search your municipality’s clients, newest first',
    query: schemas.listClientsQuery,
    response: responses.clientPage,
    errors: [400, 403],
  },
  'GET /api/v1/clients/{id}': {
    operationId: 'getClient',
    summary: 'Read a client case with its assessments, plan, reviews, timeline and allowed actions',
    params: { id: schemas.clientId },
    response: responses.clientDetail,
    errors: [400, 403, 404],
  },
  ...Object.fromEntries(
    decisions.map((d) => [
      `${d.method.toUpperCase()} /api/v1/clients/{id}/${d.path}`,
      {
        operationId: d.operationId,
        summary: d.summary,
        params: { id: schemas.clientId },
        body: d.body,
        idempotent: true,
        status: d.status,
        response: responses.clientDecisionResult,
        errors: [400, 403, 404, 409, 422],
      },
    ]),
  ),
};
