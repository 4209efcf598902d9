package dev.airlock.sigstore;
