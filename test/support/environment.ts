/** What the global set-up shares with every test file, through one environment variable. */
export interface TestEnvironment {
  /** A URL of the PostgreSQL server (any database on it). */
  serverUrl: string;
  /** The migrated, seeded database each test file copies. */
  template: string;
  temporalAddress: string;
  bundlePath: string;
  workDir: string;
}

export const TEMPLATE_DATABASE = 'koto_template';

/** History length at which the test server suggests continue-as-new. */
export const CONTINUE_AS_NEW_AT = 60;

export function testEnvironment(): TestEnvironment {
  const raw = process.env.KOTO_TEST_ENVIRONMENT;
  if (!raw) throw new Error('the Jest global set-up did not run (KOTO_TEST_ENVIRONMENT is missing)');
  return JSON.parse(raw) as TestEnvironment;
}

/** The same server, its maintenance database: for CREATE and DROP DATABASE. */
export function adminUrl(url: string): string {
  const u = new URL(url);
  u.pathname = '/postgres';
  return u.toString();
}

/**
 * A fixed payload key for tests only, so recorded histories (test/fixtures) can be replayed.
 * Never a production key: production keys come from PAYLOAD_CODEC_KEYS.
 */
export const testCodecKeys = {
  activeKeyId: 'test-1',
  keys: { 'test-1': Buffer.from('a2990c8e2f4f1b6dd0c1a4a7e2d0b9f3c4e5a6b7c8d9e0f1a2b3c4d5e6f7a8b9', 'hex') },
};
