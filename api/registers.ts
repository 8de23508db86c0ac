import type { Client } from '@temporalio/client';
import { Router, type Request } from 'express';
import { z } from 'zod';
import { mayViewClient } from '../domain/clientCase/visibility';
import { permitTypes } from '../domain/registers/ports';
import type { AppConfig } from '../platform/config';
import type { Database } from '../platform/database';
import { registerRetry } from '../platform/registers/config';
import type { Logger } from '../platform/logger';
import {
  registerChecksWorkflowId,
  vtjRefreshWorkflowId,
  type RegisterChecksInput,
} from '../workflows/registers/messages';
import type { AuditLog } from './audit';
import { clientId } from './clients/schemas';
import { createGuard } from './guard';
import type { OperationTable } from './openapi';
import { conflict } from './problem';
import { calendarDate } from './schemas/common';
import { instant } from './schemas/responses';
import { parseParam } from './validation';

/**
 * The registers on a client's case: what VTJ and UMA last said (`GET /api/v1/clients/{id}/registers`),
 * the officer's "refresh from VTJ" (`POST /api/v1/clients/{id}/refresh-from-vtj`, 202: the register
 * workflow reads VTJ, retrying while it is down) and the check started after each registration.
 */

const checkStatus = z
  .enum(['PENDING', 'FOUND', 'NOT_FOUND', 'NO_IDENTIFIER', 'NOT_CONFIGURED'])
  .meta({ description: 'PENDING: not read yet (the register may be down: the check keeps retrying)' });

const address = z.object({
  street: z.string(),
  postalCode: z.string(),
  postOffice: z.string(),
  municipalityCode: z.string().optional(),
});

const permit = z
  .object({
    umaNumber: z.string(),
    type: z.enum(permitTypes),
    permitClass: z.string().optional(),
    validFrom: calendarDate,
    validUntil: calendarDate.optional(),
    certificateId: z.string().optional(),
  })
  .meta({ id: 'ResidencePermit' });

export const clientRegisters = z
  .object({
    clientId,
    vtj: z.object({
      status: checkStatus,
      checkedAt: instant.optional(),
      requestedBy: z.string().optional().meta({ description: 'the officer who asked for the refresh' }),
      person: z
        .object({
          firstName: z.string(),
          lastName: z.string(),
          birthDate: calendarDate.optional(),
          address: address.optional(),
          phone: z.string().optional(),
          email: z.string().optional(),
          nativeLanguage: z.string().optional(),
        })
        .optional(),
    }),
    uma: z.object({
      status: checkStatus,
      checkedAt: instant.optional(),
      current: permit
        .optional()
        .meta({ description: 'the permit in force, taken into the case’s residenceRight' }),
      permits: z.array(permit),
    }),
    permitExpiring: z
      .object({ validUntil: calendarDate, flaggedAt: instant })
      .nullable()
      .meta({ description: 'set when UMA shows the permit ending within the warning period' }),
  })
  .meta({
    id: 'ClientRegisters',
    description: 'what the population (VTJ) and immigration (UMA) registers say',
  });

export const refreshAccepted = z
  .object({ clientId, status: z.literal('ACCEPTED') })
  .meta({ id: 'RegisterRefreshAccepted' });

export interface RegisterUseCaseDeps {
  db: Database;
  client: Client;
  config: AppConfig;
  audit: AuditLog;
  logger?: Logger;
}

export function createRegisterUseCases({ db, client, config, audit, logger }: RegisterUseCaseDeps) {
  const { authorise, notVisible } = createGuard(audit, 'client');
  const retry = registerRetry(config.registers);
  const start = (workflowId: string, input: RegisterChecksInput) =>
    client.workflow.start('registerChecks', {
      taskQueue: config.temporal.taskQueue,
      workflowId,
      args: [input],
      workflowIdConflictPolicy: 'USE_EXISTING',
      workflowIdReusePolicy: 'ALLOW_DUPLICATE',
    });

  async function visibleClient(
    req: Request,
    action: 'client.readRegisters' | 'client.refreshFromRegisters',
    id: string,
  ) {
    const actor = await authorise(req, action, id);
    const row = await db.client.findUnique({
      where: { id },
      select: { id: true, municipalityId: true, status: true },
    });
    if (!row || !mayViewClient(actor, row))
      throw await notVisible(req, action, id, 'no such client, or not yours');
    return { actor, row };
  }

  return {
    /**
     * After a registration: VTJ and UMA are read by a workflow of their own, so the registration is
     * answered at once and a register that is down only delays the data. Never fails the registration.
     */
    async checkAfterRegistration(id: string): Promise<void> {
      const { vtj, uma, kelmu } = config.registers;
      if (!vtj && !uma && !kelmu) return; // no registers configured: nothing to read or link
      try {
        await start(registerChecksWorkflowId(id), { clientId: id, registers: ['VTJ', 'UMA'], retry });
      } catch (error) {
        logger?.warn(
          { err: error, clientId: id },
          'register checks not started; the permit check will retry',
        );
      }
    },

    async read(req: Request, id: string): Promise<z.input<typeof clientRegisters>> {
      await visibleClient(req, 'client.readRegisters', id);
      const [records, flag] = await Promise.all([
        db.clientRegisterRecord.findMany({ where: { clientId: id } }),
        db.permitExpiryFlag.findUnique({ where: { clientId: id } }),
      ]);
      await audit(req, {
        action: 'client.readRegisters',
        resourceType: 'client',
        resourceId: id,
        subjectId: id,
        outcome: 'ALLOWED',
      });
      const vtj = records.find((r) => r.register === 'VTJ');
      const uma = records.find((r) => r.register === 'UMA');
      const status = (register: 'vtj' | 'uma', record: typeof vtj) =>
        (record?.status ?? (config.registers[register] ? 'PENDING' : 'NOT_CONFIGURED')) as z.infer<
          typeof checkStatus
        >;
      const person = vtj?.status === 'FOUND' ? (vtj.data as Record<string, unknown>) : undefined;
      const umaData = (uma?.data ?? {}) as {
        permits?: z.input<typeof permit>[];
        current?: z.input<typeof permit>;
      };
      const strip = (p: z.input<typeof permit> & { personalIdentityCode?: string }) => {
        const { personalIdentityCode: _, ...rest } = p;
        return rest;
      };
      return {
        clientId: id,
        vtj: {
          status: status('vtj', vtj),
          checkedAt: vtj?.checkedAt.toISOString(),
          requestedBy: vtj?.requestedBy ?? undefined,
          person: person && {
            firstName: String(person.firstName),
            lastName: String(person.lastName),
            birthDate: person.birthDate as string | undefined,
            address: person.address as z.input<typeof address> | undefined,
            phone: person.phone as string | undefined,
            email: person.email as string | undefined,
            nativeLanguage: person.nativeLanguage as string | undefined,
          },
        },
        uma: {
          status: status('uma', uma),
          checkedAt: uma?.checkedAt.toISOString(),
          current: umaData.current && strip(umaData.current),
          permits: (umaData.permits ?? []).map(strip),
        },
        permitExpiring: flag
          ? { validUntil: flag.validUntil, flaggedAt: flag.flaggedAt.toISOString() }
          : null,
      };
    },

    async refreshFromVtj(req: Request, id: string): Promise<z.input<typeof refreshAccepted>> {
      const { actor, row } = await visibleClient(req, 'client.refreshFromRegisters', id);
      if (row.status === 'DELETED') {
        await audit(req, {
          action: 'client.refreshFromRegisters',
          resourceType: 'client',
          resourceId: id,
          subjectId: id,
          outcome: 'REFUSED',
          details: { reason: 'erased' },
        });
        throw conflict('the case’s personal data has been erased');
      }
      await start(vtjRefreshWorkflowId(id), {
        clientId: id,
        registers: ['VTJ'],
        requestedBy: actor.userId,
        retry,
      });
      await audit(req, {
        action: 'client.refreshFromRegisters',
        resourceType: 'client',
        resourceId: id,
        subjectId: id,
        outcome: 'ALLOWED',
        details: { register: 'VTJ' },
      });
      return { clientId: id, status: 'ACCEPTED' };
    },
  };
}

export type RegisterUseCases = ReturnType<typeof createRegisterUseCases>;

/** The client use cases, with the register check started after each successful registration. */
export function withRegisterChecks<T extends { register: (...args: never[]) => Promise<{ id: string }> }>(
  clients: T,
  registers: RegisterUseCases,
): T {
  const register = (async (...args: Parameters<T['register']>) => {
    const created = await clients.register(...args);
    await registers.checkAfterRegistration(created.id);
    return created;
  }) as T['register'];
  return { ...clients, register };
}

/** Mounted at `/api/v1/clients`. */
export function registerRoutes(useCases: RegisterUseCases): Router {
  const router = Router();
  router.get('/:id/registers', async (req, res) => {
    res.json(await useCases.read(req, parseParam(clientId, req.params.id, 'id')));
  });
  router.post('/:id/refresh-from-vtj', async (req, res) => {
    res.status(202).json(await useCases.refreshFromVtj(req, parseParam(clientId, req.params.id, 'id')));
  });
  return router;
}

const idParam = { id: clientId };

export const registerOpenApi: OperationTable = {
  'GET /api/v1/clients/{id}/registers': {
    operationId: 'getClientRegisters',
    summary: 'What the population register (VTJ) and UMA say about the client, and an expiring permit',
    description:
      'Read after each registration and on "refresh from VTJ" by a workflow that retries while a register is down; ' +
      'the items taken into the case carry provenance VTJ or UMA. The client’s municipality and KEHA.',
    params: idParam,
    response: clientRegisters,
    errors: [400, 403, 404],
    tag: 'clients',
  },
  'POST /api/v1/clients/{id}/refresh-from-vtj': {
    operationId: 'refreshClientFromVtj',
    summary: 'Read the client’s name and contact details from VTJ again (202: done in the background)',
    description:
      'The name is taken from VTJ; phone and e-mail only where none is recorded. 409 when the case has been erased.',
    params: idParam,
    status: 202,
    response: refreshAccepted,
    errors: [400, 403, 404, 409],
    tag: 'clients',
  },
};
