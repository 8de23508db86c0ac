import type { Request } from 'express';
import type { Database } from '../platform/database';

export interface AuditEntry {
  action: string;
  resourceType: string;
  resourceId?: string | null;
  /** The person the data is about (a client ID, or a proposal ID for a household). */
  subjectId?: string | null;
  outcome: 'ALLOWED' | 'REFUSED';
  details?: Record<string, unknown>;
}

export type AuditLog = (req: Request, entry: AuditEntry) => Promise<void>;

/**
 * Every access to personal data, allowed or refused, goes here (act 906/2019 § 17). The table
 * is append-only in the database itself. Details hold field names and reasons, never values.
 */
export function createAuditLog(db: Database): AuditLog {
  return async (req, entry) => {
    await db.auditEvent.create({
      data: {
        userId: req.actor?.userId ?? 'anonymous',
        organisationId: req.actor?.orgId ?? 'unknown',
        action: entry.action,
        resourceType: entry.resourceType,
        resourceId: entry.resourceId ?? null,
        subjectId: entry.subjectId ?? null,
        outcome: entry.outcome,
        requestId: req.requestId,
        details: (entry.details ?? {}) as object,
      },
    });
  };
}
