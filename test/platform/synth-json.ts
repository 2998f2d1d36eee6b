import { Testing } from 'cdktf';
import type { Construct } from 'constructs';

/** Synthesized Terraform JSON of the constructs `build` adds to a test stack. */
export function synthJson(build: (scope: Construct) => void): any {
  return JSON.parse(Testing.synthScope(build));
}

/** Every resource of one type in synthesized Terraform JSON. */
export function resources(json: any, type: string): any[] {
  return Object.values(json.resource?.[type] ?? {});
}

/** Every data source of one type in synthesized Terraform JSON. */
export function dataSources(json: any, type: string): any[] {
  return Object.values(json.data?.[type] ?? {});
}

/** The statements of every aws_iam_policy_document data source. */
export function policyStatements(json: any): any[] {
  return dataSources(json, 'aws_iam_policy_document').flatMap((d) => d.statement ?? []);
}
