import type { Request } from 'express';
import { mayAttempt, type Action } from '../domain/access/policy';
import type { Actor } from '../domain/organisations/kinds';
import type { AuditLog } from './audit';
import { forbidden, notFound, type AppError } from './problem';

/**
 * The two access checks every use case makes, each refusal audit-logged: may this role of this
 * kind of organisation attempt the action at all (403), and is the resource its own (404, so that
 * existence does not leak to other authorities).
 */
export function createGuard(audit: AuditLog, resourceType: string) {
  return {
    async authorise(req: Request, action: Action, resourceId?: string): Promise<Actor> {
      const actor = req.actor!;
      if (!mayAttempt(actor, action)) {
        await audit(req, {
          action,
          resourceType,
          resourceId,
          subjectId: resourceId,
          outcome: 'REFUSED',
          details: { reason: 'role' },
        });
        throw forbidden(`${actor.orgId} (${actor.roles.join(', ') || 'no roles'}) may not ${action}`);
      }
      return actor;
    },

    async notVisible(req: Request, action: Action, resourceId: string, detail: string): Promise<AppError> {
      await audit(req, {
        action,
        resourceType,
        resourceId,
        subjectId: resourceId,
        outcome: 'REFUSED',
        details: { reason: 'not visible' },
      });
      return notFound(detail);
    },
  };
}
