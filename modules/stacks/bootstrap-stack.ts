import type { Construct } from 'constructs';
import type { PlatformConfig } from '../../contract/config';
import { StateBackend } from '../platform/state-backend';
import { terraformLiterals } from '../terraform-literal';
import { WorkspaceStack } from './workspace-stack';

export interface BootstrapStackProps {
  readonly platform: PlatformConfig;
}

/** The state bucket and lock table every other workspace keeps its state in. Local state. */
export class BootstrapStack extends WorkspaceStack {
  readonly backend: StateBackend;

  constructor(scope: Construct, id: string, props: BootstrapStackProps) {
    const platform = terraformLiterals(props.platform);
    super(scope, id, { platform });
    const { state } = platform;
    this.backend = new StateBackend(this, 'state-backend', {
      bucketName: state.bucket,
      lockTableName: state.lockTable,
      kmsKeyId: state.kmsKeyId,
    });
  }
}
