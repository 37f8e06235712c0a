/**
 * Reads a synthesized CloudFormation template the way the offline runtime needs it: the state machines
 * (by their `polder:workflow` tag) with definitions resolved to plain ASL JSON and local ARNs, the
 * Lambda functions and the core each runs, the two buckets, and the EventBridge rules.
 */

import { bucket, envVar, platformStackName, workflowTag } from '../../core/names';

export const localRegion = 'eu-west-1';
export const localAccount = '000000000000';

export const lambdaArn = (logicalId: string): string => `arn:aws:lambda:${localRegion}:${localAccount}:function:${logicalId}`;
export const stateMachineArn = (logicalId: string): string =>
  `arn:aws:states:${localRegion}:${localAccount}:stateMachine:${logicalId}`;
export const executionArn = (machineLogicalId: string, name: string): string =>
  `arn:aws:states:${localRegion}:${localAccount}:execution:${machineLogicalId}:${name}`;

export type LocalBucket = (typeof bucket)[keyof typeof bucket];

export interface CfnResource {
  Type: string;
  Properties?: Record<string, unknown>;
}

export interface CfnTemplate {
  Resources?: Record<string, CfnResource>;
}

export interface MachineInfo {
  workflow: string;
  logicalId: string;
  arn: string;
  definition: Record<string, unknown>;
}

export interface EventRuleInfo {
  logicalId: string;
  pattern: Record<string, unknown>;
  /** Logical ids of the Lambda functions it targets. */
  targets: string[];
}

export interface ResolvedTemplate {
  /** By workflow name (the `polder:workflow` tag). */
  machines: Record<string, MachineInfo>;
  /** Lambda logical id → its `POLDER_FUNCTION`. */
  functions: Record<string, string>;
  /** Bucket logical id → local bucket name. */
  buckets: Record<string, LocalBucket>;
  rules: EventRuleInfo[];
}

export class TemplateError extends Error {
  override name = 'TemplateError';
}

const pseudo: Record<string, string> = {
  'AWS::Partition': 'aws',
  'AWS::Region': localRegion,
  'AWS::AccountId': localAccount,
  'AWS::URLSuffix': 'amazonaws.com',
};

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function stringEnv(resource: CfnResource | undefined): Record<string, unknown> {
  const env = resource?.Properties?.Environment;
  return isRecord(env) && isRecord(env.Variables) ? env.Variables : {};
}

/** Which bucket is which: the LANDING_BUCKET / LAKE_BUCKET variables the Lambdas get name them. */
function findBuckets(resources: Record<string, CfnResource>): Record<string, LocalBucket> {
  const buckets: Record<string, LocalBucket> = {};
  for (const resource of Object.values(resources)) {
    if (resource.Type !== 'AWS::Lambda::Function') continue;
    const env = stringEnv(resource);
    for (const [variable, name] of [[envVar.landingBucket, bucket.landing], [envVar.lakeBucket, bucket.lake]] as const) {
      const value = env[variable];
      if (isRecord(value) && typeof value.Ref === 'string') {
        const previous = buckets[value.Ref];
        if (previous && previous !== name) throw new TemplateError(`bucket ${value.Ref} is both landing and lake`);
        buckets[value.Ref] = name;
      }
    }
  }
  return buckets;
}

/** Evaluates the CloudFormation intrinsics CDK puts in definitions and event patterns. */
export class IntrinsicResolver {
  constructor(
    private readonly resources: Record<string, CfnResource>,
    private readonly buckets: Record<string, LocalBucket>,
    private readonly stackName = platformStackName,
  ) {}

  resolve(node: unknown): Json {
    if (Array.isArray(node)) return node.map((n) => this.resolve(n));
    if (!isRecord(node)) return node as Json;
    const keys = Object.keys(node);
    if (keys.length === 1) {
      const key = keys[0] as string;
      const arg = node[key];
      switch (key) {
        case 'Ref':
          return this.ref(String(arg));
        case 'Fn::GetAtt': {
          const [id, attr] = Array.isArray(arg) ? arg : String(arg).split(/\.(.*)/);
          return this.getAtt(String(id), String(attr));
        }
        case 'Fn::Join': {
          const [sep, parts] = arg as [string, unknown];
          const list = this.resolve(parts);
          if (!Array.isArray(list)) throw new TemplateError('Fn::Join needs a list');
          return list.map((p) => this.scalar(p)).join(sep);
        }
        case 'Fn::Sub':
          return this.sub(arg);
        case 'Fn::Select': {
          const [index, list] = arg as [unknown, unknown];
          const items = this.resolve(list);
          if (!Array.isArray(items)) throw new TemplateError('Fn::Select needs a list');
          return items[Number(this.resolve(index))] ?? null;
        }
        case 'Fn::Split': {
          const [sep, text] = arg as [string, unknown];
          return this.scalar(this.resolve(text)).split(sep);
        }
        default:
          if (key.startsWith('Fn::')) throw new TemplateError(`unsupported intrinsic ${key}`);
      }
    }
    const out: Record<string, Json> = {};
    for (const [k, v] of Object.entries(node)) out[k] = this.resolve(v);
    return out;
  }

  private scalar(v: Json): string {
    if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') return String(v);
    throw new TemplateError(`expected a scalar in a string, got ${JSON.stringify(v)}`);
  }

  private resource(id: string): CfnResource {
    const resource = this.resources[id];
    if (!resource) throw new TemplateError(`the template has no resource "${id}"`);
    return resource;
  }

  ref(id: string): string {
    if (id === 'AWS::StackName') return this.stackName;
    if (id in pseudo) return pseudo[id] as string;
    const resource = this.resource(id);
    switch (resource.Type) {
      case 'AWS::S3::Bucket': {
        const bucket = this.buckets[id];
        if (!bucket) throw new TemplateError(`bucket ${id} is neither ${envVar.landingBucket} nor ${envVar.lakeBucket} of any function`);
        return bucket;
      }
      case 'AWS::StepFunctions::StateMachine':
        return stateMachineArn(id);
      // Ref of a function is its name; locally the name is the logical id.
      default:
        return id;
    }
  }

  getAtt(id: string, attr: string): string {
    const resource = this.resource(id);
    const type = resource.Type;
    if (type === 'AWS::Lambda::Function' && attr === 'Arn') return lambdaArn(id);
    if (type === 'AWS::StepFunctions::StateMachine' && attr === 'Arn') return stateMachineArn(id);
    if (type === 'AWS::StepFunctions::StateMachine' && attr === 'Name') return id;
    if (type === 'AWS::S3::Bucket' && attr === 'Arn') return `arn:aws:s3:::${this.ref(id)}`;
    throw new TemplateError(`no local value for Fn::GetAtt ${id}.${attr} (${type})`);
  }

  private sub(arg: unknown): string {
    const [text, vars] = Array.isArray(arg) ? (arg as [string, Record<string, unknown>]) : [String(arg), {}];
    return text.replace(/\$\{(!?)([^}]+)\}/g, (_m, bang: string, name: string) => {
      if (bang) return `\${${name}}`;
      if (vars && name in vars) return this.scalar(this.resolve(vars[name]));
      if (name in pseudo || name === 'AWS::StackName') return this.ref(name);
      const dot = name.indexOf('.');
      return dot < 0 ? this.ref(name) : this.getAtt(name.slice(0, dot), name.slice(dot + 1));
    });
  }
}

function tag(resource: CfnResource, key: string): string | undefined {
  const tags = resource.Properties?.Tags;
  if (!Array.isArray(tags)) return undefined;
  const found = tags.find((t) => isRecord(t) && t.Key === key) as { Value?: unknown } | undefined;
  return typeof found?.Value === 'string' ? found.Value : undefined;
}

/** Lambda logical id named by an ARN or function name (`…:function:<id>[:qualifier]`). */
export function functionIdOf(arnOrName: string): string {
  const m = /:function:([^:]+)/.exec(arnOrName);
  return m ? (m[1] as string) : arnOrName;
}

export function resolveTemplate(template: CfnTemplate, stackName = platformStackName): ResolvedTemplate {
  const resources = template.Resources ?? {};
  const buckets = findBuckets(resources);
  const resolver = new IntrinsicResolver(resources, buckets, stackName);
  const machines: Record<string, MachineInfo> = {};
  const functions: Record<string, string> = {};
  const rules: EventRuleInfo[] = [];

  for (const [id, resource] of Object.entries(resources)) {
    if (resource.Type === 'AWS::Lambda::Function') {
      const name = stringEnv(resource)[envVar.function];
      if (typeof name === 'string') functions[id] = name;
    } else if (resource.Type === 'AWS::StepFunctions::StateMachine') {
      const workflow = tag(resource, workflowTag);
      if (!workflow) continue;
      if (machines[workflow]) throw new TemplateError(`two state machines are tagged ${workflowTag}=${workflow}`);
      const props = resource.Properties ?? {};
      let text: Json;
      if (props.DefinitionString !== undefined) text = resolver.resolve(props.DefinitionString);
      else if (props.Definition !== undefined) text = JSON.stringify(resolver.resolve(props.Definition));
      else throw new TemplateError(`state machine ${id} has neither DefinitionString nor Definition (S3 definitions are not supported)`);
      if (typeof text !== 'string') throw new TemplateError(`DefinitionString of ${id} did not resolve to a string`);
      machines[workflow] = { workflow, logicalId: id, arn: stateMachineArn(id), definition: JSON.parse(text) as Record<string, unknown> };
    } else if (resource.Type === 'AWS::Events::Rule') {
      const props = resource.Properties ?? {};
      if (props.State === 'DISABLED' || !isRecord(props.EventPattern)) continue;
      const targets = (Array.isArray(props.Targets) ? props.Targets : [])
        .map((t) => (isRecord(t) ? resolver.resolve(t.Arn) : null))
        .filter((arn): arn is string => typeof arn === 'string' && arn.includes(':function:'))
        .map(functionIdOf);
      rules.push({ logicalId: id, pattern: resolver.resolve(props.EventPattern) as Record<string, unknown>, targets });
    }
  }
  return { machines, functions, buckets, rules };
}
