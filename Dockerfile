# syntax=docker/dockerfile:1
# One image for every Herald process:
#   api      node apps/api/dist/main.js          (default command)
#   worker   node apps/worker/dist/main.js
#   migrate  npm run db:migrate                  (offline migration runner, one-shot)
#   keys     npm run keys -- create --account ACME --name billing --scopes events:write
# The api and worker run from esbuild bundles (`npm run build`, scripts/bundle-app.mjs), so
# no TypeScript is compiled at start. The operator CLIs are rare, short-lived commands and
# run from source with tsx, exactly as in development.
ARG NODE_VERSION=22

FROM node:${NODE_VERSION}-bookworm-slim AS base
ENV NPM_CONFIG_UPDATE_NOTIFIER=false \
    NPM_CONFIG_FUND=false \
    NPM_CONFIG_AUDIT=false
WORKDIR /app

FROM base AS build
# Manifests first: the dependency layer stays cached until a package.json or the lock changes.
COPY package.json package-lock.json ./
COPY apps/api/package.json apps/api/
COPY apps/ui/package.json apps/ui/
COPY apps/worker/package.json apps/worker/
COPY packages/client/package.json packages/client/
COPY packages/db/package.json packages/db/
COPY packages/delivery/package.json packages/delivery/
COPY packages/local-stack/package.json packages/local-stack/
COPY packages/openapi-generators/package.json packages/openapi-generators/
COPY packages/queue/package.json packages/queue/
COPY packages/runtime/package.json packages/runtime/
COPY packages/signing/package.json packages/signing/
# Dependency install scripts stay off (as on developer machines); the one Herald needs,
# generating the Prisma client, runs below without network or engines. The lock file may lack
# other platforms' optional packages (it is written against a single-platform mirror), which
# npm ci refuses; npm install then installs the same locked versions.
RUN npm ci --ignore-scripts || npm install --ignore-scripts
COPY . .
RUN node scripts/prisma-generate.mjs \
 && npm run build \
 && npm prune --omit=dev --ignore-scripts

FROM base AS runtime
ENV NODE_ENV=production
RUN npm install --global tsx@4.23.15 && npm cache clean --force
# Owned by root and read-only for the process user: the app never writes to its own tree.
COPY --from=build /app /app
USER node
EXPOSE 3000 3001
# Both apps drain on SIGTERM (the API finishes requests, workers finish in-flight deliveries).
STOPSIGNAL SIGTERM
HEALTHCHECK --interval=10s --timeout=3s --start-period=30s --retries=3 \
  CMD ["node", "deploy/docker/healthcheck.mjs"]
CMD ["node", "apps/api/dist/main.js"]
