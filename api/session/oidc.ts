import crypto from 'node:crypto';
import type { CookieOptions } from 'express';
import { EncryptJWT, jwtDecrypt } from 'jose';
import type { Configuration } from 'openid-client' with { 'resolution-mode': 'import' };
import type { AppConfig, OidcConfig } from '../../platform/config';

/**
 * OpenID Connect sign-in as a backend-for-frontend: the authorization-code flow with PKCE runs
 * between this server and the provider; the browser only ever holds our HttpOnly cookies.
 *
 * The login transaction (state, nonce, PKCE verifier, returnTo) lives in a short-lived cookie,
 * encrypted and authenticated (JWE, A256GCM) with a key derived from the client secret. Why a
 * cookie rather than a table: it binds the sign-in to the browser that started it (a callback
 * replayed in another browser has no transaction), needs no storage or clean-up, and works on
 * any API instance; the encryption keeps the verifier and nonce unreadable and unforgeable.
 * It must be SameSite=Lax: the provider's redirect back is a cross-site navigation, on which a
 * Strict cookie would not be sent.
 */
export const LOGIN_COOKIE = 'koto_login';
const LOGIN_LIFETIME_SECONDS = 600;

export function loginCookieOptions(config: Pick<AppConfig, 'mode'>): CookieOptions {
  return {
    httpOnly: true,
    sameSite: 'lax',
    path: '/auth',
    secure: config.mode === 'production',
    maxAge: LOGIN_LIFETIME_SECONDS * 1000,
  };
}

/**
 * Why a sign-in failed, as the web application's `/login?error=` shows it:
 * `state` (no sign-in in progress in this browser, it expired, or the state does not match),
 * `provider` (the provider answered with an error, e.g. the user cancelled),
 * `failed` (the code exchange or the ID token's validation failed),
 * `unknown_user` (the ID token's subject is no active user here),
 * `unavailable` (the provider cannot be reached).
 */
export type LoginFailure = 'state' | 'provider' | 'failed' | 'unknown_user' | 'unavailable';

export class LoginError extends Error {
  constructor(
    readonly code: LoginFailure,
    detail: string,
    options?: { cause?: unknown },
  ) {
    super(detail, options);
  }
}

export interface OidcLogin {
  /** The provider's authorization URL, and the encrypted transaction for the login cookie. */
  begin(returnTo: string): Promise<{ authorizationUrl: string; transactionCookie: string }>;
  /** Checks the provider's answer against the login cookie and exchanges the code. */
  complete(
    callbackQuery: URLSearchParams,
    transactionCookie: string | undefined,
  ): Promise<{ subject: string; idToken: string; returnTo: string }>;
  /** The provider's end-session URL for this ID token, when the provider offers one. */
  logoutUrl(idToken: string | null): Promise<string | undefined>;
}

interface LoginTransaction {
  state: string;
  nonce: string;
  codeVerifier: string;
  returnTo: string;
}

// openid-client is published only as an ES module; in this CommonJS project a dynamic import()
// is how Node loads it. It is loaded on first use, so a service without OIDC never loads it.
const openidClient = () => import('openid-client');

export function createOidcLogin(settings: OidcConfig): OidcLogin {
  const key = new Uint8Array(
    crypto.hkdfSync('sha256', settings.clientSecret, '', 'koto login transaction cookie', 32),
  );

  // Discovered once and kept; a failed discovery is retried on the next sign-in.
  let discovered: Promise<Configuration> | undefined;
  const configuration = (): Promise<Configuration> => {
    discovered ??= (async () => {
      const client = await openidClient();
      return client.discovery(
        new URL(settings.issuer),
        settings.clientId,
        undefined,
        client.ClientSecretBasic(settings.clientSecret),
        { execute: settings.allowInsecureRequests ? [client.allowInsecureRequests] : [], timeout: 10 },
      );
    })().catch((error: unknown) => {
      discovered = undefined;
      throw new LoginError('unavailable', 'the identity provider cannot be reached', { cause: error });
    });
    return discovered;
  };

  async function sealTransaction(transaction: LoginTransaction): Promise<string> {
    return new EncryptJWT({ ...transaction })
      .setProtectedHeader({ alg: 'dir', enc: 'A256GCM' })
      .setIssuedAt()
      .setExpirationTime(`${LOGIN_LIFETIME_SECONDS}s`)
      .encrypt(key);
  }

  async function openTransaction(cookie: string | undefined): Promise<LoginTransaction> {
    const missing = () =>
      new LoginError('state', 'no sign-in is in progress in this browser, or it took too long');
    if (!cookie) throw missing();
    try {
      const { payload } = await jwtDecrypt(cookie, key);
      const { state, nonce, codeVerifier, returnTo } = payload;
      if (![state, nonce, codeVerifier, returnTo].every((v) => typeof v === 'string')) throw missing();
      return { state, nonce, codeVerifier, returnTo } as LoginTransaction;
    } catch {
      throw missing();
    }
  }

  return {
    async begin(returnTo) {
      const config = await configuration();
      const client = await openidClient();
      const transaction: LoginTransaction = {
        state: client.randomState(),
        nonce: client.randomNonce(),
        codeVerifier: client.randomPKCECodeVerifier(),
        returnTo,
      };
      const authorizationUrl = client.buildAuthorizationUrl(config, {
        redirect_uri: settings.redirectUri,
        scope: settings.scopes,
        response_type: 'code',
        code_challenge: await client.calculatePKCECodeChallenge(transaction.codeVerifier),
        code_challenge_method: 'S256',
        state: transaction.state,
        nonce: transaction.nonce,
      });
      return {
        authorizationUrl: authorizationUrl.href,
        transactionCookie: await sealTransaction(transaction),
      };
    },

    async complete(callbackQuery, transactionCookie) {
      const transaction = await openTransaction(transactionCookie);
      if (callbackQuery.get('state') !== transaction.state) {
        throw new LoginError('state', "the answer's state does not match the sign-in this browser started");
      }
      if (callbackQuery.has('error')) {
        throw new LoginError('provider', `the provider answered ${callbackQuery.get('error')}`);
      }
      const config = await configuration();
      const client = await openidClient();
      // The URL the provider redirected to, built from our configured redirect URI rather than
      // from the request's Host header.
      const currentUrl = new URL(settings.redirectUri);
      currentUrl.search = callbackQuery.toString();
      let tokens;
      try {
        tokens = await client.authorizationCodeGrant(config, currentUrl, {
          pkceCodeVerifier: transaction.codeVerifier,
          expectedState: transaction.state,
          expectedNonce: transaction.nonce,
          idTokenExpected: true,
        });
      } catch (error) {
        throw new LoginError('failed', 'the authorization code could not be exchanged or validated', {
          cause: error,
        });
      }
      const claims = tokens.claims();
      if (!claims || !tokens.id_token) throw new LoginError('failed', 'the provider returned no ID token');
      return { subject: claims.sub, idToken: tokens.id_token, returnTo: transaction.returnTo };
    },

    async logoutUrl(idToken) {
      let config: Configuration;
      try {
        config = await configuration();
      } catch {
        return undefined; // the provider is unreachable: signing out here still stands
      }
      if (!config.serverMetadata().end_session_endpoint) return undefined;
      const client = await openidClient();
      return client.buildEndSessionUrl(config, {
        ...(idToken ? { id_token_hint: idToken } : {}),
        ...(settings.postLogoutRedirectUri
          ? { post_logout_redirect_uri: settings.postLogoutRedirectUri }
          : {}),
      }).href;
    },
  };
}
