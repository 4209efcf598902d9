// Verifies a keyless Sigstore bundle with the independent npm implementation (@sigstore/bundle +
// @sigstore/verify) against a given trusted_root.json, offline: certificate chain, SCT, the
// transparency-log entry and the signature over ARTIFACT, and the certificate's SAN and issuer.
// Usage: node verify-keyless.js BUNDLE ARTIFACT TRUSTED_ROOT SUBJECT ISSUER ; exit 0 when it verifies.
'use strict';
const fs = require('fs');
const { bundleFromJSON } = require('@sigstore/bundle');
const { TrustedRoot } = require('@sigstore/protobuf-specs');
const { Verifier, toSignedEntity, toTrustMaterial } = require('@sigstore/verify');

function main() {
  const [bundlePath, artifactPath, rootPath, subject, issuer] = process.argv.slice(2);
  const bundle = bundleFromJSON(JSON.parse(fs.readFileSync(bundlePath, 'utf8')));
  const root = TrustedRoot.fromJSON(JSON.parse(fs.readFileSync(rootPath, 'utf8')));
  const verifier = new Verifier(toTrustMaterial(root));
  const entity = toSignedEntity(bundle, fs.readFileSync(artifactPath));
  const signer = verifier.verify(entity, { subjectAlternativeName: subject, extensions: { issuer } });
  console.log(JSON.stringify({ verified: true, mediaType: bundle.mediaType, subject: signer.identity.subjectAlternativeName, issuer: signer.identity.extensions.issuer }));
}

try {
  main();
} catch (e) {
  console.error(`${e.code || e.name}: ${e.message}`);
  process.exit(1);
}
