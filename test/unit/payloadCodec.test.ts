import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  ApplicationFailure,
  DefaultFailureConverter,
  defaultPayloadConverter,
  type Payload,
} from '@temporalio/common';
import { temporal } from '@temporalio/proto';
import {
  codecDataConverter,
  EncryptionCodec,
  handleCodecRequest,
  loadCodecKeys,
  type CodecKeys,
} from '../../platform/payloadCodec';

const person = { firstName: 'Amal', hetu: '131052-308T' };
const k1 = crypto.randomBytes(32);
const k2 = crypto.randomBytes(32);
const keysK1: CodecKeys = { activeKeyId: 'k1', keys: { k1 } };
const keysK1K2: CodecKeys = { activeKeyId: 'k2', keys: { k1, k2 } };

const text = (b: Uint8Array | null | undefined) => Buffer.from(b ?? new Uint8Array()).toString('utf8');
const wire = (p: Payload) => Buffer.from(temporal.api.common.v1.Payload.encode(p).finish());
const plain = () => defaultPayloadConverter.toPayload(person)!;

describe('EncryptionCodec', () => {
  it('round-trips a JSON payload', async () => {
    const codec = new EncryptionCodec(keysK1);
    const original = plain();
    const [encoded] = await codec.encode([original]);
    expect(text(encoded!.metadata!.encoding)).toBe('binary/encrypted');
    expect(text(encoded!.metadata!['encryption-key-id'])).toBe('k1');
    expect(text(encoded!.metadata!['encryption-cipher'])).toBe('AES-256-GCM');
    const [decoded] = await codec.decode([encoded!]);
    expect(text(decoded!.metadata!.encoding)).toBe('json/plain');
    expect(defaultPayloadConverter.fromPayload(decoded!)).toEqual(person);
    expect(wire(decoded!).equals(wire(original))).toBe(true);
  });

  it('leaves no readable personal data in the encoded payload', async () => {
    const [encoded] = await new EncryptionCodec(keysK1).encode([plain()]);
    const bytes = wire(encoded!);
    for (const secret of ['Amal', '131052-308T', 'firstName', 'json/plain']) {
      expect(bytes.includes(Buffer.from(secret))).toBe(false);
    }
  });

  it('uses a new IV for each encode', async () => {
    const codec = new EncryptionCodec(keysK1);
    const [a] = await codec.encode([plain()]);
    const [b] = await codec.encode([plain()]);
    expect(Buffer.from(a!.data!).equals(Buffer.from(b!.data!))).toBe(false);
    expect(Buffer.from(a!.data!).subarray(0, 12).equals(Buffer.from(b!.data!).subarray(0, 12))).toBe(false);
  });

  it('decodes payloads written with an older key after rotation', async () => {
    const [old] = await new EncryptionCodec(keysK1).encode([plain()]);
    const rotated = new EncryptionCodec(keysK1K2);
    const [decoded] = await rotated.decode([old!]);
    expect(defaultPayloadConverter.fromPayload(decoded!)).toEqual(person);
    const [fresh] = await rotated.encode([plain()]);
    expect(text(fresh!.metadata!['encryption-key-id'])).toBe('k2');
  });

  it('fails with a message naming the missing key id, not the data', async () => {
    const [old] = await new EncryptionCodec(keysK1).encode([plain()]);
    const withoutK1 = new EncryptionCodec({ activeKeyId: 'k2', keys: { k2 } });
    const error = await withoutK1.decode([old!]).then(
      () => undefined,
      (e: unknown) => e as Error,
    );
    expect(error).toBeInstanceOf(Error);
    expect(error!.message).toContain('"k1"');
    expect(error!.message).not.toContain('Amal');
  });

  it('rejects tampered ciphertext, IV, tag and key id', async () => {
    const codec = new EncryptionCodec(keysK1K2);
    const [encoded] = await codec.encode([plain()]);
    const data = Buffer.from(encoded!.data!);
    for (const index of [0, 12, data.length - 1]) {
      const tampered = Buffer.from(data);
      tampered[index]! ^= 0x01;
      await expect(codec.decode([{ ...encoded!, data: tampered }])).rejects.toThrow(/authentication failed/);
    }
    await expect(codec.decode([{ ...encoded!, data: data.subarray(0, 20) }])).rejects.toThrow(/too short/);
    const swappedKeyId = {
      ...encoded!,
      metadata: { ...encoded!.metadata, 'encryption-key-id': Buffer.from('k1') },
    };
    await expect(codec.decode([swappedKeyId])).rejects.toThrow(/authentication failed/);
  });

  it('passes unencrypted payloads through decode unchanged', async () => {
    const original = plain();
    const [decoded] = await new EncryptionCodec(keysK1).decode([original]);
    expect(decoded).toBe(original);
    const noMetadata: Payload = { data: new Uint8Array([1, 2]) };
    expect((await new EncryptionCodec(keysK1).decode([noMetadata]))[0]).toBe(noMetadata);
  });

  it('rejects invalid keys at construction', () => {
    expect(() => new EncryptionCodec({ activeKeyId: 'k1', keys: { k1: Buffer.alloc(16) } })).toThrow(
      /32 bytes/,
    );
    expect(() => new EncryptionCodec({ activeKeyId: 'k3', keys: { k1 } })).toThrow(/"k3"/);
  });
});

describe('loadCodecKeys', () => {
  const b64 = (b: Buffer) => b.toString('base64');

  it('reads keys and the active key id', () => {
    const env = {
      PAYLOAD_CODEC_KEYS: JSON.stringify({ k1: b64(k1), k2: b64(k2) }),
      PAYLOAD_CODEC_KEY_ID: 'k2',
    };
    const keys = loadCodecKeys(env);
    expect(keys.activeKeyId).toBe('k2');
    expect(keys.keys.k1!.equals(k1)).toBe(true);
    expect(keys.keys.k2!.equals(k2)).toBe(true);
  });

  it('defaults the active key to the only key', () => {
    expect(loadCodecKeys({ PAYLOAD_CODEC_KEYS: JSON.stringify({ only: b64(k1) }) }).activeKeyId).toBe('only');
  });

  it('rejects bad JSON without echoing it', () => {
    const secret = b64(k1);
    expect(() => loadCodecKeys({ PAYLOAD_CODEC_KEYS: `{"k1": "${secret}"` })).toThrow(
      /PAYLOAD_CODEC_KEYS is not valid JSON/,
    );
    try {
      loadCodecKeys({ PAYLOAD_CODEC_KEYS: `{"k1": "${secret}"` });
    } catch (e) {
      expect((e as Error).message).not.toContain(secret);
    }
    expect(() => loadCodecKeys({ PAYLOAD_CODEC_KEYS: '["x"]' })).toThrow(/JSON object/);
    expect(() => loadCodecKeys({ PAYLOAD_CODEC_KEYS: '{}' })).toThrow(/at least one key/);
  });

  it('rejects keys that are not 32 bytes or not base64', () => {
    expect(() =>
      loadCodecKeys({ PAYLOAD_CODEC_KEYS: JSON.stringify({ k1: b64(crypto.randomBytes(16)) }) }),
    ).toThrow(/key "k1" must decode to 32 bytes, got 16/);
    expect(() => loadCodecKeys({ PAYLOAD_CODEC_KEYS: JSON.stringify({ k1: 'not base64!' }) })).toThrow(
      /key "k1" must be a base64/,
    );
    expect(() => loadCodecKeys({ PAYLOAD_CODEC_KEYS: JSON.stringify({ k1: 42 }) })).toThrow(
      /key "k1" must be a base64/,
    );
  });

  it('rejects a missing or ambiguous active key', () => {
    const two = JSON.stringify({ k1: b64(k1), k2: b64(k2) });
    expect(() => loadCodecKeys({ PAYLOAD_CODEC_KEYS: two, PAYLOAD_CODEC_KEY_ID: 'k3' })).toThrow(
      /"k3" is not one of the keys/,
    );
    expect(() => loadCodecKeys({ PAYLOAD_CODEC_KEYS: two })).toThrow(/PAYLOAD_CODEC_KEY_ID is required/);
  });

  it('requires keys in production', () => {
    expect(() => loadCodecKeys({})).toThrow('PAYLOAD_CODEC_KEYS is required in production');
  });

  it('creates the development key file once and reuses it', () => {
    const dataDir = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'koto-codec-')), 'data');
    try {
      const first = loadCodecKeys({}, { dataDir });
      const file = path.join(dataDir, 'dev-payload-key.json');
      expect(first.activeKeyId).toBe('dev-1');
      expect(first.keys['dev-1']).toHaveLength(32);
      expect(fs.statSync(file).mode & 0o777).toBe(0o600);
      const stored = JSON.parse(fs.readFileSync(file, 'utf8')) as Record<string, string>;
      expect(Object.keys(stored)).toEqual(['dev-1']);
      const second = loadCodecKeys({}, { dataDir });
      expect(second.keys['dev-1']!.equals(first.keys['dev-1']!)).toBe(true);
    } finally {
      fs.rmSync(path.dirname(dataDir), { recursive: true, force: true });
    }
  });

  it('prefers PAYLOAD_CODEC_KEYS over the development file', () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'koto-codec-'));
    try {
      const keys = loadCodecKeys({ PAYLOAD_CODEC_KEYS: JSON.stringify({ k1: b64(k1) }) }, { dataDir });
      expect(keys.activeKeyId).toBe('k1');
      expect(fs.existsSync(path.join(dataDir, 'dev-payload-key.json'))).toBe(false);
    } finally {
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  });
});

describe('codecDataConverter', () => {
  it('encrypts payloads and encodes failure messages and stack traces', async () => {
    const converter = codecDataConverter(keysK1);
    expect(converter.payloadCodecs).toHaveLength(1);
    expect(converter.failureConverter).toBeInstanceOf(DefaultFailureConverter);
    expect((converter.failureConverter as DefaultFailureConverter).options.encodeCommonAttributes).toBe(true);

    const failure = converter.failureConverter.errorToFailure(
      ApplicationFailure.create({ message: 'Amal Testi not found' }),
      converter.payloadConverter,
    );
    expect(failure.message).not.toContain('Amal');
    expect(failure.stackTrace ?? '').not.toContain('Amal');
    const [encrypted] = await converter.payloadCodecs[0]!.encode([failure.encodedAttributes!]);
    expect(wire(encrypted!).includes(Buffer.from('Amal'))).toBe(false);
    const [decrypted] = await converter.payloadCodecs[0]!.decode([encrypted!]);
    expect(converter.payloadConverter.fromPayload<{ message: string }>(decrypted!).message).toBe(
      'Amal Testi not found',
    );
  });

  it('carries an optional failureConverterPath for the Worker', () => {
    expect(codecDataConverter(keysK1).failureConverterPath).toBeUndefined();
    expect(codecDataConverter(keysK1, { failureConverterPath: '/x.js' }).failureConverterPath).toBe('/x.js');
  });
});

describe('handleCodecRequest', () => {
  const toJson = (p: Payload) => ({
    metadata: Object.fromEntries(
      Object.entries(p.metadata ?? {}).map(([k, v]) => [k, Buffer.from(v).toString('base64')]),
    ),
    data: Buffer.from(p.data ?? new Uint8Array()).toString('base64'),
  });

  it('round-trips through the codec-server JSON format', async () => {
    const codec = new EncryptionCodec(keysK1);
    const body = { payloads: [toJson(plain())] };
    const encoded = JSON.parse(JSON.stringify(await handleCodecRequest(codec, 'encode', body))) as unknown;
    expect(JSON.stringify(encoded)).not.toContain(Buffer.from(JSON.stringify(person)).toString('base64'));
    const encodedPayloads = (encoded as { payloads: { metadata: Record<string, string> }[] }).payloads;
    expect(Buffer.from(encodedPayloads[0]!.metadata.encoding!, 'base64').toString()).toBe('binary/encrypted');
    const decoded = JSON.parse(JSON.stringify(await handleCodecRequest(codec, 'decode', encoded))) as unknown;
    expect(decoded).toEqual(body);
  });

  it('passes unencrypted payloads through decode and accepts null/missing fields', async () => {
    const codec = new EncryptionCodec(keysK1);
    const body = { payloads: [toJson(plain()), { metadata: null, data: null }, {}] };
    const result = await handleCodecRequest(codec, 'decode', body);
    expect(result.payloads).toEqual([
      toJson(plain()),
      { metadata: {}, data: '' },
      { metadata: {}, data: '' },
    ]);
  });

  it.each([
    ['null body', null, /JSON object/],
    ['array body', [], /JSON object/],
    ['missing payloads', {}, /"payloads" array/],
    ['payloads not array', { payloads: 'x' }, /"payloads" array/],
    ['payload not object', { payloads: [1] }, /payloads\[0\] must be an object/],
    ['metadata not object', { payloads: [{ metadata: 'x' }] }, /payloads\[0\]\.metadata must be an object/],
    [
      'metadata value not base64',
      { payloads: [{ metadata: { encoding: '***' } }] },
      /payloads\[0\]\.metadata\["encoding"\] must be a base64/,
    ],
    ['data not string', { payloads: [{}, { data: 5 }] }, /payloads\[1\]\.data must be a base64/],
  ])('rejects %s with a TypeError', async (_name, body, message) => {
    const codec = new EncryptionCodec(keysK1);
    const error = await handleCodecRequest(codec, 'decode', body).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(TypeError);
    expect((error as Error).message).toMatch(message);
  });
});
