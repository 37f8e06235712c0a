import { runSimulation, type Simulation } from '@cloud-copilot/iam-simulate';

/**
 * The synthesized templates as concrete IAM documents, and requests evaluated against them with
 * @cloud-copilot/iam-simulate (identity policies, resource policies, KMS key policies, conditions, wildcards).
 * Tokens are resolved the way CloudFormation would, with made-up names: enough to compare ARNs.
 */

export const ACCOUNT = '111122223333';
const REGION = 'eu-west-1';

type Json = unknown;
type Template = { Resources: Record<string, { Type: string; Properties?: Record<string, Json> }>; Outputs?: Record<string, { Value: Json; Export?: { Name: string } }> };

/** Physical names and ARNs of every resource of the app, as CloudFormation would make them. */
export class Resolver {
  private readonly exports = new Map<string, Json>();

  constructor(private readonly templates: Record<string, Template>) {
    for (const [stack, t] of Object.entries(templates)) {
      for (const output of Object.values(t.Outputs ?? {})) {
        if (output.Export) this.exports.set(output.Export.Name, this.resolve(stack, output.Value));
      }
    }
  }

  private resource(stack: string, id: string) {
    const r = this.templates[stack]?.Resources[id];
    if (!r) throw new Error(`no resource ${stack}/${id}`);
    return r;
  }

  ref(stack: string, id: string): string {
    const r = this.resource(stack, id);
    const p = r.Properties ?? {};
    const lower = `${stack}-${id}`.toLowerCase();
    switch (r.Type) {
      case 'AWS::S3::Bucket':
        return lower;
      case 'AWS::IAM::Role':
        return (p.RoleName as string | undefined) ?? `${stack}-${id}`;
      case 'AWS::SecretsManager::Secret':
        return `arn:aws:secretsmanager:${REGION}:${ACCOUNT}:secret:${p.Name as string}-AbCdEf`;
      case 'AWS::KMS::Key':
        return `${lower}-key-id`;
      case 'AWS::StepFunctions::StateMachine':
        return `arn:aws:states:${REGION}:${ACCOUNT}:stateMachine:${id}`;
      default:
        return `${stack}-${id}`;
    }
  }

  arn(stack: string, id: string): string {
    const r = this.resource(stack, id);
    const ref = this.ref(stack, id);
    switch (r.Type) {
      case 'AWS::S3::Bucket':
        return `arn:aws:s3:::${ref}`;
      case 'AWS::IAM::Role':
        return `arn:aws:iam::${ACCOUNT}:role/${ref}`;
      case 'AWS::KMS::Key':
        return `arn:aws:kms:${REGION}:${ACCOUNT}:key/${ref}`;
      case 'AWS::Lambda::Function':
        return `arn:aws:lambda:${REGION}:${ACCOUNT}:function:${ref}`;
      case 'AWS::Logs::LogGroup':
        return `arn:aws:logs:${REGION}:${ACCOUNT}:log-group:${ref}:*`;
      default:
        return ref;
    }
  }

  resolve(stack: string, value: Json): Json {
    if (Array.isArray(value)) return value.map((v) => this.resolve(stack, v));
    if (value === null || typeof value !== 'object') return value;
    const o = value as Record<string, Json>;
    if ('Ref' in o) {
      const name = o.Ref as string;
      const pseudo: Record<string, string> = { 'AWS::AccountId': ACCOUNT, 'AWS::Region': REGION, 'AWS::Partition': 'aws', 'AWS::URLSuffix': 'amazonaws.com' };
      return pseudo[name] ?? this.ref(stack, name);
    }
    if ('Fn::GetAtt' in o) {
      const [id, attribute] = o['Fn::GetAtt'] as [string, string];
      return attribute === 'Arn' ? this.arn(stack, id) : `${this.ref(stack, id)}.${attribute}`;
    }
    if ('Fn::Join' in o) {
      const [sep, parts] = o['Fn::Join'] as [string, Json[]];
      return (this.resolve(stack, parts) as Json[]).join(sep);
    }
    if ('Fn::ImportValue' in o) {
      const name = this.resolve(stack, o['Fn::ImportValue']) as string;
      if (!this.exports.has(name)) throw new Error(`no export ${name}`);
      return this.exports.get(name);
    }
    return Object.fromEntries(Object.entries(o).map(([k, v]) => [k, this.resolve(stack, v)]));
  }
}

export interface Principal {
  /** Stack/logical id of the role. */
  name: string;
  arn: string;
  policies: { name: string; policy: Json }[];
}

/** Every IAM role of the app with the statements of every policy attached to it (inline, AWS::IAM::Policy). */
export function rolesOf(templates: Record<string, Template>, resolver: Resolver): Principal[] {
  const roles: Principal[] = [];
  for (const [stack, t] of Object.entries(templates)) {
    for (const [id, r] of Object.entries(t.Resources)) {
      if (r.Type !== 'AWS::IAM::Role') continue;
      const ref = resolver.ref(stack, id);
      const policies: Principal['policies'] = [];
      for (const [pid, p] of Object.entries(t.Resources)) {
        if (p.Type !== 'AWS::IAM::Policy') continue;
        const attached = (resolver.resolve(stack, p.Properties?.Roles) as string[] | undefined) ?? [];
        if (attached.includes(ref)) policies.push({ name: pid, policy: resolver.resolve(stack, p.Properties?.PolicyDocument) });
      }
      for (const inline of (r.Properties?.Policies as { PolicyName: string; PolicyDocument: Json }[] | undefined) ?? []) {
        policies.push({ name: inline.PolicyName, policy: resolver.resolve(stack, inline.PolicyDocument) });
      }
      roles.push({ name: `${stack}/${id}`, arn: resolver.arn(stack, id), policies });
    }
  }
  return roles;
}

export interface Request {
  action: string;
  resource: string;
  /** The resource policy that applies (bucket policy, key policy, secret policy). */
  resourcePolicy?: Json;
  context?: Record<string, string | string[]>;
}

/** Whether `principal` may do `request`: iam-simulate's verdict for a same-account request. */
export async function allowed(principal: Principal, request: Request): Promise<boolean> {
  const simulation: Simulation = {
    request: {
      principal: principal.arn,
      action: request.action,
      resource: { resource: request.resource, accountId: ACCOUNT },
      contextVariables: { 'aws:SecureTransport': 'true', 'aws:PrincipalArn': principal.arn, 'aws:PrincipalAccount': ACCOUNT, ...request.context },
    },
    identityPolicies: principal.policies,
    serviceControlPolicies: [],
    resourceControlPolicies: [],
    resourcePolicy: request.resourcePolicy,
  };
  const result = await runSimulation(simulation, {});
  if ('errors' in result && result.errors) {
    throw new Error(`simulation of ${request.action} on ${request.resource} failed: ${JSON.stringify(result.errors)}`);
  }
  return (result as { overallResult?: string }).overallResult === 'Allowed';
}
