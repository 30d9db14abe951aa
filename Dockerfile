# syntax=docker/dockerfile:1
# The gateway (apps/api) as a container: build the workspace, then keep a production copy of
# @scm/api with only its runtime dependencies (pnpm deploy), run by a non-root user.
# Check it where Docker runs: node scripts/check-container.mjs (see apps/api/README.md).

FROM node:20-bookworm-slim AS build
WORKDIR /src
RUN npm install --global pnpm@12.21.0
COPY . .
RUN pnpm install --frozen-lockfile \
  && pnpm turbo run build --filter=@scm/api... \
  && pnpm --filter @scm/api deploy --prod --legacy /out

FROM node:20-bookworm-slim
ENV NODE_ENV=production \
    HOST=0.0.0.0 \
    PORT=3000 \
    DATA_DIR=/data
WORKDIR /app
COPY --from=build --chown=node:node /out ./
RUN mkdir -p /data && chown node:node /data
USER node
EXPOSE 3000
VOLUME ["/data"]
# Ready = database reachable, migrations applied, job engine running (GET /ready).
HEALTHCHECK --interval=10s --timeout=3s --start-period=30s --retries=3 \
  CMD ["node", "dist/healthcheck.js"]
CMD ["node", "dist/main.js"]
