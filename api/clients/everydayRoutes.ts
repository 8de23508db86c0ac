import { Router } from 'express';
import type { OperationTable } from '../openapi';
import { idempotencyKey, parseBody, parseParam, parseQuery } from '../validation';
import * as schemas from './everydaySchemas';
import type { EverydayWorkUseCases } from './everydayWork';
import { clientDetail } from './responses';
import { clientId } from './schemas';

/** Everyday work under `/api/v1/clients/{id}`: each route parses, calls one use case, and answers. */
export function everydayClientRoutes(useCases: EverydayWorkUseCases): Router {
  const router = Router();
  const id = (raw: unknown) => parseParam(clientId, raw, 'id');

  router.patch('/:id', async (req, res) => {
    res.json(await useCases.correct(req, id(req.params.id), parseBody(schemas.correctionBody, req)));
  });
  router.get('/:id/summary', async (req, res) => {
    res.json(await useCases.summary(req, id(req.params.id)));
  });
  router.post('/:id/contacts', async (req, res) => {
    res
      .status(201)
      .json(
        await useCases.recordContact(
          req,
          id(req.params.id),
          parseBody(schemas.contactBody, req),
          idempotencyKey(req),
        ),
      );
  });
  router.get('/:id/contacts', async (req, res) => {
    res.json(await useCases.listContacts(req, id(req.params.id), parseQuery(schemas.contactsQuery, req)));
  });
  router.post('/:id/todos', async (req, res) => {
    res
      .status(201)
      .json(
        await useCases.createTodo(
          req,
          id(req.params.id),
          parseBody(schemas.todoBody, req),
          idempotencyKey(req),
        ),
      );
  });
  router.get('/:id/todos', async (req, res) => {
    res.json(await useCases.listTodos(req, id(req.params.id)));
  });
  router.patch('/:id/todos/:todoId', async (req, res) => {
    const todoId = parseParam(schemas.todoId, req.params.todoId, 'todoId');
    res.json(
      await useCases.updateTodo(req, id(req.params.id), todoId, parseBody(schemas.todoPatchBody, req)),
    );
  });
  router.get('/:id/integration-plan/versions', async (req, res) => {
    res.json(await useCases.planVersions(req, id(req.params.id)));
  });
  router.get('/:id/corrections', async (req, res) => {
    res.json(await useCases.corrections(req, id(req.params.id), parseQuery(schemas.correctionsQuery, req)));
  });
  return router;
}

/** `GET /api/v1/todos`: the caller's own to-dos across clients. */
export function assignedTodoRoutes(useCases: EverydayWorkUseCases): Router {
  const router = Router();
  router.get('/', async (req, res) => {
    res.json(await useCases.listAssigned(req, parseQuery(schemas.myTodosQuery, req)));
  });
  return router;
}

const params = { id: clientId };

/** The routes above as the OpenAPI document describes them. */
export const everydayOpenApi: OperationTable = {
  'PATCH /api/v1/clients/{id}': {
    operationId: 'correctClient',
    summary: 'Correct contact details, service language, languages, right to work or the residence right',
    description:
      'Each changed item records its source (MANUAL), recorder and time (§ 73) and keeps its old and new ' +
      'value in the history (`GET /api/v1/clients/{id}/corrections`, and CORRECTED in the timeline). ' +
      'Answers the case.',
    params,
    body: schemas.correctionBody,
    response: clientDetail,
    errors: [400, 403, 404, 409, 422],
  },
  'GET /api/v1/clients/{id}/summary': {
    operationId: 'getClientSummary',
    summary:
      'The client’s situation at a glance: status, identifiers, plan, review, last contact, open to-dos',
    params,
    response: schemas.caseSummary,
    errors: [400, 403, 404],
  },
  'POST /api/v1/clients/{id}/contacts': {
    operationId: 'recordClientContact',
    summary: 'Record a contact or meeting with the client',
    params,
    body: schemas.contactBody,
    idempotent: true,
    status: 201,
    response: schemas.created,
    errors: [400, 403, 404, 409, 422],
  },
  'GET /api/v1/clients/{id}/contacts': {
    operationId: 'listClientContacts',
    summary: 'The client’s contacts and meetings, newest first',
    params,
    query: schemas.contactsQuery,
    response: schemas.contactPage,
    errors: [400, 403, 404],
  },
  'POST /api/v1/clients/{id}/todos': {
    operationId: 'createClientTodo',
    summary: 'Add a to-do about the client, perhaps assigned to a colleague of the municipality',
    params,
    body: schemas.todoBody,
    idempotent: true,
    status: 201,
    response: schemas.todo,
    errors: [400, 403, 404, 409, 422],
  },
  'GET /api/v1/clients/{id}/todos': {
    operationId: 'listClientTodos',
    summary: 'The client’s to-dos: open ones by due date, then those done',
    params,
    response: schemas.todoList,
    errors: [400, 403, 404],
  },
  'PATCH /api/v1/clients/{id}/todos/{todoId}': {
    operationId: 'updateClientTodo',
    summary: 'Edit, assign or mark done a to-do',
    params: { id: clientId, todoId: schemas.todoId },
    body: schemas.todoPatchBody,
    response: schemas.todo,
    errors: [400, 403, 404, 409, 422],
  },
  'GET /api/v1/clients/{id}/integration-plan/versions': {
    operationId: 'listIntegrationPlanVersions',
    summary: 'Every integration plan as it was saved, unchanged, newest first',
    params,
    response: schemas.planVersionList,
    errors: [400, 403, 404],
  },
  'GET /api/v1/clients/{id}/corrections': {
    operationId: 'listClientCorrections',
    summary: 'The history of corrected items with old and new values, newest first',
    params,
    query: schemas.correctionsQuery,
    response: schemas.correctionList,
    errors: [400, 403, 404],
  },
  'GET /api/v1/todos': {
    operationId: 'listAssignedTodos',
    summary: 'Your own to-dos across the clients of your municipality (or a colleague’s)',
    query: schemas.myTodosQuery,
    response: schemas.myTodoList,
    errors: [400, 403],
    tag: 'clients',
  },
};
