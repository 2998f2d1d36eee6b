/**
 * Two passes cdktf 0.21 makes on every synth that this generator's workspaces never need,
 * turned off here, and the one piece of global state it never frees, dropped between
 * batches: the one file that reaches into cdktf's internals (a move to the community
 * fork, CDK Terrain, checks these three functions and nothing else). Output is
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

interface TokenMapInternals {
  readonly stringTokenMap: Map<string, unknown>;
  readonly numberTokenMap: Map<number, unknown>;
}

/** The tokens that existed before the first batch: created when cdktf and the constructs were loaded, and used by every batch. */
let loadTimeTokens: { readonly strings: ReadonlySet<string>; readonly numbers: ReadonlySet<number> } | undefined;

/**
 * cdktf registers every token it creates in one process-wide map
 * (`global.__cdktfTokenMap`, cdktf/lib/tokens/private/token-map.js) and never removes
 * one, so a process that synthesizes batch after batch keeps every earlier batch's
 * tokens, and through them its constructs, alive. Called before each batch: the tokens
 * that existed before the first batch (module-level ones, created at load) are kept,
 * every later one belongs to a finished batch's App and is dropped, so a process's memory
 * is bounded by one batch.
 */
export function dropFinishedBatchTokens(): void {
  if (keepDefaults()) return;
  const map = (globalThis as { __cdktfTokenMap?: TokenMapInternals }).__cdktfTokenMap;
  if (!map || !(map.stringTokenMap instanceof Map) || !(map.numberTokenMap instanceof Map)) return;
  if (!loadTimeTokens) {
    loadTimeTokens = { strings: new Set(map.stringTokenMap.keys()), numbers: new Set(map.numberTokenMap.keys()) };
    return;
  }
  for (const key of map.stringTokenMap.keys()) if (!loadTimeTokens.strings.has(key)) map.stringTokenMap.delete(key);
  for (const key of map.numberTokenMap.keys()) if (!loadTimeTokens.numbers.has(key)) map.numberTokenMap.delete(key);
}
