/**
 * Two passes cdktf 0.21 makes on every synth that this generator's workspaces never need,
 * turned off here, in the one file that reaches into cdktf's internals (a move to the
 * community fork, CDK Terrain, checks these two functions and nothing else). Output is
 * byte-identical either way (the synth freshness and incremental-synth tests compare it);
 * TW_SYNTH_CDKTF_DEFAULTS=1 keeps both passes, for debugging.
 */
import type { App } from 'cdktf';

const keepDefaults = (): boolean => process.env.TW_SYNTH_CDKTF_DEFAULTS === '1' || process.env.TW_SYNTH_STACK_TRACES === '1';

/**
 * cdktf records a full stack trace for every token it creates (Intrinsic, Lazy,
 * ComplexComputedList, dynamic blocks: `cdktf/lib/tokens/private/stack-trace.js`), only
 * to quote it should that token fail to resolve. Under tsx every trace is also formatted
 * through source maps: at 200 customers that was about 40 % of synth time and half its
 * memory. cdktf 0.21 has no switch for it (the App's `stackTraces: false` covers only
 * annotation metadata), and its modules call the function through the exports object,
 * so replacing that one export turns the capture off without touching anything else.
 */
export function skipTokenStackTraces(): void {
  if (keepDefaults()) return;
  const stackTrace = require('cdktf/lib/tokens/private/stack-trace') as { captureStackTrace?: unknown };
  if (typeof stackTrace.captureStackTrace === 'function') stackTrace.captureStackTrace = (): string[] => [];
}

interface PreparableStack {
  prepareStack(): void;
  ensureBackendExists(): void;
}

/**
 * Before writing anything, `App.synth()` resolves every token of every stack once more
 * ("prepareStack"), only to discover references from one stack to another and add the
 * outputs and remote-state blocks they need. Each workspace here is self-contained: a
 * customer reads the platform through `terraform_remote_state` it declares itself
 * (modules/customer-instance/platform-output-reader.ts), never through a construct of
 * another stack, so that pass finds nothing. It was about a third of the time spent in
 * cdktf. The backend check the pass also does is kept.
 */
export function skipCrossStackPass(app: App): void {
  if (keepDefaults()) return;
  for (const child of app.node.children) {
    const stack = child as unknown as PreparableStack;
    if (typeof stack.prepareStack === 'function' && typeof stack.ensureBackendExists === 'function')
      stack.prepareStack = (): void => stack.ensureBackendExists();
  }
}
