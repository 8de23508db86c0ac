import { Router } from 'express';
import type { z } from 'zod';
import type { CommandType } from '../../domain/placement/proposal';
import { idempotencyKey, parseBody, parseParam, parseQuery } from '../validation';
import * as schemas from './schemas';
import type { PlacementUseCases } from './useCases';

/** `/api/v1/placement-proposals`: each route parses, calls one use case, and answers. */
export function placementRoutes(useCases: PlacementUseCases): Router {
  const router = Router();

  router.post('/', async (req, res) => {
    const body = parseBody(schemas.createProposalBody, req);
    res.status(201).json(await useCases.create(req, body, idempotencyKey(req)));
  });

  router.get('/', async (req, res) => {
    res.json(await useCases.list(req, parseQuery(schemas.listProposalsQuery, req)));
  });

  router.get('/:id', async (req, res) => {
    res.json(await useCases.get(req, parseParam(schemas.proposalId, req.params.id, 'id')));
  });

  const decisions: [string, CommandType, z.ZodType][] = [
    ['send', 'SEND', schemas.sendBody],
    ['hearing', 'REQUEST_HEARING', schemas.hearingBody],
    ['hearing/answer', 'ANSWER_HEARING', schemas.hearingAnswerBody],
    ['answer', 'ANSWER', schemas.answerBody],
    ['redistribute', 'REDISTRIBUTE', schemas.redistributeBody],
    ['forward', 'FORWARD', schemas.forwardBody],
    ['return-to-migri', 'RETURN_TO_MIGRI', schemas.reasonBody],
    ['confirm', 'CONFIRM', schemas.emptyBody],
    ['withdraw', 'WITHDRAW', schemas.reasonBody],
  ];
  for (const [path, type, schema] of decisions) {
    router.post(`/:id/${path}`, async (req, res) => {
      const id = parseParam(schemas.proposalId, req.params.id, 'id');
      const key = idempotencyKey(req);
      const body = parseBody(schema, req) as Record<string, unknown>;
      res.json(await useCases.decide(req, id, type, body, key));
    });
  }
  return router;
}

/** Paths and schemas for the OpenAPI description. */
export const placementOpenApi = {
  'POST /api/v1/placement-proposals': schemas.createProposalBody,
  'POST /api/v1/placement-proposals/{id}/send': schemas.sendBody,
  'POST /api/v1/placement-proposals/{id}/hearing': schemas.hearingBody,
  'POST /api/v1/placement-proposals/{id}/hearing/answer': schemas.hearingAnswerBody,
  'POST /api/v1/placement-proposals/{id}/answer': schemas.answerBody,
  'POST /api/v1/placement-proposals/{id}/redistribute': schemas.redistributeBody,
  'POST /api/v1/placement-proposals/{id}/forward': schemas.forwardBody,
  'POST /api/v1/placement-proposals/{id}/return-to-migri': schemas.reasonBody,
  'POST /api/v1/placement-proposals/{id}/confirm': schemas.emptyBody,
  'POST /api/v1/placement-proposals/{id}/withdraw': schemas.reasonBody,
  'GET /api/v1/placement-proposals': schemas.listProposalsQuery,
} as const;
