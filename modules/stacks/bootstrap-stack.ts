import { Construct } from 'constructs';
import { PlatformConfig } from '../../generator/config/types';
import { WorkspaceStack } from './workspace-stack';

export interface BootstrapStackProps {
  readonly platform: PlatformConfig;
}

/** The state bucket and lock table every other workspace keeps its state in. Local state. */
export class BootstrapStack extends WorkspaceStack {
  constructor(scope: Construct, id: string, props: BootstrapStackProps) {
    super(scope, id, { platform: props.platform });
  }
}
