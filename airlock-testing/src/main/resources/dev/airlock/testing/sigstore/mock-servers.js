// A fake Sigstore instance over real HTTP, for tests only: @sigstore/mock's Fulcio CA (with its CT
// log) and Rekor transparency log, each behind a node `http` server on 127.0.0.1 and an ephemeral
// port, so a client under test talks to them with real requests and responses instead of in-process
// interception. The mock Fulcio reads the OIDC token's claims without checking its signature and
// does not check proof of possession; the CA, CT log and log keys are fresh on every start.
// Writes OUT_DIR/trusted_root.json (the mock CA, CT log and Rekor keys, valid from an hour ago) and
// prints one JSON line: {"fulcio": URL, "rekor": URL, "trustedRoot": PATH}. Exits when stdin closes.
// Usage: node mock-servers.js OUT_DIR
'use strict';
const crypto = require('crypto');
const fs = require('fs');
const http = require('http');
const path = require('path');
const mock = require('@sigstore/mock');

const MAX_BODY = 1 << 20;

function ecKeys() {
  return crypto.generateKeyPairSync('ec', { namedCurve: 'P-256' });
}

// One server per service; the handler answers POST on its own path, anything else is a 404.
function listen() {
  return new Promise((resolve) => {
    const server = http.createServer();
    server.listen(0, '127.0.0.1', () => resolve(server));
  });
}

function route(server, handler) {
  server.on('request', (req, res) => {
    const chunks = [];
    let size = 0;
    req.on('data', (c) => {
      size += c.length;
      if (size > MAX_BODY) {
        res.writeHead(413).end('request too large');
        req.destroy();
        return;
      }
      chunks.push(c);
    });
    req.on('end', async () => {
      if (req.method !== 'POST' || req.url !== handler.path) {
        res.writeHead(404, { 'Content-Type': 'text/plain' }).end(`no route ${req.method} ${req.url}`);
        return;
      }
      const { statusCode, response, contentType } = await handler.fn(Buffer.concat(chunks).toString('utf8'));
      res.writeHead(statusCode, { 'Content-Type': contentType || 'text/plain' }).end(response);
    });
  });
}

function url(server) {
  return `http://127.0.0.1:${server.address().port}`;
}

function trustedRoot(fulcioUrl, rekorUrl, ca, ctlog, ctKeys, tlogKey) {
  const start = new Date(Date.now() - 3600 * 1000).toISOString();
  const ctSpki = ctKeys.publicKey.export({ format: 'der', type: 'spki' });
  return {
    mediaType: 'application/vnd.dev.sigstore.trustedroot+json;version=0.1',
    tlogs: [{
      baseUrl: rekorUrl, hashAlgorithm: 'SHA2_256',
      publicKey: { rawBytes: tlogKey.toString('base64'), keyDetails: 'PKIX_ECDSA_P256_SHA_256', validFor: { start } },
      logId: { keyId: crypto.createHash('sha256').update(tlogKey).digest('base64') },
    }],
    certificateAuthorities: [{
      subject: { organization: 'sigstore.mock', commonName: 'sigstore' },
      uri: fulcioUrl,
      certChain: { certificates: [{ rawBytes: ca.rootCertificate.toString('base64') }] },
      validFor: { start },
    }],
    ctlogs: [{
      baseUrl: fulcioUrl, hashAlgorithm: 'SHA2_256',
      publicKey: { rawBytes: ctSpki.toString('base64'), keyDetails: 'PKIX_ECDSA_P256_SHA_256', validFor: { start } },
      logId: { keyId: ctlog.logID.toString('base64') },
    }],
    timestampAuthorities: [],
  };
}

async function main() {
  const [outDir] = process.argv.slice(2);
  if (!outDir) {
    throw new Error('usage: node mock-servers.js OUT_DIR');
  }
  const fulcioServer = await listen();
  const rekorServer = await listen();
  const ctKeys = ecKeys();
  const ctlog = await mock.initializeCTLog(ctKeys);
  const ca = await mock.initializeCA(ecKeys(), ctlog);
  const tlogKeys = ecKeys();
  const tlog = await mock.initializeTLog(url(rekorServer), tlogKeys);
  route(fulcioServer, mock.fulcioHandler(ca, { strict: true }));
  route(rekorServer, mock.rekorHandler(tlog, { strict: true }));

  const tlogKey = tlogKeys.publicKey.export({ format: 'der', type: 'spki' });
  const root = trustedRoot(url(fulcioServer), url(rekorServer), ca, ctlog, ctKeys, tlogKey);
  fs.mkdirSync(outDir, { recursive: true });
  const rootPath = path.resolve(outDir, 'trusted_root.json');
  fs.writeFileSync(rootPath, JSON.stringify(root, null, 2));
  process.stdout.write(JSON.stringify({ fulcio: url(fulcioServer), rekor: url(rekorServer), trustedRoot: rootPath }) + '\n');
  process.stdin.resume();
  process.stdin.on('end', () => process.exit(0));
}

main().catch((e) => {
  console.error(e && e.stack ? e.stack : String(e));
  process.exit(1);
});
