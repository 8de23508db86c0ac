import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

/**
 * The web application's API types (`web/src/api/schema.d.ts`) are generated from the OpenAPI
 * document; this fails while the checked-in file is older than the schemas. The generator runs in
 * its own process because openapi-typescript and prettier load ES modules Jest cannot.
 */

const root = path.resolve(__dirname, '..', '..');
const typesFile = path.join(root, 'web', 'src', 'api', 'schema.d.ts');

it('web/src/api/schema.d.ts is what npm run generate:api makes of the current schemas', () => {
  const generated = spawnSync(
    path.join(root, 'node_modules', '.bin', 'tsx'),
    [path.join(root, 'scripts', 'generate-api-types.ts'), '--stdout'],
    { cwd: root, encoding: 'utf8', timeout: 120_000, maxBuffer: 64 * 1024 * 1024 },
  );
  expect(generated.stderr).toBe('');
  expect(generated.status).toBe(0);
  const checkedIn = fs.existsSync(typesFile) ? fs.readFileSync(typesFile, 'utf8') : '';
  if (checkedIn !== generated.stdout) {
    throw new Error(
      'web/src/api/schema.d.ts is out of date with the API schemas: run `npm run generate:api` and commit the result',
    );
  }
});
