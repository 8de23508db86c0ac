import { signDevelopmentToken, developmentKey } from '../api/auth';
import { loadConfig } from '../platform/config';
import { findSeededUser } from '../prisma/seed/users';

/** `npm run --silent token -- <username>`: a development token for a seeded user. */
async function main() {
  const config = loadConfig();
  if (config.mode === 'production') {
    console.error('development tokens do not exist in production mode');
    process.exit(1);
  }
  const username = process.argv[2];
  const user = username ? findSeededUser(username) : undefined;
  if (!user) {
    console.error(
      'usage: npm run --silent token -- <username>, e.g. kunta-091.officer, evk-uusimaa.officer, keha.supervisor',
    );
    process.exit(2);
  }
  const token = await signDevelopmentToken(
    { sub: user.id, org: user.organisationId, roles: user.roles },
    developmentKey(config.dataDir),
    config,
  );
  process.stdout.write(token + '\n');
}

void main();
