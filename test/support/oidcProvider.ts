import http from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A real OpenID provider (the `oidc-provider` package) for the sign-in tests, run as its own
 * process: `tsx test/support/oidcProvider.ts`. oidc-provider is an ES module, which Jest cannot
 * load on this Node version without experimental flags. It listens on 127.0.0.1 on a random
 * port, prints `{"issuer": ...}` as one line when ready, and exits when its stdin closes.
 *
 * One confidential client (client_secret_basic, PKCE required), from the environment:
 * OIDC_TEST_CLIENT_ID, OIDC_TEST_CLIENT_SECRET, OIDC_TEST_REDIRECT_URI,
 * OIDC_TEST_POST_LOGOUT_REDIRECT_URI. Every login name is an account whose `sub` is that name;
 * the development interactions (a login form, then a consent form) are driven over HTTP by the
 * test. RP-initiated logout is enabled.
 */
async function main(): Promise<void> {
  // @ts-expect-error oidc-provider ships no type declarations
  const { default: Provider } = await import('oidc-provider');
  const server = http.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  const provider = new Provider(issuer, {
    clients: [
      {
        client_id: process.env.OIDC_TEST_CLIENT_ID,
        client_secret: process.env.OIDC_TEST_CLIENT_SECRET,
        token_endpoint_auth_method: 'client_secret_basic',
        redirect_uris: [process.env.OIDC_TEST_REDIRECT_URI],
        post_logout_redirect_uris: [process.env.OIDC_TEST_POST_LOGOUT_REDIRECT_URI],
        grant_types: ['authorization_code'],
        response_types: ['code'],
      },
    ],
    pkce: { required: () => true },
    findAccount: async (_ctx: unknown, sub: string) => ({
      accountId: sub,
      claims: async () => ({ sub }),
    }),
    features: { devInteractions: { enabled: true }, rpInitiatedLogout: { enabled: true } },
    cookies: { keys: ['oidc-provider-test-cookie-key'] },
  });
  server.on('request', provider.callback());

  process.stdout.write(JSON.stringify({ issuer }) + '\n');
  process.stdin.resume();
  process.stdin.on('end', () => {
    server.closeAllConnections();
    server.close(() => process.exit(0));
  });
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
