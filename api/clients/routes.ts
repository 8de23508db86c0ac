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
  router.put('/:id/responsible-expert', async (req, res) => {
    res.json(
      await useCases.assignExpert(
        req,
        id(req.params.id),
        parseBody(schemas.assignExpertBody, req),
        idempotencyKey(req),
      ),
    );
  });
  router.post('/:id/assessments', async (req, res) => {
    res
      .status(201)
      .json(
        await useCases.recordAssessment(
          req,
          id(req.params.id),
          parseBody(schemas.assessmentBody, req),
          idempotencyKey(req),
        ),
      );
  });
  router.put('/:id/integration-plan', async (req, res) => {
    res.json(
      await useCases.setPlan(req, id(req.params.id), parseBody(schemas.planBody, req), idempotencyKey(req)),
    );
  });
  router.post('/:id/integration-plan/reviews', async (req, res) => {
    res
      .status(201)
      .json(
        await useCases.recordReview(
          req,
          id(req.params.id),
          parseBody(schemas.reviewBody, req),
          idempotencyKey(req),
        ),
      );
  });
  router.post('/:id/end', async (req, res) => {
    res.json(
      await useCases.end(req, id(req.params.id), parseBody(schemas.endBody, req), idempotencyKey(req)),
    );
  });
  router.post('/:id/resume', async (req, res) => {
    res.json(
      await useCases.resume(req, id(req.params.id), parseBody(schemas.resumeBody, req), idempotencyKey(req)),
    );
  });
  router.post('/:id/move', async (req, res) => {
    res.json(
      await useCases.move(req, id(req.params.id), parseBody(schemas.moveBody, req), idempotencyKey(req)),
    );
  });
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
