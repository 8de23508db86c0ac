import { Router } from 'express';
import { idempotencyKey, parseBody, parseParam, parseQuery } from '../validation';
import * as schemas from './schemas';
import type { ClientUseCases } from './useCases';

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
  // Decisions on one case: method, path, body schema, use case, and the status of success.
  const decisions = [
    ['put', 'responsible-expert', schemas.assignExpertBody, useCases.assignExpert, 200],
    ['post', 'assessments', schemas.assessmentBody, useCases.recordAssessment, 201],
    ['put', 'integration-plan', schemas.planBody, useCases.setPlan, 200],
    ['post', 'integration-plan/reviews', schemas.reviewBody, useCases.recordReview, 201],
    ['post', 'end', schemas.endBody, useCases.end, 200],
    ['post', 'resume', schemas.resumeBody, useCases.resume, 200],
    ['post', 'move', schemas.moveBody, useCases.move, 200],
  ] as const;
  for (const [method, path, schema, useCase, status] of decisions) {
    router[method](`/:id/${path}`, async (req, res) => {
      const run = useCase as (r: typeof req, id: string, body: unknown, key?: string) => Promise<unknown>;
      res.status(status).json(await run(req, id(req.params.id), parseBody(schema, req), idempotencyKey(req)));
    });
  }
  return router;
}

export const clientOpenApi = {
  'POST /api/v1/clients': schemas.registerClientBody,
  'GET /api/v1/clients': schemas.listClientsQuery,
  'GET /api/v1/clients/{id}': null,
  'PUT /api/v1/clients/{id}/responsible-expert': schemas.assignExpertBody,
  'POST /api/v1/clients/{id}/assessments': schemas.assessmentBody,
  'PUT /api/v1/clients/{id}/integration-plan': schemas.planBody,
  'POST /api/v1/clients/{id}/integration-plan/reviews': schemas.reviewBody,
  'POST /api/v1/clients/{id}/end': schemas.endBody,
  'POST /api/v1/clients/{id}/resume': schemas.resumeBody,
  'POST /api/v1/clients/{id}/move': schemas.moveBody,
} as const;
