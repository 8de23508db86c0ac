import fs from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import { msToNumber } from '@temporalio/common/lib/time';
import {
  RegisterRefusal,
  RegisterUnavailable,
  type BenefitRecipient,
  type Benefit,
  type BenefitsRegister,
  type ImmigrationRegister,
  type PopulationRecord,
  type PopulationRegister,
  type RegisterName,
  type Registers,
  type ResidencePermit,
} from '../../domain/registers/ports';
import type { RegisterEndpoint, RegistersConfig } from './config';

/**
 * HTTP adapters of the register ports (domain/registers/ports.ts): JSON over HTTPS with a client
 * certificate (mutual TLS) and Basic credentials from the configuration. Timeouts, connection
 * failures and 5xx answers are `RegisterUnavailable` (the activity is retried); 404 means the
 * register does not know the person; other answers are `RegisterRefusal` (not retried).
 */

interface Answer {
  status: number;
  body: unknown;
}

function createTransport(register: RegisterName, endpoint: RegisterEndpoint, timeoutMs: number) {
  const base = new URL(endpoint.url);
  const secure = base.protocol === 'https:';
  const agent = secure
    ? new https.Agent({
        keepAlive: true,
        cert: endpoint.clientCertPath ? fs.readFileSync(endpoint.clientCertPath) : undefined,
        key: endpoint.clientKeyPath ? fs.readFileSync(endpoint.clientKeyPath) : undefined,
        ca: endpoint.caPath ? fs.readFileSync(endpoint.caPath) : undefined,
      })
    : new http.Agent({ keepAlive: true });
  const authorization =
    endpoint.username !== undefined
      ? 'Basic ' + Buffer.from(`${endpoint.username}:${endpoint.password ?? ''}`).toString('base64')
      : undefined;

  return async function get(path: string): Promise<Answer> {
    const url = new URL(base.pathname.replace(/\/$/, '') + path, base);
    return new Promise<Answer>((resolve, reject) => {
      const request = (secure ? https : http).request(
        url,
        {
          method: 'GET',
          agent,
          headers: { accept: 'application/json', ...(authorization ? { authorization } : {}) },
          timeout: timeoutMs,
        },
        (response) => {
          let raw = '';
          response.setEncoding('utf8');
          response.on('data', (chunk: string) => (raw += chunk));
          response.on('error', (error) => reject(new RegisterUnavailable(register, error.message)));
          response.on('end', () => {
            const status = response.statusCode ?? 0;
            if (status >= 500) return reject(new RegisterUnavailable(register, `answered ${status}`));
            let body: unknown;
            try {
              body = raw ? JSON.parse(raw) : undefined;
            } catch {
              return reject(new RegisterRefusal(register, `answered ${status} with a body that is not JSON`));
            }
            resolve({ status, body });
          });
        },
      );
      request.on('timeout', () =>
        request.destroy(new RegisterUnavailable(register, `no answer in ${timeoutMs} ms`)),
      );
      request.on('error', (error) =>
        reject(
          error instanceof RegisterUnavailable ? error : new RegisterUnavailable(register, error.message),
        ),
      );
      request.end();
    });
  };
}

function expectOk(register: RegisterName, answer: Answer): unknown {
  if (answer.status === 200) return answer.body;
  throw new RegisterRefusal(register, `answered ${answer.status}`);
}

function itemsOf<T>(register: RegisterName, body: unknown, valid: (item: unknown) => boolean): T[] {
  const items = (body as { items?: unknown })?.items;
  if (!Array.isArray(items) || !items.every(valid))
    throw new RegisterRefusal(register, 'answered with items of an unexpected shape');
  return items as T[];
}

const isString = (v: unknown) => typeof v === 'string';

export function populationRegister(endpoint: RegisterEndpoint, timeoutMs: number): PopulationRegister {
  const get = createTransport('VTJ', endpoint, timeoutMs);
  return {
    async person(code) {
      const answer = await get(`/vtj/v1/persons/${encodeURIComponent(code)}`);
      if (answer.status === 404) return null;
      const body = expectOk('VTJ', answer) as PopulationRecord;
      if (
        !body ||
        !isString(body.firstName) ||
        !isString(body.lastName) ||
        body.personalIdentityCode !== code
      )
        throw new RegisterRefusal('VTJ', 'answered with a person of an unexpected shape');
      return body;
    },
  };
}

const isPermit = (p: unknown) => {
  const permit = p as ResidencePermit;
  return Boolean(permit) && isString(permit.umaNumber) && isString(permit.type) && isString(permit.validFrom);
};

export function immigrationRegister(endpoint: RegisterEndpoint, timeoutMs: number): ImmigrationRegister {
  const get = createTransport('UMA', endpoint, timeoutMs);
  return {
    async permits(identifier) {
      const query =
        'personalIdentityCode' in identifier
          ? `personalIdentityCode=${encodeURIComponent(identifier.personalIdentityCode)}`
          : `umaNumber=${encodeURIComponent(identifier.umaNumber)}`;
      const answer = await get(`/uma/v1/permits?${query}`);
      if (answer.status === 404) return [];
      return itemsOf<ResidencePermit>('UMA', expectOk('UMA', answer), isPermit);
    },
    async expiringPermits(from, until) {
      const answer = await get(
        `/uma/v1/permits/expiring?from=${encodeURIComponent(from)}&until=${encodeURIComponent(until)}`,
      );
      return itemsOf<ResidencePermit>('UMA', expectOk('UMA', answer), isPermit);
    },
  };
}

export function benefitsRegister(endpoint: RegisterEndpoint, timeoutMs: number): BenefitsRegister {
  const get = createTransport('KELMU', endpoint, timeoutMs);
  return {
    async recipients(municipalityCode, asked: readonly Benefit[]) {
      const answer = await get(
        `/kelmu/v1/municipalities/${encodeURIComponent(municipalityCode)}/recipients?benefits=${asked.join(',')}`,
      );
      return itemsOf<BenefitRecipient>('KELMU', expectOk('KELMU', answer), (r) => {
        const item = r as BenefitRecipient;
        return (
          Boolean(item) &&
          isString(item.personalIdentityCode) &&
          isString(item.benefit) &&
          isString(item.since)
        );
      });
    },
  };
}

/** The configured registers' adapters; a register without a URL is absent. */
export function createRegisterAdapters(config: RegistersConfig): Registers {
  const timeout = msToNumber(config.callTimeout as never);
  return {
    population: config.vtj && populationRegister(config.vtj, timeout),
    immigration: config.uma && immigrationRegister(config.uma, timeout),
    benefits: config.kelmu && benefitsRegister(config.kelmu, timeout),
  };
}
