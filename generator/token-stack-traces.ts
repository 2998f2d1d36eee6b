/**
 * cdktf records a full stack trace for every token it creates (Intrinsic, Lazy,
 * ComplexComputedList, dynamic blocks: `cdktf/lib/tokens/private/stack-trace.js`), only
 * to quote it should that token fail to resolve. Under tsx every trace is also formatted
 * through source maps: at 200 customers that was about 40 % of synth time and half its
 * memory. cdktf 0.21 has no switch for it (the App's `stackTraces: false` covers only
 * annotation metadata), and its modules call the function through the exports object,
 * so replacing that one export turns the capture off without touching anything else.
 * Output is byte-identical; set TW_SYNTH_STACK_TRACES=1 to keep the traces while
 * debugging a token error.
 */
export function skipTokenStackTraces(): void {
  if (process.env.TW_SYNTH_STACK_TRACES === '1') return;

  const stackTrace = require('cdktf/lib/tokens/private/stack-trace') as { captureStackTrace?: unknown };
  if (typeof stackTrace.captureStackTrace === 'function') stackTrace.captureStackTrace = (): string[] => [];
}
