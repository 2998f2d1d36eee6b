import Handlebars from 'handlebars';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { PlatformConfig } from '../contract/config';
import { stateKmsKeyId } from '../modules/naming';

export interface WorkspaceReadmeInput {
  readonly workspace: string;
  readonly summary: string;
  readonly platform: PlatformConfig;
  readonly stateKey?: string;
  readonly dependsOn?: string;
  /** The synthesized cdk.tf.json of the workspace. */
  readonly synthesized: { resource?: Record<string, Record<string, unknown>>; output?: Record<string, { description?: string }> };
}

let compiled: HandlebarsTemplateDelegate | undefined;

/** README.md for one generated workspace: what it creates, its outputs, how to apply it. */
export function renderWorkspaceReadme(input: WorkspaceReadmeInput): string {
  compiled ??= Handlebars.compile(readFileSync(join(__dirname, 'templates', 'workspace-readme.hbs'), 'utf8'), { noEscape: true });
  const resources = Object.entries(input.synthesized.resource ?? {})
    .map(([type, byId]) => ({ type, count: Object.keys(byId).length }))
    .sort((a, b) => a.type.localeCompare(b.type));
  const outputs = Object.entries(input.synthesized.output ?? {})
    .map(([name, o]) => ({ name, description: o.description ?? '' }))
    .sort((a, b) => a.name.localeCompare(b.name));
  return compiled({
    workspace: input.workspace,
    summary: input.summary,
    resources,
    outputs,
    stateKey: input.stateKey,
    dependsOn: input.dependsOn,
    bucket: input.platform.state.bucket,
    lockTable: input.platform.state.lockTable,
    stateKmsKeyId: stateKmsKeyId(input.platform, input.platform.state.kmsKeyId),
    region: input.platform.region,
  });
}
