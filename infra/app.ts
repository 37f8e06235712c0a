import { buildApp } from './app-builder';

// The cdk.json entry point: bundles the functions with the local esbuild (no Docker) and fails on any
// cdk-nag AwsSolutions finding that infra/nag.ts does not acknowledge.
buildApp({ bundle: true, nag: true }).app.synth();
