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
  // One plain INSERT, prepared once per connection (it runs inside every request, before the
  // answer, so it skips the query builder); the time in UTC, as every timestamp column holds it.
  return async (req, entry) => {
    const at = new Date().toISOString();
    await db.$executeRaw`/* prepared */
      INSERT INTO audit_event (at, user_id, organisation_id, action, resource_type, resource_id, subject_id,
        outcome, request_id, details)
      VALUES ((${at}::timestamptz AT TIME ZONE 'UTC'), ${req.actor?.userId ?? 'anonymous'},
        ${req.actor?.orgId ?? 'unknown'}, ${entry.action}, ${entry.resourceType},
        ${entry.resourceId ?? null}, ${entry.subjectId ?? null}, ${entry.outcome}, ${req.requestId},
        ${JSON.stringify(entry.details ?? {})}::jsonb)`;
  };
}
