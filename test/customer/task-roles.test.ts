import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TempRepo } from '../helpers/repo';
import { resources } from '../platform/synth-json';
import { addressOf, customerStack, synthesized } from './examples';

/** Actions the task role of `service` is granted, by statement sid. */
function taskGrants(json: any, customer: string, service: string): Record<string, string[]> {
  const roleName = `saas-prod-${customer}-${service}-task`;
  const role = resources(json, 'aws_iam_role').find((r) => r.name === roleName);
  if (!role) return {};
  const policy = resources(json, 'aws_iam_role_policy').find((p) => p.name === roleName);
  const documentName = /data\.aws_iam_policy_document\.([^.]+)\.json/.exec(policy.policy)![1];
  const statements: any[] = json.data.aws_iam_policy_document[documentName].statement;
  return Object.fromEntries(statements.map((s) => [s.sid, s.actions]));
}

/** The task role ARN reference (or undefined) and environment names of one service's task definition. */
function task(json: any, customer: string, service: string): { role?: string; environment: string[] } {
  const t = resources(json, 'aws_ecs_task_definition').find((d) => d.family === `saas-prod-${customer}-${service}`);
  const environment = (t.container_definitions.match(/"name":"([A-Z_]+)","value"/g) ?? []).map((m: string) => m.split('"')[3]);
  return { role: t.task_role_arn, environment };
}

let repo: TempRepo;
let acme: any;
let globex: any;
let shop: any;
beforeAll(() => {
  repo = synthesized((r) =>
    r.addCustomer('shop', { tier: 'small', domain: 'shop.example.com', services: { frontend: { dataStores: ['uploads'] } } }),
  );
  acme = customerStack(repo, 'acme');
  globex = customerStack(repo, 'globex');
  shop = customerStack(repo, 'shop');
});
afterAll(() => repo?.dispose());

describe('each service gets the task role its dataStores imply', () => {
  it('GIVEN the defaults WHEN synthesized THEN api and worker each have their own role for bucket and cache, and the frontend has none', () => {
    expect(
      resources(acme, 'aws_iam_role')
        .map((r) => r.name)
        .sort(),
    ).toEqual(['saas-prod-acme-api-task', 'saas-prod-acme-backup', 'saas-prod-acme-execution', 'saas-prod-acme-worker-task']); // the backup role is assumed by AWS Backup, not by a task
    for (const service of ['api', 'worker'])
      expect(taskGrants(acme, 'acme', service)).toEqual({
        ListOwnBucket: ['s3:ListBucket', 's3:GetBucketLocation'],
        UseOwnObjects: ['s3:GetObject', 's3:PutObject', 's3:DeleteObject', 's3:AbortMultipartUpload'],
        ConnectToOwnCache: ['elasticache:Connect'],
      });
    expect(task(acme, 'acme', 'api').role).toBe(`\${${addressOf(acme, 'aws_iam_role', (r) => r.name === 'saas-prod-acme-api-task')}.arn}`);
  });

  it('GIVEN the internet-facing frontend without data stores WHEN synthesized THEN its containers get no AWS credentials and no bucket name', () => {
    expect(task(acme, 'acme', 'frontend').role).toBeUndefined();
    expect(task(acme, 'acme', 'frontend').environment).not.toContain('UPLOADS_BUCKET');
    expect(task(acme, 'acme', 'api').environment).toContain('UPLOADS_BUCKET');
  });

  it('GIVEN a customer key WHEN synthesized THEN only services using the bucket may use the key, and the frontend still has no role', () => {
    expect(taskGrants(globex, 'globex', 'api').UseOwnKey).toEqual(['kms:Decrypt', 'kms:GenerateDataKey']);
    expect(taskGrants(globex, 'globex', 'frontend')).toEqual({});
    expect(task(globex, 'globex', 'frontend').role).toBeUndefined();
  });

  it('GIVEN a frontend that lists only uploads WHEN synthesized THEN its role reaches the bucket and not the cache', () => {
    expect(Object.keys(taskGrants(shop, 'shop', 'frontend')).sort()).toEqual(['ListOwnBucket', 'UseOwnObjects']);
    expect(task(shop, 'shop', 'frontend').environment).toContain('UPLOADS_BUCKET');
    expect(task(shop, 'shop', 'frontend').environment).not.toContain('REDIS_HOST');
  });

  it("GIVEN the application's Redis user WHEN synthesized THEN it may not run dangerous commands, and the default user is off", () => {
    const users = resources(acme, 'aws_elasticache_user');
    expect(users.find((u) => u.user_name === 'saas-prod-acme-app').access_string).toBe('on ~* +@all -@dangerous');
    expect(users.find((u) => u.user_name === 'default').access_string).toBe('off -@all');
  });

  it('GIVEN every task role WHEN read THEN none is shared between services', () => {
    const roles = resources(acme, 'aws_ecs_task_definition')
      .map((t) => t.task_role_arn)
      .filter(Boolean);
    expect(new Set(roles).size).toBe(roles.length);
  });
});
