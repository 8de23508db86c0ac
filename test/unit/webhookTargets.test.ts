import { localizeMessage } from '../../api/localization';
import {
  addressRefusal,
  classifyAddress,
  targetRefusals,
  urlRefusal,
  type AddressClass,
} from '../../domain/events/webhookTargets';
import { loadConfig } from '../../platform/config';
import { webhookTargetRefusal } from '../../platform/webhookTargets';

const production = { allowInternal: false };
const development = { allowInternal: true };

describe('webhook targets: what kind of address', () => {
  it.each<[string, AddressClass]>([
    // IPv4
    ['8.8.8.8', 'public'],
    ['193.166.3.1', 'public'],
    ['0.0.0.0', 'unspecified'],
    ['0.1.2.3', 'unspecified'],
    ['10.0.0.1', 'private'],
    ['10.255.255.255', 'private'],
    ['100.64.0.1', 'private'],
    ['100.127.255.255', 'private'],
    ['100.128.0.1', 'public'],
    ['127.0.0.1', 'loopback'],
    ['127.255.255.254', 'loopback'],
    ['169.254.169.254', 'link-local'],
    ['172.15.255.255', 'public'],
    ['172.16.0.1', 'private'],
    ['172.31.255.255', 'private'],
    ['172.32.0.1', 'public'],
    ['192.0.0.8', 'reserved'],
    ['192.0.2.1', 'reserved'],
    ['192.88.99.1', 'reserved'],
    ['192.168.1.1', 'private'],
    ['198.18.0.1', 'reserved'],
    ['198.19.255.255', 'reserved'],
    ['198.20.0.1', 'public'],
    ['198.51.100.7', 'reserved'],
    ['203.0.113.9', 'reserved'],
    ['224.0.0.1', 'multicast'],
    ['239.255.255.250', 'multicast'],
    ['240.0.0.1', 'reserved'],
    ['255.255.255.255', 'reserved'],
    // IPv6
    ['::', 'unspecified'],
    ['::1', 'loopback'],
    ['[::1]', 'loopback'],
    ['0:0:0:0:0:0:0:1', 'loopback'],
    ['::ffff:127.0.0.1', 'loopback'],
    ['::ffff:7f00:1', 'loopback'],
    ['[::ffff:a9fe:a9fe]', 'link-local'],
    ['::ffff:8.8.8.8', 'public'],
    ['::127.0.0.1', 'reserved'],
    ['64:ff9b::10.0.0.1', 'private'],
    ['64:ff9b::8.8.8.8', 'public'],
    ['64:ff9b:1::1', 'private'],
    ['100::1', 'reserved'],
    ['2001::1', 'reserved'],
    ['2001:db8::1', 'reserved'],
    ['2002:7f00:1::1', 'loopback'],
    ['2002:0808:0808::1', 'public'],
    ['3fff::1', 'reserved'],
    ['fc00::1', 'private'],
    ['fd12:3456:789a::1', 'private'],
    ['fe80::1', 'link-local'],
    ['fe80::1%eth0', 'link-local'],
    ['febf::1', 'link-local'],
    ['fec0::1', 'private'],
    ['ff02::1', 'multicast'],
    ['2a00:1450:4010:c0e::64', 'public'],
    ['2606:4700:4700::1111', 'public'],
    ['4000::1', 'reserved'],
  ])('%s is %s', (address, cls) => {
    expect(classifyAddress(address)).toBe(cls);
  });

  it.each([
    'example.com',
    'localhost',
    '1.2.3',
    '256.1.1.1',
    '1.2.3.4.5',
    ':::1',
    '1::2::3',
    '12345::1',
    'g::1',
    '',
  ])('%j is not an IP address', (text) => {
    expect(classifyAddress(text)).toBeUndefined();
  });
});

describe('webhook targets: which URLs and addresses are refused', () => {
  const url = (text: string) => new URL(text);

  it('asks for https, and for a public address, in production', () => {
    expect(urlRefusal(url('https://addon.example.fi/events'), production)).toBeUndefined();
    expect(urlRefusal(url('https://8.8.8.8/events'), production)).toBeUndefined();
    expect(urlRefusal(url('http://addon.example.fi/events'), production)).toBe(targetRefusals.notHttps);
    expect(urlRefusal(url('ftp://addon.example.fi/events'), production)).toBe(targetRefusals.notHttps);
    for (const internal of [
      'https://127.0.0.1/',
      'https://[::1]:8443/',
      'https://10.1.2.3/',
      'https://169.254.169.254/latest/meta-data/',
      'https://[::ffff:192.168.0.1]/',
      'https://0x7f.1/', // the URL parser makes it 127.0.0.1
      'https://2130706433/',
    ]) {
      expect({ internal, refusal: urlRefusal(url(internal), production) }).toEqual({
        internal,
        refusal: targetRefusals.internal,
      });
    }
    expect(addressRefusal('10.0.0.1', 'https:', production)).toBe(targetRefusals.internal);
    expect(addressRefusal('2606:4700:4700::1111', 'https:', production)).toBeUndefined();
    expect(addressRefusal('not an address', 'https:', production)).toBe(targetRefusals.unresolved);
  });

  it('lets a development installation reach loopback and private receivers, over http too, and nothing worse', () => {
    expect(urlRefusal(url('http://127.0.0.1:4000/hooks'), development)).toBeUndefined();
    expect(urlRefusal(url('http://192.168.1.20/hooks'), development)).toBeUndefined();
    expect(urlRefusal(url('https://[fd00::5]/hooks'), development)).toBeUndefined();
    expect(urlRefusal(url('http://localhost:4000/hooks'), development)).toBeUndefined();
    // Public receivers still only over https.
    expect(urlRefusal(url('http://8.8.8.8/hooks'), development)).toBe(targetRefusals.notHttps);
    expect(addressRefusal('8.8.8.8', 'http:', development)).toBe(targetRefusals.notHttps);
    // Link-local (cloud metadata), unspecified, multicast and reserved: never.
    for (const address of [
      '169.254.169.254',
      'fe80::1',
      '0.0.0.0',
      '::',
      '224.0.0.1',
      '240.0.0.1',
      '2001:db8::1',
    ]) {
      expect({ address, refusal: addressRefusal(address, 'http:', development) }).toEqual({
        address,
        refusal: targetRefusals.internal,
      });
    }
  });

  it('refuses a host name when any one of its addresses is refused, or when it does not resolve', async () => {
    const resolving =
      (...addresses: string[]) =>
      async () =>
        addresses.map((address) => ({ address, family: address.includes(':') ? 6 : 4 }));
    const check = (target: string, lookup: Parameters<typeof webhookTargetRefusal>[2]) =>
      webhookTargetRefusal(target, production, lookup);
    expect(await check('https://addon.example.fi/', resolving('193.166.3.1', '2001:708::1'))).toBeUndefined();
    expect(await check('https://addon.example.fi/', resolving('193.166.3.1', '10.0.0.7'))).toBe(
      targetRefusals.internal,
    );
    expect(await check('https://rebound.example.fi/', resolving('::ffff:127.0.0.1'))).toBe(
      targetRefusals.internal,
    );
    expect(await check('https://addon.example.fi/', resolving())).toBe(targetRefusals.unresolved);
    const failing = async () => {
      throw Object.assign(new Error('getaddrinfo ENOTFOUND'), { code: 'ENOTFOUND' });
    };
    expect(await check('https://nowhere.invalid/', failing)).toBe(targetRefusals.unresolved);
    // Address literals and refused schemes are never looked up.
    const never = async () => {
      throw new Error('looked up');
    };
    expect(await check('https://8.8.8.8/', never)).toBeUndefined();
    expect(await check('http://addon.example.fi/', never)).toBe(targetRefusals.notHttps);
    expect(await check('not a url', never)).toBe(targetRefusals.unresolved);
  });

  it('has every refusal in Finnish and Swedish for the form', () => {
    for (const refusal of [...Object.values(targetRefusals), 'the webhook’s address is refused']) {
      expect(localizeMessage(refusal, 'fi')).not.toBe(refusal);
      expect(localizeMessage(refusal, 'sv')).not.toBe(refusal);
    }
  });
});

describe('WEBHOOK_ALLOW_INTERNAL_TARGETS', () => {
  const production = {
    NODE_ENV: 'production',
    DATABASE_URL: 'postgresql://x@localhost/x',
    TEMPORAL_ADDRESS: 'localhost:7233',
    AUTH_JWKS_URL: 'https://idp.example/jwks.json',
    AUTH_ISSUER: 'https://idp.example',
  };

  it('is off in production unless set, on in development unless set', () => {
    expect(loadConfig(production).webhookTargets).toEqual({ allowInternal: false });
    expect(loadConfig({}).webhookTargets).toEqual({ allowInternal: true });
    expect(
      loadConfig({ ...production, WEBHOOK_ALLOW_INTERNAL_TARGETS: 'true' }).webhookTargets.allowInternal,
    ).toBe(true);
    expect(loadConfig({ WEBHOOK_ALLOW_INTERNAL_TARGETS: 'false' }).webhookTargets.allowInternal).toBe(false);
    expect(() => loadConfig({ WEBHOOK_ALLOW_INTERNAL_TARGETS: 'yes please' })).toThrow(
      /WEBHOOK_ALLOW_INTERNAL_TARGETS must be true or false/,
    );
  });
});
