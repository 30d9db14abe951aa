# syntax=docker/dockerfile:1
# The gateway (apps/api) as a container: build the workspace, then keep a production copy of
# @scm/api with only its runtime dependencies (pnpm deploy), run by a non-root user.
# Check it where Docker runs: node scripts/check-container.mjs (see apps/api/README.md).
# Node 24 LTS: Node 20 reached its end of life on 2026-04-30 (no more security releases); the
# whole suite runs on 24 in CI (.ci/run's second leg); on 24 a read costs a quarter to a third
# less CPU than on 20, and a restart reads Node's compile cache (bench/README.md).

FROM node:24-bookworm-slim AS build
WORKDIR /src
RUN npm install --global pnpm@12.21.0
COPY . .
RUN pnpm install --frozen-lockfile \
  && pnpm turbo run build --filter=@scm/api... \
  && pnpm --filter @scm/api deploy --prod --legacy /out

FROM node:24-bookworm-slim
ENV NODE_ENV=production \
    HOST=0.0.0.0 \
    PORT=3000 \
    DATA_DIR=/data
WORKDIR /app
COPY --from=build --chown=node:node /out ./
# /app/.node-compile-cache: where dist/main.js keeps Node's compile cache (src/boot.ts), writable
# by the user that runs it, as the code is; it lasts as long as the container (a restart reads it).
RUN mkdir -p /data /app/.node-compile-cache && chown node:node /data /app/.node-compile-cache
USER node
EXPOSE 3000
VOLUME ["/data"]
# Ready = database reachable, migrations applied, job engine running (GET /ready).
HEALTHCHECK --interval=10s --timeout=3s --start-period=30s --retries=3 \
  CMD ["node", "dist/healthcheck.js"]
CMD ["node", "dist/main.js"]
