import dns from 'node:dns';
import http from 'node:http';
import https from 'node:https';
import type { LookupFunction } from 'node:net';
import {
  addressRefusal,
  classifyAddress,
  targetRefusals,
  urlRefusal,
  type TargetRefusal,
  type WebhookTargetPolicy,
} from '../domain/events/webhookTargets';

/**
 * The network side of the webhook target rule (domain/events/webhookTargets.ts): a host name is
 * resolved and each of its addresses checked when a subscription is created, and a delivery
 * connects only to an address checked in its own lookup, so a name that resolves elsewhere later
 * (DNS rebinding) is refused at the connection, not trusted from the first check.
 */

/** The longest wait for DNS when a subscription is created. */
const LOOKUP_TIMEOUT_MS = 5_000;

type Lookup = (hostname: string) => Promise<{ address: string; family: number }[]>;

const systemLookup: Lookup = (hostname) => dns.promises.lookup(hostname, { all: true, verbatim: true });

/** Why the URL is refused as a webhook target now, if it is: its scheme, host and every address. */
export async function webhookTargetRefusal(
  url: string,
  policy: WebhookTargetPolicy,
  lookup: Lookup = systemLookup,
): Promise<TargetRefusal | undefined> {
  let target: URL;
  try {
    target = new URL(url);
  } catch {
    return targetRefusals.unresolved;
  }
  const refusal = urlRefusal(target, policy);
  // An address literal was checked whole by urlRefusal: nothing to look up.
  if (refusal || classifyAddress(target.hostname) !== undefined) return refusal;
  let timer: NodeJS.Timeout | undefined;
  try {
    const addresses = await Promise.race([
      lookup(target.hostname),
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error('DNS timeout')), LOOKUP_TIMEOUT_MS);
      }),
    ]);
    if (!addresses.length) return targetRefusals.unresolved;
    return addresses.map((a) => addressRefusal(a.address, target.protocol, policy)).find(Boolean);
  } catch {
    return targetRefusals.unresolved;
  } finally {
    clearTimeout(timer);
  }
}

/** A refused target at delivery: recorded as the attempt's error, retried like any failure. */
export class WebhookTargetRefused extends Error {
  readonly code = 'EWEBHOOKTARGET';
}

/** `dns.lookup` that fails, before any connection, when an address the name has is refused. */
function guardedLookup(protocol: string, policy: WebhookTargetPolicy): LookupFunction {
  return (hostname, options, callback) => {
    dns.lookup(hostname, { ...options, all: true }, (error, addresses) => {
      if (error) return callback(error, '', 0);
      const refusal = addresses.map((a) => addressRefusal(a.address, protocol, policy)).find(Boolean);
      if (refusal || !addresses.length)
        return callback(new WebhookTargetRefused(refusal ?? targetRefusals.unresolved), '', 0);
      if (options.all) return callback(null, addresses);
      callback(null, addresses[0].address, addresses[0].family);
    });
  };
}

/**
 * POSTs `body` to a webhook target and answers the HTTP status. The URL is checked first (scheme,
 * address literal: those are never looked up), then every address its host resolves to, in the
 * connection's own lookup. No redirects are followed; the answer's body is not read.
 */
export function postToWebhookTarget(
  url: string,
  request: {
    headers: Record<string, string>;
    body: string;
    signal: AbortSignal;
    policy: WebhookTargetPolicy;
  },
): Promise<number> {
  const target = new URL(url);
  const refusal = urlRefusal(target, request.policy);
  if (refusal) return Promise.reject(new WebhookTargetRefused(refusal));
  const transport = target.protocol === 'https:' ? https : http;
  return new Promise((resolve, reject) => {
    const outgoing = transport.request(
      target,
      {
        method: 'POST',
        headers: { ...request.headers, 'content-length': String(Buffer.byteLength(request.body)) },
        lookup: guardedLookup(target.protocol, request.policy),
        // A connection of its own, checked by its own lookup: never a pooled socket.
        agent: false,
        signal: request.signal,
      },
      (response) => {
        resolve(response.statusCode ?? 0);
        response.destroy();
      },
    );
    outgoing.on('error', reject);
    outgoing.end(request.body);
  });
}
