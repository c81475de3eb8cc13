# The connector worker. bin/hibob.cjs runs the TypeScript sources through tsx, so there
# is no build step: install the runtime dependencies, copy the sources, run the worker.
FROM node:20-slim

ENV NODE_ENV=production
WORKDIR /app

# Dependencies first, so a source change does not reinstall them. @temporalio/core-bridge
# ships its native library inside the npm package: nothing is downloaded at run time.
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund \
  && npm cache clean --force

COPY tsconfig.json temporal.config.ts ./
COPY bin ./bin
COPY src ./src

USER node
# Exits on SIGTERM after in-flight tasks finish (docker compose stop).
STOPSIGNAL SIGTERM
CMD ["node", "--max-old-space-size=192", "bin/hibob.cjs", "worker"]
