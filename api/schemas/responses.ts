import { z } from 'zod';

/**
 * Shapes every resource's answers share. Each schema with an `id` becomes a named component of
 * the OpenAPI document (`api/openapi.ts`) and a type of the web application's generated client.
 */

/** An instant, ISO 8601 in UTC (`2026-05-04T09:30:00.000Z`). */
export const instant = z.iso.datetime();

export const fieldError = z
  .object({
    pointer: z.string().meta({ description: 'JSON pointer (RFC 6901) into the request' }),
    detail: z.string(),
  })
  .meta({ id: 'FieldError' });

/** Every error answer (`api/problem.ts`), served as `application/problem+json`. */
export const problem = z
  .object({
    type: z.string().meta({ description: 'URI naming the kind of problem' }),
    title: z.string(),
    status: z.number().int(),
    detail: z.string(),
    instance: z.string().meta({ description: 'the request path' }),
    requestId: z.string().meta({ description: 'also in the X-Request-Id header and the audit log' }),
    errors: z
      .array(fieldError)
      .optional()
      .meta({ description: 'validation errors: one per offending field' }),
    existingClientId: z
      .uuid()
      .optional()
      .meta({ description: '409 on registering a client already registered by your municipality' }),
    canTakeOver: z.literal(true).optional().meta({
      description:
        '409 on registering a person whose client case has ENDED in another municipality: send the registration again with `takeOver` (§ 85)',
    }),
    unavailable: z
      .enum(['database', 'temporal'])
      .optional()
      .meta({ description: '503: the part that cannot be reached right now' }),
  })
  .meta({ id: 'Problem', description: 'Problem details (RFC 9457)' });

export const actorRef = z.object({ userId: z.string(), orgId: z.string() }).meta({
  id: 'ActorRef',
  description: 'who acted; `{ userId: "system", orgId: "system" }` for what the workflow’s timers did',
});

export const timelineEvent = z
  .object({
    at: instant,
    actor: actorRef,
    type: z.string().meta({ description: 'what happened, such as SENT or HEARING_ANSWERED' }),
    details: z.record(z.string(), z.unknown()),
  })
  .meta({ id: 'TimelineEvent' });

/** One page of a list, newest first; `nextCursor` fetches the next page (`?cursor=`). */
export const pageOf = <Item extends z.ZodType>(item: Item, id: string) =>
  z
    .object({
      items: z.array(item),
      nextCursor: z.string().nullable().meta({ description: 'null on the last page' }),
    })
    .meta({ id });
