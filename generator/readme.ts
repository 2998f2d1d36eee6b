import Handlebars from 'handlebars';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { PlatformConfig } from '../contract/config';
import { usd } from './cost/estimate';
import type { ReadmeEstimate } from './cost/synth-costs';
import { stateKmsKeyId } from '../modules/naming';

export interface WorkspaceReadmeInput {
  readonly workspace: string;
  readonly summary: string;
  readonly platform: PlatformConfig;
  readonly stateKey?: string;
  readonly dependsOn?: string;
  /** The synthesized cdk.tf.json of the workspace. */
  readonly synthesized: { resource?: Record<string, Record<string, unknown>>; output?: Record<string, { description?: string }> };
  /** Monthly estimate of the workspace; absent without a price snapshot for the region. */
  readonly estimate?: ReadmeEstimate;
}

/** Line items the README lists before pointing at `npm run cost -- --explain`. */
const README_LINES = 8;

function costSection(e: ReadmeEstimate | undefined, workspace: string) {
  if (!e) return undefined;
  const lines = e.lines.slice(0, README_LINES).map((l) => ({ monthly: usd(l.monthlyUsd), what: l.what, address: l.address }));
  return {
    monthly: usd(e.monthlyUsd),
    region: e.region,
    pricesDate: e.pricesDate,
    budget: e.budgetUsd !== undefined ? usd(e.budgetUsd) : undefined,
    lines,
    more: e.lines.length > README_LINES ? e.lines.length - README_LINES : 0,
    command: `npm run cost -- ${workspace.startsWith('customer-') ? `${workspace.slice('customer-'.length)} ` : ''}--explain`,
    unpriced: e.unpriced.map((u) => `\`${u.address}\`: ${u.reason}`),
  };
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
    cost: costSection(input.estimate, input.workspace),
  });
}
