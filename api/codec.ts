import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import express, { Router, type RequestHandler } from 'express';
import type { PayloadCodec } from '@temporalio/common';
import { mayAttempt } from '../domain/access/policy';
import { handleCodecRequest } from '../platform/payloadCodec';
import type { AuditLog } from './audit';
import { AppError, forbidden, notFound } from './problem';

export interface CodecDeps {
  codec: PayloadCodec;
  audit: AuditLog;
  authenticate: RequestHandler;
  /** Browser origins allowed to call (the Temporal UI's). */
  allowedOrigins: string[];
  /** Development only: a secret path segment standing for the local KEHA supervisor. */
  devCapability?: string;
}

/** The secret path segment of the development codec endpoint, kept under the data folder. */
export function developmentCodecCapability(dataDir: string): string {
  const file = path.join(dataDir, 'dev-codec-capability');
  if (!fs.existsSync(file)) {
    fs.mkdirSync(dataDir, { recursive: true });
    fs.writeFileSync(file, crypto.randomBytes(24).toString('hex'), { mode: 0o600, flag: 'wx' });
  }
  return fs.readFileSync(file, 'utf8').trim();
}

/**
 * The codec server for the Temporal UI and CLI (`POST /codec/encode`, `POST /codec/decode`):
 * it decrypts histories for KEHA supervisors only, and every use is audit-logged.
 */
export function codecRoutes(deps: CodecDeps): Router {
  const router = Router();
  router.use((req, res, next) => {
    const origin = req.get('Origin');
    if (origin && deps.allowedOrigins.includes(origin)) {
      res.setHeader('Access-Control-Allow-Origin', origin);
      res.setHeader('Access-Control-Allow-Credentials', 'true');
      res.setHeader('Access-Control-Allow-Methods', 'POST, OPTIONS');
      res.setHeader('Access-Control-Allow-Headers', 'Content-Type, Authorization, X-Namespace');
      res.setHeader('Access-Control-Max-Age', '600');
    }
    res.setHeader('Vary', 'Origin');
    if (req.method === 'OPTIONS') return void res.status(204).end();
    next();
  });
  const json = express.json({ limit: '8mb' });

  const serve =
    (direction: 'encode' | 'decode'): RequestHandler =>
    async (req, res) => {
      const actor = req.actor!;
      const action = 'codec.use' as const;
      if (!mayAttempt(actor, action)) {
        await deps.audit(req, {
          action: `codec.${direction}`,
          resourceType: 'temporal-payload',
          outcome: 'REFUSED',
        });
        throw forbidden('only KEHA supervisors may decode workflow histories');
      }
      let result;
      try {
        result = await handleCodecRequest(deps.codec, direction, req.body);
      } catch (error) {
        if (error instanceof TypeError) throw new AppError(400, 'Bad Request', error.message);
        throw new AppError(
          422,
          'Unprocessable Content',
          'a payload could not be decoded with the configured keys',
        );
      }
      await deps.audit(req, {
        action: `codec.${direction}`,
        resourceType: 'temporal-payload',
        outcome: 'ALLOWED',
        details: { namespace: req.get('X-Namespace') ?? null, payloads: result.payloads.length },
      });
      res.json(result);
    };

  for (const direction of ['encode', 'decode'] as const) {
    router.post(`/${direction}`, deps.authenticate, json, serve(direction));
    router.post(
      `/:capability/${direction}`,
      json,
      (req, _res, next) => {
        const given = Buffer.from(String(req.params.capability));
        const expected = Buffer.from(deps.devCapability ?? '');
        if (
          !deps.devCapability ||
          given.length !== expected.length ||
          !crypto.timingSafeEqual(given, expected)
        ) {
          return next(notFound('no such endpoint'));
        }
        req.actor = { userId: 'keha.supervisor', orgId: 'keha', orgKind: 'KEHA', roles: ['SUPERVISOR'] };
        next();
      },
      serve(direction),
    );
  }
  return router;
}
