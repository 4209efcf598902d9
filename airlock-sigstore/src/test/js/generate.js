// Makes fresh keyless Sigstore bundles offline with an independent implementation: the npm
// `sigstore` client signing against `@sigstore/mock`'s Fulcio, CT log and Rekor (intercepted in
// process with nock; nothing leaves the machine). Writes into OUT_DIR:
//   trusted_root.json  the mock CA, CT log and Rekor keys
//   message.json       a message-signature bundle over ARTIFACT
//   dsse.json          an in-toto DSSE bundle whose subject is ARTIFACT's sha256
//   identity.json      the identity the mock certificate carries
// Usage: node generate.js OUT_DIR ARTIFACT
'use strict';
const crypto = require('crypto');
const fs = require('fs');
const path = require('path');
const nock = require('nock');
const mock = require('@sigstore/mock');
const sigstore = require('sigstore');

const FULCIO = 'https://fulcio.mock.test';
const REKOR = 'https://rekor.mock.test';
const ISSUER = 'https://token.actions.githubusercontent.com';
const REPO = 'acme/plugins';
const SUBJECT = `https://github.com/${REPO}/.github/workflows/release.yml@refs/heads/main`;

function ecKeys() {
  return crypto.generateKeyPairSync('ec', { namedCurve: 'P-256' });
}

function b64url(obj) {
  return Buffer.from(JSON.stringify(obj)).toString('base64url');
}

function unsignedToken() {
  // The mock Fulcio reads the claims without checking a signature.
  const now = Math.floor(Date.now() / 1000);
  const claims = {
    iss: ISSUER, sub: SUBJECT, aud: 'sigstore', iat: now, exp: now + 600,
    repository: REPO, ref: 'refs/heads/main', sha: 'a'.repeat(40),
    workflow: 'release', event_name: 'push',
  };
  return `${b64url({ alg: 'none', typ: 'JWT' })}.${b64url(claims)}.`;
}

function serve(base, handler) {
  nock(base).persist().post(handler.path).reply(async (_uri, body) => {
    const req = typeof body === 'string' ? body : JSON.stringify(body);
    const { statusCode, response, contentType } = await handler.fn(req);
    return [statusCode, response, { 'Content-Type': contentType || 'text/plain' }];
  });
}

function trustedRoot(ca, ctlog, tlog, ctKeys) {
  const start = new Date(Date.now() - 3600 * 1000).toISOString();
  const ctSpki = ctKeys.publicKey.export({ format: 'der', type: 'spki' });
  return {
    mediaType: 'application/vnd.dev.sigstore.trustedroot+json;version=0.1',
    tlogs: [{
      baseUrl: REKOR, hashAlgorithm: 'SHA2_256',
      publicKey: { rawBytes: tlog.publicKey.toString('base64'), keyDetails: 'PKIX_ECDSA_P256_SHA_256', validFor: { start } },
      logId: { keyId: crypto.createHash('sha256').update(tlog.publicKey).digest('base64') },
    }],
    certificateAuthorities: [{
      subject: { organization: 'sigstore.mock', commonName: 'sigstore' },
      uri: FULCIO,
      certChain: { certificates: [{ rawBytes: ca.rootCertificate.toString('base64') }] },
      validFor: { start },
    }],
    ctlogs: [{
      baseUrl: 'https://ctfe.mock.test', hashAlgorithm: 'SHA2_256',
      publicKey: { rawBytes: ctSpki.toString('base64'), keyDetails: 'PKIX_ECDSA_P256_SHA_256', validFor: { start } },
      logId: { keyId: ctlog.logID.toString('base64') },
    }],
    timestampAuthorities: [],
  };
}

async function main() {
  const [outDir, artifactPath] = process.argv.slice(2);
  if (!outDir || !artifactPath) {
    throw new Error('usage: node generate.js OUT_DIR ARTIFACT');
  }
  const artifact = fs.readFileSync(artifactPath);
  const ctKeys = ecKeys();
  const ctlog = await mock.initializeCTLog(ctKeys);
  const ca = await mock.initializeCA(ecKeys(), ctlog);
  const tlog = await mock.initializeTLog(REKOR, ecKeys());
  serve(FULCIO, mock.fulcioHandler(ca, { strict: true }));
  serve(REKOR, mock.rekorHandler(tlog, { strict: true }));
  nock.disableNetConnect();

  const options = {
    fulcioURL: FULCIO,
    rekorURL: REKOR,
    identityProvider: { getToken: async () => unsignedToken() },
  };
  const message = await sigstore.sign(artifact, options);
  const digest = crypto.createHash('sha256').update(artifact).digest('hex');
  const statement = {
    _type: 'https://in-toto.io/Statement/v1',
    subject: [{ name: path.basename(artifactPath), digest: { sha256: digest } }],
    predicateType: 'https://sigstore.dev/cosign/sign/v1',
    predicate: {},
  };
  const dsse = await sigstore.attest(
    Buffer.from(JSON.stringify(statement)), 'application/vnd.in-toto+json', options);

  fs.mkdirSync(outDir, { recursive: true });
  const write = (name, obj) => fs.writeFileSync(path.join(outDir, name), JSON.stringify(obj, null, 2));
  write('trusted_root.json', trustedRoot(ca, ctlog, tlog, ctKeys));
  write('message.json', message);
  write('dsse.json', dsse);
  write('identity.json', { subject: SUBJECT, issuer: ISSUER, repository: REPO });
}

main().catch((e) => {
  console.error(e && e.stack ? e.stack : String(e));
  process.exit(1);
});
