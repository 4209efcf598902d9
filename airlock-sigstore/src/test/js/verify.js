// Verifies a key-signed Sigstore bundle made by Airlock with the independent npm implementation
// (@sigstore/bundle + @sigstore/verify), offline: no transparency log or timestamp is required,
// trust rests on the given public key (as with cosign --insecure-ignore-tlog).
// Usage: node verify.js BUNDLE ARTIFACT PUBLIC_KEY_PEM ; exit code 0 when it verifies.
'use strict';
const crypto = require('crypto');
const fs = require('fs');
const { bundleFromJSON } = require('@sigstore/bundle');
const { Verifier, toSignedEntity, toTrustMaterial } = require('@sigstore/verify');

function main() {
  const [bundlePath, artifactPath, keyPath] = process.argv.slice(2);
  const bundle = bundleFromJSON(JSON.parse(fs.readFileSync(bundlePath, 'utf8')));
  const pem = fs.readFileSync(keyPath, 'utf8');
  const spki = crypto.createPublicKey(pem).export({ format: 'der', type: 'spki' });
  const hint = crypto.createHash('sha256').update(spki).digest('base64');
  const root = { certificateAuthorities: [], timestampAuthorities: [], tlogs: [], ctlogs: [] };
  const trust = toTrustMaterial(root, { [hint]: { rawBytes: spki } });
  const verifier = new Verifier(trust, { tlogThreshold: 0, ctlogThreshold: 0, timestampThreshold: 0 });
  const entity = toSignedEntity(bundle, fs.readFileSync(artifactPath));
  const signer = verifier.verify(entity);
  console.log(JSON.stringify({ verified: true, key: signer.key ? 'public key' : 'certificate' }));
}

try {
  main();
} catch (e) {
  console.error(`${e.code || e.name}: ${e.message}`);
  process.exit(1);
}
