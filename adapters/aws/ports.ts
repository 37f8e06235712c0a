import { envVar } from '../../core/names';
import type { Ports, WorkflowStarter } from '../../core/ports';
import { athena } from './clients/athena';
import { glue } from './clients/glue';
import { s3 } from './clients/s3';
import { sfn } from './clients/sfn';
import { AthenaQueryEngine } from './athena-query-engine';
import { type Env, requiredEnv } from './env';
import { GlueCatalog } from './glue-catalog';
import { S3ObjectStore } from './s3-object-store';
import { SfnStarter } from './sfn-starter';


export type AwsPorts = Ports & { starter: WorkflowStarter };

const cache = new WeakMap<object, AwsPorts>();

/**
 * The ports on AWS. Called by the handler edge at the first invocation (not at import, so importing a function
 * module for tests or the local runtime needs no environment). Built once per env object.
 * The starter checks its variable only when used: only start-pipeline has a state machine to start.
 */
export function awsPorts(env: Env = process.env): AwsPorts {
  const cached = cache.get(env);
  if (cached) return cached;
  const buckets = { landing: requiredEnv(envVar.landingBucket, env), lake: requiredEnv(envVar.lakeBucket, env) };
  let starter: SfnStarter | undefined;
  const ports: AwsPorts = {
    store: new S3ObjectStore(s3),
    engine: new AthenaQueryEngine(athena),
    catalog: new GlueCatalog(glue),
    clock: { now: () => new Date() },
    buckets,
    starter: {
      start: async (name, input) => {
        starter ??= new SfnStarter(sfn, requiredEnv(envVar.pipelineStateMachineArn, env));
        return starter.start(name, input);
      },
    },
  };
  cache.set(env, ports);
  return ports;
}
