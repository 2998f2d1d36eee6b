import type { ChangedWorkspace } from '../../generator/ci/changed-report';

/** A modified customer workspace as `changed --json` lists it (wave 1, remote state), with `extra` on top. */
export function changedCustomer(name: string, extra: Partial<ChangedWorkspace> = {}): ChangedWorkspace {
  return {
    workspace: `customer-${name}`,
    change: 'modified',
    kind: 'customer',
    customer: name,
    wave: 1,
    stateKey: `customers/${name}/terraform.tfstate`,
    decommission: false,
    ...extra,
  };
}
