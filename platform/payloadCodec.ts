import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import {
  defaultPayloadConverter,
  METADATA_ENCODING_KEY,
  ValueError,
  type DataConverter,
  type LoadedDataConverter,
  type Payload,
  type PayloadCodec,
} from '@temporalio/common';
import { temporal } from '@temporalio/proto';
import { failureConverter } from './failureConverter';

/**
 * Encrypts every Temporal payload (workflow/activity inputs and results, signals, queries, memo,
 * failure details) with AES-256-GCM so that histories hold no readable personal data.
 *
 * Modelled on temporalio/samples-typescript `encryption/`, but with `node:crypto` and key rotation:
 * encode always uses the active key; decode uses the key id recorded in the payload's metadata.
 */

export const ENCRYPTED_ENCODING = 'binary/encrypted';
export const METADATA_ENCRYPTION_KEY_ID = 'encryption-key-id';
export const METADATA_ENCRYPTION_CIPHER = 'encryption-cipher';
export const CIPHER = 'AES-256-GCM';
export const DEV_KEY_ID = 'dev-1';
export const DEV_KEY_FILE = 'dev-payload-key.json';

const KEY_BYTES = 32;
const IV_BYTES = 12;
const TAG_BYTES = 16;
const KEY_ID_PATTERN = /^[A-Za-z0-9._:-]{1,64}$/;
const BASE64_PATTERN = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

export interface CodecKeys {
  activeKeyId: string;
  keys: Record<string, Buffer>;
}

type Env = Record<string, string | undefined>;

const utf8 = new TextEncoder();
const bytesOf = (s: string): Uint8Array => utf8.encode(s);
const textOf = (b: Uint8Array): string => Buffer.from(b.buffer, b.byteOffset, b.byteLength).toString('utf8');

// ---------------------------------------------------------------------------------------------
// Keys
// ---------------------------------------------------------------------------------------------

/**
 * Parses a `{"<keyId>": "<base64 of 32 bytes>"}` document. Error messages name the source and
 * key ids, never the key material (so JSON.parse's message, which quotes the input, is not used).
 */
function parseKeyDocument(json: string, source: string): Record<string, Buffer> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(json);
  } catch {
    throw new Error(
      `${source} is not valid JSON; expected an object like {"<keyId>": "<base64 of 32 bytes>"}`,
    );
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new Error(`${source} must be a JSON object like {"<keyId>": "<base64 of 32 bytes>"}`);
  }
  const entries = Object.entries(parsed as Record<string, unknown>);
  if (entries.length === 0) throw new Error(`${source} must contain at least one key`);
  const keys: Record<string, Buffer> = {};
  for (const [keyId, value] of entries) {
    if (!KEY_ID_PATTERN.test(keyId)) {
      throw new Error(
        `${source}: key id ${JSON.stringify(keyId.slice(0, 80))} must be 1-64 characters of A-Z a-z 0-9 . _ : -`,
      );
    }
    if (typeof value !== 'string' || !BASE64_PATTERN.test(value)) {
      throw new Error(`${source}: key "${keyId}" must be a base64 string`);
    }
    const key = Buffer.from(value, 'base64');
    if (key.length !== KEY_BYTES) {
      throw new Error(`${source}: key "${keyId}" must decode to ${KEY_BYTES} bytes, got ${key.length}`);
    }
    keys[keyId] = key;
  }
  return keys;
}

function chooseActive(
  keys: Record<string, Buffer>,
  requested: string | undefined,
  source: string,
  fallbackId?: string,
): string {
  const ids = Object.keys(keys);
  if (requested) {
    if (!Object.hasOwn(keys, requested)) {
      throw new Error(
        `PAYLOAD_CODEC_KEY_ID "${requested}" is not one of the keys in ${source} (${ids.join(', ')})`,
      );
    }
    return requested;
  }
  if (fallbackId && Object.hasOwn(keys, fallbackId)) return fallbackId;
  if (ids.length === 1) return ids[0]!;
  throw new Error(
    `PAYLOAD_CODEC_KEY_ID is required when ${source} holds more than one key (${ids.join(', ')})`,
  );
}

function sleepSync(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

/** Creates `<dataDir>/dev-payload-key.json` once (race-safe with `wx`), else reads it. */
function loadDevKeys(dataDir: string): Record<string, Buffer> {
  const file = path.join(dataDir, DEV_KEY_FILE);
  fs.mkdirSync(dataDir, { recursive: true });
  const content = JSON.stringify({ [DEV_KEY_ID]: crypto.randomBytes(KEY_BYTES).toString('base64') }) + '\n';
  try {
    fs.writeFileSync(file, content, { mode: 0o600, flag: 'wx' });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  }
  // Another process may have created the file an instant ago and still be writing it.
  for (let attempt = 0; ; attempt++) {
    const existing = fs.readFileSync(file, 'utf8');
    if (existing.trim() !== '' || attempt >= 20) return parseKeyDocument(existing, file);
    sleepSync(25);
  }
}

/**
 * Reads PAYLOAD_CODEC_KEYS (`{"<keyId>": "<base64 of 32 bytes>", ...}`) and PAYLOAD_CODEC_KEY_ID
 * (the active key; defaults to the only key). When PAYLOAD_CODEC_KEYS is unset and `fallback` is
 * given (development), a key `dev-1` is created in / read from `<dataDir>/dev-payload-key.json`.
 */
export function loadCodecKeys(env: Env, fallback?: { dataDir: string }): CodecKeys {
  const raw = env.PAYLOAD_CODEC_KEYS?.trim();
  const requested = env.PAYLOAD_CODEC_KEY_ID?.trim() || undefined;
  if (raw) {
    const keys = parseKeyDocument(raw, 'PAYLOAD_CODEC_KEYS');
    return { activeKeyId: chooseActive(keys, requested, 'PAYLOAD_CODEC_KEYS'), keys };
  }
  if (!fallback) {
    throw new Error(
      'PAYLOAD_CODEC_KEYS is required in production: a JSON object {"<keyId>": "<base64 of 32 bytes>"}',
    );
  }
  const file = path.join(fallback.dataDir, DEV_KEY_FILE);
  const keys = loadDevKeys(fallback.dataDir);
  return { activeKeyId: chooseActive(keys, requested, file, DEV_KEY_ID), keys };
}

/** A fresh random key in the PAYLOAD_CODEC_KEYS value format (for docs, scripts and tests). */
export function generateKeyBase64(): string {
  return crypto.randomBytes(KEY_BYTES).toString('base64');
}

// ---------------------------------------------------------------------------------------------
// AES-256-GCM with these keys: the codec's, and secrets kept in the database (secretBox.ts)
// ---------------------------------------------------------------------------------------------

/** Encrypts and authenticates `plaintext` and `aad`: IV (12 bytes) | ciphertext | tag (16 bytes). */
export function sealWithKey(key: Buffer, aad: Buffer, plaintext: Uint8Array): Buffer {
  const iv = crypto.randomBytes(IV_BYTES);
  const cipher = crypto.createCipheriv('aes-256-gcm', key, iv, { authTagLength: TAG_BYTES });
  cipher.setAAD(aad);
  const ciphertext = Buffer.concat([cipher.update(plaintext), cipher.final()]);
  return Buffer.concat([iv, ciphertext, cipher.getAuthTag()]);
}

/** The inverse of `sealWithKey`; throws when the data, the AAD or the key is not the one sealed with. */
export function openWithKey(key: Buffer, aad: Buffer, sealed: Buffer): Buffer {
  if (sealed.length < IV_BYTES + TAG_BYTES) throw new Error('sealed data is too short');
  const decipher = crypto.createDecipheriv('aes-256-gcm', key, sealed.subarray(0, IV_BYTES), {
    authTagLength: TAG_BYTES,
  });
  decipher.setAAD(aad);
  decipher.setAuthTag(sealed.subarray(sealed.length - TAG_BYTES));
  return Buffer.concat([
    decipher.update(sealed.subarray(IV_BYTES, sealed.length - TAG_BYTES)),
    decipher.final(),
  ]);
}

// ---------------------------------------------------------------------------------------------
// Codec
// ---------------------------------------------------------------------------------------------

export class EncryptionCodec implements PayloadCodec {
  private readonly keys: ReadonlyMap<string, Buffer>;
  private readonly activeKeyId: string;

  constructor(codecKeys: CodecKeys) {
    const keys = new Map<string, Buffer>();
    for (const [keyId, key] of Object.entries(codecKeys.keys)) {
      if (!Buffer.isBuffer(key) || key.length !== KEY_BYTES) {
        throw new Error(`Payload codec key "${keyId}" must be ${KEY_BYTES} bytes`);
      }
      keys.set(keyId, Buffer.from(key)); // private copy
    }
    if (!keys.has(codecKeys.activeKeyId)) {
      throw new Error(`Active payload codec key "${codecKeys.activeKeyId}" is not among the configured keys`);
    }
    this.keys = keys;
    this.activeKeyId = codecKeys.activeKeyId;
  }

  async encode(payloads: Payload[]): Promise<Payload[]> {
    return payloads.map((payload) => this.encryptOne(payload));
  }

  async decode(payloads: Payload[]): Promise<Payload[]> {
    return payloads.map((payload) => this.decryptOne(payload));
  }

  private encryptOne(payload: Payload): Payload {
    const keyId = this.activeKeyId;
    const key = this.keys.get(keyId)!;
    const plaintext = temporal.api.common.v1.Payload.encode(payload).finish();
    const data = sealWithKey(key, Buffer.from(keyId, 'utf8'), plaintext);
    return {
      metadata: {
        [METADATA_ENCODING_KEY]: bytesOf(ENCRYPTED_ENCODING),
        [METADATA_ENCRYPTION_KEY_ID]: bytesOf(keyId),
        [METADATA_ENCRYPTION_CIPHER]: bytesOf(CIPHER),
      },
      data: new Uint8Array(data.buffer, data.byteOffset, data.byteLength),
    };
  }

  private decryptOne(payload: Payload): Payload {
    const encoding = payload.metadata?.[METADATA_ENCODING_KEY];
    if (!encoding || textOf(encoding) !== ENCRYPTED_ENCODING) return payload;

    const keyIdBytes = payload.metadata?.[METADATA_ENCRYPTION_KEY_ID];
    if (!keyIdBytes) throw new ValueError('Encrypted payload has no encryption-key-id metadata');
    const keyId = textOf(keyIdBytes);
    const cipherBytes = payload.metadata?.[METADATA_ENCRYPTION_CIPHER];
    if (cipherBytes && textOf(cipherBytes) !== CIPHER) {
      throw new ValueError(
        `Encrypted payload uses unsupported cipher ${JSON.stringify(textOf(cipherBytes).slice(0, 40))}`,
      );
    }
    const key = this.keys.get(keyId);
    if (!key) {
      throw new ValueError(
        `Cannot decrypt payload: encryption key ${JSON.stringify(keyId.slice(0, 80))} is not configured (PAYLOAD_CODEC_KEYS)`,
      );
    }
    const data = payload.data;
    if (!data || data.byteLength < IV_BYTES + TAG_BYTES) {
      throw new ValueError(`Cannot decrypt payload (key "${keyId}"): data is missing or too short`);
    }
    const bytes = Buffer.from(data.buffer, data.byteOffset, data.byteLength);

    let plaintext: Buffer;
    try {
      plaintext = openWithKey(key, Buffer.from(keyId, 'utf8'), bytes);
    } catch {
      throw new ValueError(
        `Cannot decrypt payload with key "${keyId}": authentication failed (tampered data or wrong key)`,
      );
    }
    const decoded = temporal.api.common.v1.Payload.decode(plaintext);
    const result: Payload = { metadata: { ...decoded.metadata }, data: decoded.data };
    if (decoded.externalPayloads?.length) result.externalPayloads = decoded.externalPayloads;
    return result;
  }
}

// ---------------------------------------------------------------------------------------------
// Data converter
// ---------------------------------------------------------------------------------------------

export type CodecDataConverter = LoadedDataConverter & Pick<DataConverter, 'failureConverterPath'>;

/**
 * A data converter that encrypts every payload.
 *
 * - Client: `new Client({ dataConverter })` takes the object as a loaded converter and uses its
 *   `failureConverter` instance (messages and stack traces encoded, then encrypted).
 * - Worker: the Worker only loads a failure converter from `failureConverterPath` (it ignores the
 *   instance), and the workflow bundle needs the same path (`bundleWorkflowCode({ failureConverterPath })`).
 *   Pass the path of a workflow-safe module exporting
 *   `failureConverter = new DefaultFailureConverter({ encodeCommonAttributes: true })`; this module
 *   itself uses node:crypto / node:fs and cannot be bundled into workflow code.
 */
export function codecDataConverter(
  keys: CodecKeys,
  options: { failureConverterPath?: string } = {},
): CodecDataConverter {
  return {
    payloadConverter: defaultPayloadConverter,
    failureConverter,
    payloadCodecs: [new EncryptionCodec(keys)],
    ...(options.failureConverterPath ? { failureConverterPath: options.failureConverterPath } : {}),
  };
}

// ---------------------------------------------------------------------------------------------
// Codec server (Temporal UI / CLI `--codec-endpoint`): POST /encode and POST /decode
// ---------------------------------------------------------------------------------------------

/** A payload in proto3 JSON: bytes as base64. */
export interface JSONPayload {
  metadata: Record<string, string>;
  data: string;
}

const MAX_CODEC_PAYLOADS = 10_000;

function base64Field(value: unknown, where: string): Uint8Array {
  if (typeof value !== 'string' || !BASE64_PATTERN.test(value))
    throw new TypeError(`${where} must be a base64 string`);
  return Uint8Array.from(Buffer.from(value, 'base64'));
}

function fromJSON(value: unknown, index: number): Payload {
  const where = `payloads[${index}]`;
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    throw new TypeError(`${where} must be an object`);
  const { metadata, data } = value as { metadata?: unknown; data?: unknown };
  const payload: Payload = { metadata: {} };
  if (metadata !== undefined && metadata !== null) {
    if (typeof metadata !== 'object' || Array.isArray(metadata))
      throw new TypeError(`${where}.metadata must be an object`);
    for (const [key, encoded] of Object.entries(metadata as Record<string, unknown>)) {
      payload.metadata![key] = base64Field(encoded, `${where}.metadata[${JSON.stringify(key.slice(0, 80))}]`);
    }
  }
  if (data !== undefined && data !== null) payload.data = base64Field(data, `${where}.data`);
  return payload;
}

function toJSON(payload: Payload): JSONPayload {
  const b64 = (b: Uint8Array) => Buffer.from(b.buffer, b.byteOffset, b.byteLength).toString('base64');
  return {
    metadata: Object.fromEntries(Object.entries(payload.metadata ?? {}).map(([k, v]) => [k, b64(v)])),
    data: payload.data ? b64(payload.data) : '',
  };
}

/**
 * Handles a codec-server request body `{ payloads: [{ metadata: { key: base64 }, data: base64 }] }`
 * and returns the same shape. Bad input throws a TypeError (the API maps it to 400); a payload that
 * cannot be decrypted throws the codec's error.
 */
export async function handleCodecRequest(
  codec: PayloadCodec,
  direction: 'encode' | 'decode',
  body: unknown,
): Promise<{ payloads: JSONPayload[] }> {
  if (direction !== 'encode' && direction !== 'decode')
    throw new TypeError('direction must be "encode" or "decode"');
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw new TypeError('Request body must be a JSON object { "payloads": [...] }');
  }
  const raw = (body as { payloads?: unknown }).payloads;
  if (!Array.isArray(raw)) throw new TypeError('Request body must have a "payloads" array');
  if (raw.length > MAX_CODEC_PAYLOADS)
    throw new TypeError(`At most ${MAX_CODEC_PAYLOADS} payloads per request`);
  const input = raw.map(fromJSON);
  const output = direction === 'encode' ? await codec.encode(input) : await codec.decode(input);
  return { payloads: output.map(toJSON) };
}
