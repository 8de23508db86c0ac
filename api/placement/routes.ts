import { Router } from 'express';
import type { z } from 'zod';
import type { CommandType } from '../../domain/placement/proposal';
import type { OperationTable } from '../openapi';
import { idempotencyKey, parseBody, parseParam, parseQuery } from '../validation';
import * as responses from './responses';
import * as schemas from './schemas';
import type { PlacementUseCases } from './useCases';

/** The decisions on a proposal (API.md): path, command, body, and how the document names them. */
const decisions: {
  path: string;
  type: CommandType;
  body: z.ZodType;
  operationId: string;
  summary: string;
}[] = [
  {
    path: 'send',
    type: 'SEND',
    body: schemas.sendBody,
    operationId: 'sendProposal',
    summary: 'Send the proposal to a municipality',
  },
  {
    path: 'hearing',
    type: 'REQUEST_HEARING',
    body: schemas.hearingBody,
    operationId: 'requestHearing',
    summary: 'Ask the welfare area for a hearing (§ 43)',
  },
  {
    path: 'hearing/answer',
    type: 'ANSWER_HEARING',
    body: schemas.hearingAnswerBody,
    operationId: 'answerHearing',
    summary: 'Answer or record the hearing',
  },
  {
    path: 'answer',
    type: 'ANSWER',
    body: schemas.answerBody,
    operationId: 'answerProposal',
    summary: 'Accept or reject the proposal',
  },
  {
    path: 'redistribute',
    type: 'REDISTRIBUTE',
    body: schemas.redistributeBody,
    operationId: 'redistributeProposal',
    summary: 'Send a rejected proposal to another municipality',
  },
  {
    path: 'forward',
    type: 'FORWARD',
    body: schemas.forwardBody,
    operationId: 'forwardProposal',
    summary: 'Forward a rejected proposal to another elinvoimakeskus',
  },
  {
    path: 'return-to-migri',
    type: 'RETURN_TO_MIGRI',
    body: schemas.reasonBody,
    operationId: 'returnProposalToMigri',
    summary: 'Return a rejected proposal to Migri',
  },
  {
    path: 'confirm',
    type: 'CONFIRM',
    body: schemas.emptyBody,
    operationId: 'confirmPlacement',
    summary: 'Confirm an accepted placement',
  },
  {
    path: 'withdraw',
    type: 'WITHDRAW',
    body: schemas.reasonBody,
    operationId: 'withdrawProposal',
    summary: 'Withdraw the proposal',
  },
  {
    path: 'edit',
    type: 'EDIT_DRAFT',
    body: schemas.editDraftBody,
    operationId: 'editDraftProposal',
    summary: 'Edit a DRAFT (household, kind, evident service needs, notes); the same as PATCH /{id}',
  },
  {
    path: 'hearing/cancel',
    type: 'CANCEL_HEARING',
    body: schemas.cancelHearingBody,
    operationId: 'cancelHearing',
    summary: 'Cancel an unanswered hearing (the receiving municipality)',
  },
  {
    path: 'housing-agreements',
    type: 'RECORD_HOUSING_AGREEMENT',
    body: schemas.housingAgreementBody,
    operationId: 'recordHousingAgreement',
    summary:
      'Record the housing agreement reached with the welfare area for a person who came without a guardian (§ 2(6))',
  },
];

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

  router.patch('/:id', async (req, res) => {
    const id = parseParam(schemas.proposalId, req.params.id, 'id');
    const body = parseBody(schemas.editDraftBody, req) as Record<string, unknown>;
    res.json(await useCases.decide(req, id, 'EDIT_DRAFT', body, idempotencyKey(req)));
  });

  for (const { path, type, body: schema } of decisions) {
    router.post(`/:id/${path}`, async (req, res) => {
      const id = parseParam(schemas.proposalId, req.params.id, 'id');
      const key = idempotencyKey(req);
      const body = parseBody(schema, req) as Record<string, unknown>;
      res.json(await useCases.decide(req, id, type, body, key));
    });
  }
  return router;
}

/** The routes above as the OpenAPI document describes them. */
export const placementOpenApi: OperationTable = {
  'POST /api/v1/placement-proposals': {
    operationId: 'createProposal',
    summary: 'Create a placement proposal (DRAFT)',
    body: schemas.createProposalBody,
    idempotent: true,
    status: 201,
    response: responses.proposalCreated,
    errors: [400, 403, 422],
  },
  'GET /api/v1/placement-proposals': {
    operationId: 'listProposals',
    summary: 'List the proposals visible to your organisation, newest first',
    query: schemas.listProposalsQuery,
    response: responses.proposalPage,
    errors: [400, 403],
  },
  'GET /api/v1/placement-proposals/{id}': {
    operationId: 'getProposal',
    summary: 'Read a proposal with its household, rounds, hearing, timeline and allowed actions',
    params: { id: schemas.proposalId },
    response: responses.proposalDetail,
    errors: [400, 403, 404],
  },
  'PATCH /api/v1/placement-proposals/{id}': {
    operationId: 'editProposal',
    summary: 'Edit a DRAFT by its owner (household, kind, evident service needs, notes)',
    params: { id: schemas.proposalId },
    body: schemas.editDraftBody,
    idempotent: true,
    response: responses.proposalDecisionResult,
    errors: [400, 403, 404, 409, 422],
  },
  ...Object.fromEntries(
    decisions.map((d) => [
      `POST /api/v1/placement-proposals/{id}/${d.path}`,
      {
        operationId: d.operationId,
        summary: d.summary,
        params: { id: schemas.proposalId },
        body: d.body,
        idempotent: true,
        response: responses.proposalDecisionResult,
        errors: [400, 403, 404, 409, 422],
      },
    ]),
  ),
};
