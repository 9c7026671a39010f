# debian:bookworm(-slim) as the tests use it: the root filesystem mmdebstrap made
# (imported as ROOTFS), then one layer of the tests' own: the CA certificates this
# machine trusts beyond Debian's (a network that inspects TLS signs with them) and
# apt's acceptance of an archive snapshot whose Release files have expired. Real
# images have neither; every image built FROM these carries the same layer, so no
# comparison between two of them sees it.
ARG ROOTFS
FROM ${ROOTFS}
COPY test-layer/ /
ENV NODE_EXTRA_CA_CERTS=/usr/local/share/ca-certificates/sizegate-tests.crt
