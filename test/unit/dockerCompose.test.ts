import fs from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';

/**
 * Static checks of the container setup (docker-compose.yml, Dockerfile): no Docker engine is
 * needed. They guard the start-up order, the wiring between services, pinned images and the
 * Temporal search attributes the workflows use.
 */

const root = path.resolve(__dirname, '..', '..');
const read = (file: string) => fs.readFileSync(path.join(root, file), 'utf8');

type Env = Record<string, string | number | boolean | null> | string[];
type Port = string | number | { target: number | string; published?: number | string; host_ip?: string };
interface Service {
  image?: string;
  build?: string | { context?: string; dockerfile?: string };
  command?: string | string[];
  entrypoint?: string | string[];
  environment?: Env;
  depends_on?: string[] | Record<string, { condition?: string }>;
  healthcheck?: { test?: string | string[]; disable?: boolean };
  ports?: Port[];
  volumes?: (string | { type?: string; source?: string; target?: string })[];
}
interface ComposeFile {
  version?: unknown;
  services: Record<string, Service>;
}

const composeText = read('docker-compose.yml');
const compose = parse(composeText) as ComposeFile;
const services = compose.services;
const service = (name: string): Service => {
  const found = services[name];
  if (!found) throw new Error(`docker-compose.yml has no service "${name}"`);
  return found;
};

/** Compose variable interpolation with every variable unset: defaults apply, `$$` is `$`. */
function interpolate(value: string): string {
  const ESCAPED = '\u0000';
  return value
    .replace(/\$\$/g, ESCAPED)
    .replace(/\$\{(\w+)(?::?-([^}]*))?\}/g, (_m, _name: string, fallback?: string) => fallback ?? '')
    .replace(/\$\{(\w+):?\?[^}]*\}/g, (_m, name: string) => `<${name}>`)
    .split(ESCAPED)
    .join('$');
}

function environment(svc: Service): Record<string, string> {
  const env = svc.environment ?? {};
  const entries: [string, string][] = Array.isArray(env)
    ? env.map((line) => {
        const i = line.indexOf('=');
        return i < 0 ? [line, ''] : [line.slice(0, i), line.slice(i + 1)];
      })
    : Object.entries(env).map(([k, v]) => [k, v === null ? '' : String(v)]);
  return Object.fromEntries(entries.map(([k, v]) => [k, interpolate(v)]));
}

function dependencies(svc: Service): Record<string, string> {
  const deps = svc.depends_on ?? {};
  if (Array.isArray(deps)) return Object.fromEntries(deps.map((d) => [d, 'service_started']));
  return Object.fromEntries(Object.entries(deps).map(([d, v]) => [d, v?.condition ?? 'service_started']));
}

/** [published, target] pairs, published undefined when only the container port is given. */
function ports(svc: Service): { published?: string; target: string }[] {
  return (svc.ports ?? []).map((p) => {
    if (typeof p === 'object') {
      return {
        target: String(p.target),
        published: p.published === undefined ? undefined : interpolate(String(p.published)),
      };
    }
    const parts = interpolate(String(p))
      .replace(/\/(tcp|udp)$/, '')
      .split(':');
    const target = parts[parts.length - 1];
    return { target, published: parts.length > 1 ? parts[parts.length - 2] : undefined };
  });
}

const text = (value: string | string[] | undefined): string =>
  value === undefined ? '' : Array.isArray(value) ? value.join(' ') : value;
const script = (svc: Service) => interpolate(`${text(svc.entrypoint)}\n${text(svc.command)}`);
const healthTest = (svc: Service) => text(svc.healthcheck?.test);

/** Splits `repo/name:tag@digest`; the tag is what follows the last ':' after the last '/'. */
function imageRef(image: string): { name: string; tag?: string; digest?: string } {
  const [withTag, digest] = interpolate(image).split('@');
  const slash = withTag.lastIndexOf('/');
  const colon = withTag.lastIndexOf(':');
  return colon > slash
    ? { name: withTag.slice(0, colon), tag: withTag.slice(colon + 1), digest }
    : { name: withTag, digest };
}

const SCHEMA_SETUP = 'temporal-schema-setup';
const NAMESPACE_SETUP = 'temporal-namespace-setup';
const APP_SERVICES = ['migrate', 'worker', 'api'];
const EXPECTED_SERVICES = [
  'postgresql',
  SCHEMA_SETUP,
  'temporal',
  NAMESPACE_SETUP,
  'temporal-ui',
  ...APP_SERVICES,
];

/** Search attributes the workflows set, with the `temporal operator search-attribute create --type` names. */
const SEARCH_ATTRIBUTES: [string, string][] = [
  ['ProposalStatus', 'Keyword'],
  ['OwnerElinvoimakeskusId', 'Keyword'],
  ['MunicipalityId', 'Keyword'],
  ['WelfareAreaId', 'Keyword'],
  ['AnswerDue', 'Datetime'],
  ['Overdue', 'Bool'],
  ['ClientStatus', 'Keyword'],
  ['ReviewDue', 'Datetime'],
  ['ReviewOverdue', 'Bool'],
];

const setupScripts = () =>
  Object.values(services)
    .filter((svc) => svc.image && imageRef(svc.image).name === 'temporalio/admin-tools')
    .map(script)
    .join('\n');

/** `ProposalStatus Keyword` (helper function) or `--name ProposalStatus --type Keyword`. */
function registers(scripts: string, name: string, type: string): boolean {
  return new RegExp(`(^|[\\s"'=])${name}["']?\\s+(--type[\\s=]+)?["']?${type}\\b`, 'im').test(scripts);
}

describe('docker-compose.yml', () => {
  it('uses the Compose specification without the obsolete version key', () => {
    expect(compose).not.toHaveProperty('version');
    expect(typeof services).toBe('object');
  });

  it('defines every service of the stack', () => {
    for (const name of EXPECTED_SERVICES) expect(Object.keys(services)).toContain(name);
  });

  it('pins every image to a version, never latest, and does not use the deprecated auto-setup image', () => {
    for (const [name, svc] of Object.entries(services)) {
      if (!svc.image) {
        expect({ service: name, build: svc.build }).toEqual({ service: name, build: expect.anything() });
        continue;
      }
      const { name: repo, tag, digest } = imageRef(svc.image);
      expect({ service: name, repo }).toEqual({
        service: name,
        repo: expect.not.stringMatching(/auto-setup/),
      });
      if (digest) continue;
      expect({ service: name, tag }).toEqual({ service: name, tag: expect.stringMatching(/\S/) });
      expect({ service: name, tag }).not.toEqual({ service: name, tag: 'latest' });
      // Third-party images: a real version number, not a moving name such as "stable".
      if (!svc.build)
        expect({ service: name, tag }).toEqual({ service: name, tag: expect.stringMatching(/\d/) });
    }
    expect(composeText).not.toMatch(/^\s*image:.*auto-setup/m);
  });

  it('runs Temporal server and admin tools at the same version', () => {
    const server = imageRef(service('temporal').image!);
    expect(server.name).toBe('temporalio/server');
    for (const name of [SCHEMA_SETUP, NAMESPACE_SETUP]) {
      const tools = imageRef(service(name).image!);
      expect(tools.name).toBe('temporalio/admin-tools');
      expect(tools.tag).toBe(server.tag);
    }
    expect(imageRef(service('temporal-ui').image!).name).toBe('temporalio/ui');
    expect(imageRef(service('postgresql').image!).name).toBe('postgres');
  });

  it('gives postgresql, temporal and api health checks', () => {
    for (const name of ['postgresql', 'temporal', 'api']) {
      const svc = service(name);
      expect({ service: name, disabled: svc.healthcheck?.disable ?? false }).toEqual({
        service: name,
        disabled: false,
      });
      expect({ service: name, test: healthTest(svc) }).toEqual({
        service: name,
        test: expect.stringMatching(/\S/),
      });
      expect(healthTest(svc)).not.toMatch(/^NONE\b/);
    }
    expect(healthTest(service('postgresql'))).toMatch(/pg_isready/);
    expect(healthTest(service('api'))).toMatch(/\/ready\b/);
  });

  it('keeps a single PostgreSQL with a persistent volume and the application database koto', () => {
    const pg = service('postgresql');
    expect(environment(pg).POSTGRES_DB).toBe('koto');
    expect((pg.volumes ?? []).map((v) => (typeof v === 'string' ? v : `${v.source}:${v.target}`))).toEqual(
      expect.arrayContaining([expect.stringMatching(/:\/var\/lib\/postgresql\/data$/)]),
    );
  });

  it('sets up the Temporal schema on PostgreSQL before the server starts', () => {
    const setup = script(service(SCHEMA_SETUP));
    for (const db of ['temporal', 'temporal_visibility']) {
      for (const step of ['create', 'setup-schema', 'update-schema']) {
        expect(setup).toMatch(new RegExp(`temporal-sql-tool\\b[^\\n]*--db\\s+${db}\\s+${step}\\b`));
      }
    }
    // Versioned schema folders of admin-tools for the postgres12 plugin
    expect(setup).toMatch(/\/etc\/temporal\/schema\/postgresql\/v12\b/);
    expect(setup).toMatch(/\btemporal\/versioned\b/);
    expect(setup).toMatch(/\bvisibility\/versioned\b/);
    expect(environment(service(SCHEMA_SETUP)).SQL_PLUGIN ?? setup).toMatch(/postgres12/);
    expect(dependencies(service(SCHEMA_SETUP)).postgresql).toBe('service_healthy');

    const temporal = service('temporal');
    expect(dependencies(temporal)).toMatchObject({
      postgresql: 'service_healthy',
      [SCHEMA_SETUP]: 'service_completed_successfully',
    });
    const env = environment(temporal);
    expect(env.DB).toBe('postgres12');
    expect(env.POSTGRES_SEEDS).toBe('postgresql');
  });

  it('mounts the dynamic config file the server is told to read', () => {
    const temporal = service('temporal');
    const configPath = environment(temporal).DYNAMIC_CONFIG_FILE_PATH;
    const mount = (temporal.volumes ?? [])
      .map((v) => (typeof v === 'string' ? v.split(':') : [v.source ?? '', v.target ?? '']))
      .find(([, target]) => target === configPath);
    expect(mount).toBeDefined();
    const file = path.resolve(root, mount![0]);
    expect(fs.existsSync(file)).toBe(true);
    expect(() => parse(fs.readFileSync(file, 'utf8'))).not.toThrow();
  });

  it('creates the namespace and registers every search attribute once the server is healthy', () => {
    const setup = service(NAMESPACE_SETUP);
    expect(dependencies(setup).temporal).toBe('service_healthy');
    const scripts = setupScripts();
    expect(scripts).toMatch(/temporal operator namespace create/);
    expect(scripts).toMatch(/temporal operator search-attribute create/);
    for (const [name, type] of SEARCH_ATTRIBUTES) {
      expect({ name, type, registered: registers(scripts, name, type) }).toEqual({
        name,
        type,
        registered: true,
      });
    }
  });

  it('registers the search attributes workflows/searchAttributes.ts defines, with the same types', () => {
    const source = read('workflows/searchAttributes.ts');
    const defined = [...source.matchAll(/defineSearchAttributeKey\(\s*['"](\w+)['"]\s*,\s*['"](\w+)['"]/g)];
    expect(defined.length).toBeGreaterThan(0);
    const cliType: Record<string, string> = {
      KEYWORD: 'Keyword',
      TEXT: 'Text',
      INT: 'Int',
      DOUBLE: 'Double',
      BOOL: 'Bool',
      DATETIME: 'Datetime',
      KEYWORD_LIST: 'KeywordList',
    };
    const scripts = setupScripts();
    for (const [, name, type] of defined) {
      expect({ name, type, registered: registers(scripts, name, cliType[type] ?? type) }).toEqual({
        name,
        type,
        registered: true,
      });
    }
  });

  it("builds migrate, worker and api from this repository's Dockerfile", () => {
    for (const name of APP_SERVICES) {
      const build = service(name).build;
      expect({ service: name, build }).toEqual({ service: name, build: expect.anything() });
      const context = typeof build === 'string' ? build : (build!.context ?? '.');
      const dockerfile = typeof build === 'string' ? 'Dockerfile' : (build!.dockerfile ?? 'Dockerfile');
      expect(path.resolve(root, context)).toBe(root);
      expect(path.resolve(root, context, dockerfile)).toBe(path.join(root, 'Dockerfile'));
    }
  });

  it('runs each application part with its own command', () => {
    for (const name of APP_SERVICES) {
      expect(text(service(name).command)).toMatch(new RegExp(`dist/main\\.js\\s+${name}$`));
    }
  });

  it('orders start-up: migrate after PostgreSQL, api and worker after Temporal and migrate', () => {
    expect(dependencies(service('migrate')).postgresql).toBe('service_healthy');
    for (const name of ['api', 'worker']) {
      expect({ service: name, ...dependencies(service(name)) }).toMatchObject({
        service: name,
        temporal: 'service_healthy',
        migrate: 'service_completed_successfully',
      });
    }
  });

  it('gives the application parts the production settings, Temporal and the database', () => {
    for (const name of APP_SERVICES) {
      const env = environment(service(name));
      expect({ service: name, NODE_ENV: env.NODE_ENV }).toEqual({ service: name, NODE_ENV: 'production' });
      // loadConfig refuses to start in production without these
      for (const key of [
        'DATABASE_URL',
        'TEMPORAL_ADDRESS',
        'AUTH_JWKS_URL',
        'AUTH_ISSUER',
        'PAYLOAD_CODEC_KEYS',
      ]) {
        expect({ service: name, key, set: Boolean(env[key]) }).toEqual({ service: name, key, set: true });
      }
    }
    for (const name of ['api', 'worker']) {
      const env = environment(service(name));
      expect(env.TEMPORAL_ADDRESS).toBe('temporal:7233');
      const url = new URL(env.DATABASE_URL);
      expect(url.protocol).toMatch(/^postgres(ql)?:$/);
      expect(url.hostname).toBe('postgresql');
      expect(url.pathname).toBe('/koto');
    }
  });

  it('does not hard-code secrets that have no safe default', () => {
    for (const key of ['AUTH_JWKS_URL', 'AUTH_ISSUER', 'PAYLOAD_CODEC_KEYS']) {
      expect(composeText).toMatch(new RegExp(`${key}:\\s*["']?\\$\\{${key}:\\?`));
    }
  });

  it('points the Temporal UI at the server and the codec endpoint at the API', () => {
    const env = environment(service('temporal-ui'));
    expect(env.TEMPORAL_ADDRESS).toBe('temporal:7233');
    expect(env.TEMPORAL_CODEC_ENDPOINT).toBe('http://localhost:3000/codec');
    expect(dependencies(service('temporal-ui')).temporal).toBe('service_healthy');
  });

  it('keeps the Temporal UI read-only: supervisors read, the API writes', () => {
    const env = environment(service('temporal-ui'));
    for (const name of [
      'TEMPORAL_DISABLE_WRITE_ACTIONS',
      'TEMPORAL_WORKFLOW_TERMINATE_DISABLED',
      'TEMPORAL_WORKFLOW_CANCEL_DISABLED',
      'TEMPORAL_WORKFLOW_SIGNAL_DISABLED',
      'TEMPORAL_WORKFLOW_UPDATE_DISABLED',
      'TEMPORAL_WORKFLOW_RESET_DISABLED',
      'TEMPORAL_BATCH_ACTIONS_DISABLED',
      'TEMPORAL_START_WORKFLOW_DISABLED',
    ]) {
      expect({ name, value: env[name] }).toEqual({ name, value: 'true' });
    }
  });

  it('publishes the API on 3000 and the UI on 8080', () => {
    expect(ports(service('api'))).toContainEqual({ published: '3000', target: '3000' });
    expect(ports(service('temporal-ui'))).toContainEqual({ published: '8080', target: '8080' });
  });
});

describe('Dockerfile', () => {
  const dockerfilePath = path.join(root, 'Dockerfile');
  const dockerfile = fs.existsSync(dockerfilePath) ? fs.readFileSync(dockerfilePath, 'utf8') : '';
  // Logical instructions: comments dropped, continuation lines joined.
  const instructions = dockerfile
    .replace(/\\\r?\n/g, ' ')
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line && !line.startsWith('#'));
  const args = Object.fromEntries(
    instructions
      .map((line) => /^ARG\s+(\w+)=(\S+)/i.exec(line))
      .filter((m): m is RegExpExecArray => m !== null)
      .map((m) => [m[1], m[2].replace(/^["']|["']$/g, '')]),
  );
  const stages = instructions
    .filter((line) => /^FROM\s/i.test(line))
    .map((line) => line.split(/\s+/)[1].replace(/\$\{?(\w+)\}?/g, (_m, name: string) => args[name] ?? ''));

  it('exists', () => {
    expect(fs.existsSync(dockerfilePath)).toBe(true);
  });

  it('keeps Node 20.19 as the floor for development machines', () => {
    const pkg = JSON.parse(fs.readFileSync(path.join(__dirname, '..', '..', 'package.json'), 'utf8'));
    expect(pkg.engines.node).toBe('>=20.19');
  });

  it('builds in stages from a pinned Node 24 LTS bookworm-slim image', () => {
    expect(stages.length).toBeGreaterThanOrEqual(2);
    const stageNames = instructions
      .filter((line) => /^FROM\s/i.test(line))
      .map((line) => /\sAS\s+(\S+)/i.exec(line)?.[1])
      .filter(Boolean);
    for (const image of stages) {
      if (stageNames.includes(image)) continue;
      expect(image).toMatch(/^node:24\.\d+\.\d+-bookworm-slim(@sha256:[0-9a-f]{64})?$/);
    }
  });

  it('builds with all dependencies and ships production dependencies, dist and migrations', () => {
    const runs = instructions.filter((line) => /^RUN\s/i.test(line));
    const copies = instructions.filter((line) => /^COPY\s/i.test(line));
    expect(runs).toContainEqual(expect.stringMatching(/\bnpm ci(?! --omit)/));
    expect(runs).toContainEqual(expect.stringMatching(/\bnpm run build\b/));
    expect(runs).toContainEqual(expect.stringMatching(/\bnpm ci --omit=dev\b/));
    expect(copies).toContainEqual(expect.stringMatching(/--from=\S+\s+\S*dist\s+\S*dist$/));
    expect(copies).toContainEqual(expect.stringMatching(/\sprisma\/migrations\s+\S*prisma\/migrations$/));
  });

  it('has a health check', () => {
    const healthcheck = instructions.filter((line) => /^HEALTHCHECK\s/i.test(line));
    expect(healthcheck).toHaveLength(1);
    expect(healthcheck[0]).not.toMatch(/^HEALTHCHECK\s+NONE/i);
    expect(healthcheck[0]).toMatch(/\/health\b/);
  });

  it('runs as a non-root user', () => {
    const users = instructions.filter((line) => /^USER\s/i.test(line)).map((line) => line.split(/\s+/)[1]);
    expect(users.length).toBeGreaterThan(0);
    expect(users[users.length - 1]).not.toMatch(/^(root|0)(:.*)?$/);
  });

  it('starts the API by default', () => {
    const cmd = instructions.filter((line) => /^CMD\s/i.test(line)).pop();
    expect(cmd).toBeDefined();
    const rest = cmd!.replace(/^CMD\s+/i, '');
    const argv = rest.startsWith('[') ? (JSON.parse(rest) as string[]) : rest.split(/\s+/);
    expect(argv).toEqual(['node', 'dist/main.js', 'api']);
  });

  it('keeps local build output and dependencies out of the build context', () => {
    const ignore = read('.dockerignore')
      .split(/\r?\n/)
      .map((l) => l.trim());
    expect(ignore).toEqual(expect.arrayContaining(['node_modules', 'dist']));
    expect(ignore).not.toContain('prisma');
    expect(ignore).not.toContain('prisma/migrations');
  });
});
