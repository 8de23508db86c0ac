import { Router, type Request } from 'express';
import { z } from 'zod';
import { mayGrant, mayManage } from '../../domain/access/rights';
import { roles, type OrganisationKind, type Role } from '../../domain/organisations/kinds';
import type { Database } from '../../platform/database';
import type { AuditLog } from '../audit';
import { forbidden, notFound, unprocessable } from '../problem';
import { calendarDate, organisationId, text } from '../schemas/common';
import { instant } from '../schemas/responses';
import { parseBody, parseParam, parseQuery } from '../validation';
import { endOfHelsinkiDay } from '../../domain/time';
import type { OperationTable } from '../openapi';

export const createUserBody = z.strictObject({
  id: z
    .string()
    .regex(/^[a-z0-9][a-z0-9._-]{2,99}$/, 'must be a lower-case user name such as kunta-091.mvirtanen'),
  organisationId,
  displayName: text(200),
});
export const grantBody = z.strictObject({
  role: z.enum(roles),
  validFrom: z.iso.datetime({ offset: true }).optional(),
  validUntil: z
    .union([z.iso.datetime({ offset: true }), calendarDate])
    .optional()
    .meta({ description: 'an instant, or a date meaning the end of that day' }),
});
export const listUsersQuery = z.strictObject({ organisationId: organisationId.optional() });
const userId = z.string().min(1).max(100);
const rightId = z.string().min(1).max(100);

export const userRight = z
  .object({
    id: z.string(),
    role: z.enum(roles),
    validFrom: instant,
    validUntil: instant.optional(),
    revokedAt: instant.optional(),
    grantedBy: z.string(),
    inForce: z.boolean().meta({ description: 'valid now and not revoked' }),
  })
  .meta({ id: 'UserRight' });

export const user = z
  .object({
    id: z.string(),
    organisationId: z.string(),
    displayName: z.string(),
    active: z.boolean(),
    rights: z.array(userRight),
  })
  .meta({ id: 'User' });

export const userList = z.object({ items: z.array(user) }).meta({ id: 'UserList' });

export const grantedRight = z
  .object({
    id: z.string(),
    userId: z.string(),
    role: z.enum(roles),
    validFrom: instant,
    validUntil: instant.optional(),
  })
  .meta({ id: 'GrantedRight' });

export const revokedRight = z
  .object({ id: z.string(), userId: z.string(), role: z.enum(roles), revokedAt: instant.optional() })
  .meta({ id: 'RevokedRight' });

/**
 * `/api/v1/users`: personal accounts and their rights, managed by the organisations' main users
 * (§ 80). Every grant and removal is audit-logged.
 */
export function userRoutes(db: Database, audit: AuditLog): Router {
  const router = Router();

  async function context(req: Request) {
    const actor = req.actor!;
    const own = await db.organisation.findUnique({ where: { id: actor.orgId } });
    return { actor, welfareAreaId: own?.welfareAreaId ?? null };
  }

  async function targetOrganisation(id: string, pointer: string) {
    const org = await db.organisation.findUnique({ where: { id } });
    if (!org) throw unprocessable('no such organisation', [{ pointer, detail: `${id} is unknown` }]);
    return { orgId: org.id, orgKind: org.kind as OrganisationKind };
  }

  async function managedUser(req: Request, id: string) {
    const { actor, welfareAreaId } = await context(req);
    const user = await db.user.findUnique({
      where: { id },
      include: { organisation: true, rights: { orderBy: { validFrom: 'asc' } } },
    });
    if (
      !user ||
      !mayManage(
        actor,
        { orgId: user.organisationId, orgKind: user.organisation.kind as OrganisationKind },
        welfareAreaId,
      )
    ) {
      throw notFound('no such user among those you manage');
    }
    return { user, actor, welfareAreaId };
  }

  const present = (user: {
    id: string;
    organisationId: string;
    displayName: string;
    active: boolean;
    rights: {
      id: string;
      role: string;
      validFrom: Date;
      validUntil: Date | null;
      revokedAt: Date | null;
      grantedBy: string;
    }[];
  }): z.input<typeof user> => {
    const now = Date.now();
    return {
      id: user.id,
      organisationId: user.organisationId,
      displayName: user.displayName,
      active: user.active,
      rights: user.rights.map((r) => ({
        id: r.id,
        role: r.role as Role,
        validFrom: r.validFrom.toISOString(),
        validUntil: r.validUntil?.toISOString(),
        revokedAt: r.revokedAt?.toISOString(),
        grantedBy: r.grantedBy,
        inForce:
          !r.revokedAt && r.validFrom.getTime() <= now && (!r.validUntil || r.validUntil.getTime() > now),
      })),
    };
  };

  router.get('/', async (req, res) => {
    const { actor, welfareAreaId } = await context(req);
    const query = parseQuery(listUsersQuery, req);
    const orgId = query.organisationId ?? actor.orgId;
    const target = await targetOrganisation(orgId, '/organisationId');
    if (!mayManage(actor, target, welfareAreaId)) throw forbidden(`you do not manage the users of ${orgId}`);
    const users = await db.user.findMany({
      where: { organisationId: orgId },
      include: { rights: { orderBy: { validFrom: 'asc' } } },
      orderBy: { id: 'asc' },
    });
    res.json({ items: users.map(present) });
  });

  router.post('/', async (req, res) => {
    const { actor, welfareAreaId } = await context(req);
    const body = parseBody(createUserBody, req);
    const target = await targetOrganisation(body.organisationId, '/organisationId');
    if (!mayManage(actor, target, welfareAreaId)) {
      await audit(req, {
        action: 'user.create',
        resourceType: 'user',
        resourceId: body.id,
        outcome: 'REFUSED',
      });
      throw forbidden(`you do not manage the users of ${body.organisationId}`);
    }
    if (await db.user.findUnique({ where: { id: body.id } })) {
      throw unprocessable('the user name is taken', [{ pointer: '/id', detail: 'already exists' }]);
    }
    const user = await db.user.create({
      data: { id: body.id, organisationId: body.organisationId, displayName: body.displayName },
      include: { rights: true },
    });
    await audit(req, {
      action: 'user.create',
      resourceType: 'user',
      resourceId: user.id,
      outcome: 'ALLOWED',
    });
    res.status(201).json(present(user));
  });

  router.get('/:userId', async (req, res) => {
    const { user } = await managedUser(req, parseParam(userId, req.params.userId, 'userId'));
    res.json(present(user));
  });

  router.post('/:userId/rights', async (req, res) => {
    const { user, actor, welfareAreaId } = await managedUser(
      req,
      parseParam(userId, req.params.userId, 'userId'),
    );
    const body = parseBody(grantBody, req);
    const target = { orgId: user.organisationId, orgKind: user.organisation.kind as OrganisationKind };
    if (!mayGrant(actor, target, body.role as Role, welfareAreaId)) {
      await audit(req, {
        action: 'rights.grant',
        resourceType: 'user',
        resourceId: user.id,
        outcome: 'REFUSED',
        details: { role: body.role },
      });
      throw forbidden(`${body.role} cannot be granted to a user of ${user.organisationId} by you`);
    }
    const validFrom = body.validFrom ? new Date(body.validFrom) : new Date();
    const validUntil = body.validUntil
      ? body.validUntil.length === 10
        ? endOfHelsinkiDay(body.validUntil)
        : new Date(body.validUntil)
      : null;
    if (validUntil && validUntil.getTime() <= validFrom.getTime()) {
      throw unprocessable('a right must end after it starts', [
        { pointer: '/validUntil', detail: 'must be after validFrom' },
      ]);
    }
    const right = await db.userRight.create({
      data: { userId: user.id, role: body.role, validFrom, validUntil, grantedBy: actor.userId },
    });
    await audit(req, {
      action: 'rights.grant',
      resourceType: 'user',
      resourceId: user.id,
      outcome: 'ALLOWED',
      details: { role: body.role, rightId: right.id, validUntil: validUntil?.toISOString() ?? null },
    });
    res.status(201).json({
      id: right.id,
      userId: user.id,
      role: right.role as Role,
      validFrom: right.validFrom.toISOString(),
      validUntil: right.validUntil?.toISOString(),
    } satisfies z.input<typeof grantedRight>);
  });

  router.delete('/:userId/rights/:rightId', async (req, res) => {
    const { user, actor } = await managedUser(req, parseParam(userId, req.params.userId, 'userId'));
    const id = parseParam(rightId, req.params.rightId, 'rightId');
    const right = user.rights.find((r) => r.id === id);
    if (!right) throw notFound('no such right');
    const revoked = right.revokedAt
      ? right
      : await db.userRight.update({
          where: { id },
          data: { revokedAt: new Date(), revokedBy: actor.userId },
        });
    await audit(req, {
      action: 'rights.revoke',
      resourceType: 'user',
      resourceId: user.id,
      outcome: 'ALLOWED',
      details: { role: right.role, rightId: id },
    });
    res.json({
      id,
      userId: user.id,
      role: revoked.role as Role,
      revokedAt: revoked.revokedAt?.toISOString(),
    } satisfies z.input<typeof revokedRight>);
  });

  return router;
}

/** The routes above as the OpenAPI document describes them. */
export const userOpenApi: OperationTable = {
  'GET /api/v1/users': {
    operationId: 'listUsers',
    summary: 'List the users of an organisation you manage, with their rights',
    query: listUsersQuery,
    response: userList,
    errors: [400, 403, 422],
  },
  'POST /api/v1/users': {
    operationId: 'createUser',
    summary: 'Create a personal user account (no rights yet)',
    body: createUserBody,
    status: 201,
    response: user,
    errors: [400, 403, 422],
  },
  'GET /api/v1/users/{userId}': {
    operationId: 'getUser',
    summary: 'Read a user you manage, with their rights',
    params: { userId },
    response: user,
    errors: [400, 404],
  },
  'POST /api/v1/users/{userId}/rights': {
    operationId: 'grantRight',
    summary: 'Grant a user a role, possibly limited in time (§ 79)',
    params: { userId },
    body: grantBody,
    status: 201,
    response: grantedRight,
    errors: [400, 403, 404, 422],
  },
  'DELETE /api/v1/users/{userId}/rights/{rightId}': {
    operationId: 'revokeRight',
    summary: 'Revoke a right; it stops working at once',
    params: { userId, rightId },
    response: revokedRight,
    errors: [400, 404],
  },
};
