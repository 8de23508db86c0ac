/** One Set-Cookie header, parsed: its name, value and attributes (names lower-cased). */
export interface SetCookie {
  name: string;
  value: string;
  attributes: Record<string, string | true>;
}

export function parseSetCookie(header: string): SetCookie {
  const [pair, ...rest] = header.split(';');
  const eq = pair.indexOf('=');
  const attributes: Record<string, string | true> = {};
  for (const part of rest) {
    const [key, ...value] = part.trim().split('=');
    if (key) attributes[key.toLowerCase()] = value.length ? value.join('=') : true;
  }
  return { name: pair.slice(0, eq).trim(), value: pair.slice(eq + 1).trim(), attributes };
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = any;

export interface BrowserReply {
  status: number;
  headers: Headers;
  /** The Location header, resolved against the request's URL. */
  location?: string;
  setCookies: SetCookie[];
  body: Json;
}

interface StoredCookie {
  name: string;
  value: string;
  path: string;
}

/**
 * What a browser does with cookies, as much as these tests need: kept per host (with port), sent
 * to paths under the cookie's Path, dropped when a response expires them. Every request goes
 * through `fetch` with redirects left to the caller, so each hop can be looked at.
 */
export class Browser {
  private readonly jars = new Map<string, StoredCookie[]>();

  cookie(url: string, name: string): string | undefined {
    return this.matching(new URL(url)).find((c) => c.name === name)?.value;
  }

  async request(
    url: string,
    init: {
      method?: string;
      headers?: Record<string, string>;
      body?: unknown;
      form?: Record<string, string>;
    } = {},
  ): Promise<BrowserReply> {
    const target = new URL(url);
    const headers: Record<string, string> = { ...init.headers };
    const cookies = this.matching(target);
    if (cookies.length) headers.cookie = cookies.map((c) => `${c.name}=${c.value}`).join('; ');
    let body: string | undefined;
    if (init.form) {
      headers['content-type'] = 'application/x-www-form-urlencoded';
      body = new URLSearchParams(init.form).toString();
    } else if (init.body !== undefined) {
      headers['content-type'] = 'application/json';
      body = JSON.stringify(init.body);
    }
    const response = await fetch(target, { method: init.method ?? 'GET', headers, body, redirect: 'manual' });
    const setCookies = response.headers.getSetCookie().map(parseSetCookie);
    for (const cookie of setCookies) this.store(target, cookie);
    const text = await response.text();
    let parsed: unknown = text;
    try {
      parsed = text ? JSON.parse(text) : undefined;
    } catch {
      /* HTML or empty: keep the text */
    }
    const location = response.headers.get('location');
    return {
      status: response.status,
      headers: response.headers,
      location: location ? new URL(location, target).href : undefined,
      setCookies,
      body: parsed,
    };
  }

  private store(url: URL, cookie: SetCookie): void {
    const path = typeof cookie.attributes.path === 'string' ? cookie.attributes.path : '/';
    const jar = (this.jars.get(url.host) ?? []).filter((c) => !(c.name === cookie.name && c.path === path));
    const maxAge = cookie.attributes['max-age'];
    const expires = cookie.attributes.expires;
    const expired =
      (typeof maxAge === 'string' && Number(maxAge) <= 0) ||
      (typeof expires === 'string' && new Date(expires).getTime() <= Date.now());
    if (!expired) jar.push({ name: cookie.name, value: cookie.value, path });
    this.jars.set(url.host, jar);
  }

  private matching(url: URL): StoredCookie[] {
    return (this.jars.get(url.host) ?? []).filter(
      (c) => url.pathname === c.path || url.pathname.startsWith(c.path.endsWith('/') ? c.path : `${c.path}/`),
    );
  }
}
